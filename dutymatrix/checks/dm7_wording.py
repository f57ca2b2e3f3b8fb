"""DM7xx wording (info): duty text a reader can act on.

One pass over the duty texts yields DM701 and DM702. Examples: ``examples/DM701.yaml``,
``examples/DM702.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from dutymatrix.checks._common import TEXT_CACHE, duty_named, text_loc, text_variants
from dutymatrix.findings import Finding, Rule, RuleContext, Severity
from dutymatrix.i18n import N_
from dutymatrix.messages import Msg
from dutymatrix.model import Duty
from dutymatrix.options import Option, at_least

# Verbs a Chinese duty (岗位职责) opens with. Two-character verbs first; a few
# one-character verbs (做好 → 做, 抓好 → 抓) are accepted on their own.
ZH_VERBS = frozenset(
    """
    负责 主持 主管 分管 牵头 组织 协助 协调 参与 配合 指导 领导 统筹 承担 承办 办理 受理
    制定 拟定 起草 编制 修订 完善 建立 健全 贯彻 执行 落实 实施 推进 推动 开展 完成 做好
    审核 审查 审批 审定 审议 审阅 复核 核定 核实 核算 核对 核查 签署 签发 批准 决定 确定
    管理 监督 监测 监控 督促 督导 检查 稽核 考核 评估 评价 评审 测算 计算 分析 研究 调查
    调研 预测 识别 防范 控制 处置 处理 解决 跟踪 收集 整理 汇总 统计 上报 报送 报告 提交
    提出 提供 撰写 编写 填制 登记 录入 维护 保管 归档 发放 收回 催收 清收 回收 送达 制作
    制证 接待 联系 对接 沟通 宣传 培训 营销 拓展 开拓 发掘 挖掘 考察 掌握 了解 熟悉 遵守
    遵循 确保 保证 保障 保持 保护 配置 调度 调剂 调配 安排 部署 传导 传达 申报 申请 指派
    选拔 招聘 聘任 维持 监管 管控 参加 出席 主办 协办 服务 办好 抓好 搞好 发现 防止 禁止
    实行 坚持 草拟 拟订 签订 签批 审签 复查 清理 清查 盘点 催办 督办 承接 引导 提醒 反馈
    学习 归类 联络 进行 开拓 开发
    """.split()
)
ZH_ONE_CHAR_VERBS = frozenset("做抓管审查核签定拟编建促写送收发办跟盯守")
# Adverbs that may come before the verb: 认真开展贷前调查, 及时催收逾期贷款.
ZH_ADVERBS = (
    "认真", "及时", "严格", "积极", "主动", "定期", "按时", "全面", "切实", "依法", "依规",
    "按规定", "具体", "统一", "独立", "共同", "密切", "每日", "每月", "每季",
)

EN_VERBS = frozenset(
    """
    administer advise allocate analyse analyze approve arrange assess assign assist attend
    audit authorise authorize balance brief budget build calculate chair check clear coach
    collaborate collect communicate compile complete comply conduct confirm consolidate
    consult contribute control coordinate create decide define deliver design determine
    develop direct disburse document draft draw enforce ensure escalate establish evaluate
    examine execute facilitate file follow forecast formulate gather guide handle help
    identify implement improve inform initiate inspect interview investigate issue keep lead
    liaise maintain manage measure mentor monitor negotiate organise organize oversee
    participate perform plan prepare present prevent prioritise prioritize process procure
    produce promote propose protect provide publish receive recommend reconcile record
    recover recruit register report represent research resolve respond review run safeguard
    schedule screen secure set sign submit supervise support test track train update
    validate verify write approve underwrite collect service market sell lead own deliver
    """.split()
)
EN_OPENERS = ("responsible for", "be responsible for", "accountable for", "in charge of")

# A duty may open with a phrase saying how or when, then the verb after a comma:
# "根据上级行的目标,负责组织制定…", "贷款发放后,及时跟踪检查…".
ZH_LEAD_INS = ("根据", "按照", "依据", "依照", "遵照", "针对", "通过", "结合", "围绕", "对于", "在")
ZH_LEAD_IN_ENDINGS = ("后", "时", "前", "中", "期间")
_CLAUSE = re.compile(r"[,,;;]")

_WORD = re.compile(r"[A-Za-z]+")
# Numbering and punctuation a pasted duty may still start with: "1、", "(2)", "• ".
_LEADING_NOISE = re.compile(r"^[\s\d\W_]+")

@functools.lru_cache(maxsize=TEXT_CACHE)
def starts_with_verb(text: str, lang: str, extra_verbs: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` opens with an action verb (after an optional adverb)."""
    text = _LEADING_NOISE.sub("", text)
    if lang == "zh":
        for _ in range(3):  # the verb, or up to two lead-in clauses and then the verb
            if _zh_verb_first(text, extra_verbs):
                return True
            clauses = _CLAUSE.split(text, maxsplit=1)
            first = clauses[0]
            if len(clauses) < 2 or not (
                first.startswith(ZH_LEAD_INS) or first.endswith(ZH_LEAD_IN_ENDINGS)
            ):
                return False
            text = clauses[1].strip()
        return False
    lowered = text.lower()
    if lowered.startswith(EN_OPENERS):
        return True
    words = _WORD.findall(lowered)
    # Skip adverbs ("regularly review", "promptly collect").
    while words and words[0].endswith("ly") and len(words) > 1:
        words = words[1:]
    if not words:
        return False
    return _en_base(words[0]) in EN_VERBS or words[0] in extra_verbs


