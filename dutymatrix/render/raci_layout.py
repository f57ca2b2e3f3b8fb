"""How a RACI chart fits a printed page: header line breaks and blocks of holder columns.

A landscape A4 page holds a limited width. Every column's width is measured from its
text (``textwidth``, which errs wide), the activity columns are repeated on every block,
and the holder columns are packed into as many page-wide blocks as they need, so no
holder is ever cut off or left out of the printed chart.

Headers break only between words or parts of a name: at spaces, around brackets, after
an organisational unit (信贷管理部|经理, 票据中心|经理) and, inside a long run of Chinese,
between two-character words counted from the start (资产负债|管理部), never mid-word
(管理部经|理). Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .textwidth import char_em, text_em

__all__ = [
    "ACTIVITY_PT",
    "HEADER_PT",
    "PAGE_WIDTH_MM",
    "ColumnPlan",
    "break_label",
    "plan_columns",
]

# A4 landscape, 12 mm side margins (raci.html's @page).
PAGE_WIDTH_MM = 297 - 2 * 12
PT_MM = 25.4 / 72

ACTIVITY_PT = 9.0  # body text of the chart
HEADER_PT = 8.5  # post names
GROUP_PT = 7.5  # the department line under a post name
LETTER_PT = 9.0

CELL_PAD_MM = 2 * 1.5 + 0.6  # left + right padding and a border
SAFETY_MM = 4.0  # the estimate errs wide already; this keeps a margin for rounding
HEADER_MAX_EM = 6.0  # a header line holds at most six full-width characters
HEADER_WORD_MAX_EM = 11.0  # a longer single Latin word is cut
ACTIVITY_MAX_MM = 62.0  # longer activity names wrap inside the column
PROCESS_MAX_MM = 32.0
HOLDER_MIN_MM = 10.0
BADGE_MM = 4.6  # one letter badge: min-width 4 mm and a margin
TAG_EM = 5.5  # a "双人控制" / "缺 A" tag beside an activity name, in body em

# Where a break is allowed after a character: an organisational unit ends there (not in
# 行长, 部门). Before these post suffixes a break is allowed too (信贷管理部|经理).
_UNIT_ENDINGS = ("委员会", "中心", "办公室", "部", "室", "局", "行")
_NOT_AFTER_UNIT = ("长", "门", "员")  # 行长, 部门, 委员: the unit character starts a word
_POST_SUFFIXES = ("副行长", "副经理", "总经理", "经理", "主管", "专员", "人员", "客服", "主任",
                  "助理", "总监", "行长", "委员")
_OPENERS = "(（[【《"
_CLOSERS = ")）]】》、,，/·;；:："

# Words a long run of Chinese is split into when no unit or suffix boundary is close
# enough: the vocabulary of post and department names in banks and public offices.
# Unknown text falls back to two-character words, the most common length in Chinese.
_LEXICON = frozenset("""
资产负债 人力资源 信用卡 委员会 办公室 营业部 分行 支行 总行 银行 资产 负债 信贷 信用 催收
审批 审查 调查 贷款 贷前 贷后 放款 授信 票据 贴现 承兑 汇票 风险 合规 稽核 审计 会计 出纳
客户 管理 业务 营销 服务 监测 监督 计划 编制 经营 信息 科技 系统 运营 财务 行政 综合 档案
统计 评估 抵押 资金 定价 同业 金融 市场 国际 结算 零售 公司 个人 普惠 小微 电话 信函 外访
上门 策略 修复 逾期 账户 资深 高级 首席 中级 初级 分管 负责 主管 专员 经理 副经理 总经理 主任
助理 总监 行长 副行长 客服 人员 中心 部门 交易 投资 理财 存款 柜面 柜员 网点 后台 前台 安全
保卫 法律 事务 战略 发展 规划 考核 培训 招聘 薪酬 采购 后勤 机构 渠道 产品 数据 分析 模型
卫生 监督所 许可 执法 受理 办理 核销 清收 保全 不良 处置 押品 反洗钱 洗钱 内控 质量 检查
流动性 流动 利率 汇率 资本 拨备 授权 审核 复核 核算 报表 报告 撰写 报送 尽职 对公 对私 批发
国库 现金 支付 清算 托管 债券 外汇 衍生 信用证 保函 保理 租赁 担保 抵押物 评级 征信 催收员
""".split())
# One-character words that join others (与, 及 …): a line may break after them.
_CONNECTORS = frozenset("与和及或的兼暨并")

# The same vocabulary in traditional characters (OpenCC s2tw of the lists above): a zh-TW
# header breaks where its simplified original would.
_UNIT_ENDINGS += ("委員會", "辦公室")
_NOT_AFTER_UNIT += ("長", "門", "員")
_POST_SUFFIXES += ("副行長", "副經理", "總經理", "經理", "專員", "人員", "總監", "行長", "委員")
_LEXICON |= frozenset("""
上門 中級 事務 人力資源 人員 保衛 信用證 信貸 修復 個人 催收員 債券 內控 出納 初級 前臺 副經理
副行長 匯率 匯票 反洗錢 合規 同業 國庫 國際 執法 培訓 報告 報表 報送 外匯 外訪 委員會 定價 客戶
審批 審查 審核 審計 專員 對公 對私 市場 後勤 後臺 徵信 戰略 批發 承兌 投資 授權 採購 撥備 撰寫
擔保 數據 會計 服務 核銷 業務 機構 檔案 檢查 櫃員 櫃面 洗錢 流動 流動性 營業部 營銷 現金 理財
產品 發展 盡職 監測 監督 監督所 票據 租賃 系統 結算 統計 經營 經理 綜合 網點 編制 總監 總經理
總行 處置 行長 衛生 複核 規劃 計劃 託管 許可 評估 評級 調查 負債 負責 財務 貸前 貸後 貸款 貼現
資本 資深 資產 資產負債 資金 質量 賬戶 辦公室 辦理 運營 部門 銀行 電話 風險 高級
""".split())
_CONNECTORS |= frozenset("與並")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _unit_ends_here(current: str, nxt: str) -> bool:
    return len(current) > 1 and nxt not in _NOT_AFTER_UNIT and any(
        current.endswith(u) for u in _UNIT_ENDINGS
    )


def _segments(text: str) -> list[str]:
    """Pieces between which a line may always break (words, bracketed parts, units)."""
    pieces: list[str] = []
    current = ""
    for i, ch in enumerate(text):
        if ch in _OPENERS and current:
            pieces.append(current)
            current = ""
        elif current and _wide(ch) and any(
            text.startswith(suffix, i) for suffix in _POST_SUFFIXES
        ) and not any(current.endswith(p) for p in ("副", "总")):
            pieces.append(current)
            current = ""
        current += ch
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == " " or ch in _CLOSERS:
            pieces.append(current)
            current = ""
        elif nxt and _wide(ch) and _wide(nxt) and _unit_ends_here(current, nxt):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _words(segment: str) -> list[str]:
    """Chinese words of a segment: longest known word first, else two characters; a lone
    character (or bracket, digit, letter) stays with the word before it."""
    words: list[str] = []
    opener = ""
    i = 0
    while i < len(segment):
        known = next((n for n in (4, 3, 2) if segment[i:i + n] in _LEXICON), 0)
        if known:
            step = known
        elif segment[i] in _CONNECTORS or (i + 1 < len(segment)
                                           and segment[i + 1] in _CONNECTORS):
            step = 1
        elif i + 1 < len(segment) and any(segment[i + 1:i + 1 + n] in _LEXICON
                                          for n in (4, 3, 2)):
            step = 1
        else:
            step = 2
        piece = segment[i:i + step]
        i += step
        if piece.strip(_OPENERS) == "" and i < len(segment):
            opener += piece  # an opening bracket goes with the word after it
            continue
        piece, opener = opener + piece, ""
        lone = sum(1 for c in piece if _wide(c)) <= 1
        if words and lone and piece[0] not in _OPENERS:
            words[-1] += piece
        else:
            words.append(piece)
    return words


def _split_long(segment: str, max_em: float) -> list[str]:
    """A segment wider than a line, in words; a very long Latin word by characters."""
    if text_em(segment) <= max_em:
        return [segment]
    if any(_wide(ch) for ch in segment):
        return _words(segment)
    if text_em(segment) <= HEADER_WORD_MAX_EM:
        return [segment]
    units, run = [], ""
    for ch in segment:
        if run and text_em(run) + char_em(ch) > HEADER_WORD_MAX_EM:
            units.append(run)
            run = ""
        run += ch
    return [*units, run] if run else units


def break_label(text: str, max_em: float = HEADER_MAX_EM) -> tuple[str, ...]:
    """``text`` in lines of at most ``max_em`` em, broken only at word and part boundaries.

    A trailing space stays on its line (so the lines joined give ``text`` back)."""
    text = re.sub(r"\s+", " ", text.strip())
    if not text:
        return ("",)
    units = [u for seg in _segments(text) for u in _split_long(seg, max_em)]
    lines: list[str] = []
    current = ""
    for unit in units:
        if current and text_em((current + unit).rstrip()) > max_em:
            lines.append(current)
            current = ""
        current += unit
    if current:
        lines.append(current)
    return tuple(lines)


def lines_em(lines: Sequence[str]) -> float:
    return max((text_em(line.rstrip()) for line in lines), default=0.0)


def _mm(em: float, pt: float) -> float:
    return em * pt * PT_MM


@dataclass(frozen=True)
class ColumnPlan:
    """Widths in mm and the blocks of holder columns, one table per block."""

    process_mm: float  # 0 when the chart has no process column
    activity_mm: float
    holder_mm: tuple[float, ...]
    blocks: tuple[tuple[int, ...], ...]  # holder column indexes per block

    @property
    def lead_mm(self) -> float:
        return self.process_mm + self.activity_mm

    def block_mm(self, block: Sequence[int]) -> float:
        return self.lead_mm + sum(self.holder_mm[i] for i in block)


def holder_width_mm(name_lines: Sequence[str], group_lines: Sequence[str],
                    most_letters: int) -> float:
    text = max(_mm(lines_em(name_lines), HEADER_PT), _mm(lines_em(group_lines), GROUP_PT))
    letters = most_letters * BADGE_MM
    return round(max(HOLDER_MIN_MM, text + CELL_PAD_MM, letters + CELL_PAD_MM), 1)


def lead_width_mm(texts: Sequence[str], extra_em: float, cap_mm: float) -> float:
    widest = max((text_em(t) for t in texts), default=0.0) + extra_em
    return round(min(cap_mm, max(16.0, _mm(widest, ACTIVITY_PT) + CELL_PAD_MM)), 1)


def plan_columns(holder_mm: Sequence[float], process_mm: float, activity_mm: float,
                 page_mm: float = PAGE_WIDTH_MM) -> ColumnPlan:
    """Pack holder columns, in order, into blocks no wider than the page."""
    room = page_mm - SAFETY_MM - process_mm - activity_mm
    blocks: list[tuple[int, ...]] = []
    block: list[int] = []
    used = 0.0
    for i, width in enumerate(holder_mm):
        if block and used + width > room:
            blocks.append(tuple(block))
            block, used = [], 0.0
        block.append(i)
        used += width
    if block or not blocks:
        blocks.append(tuple(block))
    return ColumnPlan(process_mm, activity_mm, tuple(holder_mm), tuple(blocks))
