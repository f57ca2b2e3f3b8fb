"""Turn the event stream into draft departments, posts, duties and qualifications.

Where a list goes is decided by the heading before it: a department heading opens the
department's duties, a post heading the post's duties, a qualification heading the post's
qualifications, any other heading (附则, a course title, a chapter) a section that is left
out. A numbering style that is an outer level to the open list (一、 after 1、2、3、) and is
not a heading ends the list; an inner level (① under 1、) continues the duty before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dutymatrix.i18n import N_
from dutymatrix.importer import shapes, vocab
from dutymatrix.importer.draft import (
    DUTY_EDGES,
    Draft,
    DraftDepartment,
    DraftDuty,
    DraftRole,
    clean_duty,
    keep_posting_field,
    one_spaced,
    requirements_as_qualifications,
)
from dutymatrix.importer.heads import Head, clean_name, post_title
from dutymatrix.importer.segment import LEVEL, DocBreak, Event, HeadEvent, Item, Junk, Loose
from dutymatrix.importer.text import SourceText, fold
from dutymatrix.messages import Msg

FALLBACK_DEPARTMENT = "未分配部门"


_RUN_ON = re.compile(
    r"[;\uff1b]\s*(?=(?:负责|组织|协助|配合|参与|做好|完成|制定|编制|审批|审核|审查|签署|"
    r"批准|Responsible for|Prepare|Assist|Approve|Manage))"
)


@dataclass
class _Section:
    kind: str  # dept | post | qual | other
    style: str | None = None
    # the list's own style while it reads the sub-items an intro announced (第三条 …职责如下:
    # then (一)(二)…): an item of this style takes the list back
    outer_style: str | None = None
    items: list[DraftDuty] = field(default_factory=list)


_SEMICOLON = re.compile(r"[;\uff1b]")
_ENGLISH_WORD = re.compile(r"[A-Z][a-z]+")
_TITLE_TAIL = re.compile(r"(?:岗位|工作)$")


class Builder:
    """Turns the segmenter's events for one document into departments, posts and duties
    of the ``Draft``.

    It follows the document as a reader would: a department heading opens a department,
    a post heading a post (attached to its department on its first duty, so a title with
    nothing under it names none), numbered items become duties of the current section,
    and text it cannot place goes to ``draft.left_out`` (listed in a closing comment).
    ``--department`` forces the department of posts that come without one; ``--post``
    names the post of a list no heading names.
    """

    def __init__(self, draft: Draft, department: str | None, fallback: str,
                 post: str | None = None, rescue: bool = False):
        self.draft = draft
        self.forced_department = department
        self.fallback = fallback
        self.post_name = post  # --post: the post of a list no heading names
        # A second reading of a document the first found nothing in: headings that name
        # no owner (第一章 总则) no longer keep its lists out.
        self.rescue = rescue
        self.notes: list[str | Msg] = []  # for stderr: where a post's name came from
        self.file = ""
        self._reset()

    def _reset(self) -> None:
        self.dept: DraftDepartment | None = None
        self.role: DraftRole | None = None
        self.section: _Section | None = None
        self.role_attached = True
        self.doc_heads: list[Head] = []  # headings seen in this document before any content
        self.content_seen = False
        self.doc_title: str | None = None
        self.fallback_role: tuple[DraftRole, str] | None = None  # and where its name is from
        self.pending_comment: tuple[str, str] | None = None  # a sub-heading: (where, text)
        self.last_raw = ""  # the last duty as written (a colon at its end opens sub-items)
        self.after_chrome = False  # past 相关文章: titles with nothing under them are links

    def _close_role(self) -> None:
        fallback = self.fallback_role is not None and self.role is self.fallback_role[0]
        if self.role is not None and not self.role_attached and not fallback:
            if self.after_chrome:  # a related article's title, not a post
                self._leave(self.role.where, self.role.title)
            else:
                self.draft.empty.append((self.role.where, self.role.title))
        self.role = None
        self.role_attached = True

    def _fallback_post(self, where: str) -> None:
        """A list no heading gives an owner: one post, named by --post, else the
        document's title, else the file name (said on stderr when it gets a duty)."""
        if self.post_name:
            name, source = self.post_name, "--post"
        elif self.doc_title:
            name, source = self.doc_title, N_("the document's title")
        else:
            name, source = shapes.file_title(self.file), N_("the file name")
        self._close_role()
        self.role = DraftRole(name, where)
        self.role_attached = False
        self.fallback_role = (self.role, source)
        self.section = _Section("post")

    def _attach_role(self) -> None:
        if self.role is None or self.role_attached:
            return
        if self.dept is None:
            self.dept = self.draft.department(self._orphan_department(), self.role.where)
        self.dept.roles.append(self.role)
        self.role_attached = True
        if self.fallback_role is not None and self.role is self.fallback_role[0]:
            source = self.fallback_role[1]
            hint = "" if source == "--post" else Msg(N_("; give --post NAME to name it "
                                                        "otherwise"))
            self.notes.append(Msg(N_("{where}: no heading names a post; the list is imported "
                                     "as the post `{title}` (named by {source}){hint}"),
                                  where=self.role.where, title=self.role.title, source=Msg(source),
                                  hint=hint))

    def feed(self, source: SourceText, events: list[Event], post: str | None = None) -> None:
        """Read one document; ``post`` names the post its first list belongs to (a
        posting record's title) when no heading does."""
        self._reset()
        self.file = source.file
        if post:
            self.role = DraftRole(post, source.where(0))
            self.role_attached = False
            self.section = _Section("post")
        for event in events:
            where = source.where(event.pos)
            if isinstance(event, Item):  # the most common first
                self._item(event, where)
            elif isinstance(event, DocBreak):
                self._close_role()
                self._reset()
            elif isinstance(event, HeadEvent):
                self._head(event.head, where)
            elif isinstance(event, Loose):
                self._loose(event.text, where)
            elif isinstance(event, Junk):
                self._leave(where, event.text)
                self.section = _Section("other")

    # --- headings ------------------------------------------------------------------------

    def _head(self, head: Head, where: str) -> None:
        if not self.content_seen:
            self.doc_heads.append(head)
        self._drop_pending()
        if head.kind == "other" and shapes.CHROME_HEADING.match(fold(head.name)):
            self.after_chrome = True
        if head.kind == "dept" and head.from_field and self.role is not None \
                and not self.role_attached:
            # 岗位名称:X then 所属部门:Y — the post's department, not a new list
            self.dept = self.draft.department(head.name, where)
        elif head.kind == "dept":
            self._close_role()
            self.dept = self.draft.department(head.name, where)
            self.role = None
            self.section = _Section("dept")
        elif head.kind == "post":
            self._close_role()
            # attached to its department on its first duty: a title heading with nothing
            # under it (贷款岗位职责 above 信贷人员岗位职责) then names no department
            self.role = DraftRole(post_title(head.name), where)
            self.role_attached = False
            self.section = _Section("post")
        elif head.kind == "qual":
            self.section = _Section("qual" if self.role else "other")
        elif head.kind == "label":
            if self.section is None or self.section.kind == "other" or self.section.items:
                if self.role or self.dept:
                    self.section = _Section("post" if self.role else "dept")
                else:  # "岗位职责:" above a list, and nothing names whose
                    self._fallback_post(where)
        elif head.kind == "field":
            self._field(head, where)
        elif self._title(head.name):
            self.doc_title = clean_name(head.name)
        elif not self.rescue or shapes.CHROME_HEADING.match(fold(head.name)):
            self.section = _Section("other")
            self._leave(where, head.name)
        else:
            self._leave(where, head.name)

    def _title(self, text: str) -> bool:
        """Whether ``text`` is the document's title: a short line before any content."""
        if self.content_seen or self.doc_title is not None or self.section is not None:
            return False
        return shapes.title_like(fold(text).strip())

    def _orphan_department(self) -> str:
        """The department of a post when no department heading came before it.

        In order: --department; the document's title (its first heading, when nothing
        came under it); the department named in the post's title (信贷部经理 → 信贷部);
        the fallback 未分配部门.
        """
        if self.forced_department:
            return self.forced_department
        assert self.role is not None
        if self.doc_title and self.doc_title != self.role.title \
                and not shapes.names_a_document(fold(self.doc_title)):
            return self.doc_title
        titles = [h for h in self.doc_heads if h.kind in ("post", "other")
                  and not vocab.OTHER_HEADING.match(fold(h.name))
                  and not shapes.CHAPTER.match(fold(h.name))]
        if len(titles) >= 2 or (titles and post_title(titles[0].name) != self.role.title):
            return _TITLE_TAIL.sub("", titles[0].name) or titles[0].name
        match = re.match(rf"^(.+?(?:{vocab.DEPT_SUFFIX}))(?:.+)$", self.role.title)
        if match:
            return match.group(1)
        return self.fallback

    def _field(self, head: Head, where: str) -> None:
        if self.role is None or not keep_posting_field(self.role, head.name, head.value):
            self._leave(where, f"{head.name}: {head.value}")

    # --- items ---------------------------------------------------------------------------

    def _owner_list(self, kind: str) -> list[DraftDuty] | None:
        if kind == "dept" and self.dept is not None:
            return self.dept.duties
        if kind == "post" and self.role is not None:
            return self.role.duties
        if kind == "qual" and self.role is not None:
            return self.role.qualifications
        return None

    def _headless(self, where: str) -> None:
        """Text before any heading is the --department's own duties when one is named (and
        no --post), else one post's (``_fallback_post``)."""
        if self.section is not None:
            return
        if self.forced_department and not self.post_name:
            self.dept = self.draft.department(self.forced_department, where)
            self.section = _Section("dept")
        else:
            self._fallback_post(where)

    def _item(self, item: Item, where: str) -> None:
        self._headless(where)
        text = clean_duty(item.text)
        if item.style == "ordinal" and text[:1].isascii():
            text = text[:1].upper() + text[1:]  # "First, review …" → "Review …"
        section = self.section
        if section is None or section.kind == "other" or not text:
            if text:
                self._leave(where, item.text)
            return
        if section.outer_style is not None and item.style == section.outer_style:
            section.style, section.outer_style = section.outer_style, None
        if section.style is None or item.style == section.style:
            if section.style is not None and item.restart and section.items:
                # the list starts again at 1: a second list, such as unlabelled requirements
                if section.kind == "post" and vocab.QUAL_WORDS.search(fold(text)):
                    self.section = section = _Section("qual", item.style)
            section.style = item.style
            # "负责A;负责B" under one number is two duties run together
            self.last_raw = item.text
            if ";" in text or "\uff1b" in text:
                duties = [clean_duty(part) for part in _RUN_ON.split(text)]
            else:  # clean already, unless cleaning it bared another separator at its end
                duties = [clean_duty(text) if text[-1] in DUTY_EDGES else text]
            for duty in duties:
                if duty:
                    self._append(section, DraftDuty(duty, where))
        elif LEVEL.get(item.style, 9) > LEVEL.get(section.style, 9) and section.items:
            previous = section.items[-1]
            if item.style == "bullet" and shapes.sub_heading(text, self.last_raw):
                self._drop_pending()
                self.pending_comment = (where, item.text.strip())  # ◆ Accounting
            elif self._announced_list(section, previous):
                section.outer_style, section.style = section.style, item.style
                self._item(item, where)  # the announced items are the list's duties
            else:
                previous.subitems.append(text)  # a sub-item belongs to its duty
        elif self._lone_sub_heading(section, item):
            self._item(item, where)  # ◆ Liquidity before 1.: the numbered list begins
        else:
            self.section = _Section("other")
            self._leave(where, item.text)

    def _announced_list(self, section: _Section, previous: DraftDuty) -> bool:
        """Whether the duty before the sub-items only announces them ("会计主管…,主要职责
        如下:"): then it becomes a comment and they are duties; else ("负责…,包括:") they
        belong to it."""
        if previous.subitems or section.outer_style is not None \
                or not shapes.ANNOUNCES_DUTIES.search(fold(self.last_raw).rstrip()):
            return False
        self._retract(section, previous)
        return True

    def _lone_sub_heading(self, section: _Section, item: Item) -> bool:
        """A list that opened with a sub-heading bullet (◆ Liquidity management) and goes
        on numbered at an outer level: the bullet was the first sub-heading, not a duty."""
        if section.style != "bullet" or len(section.items) != 1 or section.items[0].subitems \
                or LEVEL.get(item.style, 9) >= LEVEL["bullet"] \
                or not shapes.sub_heading(section.items[0].head, ""):
            return False
        self._retract(section, section.items[0])
        section.style = None
        return True

    def _retract(self, section: _Section, duty: DraftDuty) -> None:
        """Take a duty back out of its list: it is the comment above the next one."""
        target = self._owner_list(section.kind)
        if target and target[-1] is duty:
            target.pop()
        section.items.remove(duty)
        self._drop_pending()
        self.pending_comment = (duty.where, duty.head)

    def _append(self, section: _Section, duty: DraftDuty) -> None:
        if section.kind in ("post", "qual"):
            self._attach_role()
        target = self._owner_list(section.kind)
        if target is None:
            self._leave(duty.where, duty.text)
            return
        if self.pending_comment is not None:
            duty.comment = self.pending_comment[1]
            self.pending_comment = None
        target.append(duty)
        section.items.append(duty)
        self.content_seen = True

    def _drop_pending(self) -> None:
        """A sub-heading no duty came after is left out like other text."""
        if self.pending_comment is not None:
            self._leave(*self.pending_comment)
            self.pending_comment = None

    def _loose(self, text: str, where: str) -> None:
        """Text with no number: a run-on list (split at ; and at a comma before a verb),
        one unnumbered duty a line, a sub-heading inside a list, or text left out."""
        folded = fold(text).strip()
        if shapes.is_chrome(folded):
            self._leave(where, text)
            return
        if self._title(text):
            self.doc_title = clean_name(text)
            self._leave(where, text)
            return
        if shapes.ANNOUNCES_LIST.search(folded) and not _SEMICOLON.search(folded):
            self._leave(where, text)  # "现将…职责明确如下。": it says a list follows
            return
        intro = shapes.LIST_INTRO.match(folded)
        if intro and len(_SEMICOLON.split(folded[intro.end():])) > 1 and self.section:
            # the sentence that introduces the list stays with it, as a comment
            self._drop_pending()
            self.pending_comment = (where, text.strip()[:intro.end()].strip())
            text, folded = text.strip()[intro.end():], folded[intro.end():]
        parts = [clean_duty(p) for p in _SEMICOLON.split(text)]
        parts = [clean_duty(q) for p in parts for q in shapes.split_before_verbs(p)]
        parts = [p for p in parts if p]
        action = bool(vocab.DUTY_VERB.match(folded) or shapes.starts_with_action(folded))
        if self.section is None and (len(parts) > 1 or action):
            self._headless(where)
        section = self.section
        if section is None or section.kind == "other" or not parts:
            self._leave(where, text)
            return
        first = not section.items
        by_lines = section.style in ("run-on", "lines") and (action or section.kind == "qual")
        if (first and (len(parts) > 1 or action or _ENGLISH_WORD.match(text)
                       or section.kind == "qual")) or by_lines:
            for part in parts:
                self._append(section, DraftDuty(part, where))
            section.style = "run-on" if first else "lines"
            self.last_raw = text
            return
        if section.items and shapes.sub_heading(text, self.last_raw):
            self._drop_pending()
            self.pending_comment = (where, text.strip())  # **柜面管理** inside a list
            return
        self._leave(where, text)

    def _leave(self, where: str, text: str) -> None:
        text = one_spaced(text)
        if text:
            self.draft.left_out.append((where, text))

    # --- after the last file -------------------------------------------------------------

    def finish(self) -> None:
        self._drop_pending()
        self._close_role()
        for dept in self.draft.departments:
            for role in dept.roles:
                requirements_as_qualifications(role)
