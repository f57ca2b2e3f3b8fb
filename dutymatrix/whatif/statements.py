"""What-if statements: parsed from the user's words, applied to a copy of the model.

The resolved model is frozen; a statement builds a new ``Org`` with the assumed change
(``dataclasses.replace``), so the files and the loaded model stay untouched.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dutymatrix.errors import UsageError
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import Duty, Loc, Org, Person, Role, Text
from dutymatrix.moves import Owner, appended, move_duty, owner_of, replace_owner, with_duties

GRAMMAR = (
    '"PERSON holds POST", "PERSON acts POST", "PERSON leaves POST", '
    '"POST gains ACTIVITY LETTERS", "POST loses ACTIVITY", "move OWNER#N to POST"'
)

_PERSON_VERBS = ("holds", "acts", "leaves")
GRANT_MARK = "(what-if grant)"  # the text of a duty-less grant, so reports show it as one
_DUTY_REF = re.compile(r"^(?P<owner>.+)#(?P<n>[1-9][0-9]*)$")


@dataclass(frozen=True)
class Statement:
    """One assumption: ``kind`` is holds|acts|leaves|gains|loses|move."""

    text: str  # as the user wrote it
    index: int  # 1-based position on the command line
    kind: str
    subject: str  # the person, the post, or the duty ref (owner#n) that moves
    target: str = ""  # the post, the activity, or the post a duty moves to
    letters: str = ""

    @property
    def loc(self) -> Loc:
        """Where findings about an assumed grant point: the statement itself."""
        return Loc(f"<assume {self.index}>", 1, 1)


def parse_statement(text: str, index: int) -> Statement:
    words = text.split()
    if len(words) == 4 and words[0] == "move" and words[2] == "to":
        return Statement(text, index, "move", words[1], words[3])
    if len(words) == 3 and words[1] in _PERSON_VERBS:
        return Statement(text, index, words[1], words[0], words[2])
    if len(words) == 4 and words[1] == "acts" and words[2] == "in":
        return Statement(text, index, "acts", words[0], words[3])
    if len(words) == 4 and words[1] == "gains":
        return Statement(text, index, "gains", words[0], words[2], words[3])
    if len(words) == 3 and words[1] == "loses":
        return Statement(text, index, "loses", words[0], words[2])
    raise UsageError(Msg(N_("statement {index} {text} is not understood; write one of: "
                            "{grammar}"), index=index, text=repr(text), grammar=GRAMMAR))


def apply_statements(org: Org, statements: Sequence[Statement]) -> Org:
    """``org`` with every statement assumed, in order (each sees the ones before it)."""
    for statement in statements:
        org = _APPLY[statement.kind](org, statement)
    return org


# --- looking up what a statement names ----------------------------------------------------

def _close(word: str, choices: Iterable[str]) -> str | Msg:
    close = difflib.get_close_matches(word, sorted(set(choices)), n=3, cutoff=0.6)
    if not close:
        return ""
    either: str | Msg = close[0]
    for other in close[1:]:
        either = Msg(N_("{left} or {right}"), left=either, right=other)
    return Msg(N_(" (did you mean {choices}?)"), choices=either)


def _refused(statement: Statement, problem: Msg) -> UsageError:
    """A statement that cannot be assumed, named by its number and its words."""
    return UsageError(Msg(N_("statement {index} {text}: {problem}"), index=statement.index,
                          text=repr(statement.text), problem=problem))


def _unknown(statement: Statement, what: str, word: str, choices: Iterable[str]) -> UsageError:
    return _refused(statement, Msg(N_("unknown {what} {word}{close}"), what=Msg(what),
                                   word=repr(word), close=_close(word, choices)))


def _person(org: Org, statement: Statement) -> Person:
    word = statement.subject
    if word in org.people_by_id:
        return org.people_by_id[word]
    named = [p for p in org.people if word in (p.name.zh, p.name.en, p.name.plain)]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise _refused(statement, Msg(N_("{word} names {count} people ({ids}); use the id"),
                                      word=repr(word), count=len(named),
                                      ids=", ".join(p.id for p in named)))
    names = [*org.people_by_id, *(str(p.name) for p in org.people)]
    raise _unknown(statement, N_("person"), word, names)


def _post(org: Org, statement: Statement, word: str) -> Role:
    if word not in org.roles:
        raise _unknown(statement, N_("post"), word, org.roles)
    return org.roles[word]


def _activity(org: Org, statement: Statement, word: str) -> str:
    if word in org.activities:
        return word
    # A local id (``approve``) is fine when only one process has it.
    matches = [a for a in org.activities if a.split(".", 1)[1] == word]
    if len(matches) == 1:
        return matches[0]
    raise _unknown(statement, N_("activity"), word, org.activities)


# --- people --------------------------------------------------------------------------------

def _replace_person(org: Org, person: Person) -> Org:
    people = tuple(person if p.id == person.id else p for p in org.people)
    return dataclasses.replace(org, people=people)


def _holds(org: Org, statement: Statement) -> Org:
    person = _person(org, statement)
    post = _post(org, statement, statement.target).id
    if post in person.holds:
        raise _refused(statement, Msg(N_("{person} already holds {post}"), person=person.id,
                                      post=post))
    return _replace_person(org, dataclasses.replace(person, holds=(*person.holds, post)))


def _acts(org: Org, statement: Statement) -> Org:
    person = _person(org, statement)
    post = _post(org, statement, statement.target).id
    if post in person.acting or post in person.holds:
        raise _refused(statement, Msg(N_("{person} already fills {post}"), person=person.id,
                                      post=post))
    return _replace_person(org, dataclasses.replace(person, acting=(*person.acting, post)))


def _leaves(org: Org, statement: Statement) -> Org:
    person = _person(org, statement)
    post = _post(org, statement, statement.target).id
    if post not in person.holds and post not in person.acting:
        filled = ", ".join((*person.holds, *person.acting)) or Msg(N_("no post"))
        raise _refused(statement, Msg(N_("{person} neither holds nor acts in {post} (they "
                                         "fill: {filled})"), person=person.id, post=post,
                                      filled=filled))
    return _replace_person(org, dataclasses.replace(
        person,
        holds=tuple(p for p in person.holds if p != post),
        acting=tuple(p for p in person.acting if p != post),
    ))


# --- duties and grants ---------------------------------------------------------------------

def _letters(org: Org, statement: Statement) -> str:
    letters = statement.letters.upper()
    bad = sorted({ch for ch in letters if ch not in org.raci})
    if not letters or bad or len(set(letters)) != len(letters):
        raise _refused(statement, Msg(N_("letters {letters} are not a set of this org's "
                                         "RACI letters ({raci})"),
                                      letters=repr(statement.letters), raci=org.raci))
    return "".join(sorted(letters, key=org.raci.find))


def _gains(org: Org, statement: Statement) -> Org:
    post = _post(org, statement, statement.subject)
    activity = _activity(org, statement, statement.target)
    letters = _letters(org, statement)
    grant = Duty(
        owner=post.id, n=len(post.duties) + 1,
        text=Text(plain=f"{GRANT_MARK} {activity} {letters}"),
        raci={activity: letters}, loc=statement.loc, locs={f"raci.{activity}": statement.loc},
    )
    return replace_owner(org, with_duties(post, appended(post.duties, grant)))


def _loses(org: Org, statement: Statement) -> Org:
    post = _post(org, statement, statement.subject)
    activity = _activity(org, statement, statement.target)
    if not any(activity in d.raci for d in post.duties):
        raise _refused(statement, Msg(N_("no duty of {post} carries {activity}"),
                                      post=post.id, activity=activity))
    duties = [dataclasses.replace(d, raci={a: v for a, v in d.raci.items() if a != activity})
              for d in post.duties]
    return replace_owner(org, dataclasses.replace(post, duties=tuple(duties)))


def _owner(org: Org, statement: Statement, owner_id: str) -> Owner:
    owner = owner_of(org, owner_id)
    if owner is not None:
        return owner
    owners = [*org.roles, *org.departments_by_id, *org.committees_by_id]
    raise _unknown(statement, N_("duty owner"), owner_id, owners)


def _move(org: Org, statement: Statement) -> Org:
    ref = _DUTY_REF.match(statement.subject)
    if ref is None:
        raise _refused(statement, Msg(N_("{ref} is not a duty reference (OWNER#N)"),
                                      ref=repr(statement.subject)))
    source = _owner(org, statement, ref["owner"])
    n = int(ref["n"])
    if n > len(source.duties):
        raise _refused(statement, Msg(N_("{owner} has {count} duties, there is no #{n}"),
                                      owner=source.id, count=len(source.duties), n=n))
    if statement.target not in org.committees_by_id:
        _post(org, statement, statement.target)
    if statement.target == source.id:
        raise _refused(statement, Msg(N_("the duty is already {owner}'s"), owner=source.id))
    return move_duty(org, source, n, statement.target)


_APPLY = {"holds": _holds, "acts": _acts, "leaves": _leaves, "gains": _gains,
          "loses": _loses, "move": _move}
