"""A percentage is written as a fraction (`0.3`, `0.5`): 30 per cent was probably meant.

Why it matters: a deal file takes percentages as `30%` or `30`, so `share: 0.3` is
read as 0.3 per cent and the heads of terms promise "not less than 0.3 per cent" of the
jobs to local people; a clawback band of `percent: 0.5` recovers half of one per cent of
the Support. Both come from spreadsheets, where 30% is stored as 0.3, and both read as
valid figures, so nothing else catches them before the documents go out.

Every term the clause types as `percent` is checked, inside lists and objects (a
clawback schedule's rows) and in each party's position on an open term. A number
between 0 and 1 written without a percent sign is reported; one written with the sign
(`0.3%`, `0.3 per cent`) is taken as meant. The finding points at the figure.

Failing example:

    commitments:
      - id: hire-locally
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 0.3, area: the Tees Valley}
        remedy: clawback-grant

Passing example:

    commitments:
      - id: hire-locally
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the Tees Valley}
        remedy: clawback-grant
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from dealdocs.checks.context import Context, term_leaves
from dealdocs.findings import Severity

CODE = "DD132"
NAME = "fraction-as-percentage"
SEVERITY = Severity.WARNING

_BARE_NUMBER = re.compile(r"^\s*(\d*\.\d+|\d+)\s*$")


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in (*ctx.commitments, *ctx.remedies):
        if item.clause is None:
            continue
        places = [(("terms",), item.model.terms)]
        for i, position in enumerate(getattr(item.model, "positions", None) or ()):
            places.append((("positions", i, "terms"), getattr(position, "terms", None) or {}))
        for prefix, terms in places:
            for spec, value, path in term_leaves(item.specs, terms):
                fraction = _fraction(value) if spec.type == "percent" else None
                if fraction is None:
                    continue
                meant = format((fraction * 100).normalize(), "f")
                written = format(fraction.normalize(), "f")
                yield (
                    f"{_dotted((*prefix, *path))} of {item.id!r} is {written}, which reads as {written} per cent; "
                    f"if you meant {meant}%, write `{path[-1]}: {meant}%`; if you do mean {written} per cent, "
                    f"write `{path[-1]}: {written}%`",
                    item.at(*prefix, *path),
                )


def _fraction(value: Any) -> Decimal | None:
    """The value when it is a bare number strictly between 0 and 1; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str) and _BARE_NUMBER.match(value):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None  # written with a sign or words, or not a percentage at all (DD113)
    return number if number.is_finite() and 0 < number < 1 else None


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
