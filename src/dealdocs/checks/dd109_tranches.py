"""Tranches do not add up to the commitment's amount.

Why it matters: pay-for-performance support is released in tranches against
milestones. If the tranches sum to more than the commitment's amount the public side
has promised more than it approved; if less, part of the support has no release
condition. Sums are exact (pounds held as decimals, never floats).

The amount compared is the commitment's `amount`, or, when it has none, its clause's
money `amount` term. The finding points at `tranches:`.

Failing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        amount: £150m
        tranches:
          - {amount: £50m, condition: financial close}
          - {amount: £90m, condition: "1,000 jobs created"}
        remedy: clawback-grant

Passing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        amount: £150m
        tranches:
          - {amount: £50m, condition: financial close}
          - {amount: £100m, condition: "1,000 jobs created"}
        remedy: clawback-grant
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.money import format_money
from dealdocs.source import Location

CODE = "DD109"
NAME = "tranches-do-not-add-up"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, Location]]:
    for item in ctx.commitments:
        tranches = item.model.tranches
        if not tranches:
            continue
        amount = ctx.amount_of(item)
        if amount is None:
            continue
        total = sum((t.amount for t in tranches), Decimal(0))
        if total != amount:
            what = "the commitment's amount" if item.model.amount is not None else "its terms' amount"
            gap = "more" if total > amount else "less"
            yield (
                f"the tranches of {item.id!r} add up to {format_money(total)}, {format_money(abs(total - amount))} "
                f"{gap} than {what} of {format_money(amount)}",
                ctx.key(item.at("tranches")),
            )
