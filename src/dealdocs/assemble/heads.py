"""Heads of terms: the deal and its clauses as one numbered document (SPEC section 4)."""

from __future__ import annotations

from dataclasses import dataclass

from dealdocs.assemble import funding, negotiation, notes, parts
from dealdocs.assemble.conditions import conditions_clause
from dealdocs.assemble.context import DealContext, commitment_anchor, remedy_anchor, standard_anchor
from dealdocs.clausemarkup import ref
from dealdocs.clauses import ClauseFile
from dealdocs.findings import Finding
from dealdocs.tree import Block, Heading, Para, ScheduleHeading, SubHeading, Text


@dataclass
class _Binding:
    """A binding clause as the status clause lists it."""

    ref: str
    title: str


def blocks(ctx: DealContext, open_points: list[Finding]) -> list[Block]:
    deal = ctx.deal
    noted = notes.by_anchor(open_points, deal)
    out: list[Block] = notes.general(noted)
    out += parts.parties_clause(ctx)
    if deal.deal.background:
        out.append(Heading("Background", anchor="background"))
        # Recitals, lettered (A), (B): background, not numbered operative clauses.
        out += [Para([Text(f"({chr(65 + i)}) {p}" if i < 26 else p)], indent=1)
                for i, p in enumerate(parts.paragraphs(deal.deal.background))]
    commitment_blocks, remedy_blocks, defined = _commercial(ctx)
    standard_blocks = _standard(ctx, defined)
    out += parts.definitions_clause(ctx, defined)
    out += commitment_blocks
    out += remedy_blocks
    out += negotiation.negotiated_blocks(ctx, funding.funding_clause)
    out += negotiation.negotiated_blocks(ctx, conditions_clause)
    out += standard_blocks
    out += parts.signatures(ctx)
    out.append(ScheduleHeading(1, "Commitments matrix and milestone timeline", anchor="schedule-1"))
    out += negotiation.negotiated_blocks(ctx, lambda v: [parts.commitments_matrix(v)])
    out.append(SubHeading("Milestone timeline"))
    out += funding.timeline(ctx)
    out += negotiation.schedule(ctx, 2)
    return notes.place(out, noted)


def _commercial(ctx: DealContext) -> tuple[list[Block], list[Block], dict[str, str]]:
    """Commitments grouped by the party giving them, then the remedies."""
    defined: dict[str, str] = {}
    commitments: list[Block] = []
    for party in ctx.deal.parties:
        given = [(i, c) for i, c in enumerate(ctx.deal.commitments) if c.by == party.id]
        if not given:
            continue
        view = ctx.parties[party.id]
        commitments.append(Heading(f"Commitments of {view.term}", anchor=f"commitments-{party.id}"))
        for i, commitment in given:
            clause = ctx.clause(commitment.clause, "commitment")
            context = negotiation.commitment_context(i, clause)
            defined.update(ctx.definitions(clause, context, commitment.id))
            # An untitled obligation has no run-in heading: "Commitment." says nothing.
            title = "" if commitment.clause == "obligation" and not commitment.title else ctx.commitments[commitment.id].title
            commitments += ctx.clause_blocks(
                clause, context, title=negotiation.heading(ctx, commitment, title),
                anchor=commitment_anchor(commitment.id), owner=commitment.id,
            )
            if commitment.text and commitment.clause != "obligation":
                commitments.append(Para([Text(commitment.text)], indent=2))
            commitments += parts.closing_sentence(ctx, commitment)
            commitments += negotiation.notes(ctx, commitment)
    remedies: list[Block] = []
    if ctx.deal.remedies:
        remedies.append(Heading("Remedies", anchor="remedies"))
        for i, remedy in enumerate(ctx.deal.remedies):
            clause = ctx.clause(remedy.clause, "remedy")
            context = negotiation.remedy_context(i, clause)
            defined.update(ctx.definitions(clause, context, remedy.id))
            remedies += ctx.clause_blocks(
                clause, context, title=negotiation.heading(ctx, remedy, remedy.title or clause.meta.title),
                anchor=remedy_anchor(remedy.id), owner=remedy.id,
            )
            if remedy.text:
                remedies.append(Para([Text(remedy.text)], indent=2))
            remedies += negotiation.notes(ctx, remedy)
    return commitments, remedies, defined


def standard_clauses(ctx: DealContext) -> list[ClauseFile]:
    """The standard provisions this deal's heads of terms carry, in order (the term
    sheet's status row names the binding ones from the same list)."""
    chosen = [
        c
        for c in ctx.library.by_role("standard")
        if not c.meta.requires or ctx.base["deal"].get(c.meta.requires) is not None
    ]
    return sorted(chosen, key=lambda c: (c.meta.order, c.id))


def _standard(ctx: DealContext, defined: dict[str, str]) -> list[Block]:
    """The standard provisions: general ones, then status and the binding ones."""
    chosen = standard_clauses(ctx)
    binding = [_Binding(ref(standard_anchor(c.id), c.meta.title), c.meta.title) for c in chosen if c.meta.binding]
    general = [c for c in chosen if not c.meta.binding]
    status = [c for c in chosen if c.meta.binding]
    out: list[Block] = []
    for heading, group in (("General provisions", general), ("Status and binding provisions", status)):
        if not group:
            continue
        out.append(Heading(heading, anchor=heading.lower().replace(" ", "-")))
        for clause in group:
            others = [b for b in binding if b.title != clause.meta.title]
            context = lambda v, clause=clause, others=others: v.standard_context(clause, others)  # noqa: E731
            defined.update(ctx.definitions(clause, context))
            out += ctx.clause_blocks(clause, context, title=clause.meta.title, anchor=standard_anchor(clause.id))
    return out
