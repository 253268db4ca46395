"""A due date falls before the deal date or after the end of the deal's term.

Why it matters: a commitment due before the heads of terms are even dated is already
in default the day they are signed, and one due after the term ends (the day before
the deal date's anniversary `term_years` on: a 15-year term from 2 March 2026 ends on
1 March 2041) falls outside the life of the deal, when its remedies and governance no
longer run. Both are usually a typo in the year. Tranche `due` dates are checked too.

The finding points at the `due:` value.

Failing example:

    deal:
      date: 2026-03-02
      term_years: 15
    commitments:
      - id: invest-factories
        by: consortium
        to: dbt
        text: The Consortium will build the Factories.
        due: 2025-12-31
        remedy: clawback-grant

Passing example:

    commitments:
      - id: invest-factories
        by: consortium
        to: dbt
        text: The Consortium will build the Factories.
        due: 2030-12-31
        remedy: clawback-grant
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD108"
NAME = "due-date-outside-term"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    start, end = ctx.deal.deal.date, ctx.end_date
    for item in ctx.commitments:
        commitment = item.model
        if commitment.due is not None:
            problem = _outside(commitment.due, start, end)
            if problem:
                yield f"commitment {item.id!r} is due {commitment.due.isoformat()}, {problem}", item.at("due")
        for t, tranche in enumerate(commitment.tranches):
            if tranche.due is not None:
                problem = _outside(tranche.due, start, end)
                if problem:
                    yield (
                        f"tranche {t + 1} of {item.id!r} is due {tranche.due.isoformat()}, {problem}",
                        item.at("tranches", t, "due"),
                    )


def _outside(due: date, start: date, end: date) -> str | None:
    if due < start:
        return f"before the deal date {start.isoformat()}"
    if due > end:
        return f"after the deal's term ends on {end.isoformat()} (the last day of term_years from the deal date)"
    return None
