"""The milestone timeline's shapes written out: as SVG text (HTML, PDF) and painted with
Pillow as PNG (Word). Both write the one list of shapes the layout makes
(`dealdocs.timeline`), in millimetres, so the two pictures cannot drift apart.
"""

from __future__ import annotations

import html
import io
from typing import TYPE_CHECKING

from dealdocs.timelineshapes import KINDS, Line, Mark, Text, font

if TYPE_CHECKING:
    from PIL import ImageDraw

_SUPERSAMPLE = 2


def svg_document(shapes: list[Line | Mark | Text], width: float, height: float, title: str, description: str) -> str:
    """The shapes as a standalone SVG document `width` mm wide (user units are mm)."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}mm" height="{_n(height)}mm"'
        f' viewBox="0 0 {_n(width)} {_n(height)}" role="img"'
        " font-family=\"'Liberation Serif', 'Times New Roman', serif\">",
        f"<title>{_x(title)}</title>",
        f"<desc>{_x(description)}</desc>",
    ]
    out += [_svg_shape(shape) for shape in shapes]
    out.append("</svg>")
    return "\n".join(out) + "\n"


def png_image(shapes: list[Line | Mark | Text], width: float, height: float, dpi: int) -> bytes:
    """The shapes painted with Pillow: white background, `dpi` dots per inch.

    Shapes are painted at twice the size and each 2x2 square of pixels averaged into
    one (`Image.reduce`: half the time of a Lanczos resize, and as smooth at this
    scale), with no randomness: the bytes depend only on the shapes and `dpi`.
    """
    scale = dpi / 25.4 * _SUPERSAMPLE
    size = (round(width * scale), round(height * scale))
    from PIL import Image, ImageDraw  # only Word needs the PNG; HTML and PDF use the SVG

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for shape in shapes:
        _paint(draw, shape, scale)
    image = image.reduce(_SUPERSAMPLE)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def _n(value: float) -> str:
    """A coordinate written the same way every time: at most two decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _marker_points(mark: Mark) -> list[tuple[float, float]]:
    x, y, r = mark.x, mark.y, mark.r
    if KINDS[mark.kind][1] == "diamond":
        r *= 1.25
        return [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    r *= 0.9
    return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]


def _svg_shape(shape: Line | Mark | Text) -> str:
    if isinstance(shape, Line):
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}"'
                f' stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>')
    if isinstance(shape, Mark):
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


def _paint(draw: ImageDraw.ImageDraw, shape: Line | Mark | Text, scale: float) -> None:
    if isinstance(shape, Line):
        draw.line([(shape.x1 * scale, shape.y1 * scale), (shape.x2 * scale, shape.y2 * scale)],
                  fill=shape.colour, width=max(1, round(shape.width * scale)))
    elif isinstance(shape, Mark):
        colour = KINDS[shape.kind][2]
        if KINDS[shape.kind][1] == "circle":
            r = shape.r * scale
            draw.ellipse([shape.x * scale - r, shape.y * scale - r, shape.x * scale + r, shape.y * scale + r],
                         fill=colour, outline="white", width=max(1, round(0.3 * scale)))
        else:
            points = [(px * scale, py * scale) for px, py in _marker_points(shape)]
            draw.polygon(points, fill=colour, outline="white", width=max(1, round(0.3 * scale)))
    else:
        face = font(shape.style, max(1, round(shape.size * scale)))
        draw.text((shape.x * scale, shape.y * scale), shape.text, font=face, fill=shape.colour,
                  anchor=_PIL_ANCHOR[shape.anchor])
