"""The milestone timeline of Schedule 1, as SVG (HTML, PDF) and PNG (Word).

The picture is laid out once, in millimetres, as a short list of shapes (`_scene`);
`svg` writes those shapes as SVG text and `png` paints the same shapes with Pillow, so
the two pictures cannot drift apart. Label widths are measured with the shipped
Liberation Serif font, which both outputs draw with.

Layout: a horizontal axis across the deal's term with a tick at every 1 January, one
marker per event (its shape and colour say its kind, and a legend names the kinds), and
each event's label in the nearest lane above or below the axis where it collides with
no other label or leader line.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from datetime import date
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from dealdocs.resources import fonts_dir
from dealdocs.tree import Figure

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

    Shapes are painted at three times the size and scaled down, which smooths edges
    without any randomness: the bytes depend only on the timeline and `dpi`.
    """
    shapes, height = _scene(timeline)
    scale = dpi / 25.4 * _SUPERSAMPLE
    size = (round(WIDTH * scale), round(height * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        _paint(draw, shape, scale)
    image = image.resize((round(WIDTH * dpi / 25.4), round(height * dpi / 25.4)), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def figure(timeline: Timeline, caption: str, alt: str) -> Figure:
    """A document-tree figure carrying both pictures of `timeline`."""
    return Figure(svg=svg(timeline), png=png(timeline), caption=caption, alt=alt, width_mm=WIDTH)


# --- layout -------------------------------------------------------------------------

WIDTH = 160.0
_PAD = 3.0  # clear space at the left and right edges
_LABEL_SIZE = 2.65  # mm; about 7.5 pt
_DATE_SIZE = 2.3  # about 6.5 pt
_LINE = 3.1  # baseline-to-baseline distance of label lines
_LABEL_MAX = 34.0  # labels wrap at this width ...
_LABEL_LINES = 2  # ... onto at most this many lines (then end in an ellipsis)
_LANE = _LABEL_LINES * _LINE + _LINE + 2.6  # height of one row of labels
_GAP = 2.0  # least horizontal space between two labels in one lane
_SUPERSAMPLE = 3
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
    """An event's label as placed: side (-1 above, +1 below), lane, box and leader."""

    side: int
    lane: int
    x0: float
    x1: float
    leader: float


def _scene(timeline: Timeline) -> tuple[list[_Line | _Mark | _Text], float]:
    """The shapes of the picture, in millimetres, and the picture's height."""
    start = min([timeline.start, *(e.date for e in timeline.events)])
    end = max([timeline.end, *(e.date for e in timeline.events)])
    left, right = _PAD + 2.0, WIDTH - _PAD - 2.0
    span = (end - start).days

    def x_of(day: date) -> float:
        return left + (right - left) * (day - start).days / span

    events = sorted(timeline.events, key=lambda e: (e.date, e.kind, e.label))
    texts = [_label_lines(e) for e in events]
    placed: list[_Label] = []
    for event, lines in zip(events, texts):
        width = max(_measure(t, _LABEL_SIZE if i < len(lines) - 1 else _DATE_SIZE) for i, t in enumerate(lines))
        placed.append(_place(x_of(event.date), width, placed))

    above = 1 + max((p.lane for p in placed if p.side < 0), default=-1)
    below = 1 + max((p.lane for p in placed if p.side > 0), default=-1)
    axis = 3.0 + above * _LANE + 5.0
    years_y = axis + 4.2  # baseline of the year labels under the axis
    below_top = axis + 7.5
    legend_y = below_top + below * _LANE + 4.5
    height = legend_y + 3.0

    shapes: list[_Line | _Mark | _Text] = [_Line(left, axis, right, axis, 0.4, _INK)]
    shapes += _ticks(start, end, x_of, axis, years_y)
    for event, lines, label in zip(events, texts, placed):
        x = x_of(event.date)
        centre = (label.x0 + label.x1) / 2
        block = (len(lines) - 1) * _LINE  # first to last baseline
        if label.side < 0:
            last = axis - 5.0 - label.lane * _LANE - 1.0
            first = last - block
            shapes.append(_Line(x, axis - 1.6, x, last + 1.0))
        else:
            first = below_top + label.lane * _LANE + _LINE
            last = first + block
            shapes.append(_Line(x, axis + 1.6, x, first - _LINE + 0.4))
        for i, text in enumerate(lines):
            is_date = i == len(lines) - 1
            shapes.append(
                _Text(centre, first + i * _LINE, text, _DATE_SIZE if is_date else _LABEL_SIZE,
                      style="italic" if is_date else "regular")
            )
        shapes.append(_Mark(event.kind, x, axis))
    shapes += _legend([e.kind for e in events], legend_y)
    return shapes, height


def _place(x: float, width: float, placed: list[_Label]) -> _Label:
    """The first lane, alternating above and below the axis, where a label fits."""
    x0 = min(max(x - width / 2, _PAD), WIDTH - _PAD - width)
    x1 = x0 + width
    lane = 0
    while True:
        for side in (-1, 1):
            if all(_clear(side, lane, x0, x1, x, other) for other in placed):
                return _Label(side, lane, x0, x1, x)
        lane += 1


def _clear(side: int, lane: int, x0: float, x1: float, leader: float, other: _Label) -> bool:
    if other.side != side:
        return True
    if other.lane == lane:
        return x1 + _GAP <= other.x0 or other.x1 + _GAP <= x0
    if other.lane < lane:  # our leader crosses the other's lane
        return not other.x0 - 1.0 <= leader <= other.x1 + 1.0
    return not x0 - 1.0 <= other.leader <= x1 + 1.0  # its leader crosses our lane


def _label_lines(event: Event) -> list[str]:
    """The label wrapped to `_LABEL_MAX` on at most `_LABEL_LINES` lines, then the date."""
    words = " ".join(event.label.split()).split(" ")
    lines: list[str] = []
    for word in words:
        if lines and _measure(f"{lines[-1]} {word}", _LABEL_SIZE) <= _LABEL_MAX:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > _LABEL_LINES:
        last = " ".join(lines[_LABEL_LINES - 1 :])
        while last and _measure(last + "\u2026", _LABEL_SIZE) > _LABEL_MAX:
            last = last[:-1]
        lines = lines[: _LABEL_LINES - 1] + [last.rstrip() + "\u2026"]
    return lines + [_short_date(event.date)]


def _ticks(start: date, end: date, x_of, axis: float, baseline: float) -> list[_Line | _Text]:
    """A tick at each 1 January inside the term, labelled with its year where room allows.

    The term's first and last dates are written under the axis ends.
    """
    shapes: list[_Line | _Text] = []
    ends = [
        _Text(x_of(start), baseline, _short_date(start), _DATE_SIZE, "start", "italic"),
        _Text(x_of(end), baseline, _short_date(end), _DATE_SIZE, "end", "italic"),
    ]
    taken = [(x_of(start), x_of(start) + _measure(ends[0].text, _DATE_SIZE)),
             (x_of(end) - _measure(ends[1].text, _DATE_SIZE), x_of(end))]
    years = [date(y, 1, 1) for y in range(start.year + 1, end.year + 1) if date(y, 1, 1) < end]
    step = 1
    while years and (x_of(years[0].replace(year=years[0].year + step)) - x_of(years[0])) < 11.0:
        step += 1
    for day in (start, *years, end):
        shapes.append(_Line(x_of(day), axis - 1.0, x_of(day), axis + 1.0, 0.3, _INK))
    for day in years:
        if (day.year - years[0].year) % step:
            continue
        x = x_of(day)
        half = _measure(str(day.year), _DATE_SIZE) / 2 + 1.0
        if all(x + half <= a or b <= x - half for a, b in taken):
            shapes.append(_Text(x, baseline, str(day.year), _DATE_SIZE, colour=_RULE))
    return shapes + ends


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
    events = sorted(timeline.events, key=lambda e: (e.date, e.kind, e.label))
    return "; ".join(f"{_short_date(e.date)}: {e.label} ({KINDS[e.kind][0].lower()})" for e in events)


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
