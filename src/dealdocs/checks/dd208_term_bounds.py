"""A clause term is outside the bounds the standards set for it.

Why it matters: most standard positions are a figure in a range: an overage share of 25
to 50 per cent for at least 15 years, a payment in lieu of at least £10,000 per
unfilled job. `positions.bounds` sets a `min`, a `max` or both on any whole-number,
money or percentage term of a clause, written as the term is written (`£10k`, `25%`);
every commitment or remedy using the clause is held to it, including a term left at
the clause's default.

Only applies when the deal is held to standards. The finding points at the term.

Failing example:

    # standards.yaml: positions: {bounds: {profit-sharing: {share: {min: 25%, max: 50%}}}}
    remedies:
      - id: overage-site
        clause: profit-sharing
        terms: {share: 20%, period_years: 20}

Passing example:

    remedies:
      - id: overage-site
        clause: profit-sharing
        terms: {share: 30%, period_years: 20}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from dealdocs.checks.context import Context, Item, View
from dealdocs.findings import Severity
from dealdocs.money import format_money, format_percent

CODE = "DD208"
NAME = "term-outside-standard"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    if ctx.standards is None or not ctx.standards.bounds:
        return
    for item in (*ctx.commitments, *ctx.remedies):
        if not item.in_role:
            continue
        for (clause_id, term), position in ctx.standards.bounds.items():
            if clause_id != item.clause_id:
                continue
            for view in item.views:
                message = _breach(item, view, term, position)
                if message:
                    yield message, item.at(*view.terms_at, term)


def _breach(item: Item, view: View, term: str, position: Any) -> str | None:
    """What is wrong with one view's `term` against the standard's bound, if anything."""
    bound = position.value
    value = view.values.get(term)
    if not _number(value) or item.specs.get(term) is None or item.specs[term].type != bound.spec.type:
        return None
    low = bound.min is not None and value < bound.min
    high = bound.max is not None and value > bound.max
    if not (low or high):
        return None
    show = _shower(bound.spec.type)
    if bound.min is not None and bound.max is not None:
        expected = f"between {show(bound.min)} and {show(bound.max)}"
    elif bound.min is not None:
        expected = f"at least {show(bound.min)}"
    else:
        expected = f"at most {show(bound.max)}"
    default = "" if view.party or term in item.model.terms else " (the clause's default)"
    return (f"{item.clause_id} {item.id!r}{view.whose} has {term} {show(value)}{default}; under {position.standard} "
            f"it must be {expected}")


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _shower(kind: str):
    if kind == "money":
        return format_money
    if kind == "percent":
        return format_percent
    return str