def _zh_verb_first(text: str, extra_verbs: frozenset[str]) -> bool:
    for _ in range(3):  # up to two adverbs before the verb: 认真及时做好…
        if text[:2] in ZH_VERBS or text[:1] in ZH_ONE_CHAR_VERBS:
            return True
        if any(text.startswith(v) for v in extra_verbs):
            return True
        adverb = next((a for a in ZH_ADVERBS if text.startswith(a)), None)
        if adverb is None:
            return False
        text = text[len(adverb) :]
    return False


def _en_base(word: str) -> str:
    """manages → manage, supervises → supervise, applies → apply, analyses → analyse."""
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("es", "e"), ("s", "")):
        if word.endswith(suffix):
            stem = word[: -len(suffix)] + replacement
            if stem in EN_VERBS:
                return stem
    if word.endswith("es") and word[:-2] in EN_VERBS:
        return word[:-2]
    return word


# The hints, made once (a Msg is immutable): a large org has a finding per duty.
_OPEN_WITH_A_VERB = Msg(N_("open with what the holder does: Manage, Review, Prepare, …"))
_SPLIT_IT = Msg(N_("split it into one duty per task (they are numbered anyway)"))


def _check_wording(ctx: RuleContext) -> Iterator[Finding]:
    """DM701 and DM702 in one pass over every duty text."""
    extra = frozenset(v.lower() for v in ctx.option(NO_ACTION_VERB, "verbs"))
    max_chars = ctx.option(LONG_DUTY, "max_length")
    max_words = ctx.option(LONG_DUTY, "max_words")
    for duty in ctx.org.all_duties():
        variants = text_variants(duty.text)
        # One finding per duty and rule, even with zh and en texts: the first variant.
        unverbed = next((text for lang, text in variants
                         if text.strip() and not starts_with_verb(text, lang, extra)), None)
        if unverbed is not None:
            yield _duty_finding(
                NO_ACTION_VERB, duty,
                Msg(N_("{duty} “{text}” does not start with an action verb"),
                    duty=duty_named(ctx.org, duty), text=_clip(unverbed)),
                _OPEN_WITH_A_VERB)
        too_long = next(((size, text) for lang, text in variants
                         if (size := _too_long(text, lang, max_chars, max_words))), None)
        if too_long is not None:
            size, text = too_long
            yield _duty_finding(
                LONG_DUTY, duty,
                Msg(N_("{duty} is {size}: “{text}”"), duty=duty_named(ctx.org, duty),
                    size=size, text=_clip(text)),
                _SPLIT_IT)


def _duty_finding(rule: Rule, duty: Duty, message: Msg, hint: Msg) -> Finding:
    return rule.finding(message, text_loc(duty), subject=duty.owner, related=[duty.ref],
                        hint=hint)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


NO_ACTION_VERB = Rule(
    "DM701", "duty-without-action-verb", Severity.INFO,
    N_("A duty that does not start with an action verb."),
    finds=N_("""\
A duty whose text does not open with an action verb: 负责, 组织, 协助, 参与, 审核, 制定, …
(an adverb such as 认真 or 及时 may come first, and a lead-in clause such as "根据…," or
"贷款发放后," may come before the verb), or in English Manage, Review, Prepare, … (or
"Responsible for"). Text in both languages is checked against its own list; one finding
per duty. Subject: the duty's owner; `related` holds the duty reference."""),
    why=N_("""\
A duty says what the holder does; one that opens with a noun ("信贷档案的整理") leaves
the reader to guess who acts. Misspellings such as 负贵 for 负责 show up here too."""),
    fix=N_("""\
Open with what the holder does: 负责/组织/审核/… or Manage/Review/…; add a verb your
organisation uses to option `verbs`."""),
    check=_check_wording,  # one pass yields DM701 and DM702
    options={"verbs": Option(list, [], N_("extra opening verbs your organisation accepts "
                                "(Chinese or English)"))},
)


def _too_long(text: str, lang: str, max_chars: int, max_words: int) -> Msg | None:
    if lang == "zh":
        return (Msg(N_("{count} characters (at most {limit})"), count=len(text),
                    limit=max_chars) if len(text) > max_chars else None)
    words = len(text.split())
    return (Msg(N_("{count} words (at most {limit})"), count=words, limit=max_words)
            if words > max_words else None)


LONG_DUTY = Rule(
    "DM702", "duty-too-long", Severity.INFO,
    N_("A duty longer than `max_length` characters (Chinese) or `max_words` words "
    "(English)."),
    finds=N_("""\
A duty longer than `max_length` characters (Chinese text) or `max_words` words (English
text); one finding per duty. Subject: the duty's owner; `related` holds the duty
reference."""),
    why=N_("""\
A duty that needs more than a long sentence is usually several duties, and a job
description's reader loses what the holder answers for."""),
    fix=N_("""\
Split it into one duty per task (they are numbered anyway)."""),
    check=_check_wording,
    options={
        "max_length": Option(int, 100, N_("most characters in a Chinese duty"),
                             at_least(1)),
        "max_words": Option(int, 40, N_("most words in an English duty"), at_least(1)),
    },
)
