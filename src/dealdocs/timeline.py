"""The milestone timeline of Schedule 1, as SVG (HTML, PDF) and PNG (Word).

The picture is laid out once, in millimetres, as a short list of shapes (`_scene`);
`svg` writes those shapes as SVG text and `png` paints the same shapes with Pillow, so
the two pictures cannot drift apart. Label widths are measured with the shipped
Liberation Serif font, which both outputs draw with.

Layout: a horizontal axis across the deal's term with a tick at every 1 January, a
marker per event (its shape and colour say its kind, and a legend names the kinds), and
one label per date, listing that date's events, in the row nearest the axis (above or
below it) where it collides with no other label or leader line.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, partial
from itertools import count
from typing import TYPE_CHECKING

from dealdocs.resources import fonts_dir
from dealdocs.tree import Figure

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

# kind -> (legend text, marker shape, colour). Shapes differ as well as colours, so the
# picture still reads when printed in black and white.
KINDS = {
    "due": ("Commitment due", "circle", "#1f3f66"),
    "tranche": ("Funding tranche", "diamond", "#2d6a3e"),
    "deal": ("Deal milestone", "square", "#8a2b1f"),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Event:
    date: date
    label: str
    kind: str  # one of KINDS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"timeline event kind {self.kind!r} is not one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    events: list[Event]

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"timeline ends ({self.end}) on or before it starts ({self.start})")


def svg(timeline: Timeline) -> str:
    """The timeline as a standalone SVG document 160 mm wide (user units are mm)."""
    shapes, height = _scene(timeline)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(WIDTH)}mm" height="{_n(height)}mm"'
        f' viewBox="0 0 {_n(WIDTH)} {_n(height)}" role="img"'
        " font-family=\"'Liberation Serif', 'Times New Roman', serif\">",
        f"<title>{_x(_title(timeline))}</title>",
        f"<desc>{_x(_description(timeline))}</desc>",
    ]
    out += [_svg_shape(shape) for shape in shapes]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def png(timeline: Timeline, dpi: int = 150) -> bytes:
    """The same picture painted with Pillow: white background, `dpi` dots per inch.

    Shapes are painted at twice the size and each 2x2 square of pixels averaged into
    one (`Image.reduce`: half the time of a Lanczos resize, and as smooth at this
    scale), with no randomness: the bytes depend only on the timeline and `dpi`.
    """
    shapes, height = _scene(timeline)
    scale = dpi / 25.4 * _SUPERSAMPLE
    size = (round(WIDTH * scale), round(height * scale))
    from PIL import Image, ImageDraw  # only Word needs the PNG; HTML and PDF use the SVG

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        _paint(draw, shape, scale)
    image = image.reduce(_SUPERSAMPLE)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def figure(timeline: Timeline, caption: str, alt: str) -> Figure:
    """A document-tree figure carrying both pictures of `timeline`."""
    return Figure(svg=svg(timeline), paint_png=partial(png, timeline), caption=caption, alt=alt, width_mm=WIDTH)


# --- layout -------------------------------------------------------------------------

WIDTH = 160.0
_PAD = 3.0  # clear space at the left and right edges
_LABEL_SIZE = 2.65  # mm; about 7.5 pt
_DATE_SIZE = 2.3  # about 6.5 pt
_LINE = 3.1  # baseline-to-baseline distance of label lines
_CAP = 1.9  # height of a capital at _LABEL_SIZE
_ROW = _LINE / 2  # labels stack in rows of half a line: n lines take 2n rows with the gap
_LABEL_MAX = 34.0  # labels wrap at this width ...
_LABEL_LINES = 2  # ... onto at most this many lines (then end in an ellipsis)
_GROUP_MAX = 4  # events listed under one date before "and n more"
_GAP = 2.0  # least horizontal space between two labels
_DODGE = 2.4  # horizontal spacing of markers of different kinds on one date
_SUPERSAMPLE = 2
_INK = "#222222"
_RULE = "#555555"


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.25
    colour: str = _RULE


@dataclass(frozen=True)
class _Mark:
    kind: str
    x: float
    y: float
    r: float = 1.5


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float = _LABEL_SIZE
    anchor: str = "middle"  # start | middle | end
    style: str = "regular"  # regular | italic
    colour: str = _INK


@dataclass(frozen=True)
class _Label:
    """The label of one date as placed.

    `side` is -1 above the axis, +1 below; the label fills rows [row, row + rows),
    counted outwards from the axis, the last row being the gap to the next label. It is
    a flag: the text starts beside the leader line at `leader` and runs right (or, near
    the right edge, ends beside it), so its box is [x0, x1].
    """

    side: int
    row: int
    rows: int
    x0: float
    x1: float
    leader: float


def _scene(timeline: Timeline) -> tuple[list[_Line | _Mark | _Text], float]:
    """The shapes of the picture, in millimetres, and the picture's height."""
    start = min([timeline.start, *(e.date for e in timeline.events)])
    end = max([timeline.end, *(e.date for e in timeline.events)])
    left, right = _PAD + 2.0, WIDTH - _PAD - 2.0

    def x_of(day: date) -> float:
        return left + (right - left) * (day - start).days / (end - start).days

    groups: dict[date, list[Event]] = {}
    for event in _in_order(timeline.events):
        groups.setdefault(event.date, []).append(event)
    days = list(groups)
    texts = [_label_lines(groups[day]) for day in days]
    # Latest first: each earlier flag then goes outside the later ones it would cover,
    # a staircase in which no leader line crosses a label.
    placed: dict[int, _Label] = {}
    for i in reversed(range(len(days))):
        width = max(_measure(t, _DATE_SIZE if j == len(texts[i]) - 1 else _LABEL_SIZE) for j, t in enumerate(texts[i]))
        placed[i] = _place(x_of(days[i]), width, 2 * len(texts[i]), list(placed.values()))

    def extent(side: int) -> int:
        return max((p.row + p.rows for p in placed.values() if p.side == side), default=0)

    axis = 4.5 + extent(-1) * _ROW
    below_top = axis + 7.0  # under the year labels
    legend_y = below_top + extent(1) * _ROW + 4.0
    height = legend_y + 2.5

    shapes: list[_Line | _Mark | _Text] = [_Line(left, axis, right, axis, 0.4, _INK)]
    shapes += _ticks(start, end, x_of, axis, [p.leader for p in placed.values() if p.side > 0])
    for i, lines in enumerate(texts):
        label = placed[i]
        if label.side < 0:
            first = axis - 3.5 - label.row * _ROW - (len(lines) - 1) * _LINE
            shapes.append(_Line(label.leader, axis - 1.6, label.leader, first - _CAP))
        else:
            first = below_top + label.row * _ROW + _CAP
            shapes.append(_Line(label.leader, axis + 1.6, label.leader, first + (len(lines) - 1) * _LINE + 0.8))
        x, anchor = (label.leader + 1.0, "start") if label.x0 == label.leader else (label.leader - 1.0, "end")
        for j, text in enumerate(lines):
            is_date = j == len(lines) - 1
            shapes.append(_Text(x, first + j * _LINE, text, _DATE_SIZE if is_date else _LABEL_SIZE,
                                anchor, "italic" if is_date else "regular"))
    for day, events in groups.items():
        kinds = list(dict.fromkeys(e.kind for e in events))
        for j, kind in enumerate(kinds):
            shapes.append(_Mark(kind, x_of(day) + (j - (len(kinds) - 1) / 2) * _DODGE, axis))
    shapes += _legend([e.kind for e in timeline.events], legend_y)
    return shapes, height


