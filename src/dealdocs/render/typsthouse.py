"""The house style in the Typst PDF: the page, fonts and header text of the Word file
being negotiated, as `pdfhouse` gives them to the WeasyPrint PDF.

`render.docx.look` reads them from the reference document; this module turns them into
one Typst binding, `#let house = (...)`, which render/typst.py puts before the preamble
(templates/document.typ reads it), and names the font files the compiler needs.

Fonts. Typst sets text only in the fonts it is handed: the shipped Liberation Serif, its
own embedded faces, and, with a house style, the files of the house's fonts as
fontconfig lists them (`fc-list`: the fonts WeasyPrint would find). The machine's other
fonts are never offered, so a character a house font lacks falls back to the same faces
on every build, and two builds are byte-identical. A house font the machine lacks is
set as `pdfhouse` sets it: in its metric-compatible twin where that is installed, else
in Liberation Serif, and `font_notes` says so in the same words (the choice and its
wording: `housefonts`). What is installed, here, is what fontconfig lists as files Typst
can read (a Type 1 or bitmap font is no use to Typst, and counts as not installed). Without `fc-list` only the shipped font is used, and said.

Every string from the reference (header lines, font names) is untrusted: it reaches
Typst only as a string literal (`typst_markup.lit`), never as markup or code; and no
font name is ever passed to a program (the whole font list is read and filtered here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dealdocs.render.docx.look import Font, HouseLook, house_look
from dealdocs.render.housefonts import SHIPPED, choose, notes
from dealdocs.render.typst_markup import lit

# Bounds that keep a damaged reference from asking Typst for an impossible page:
# PDF's largest page (200 in), Word's largest font size.
_PAGE_PT = (72.0, 14400.0)
_SIZE_PT = (1.0, 1638.0)


@dataclass(frozen=True)
class TypstHouse:
    source: str  # `#let house = (...)`, the line before the preamble
    font_files: tuple[str, ...]  # the house's font files the compiler is given


@dataclass(frozen=True)
class _Face:
    path: str
    family: str  # as Typst names it: a "Narrow" face is its family's, narrower
    stretch: float


def typst_house(style: Path) -> TypstHouse:
    """The house look of the reference at `style`, as Typst."""
    look = house_look(style)
    files: list[str] = []

    def text(font: Font) -> str:
        """`text` arguments: the font (the house's, its twin or the shipped one, then the
        shipped one for characters it lacks) and the size."""
        family = choose(font.family, _installed)[0]
        faces = () if family.casefold() == SHIPPED.casefold() else _faces(family)
        files.extend(face.path for face in faces)
        fonts, stretch = lit(SHIPPED), ""
        if faces:
            name = next((f.family for f in faces if f.family.casefold() == family.casefold()), faces[0].family)
            fonts = f"({lit(name)}, {lit(SHIPPED)})"
            widths = {face.stretch for face in faces}
            if len(widths) == 1 and widths != {1.0}:  # only narrow faces: ask for them by width
                stretch = f", stretch: {_number(100 * widths.pop())}%"
        size = min(max(font.size_pt, _SIZE_PT[0]), _SIZE_PT[1])
        return f"(font: {fonts}, size: {_number(size)}pt{stretch})"

    body = look.fonts["body"]
    roles = "".join(f"{role}: {text(font)}, " for role, font in look.fonts.items() if role != "body")
    source = (f"#let house = (page: {_page(look)}, body: {text(body)}, roles: ({roles or ':'}), "
              f"header: ({''.join(lit(line) + ', ' for line in look.header)}), "
              f"header-text: {text(look.header_font or body)})")
    return TypstHouse(source, tuple(sorted(set(files))))


def font_notes(style: Path) -> list[str]:
    """What the Typst PDF sets in another font than the house style names, one phrase each
    (as `pdfhouse.font_notes` says it for the WeasyPrint PDF)."""
    return notes(house_look(style), _installed)


def _installed(family: str) -> bool:
    return bool(_faces(family))


@lru_cache(maxsize=64)
def _faces(family: str) -> tuple[_Face, ...]:
    """The faces of the installed `family` Typst can read (fontconfig's family names, which
    WeasyPrint matches, are compared): one file per style, weight and width, the newest
    version where the machine has two (as Debian's liberation and liberation2)."""
    wanted = family.casefold()
    listed = {path: version for path, families, version in _fontconfig() if wanted in families}
    if not listed:
        return ()
    from dealdocs.render.typst import typst_fonts

    infos = typst_fonts([], sorted(listed), embedded=False).fonts()
    best: dict[tuple, _Face] = {}
    for info in sorted(infos, key=lambda i: (-listed.get(i.path or "", 0), i.path or "")):
        key = (info.family.casefold(), info.style, info.weight, info.stretch)
        if info.path and key not in best:
            best[key] = _Face(info.path, info.family, round(info.stretch, 3))
    return tuple(sorted(best.values(), key=lambda face: (face.path, face.family)))


@lru_cache(maxsize=1)
def _fontconfig() -> tuple[tuple[str, frozenset[str], int], ...]:
    """(real path, family names folded, font version) of every font fontconfig lists; read
    once a process (about 15 ms), empty where `fc-list` is not installed or fails."""
    program = shutil.which("fc-list")
    if program is None:
        return ()
    try:
        listing = subprocess.run([program, "--format", "%{file}\t%{family}\t%{fontversion}\n"], capture_output=True,
                                 text=True, errors="replace", timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    fonts = []
    for line in listing.splitlines():
        path, _, rest = line.partition("\t")
        families, _, version = rest.rpartition("\t")
        if path and families:
            fonts.append((os.path.realpath(path), frozenset(f.strip().casefold() for f in families.split(",")),
                          int(version) if version.isdigit() else 0))
    return tuple(sorted(fonts))


def _page(look: HouseLook) -> str:
    """`page` arguments: the size, and margins that leave at least an inch of text."""
    width, height = (min(max(side, _PAGE_PT[0]), _PAGE_PT[1]) for side in look.page_pt)
    top, right, bottom, left = look.margins_pt
    top, bottom = _fit(top, bottom, height)
    left, right = _fit(left, right, width)
    return (f"(width: {_number(width)}pt, height: {_number(height)}pt, margin: (top: {_number(top)}pt, "
            f"right: {_number(right)}pt, bottom: {_number(bottom)}pt, left: {_number(left)}pt))")


def _fit(one: float, other: float, length: float) -> tuple[float, float]:
    room = length - 72.0
    if one + other <= room:
        return one, other
    scale = room / (one + other)
    return one * scale, other * scale


def _number(value: float) -> str:
    """A finite number as Typst reads it (no exponent): 595.3, 70.85, 10."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
