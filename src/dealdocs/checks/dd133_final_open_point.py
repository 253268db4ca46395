"""A deal marked `status: final` still has open points.

Why it matters: a final heads of terms is the version the parties sign. An item that is
still `open` or `proposed`, or that still carries each party's `positions`, has no
agreed wording: the final documents would have to print bracketed alternatives in a
signing copy, or silently pick one side's figure. Settle the point first (put the
agreed terms under `terms:` and remove `positions:` and `status:`), or keep the deal a
draft.

The finding points at the item's `status:` (else its `positions:`).

Failing example:

    deal:
      status: final
    commitments:
      - id: grant
        by: dbt
        to: tata
        clause: funding
        terms: {purpose: the electric arc furnace}
        positions:
          - {party: tata, terms: {amount: £600m}}
          - {party: dbt, terms: {amount: £500m}}

Passing example:

    deal:
      status: final
    commitments:
      - id: grant
        by: dbt
        to: tata
        clause: funding
        terms: {amount: £500m, purpose: the electric arc furnace}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.model import Status

CODE = "DD133"
NAME = "final-with-open-points"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, object]]:
    if ctx.deal.deal.status != Status.FINAL:
        return
    for item in (*ctx.commitments, *ctx.remedies):
        model = item.model
        if not model.is_open:
            continue
        parties = ", ".join(repr(p.party) for p in model.positions)
        state = f"{model.state.value}" + (f" (positions of {parties})" if parties else "")
        yield (
            f"{item.id!r} is still {state} but the deal is `status: final`: put the agreed terms under "
            "`terms:` and remove `status:` and `positions:`, or keep the deal `status: draft`",
            item.at("status") if model.status is not None else (
                ctx.key(item.at("positions")) if model.positions else item.path),
        )
