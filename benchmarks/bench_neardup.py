"""Time the near-duplicate search (DM303) on 60,000 generated duty texts.

Three corpora, all built from a vocabulary of verbs, objects and qualifiers:

* ``branches`` (default): a bank of 400 branches × 10 posts × 15 duties whose branches
  copy the head-office posts — 70% of duties verbatim, 20% lightly edited (a word added,
  "工作" appended), 10% written locally;
* ``distinct``: 60,000 duties of which most are different texts (a harder case than any
  real organisation: 40% fresh, the rest copies or edits of earlier ones);
* ``nearcopy``: 400 branches × 10 posts × 15 duties where every branch fills the same
  templates — its own name, its own limits and dates, now and then a word swapped for a
  synonym — so no two texts are equal but each has hundreds of near copies (the way
  branches copy a standard post; ``synth.py --near-copies`` writes the same shape).

Prints, per corpus (all by default), the number of duties, distinct folded texts, the
texts searched (after masking each owner's name and the numbers, as DM303 does),
clusters found and the CPU time of the whole pipeline (folding, masking, deduplication
and prefix filtering), as a ratio to the 1 s target; ``--compare`` also runs the search
on the unmasked texts and prints masked / unmasked.

    .venv/bin/python benchmarks/bench_neardup.py [--corpus all|branches|distinct|nearcopy]
        [--seed 0] [--compare]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from dutymatrix.checks._common import fold_text
from dutymatrix.checks.neardup import similar_clusters, template_text
from dutymatrix.runtime import collector_paused

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import branch_name, duty_template, fill_template

VERBS = "负责 组织 协助 参与 审核 制定 落实 监督 检查 编制 办理 做好 配合 跟踪 分析".split()
OBJECTS = (
    "信贷 贷款 票据 贴现 资金 头寸 利率 报表 统计 档案 客户 营销 风险 合规 审计 授信 押品 担保 "
    "抵押物 催收 核销 不良资产 国债 结售汇 备付金 存款 理财 银行卡 信用卡 柜面 现金 凭证 账务 "
    "会计 核算 考核 培训 薪酬 安全保卫 反洗钱 征信 网点 渠道 科技 系统 数据 支行 分行 部门"
).split()
LINKS = ["的", "和", "及", "与", "、"]
TAILS = ["管理工作", "工作", "实施", "检查", "分析", "审查", "考核", "报送", "日常工作", "制度建设"]


def _duty(rng: random.Random) -> str:
    parts = [rng.choice(VERBS)]
    for i in range(rng.randint(2, 5)):
        if i:
            parts.append(rng.choice(LINKS))
        parts.append(rng.choice(OBJECTS))
    parts.append(rng.choice(TAILS))
    return "".join(parts)


def _edit(text: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.4:
        return text + rng.choice(["工作", "。", "等工作", "事项"])
    if choice < 0.7:
        i = rng.randrange(len(text))
        return text[:i] + rng.choice("的和及并") + text[i:]
    return "按规定" + text


def branch_duties(
    branches: int = 400, posts: int = 10, duties: int = 15, seed: int = 0
) -> list[str]:
    """Duties of a bank whose branches copy the head-office posts, with local drift."""
    rng = random.Random(seed)
    templates = [[_duty(rng) for _ in range(duties)] for _ in range(posts)]
    out: list[str] = []
    for _ in range(branches):
        for template in templates:
            for text in template:
                roll = rng.random()
                if roll < 0.7:
                    out.append(text)
                elif roll < 0.9:
                    out.append(_edit(text, rng))
                else:
                    out.append(_duty(rng))
    return out


def near_copy_duties(
    branches: int = 400, posts: int = 10, duties: int = 15, seed: int = 0
) -> list[tuple[str, str]]:
    """(duty, branch name) of branches that all fill one set of templates: near copies,
    never equal (``synth.py --near-copies`` writes the same shape as an org)."""
    rng = random.Random(seed)
    templates = [[duty_template(_duty(rng), rng) for _ in range(duties)] for _ in range(posts)]
    out = []
    for branch in map(branch_name, range(branches)):
        out += [(fill_template(template, branch, rng), branch)
                for post in templates for template in post]
    return out


def make_duties(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    duties: list[str] = []
    for _ in range(count):
        if not duties or rng.random() < 0.4:
            duties.append(_duty(rng))
        elif rng.random() < 0.5:
            duties.append(rng.choice(duties))  # a branch copying a post as it is
        else:
            duties.append(_edit(rng.choice(duties), rng))
    return duties


CORPORA = {"branches": branch_duties, "distinct": make_duties, "nearcopy": near_copy_duties}


TARGET_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["all", *CORPORA], default="all")
    parser.add_argument("--duties", type=int, default=60_000, help="size of `distinct`")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--compare", action="store_true",
                        help="also time the search without masking names and numbers "
                        "(minutes on `nearcopy`) and print the ratio")
    args = parser.parse_args()
    corpora = list(CORPORA) if args.corpus == "all" else [args.corpus]
    for corpus in corpora:
        if corpus == "distinct":
            duties = make_duties(args.duties, args.seed)
        else:
            duties = CORPORA[corpus](seed=args.seed)
        owned = [(d, "") if isinstance(d, str) else d for d in duties]
        print(f"[{corpus}]")
        masked = _time_search(owned, args.threshold, mask=True)
        if args.compare:
            unmasked = _time_search(owned, args.threshold, mask=False)
            print(f"masked / unmasked: {masked / unmasked:.3f}")
        print(f"masked / {TARGET_SECONDS:g} s target: {masked / TARGET_SECONDS:.2f}  "
              f"{'ok' if masked <= TARGET_SECONDS else 'OVER'}")


def _time_search(duties: list[tuple[str, str]], threshold: float, mask: bool) -> float:
    """The DM303 pipeline: fold, mask each owner's name and the numbers (``mask``),
    deduplicate, search. Returns the CPU seconds."""
    fold_text.cache_clear()  # each run folds from scratch, as one `check` does
    start, cpu = time.perf_counter(), time.process_time()
    with collector_paused():  # as `dutymatrix check` runs it
        folded = dict.fromkeys((fold_text(text), owner) for text, owner in duties)
        if mask:
            keys = [template_text(text, (fold_text(owner),) if owner else ())
                    for text, owner in folded]
        else:
            keys = [text for text, _ in folded]
        distinct = list(dict.fromkeys(keys))
        clusters = similar_clusters(distinct, threshold)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    texts = len(dict.fromkeys(text for text, _ in folded))
    print(f"{'masked' if mask else 'unmasked'}: duties {len(duties)}  distinct texts {texts}  "
          f"searched {len(distinct)}  clusters {len(clusters)}  "
          f"largest {max((len(c) for c in clusters), default=0)}")
    print(f"  fold + {'mask + ' if mask else ''}dedupe + prefix filtering: {elapsed:.3f} s "
          f"({cpu:.3f} s CPU)")
    return cpu


if __name__ == "__main__":
    main()
