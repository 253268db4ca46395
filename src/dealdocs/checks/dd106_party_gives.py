"""A party gives nothing (no commitment is `by` it).

Why it matters: a cluster deal is a pact in which everyone commits something. A party
that gives nothing is either missing its commitments from the draft (the college's
curriculum, the council's land) or should not be a party at all: it would sign heads
of terms that bind it to nothing, which a council's legal team will query.

The finding points at the party.

Failing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
      - {id: college, name: Middlesbrough College, short_name: College, role: college}
    commitments:
      - id: invest
        by: consortium
        to: college
        text: The Consortium will fund the Skills Academy.
        remedy: escalation-board

Passing example:

    commitments:
      - id: invest
        by: consortium
        to: college
        text: The Consortium will fund the Skills Academy.
        remedy: escalation-board
      - id: curriculum
        by: college
        to: consortium
        text: The College will run the courses.
        remedy: escalation-board
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD106"
NAME = "party-gives-nothing"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for k, party in enumerate(ctx.deal.parties):
        if party.id not in ctx.given_by and ctx.party_index.get(party.id) == k:
            yield (
                f"party {party.id!r} gives nothing: no commitment has `by: {party.id}`",
                ("parties", k),
            )
