"""Time loading a ~10 MB org against a bare libyaml load of the same files.

    python benchmarks/bench_load.py [ORG] [--departments 400 --posts 10 --duties 15] [--repeat 3]

Without ORG a synthetic org (benchmarks/synth.py) is written to a temporary folder. Three
processes are timed, interleaved, in the same run, each started fresh:

- bare:   ``yaml.load(..., Loader=yaml.CSafeLoader)`` of every *.yaml file, nothing else;
- load:   ``load_org`` as the CLI runs it (collector paused) — load + DM1xx (positions,
          every structural check, the model);
- check:  ``dutymatrix check ORG --format json`` — load + every check + the report.

It prints the best time of each and the ratios to bare. Target: load ≤ 1.5 × bare.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 1.5

BARE = """
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
for path in sorted(root.rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
LOAD = """
import sys
from dutymatrix.load import load_org
from dutymatrix.runtime import collector_paused
with collector_paused():  # as the CLI loads
    result = load_org(sys.argv[1])
sys.exit(0 if result.org is not None else 3)
"""


def _time(cmd: list[str], ok_codes: tuple[int, ...]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok_codes:
        sys.exit(f"{' '.join(cmd[:3])}… exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("org", nargs="?", help="org folder (default: a synthetic org)")
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--duties", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.org:
            org = Path(args.org)
        else:
            sys.path.insert(0, str(HERE))
            from synth import write_synthetic_org

            org = write_synthetic_org(Path(tmp) / "org", args.departments, args.posts,
                                      args.duties)
        files = sorted(org.rglob("*.yaml"))
        size = sum(p.stat().st_size for p in files)
        print(f"org: {org} ({len(files)} files, {size / 1e6:.1f} MB)")

        python = sys.executable
        runs: dict[str, tuple[list[str], tuple[int, ...]]] = {
            "bare yaml.load (CSafeLoader)": ([python, "-c", BARE, str(org)], (0,)),
            "load_org (load + DM1xx)": ([python, "-c", LOAD, str(org)], (0,)),
        }
        if importlib.util.find_spec("dutymatrix.engine") is not None:
            runs["dutymatrix check (all checks)"] = (
                [python, "-m", "dutymatrix.cli", "check", str(org), "--format", "json"],
                (0, 1))
        best = {name: float("inf") for name in runs}
        for _ in range(args.repeat):
            for name, (cmd, ok) in runs.items():
                best[name] = min(best[name], _time(cmd, ok))

    bare = best["bare yaml.load (CSafeLoader)"]
    for name, seconds in best.items():
        print(f"{name:<32} {seconds:6.2f} s   {seconds / bare:4.2f} × bare")
    ratio = best["load_org (load + DM1xx)"] / bare
    verdict = "within" if ratio <= TARGET else "OVER"
    print(f"load + DM1xx / bare = {ratio:.2f} ({verdict} the {TARGET}× target)")


if __name__ == "__main__":
    main()
