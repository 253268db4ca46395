"""A clawback's first band repays less than the standards require.

Why it matters: the first band of a clawback schedule is what the public side recovers
if the investor defaults early, when the risk of losing the whole benefit of the support
is highest. Public funders usually insist on full repayment (100 per cent) in the first
years and taper after that; a council's standard (`positions.clawback.min_first_band`)
fixes the floor, and a lower first band gives away part of every early recovery.

Only applies when the deal is held to standards. The finding points at the `percent`
of the first band (the row with the fewest years).

Failing example:

    # standards.yaml: positions: {clawback: {min_first_band: 100%}}
    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 5, percent: 80}, {years: 10, percent: 50}]}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.checks.dd203_clawback_period import schedules
from dealdocs.findings import Severity
from dealdocs.money import format_percent

CODE = "DD204"
NAME = "first-band-below-standard"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    position = ctx.standards.clawback_min_first_band if ctx.standards else None
    if position is None:
        return
    for remedy, view, rows in schedules(ctx):
        index, years, percent = min(rows, key=lambda row: row[1])
        if percent < position.value:
            yield (
                f"clawback {remedy.id!r}{view.whose} repays {format_percent(percent)} in its first band (the "
                f"first {years} years); under {position.standard} the first band must repay at least "
                f"{format_percent(position.value)}",
                remedy.at(*view.terms_at, "schedule", index, "percent"),
            )
