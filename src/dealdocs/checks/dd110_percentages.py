"""A percentage is outside 0–100, or a clawback schedule rises over time.

Why it matters: a share of 120 per cent, or a negative one, is a typo that makes a
clause meaningless or unenforceable as a penalty. And clawback tapers down: the longer
the investor has kept its side of the deal, the less it repays (100/80/60/40/20 per cent
is the usual shape). A schedule in which the percentage rises as the years grow
punishes long performance and is almost always two rows swapped.

Every term the clause types as `percent` is checked, inside lists and nested objects
too, against 0–100 narrowed by any `min`/`max` the clause sets for it. A schedule is
any list of rows with `years` and `percent`. The finding points at the percentage, or
at the schedule row whose percentage is higher than the row before it (taking rows in
order of years).

Failing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms:
          schedule:
            - {years: 3, percent: 60}
            - {years: 5, percent: 100}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms:
          schedule:
            - {years: 3, percent: 100}
            - {years: 5, percent: 60}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from dealdocs.checks.context import Context, Item
from dealdocs.clauseterms import TermSpec
from dealdocs.findings import Severity
from dealdocs.money import parse_percent

CODE = "DD110"
NAME = "bad-percentage"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in (*ctx.commitments, *ctx.remedies):
        if item.clause is None:
            continue
        terms = item.model.terms
        for spec, value, path in item.leaves:
            if spec.type == "percent":
                percent = _percent(value)
                low, high = _bounds(spec)
                if percent is not None and not (low <= percent <= high):
                    yield (
                        f"{_dotted(path)} of {item.id!r} is {percent} per cent; it must be between "
                        f"{low} and {high}" + ("" if (low, high) == (0, 100) else f" for clause {item.clause_id!r}"),
                        item.at("terms", *path),
                    )
        for name, spec in item.specs.items():
            if _is_schedule(spec) and isinstance(terms.get(name), list):
                yield from _rising(item, name, terms[name])


def _bounds(spec: TermSpec) -> tuple[Decimal, Decimal]:
    """0 to 100, narrowed by the clause's own `min`/`max` for this percentage."""
    low, high = Decimal(0), Decimal(100)
    if spec.min is not None:
        low = max(low, spec.min)
    if spec.max is not None:
        high = min(high, spec.max)
    return low, high


def _is_schedule(spec: TermSpec) -> bool:
    rows = spec.items
    return (
        spec.type == "list"
        and rows is not None
        and rows.type == "object"
        and getattr(rows.fields.get("years"), "type", None) == "integer"
        and getattr(rows.fields.get("percent"), "type", None) == "percent"
    )


def _rising(item: Item, name: str, rows: list[Any]) -> Iterator[tuple[str, tuple]]:
    parsed = []
    for r, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        years, percent = row.get("years"), _percent(row.get("percent"))
        if isinstance(years, int) and not isinstance(years, bool) and percent is not None:
            parsed.append((years, r, percent))
    parsed.sort(key=lambda p: (p[0], p[1]))
    for (years_before, _, before), (years, r, percent) in zip(parsed, parsed[1:]):
        if years > years_before and percent > before:
            yield (
                f"the {name} of {item.id!r} rises over time: {percent} per cent within {years} years is more "
                f"than {before} per cent within {years_before}; clawback should taper down as the years pass",
                item.at("terms", name, r),
            )


def _percent(value: Any) -> Decimal | None:
    try:
        return parse_percent(value)
    except (ValueError, ArithmeticError):
        return None  # not a percentage at all: DD113 says so


def _dotted(path: tuple) -> str:
    out = "terms"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
