"""A party has no signatory while `status: final`.

Why it matters: heads of terms are signed under hand by authorised signatories (a
company director; "for and on behalf of the Secretary of State" by an official; an
officer of a combined authority under its scheme of delegation). A draft may leave
them blank; a final version without one prints an empty signature block and cannot be
circulated for signature.

The finding points at the party.

Failing example:

    deal:
      status: final
    parties:
      - id: consortium
        name: Tees Consortium Limited
        short_name: Consortium
        role: investor

Passing example:

    deal:
      status: final
    parties:
      - id: consortium
        name: Tees Consortium Limited
        short_name: Consortium
        role: investor
        signatory: {name: Jane Smith, title: Director}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.model import Status

CODE = "DD118"
NAME = "missing-signatory"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    if ctx.deal.deal.status != Status.FINAL:
        return
    for k, party in enumerate(ctx.deal.parties):
        if party.signatory is None:
            yield (
                f"party {party.id!r} has no signatory but the deal is final; add "
                "`signatory: {name: ..., title: ...}` for the person who will sign",
                ("parties", k),
            )
