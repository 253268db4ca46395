"""Which font a PDF sets each house-style font in, the same for either PDF engine.

A house style names fonts the machine may lack (Arial, Calibri). Either engine sets such
a font in its metric-compatible free twin where that is installed (Arial in Liberation
Sans: the same widths, so the same line breaks as in Word), else in the Liberation Serif
dealdocs ships, and the build says so in one line. What counts as installed differs by
engine (WeasyPrint asks fontconfig; Typst reads the files fontconfig lists), so it is an
argument here: the choice and its wording have one home.
"""

from __future__ import annotations

from collections.abc import Callable

from dealdocs.render.docx.look import HouseLook

SHIPPED = "Liberation Serif"  # in templates/fonts: always there
# Fonts house styles name -> a free face with the same metrics, where one may be installed.
METRIC_TWINS = {
    "arial": "Liberation Sans", "helvetica": "Liberation Sans", "arial narrow": "Liberation Sans Narrow",
    "times new roman": "Liberation Serif", "times": "Liberation Serif",
    "courier new": "Liberation Mono", "courier": "Liberation Mono",
    "calibri": "Carlito", "cambria": "Caladea",
}


def choose(family: str, installed: Callable[[str], bool]) -> tuple[str, str | None]:
    """The font a PDF sets `family` in, and why it differs (None if it does not): the
    family itself when installed, else its metric-compatible twin when that is, else
    the shipped Liberation Serif."""
    if family.casefold() == SHIPPED.casefold() or installed(family):
        return family, None
    twin = METRIC_TWINS.get(family.casefold())
    if twin and (twin == SHIPPED or installed(twin)):
        return twin, f"{family} as its metric-compatible {twin} ({family} is not installed)"
    return SHIPPED, f"{family} as {SHIPPED} ({family} is not installed)"


def notes(look: HouseLook, installed: Callable[[str], bool]) -> list[str]:
    """The phrase of each font of `look` set in another face, once each."""
    out: list[str] = []
    for font in (*look.fonts.values(), *([look.header_font] if look.header_font else [])):
        note = choose(font.family, installed)[1]
        if note and note not in out:
            out.append(note)
    return out
