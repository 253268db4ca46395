"""A party id is referenced that no party has.

Why it matters: every `by:` and `to:` names a party by its id; an id that matches no
party (usually a typo such as `dtb` for `dbt`) leaves a commitment with an obligor or
a counterparty the document cannot name, define or give a signature block to.

The same holds for the parties a negotiation names: `proposed_by:`, each position's
`party:` and each note's `by:` (SPEC section 8).

The finding points at the `by:` value or at the offending entry of `to:` (or at the
negotiation key naming the unknown party).

Failing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
      - {id: dbt, name: The Secretary of State for Business and Trade, short_name: Secretary of State, role: central-government}
    commitments:
      - id: invest-factories
        by: consortium
        to: [dtb]
        text: The Consortium will build the Factories.
        remedy: clawback-grant

Passing example:

    commitments:
      - id: invest-factories
        by: consortium
        to: [dbt]
        text: The Consortium will build the Factories.
        remedy: clawback-grant
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import Context, Item
from dealdocs.findings import Severity

CODE = "DD102"
NAME = "unknown-party"
SEVERITY = Severity.ERROR

# Suggestions compare against every party id; past this many they are skipped to keep
# the check linear on machine-made files.
_SUGGEST_LIMIT = 200


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    known = ctx.parties_by_id
    for item in ctx.commitments:
        if item.model.by not in known:
            yield _message(ctx, item.model.by, f"commitment {item.id!r} is given by"), item.at("by")
        for j, party_id in enumerate(item.model.to):
            if party_id not in known:
                yield _message(ctx, party_id, f"commitment {item.id!r} is given to"), item.at("to", j)
    for item in (*ctx.commitments, *ctx.remedies):
        yield from _negotiation(ctx, item)


def _negotiation(ctx: Context, item: Item) -> Iterator[tuple[str, tuple]]:
    """The parties named by the item's negotiation state: proposer, positions, notes."""
    known, model = ctx.parties_by_id, item.model
    if model.proposed_by is not None and model.proposed_by not in known:
        yield _message(ctx, model.proposed_by, f"{item.id!r} is proposed by"), item.at("proposed_by")
    for k, position in enumerate(model.positions):
        if position.party not in known:
            yield _message(ctx, position.party, f"a position on {item.id!r} is that of"), item.at("positions", k, "party")
    for k, note in enumerate(model.notes):
        if note.by not in known:
            yield _message(ctx, note.by, f"a note on {item.id!r} is by"), item.at("notes", k, "by")


def _message(ctx: Context, party_id: str, what: str) -> str:
    message = f"{what} {party_id!r}, which is not the id of any party"
    if len(ctx.parties_by_id) <= _SUGGEST_LIMIT:
        close = difflib.get_close_matches(party_id, list(ctx.parties_by_id), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean {close[0]!r}?"
    return f"{message}; the parties are: {_listed(ctx)}"


def _listed(ctx: Context) -> str:
    ids = list(ctx.parties_by_id)
    shown = ", ".join(ids[:10])
    return shown + (f" and {len(ids) - 10} more" if len(ids) > 10 else "") if ids else "none"
