"""The term sheet: a numbered two-column table (term | provision), indicative,
non-binding and subject to contract, then the commitments matrix.

Each commitment and remedy row carries the same clause text as the heads of terms; a
cross-reference names the row it points to.
"""

from __future__ import annotations

import re

from dealdocs.assemble import funding, heads, negotiation, notes, parts
from dealdocs.assemble.conditions import LEAD_IN, conditions, punctuated
from dealdocs.assemble.context import DealContext, commitment_anchor, remedy_anchor
from dealdocs.clausefilters import and_join, long_date
from dealdocs.clausemarkup import inlines
from dealdocs.clauses import ClauseFile
from dealdocs.findings import Finding
from dealdocs.money import format_money
from dealdocs.clausenumbers import alpha, roman
from dealdocs.tree import Block, Clause, Inline, Para, Ref, Strong, Table, Text, plain

def _status(ctx: DealContext) -> str:
    titles = [c.meta.title.lower() for c in heads.standard_clauses(ctx) if c.meta.binding and c.id != "status"]
    binding = str(and_join(titles)) if titles else "no"
    return (
        "This term sheet is indicative only, non-binding and SUBJECT TO CONTRACT. It records the principal "
        "terms on which the Parties intend to negotiate. No Party is bound until the Full Agreement is signed, "
        f"save that the heads of terms' provisions on {binding} are intended to bind once the heads of terms "
        "are signed."
    )


