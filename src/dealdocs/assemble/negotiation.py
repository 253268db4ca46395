"""Negotiation state in the documents (SPEC section 8): open and proposed items marked in
their headings, notes to draft, the open-points schedule and the term sheet's status.

The bracketed alternatives themselves are worked out where clause text is rendered
(`DealContext.negotiated`, `assemble.positions`); this module says what else a
negotiated draft shows. A final deal shows none of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dealdocs.assemble.context import DealContext, commitment_anchor, remedy_anchor
from dealdocs.clausemarkup import flat, inlines
from dealdocs.clauses import ClauseFile, validate_terms
from dealdocs.clauseterms import TermSpec
from dealdocs.model import Commitment, ItemStatus, Position, Remedy, Status
from dealdocs.termvalues import show
from dealdocs.tree import Block, Clause, Inline, Note, Para, Ref, ScheduleHeading, Strong, Table, Text

Item = Commitment | Remedy


def shown(ctx: DealContext) -> bool:
    """A draft shows its negotiation; a final shows only what was agreed."""
    return ctx.deal.deal.status != Status.FINAL


def recorded(ctx: DealContext) -> bool:
    """Does the deal record its negotiation (a status, positions or notes on any item)?
    Only then does the term sheet say of each row whether it is agreed: a draft that
    records nothing has not said what is agreed."""
    return shown(ctx) and any(
        item.status is not None or item.positions or item.notes
        for item in (*ctx.deal.commitments, *ctx.deal.remedies)
    )


def commitment_context(index: int, clause: ClauseFile) -> Callable[[DealContext], dict]:
    """The context of the deal's `index`th commitment, in any context of the deal (so
    that each party's position can be drafted)."""
    return lambda v: v.commitment_context(v.deal.commitments[index], clause)


def remedy_context(index: int, clause: ClauseFile) -> Callable[[DealContext], dict]:
    return lambda v: v.remedy_context(v.deal.remedies[index], clause)


def status(ctx: DealContext, item: Item) -> str:
    """"Agreed", "Open" or "Proposed by the Secretary of State"."""
    state = item.state
    if state == ItemStatus.PROPOSED and item.proposed_by:
        who = ctx.parties[item.proposed_by].term if item.proposed_by in ctx.parties else item.proposed_by
        return f"Proposed by {who}"
    return state.value.capitalize()


def heading(ctx: DealContext, item: Item, title: str) -> str:
    """The clause's heading, marked while the item is open or proposed: "Funding [Open]"."""
    if not shown(ctx) or not item.is_open:
        return title
    return f"{title} [{status(ctx, item)}]".strip()


def notes(ctx: DealContext, item: Item) -> list[Block]:
    """The item's notes to draft, after its clause."""
    if not shown(ctx):
        return []
    return [Para([note], indent=2, kind="note") for note in note_inlines(ctx, item)]


def note_inlines(ctx: DealContext, item: Item) -> list[Note]:
    return [Note(ctx.label(n.by), flat(n.text)) for n in item.notes] if shown(ctx) else []


def items(ctx: DealContext) -> list[tuple[str, Item]]:
    """(anchor, item) of each item with an open point or a note to draft, in file order."""
    if not shown(ctx):
        return []
    out: list[tuple[str, Item]] = [(commitment_anchor(c.id), c) for c in ctx.deal.commitments]
    out += [(remedy_anchor(r.id), r) for r in ctx.deal.remedies]
    return [(anchor, item) for anchor, item in out if item.is_open or item.notes]


# --- the open-points schedule -------------------------------------------------------------


def schedule(ctx: DealContext, number: int) -> list[Block]:
    """The heads of terms' schedule of open points: item, clause, positions, notes."""
    listed = items(ctx)
    if not listed:
        return []
    rows = []
    for i, (anchor, item) in enumerate(listed, start=1):
        title = ctx.commitments[item.id].title if isinstance(item, Commitment) else (
            item.title or (ctx.library.get(item.clause).meta.title if ctx.library.get(item.clause) else item.clause))
        rows.append([
            [Text(str(i))],
            [Text(title), Text("\n"), Text(status(ctx, item))],
            [Ref(anchor)],
            _lines([position_text(ctx, item, p) for p in item.positions]) or [Text("—")],
            _lines([n.printed for n in note_inlines(ctx, item)]) or [Text("—")],
        ])
    return [
        ScheduleHeading(number, "Open points", anchor=f"schedule-{number}"),
        Para([Text("The points below are not yet agreed between the Parties. Each Party's position is shown "
                   "against the clause it concerns, where the alternatives are printed in square brackets.")])
        if any(item.is_open for _, item in listed) else
        Para([Text("The points below carry notes to draft that remain to be dealt with.")]),
        Table(header=["No.", "Item", "Clause", "Positions", "Notes to draft"], rows=rows,
              widths=[6, 22, 10, 34, 28], caption="Open points and notes to draft"),
    ]


