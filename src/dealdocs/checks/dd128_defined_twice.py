"""A deal definition replaces a party's short name or a term the document defines.

Why it matters: the definitions clause of the heads of terms is built from the
document's own terms ("Parties", "Term", "Full Agreement"), the parties' short names
("Consortium" means Tees Consortium Limited), the terms the clauses in use define, and
the deal's `definitions:`, which win. Supplying the meaning of a clause's term (the
`local-hiring` clause's "Local Area", say) is what `definitions:` is for. But
redefining a party's short name or one of the document's own terms silently drops the
definition that identifies the party or fixes the term of the deal, and usually means a
different word was meant ("Consortium Members").

The finding points at the key in `definitions:`.

Failing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
    definitions:
      Consortium: the companies that are members of the joint venture

Passing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
    definitions:
      Consortium Members: the companies that are members of the joint venture
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.tree import DOCUMENT_TERMS
from dealdocs.findings import Severity
from dealdocs.source import Location

CODE = "DD128"
NAME = "defined-twice"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, Location]]:
    definitions = ctx.deal.definitions
    if not definitions:
        return
    taken = {term: "the document itself" for term in DOCUMENT_TERMS}
    for party in ctx.deal.parties:
        taken[party.short_name.removeprefix("the ")] = f"party {party.id!r} (its short name)"
    for key in definitions:
        if key in taken:
            yield (
                f"{key!r} is already defined by {taken[key]}; this definition would replace it: "
                "use a different term",
                ctx.key(("definitions", key)),
            )
