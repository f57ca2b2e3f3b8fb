"""The unit of a diff: one change in plain words, plus the fields a CI script reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dutymatrix.i18n import translations
from dutymatrix.messages import to_traditional


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new org.

    ``kind`` is stable (``role-added``, ``raci-changed`` …); ``subject`` is the id a
    reviewer filters by; ``summary`` says it in plain words in the report language;
    ``details`` holds the extra JSON fields (old and new values, names, duty numbers).
    """

    kind: str
    subject: str
    summary: str
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        """The report section: the part of ``kind`` before its last dash-word."""
        return SECTION_OF_KIND.get(self.kind.rsplit("-", 1)[0], "other")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "summary": self.summary,
                **self.details}


# kind prefix → report section, in the order the report prints them.
SECTION_OF_KIND: dict[str, str] = {
    "org": "org",
    "department": "departments",
    "profile": "profiles",
    "profile-duty": "profiles",
    "role": "roles",
    "duty": "duties",
    "raci": "raci",
    "committee": "committees",
    "committee-member": "committees",
    "person": "people",
    "person-post": "people",
    "process": "processes",
    "activity": "processes",
    "band": "authority",
    "authority": "authority",
    "sod-rule": "sod",
    "waiver": "waivers",
    "checks": "org",
}

SECTIONS: tuple[str, ...] = (
    "org", "profiles", "departments", "roles", "duties", "raci", "committees", "people",
    "processes", "authority", "sod", "waivers", "other",
)


def say(lang: str, zh: str, en: str, **values: Any) -> str:
    """The sentence in ``lang`` (zh-CN, zh-TW or en), filled in.

    ``en`` is the msgid: the catalogues translate it (``make catalogues`` extracts it).
    ``zh`` is the simplified wording the catalogue was first filled from, kept next to the
    English so a reader of the code sees both; the catalogue decides what is printed.
    """
    if lang == "zh-TW":  # model names come simplified: shown traditional (display only)
        values = {k: to_traditional(v) if isinstance(v, str) else v for k, v in values.items()}
    return translations(lang).gettext(en).format(**values)
