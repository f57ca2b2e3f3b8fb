"""Time `dutymatrix check` against a bare libyaml load of the same files, at two sizes.

    .venv/bin/python benchmarks/bench_check.py [--departments 400] [--scale 10] [--repeat 3]
                                               [--near-copies]

Writes two synthetic orgs with benchmarks/synth.py — N departments × 10 posts × 15
duties (N = 400: ~9 MB, 60,000 post duties, with people, committees, SoD rules and bands
in proportion) and one `--scale` times as many departments — then times, as separate
processes in this one run, interleaved, best of `--repeat`, in CPU seconds (user + system):

- bare:  ``yaml.load(..., Loader=yaml.CSafeLoader)`` of every *.yaml file, nothing else;
- check: ``dutymatrix check ORG --format json`` — load with positions, every rule, waivers
  and the JSON report (stdout to /dev/null).

``--near-copies`` writes branches whose posts fill one set of duty templates with their
own name and limits (``synth.py --near-copies``): every duty text differs, and each has
hundreds of near copies.

``--fixes`` also times ``check`` of the base org with the fix search of DM401/DM402
switched off (``checks: {options: {DM401: {fixes: 0}, DM402: {fixes: 0}}}`` in one more
file) and prints what the verified moves cost: check / check without fixes (target ≤ 1.2).

Prints check / bare for the base org (target ≤ 2) and check(scale×) / check(1×) (target
≤ 1.2 × scale: linear growth).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECK_TARGET = 2.0
GROWTH_SLACK = 1.2
FIXES_TARGET = 1.2
NO_FIXES = "checks:\n  options: {DM401: {fixes: 0}, DM402: {fixes: 0}}\n"

BARE = """
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def _time(cmd: list[str], ok_codes: tuple[int, ...]) -> float:
    """CPU seconds (user + system) of the command: on a shared machine wall time measures
    the neighbours as much as the command."""
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in ok_codes:
            err.seek(0)
            sys.exit(f"{' '.join(cmd[:4])}… exited {child.returncode}:\n"
                     f"{err.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def _best(
    runs: dict[str, list[str]], ok: dict[str, tuple[int, ...]], repeat: int
) -> dict[str, float]:
    best = {name: float("inf") for name in runs}
    for _ in range(repeat):  # interleaved, so a busy moment hits every command alike
        for name, cmd in runs.items():
            best[name] = min(best[name], _time(cmd, ok[name]))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--duties", type=int, default=15)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--near-copies", action="store_true",
                        help="branches filling one set of duty templates (synth.py --near-copies)")
    parser.add_argument("--fixes", action="store_true",
                        help="also time the base org with the DM401/DM402 fix search off")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from synth import write_synthetic_org

    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        orgs = {}
        for label, departments in (("1x", args.departments),
                                   (f"{args.scale}x", args.departments * args.scale)):
            org = write_synthetic_org(Path(tmp) / label, departments, args.posts, args.duties,
                                      near_copies=args.near_copies)
            size = sum(p.stat().st_size for p in org.rglob("*.yaml"))
            print(f"{label}: {departments} departments × {args.posts} posts × {args.duties} "
                  f"duties, {size / 1e6:.1f} MB")
            orgs[label] = org

        runs: dict[str, list[str]] = {}
        ok: dict[str, tuple[int, ...]] = {}
        for label, org in orgs.items():
            runs[f"bare {label}"] = [python, "-c", BARE, str(org)]
            ok[f"bare {label}"] = (0,)
            runs[f"check {label}"] = [python, "-m", "dutymatrix.cli", "check", str(org),
                                      "--format", "json"]
            ok[f"check {label}"] = (0, 1)
        if args.fixes:
            # A copy of the base org plus one file that switches the search off.
            no_fixes = Path(tmp) / "1x-no-fixes"
            shutil.copytree(orgs["1x"], no_fixes)
            (no_fixes / "zz-no-fixes.yaml").write_text(NO_FIXES, encoding="utf-8")
            runs["no-fixes 1x"] = [python, "-m", "dutymatrix.cli", "check", str(no_fixes),
                                   "--format", "json"]
            ok["no-fixes 1x"] = (0, 1)
        best = _best(runs, ok, args.repeat)

    for name, seconds in best.items():
        print(f"{name:<12} {seconds:7.2f} s CPU")
    big = f"{args.scale}x"
    ratio = best["check 1x"] / best["bare 1x"]
    growth = best[f"check {big}"] / best["check 1x"]
    bare_growth = best[f"bare {big}"] / best["bare 1x"]
    print(f"check / bare (1x):        {ratio:.2f}   target ≤ {CHECK_TARGET:g}  "
          f"{'ok' if ratio <= CHECK_TARGET else 'OVER'}")
    limit = GROWTH_SLACK * args.scale
    print(f"check {big} / check 1x:     {growth:.2f}   target ≤ {limit:g}  "
          f"{'ok' if growth <= limit else 'OVER'}   (bare grows {bare_growth:.2f})")
    if args.fixes:
        cost = best["check 1x"] / best["no-fixes 1x"]
        print(f"check / check without fixes (1x): {cost:.2f}   target ≤ {FIXES_TARGET:g}  "
              f"{'ok' if cost <= FIXES_TARGET else 'OVER'}")


if __name__ == "__main__":
    main()
