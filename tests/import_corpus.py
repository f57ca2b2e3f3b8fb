"""The import corpus: texts in real-world shapes, each with the posts and duty counts a
person reading it would write down (``NN-name.expect.json`` beside ``NN-name.*``).

``python tests/import_corpus.py`` prints how many the importer gets right (every expected
post and department found, none extra, each count within ±1) and how many exactly.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "import" / "corpus"


@dataclass
class Score:
    name: str
    within_one: bool
    exact: bool
    problems: list[str] = field(default_factory=list)
    stderr: str = ""


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".expect.json"))


def expectation(path: Path) -> dict:
    sidecar = path.with_name(path.name.rsplit(".", 1)[0] + ".expect.json")
    return json.loads(sidecar.read_text(encoding="utf-8"))


def _qualification_count(role: object) -> int:
    quals = getattr(role, "qualifications", None)
    if quals is None:
        return 0
    return (bool(quals.education) + bool(quals.experience) + len(quals.skills)
            + len(quals.certificates) + len(quals.other))


def found_counts(yaml_text: str) -> dict[str, dict[str, int]]:
    """What the imported YAML holds: posts, departments (own duties) and qualifications."""
    from dutymatrix.load import load_org

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "org.yaml").write_text(yaml_text, encoding="utf-8")
        loaded = load_org(tmp)
    if loaded.org is None:
        raise AssertionError("the import does not load: "
                             + "; ".join(str(f) for f in loaded.errors))
    org = loaded.org
    return {
        "posts": {r.title.get(): len(r.duties) for r in org.roles.values() if r.duties},
        "departments": {d.name.get(): len(d.duties) for d in org.departments if d.duties},
        "qualifications": {r.title.get(): _qualification_count(r) for r in org.roles.values()
                           if _qualification_count(r)},
    }


def compare(expected: dict, found: dict[str, dict[str, int]]) -> tuple[bool, bool, list[str]]:
    """(right within ±1, exactly right, what differs)."""
    problems: list[str] = []
    exact = True
    for part in ("posts", "departments", "qualifications"):
        want = expected.get(part, {})
        got = found[part]
        if part == "qualifications":
            got = {k: v for k, v in got.items() if k in want}
        for name in sorted(set(want) | set(got)):
            if name not in got:
                problems.append(f"{part}: `{name}` missing (want {want[name]})")
            elif name not in want:
                problems.append(f"{part}: `{name}` not expected ({got[name]})")
            elif abs(got[name] - want[name]) > 1:
                problems.append(f"{part}: `{name}` has {got[name]}, want {want[name]}")
            elif got[name] != want[name]:
                exact = False
    return not problems, exact and not problems, problems


def score(path: Path) -> Score:
    from click.testing import CliRunner

    from dutymatrix.cli import main

    expected = expectation(path)
    result = CliRunner().invoke(main, ["import", str(path), *expected.get("args", [])],
                                catch_exceptions=False)
    if result.exit_code != 0:
        return Score(path.name, False, False, [f"exit {result.exit_code}: {result.stderr}"],
                     result.stderr)
    try:
        found = found_counts(result.stdout)
    except AssertionError as err:
        return Score(path.name, False, False, [str(err)], result.stderr)
    within, exact, problems = compare(expected, found)
    return Score(path.name, within, exact, problems, result.stderr)


def main() -> None:
    scores = [score(p) for p in corpus_files()]
    for s in scores:
        mark = "exact" if s.exact else "±1" if s.within_one else "WRONG"
        print(f"{mark:<6} {s.name}" + ("".join(f"\n         {p}" for p in s.problems)))
    right = sum(s.within_one for s in scores)
    exact = sum(s.exact for s in scores)
    print(f"\n{right}/{len(scores)} right within ±1 duty per post, {exact}/{len(scores)} exact")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