def _place(x: float, width: float, rows: int, placed: list[_Label]) -> _Label:
    """The row nearest the axis, above or below it, where a label fits.

    A row fits when the label overlaps no other label and no leader line crosses a
    label. Should a crowded right edge (where flags turn left) leave no such row, leader
    lines may cross labels; labels still never overlap each other.
    """
    box = (x, x + 1.0 + width) if x + 1.0 + width <= WIDTH - _PAD else (x - 1.0 - width, x)
    here = _Label(0, 0, rows, box[0], box[1], x)
    # Past the outermost label, every row looks the same.
    last = max((p.row + p.rows for p in placed), default=0) + 1
    for strict in (True, False):
        for row in range(last) if strict else count():
            for side in (-1, 1):
                label = replace(here, side=side, row=row)
                if all(_clear(label, other, strict) for other in placed):
                    return label
    raise AssertionError("unreachable: a row past every label always fits")


def _clear(new: _Label, old: _Label, leaders: bool) -> bool:
    if old.side != new.side:
        return True
    rows_meet = new.row < old.row + old.rows and old.row < new.row + new.rows
    if rows_meet and new.x0 < old.x1 + _GAP and old.x0 < new.x1 + _GAP:
        return False  # the boxes overlap
    if not leaders:
        return True
    if old.row < new.row and old.x0 - 0.5 <= new.leader <= old.x1 + 0.5:
        return False  # the new leader runs through the old label
    return not (new.row < old.row and new.x0 - 0.5 <= old.leader <= new.x1 + 0.5)


