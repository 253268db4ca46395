"""A commitment has no remedy.

Why it matters: heads of terms should say what happens if each commitment is not met:
clawback of a grant, withholding a tranche, a payment in lieu, step-in or at least
escalation to the governance board. A commitment with no remedy is the one the other
side will quietly drop in the full contract, and the public side has nothing to point
to when it is missed.

The finding points at an empty `remedy:` entry, otherwise at the commitment.

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}

Passing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: clawback-grant
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD103"
NAME = "no-remedy"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        if not item.model.remedy:
            yield (
                f"commitment {item.id!r} has no remedy; add `remedy:` with the id of a remedy "
                "(clawback, withhold-tranche, escalation, ...) that applies if it is not met",
                item.at("remedy"),
            )
