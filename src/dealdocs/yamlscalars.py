"""What a plain value in a YAML file is read as, and the values refused at their place.

Only the safe YAML types are ever constructed: a scalar's tag is its own where it is one
of YAML's standard tags, else resolved from its text by PyYAML's resolver (true, 12,
2026-03-02, null ...). A number like 01234567 is kept as text (a company number, not
YAML 1.1's octal), and a date that is not one (2026-13-45) is kept as text so that the
model reports it at its place. Numbers longer than `MAX_DIGITS` digits, and text with
control characters, bidi overrides or lone surrogates (`dealdocs.safetext`), are refused.
"""

from __future__ import annotations

from typing import Any

import yaml

from dealdocs.safetext import problem as unsafe_text

MAX_DIGITS = 100  # no figure in a deal has more; Python will not even print 4,300

STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")
}
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
MERGE = "tag:yaml.org,2002:merge"

_MAX_BITS = 333  # about MAX_DIGITS decimal digits
_LONG_NUMBER = 1 << (_MAX_BITS + 1)  # stands for a number too long to read, refused by `refused`
_TOO_LONG = (f"a number with more than {MAX_DIGITS} digits; no figure in a deal needs that many: check the "
             "value (write money as £1bn or 1000000000)")


class Scalars:
    """Reads scalar events as values: one per file read, as it keeps PyYAML's resolver
    and constructor."""

    def __init__(self) -> None:
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag not in (None, "!"):
            return event.tag
        if event.implicit[0]:  # a plain scalar: true, 12, 2026-03-02, null ...
            return self.resolver.resolve(yaml.ScalarNode, event.value, (True, False))
        return _STR

    def construct(self, tag: str, event: yaml.ScalarEvent) -> Any:
        text = event.value
        if tag == _STR:
            return text
        if tag == _INT and sum(c.isdigit() for c in text) > MAX_DIGITS:
            return _LONG_NUMBER  # int() would refuse 4,300 digits, and no figure needs 100
        if tag == _INT and text.isdigit():
            # YAML 1.1 reads 01234567 as octal; in a deal file it is a company number.
            return text if len(text) > 1 and text.startswith("0") else int(text)
        try:
            node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. `2026-13-45` looks like a date but is not one: keep the text so the
            # model reports it as a bad date at this place.
            return text


def refused(value: Any) -> str | None:
    """Why a value is refused: text no document may print, or a number no deal needs."""
    if isinstance(value, str):
        return unsafe_text(value)
    if isinstance(value, int) and value.bit_length() > _MAX_BITS:
        return _TOO_LONG
    return None
