"""A party receives nothing (it is in no commitment's `to`).

Why it matters: parties sign up to a cluster deal because they get something from it.
A party to whom nothing is given has no standing to enforce any commitment and no
reason to sign; usually a counterparty has been left out of some `to:` lists (for
example the college that should receive the investor's local-hiring commitment).

The finding points at the party.

Failing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
      - {id: college, name: Middlesbrough College, short_name: College, role: college}
    commitments:
      - id: curriculum
        by: college
        to: consortium
        text: The College will run the courses.
        remedy: escalation-board

Passing example:

    commitments:
      - id: curriculum
        by: college
        to: consortium
        text: The College will run the courses.
        remedy: escalation-board
      - id: fund-courses
        by: consortium
        to: college
        text: The Consortium will fund the courses.
        remedy: escalation-board
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD107"
NAME = "party-receives-nothing"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for k, party in enumerate(ctx.deal.parties):
        if party.id not in ctx.given_to and ctx.party_index.get(party.id) == k:
            yield (
                f"party {party.id!r} receives nothing: it is in no commitment's `to:`",
                ("parties", k),
            )
