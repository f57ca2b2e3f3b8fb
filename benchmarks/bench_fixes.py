"""What the verified moves (`fixes` on DM401/DM402) cost `check`, as a ratio in one run.

    .venv/bin/python benchmarks/bench_fixes.py [--departments 400] [--repeat 3]

Writes the synthetic org (benchmarks/synth.py: N departments × 10 posts × 15 duties,
N = 400: 4,000 posts, with its people, committees and SoD rules), loads it once, then
times ``check_org`` with the fix search and with it switched off, interleaved, best of
``--repeat``. Prints check-with-fixes / check-without, for the checks alone and for the
whole command (load + checks). Target: the whole command ≤ 1.2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = 1.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from synth import write_synthetic_org

    from dutymatrix.checks import dm4_fixes
    from dutymatrix.engine import check_org
    from dutymatrix.load import load_org

    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_org(Path(tmp) / "org", args.departments, 10, 15)
        start = time.perf_counter()
        loaded = load_org(str(root))
        load_s = time.perf_counter() - start
    assert loaded.org is not None
    today = dt.date(2026, 6, 1)
    search = dm4_fixes.FixFinder.fixes
    best = {"with": float("inf"), "without": float("inf")}
    conflicts = suggested = 0
    for _ in range(args.repeat):
        for mode in ("with", "without"):
            dm4_fixes.FixFinder.fixes = search if mode == "with" else (  # type: ignore[method-assign]
                lambda self, rule, subject: [])
            start = time.perf_counter()
            result = check_org(loaded.org, loaded.findings, today=today)
            best[mode] = min(best[mode], time.perf_counter() - start)
            if mode == "with":
                sod = [f for f in result.findings if f.rule in ("DM401", "DM402")]
                conflicts, suggested = len(sod), sum(bool(f.fixes) for f in sod)
    dm4_fixes.FixFinder.fixes = search  # type: ignore[method-assign]
    checks = best["with"] / best["without"]
    whole = (load_s + best["with"]) / (load_s + best["without"])
    print(f"{args.departments * 10} posts, {conflicts} SoD conflicts, {suggested} with fixes")
    print(f"load {load_s:.2f} s; checks without fixes {best['without']:.2f} s, "
          f"with {best['with']:.2f} s")
    print(f"checks with / without fixes: {checks:.2f}")
    print(f"check command (load + checks) with / without: {whole:.2f} (target ≤ {TARGET})")
    sys.exit(0 if whole <= TARGET else 1)


if __name__ == "__main__":
    main()
