"""Assemble a deal and its clauses into one document tree (`dealdocs.tree`).

`assemble(loaded, library, kind)` gives the heads of terms or the term sheet; every
renderer reads the result, so each clause is drafted once for all four formats.
"""

from __future__ import annotations

from dealdocs.assemble import heads, termsheet
from dealdocs.assemble.context import DealContext
from dealdocs.clausenumbers import number_clauses
from dealdocs.clauses import Library
from dealdocs.findings import Finding
from dealdocs.loader import Loaded
from dealdocs.model import Status
from dealdocs.provenance import DOCUMENT
from dealdocs.tree import Document, PartyLine

KINDS = {
    "heads-of-terms": ("Heads of Terms", "", heads.blocks),
    "term-sheet": ("Term Sheet", "Indicative, non-binding and subject to contract", termsheet.blocks),
}


def assemble(
    loaded: Loaded, library: Library, kind: str, *, open_points: list[Finding] = (),
    provenance: dict[str, str] | None = None,
) -> Document:
    """The document tree of `kind`. `provenance` (`dealdocs.provenance`) is stamped on it
    with the document kind added; without it the document carries none."""
    title, subtitle, make_blocks = KINDS[kind]
    deal = loaded.deal
    ctx = DealContext.build(deal, library, str(loaded.path))
    blocks = make_blocks(ctx, list(open_points))
    number_clauses(blocks)
    info = deal.deal
    return Document(
        kind=kind,
        title=title,
        subtitle=subtitle,
        deal_title=info.title,
        deal_id=info.id,
        date=info.date,
        draft=info.status == Status.DRAFT,
        marking="SUBJECT TO CONTRACT",
        # The cover names the parties; the Parties clause describes them (once).
        parties=[PartyLine(p.name, "", "") for p in deal.parties],
        blocks=blocks,
        keywords=["heads of terms" if kind == "heads-of-terms" else "term sheet", info.zone, info.sector],
        round=info.round,
        provenance={**provenance, DOCUMENT: kind} if provenance else {},
    )
