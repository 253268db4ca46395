"""What a house style looks like, read from its reference document for the other formats.

The Word output takes the house style whole (`open_base`). The PDF that goes to the
other side must look like the Word being negotiated, so the few things a reader sees at
once are read here from the same cleaned reference: the page (size and margins from the
final section's `w:pgSz` / `w:pgMar`), the fonts and sizes of the styles dealdocs writes
its body text, clause headings and schedule headings in (resolved as Word does: the style,
then what it is based on, then the document defaults, a theme font read from the theme),
and the text of the page header. `HouseLook` is plain data; turning it into CSS is the
PDF renderer's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from .adopt import adopt_house_styles
from .package import open_base
from .wml import W

# The styles dealdocs writes each role in (their ids), as the Word output uses them.
ROLES = {"body": "DDBody", "heading": "DDHeading1", "subheading": "DDSubHeading", "schedule": "DDScheduleHeading",
         "level2": "DDLevel2", "level3": "DDLevel3", "level4": "DDLevel4"}
# Word's own defaults when neither a style nor the document defaults say.
_WORD_FONT, _WORD_SIZE = "Times New Roman", 10.0
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class Font:
    family: str
    size_pt: float


@dataclass(frozen=True)
class HouseLook:
    page_pt: tuple[float, float]  # width, height (points: Word's twips / 20, exactly)
    margins_pt: tuple[float, float, float, float]  # top, right, bottom, left
    fonts: dict[str, Font]  # role -> font: "body", and the others of ROLES where the house styles them
    header: tuple[str, ...]  # the lines of the house's own page header
    header_font: Font | None = None  # the font its (first) header paragraph shows


def house_look(path: str | Path) -> HouseLook:
    """The look of the house style at `path` (cleaned as for Word; cached per file state)."""
    path = Path(path)
    stat = path.stat()
    return _house_look(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _house_look(path: Path, _mtime: int, _size: int) -> HouseLook:
    document = open_base(path)
    section = document.sections[-1]
    sect_pr = section._sectPr
    size = sect_pr.find(W + "pgSz")
    margins = sect_pr.find(W + "pgMar")
    styles = document.styles.element
    house_ids = adopt_house_styles(styles, None)  # a "Level 1 Heading" of the house's is the one used
    theme = _theme_fonts(document)
    lines, header_style = _header_lines(section)
    fonts = {"body": _resolve(styles, ROLES["body"] if ROLES["body"] in house_ids else None, theme)}
    for role, style_id in ROLES.items():
        if role != "body" and style_id in house_ids:
            fonts[role] = _resolve(styles, style_id, theme)
    return HouseLook(
        page_pt=(_pt(size, "w", 11906), _pt(size, "h", 16838)),
        margins_pt=tuple(abs(_pt(margins, side, 1417)) for side in ("top", "right", "bottom", "left")),
        fonts=fonts,
        header=lines,
        header_font=_resolve(styles, header_style, theme) if lines else None,
    )


def _pt(element, attr: str, default: int) -> float:
    value = element.get(W + attr) if element is not None else None
    try:
        twips = int(value) if value is not None else default
    except ValueError:  # "1in", "25mm": measures with units, which Word itself never writes
        twips = default
    return twips / 20


def _resolve(styles: etree._Element, style_id: str | None, theme: dict[str, str]) -> Font:
    """The font and size a paragraph in `style_id` shows (None: the default paragraph style)."""
    by_id = {s.get(W + "styleId"): s for s in styles.iterfind(W + "style")}
    if style_id is None:
        style_id = next((s.get(W + "styleId") for s in by_id.values()
                         if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true", "on")), None)
    chain, seen = [], set()
    while style_id in by_id and style_id not in seen:  # a basedOn loop ends the walk
        seen.add(style_id)
        chain.append(by_id[style_id].find(W + "rPr"))
        based = by_id[style_id].find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    chain.append(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
    family = size = None
    for rpr in (r for r in chain if r is not None):
        fonts = rpr.find(W + "rFonts")
        if family is None and fonts is not None:
            theme_name = fonts.get(W + "asciiTheme") or fonts.get(W + "hAnsiTheme")
            family = theme.get(theme_name[:5]) if theme_name else fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
        sz = rpr.find(W + "sz")
        if size is None and sz is not None and (sz.get(W + "val") or "").isdigit():
            size = int(sz.get(W + "val")) / 2
    return Font(family or _WORD_FONT, size or _WORD_SIZE)


def _theme_fonts(document) -> dict[str, str]:
    """"major" / "minor" -> the theme's Latin typeface."""
    try:
        blob = document.part.part_related_by(RT.THEME).blob
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    for kind in ("major", "minor"):
        latin = root.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out


def _header_lines(section) -> tuple[tuple[str, ...], str | None]:
    """The text of the house's default page header, a line a paragraph (none if it has
    none), and the style of its first paragraph (None: the default paragraph style).

    A reference made from an earlier dealdocs document keeps that document's marking line
    (style DDHeader); it is dealdocs' own, not the house's, and is left out.
    """
    header = section.header
    if header.is_linked_to_previous:
        return (), None
    lines, first_style = [], None
    for p in header._element.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style = style.get(W + "val") if style is not None else None
        if style == "DDHeader":
            continue
        text = "".join(t.text or "" if t.tag == W + "t" else " " for t in p.iter(W + "t", W + "tab", W + "br"))
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            first_style = style if not lines else first_style
            lines.append(text)
    return tuple(lines), first_style
