"""The parts the milestone timeline is drawn with, in millimetres: the kinds of event
(each with its legend text, marker shape and colour), the three shapes of the picture,
and the shipped Liberation Serif font its labels are both measured and drawn with.

The layout (`dealdocs.timeline`) makes one list of these shapes, and the painters
(`dealdocs.timelinepaint`) write that same list as SVG and as PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from dealdocs.resources import fonts_dir

if TYPE_CHECKING:
    from PIL import ImageFont

# kind -> (legend text, marker shape, colour). Shapes differ as well as colours, so the
# picture still reads when printed in black and white.
KINDS = {
    "due": ("Commitment due", "circle", "#1f3f66"),
    "tranche": ("Funding tranche", "diamond", "#2d6a3e"),
    "deal": ("Deal milestone", "square", "#8a2b1f"),
}

LABEL_SIZE = 2.65  # mm; about 7.5 pt
INK = "#222222"
RULE = "#555555"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.25
    colour: str = RULE


@dataclass(frozen=True)
class Mark:
    kind: str
    x: float
    y: float
    r: float = 1.5


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = LABEL_SIZE
    anchor: str = "middle"  # start | middle | end
    style: str = "regular"  # regular | italic
    colour: str = INK


# --- fonts and measuring ------------------------------------------------------------

_FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}
_MEASURE_PX = 200  # measure at 200 px per mm of font size, then scale down


@cache
def font(style: str, px: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts_dir() / _FONT_FILES[style]), px)


def measure(text: str, size: float, style: str = "regular") -> float:
    return font(style, _MEASURE_PX).getlength(text) * size / _MEASURE_PX
