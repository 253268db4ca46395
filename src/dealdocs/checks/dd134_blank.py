"""A value is still the blank `[●]` that marks something to fill in.

Why it matters: `dealdocs new` writes `[●]` wherever it cannot know the answer (the
investor's legal name and company number, the university and the college), and
drafters use the same mark for a fact still to come. The documents print it as the
blank it is, which is right in an early draft and wrong in anything signed: this
warning lists every one left, so none goes out unnoticed. Keys starting `x-` (notes
the tools ignore) are not read.

The finding points at the value.

Failing example:

    parties:
      - id: investor
        name: "[●]"
        short_name: Investor
        role: investor
        company_number: "[●]"

Passing example:

    parties:
      - id: investor
        name: Humber Fuels Limited
        short_name: Investor
        role: investor
        company_number: "01234567"
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD134"
NAME = "blank-to-fill-in"
SEVERITY = Severity.WARNING

BLANKS = ("[●]", "[•]")

# What a blank under each key is waiting for, in the words of the fix.
_WANTED = {
    "name": "the full legal name",
    "company_number": 'the Companies House number, quoted (e.g. "01234567"), or remove the key',
    "short_name": "the defined term the documents use",
    "address": "the registered office or address",
}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for path, text in _strings(ctx.data, ()):
        if any(blank in text for blank in BLANKS):
            key = next((p for p in reversed(path) if isinstance(p, str)), "")
            wanted = _WANTED.get(key, "the real value")
            if text.strip() in BLANKS:
                yield (f"{_dotted(path)} is still the blank {text.strip()}; fill in {wanted}", path)
            else:
                yield (f"{_dotted(path)} still has a blank [●] in it ({text!r}); fill in {wanted}", path)


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not (isinstance(key, str) and key.startswith("x-")):
                yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
