"""A clawback (or profit-sharing) ends before the commitment it protects.

Why it matters: a jobs commitment with `retention_years`, or an IP-retention
commitment, runs for years after it is first met. Clawback bands count from the deal
date (`years: 10` means "if the event happens within 10 years of the deal date"), and
a profit-sharing period likewise. If the remedy's last band ends before the protected
period does, the investor can move the jobs or the IP offshore in the final years free
of any repayment: the remedy has a hole exactly where it is needed.

The protected period ends `retention_years` after the commitment's `due` date (the
latest the jobs or the IP arrangements must be in place), or after the deal date when
it has none. The remedy ends its longest `schedule` band (clawback) or `period_years`
(profit-sharing) after the deal date. The finding points at the commitment's
`remedy:` entry naming the short remedy.

Failing example:

    deal:
      date: 2026-03-02
    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000, retention_years: 5}
        due: 2030-12-31
        remedy: clawback-grant
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

from dealdocs.checks.context import Context, Item
from dealdocs.dates import add_years
from dealdocs.findings import Severity

CODE = "DD122"
NAME = "clawback-too-short"
SEVERITY = Severity.WARNING

PROTECTED_CLAUSES = {"jobs", "ip-retention"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    start = ctx.deal.deal.date
    for item in ctx.commitments:
        if item.clause_id not in PROTECTED_CLAUSES or not item.in_role:
            continue
        retention = item.int_term("retention_years")
        if retention is None or retention < 0:
            continue
        begins = item.model.due or start
        needed = add_years(begins, retention)
        for j, remedy in ctx.remedies_of(item):
            years = _remedy_years(remedy)
            if years is None:
                continue
            ends = add_years(start, years)
            if ends < needed:
                yield (
                    f"remedy {remedy.id!r} ends {ends.isoformat()} ({years} years from the deal date) but "
                    f"{item.id!r} must be kept until {needed.isoformat()} ({retention} years from "
                    f"{'its due date' if item.model.due else 'the deal date'}); extend the remedy to cover it",
                    item.at("remedy", j),
                )


def _remedy_years(remedy: Item) -> int | None:
    if not remedy.in_role:
        return None
    if remedy.clause_id == "clawback":
        rows = remedy.values.get("schedule")
        years = [r.get("years") for r in rows or [] if isinstance(r, dict)]
        years = [y for y in years if isinstance(y, int) and not isinstance(y, bool)]
        return max(years) if years else None
    if remedy.clause_id == "profit-sharing":
        return remedy.int_term("period_years")
    return None