def blocks(ctx: DealContext, open_points: list[Finding]) -> list[Block]:
    deal, info = ctx.deal, ctx.deal.deal
    rows: list[tuple[str, str, list[Inline]]] = []  # (anchor, term, provision)
    states: dict[str, str] = {}  # anchor -> status, for the rows of commitments and remedies

    def row(term: str, provision: list[Inline], anchor: str = "") -> None:
        rows.append((anchor, term, provision))

    row("Deal", [Text(info.title)])
    row("Status", [Text(_status(ctx))])
    row("Parties", _lines([f"{p.name} (the {p.short_name.removeprefix('the ')})" for p in deal.parties]), "parties")
    row("Zone and sector", [Text(f"{info.zone}; {info.sector.replace('-', ' ')}")])
    row("Date and term", [Text(f"{long_date(info.date)}; {info.term_years} years, to {long_date(info.end_date)}")])
    if info.background:
        row("Background", [Text(parts.paragraphs(info.background)[0])])
    defined: dict[str, str] = {}
    row("Definitions", [])  # filled in below, once the clauses have said what they define
    definitions_row = rows[-1][2]
    for i, c in enumerate(deal.commitments):
        clause = ctx.clause(c.clause, "commitment")
        title = ctx.commitments[c.id].title
        context = negotiation.commitment_context(i, clause)
        defined.update(ctx.definitions(clause, context, c.id))
        provision = _provision(ctx, clause, context, c.id)
        if c.text and c.clause != "obligation":
            provision += [Text("\n"), Text(c.text)]
        closing = parts.closing_sentence(ctx, c)
        if closing:
            provision += [Text("\n"), *closing[0].content]
        provision += _notes(ctx, c)
        who = ctx.parties[c.by].term if c.by in ctx.parties else c.by
        states[commitment_anchor(c.id)] = negotiation.status(ctx, c)
        row(title if title.endswith(who) else f"{title} ({who})", provision, commitment_anchor(c.id))
    for i, r in enumerate(deal.remedies):
        clause = ctx.clause(r.clause, "remedy")
        context = negotiation.remedy_context(i, clause)
        defined.update(ctx.definitions(clause, context, r.id))
        provision = _provision(ctx, clause, context, r.id) + _notes(ctx, r)
        states[remedy_anchor(r.id)] = negotiation.status(ctx, r)
        row(f"Remedy: {r.title or clause.meta.title}", provision, remedy_anchor(r.id))
    tranches = [
        f"{ctx.commitments[c.id].title}, tranche {i}: {format_money(t.amount)} on {t.condition}"
        for c in deal.commitments
        for i, t in enumerate(c.tranches, start=1)
    ]
    if tranches:
        row("Funding tranches", _lines(tranches))
    if funding.totals_text(ctx) is not None:  # as the heads of terms' funding clause states them
        row("Totals", inlines(ctx.negotiated(lambda v: _capital(str(funding.totals_text(v))) + ".")))
    row("Conditions precedent", _lines(ctx.negotiated(lambda v: "\n".join(_listed(conditions(v)))).split("\n")),
        "conditions")
    timetable = _timetable(ctx)
    if timetable:
        row("Timetable", _lines(timetable))
    if info.exclusivity_until:
        row("Exclusivity", [Text(_exclusivity(ctx))])
    row("Confidentiality", [Text("Binding. The terms and the negotiations are confidential"
                                 + (", subject to the public bodies' duties under the freedom of information and "
                                    "environmental information legislation that applies to each (see the heads of "
                                    "terms)" if
                                    any(p.role.is_public for p in deal.parties) else "") + ".")])
    row("Costs", [Text("Binding. Each Party bears its own costs.")])
    row("Governing law", [Text(_LAW[info.governing_law.value])])

    # Only the defined terms the sheet itself uses: it is a summary, not the heads of terms.
    # Each open point of a forced draft in the row it concerns; the rest open the sheet.
    noted = notes.by_anchor(open_points, deal)
    anchors = {anchor for anchor, _, _ in rows if anchor}
    for anchor, _, provision in rows:
        for finding in noted.get(anchor, []) if anchor else []:
            provision += [Text("\n"), Text(notes.note_text(finding))]
    noted = {notes.GENERAL: [f for a, group in noted.items() if a not in anchors for f in group]} if noted else {}
    defined.setdefault("Full Agreement", parts.FULL_AGREEMENT)
    terms = _used_terms(parts.defined_terms(ctx, defined), " ".join(plain(cell) for _, _, cell in rows))
    for i, (term, text) in enumerate(terms):
        definitions_row += [Text("\n")] if i else []
        definitions_row += [Strong(term), Text(": "), *inlines(text)]
    if not terms:
        rows[:] = [r for r in rows if r[2] is not definitions_row]
    numbers = {anchor: str(i) for i, (anchor, _, _) in enumerate(rows, start=1) if anchor}
    shown = negotiation.recorded(ctx)
    table_rows = []
    for anchor, term, provision in rows:
        for inline in provision:
            if isinstance(inline, Ref) and inline.target in numbers:
                object.__setattr__(inline, "number", numbers[inline.target])
        cells = [[Text(term)], provision]  # the number is the table's: a Word list, not typed
        if shown:  # a draft's status for every row: its item's, else whether it states an open term
            cells.append([Text(states.get(anchor) or ("Open" if ctx.open_items and _bracketed(provision)
                                                      else "Agreed"))])
        table_rows.append(cells)
    matrix = negotiation.negotiated_blocks(ctx, lambda v: [parts.commitments_matrix(v)])[0]
    for cells in matrix.rows:
        for cell in cells:
            for inline in cell:
                if isinstance(inline, Ref) and inline.target in numbers:
                    object.__setattr__(inline, "number", numbers[inline.target])
    out: list[Block] = notes.general(noted)
    header, widths = (["Term", "Provision", "Status"], [24, 62, 14]) if shown else (["Term", "Provision"], [28, 72])
    out.append(Table(header=header, rows=table_rows, widths=widths, caption="Principal terms", numbered=True,
                     anchors=[anchor for anchor, _, _ in rows]))
    out.append(matrix)
    return out


_LAW = {
    "england-and-wales": "The law of England and Wales; the courts of England and Wales have exclusive jurisdiction.",
    "scotland": "Scots law; the courts of Scotland have exclusive jurisdiction.",
    "northern-ireland": "The law of Northern Ireland; the courts of Northern Ireland have exclusive jurisdiction.",
}


