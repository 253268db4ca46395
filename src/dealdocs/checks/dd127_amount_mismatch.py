"""A commitment's `amount` differs from its clause's `amount` term.

Why it matters: the commitment's `amount` is the figure in the commitments matrix and
the subsidy totals; the clause's `amount` term is the figure its wording states. If
they differ, the heads of terms state two different sums for one commitment, and
whichever the lawyers notice first becomes the deal.

The finding points at the commitment's `amount:`.

Failing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        amount: £15m
        remedy: release-consortium

Passing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        amount: £150m
        remedy: release-consortium
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.money import format_money

CODE = "DD127"
NAME = "amount-mismatch"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        amount = item.model.amount
        if amount is None or not item.in_role:
            continue
        term = item.money_term("amount")
        if term is not None and term != amount:
            yield (
                f"{item.id!r} has amount {format_money(amount)} but its terms state {format_money(term)}; "
                "make them the same",
                item.at("amount"),
            )