def _label_lines(events: list[Event]) -> list[str]:
    """The labels of one date's events, each wrapped, then the date."""
    lines = [line for event in events[:_GROUP_MAX] for line in _wrap(event.label)]
    if len(events) > _GROUP_MAX:
        lines.append(f"and {len(events) - _GROUP_MAX} more")
    return lines + [_short_date(events[0].date)]


def _wrap(label: str) -> list[str]:
    """`label` wrapped to `_LABEL_MAX` on at most `_LABEL_LINES` lines."""
    lines: list[str] = []
    for word in _printable(label).split():
        if lines and _measure(f"{lines[-1]} {word}", _LABEL_SIZE) <= _LABEL_MAX:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > _LABEL_LINES:
        lines[_LABEL_LINES - 1 :] = [" ".join(lines[_LABEL_LINES - 1 :]) + "\u2026"]
    return [_fit(line) for line in lines]


def _fit(line: str) -> str:
    """`line`, cut short with an ellipsis if it is wider than a label may be."""
    if _measure(line, _LABEL_SIZE) <= _LABEL_MAX:
        return line
    while line and _measure(line.rstrip() + "\u2026", _LABEL_SIZE) > _LABEL_MAX:
        line = line[:-1]
    return line.rstrip().rstrip("\u2026") + "\u2026"


def _ticks(start: date, end: date, x_of, axis: float, leaders: list[float]) -> list[_Line | _Text]:
    """Ticks at the term's ends and each 1 January, with years where they fit.

    A year label is left out where it would crowd its neighbours or sit on a leader line
    running down to a label below the axis.
    """
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1) if date(y, 1, 1) < end]
    step = 1
    while years and x_of(years[0].replace(year=years[0].year + step)) - x_of(years[0]) < 10.0:
        step += 1
    shapes: list[_Line | _Text] = [
        _Line(x_of(day), axis - 1.0, x_of(day), axis + 1.0, 0.3, _INK) for day in (start, *years, end)
    ]
    for day in years[::step]:
        x, half = x_of(day), _measure(str(day.year), _DATE_SIZE) / 2 + 0.6
        if not any(x - half <= leader <= x + half for leader in leaders):
            shapes.append(_Text(x, axis + 4.0, str(day.year), _DATE_SIZE, colour=_RULE))
    return shapes


