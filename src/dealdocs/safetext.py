"""Characters user text may not carry: controls, bidi overrides, lone surrogates.

A control character (NUL, ESC, BEL, VT, \\x01 ...) does not print, Word cannot hold it
(XML forbids it) and in a terminal or a calendar it does harm; a bidirectional override
(U+202E, the "Trojan source" characters) makes a reader see text in another order than
the one it has; a lone surrogate cannot be written as UTF-8 at all. None belongs in a
contract. Inputs are refused with the place and the fix (`problem`); renderers make any
that still reach them visible instead of passing them on (`visible`).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; the bidi
# embeddings, overrides and isolates; surrogates; the two XML non-characters.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")

_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL",
}


def name_of(char: str) -> str:
    """`U+001B (ESC)`, `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    code = ord(char)
    label = _NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X}" + (f" ({label})" if label else "")


def problem(text: str) -> str | None:
    """What is wrong with `text`, said with the fix; None when it is safe."""
    match = UNSAFE.search(text)
    if match is None:
        return None
    char, where = match.group(), match.start() + 1
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = f"a lone surrogate {name_of(char)}, which is not a character"
        fix = "write the character itself (as UTF-8), not half of its escape"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        what = f"a bidirectional override {name_of(char)}, which shows the text in another order than it has"
        fix = "remove it (right-to-left names need no override)"
    else:
        what = f"a control character {name_of(char)}, which does not print and Word cannot hold"
        fix = "remove it (use a plain space or a new line)"
    return f"contains {what} (character {where}); {fix}"


def visible(text: str) -> str:
    """`text` with each unsafe character shown as `[U+001B]`: never passed on raw."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
