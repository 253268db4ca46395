"""The milestone timeline of Schedule 1, as SVG (HTML, PDF) and PNG (Word).

The picture is laid out once, here, in millimetres, as a short list of shapes
(`_scene`); `svg` writes those shapes as SVG text and `png` paints the same shapes with
Pillow (`dealdocs.timelinepaint`), so the two pictures cannot drift apart. Label widths
are measured with the shipped Liberation Serif font, which both outputs draw with; the
font, the shapes and the kinds of event are `dealdocs.timelineshapes`.

Layout: a horizontal axis across the deal's term with a tick at every 1 January, a
marker per event (its shape and colour say its kind, and a legend names the kinds), and
one label per date, listing that date's events, in the row nearest the axis (above or
below it) where it collides with no other label or leader line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import count

from dealdocs.timelinepaint import png_image, svg_document
from dealdocs.timelineshapes import INK as _INK
from dealdocs.timelineshapes import KINDS
from dealdocs.timelineshapes import LABEL_SIZE as _LABEL_SIZE
from dealdocs.timelineshapes import RULE as _RULE
from dealdocs.timelineshapes import Line as _Line
from dealdocs.timelineshapes import Mark as _Mark
from dealdocs.timelineshapes import Text as _Text
from dealdocs.timelineshapes import measure as _measure
from dealdocs.tree import Figure

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
    return svg_document(shapes, WIDTH, height, _title(timeline), _description(timeline))


def png(timeline: Timeline, dpi: int = 150) -> bytes:
    """The same picture painted with Pillow: white background, `dpi` dots per inch; the
    bytes depend only on the timeline and `dpi`."""
    shapes, height = _scene(timeline)
    return png_image(shapes, WIDTH, height, dpi)


def figure(timeline: Timeline, caption: str, alt: str) -> Figure:
    """A document-tree figure carrying both pictures of `timeline`."""
    return Figure(svg=svg(timeline), paint_png=partial(png, timeline), caption=caption, alt=alt, width_mm=WIDTH)


# --- layout -------------------------------------------------------------------------

WIDTH = 160.0
_PAD = 3.0  # clear space at the left and right edges
_DATE_SIZE = 2.3  # about 6.5 pt
_LINE = 3.1  # baseline-to-baseline distance of label lines
_CAP = 1.9  # height of a capital at _LABEL_SIZE
_ROW = _LINE / 2  # labels stack in rows of half a line: n lines take 2n rows with the gap
_LABEL_MAX = 34.0  # labels wrap at this width ...
_LABEL_LINES = 2  # ... onto at most this many lines (then end in an ellipsis)
_GROUP_MAX = 4  # events listed under one date before "and n more"
_GAP = 2.0  # least horizontal space between two labels
_DODGE = 2.4  # horizontal spacing of markers of different kinds on one date


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
