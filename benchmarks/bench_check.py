"""Time `dutymatrix check` against a bare libyaml load of the same files, at two sizes.

    .venv/bin/python benchmarks/bench_check.py [--departments 400] [--scale 10] [--repeat 3]
                                               [--near-copies] [--compare SRC_DIR]

Writes two synthetic orgs with benchmarks/synth.py — N departments × 10 posts × 15
duties (N = 400: ~9 MB, 60,000 post duties, with people, committees, SoD rules and bands
in proportion) and one `--scale` times as many departments — then times, as separate
processes in this one run, interleaved, best of `--repeat`:

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
≤ 1.2 × scale: linear growth), in CPU seconds (user + system of the process: what a loaded
machine changes least) and wall seconds. ``--scale 0`` leaves the large org out.
``--compare SRC_DIR`` also times the ``dutymatrix`` package found in SRC_DIR (another
checkout, e.g. ``git worktree add /tmp/before main``), interleaved with this one.

Every process runs with its bytecode cached (``PYTHONPYCACHEPREFIX`` in the temporary
folder, written by a warm-up run), as an installed package has it: an environment with
``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module on every run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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


def _time(cmd: list[str], ok_codes: tuple[int, ...], env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                          env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok_codes:
        sys.exit(f"{' '.join(cmd[:4])}… exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, elapsed


Run = tuple[list[str], tuple[int, ...], dict[str, str]]


def _best(runs: dict[str, Run], repeat: int) -> dict[str, tuple[float, float]]:
    best = {name: (float("inf"), float("inf")) for name in runs}
    for _ in range(repeat):  # interleaved, so a busy moment hits every command alike
        for name, (cmd, ok, env) in runs.items():
            cpu, wall = _time(cmd, ok, env)
            best[name] = (min(best[name][0], cpu), min(best[name][1], wall))
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
    parser.add_argument("--compare", metavar="SRC_DIR",
                        help="also time the dutymatrix package in SRC_DIR, interleaved")
    parser.add_argument("--fixes", action="store_true",
                        help="also time the base org with the DM401/DM402 fix search off")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from synth import write_synthetic_org

    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        sizes = [("1x", args.departments)]
        if args.scale:
            sizes.append((f"{args.scale}x", args.departments * args.scale))
        orgs = {}
        for label, departments in sizes:
            org = write_synthetic_org(Path(tmp) / label, departments, args.posts, args.duties,
                                      near_copies=args.near_copies)
            size = sum(p.stat().st_size for p in org.rglob("*.yaml"))
            print(f"{label}: {departments} departments × {args.posts} posts × {args.duties} "
                  f"duties, {size / 1e6:.1f} MB")
            orgs[label] = org

        codes = {"this": env}
        if args.compare:
            codes["other"] = {**env, "PYTHONPATH": str(Path(args.compare).resolve())}
        runs: dict[str, Run] = {}
        for label, org in orgs.items():
            runs[f"bare {label}"] = ([python, "-c", BARE, str(org)], (0,), env)
            for code, code_env in codes.items():
                runs[f"check {label}" + (f" {code}" if args.compare else "")] = (
                    [python, "-m", "dutymatrix.cli", "check", str(org), "--format", "json"],
                    (0, 1), code_env)
        if args.fixes:
            # A copy of the base org plus one file that switches the search off.
            no_fixes = Path(tmp) / "1x-no-fixes"
            shutil.copytree(orgs["1x"], no_fixes)
            (no_fixes / "zz-no-fixes.yaml").write_text(NO_FIXES, encoding="utf-8")
            runs["no-fixes 1x"] = ([python, "-m", "dutymatrix.cli", "check", str(no_fixes),
                                    "--format", "json"], (0, 1), env)
        _best({name: run for name, run in runs.items() if "1x" in name}, 1)  # warm-up
        best = _best(runs, args.repeat)

    _report(best, args, list(codes) if args.compare else [""])


def _report(best: dict[str, tuple[float, float]], args: argparse.Namespace,
            codes: list[str]) -> None:
    for name, (cpu, wall) in best.items():
        print(f"{name:<18} CPU {cpu:7.2f} s   wall {wall:7.2f} s")
    print(f"load average {os.getloadavg()[0]:.1f}")
    for code in codes:
        tag = f" {code}" if code else ""
        for measure, i in (("CPU", 0), ("wall", 1)):
            ratio = best[f"check 1x{tag}"][i] / best["bare 1x"][i]
            print(f"check{tag} / bare (1x, {measure}):  {ratio:.2f}   target ≤ {CHECK_TARGET:g}  "
                  f"{'ok' if ratio <= CHECK_TARGET else 'OVER'}")
        if args.fixes and code != "other":
            cost = best[f"check 1x{tag}"][0] / best["no-fixes 1x"][0]
            print(f"check / check without fixes (1x, CPU): {cost:.2f}   target ≤ "
                  f"{FIXES_TARGET:g}  {'ok' if cost <= FIXES_TARGET else 'OVER'}")
        if not args.scale:
            continue
        big = f"{args.scale}x"
        limit = GROWTH_SLACK * args.scale
        for measure, i in (("CPU", 0), ("wall", 1)):
            growth = best[f"check {big}{tag}"][i] / best[f"check 1x{tag}"][i]
            bare_growth = best[f"bare {big}"][i] / best["bare 1x"][i]
            print(f"check{tag} {big} / 1x ({measure}):  {growth:.2f}   target ≤ {limit:g}  "
                  f"{'ok' if growth <= limit else 'OVER'}   (bare grows {bare_growth:.2f})")


if __name__ == "__main__":
    main()
