"""The house style in the PDF: a stylesheet laid over print.css from the house's look.

`render.docx.look` reads the page size and margins, the fonts and the header text from
the reference document; this module turns them into CSS for WeasyPrint, so the PDF sent
to the other side has the page, fonts and header of the Word file being negotiated.

WeasyPrint sets text only in the fonts it can find: the Liberation Serif that dealdocs
ships (print.css) and the machine's own fonts, as fontconfig lists them. A house font
that is missing is set in its metric-compatible free twin where there is one (Arial in
Liberation Sans: the same widths, so the same line breaks as in Word), else in the
shipped Liberation Serif; either way `font_notes` says so, in words for the one-line
notice of a build.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dealdocs.render.docx.look import house_look
from dealdocs.render.housefonts import SHIPPED, choose, notes
from dealdocs.render.weasyload import import_weasyprint

_SANS = ("Liberation Sans", "Liberation Sans Narrow", "Carlito", "DejaVu Sans")
# CSS rules each role's font goes to (the Word style it comes from: look.ROLES).
_SELECTORS = {"heading": "h2.heading", "subheading": "h3.subheading", "schedule": "h2.schedule-heading",
              "level2": "p.clause.level-2", "level3": "p.clause.level-3", "level4": "p.clause.level-4"}


def house_css(style: Path) -> str:
    """The stylesheet putting the house's page, fonts and header on the PDF."""
    look = house_look(style)
    width, height = look.page_pt
    top, right, bottom, left = look.margins_pt
    body = look.fonts["body"]
    body_family = _stack(pdf_family(body.family)[0])
    header = ""
    if look.header:  # above the marking in the top-left box, as Word shows it above the marking line
        font = look.header_font or body
        header = (f'content: {_css_string(chr(10).join(look.header) + chr(10))} element(marking); '
                  f"white-space: pre-line; font-family: {_stack(pdf_family(font.family)[0])}; "
                  f"font-size: {font.size_pt:g}pt;")
    rules = [
        (f"@page {{ size: {width:g}pt {height:g}pt; margin: {top:g}pt {right:g}pt {bottom:g}pt {left:g}pt;\n"
         f"  @top-left {{ {header} }}\n"
         f"  @bottom-left {{ font-family: {body_family}; }}\n"
         f"  @bottom-right {{ font-family: {body_family}; }} }}"),
        # !important: document.css comes inside the page, after these stylesheets, and
        # would win a tie; only the fonts and sizes are overridden, nothing else.
        f"html {{ font-family: {body_family} !important; font-size: {body.size_pt:g}pt !important; }}",
    ]
    for role, selector in _SELECTORS.items():
        font = look.fonts.get(role)
        if font is not None:
            rules.append(f"{selector} {{ font-family: {_stack(pdf_family(font.family)[0])} !important; "
                         f"font-size: {font.size_pt:g}pt !important; }}")
    return "\n".join(rules) + "\n"


def font_notes(style: Path) -> list[str]:
    """What the PDF sets in another font than the house style names, one phrase each."""
    return notes(house_look(style), _installed)


def pdf_family(family: str) -> tuple[str, str | None]:
    """The font WeasyPrint will set `family` in, and why it differs (None if it does not)."""
    return choose(family, _installed)


def _stack(family: str) -> str:
    generic = "sans-serif" if family in _SANS else "serif"
    return f"{_css_string(family)}, {_css_string(SHIPPED)}, {generic}"


def _css_string(text: str) -> str:
    """`text` as a CSS string: every character that is not a plain letter, digit or space
    escaped, so no text from a reference document can end the string or the rule."""
    out = []
    for char in text:
        out.append(char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=64)
def _installed(family: str) -> bool:
    """Whether fontconfig, which WeasyPrint asks, has a face of exactly this family."""
    import_weasyprint()
    from weasyprint.text.ffi import ffi, fontconfig

    pattern = ffi.gc(fontconfig.FcPatternCreate(), fontconfig.FcPatternDestroy)
    fontconfig.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
    fontconfig.FcConfigSubstitute(ffi.NULL, pattern, fontconfig.FcMatchPattern)
    fontconfig.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    match = fontconfig.FcFontMatch(ffi.NULL, pattern, result)
    if match == ffi.NULL:
        return False
    match = ffi.gc(match, fontconfig.FcPatternDestroy)
    string = ffi.new("FcChar8 **")
    index = 0
    while fontconfig.FcPatternGetString(match, b"family", index, string) == 0:  # FcResultMatch
        if ffi.string(string[0]).decode("utf-8", "replace").casefold() == family.casefold():
            return True
        index += 1
    return False
