"""The milestone timeline: the SVG and PNG pictures and the layout behind both."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from dealdocs import timeline, tree
from dealdocs.render._html import svg_markup
from dealdocs.timeline import Event, Timeline

SVG = "{http://www.w3.org/2000/svg}"

TEES = Timeline(date(2026, 3, 2), date(2036, 3, 2), [
    Event(date(2026, 3, 2), "Heads of terms signed", "deal"),
    Event(date(2026, 12, 31), "Land assembled at Tees Dock", "due"),
    Event(date(2027, 3, 31), "Tranche 1: £40m capital grant", "tranche"),
    Event(date(2027, 6, 30), "Skills academy opens <script>alert(1)</script> & more", "due"),
    Event(date(2028, 3, 31), "Tranche 2: £60m on 500 jobs created", "tranche"),
    Event(date(2028, 3, 31), "750 jobs created", "due"),
    Event(date(2029, 3, 31), "1,500 local jobs", "due"),
    Event(date(2036, 3, 2), "End of the Term", "deal"),
])


def test_svg_is_a_clean_accessible_picture():
    text = timeline.svg(TEES)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "160mm" and root.get("viewBox").startswith("0 0 160 ")
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Milestone timeline, 2 Mar 2026 to 2 Mar 2036"
    assert "31 Mar 2028: 750 jobs created (commitment due)" in root.find(f"{SVG}desc").text
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in text
    svg_markup(tree.Figure(svg=text, paint_png=bytes, caption="c", alt="a"))  # passes the renderer's check


def test_svg_labels_markers_and_legend():
    root = ET.fromstring(timeline.svg(TEES))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for label in ("Heads of terms signed", "Land assembled at Tees Dock", "750 jobs created", "End of the Term",
                  "Commitment due", "Funding tranche", "Deal milestone", "31 Mar 2028", "2030"):
        assert label in texts, label
    assert texts.count("31 Mar 2028") == 1  # two events on one date share one label
    circles = root.findall(f"{SVG}circle")
    polygons = root.findall(f"{SVG}polygon")
    assert len(circles) == 4 + 1  # four dates with a commitment due, and the legend
    assert len(polygons) == 2 + 1 + 2 + 1  # tranches (diamonds), deal milestones (squares), legend


def test_legend_names_only_the_kinds_shown():
    only_due = Timeline(date(2026, 1, 1), date(2030, 1, 1), [Event(date(2027, 1, 1), "Jobs", "due")])
    texts = [t.text for t in ET.fromstring(timeline.svg(only_due)).iter(f"{SVG}text")]
    assert "Commitment due" in texts and "Funding tranche" not in texts and "Deal milestone" not in texts


def test_png_is_the_same_picture_deterministically():
    data = timeline.png(TEES)
    assert data == timeline.png(TEES)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    assert image.size[0] == round(160 / 25.4 * 150)
    assert round(image.info["dpi"][0]) == 150
    svg_height = float(ET.fromstring(timeline.svg(TEES)).get("height").removesuffix("mm"))
    assert abs(image.size[1] - svg_height / 25.4 * 150) <= 1
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert len(image.getcolors(1 << 16)) > 10  # something was drawn, anti-aliased
    assert Image.open(io.BytesIO(timeline.png(TEES, dpi=300))).size[0] == round(160 / 25.4 * 300)


def test_figure_carries_both_pictures():
    figure = timeline.figure(TEES, caption="Milestone timeline", alt="Timeline of the deal")
    assert isinstance(figure, tree.Figure)
    assert figure.svg == timeline.svg(TEES) and figure.png == timeline.png(TEES)
    assert (figure.caption, figure.alt, figure.width_mm) == ("Milestone timeline", "Timeline of the deal", 160.0)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="kind"):
        Event(date(2026, 1, 1), "x", "payment")
    with pytest.raises(ValueError, match="before it starts"):
        Timeline(date(2026, 1, 1), date(2026, 1, 1), [])


def test_events_outside_the_term_stretch_the_axis():
    late = Timeline(date(2026, 1, 1), date(2030, 1, 1), [Event(date(2031, 6, 1), "Late payment", "tranche")])
    texts = [t.text for t in ET.fromstring(timeline.svg(late)).iter(f"{SVG}text")]
    assert "Late payment" in texts and "2031" in texts


def test_long_labels_are_wrapped_and_cut():
    long = Timeline(date(2026, 1, 1), date(2036, 1, 1), [
        Event(date(2030, 1, 1), "A commitment with a label far too long to sit on two lines of a small picture", "due"),
        Event(date(2031, 1, 1), "Supercalifragilisticexpialidociousandthensomemoreletters", "due"),
    ])
    texts = [t.text for t in ET.fromstring(timeline.svg(long)).iter(f"{SVG}text")]
    assert any(t.endswith("\u2026") for t in texts)
    shapes, _ = timeline._scene(long)
    for shape in shapes:
        if isinstance(shape, timeline._Text):
            assert timeline._measure(shape.text, shape.size, shape.style) <= timeline._LABEL_MAX + 0.01


# --- layout: labels never overlap, leader lines never cross labels ----------------------


def _boxes(shapes):
    """Each label's text box (x0, y0, x1, y1) in mm, from its lines."""
    out = []
    for shape in shapes:
        if not isinstance(shape, timeline._Text):
            continue
        width = timeline._measure(shape.text, shape.size, shape.style)
        x0 = {"start": shape.x, "middle": shape.x - width / 2, "end": shape.x - width}[shape.anchor]
        out.append((x0, shape.y - shape.size * 0.72, x0 + width, shape.y + shape.size * 0.22))
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check_layout(line: Timeline) -> None:
    shapes, height = timeline._scene(line)
    boxes = _boxes(shapes)
    for i, a in enumerate(boxes):
        assert -0.01 <= a[0] and a[2] <= timeline.WIDTH + 0.01 and 0 <= a[1] and a[3] <= height, a
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    leaders = [s for s in shapes if isinstance(s, timeline._Line) and s.x1 == s.x2 and abs(s.y2 - s.y1) > 2.5]
    for leader in leaders:
        top, bottom = sorted((leader.y1, leader.y2))
        crossed = [b for b in boxes if b[0] + 0.3 < leader.x1 < b[2] - 0.3 and b[1] < bottom and top < b[3]]
        assert not crossed, (leader, crossed)


def test_a_crowded_timeline_lays_out_cleanly():
    _check_layout(TEES)
    crowded = Timeline(date(2026, 1, 1), date(2041, 1, 1), [
        Event(date(2026, 1, 1) + timedelta(days=120 * i), f"Milestone number {i} of the deal", "due")
        for i in range(20)
    ])
    _check_layout(crowded)


_events = st.builds(
    Event,
    date=st.dates(date(2026, 1, 1), date(2040, 12, 31)),
    label=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60),
    kind=st.sampled_from(sorted(timeline.KINDS)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(_events, max_size=12))
def test_any_timeline_lays_out_cleanly_and_safely(events):
    line = Timeline(date(2026, 1, 1), date(2041, 1, 1), events)
    text = timeline.svg(line)
    root = ET.fromstring(text)  # well-formed whatever the labels hold
    assert root.find(f"{SVG}script") is None
    # Labels may hold characters the font has no glyph for; the layout only promises no
    # crossing when events are not crammed into the right edge, where flags turn left.
    if all(e.date < date(2038, 1, 1) for e in events):
        _check_layout(line)
