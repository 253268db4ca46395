"""A clawback ends sooner than the standards' minimum clawback period.

Why it matters: clawback is the public side's way back if an investor takes the support
and then misses its commitments, moves the activity away or sells up. Its last band
(`years:` of the longest row of the `schedule`, counted from the deal date) is when the
protection ends; a council whose standard is, say, ten years for large capital
projects (`positions.clawback.min_years`) is exposed for every year short of that.

Only applies when the deal is held to standards. The finding points at the schedule's
last row.

Failing example:

    # standards.yaml: positions: {clawback: {min_years: 10}}
    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 3, percent: 100}, {years: 5, percent: 50}]}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dealdocs.checks.context import Context, Item, View
from dealdocs.findings import Severity

CODE = "DD203"
NAME = "clawback-below-standard"
SEVERITY = Severity.WARNING

CLAWBACK = "clawback"


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    position = ctx.standards.clawback_min_years if ctx.standards else None
    if position is None:
        return
    for remedy, view, rows in schedules(ctx):
        index, years, _ = max(rows, key=lambda row: row[1])
        if years < position.value:
            yield (
                f"clawback {remedy.id!r}{view.whose} ends after {years} years; under {position.standard} a "
                f"clawback must run for at least {position.value} years",
                remedy.at(*view.terms_at, "schedule", index),
            )


def schedules(ctx: Context) -> Iterator[tuple[Item, View, list[tuple[int, int, Decimal]]]]:
    """Each clawback's schedule as each side has it (the agreed terms, each party's
    position), where it has well-typed bands."""
    for remedy in ctx.remedies:
        for view in remedy.views:
            rows = bands(remedy, view)
            if rows:
                yield remedy, view, rows


def bands(remedy: Item, view: View) -> list[tuple[int, int, Decimal]]:
    """A clawback's well-typed schedule rows as one view has them: (index in the file,
    years, percent)."""
    if remedy.clause_id != CLAWBACK or not remedy.in_role:
        return []
    rows = view.values.get("schedule")
    out = []
    for i, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            continue
        years, percent = row.get("years"), row.get("percent")
        if isinstance(years, int) and not isinstance(years, bool) and isinstance(percent, Decimal):
            out.append((i, years, percent))
    return out
