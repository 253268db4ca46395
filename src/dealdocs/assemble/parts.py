"""The parts of the documents that come from the deal's data rather than a clause file:
parties, definitions, funding, conditions, signatures, the matrix and the timeline.
"""

from __future__ import annotations

import re

from dealdocs.assemble.context import DealContext, commitment_anchor, remedy_anchor
from dealdocs.assemble.execution import execution
from dealdocs.clausefilters import long_date
from dealdocs.clausemarkup import inlines
from dealdocs.model import Commitment, GoverningLaw, Role
from dealdocs.tree import Block, Clause, Defined, Heading, Inline, Para, Ref, Table, Text

_JURISDICTION = {
    GoverningLaw.ENGLAND_AND_WALES: "England and Wales",
    GoverningLaw.SCOTLAND: "Scotland",
    GoverningLaw.NORTHERN_IRELAND: "Northern Ireland",
}


FULL_AGREEMENT = ("the legally binding agreement or agreements to be negotiated between the Parties on the basis "
                  "of these heads of terms")


def paragraphs(text: str) -> list[str]:
    """User text split at blank lines, each paragraph on one line."""
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def party_description(ctx: DealContext, party_id: str) -> str:
    party = ctx.deal.party(party_id)
    bits = []
    if party.company_number:
        where = _JURISDICTION[ctx.deal.deal.governing_law] if not party.company_number.startswith(("SC", "NI")) else (
            "Scotland" if party.company_number.startswith("SC") else "Northern Ireland"
        )
        bits.append(f"a company incorporated in {where} with company number {party.company_number}")
    if party.address:
        bits.append(f"whose {'registered office' if party.company_number else 'address'} is at {party.address}")
    return " ".join(bits)


def parties_clause(ctx: DealContext) -> list[Block]:
    out: list[Block] = [Heading("Parties", anchor="parties")]
    for party in ctx.deal.parties:
        description = party_description(ctx, party.id)
        content: list[Inline] = [Text(party.name + (f", {description}" if description else "") + " (the ")]
        content += [Defined(party.short_name.removeprefix("the ")), Text(");" if party is not ctx.deal.parties[-1] else ").")]
        out.append(Clause(2, content))
    return out


def defined_terms(ctx: DealContext, from_clauses: dict[str, str], *, heads_of_terms: bool = False) -> list[tuple[str, str]]:
    """The clauses' and the deal's own defined terms, in alphabetical order, as text.

    Definitions are written for the heads of terms ("these heads of terms"); anywhere
    else (the term sheet) they refer to "the heads of terms", the document they come from.
    """
    terms = dict(from_clauses)
    terms.update({t: re.sub(r"\s+", " ", text).strip() for t, text in ctx.deal.definitions.items()})
    if not heads_of_terms:
        terms = {t: _THESE_HEADS.sub(lambda m: ("T" if m.group(1) == "T" else "t") + "he heads of terms", text)
                 for t, text in terms.items()}
    return sorted(terms.items(), key=lambda item: item[0].casefold())


_THESE_HEADS = re.compile(r"\b([Tt])hese heads of terms\b")


def definitions_clause(ctx: DealContext, from_clauses: dict[str, str]) -> list[Block]:
    """Parties' short names, the deal's `definitions` and the clauses' defined terms."""
    info = ctx.deal.deal
    terms: dict[str, list[Inline]] = {
        "Full Agreement": [Text(FULL_AGREEMENT)],
        "Parties": [Text("the parties named in clause "), Ref("parties", label="Parties"),
                    Text(", and Party means any of them")],
        "Term": [Text(f"the period of {info.term_years} years from {long_date(info.date)}, ending on "
                      f"{long_date(info.end_date)}")],
    }
    for party in ctx.deal.parties:
        # "means the Secretary of State for ...": an office's leading "The" is lower case mid-
        # sentence; a body's registered name keeps its own ("The University of Manchester").
        office = party.role == Role.CENTRAL_GOVERNMENT and party.name.startswith("The ")
        name = "the " + party.name[4:] if office else party.name
        terms[party.short_name.removeprefix("the ")] = [Text(name)]
    for term, text in defined_terms(ctx, from_clauses, heads_of_terms=True):
        terms[term] = inlines(text) if term in from_clauses and term not in ctx.deal.definitions else [Text(text)]
    out: list[Block] = [
        Heading("Definitions and interpretation", anchor="definitions"),
        Clause(2, [Text("In these heads of terms the following words have these meanings:")], anchor="definitions-list"),
    ]
    for term in sorted(terms, key=str.casefold):
        out.append(Para([Defined(term), Text(" means "), *terms[term], Text(";")], indent=2))
    out.append(Clause(2, [Text("References to clauses and Schedules are to the clauses of and Schedules to these "
                               "heads of terms; headings do not affect their interpretation; and the singular "
                               "includes the plural and the other way round.")]))
    return out