def position_text(ctx: DealContext, item: Item, position: Position) -> str:
    """One party's position as a line, each term named as its clause describes it:
    "Council: 30 per cent as the share of the new jobs to be filled by Local Residents",
    "Company: £600,000,000 as the maximum sum to be made available (needed for close)"."""
    clause = ctx.library.get(item.clause)
    specs = clause.meta.terms if clause is not None else {}
    values = validate_terms(clause, item.position_terms(position))[0] if clause is not None else {}
    terms = []
    for key, raw in position.terms.items():
        spec = specs.get(key)
        value, label = show(values.get(key, raw), spec), term_label(key, spec)
        # A list or a set of fields reads best after its label; a single figure before it.
        terms.append(f"{label}: {value}" if spec is not None and spec.type in ("list", "object")
                     else f"{value} as {label}")
    line = f"{ctx.label(position.party)}: {'; '.join(terms) or 'no change to the terms'}"
    return line + (f" ({flat(position.note)})" if position.note else "")


# A description that names its term opens with a noun phrase ("The share of the new jobs
# to be filled by Local Residents (...)"); one that explains it ("What the funding may be
# spent on, ...", "How often ...") does not, and the term's own name is used instead.
_OPTIONAL = re.compile(r"^(Optional(, [^:]*)?:|For the [\w -]+ variant,)\s*")
_NOT_NOUNS = {"from", "of", "to", "by", "released"}
_EXPLAINS = re.compile(r"^(what|how|when|where|whether|which|who|for)\b|^[\"'`]", re.IGNORECASE)


def term_label(key: str, spec: TermSpec | None) -> str:
    """A term as a lawyer names it, from its clause's description: "the share of the new
    jobs to be filled by Local Residents", "the maximum sum to be made available"."""
    description = re.sub(r"\s*\([^()]*\)", "", " ".join(spec.description.split()) if spec is not None else "")
    head, *rest = re.split(r"[,;:.]", _OPTIONAL.sub("", description), maxsplit=1)
    head = head.strip()
    cut_short = bool(rest) and re.search(r"\b(that|which|who)\b", head)  # "the IP that the party, and ..."
    if head and not _EXPLAINS.search(head) and not cut_short and len(head.split()) <= 14:
        return head[:1].lower() + head[1:]
    if key in _NOT_NOUNS:
        return f"the term ‘{key}’"
    words, unit = key.split("_"), ""
    if len(words) > 1 and words[-1] in ("years", "days", "weeks", "percent"):
        unit = words.pop()
        unit = " percentage" if unit == "percent" else f" in {unit}" if words[-1] == "period" else f" period in {unit}"
    return f"the {' '.join(words)}{unit}"


def _lines(texts: list[str]) -> list[Inline]:
    out: list[Inline] = []
    for i, text in enumerate(texts):
        out += [Text("\n")] if i else []
        out.append(Text(text))
    return out


# --- parts built from the deal's data --------------------------------------------------------


def negotiated_blocks(ctx: DealContext, build: Callable[[DealContext], list[Block]]) -> list[Block]:
    """Blocks built from the deal's figures (the funding clause, the matrix), with each
    open figure they state as its alternatives. Text is compared paragraph by paragraph
    and cell by cell; a part whose shape changes with a position keeps the base's shape."""
    blocks = build(ctx)
    if not ctx.open_items:
        return blocks
    built: dict[int, dict[tuple, str]] = {}  # each context's texts, built once

    def texts_in(v: DealContext) -> dict[tuple, str]:
        if id(v) not in built:
            built[id(v)] = dict(_texts(build(v)))
        return built[id(v)]

    for path, text in list(_texts(blocks)):
        merged = ctx.negotiated(lambda v, path=path, text=text: texts_in(v).get(path, text))
        if merged != text:
            _replace(blocks, path, inlines(merged))
    return blocks


def _serialise(content: list[Inline]) -> str | None:
    """Text and Strong runs as marked text, so `merge` can compare them (None: a run that
    does not survive the round trip, such as a cross-reference, is left alone)."""
    out = []
    for item in content:
        if isinstance(item, Text):
            out.append(item.text)
        elif isinstance(item, Strong):
            out.append(f"\ue003{item.text}\ue004")
        else:
            return None
    return "".join(out)


def _texts(blocks: list[Block]):
    for b, block in enumerate(blocks):
        if isinstance(block, Clause | Para):
            text = _serialise(block.content)
            if text is not None:
                yield (b,), text
        elif isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    text = _serialise(cell)
                    if text is not None:
                        yield (b, r, c), text


def _replace(blocks: list[Block], path: tuple, content: list[Inline]) -> None:
    block = blocks[path[0]]
    if len(path) == 1:
        block.content = content
    else:
        block.rows[path[1]][path[2]] = content