def _bracketed(provision: list[Inline]) -> bool:
    """Does the row state a term as the parties' alternatives?"""
    return bool(re.search(r"\] \([^)]+\)( /|$|[,;.])", plain(provision)))


def _used_terms(terms: list[tuple[str, str]], used: str) -> list[tuple[str, str]]:
    """The defined terms the sheet uses: those its rows use, and every term a kept
    definition uses in turn ("Local Area: the Region" keeps "Region")."""
    kept: set[str] = set()
    texts = [used]
    while texts:
        text = texts.pop()
        for term, definition in terms:
            if term not in kept and re.search(rf"\b{re.escape(term)}\b", text):
                kept.add(term)
                texts.append(definition)
    return [(t, text) for t, text in terms if t in kept]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _timetable(ctx: DealContext) -> list[str]:
    """The heads of terms' timetable and lapse dates, as far as the deal gives them."""
    info = ctx.deal.deal
    out = []
    if info.target_date:
        out.append(f"The Parties aim to sign the Full Agreement on or before {long_date(info.target_date)} "
                   "(not binding).")
    if info.lapse_date:
        out.append(f"The heads of terms lapse if the Full Agreement has not been signed by all the Parties on or "
                   f"before {long_date(info.lapse_date)}, or any later date the Parties agree in writing "
                   "(binding).")
    return out


def _exclusivity(ctx: DealContext) -> str:
    """Who is locked out, as the heads of terms' exclusivity clause says (the investors,
    else every Party), and until when."""
    investors = ctx.base["investors"]
    who = f"{investors} will not" if investors else "no Party will"
    return (f"Binding lock-out: from the date of the heads of terms until and including "
            f"{long_date(ctx.deal.deal.exclusivity_until)}, {who} negotiate or deal with any third party about "
            "the subject matter of the heads of terms. The lock-out then ends automatically.")


def _notes(ctx: DealContext, item) -> list[Inline]:
    """An item's notes to draft at the end of its row (in Word, comments on it)."""
    out: list[Inline] = []
    for note in negotiation.note_inlines(ctx, item):
        out += [Text("\n"), note]
    return out


def _listed(items: list[str]) -> list[str]:
    """The conditions as the heads of terms list them, lettered: the lead-in, then "(a) ...;"."""
    lettered = [f"({alpha(i)}) {item}" for i, item in enumerate(punctuated(items), start=1)]
    return [LEAD_IN, *lettered] if lettered else []


def _lines(items: list[str]) -> list[Inline]:
    out: list[Inline] = []
    for i, item in enumerate(items):
        if i:
            out.append(Text("\n"))
        out.append(Text(item))
    return out


def _provision(ctx: DealContext, clause: ClauseFile, context: dict, owner: str) -> list[Inline]:
    """A clause in a term-sheet cell: its brief where it has one, else its whole text."""
    if clause.meta.brief:
        return inlines(re.sub(r"\s+", " ", ctx.render(clause, context, clause.meta.brief, owner)).strip())
    return _flatten(ctx.clause_blocks(clause, context, title="", anchor="", owner=owner))


def _flatten(blocks: list[Block]) -> list[Inline]:
    """A clause's paragraphs as one table cell: sub-paragraphs on their own lines."""
    out: list[Inline] = []
    counters = {3: 0, 4: 0}
    for block in blocks:
        if not isinstance(block, Clause | Para):
            continue
        if out:
            out.append(Text("\n"))
        if isinstance(block, Clause) and block.level == 3:
            counters[3] += 1
            counters[4] = 0
            out.append(Text(f"({alpha(counters[3])}) "))
        elif isinstance(block, Clause) and block.level == 4:
            counters[4] += 1
            out.append(Text(f"({roman(counters[4])}) "))
        out += block.content
    return out