def _legend(kinds: list[str], baseline: float) -> list[_Mark | _Text]:
    shapes: list[_Mark | _Text] = []
    x = _PAD + 2.0
    for kind, (text, _shape, _colour) in KINDS.items():
        if kind not in kinds:
            continue
        shapes.append(_Mark(kind, x, baseline - 0.8, 1.3))
        shapes.append(_Text(x + 2.5, baseline, text, _LABEL_SIZE, "start"))
        x += 2.5 + _measure(text, _LABEL_SIZE) + 7.0
    return shapes


def _title(timeline: Timeline) -> str:
    return f"Milestone timeline, {_short_date(timeline.start)} to {_short_date(timeline.end)}"


def _description(timeline: Timeline) -> str:
    return "; ".join(f"{_short_date(e.date)}: {_printable(e.label)} ({KINDS[e.kind][0].lower()})"
                     for e in _in_order(timeline.events))


def _in_order(events: list[Event]) -> list[Event]:
    """By date, then kind (in the legend's order), then label: the same order every time."""
    return sorted(events, key=lambda e: (e.date, list(KINDS).index(e.kind), e.label))


def _printable(text: str) -> str:
    """Text without the control characters XML cannot carry and fonts cannot draw."""
    return _CONTROL.sub(" ", text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def _short_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- fonts and measuring ------------------------------------------------------------

_FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}
_MEASURE_PX = 200  # measure at 200 px per mm of font size, then scale down


@cache
def _font(style: str, px: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts_dir() / _FONT_FILES[style]), px)


def _measure(text: str, size: float, style: str = "regular") -> float:
    return _font(style, _MEASURE_PX).getlength(text) * size / _MEASURE_PX


# --- output -------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate written the same way every time: at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _marker_points(mark: _Mark) -> list[tuple[float, float]]:
    x, y, r = mark.x, mark.y, mark.r
    if KINDS[mark.kind][1] == "diamond":
        r *= 1.25
        return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    r *= 0.9
    return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]


def _svg_shape(shape: _Line | _Mark | _Text) -> str:
    if isinstance(shape, _Line):
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}"'
                f' stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>')
    if isinstance(shape, _Mark):
        colour = KINDS[shape.kind][2]
        if KINDS[shape.kind][1] == "circle":
            return (f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.r)}" fill="{colour}"'
                    ' stroke="white" stroke-width="0.3"/>')
        points = " ".join(f"{_n(px)},{_n(py)}" for px, py in _marker_points(shape))
        return f'<polygon points="{points}" fill="{colour}" stroke="white" stroke-width="0.3"/>'
    italic = ' font-style="italic"' if shape.style == "italic" else ""
    return (f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"'
            f' text-anchor="{shape.anchor}" fill="{shape.colour}"{italic}>{_x(shape.text)}</text>')


_PIL_ANCHOR = {"start": "ls", "middle": "ms", "end": "rs"}


def _paint(draw: ImageDraw.ImageDraw, shape: _Line | _Mark | _Text, scale: float) -> None:
    if isinstance(shape, _Line):
        draw.line([(shape.x1 * scale, shape.y1 * scale), (shape.x2 * scale, shape.y2 * scale)],
                  fill=shape.colour, width=max(1, round(shape.width * scale)))
    elif isinstance(shape, _Mark):
        colour = KINDS[shape.kind][2]
        if KINDS[shape.kind][1] == "circle":
            r = shape.r * scale
            draw.ellipse([shape.x * scale - r, shape.y * scale - r, shape.x * scale + r, shape.y * scale + r],
                         fill=colour, outline="white", width=max(1, round(0.3 * scale)))
        else:
            points = [(px * scale, py * scale) for px, py in _marker_points(shape)]
            draw.polygon(points, fill=colour, outline="white", width=max(1, round(0.3 * scale)))
    else:
        font = _font(shape.style, max(1, round(shape.size * scale)))
        draw.text((shape.x * scale, shape.y * scale), shape.text, font=font, fill=shape.colour,
                  anchor=_PIL_ANCHOR[shape.anchor])
