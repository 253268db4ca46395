"""The parts of the documents that come from the deal's data rather than a clause file:
parties, definitions, funding, conditions, signatures, the matrix and the timeline.
"""

from __future__ import annotations

import re
from decimal import Decimal

from dealdocs.assemble.context import DealContext, commitment_anchor, remedy_anchor
from dealdocs.drafting import inlines, long_date
from dealdocs.findings import Finding
from dealdocs.model import GRANTING_ROLES, Commitment, GoverningLaw, Role
from dealdocs.money import format_money
from dealdocs.tree import Block, Clause, Defined, Heading, Inline, Para, Ref, Signature, Table, Text

_JURISDICTION = {
    GoverningLaw.ENGLAND_AND_WALES: "England and Wales",
    GoverningLaw.SCOTLAND: "Scotland",
    GoverningLaw.NORTHERN_IRELAND: "Northern Ireland",
}


def paragraphs(text: str) -> list[str]:
    """User text split at blank lines, each paragraph on one line."""
    return [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def open_points(findings: list[Finding]) -> list[Block]:
    """The note a forced draft carries: every finding not yet resolved."""
    if not findings:
        return []
    out: list[Block] = [
        Para([Text("Open points. This draft was built although the deal file has the findings below. "
                   "They must be resolved before the draft is circulated.")], kind="note")
    ]
    for f in findings:
        out.append(Para([Text(f"{f.code} ({f.severity.value}, line {f.line}): {f.message}")], kind="note"))
    return out


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


def defined_terms(ctx: DealContext, from_clauses: dict[str, str]) -> list[tuple[str, str]]:
    """The clauses' and the deal's own defined terms, in alphabetical order, as text."""
    terms = dict(from_clauses)
    terms.update({t: re.sub(r"\s+", " ", text).strip() for t, text in ctx.deal.definitions.items()})
    return sorted(terms.items(), key=lambda item: item[0].casefold())


def definitions_clause(ctx: DealContext, from_clauses: dict[str, str]) -> list[Block]:
    """Parties' short names, the deal's `definitions` and the clauses' defined terms."""
    info = ctx.deal.deal
    terms: dict[str, list[Inline]] = {
        "Full Agreement": [Text("the legally binding agreement or agreements to be negotiated between the Parties "
                                "on the basis of these heads of terms")],
        "Parties": [Text("the parties named in clause "), Ref("parties", label="Parties"),
                    Text(", and Party means any of them")],
        "Term": [Text(f"the period of {info.term_years} years from {long_date(info.date)}, ending on "
                      f"{long_date(info.end_date)}")],
    }
    for party in ctx.deal.parties:
        terms[party.short_name.removeprefix("the ")] = [Text(party.name)]
    for term, text in defined_terms(ctx, from_clauses):
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
    """One uniform sentence after every commitment: when it is due and its remedies."""
    obligor = ctx.parties.get(commitment.by)
    who = obligor.term if obligor else "the obligor"
    content: list[Inline] = []
    if commitment.due:
        content.append(Text(f"{who[0].upper()}{who[1:]} will meet this commitment by {long_date(commitment.due)}. "))
    remedies = [r for r in commitment.remedy if ctx.deal.remedy(r)]
    if remedies:
        content.append(Text("If it is not met, "))
        for i, remedy_id in enumerate(remedies):
            if i:
                content.append(Text(" and " if i == len(remedies) - 1 else ", "))
            content += [Text("clause "), Ref(remedy_anchor(remedy_id), label=remedy_title(ctx, remedy_id))]
        content.append(Text(" will apply."))
    return [Para(content, indent=2)] if content else []


def remedy_title(ctx: DealContext, remedy_id: str) -> str:
    remedy = ctx.deal.remedy(remedy_id)
    clause = ctx.library.get(remedy.clause)
    return remedy.title or (clause.meta.title if clause else remedy.clause)


def _is_public_support(ctx: DealContext, commitment: Commitment) -> bool:
    giver = ctx.deal.party(commitment.by)
    return bool(giver and giver.role in GRANTING_ROLES)


def money_of(ctx: DealContext, commitment: Commitment) -> Decimal | None:
    """A commitment's money figure: its `amount`, else a money `amount` term."""
    if commitment.amount is not None:
        return commitment.amount
    clause = ctx.library.get(commitment.clause)
    spec = clause.meta.terms.get("amount") if clause else None
    if spec is not None and spec.type == "money" and commitment.terms.get("amount") is not None:
        from dealdocs.money import parse_money

        try:
            return parse_money(commitment.terms["amount"])
        except ValueError:
            return None
    return None


def totals(ctx: DealContext) -> tuple[Decimal, Decimal]:
    """(public support, private investment) across the deal."""
    public = private = Decimal(0)
    for c in ctx.deal.commitments:
        amount = money_of(ctx, c)
        if amount is None:
            continue
        giver = ctx.deal.party(c.by)
        if _is_public_support(ctx, c):
            public += amount
        elif giver and giver.role == Role.INVESTOR:
            private += amount
    return public, private


def funding_clause(ctx: DealContext) -> list[Block]:
    money = [(c, money_of(ctx, c)) for c in ctx.deal.commitments]
    money = [(c, a) for c, a in money if a is not None]
    if not money:
        return []
    public, private = totals(ctx)
    out: list[Block] = [
        Heading("Funding and milestones", anchor="funding"),
        Clause(2, [Text(f"The commitments in these heads of terms carry financial value of "
                        f"{format_money(public + private)} in total, of which {format_money(private)} is private "
                        f"investment and {format_money(public)} is public support. They are summarised in the "
                        "table below.")]),
        Table(
            header=["Commitment", "Given by", "Given to", "Amount", "Due"],
            rows=[
                [
                    [Ref(commitment_anchor(c.id), label=ctx.commitments[c.id].title)],
                    [Text(ctx.parties[c.by].term if c.by in ctx.parties else c.by)],
                    [Text(_terms_of(ctx, c.to))],
                    [Text(format_money(a))],
                    [Text(long_date(c.due) if c.due else "—")],
                ]
                for c, a in money
            ],
            widths=[30, 18, 22, 16, 14],
            caption="Financial commitments",
        ),
    ]
    tranched = [c for c in ctx.deal.commitments if c.tranches]
    if tranched:
        out.append(Clause(2, [Text("Public support is paid in arrears, in the tranches below, each on the "
                                   "condition stated being met and evidenced to the funder's reasonable "
                                   "satisfaction (for capital spend and jobs, by an independent accountant's "
                                   "report). A tranche not released by the end of the Term lapses.")],
                          anchor="tranches"))
        rows = []
        for c in tranched:
            for i, t in enumerate(c.tranches, start=1):
                milestone: list[Inline] = [Text("—")]
                if t.milestone and t.milestone in ctx.commitments:
                    milestone = [Text("clause "), Ref(commitment_anchor(t.milestone),
                                                      label=ctx.commitments[t.milestone].title)]
                rows.append([
                    [Ref(commitment_anchor(c.id), label=ctx.commitments[c.id].title)],
                    [Text(str(i))],
                    [Text(format_money(t.amount))],
                    [Text(t.condition + (f" (by {long_date(t.due)})" if t.due else ""))],
                    milestone,
                ])
        out.append(Table(header=["Funding", "Tranche", "Amount", "Condition", "Milestone"], rows=rows,
                         widths=[24, 10, 16, 30, 20], caption="Funding tranches"))
    return out


def _terms_of(ctx: DealContext, ids: list[str]) -> str:
    names = [ctx.parties[i].term for i in ids if i in ctx.parties]
    if len(names) <= 1:
        return "".join(names) or "—"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def conditions_clause(ctx: DealContext) -> list[Block]:
    if not ctx.deal.conditions:
        return []
    out: list[Block] = [
        Heading("Conditions precedent", anchor="conditions"),
        Clause(2, [Text("Entry into the Full Agreement, and any payment of public support under it, will be "
                        "conditional on:")], anchor="conditions-list"),
    ]
    for i, condition in enumerate(ctx.deal.conditions):
        end = "; and" if i == len(ctx.deal.conditions) - 2 else (";" if i < len(ctx.deal.conditions) - 1 else ".")
        out.append(Clause(3, [Text(re.sub(r"\s+", " ", condition).strip().rstrip(".;") + end)]))
    return out


def signature_capacity(role: Role) -> str:
    """The words before the party's name in its execution block."""
    if role == Role.CENTRAL_GOVERNMENT:
        return "Signed for and on behalf of"
    if role == Role.INVESTOR:
        return "Signed by a director for and on behalf of"
    return "Signed by an authorised signatory for and on behalf of"


def signatures(ctx: DealContext) -> list[Block]:
    out: list[Block] = [
        Heading("Signatures", anchor="signatures"),
        Clause(2, [Text("These heads of terms are signed by each Party's authorised signatory on the dates "
                        "below. Signature does not make them binding, save for the binding provisions.")]),
    ]
    for party in ctx.deal.parties:
        out.append(
            Signature(
                party=party.name,
                capacity=signature_capacity(party.role),
                signatory=party.signatory.name if party.signatory else "",
                title=party.signatory.title if party.signatory else "",
            )
        )
    return out


def commitments_matrix(ctx: DealContext) -> Table:
    rows = []
    for c in ctx.deal.commitments:
        remedy_cells: list[Inline] = []
        for remedy_id in c.remedy:
            if ctx.deal.remedy(remedy_id) is None:
                continue
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


def timeline(ctx: DealContext) -> list[Block]:
    """The milestone timeline: a picture of due dates and tranches, and the same as a table."""
    from dealdocs.timeline import Event, Timeline, figure

    info = ctx.deal.deal
    events = [Event(info.date, "Heads of terms", "deal")]
    for c in ctx.deal.commitments:
        if c.due:
            events.append(Event(c.due, ctx.commitments[c.id].title, "due"))
        for i, t in enumerate(c.tranches, start=1):
            when = t.due or (ctx.deal.commitment(t.milestone).due if t.milestone and ctx.deal.commitment(t.milestone) else None)
            if when:
                events.append(Event(when, f"{ctx.commitments[c.id].title}: tranche {i} ({format_money(t.amount)})",
                                    "tranche"))
    events.append(Event(info.end_date, "End of the Term", "deal"))
    events.sort(key=lambda e: (e.date, e.kind, e.label))
    line = Timeline(start=info.date, end=info.end_date, events=events)
    alt = "; ".join(f"{long_date(e.date)}: {e.label}" for e in events)
    out: list[Block] = [figure(line, caption="Milestone timeline across the Term", alt=f"Timeline. {alt}")]
    out.append(Table(header=["Date", "Milestone"],
                     rows=[[[Text(long_date(e.date))], [Text(e.label)]] for e in events],
                     widths=[25, 75], caption="Milestones in date order"))
    return out
