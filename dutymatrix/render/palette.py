"""The one palette of RACI letters: the HTML and PDF documents, the site, the legend and
raci.xlsx all take their colours from here.

A is the letter a reader must find first, so it is the one saturated colour (white on
brick red); the others are light fills with dark text. A cell holding several letters
takes the fill of its dominant letter (A, then R, S, C, I) and still shows every letter.
Rows with no A or no R are flagged in amber, a colour no letter uses.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DOMINANCE", "GAP", "PALETTE", "Colour", "dominant", "palette_css"]


@dataclass(frozen=True)
class Colour:
    fill: str  # "#RRGGBB"
    text: str
    bold: bool = True


PALETTE: dict[str, Colour] = {
    "A": Colour("#B03A2E", "#FFFFFF"),
    "R": Colour("#D3E4F5", "#0B4679"),
    "S": Colour("#E6DDF4", "#4B2E83"),
    "C": Colour("#FCEFC7", "#6E5100"),
    "I": Colour("#E3EFE1", "#2E6B2A"),
}

# The order in which letters dominate a cell that holds several.
DOMINANCE = "ARSCI"

# A row with no Accountable or no Responsible holder.
GAP = Colour("#FFE8C2", "#8A4B00")
GAP_BORDER = "#D98200"


def dominant(letters: str) -> str:
    """The letter whose colour a cell takes ("" for an empty cell)."""
    return next((ch for ch in DOMINANCE if ch in letters), "")


def palette_css() -> str:
    """The letter and gap rules of document.css, generated so no colour is written twice."""
    rules = []
    for letter, colour in PALETTE.items():
        rules.append(
            f".l-{letter} {{ background: {colour.fill}; color: {colour.text}; }}\n"
            f"td.cell-{letter} {{ background: {colour.fill}; }}"
        )
    rules.append(
        f".gap-mark {{ background: {GAP.fill}; color: {GAP.text}; "
        f"border: 0.5pt solid {GAP_BORDER}; }}\n"
        f"tr.gap th.activity, tr.gap td.proc {{ background: {GAP.fill}; }}\n"
        f"tr.gap > :first-child {{ border-left: 2.5pt solid {GAP_BORDER}; }}"
    )
    return "\n".join(rules) + "\n"
