"""A commitment has no counterparty (`to` missing or empty).

Why it matters: a promise made to nobody cannot be enforced or monitored by anybody.
Heads of terms must say who may hold the obligor to each commitment, and the commitments
matrix in Schedule 1 needs a counterparty in every row; a council officer reading the
matrix would otherwise not know whether the authority is meant to benefit.

The finding points at the `to:` entry when it is present but empty, otherwise at the
commitment.

Failing example:

    commitments:
      - id: invest-factories
        by: consortium
        clause: investment
        terms: {amount: £1bn, facility: the Factories}
        remedy: clawback-grant

Passing example:

    commitments:
      - id: invest-factories
        by: consortium
        to: [dbt, tvca]
        clause: investment
        terms: {amount: £1bn, facility: the Factories}
        remedy: clawback-grant
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD101"
NAME = "no-counterparty"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        if not item.model.to:
            yield (
                f"commitment {item.id!r} has no counterparty; add `to:` with the id of the party "
                "(or a list of the parties) it is given to",
                item.at("to"),
            )
