"""A clawback (or profit-sharing) ends before the commitment it protects.

Why it matters: a jobs commitment with `retention_years`, or an IP-retention
commitment, runs for years after it is first met. If the remedy's last band ends before
the protected period does, the investor can move the jobs or the IP offshore in the
final years free of any repayment: the remedy has a hole exactly where it is needed.

The protected period ends `retention_years` after the commitment's `due` date (the
latest the jobs or the IP arrangements must be in place), or after the deal date when
it has none.

The remedy ends its longest band after the date its bands run from (SPEC section 7):

- a clawback with `from: heads-of-terms`: the deal date;
- `from: due-date`: the protected commitment's `due` date (a commitment without one
  gives no start, and nothing is compared);
- `from: final-payment` (the default): the date the last payment of the Support it
  recovers is made. The deal cannot say that date, only the latest it can be: each
  Support commitment's last payment falls by the latest of its tranches' `due` dates,
  its `long_stop` and its `due` date. The remedy is reported only when it ends before
  the protected period even if that last payment is made on the latest such date; when
  a Support commitment has none of those dates, or the clawback recovers no Support
  (DD129), the rule says nothing;
- profit-sharing: its `period_years` after the deal date.

The finding points at the commitment's `remedy:` entry naming the short remedy, and
says which start it measured from.

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
        terms: {from: heads-of-terms, schedule: [{years: 3, percent: 100}, {years: 5, percent: 50}]}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {from: heads-of-terms, schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dealdocs.checks.context import Context, Item
from dealdocs.dates import add_years
from dealdocs.findings import Severity

CODE = "DD122"
NAME = "clawback-too-short"
SEVERITY = Severity.WARNING

PROTECTED_CLAUSES = {"jobs", "ip-retention"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    deal_date = ctx.deal.deal.date
    for item in ctx.commitments:
        if item.clause_id not in PROTECTED_CLAUSES or not item.in_role:
            continue
        retention = item.int_term("retention_years")
        if retention is None or retention < 0:
            continue
        needed = add_years(item.model.due or deal_date, retention)
        for j, remedy in ctx.remedies_of(item):
            years = _remedy_years(remedy)
            if years is None:
                continue
            start = _start(ctx, remedy, item)
            if start is None:
                continue
            begins, measured = start
            ends = add_years(begins, years)
            if ends < needed:
                yield (
                    f"remedy {remedy.id!r} ends {ends.isoformat()}{measured.format(years=years)} but "
                    f"{item.id!r} must be kept until {needed.isoformat()} ({retention} years from "
                    f"{'its due date' if item.model.due else 'the deal date'}); extend the remedy to cover it",
                    item.at("remedy", j),
                )


def _start(ctx: Context, remedy: Item, item: Item) -> tuple[date, str] | None:
    """When the remedy's bands start, and how the message says so; None when the deal
    does not tell."""
    deal_date = ctx.deal.deal.date
    if remedy.clause_id != "clawback" or remedy.values.get("from") == "heads-of-terms":
        return deal_date, " ({years} years from the deal date)"
    if remedy.values.get("from") == "due-date":
        due = item.model.due
        return (due, f" ({{years}} years from the due date of {item.id!r})") if due else None
    last = _last_payment(ctx, remedy)
    if last is None:
        return None
    return last, (f" at the latest ({{years}} years from the final payment of the Support, which the deal "
                  f"requires by {last.isoformat()} at the latest)")


def _last_payment(ctx: Context, remedy: Item) -> date | None:
    """The latest date by which the deal has every payment of the Support the clawback
    recovers made: the latest tranche due date, long stop or due date of each Support
    commitment. None when some Support commitment gives none of them, or there is no
    Support."""
    facts = ctx.facts
    model = facts.remedies.get(remedy.id)
    support = facts.payment(model).support if model is not None else ()
    latest: date | None = None
    for s in support:
        c = s.commitment
        dates = [t.due for t in c.tranches if t.due] + [d for d in (c.long_stop, c.due) if d]
        if not dates:
            return None
        latest = max([*dates, *([latest] if latest else [])])
    return latest


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