def closing_sentence(ctx: DealContext, commitment: Commitment) -> list[Block]:
    """One uniform sentence after every commitment: when it is due and its remedies.

    Only remedies for non-performance are named as what applies if the obligor does not
    meet the commitment. A remedy that shares an uplift (`pays: uplift`, overage) is paid
    by the receiver of the land or money on a trigger event, not for the giver's failure,
    so the commitment is said to be subject to it instead. A remedy that does not act on
    this commitment (a withholding clause whose tranches depend on other commitments) is
    not named at all. A commitment to maintain something that already exists (safeguarded
    jobs) is not "met by" its due date: that is when it is first to be shown to be met.
    """
    obligor = ctx.parties.get(commitment.by)
    who = obligor.term if obligor else "the obligor"
    opening = f"{who[0].upper()}{who[1:]}"
    content: list[Inline] = []
    meet_by = bool(commitment.due) and not ctx.facts.maintained(commitment)
    if meet_by:
        content.append(Text(f"{opening} will meet this commitment by {long_date(commitment.due)}. "))
    elif commitment.due:
        content.append(Text(f"By {long_date(commitment.due)}, {who} will deliver the first independent "
                            "accountant's report confirming that this commitment is being met. "))
    remedies = acting_remedies(ctx, commitment)
    shares = [r for r in remedies if ctx.facts.payment(ctx.deal.remedy(r)).kind == "uplift"]
    failures = [r for r in remedies if r not in shares]
    if failures:
        # "If it does not" only straight after "X will meet this commitment by ...".
        content.append(Text("If it does not, " if meet_by else f"If {who} does not meet this commitment, "))
        content += _remedy_refs(ctx, failures)
        content.append(Text(" will apply. "))
    if shares:
        content.append(Text(f"{_subject(ctx, commitment)} is subject to the overage in "))
        content += _remedy_refs(ctx, shares)
        content.append(Text(". "))
    if content:
        last = content[-1]
        assert isinstance(last, Text)
        content[-1] = Text(last.text.rstrip())
    return [Para(content, indent=2)] if content else []


def acting_remedies(ctx: DealContext, commitment: Commitment) -> list[str]:
    """The ids of the deal's remedies that act on `commitment`, in its order."""
    out = []
    for remedy_id in dict.fromkeys(commitment.remedy):
        remedy = ctx.deal.remedy(remedy_id)
        if remedy is not None and ctx.facts.acts_on(remedy, commitment):
            out.append(remedy_id)
    return out


def _remedy_refs(ctx: DealContext, remedy_ids: list[str]) -> list[Inline]:
    out: list[Inline] = []
    for i, remedy_id in enumerate(remedy_ids):
        if i:
            out.append(Text(" and " if i == len(remedy_ids) - 1 else ", "))
        out += [Text("clause "), Ref(remedy_anchor(remedy_id), label=remedy_title(ctx, remedy_id))]
    return out


def _subject(ctx: DealContext, commitment: Commitment) -> str:
    """What an overage attaches to: "The transfer", "The lease", "The funding"."""
    support = ctx.facts.support_of(commitment.id)
    if support is None:
        return "This commitment"
    if support.kind == "land":
        clause = ctx.library.get(commitment.clause)
        variant = commitment.variant or (clause.variant if clause else None)
        return "The lease" if variant and "lease" in variant else "The transfer"
    return "The funding" if commitment.clause == "funding" else "The support given under this commitment"


def remedy_title(ctx: DealContext, remedy_id: str) -> str:
    remedy = ctx.deal.remedy(remedy_id)
    clause = ctx.library.get(remedy.clause)
    return remedy.title or (clause.meta.title if clause else remedy.clause)


def party_terms(ctx: DealContext, ids: list[str]) -> str:
    """Parties by their defined terms, `the Department and the Authority` (a dash if none)."""
    names = [ctx.parties[i].term for i in ids if i in ctx.parties]
    if len(names) <= 1:
        return "".join(names) or "—"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def signatures(ctx: DealContext) -> list[Block]:
    out: list[Block] = [
        Heading("Signatures", anchor="signatures"),
        Clause(2, [Text("These heads of terms are signed by each Party's authorised signatory on the dates "
                        "below. Signature does not make them binding, save for the binding provisions.")]),
    ]
    out += [execution(party) for party in ctx.deal.parties]
    return out


def commitments_matrix(ctx: DealContext) -> Table:
    rows = []
    for c in ctx.deal.commitments:
        remedy_cells: list[Inline] = []
        for remedy_id in acting_remedies(ctx, c):
            if remedy_cells:
                remedy_cells.append(Text("; "))
            remedy_cells.append(Ref(remedy_anchor(remedy_id), label=remedy_title(ctx, remedy_id)))
        rows.append([
            [Text(ctx.parties[c.by].short_name if c.by in ctx.parties else c.by)],
            [Text(", ".join(ctx.parties[i].short_name for i in c.to if i in ctx.parties) or "—")],
            [Ref(commitment_anchor(c.id), label=ctx.commitments[c.id].title)],
            [Text(long_date(c.due) if c.due else "—")],
            remedy_cells or [Text("—")],
        ])
    return Table(header=["Obligor", "Counterparty", "Commitment", "Due", "Remedy"], rows=rows,
                 widths=[16, 22, 26, 14, 22], caption="Commitments matrix")
