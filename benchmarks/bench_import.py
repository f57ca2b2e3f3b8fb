"""Time ``dutymatrix import`` on 1, 2, 4 and 8 MB of generated duty text; print the ratios.

The text looks like what HR pastes from old Word files (``duty_text``): department and
post headings, numbered duty lists in several styles (1、 一、 (1) ①), run-on paragraphs
("负责A;负责B;…" under one heading), chunk-numbered lines, page numbers inside sentences,
prose paragraphs, and one huge line with no break at all (a tenth of the text).

Each size is imported in a fresh process (``--repeat`` times, the best kept); wall and CPU
time are printed (CPU time is steadier on a busy machine). Linear import means
8 MB / 1 MB ≈ 8 (a little less: start-up is in every run); a quadratic part shows as ≈ 64.

    .venv/bin/python benchmarks/bench_import.py [--sizes 1,2,4,8] [--repeat 2] [--profile MB]

``--profile MB`` runs cProfile on one import of MB megabytes and prints the top functions.

Measured on the project's 2-core machine at a load average of 3.5 (other work running),
the code before and after the speed-up (issue 9) run back to back, ``--sizes 1,8
--repeat 1``:

    before (658d8b3)   1 MB  2.96 s CPU (5.97 s wall)   8 MB 22.46 s CPU (44.45 s wall)  7.6x
    after              1 MB  2.01 s CPU (3.70 s wall)   8 MB  8.59 s CPU (16.69 s wall)  4.3x

8 MB now takes 0.38x the CPU time it took (0.46x in a run at load 8: 22.10 s → 10.10 s).
With a core to itself an import's wall time is its CPU time (one process, one thread): an
estimated 8.5 s for 8 MB, under the issue's 10 s but not the 6 s aimed at, and not at
this load, where the wait for a core doubles it. About 0.8 s of every run is start-up
(pypinyin's dictionaries and phrase segmenter alone take 0.6 s). What was removed: the
patterns a text cannot match are not tried (a colon, 职 or 责任制 looked up first; a
Chinese text ending in ;。,、! without a colon is no heading), an item's heading answer
is reused, the folded text is made once, page numbers are matched on the text as written,
slotted records instead of frozen dataclasses, the cyclic collector paused, JSON quoting
without an encoder per string, and two quadratic paths: a run-on paragraph's commas each
copied the rest of it, and stray numbers were looked up through a copied list.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VERBS = "负责 组织 协助 参与 审核 制定 落实 监督 检查 编制 办理 做好 配合 跟踪 分析".split()
OBJECTS = (
    "信贷 贷款 票据 贴现 资金 头寸 利率 报表 统计 档案 客户 营销 风险 合规 审计 授信 押品 担保 "
    "抵押物 催收 核销 不良资产 国债 结售汇 备付金 存款 理财 银行卡 信用卡 柜面 现金 凭证 账务"
).split()
TAILS = ["管理工作", "工作", "实施", "检查", "分析", "审查", "考核", "报送", "日常工作"]
DEPARTMENTS = ["信贷管理部", "资产负债管理部", "票据中心", "客户一部", "风险管理部", "运营管理部"]
POSTS = ["经理", "副经理", "主管", "专员", "审批岗", "综合岗", "客户经理", "风控专员"]
CJK_NUMBERS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def _duty(rng: random.Random) -> str:
    parts = [rng.choice(VERBS)]
    for i in range(rng.randint(2, 4)):
        if i:
            parts.append(rng.choice("的和及与、"))
        parts.append(rng.choice(OBJECTS))
    return "".join(parts) + rng.choice(TAILS)


def _numbered(rng: random.Random, count: int) -> list[str]:
    style = rng.choice(["num", "cjk", "paren", "circled"])
    lines = []
    for n in range(1, count + 1):
        mark = {"num": f"{n}、", "cjk": f"{CJK_NUMBERS[(n - 1) % 10]}、",
                "paren": f"({n})", "circled": CIRCLED[(n - 1) % 10]}[style]
        lines.append(f"{mark}{_duty(rng)};")
    return lines


def _section(rng: random.Random) -> list[str]:
    """One department: its heading, its duties, then two or three posts."""
    dept = rng.choice(DEPARTMENTS)
    lines = [f"{dept}工作职责", *_numbered(rng, rng.randint(4, 10))]
    for _ in range(rng.randint(2, 3)):
        lines.append(f"{dept}{rng.choice(POSTS)}岗位职责")
        shape = rng.random()
        if shape < 0.5:
            lines += _numbered(rng, rng.randint(3, 8))
        elif shape < 0.7:  # run-on: several duties in one paragraph
            lines.append(";".join(_duty(rng) for _ in range(rng.randint(3, 12))) + "。")
        elif shape < 0.85:  # a sentence broken by a page number, then a list again
            lines += [f"1、{_duty(rng)},并", f"{rng.randint(2, 99)} {_duty(rng)};",
                      f"2、{_duty(rng)}。"]
        else:  # prose nobody numbered
            lines.append("本岗位" + ",".join(_duty(rng) for _ in range(6)) + "。")
        if rng.random() < 0.3:
            lines += ["任职资格:", "1、全日制本科及以上学历;", "2、三年以上银行工作经验。"]
    return lines


def duty_text(size: int, seed: int = 0) -> str:
    """About ``size`` bytes (UTF-8) of duty text; the same text for the same arguments."""
    rng = random.Random(seed)
    out: list[str] = []
    written = 0
    huge_at = size // 2
    huge_done = False
    while written < size:
        if not huge_done and written >= huge_at:
            # one line of a tenth of the text: numbered duties glued together, no break
            parts = []
            line_bytes = 0
            n = 0
            while line_bytes < size // 10:
                n += 1
                piece = f"{n % 20 + 1}、{_duty(rng)};"
                parts.append(piece)
                line_bytes += len(piece.encode())
            out.append("".join(parts))
            written += line_bytes
            huge_done = True
            continue
        for line in _section(rng):
            out.append(line)
            written += len(line.encode()) + 1
    return "\n".join(out) + "\n"


def _write(folder: Path, megabytes: float) -> Path:
    path = folder / f"duties-{megabytes:g}mb.txt"
    path.write_text(duty_text(int(megabytes * 1024 * 1024)), encoding="utf-8")
    return path


def _time_import(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``dutymatrix import`` in a fresh process. The CPU
    time is what to compare on a busy machine: waiting for a core does not count."""
    cmd = [sys.executable, "-m", "dutymatrix.cli", "import", str(path)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"import {path} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def _profile(path: Path) -> None:
    import cProfile
    import pstats

    from dutymatrix.importer import ImportOptions, import_files

    profiler = cProfile.Profile()
    profiler.runcall(import_files, ImportOptions(files=(path,)))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,2,4,8", help="megabytes, comma-separated")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--profile", type=float, default=None, metavar="MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile is not None:
            _profile(_write(Path(tmp), args.profile))
            return
        sizes = [float(s) for s in args.sizes.split(",")]
        best: dict[float, tuple[float, float]] = {}
        for size in sizes:
            path = _write(Path(tmp), size)
            runs = [_time_import(path) for _ in range(args.repeat)]
            best[size] = (min(r[0] for r in runs), min(r[1] for r in runs))
    base = sizes[0]
    print(f"{'size':>7} {'wall':>8} {'CPU':>8}  CPU / CPU of {base:g} MB (linear)")
    for size in sizes:
        wall, cpu = best[size]
        ratio = cpu / best[base][1]
        print(f"{size:4g} MB {wall:7.2f}s {cpu:7.2f}s  {ratio:5.2f} ({size / base:g})")
    last = sizes[-1]
    print(f"{last:g} MB / {base:g} MB = {best[last][1] / best[base][1]:.1f} in CPU time, "
          f"{best[last][0] / best[base][0]:.1f} in wall time (linear would be "
          f"{last / base:g}, quadratic {(last / base) ** 2:g})")

if __name__ == "__main__":
    main()
