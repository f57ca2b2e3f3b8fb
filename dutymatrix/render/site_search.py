"""The site's search index: ``search-index.js``, one script that assigns the index.

A script, not a JSON file: pages opened from ``file://`` may not ``fetch()`` a sibling
file, but they may load a ``<script src>``. ``assets/search.js`` loads it the first time
the search box is used.

Each entry is ``[kind, label, context, href, keys]``: kind ``d`` department, ``p`` post,
``h`` person, ``r`` process, ``a`` activity, ``u`` duty; ``href`` is relative to the site
root; ``keys`` are extra words that find it (ids, post codes, holders' names). A
``#dm-find=`` fragment tells the target page what to highlight.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import quote

from dutymatrix.model import Org

from .outfiles import id_filename
from .site_labels import site_labels

DUTY_TEXT_MAX = 160  # longer duties are cut in the index (the page shows them whole)
VARIABLE = "DM_SEARCH_INDEX"


def find_hash(kind: str, value: str) -> str:
    return "#dm-find=" + quote(f"{kind}:{value}", safe="")


class _Index:
    def __init__(self, org: Org, lang: str, present: set[str]) -> None:
        self.org, self.lang, self.present = org, lang, present
        self.items: list[list[str]] = []
        self.has_jd = any(p.startswith("jd/") for p in present)

    def add(self, kind: str, label: str, context: str, href: str, *keys: str) -> None:
        self.items.append([kind, label, context, href, " ".join(k for k in keys if k)])

    def post_href(self, role_id: str) -> str:
        page = "jd/" + id_filename(role_id, ".html")
        if page in self.present:
            return page
        return "index.html" + find_hash("post", role_id)

    def structure(self) -> None:
        org, lang = self.org, self.lang
        holders: dict[str, list[str]] = {}
        for person in org.people:
            for post in (*person.holds, *person.acting):
                holders.setdefault(post, []).append(person.name.get(lang))
        for dept in org.departments:
            parent = org.departments_by_id.get(dept.parent or "")
            context = parent.name.get(lang) if parent else ""
            self.add("d", dept.name.get(lang), context,
                     "dept/" + id_filename(dept.id, ".html"), dept.id)
            for role in dept.roles:
                # The post code tells apart posts of one title in one department.
                context = dept.name.get(lang) + (f" · {role.code}" if role.code else "")
                self.add("p", role.title.get(lang), context, self.post_href(role.id),
                         role.id, role.code or "", *holders.get(role.id, []))
        for person in org.people:
            posts = [p for p in (*person.holds, *person.acting) if p in org.roles]
            if posts:
                titles = "、".join(org.roles[p].title.get(lang) for p in posts)
                self.add("h", person.name.get(lang), titles, self.post_href(posts[0]),
                         person.id)

    def processes(self) -> None:
        org, lang = self.org, self.lang
        for process in org.processes:
            page = "raci/" + id_filename(process.id, ".html")
            if page not in self.present:
                continue
            self.add("r", process.name.get(lang), "", page, process.id)
            for activity in process.activities:
                self.add("a", activity.name.get(lang), process.name.get(lang),
                         page + find_hash("act", activity.id), activity.id)

    def duties(self) -> None:
        org, lang = self.org, self.lang
        for dept in org.departments:
            owners = [(dept.name.get(lang), "dept/" + id_filename(dept.id, ".html"),
                       dept.duties)]
            if self.has_jd:
                owners += [(r.title.get(lang), "jd/" + id_filename(r.id, ".html"), r.duties)
                           for r in dept.roles]
            for owner, page, duties in owners:
                if page not in self.present:
                    continue
                for duty in duties:
                    text = duty.text.get(lang)
                    shown = text if len(text) <= DUTY_TEXT_MAX else text[:DUTY_TEXT_MAX] + "…"
                    needle = text[:DUTY_TEXT_MAX]
                    self.add("u", shown, f"{owner} #{duty.n}",
                             page + find_hash("text", needle), f"{duty.owner}#{duty.n}")


def search_index_js(org: Org, lang: str, present: Sequence[str]) -> str:
    """The text of ``search-index.js`` for the files there will be after the build."""
    index = _Index(org, lang, set(present))
    index.structure()
    index.processes()
    index.duties()
    labels = site_labels(lang)
    data = {
        "version": 1,
        "kinds": {k: labels[f"search_kind_{k}"] for k in "dphrau"},
        "items": index.items,
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Nothing in a name may end the script or break the line: escape "</" and U+2028/9.
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{VARIABLE} = {text};\n"
