"""Funding and milestones: the money in the deal, its tranches, and the timeline.

Every figure comes from `dealdocs.facts` (a commitment's amount, the public and private
totals), so the documents, the checks and the register agree on each one.
"""

from __future__ import annotations

from decimal import Decimal

from dealdocs.assemble.context import DealContext, commitment_anchor
from dealdocs.assemble.parts import party_terms
from dealdocs.clausefilters import BLANK, and_join, long_date
from dealdocs.facts import is_advance
from dealdocs.money import format_money
from dealdocs.tree import Block, Clause, Heading, Inline, Ref, Table, Text


def funding_clause(ctx: DealContext) -> list[Block]:
    facts = ctx.facts
    money = [(c, facts.amount(c)) for c in ctx.deal.commitments]
    money = [(c, a) for c, a in money if a is not None]
    if not money:
        return []
    out: list[Block] = [
        Heading("Funding and milestones", anchor="funding"),
        Clause(2, [Text(f"The commitments in these heads of terms carry {totals_text(ctx)}. They are "
                        "summarised in the table below.")]),
        Table(
            header=["Commitment", "Given by", "Given to", "Amount", "Due"],
            rows=[
                [
                    [_ref(ctx, c.id)],
                    [Text(ctx.parties[c.by].term if c.by in ctx.parties else c.by)],
                    [Text(party_terms(ctx, c.to))],
                    [Text(format_money(a))],
                    [Text(long_date(c.due) if c.due else "—")],
                ]
                for c, a in money
            ],
            widths=[30, 18, 22, 16, 14],
            caption="Financial commitments",
        ),
    ]
    return out + _tranches(ctx)


def totals_text(ctx: DealContext) -> str | None:
    """The deal's totals, as the heads of terms' funding clause and the term sheet state
    them: the money figures (`Facts.totals`) and any land given at an undervalue (the
    land part of the Support, `Facts.support`). None when the deal gives no money figure.
    """
    facts = ctx.facts
    if not any(facts.amount(c) is not None for c in ctx.deal.commitments):
        return None
    public, private = facts.totals()
    lent = sum((s.amount for s in facts.support if s.kind == "loan" and s.amount and facts.grants(s.giver)),
               Decimal(0))
    text = (f"financial value of {format_money(public + private)} in total, of which {format_money(private)} is "
            f"private investment and {format_money(public)} is public funding"
            + (f" (of which up to {format_money(lent)} is lent, to be repaid)" if lent else ""))
    land: dict[str, Decimal] = {}
    for s in facts.support:
        if s.kind == "land" and s.value:
            land[s.giver] = land.get(s.giver, Decimal(0)) + s.value
    if land:
        givers = [f"{_party(ctx, giver)} will transfer land at an undervalue of {format_money(value)}"
                  for giver, value in land.items()]
        text += f"; in addition, {and_join(givers)}"
    return text


def _party(ctx: DealContext, party_id: str) -> str:
    return ctx.parties[party_id].term if party_id in ctx.parties else party_id


def _tranches(ctx: DealContext) -> list[Block]:
    tranched = [c for c in ctx.deal.commitments if c.tranches]
    if not tranched:
        return []
    advances = any(is_advance(t.condition) for c in tranched for t in c.tranches)
    lead: list[Inline] = []
    for i, c in enumerate(tranched):  # "The Agency's funding under clause 6.1 (Capital grant)"
        joiner = "" if not i else " and " if i == len(tranched) - 1 else ", "
        whose = _party(ctx, c.by)
        lead += [Text(f"{joiner}{whose[:1].upper() + whose[1:] if not i else whose}'s funding under clause "),
                 _ref(ctx, c.id)]
    lead_text = (f" {'is' if len(tranched) == 1 else 'are'} paid in arrears, in the tranches below, each on the "
                 "condition stated being met and evidenced to the funder's reasonable satisfaction (a milestone by "
                 "a report from an independent firm of chartered accountants)")
    lead_text += (", save that a tranche payable on signature is an advance, paid before the expenditure it funds. "
                  if advances else ". ")
    lead_text += "A tranche not released by the long-stop date shown for it lapses."
    lead.append(Text(lead_text))
    rows = []
    for c in tranched:
        for i, t in enumerate(c.tranches, start=1):
            milestone: list[Inline] = [Text("—")]
            if t.milestone and t.milestone in ctx.commitments:
                milestone = [Text("clause "), _ref(ctx, t.milestone)]
            rows.append([
                [_ref(ctx, c.id)],
                [Text(str(i))],
                [Text(format_money(t.amount))],
                [Text(t.condition + (f" (by {long_date(t.due)})" if t.due else "")
                      + (" (an advance)" if is_advance(t.condition) else ""))],
                milestone,
                [Text(long_date(c.long_stop) if c.long_stop else BLANK)],
            ])
    return [
        Clause(2, lead, anchor="tranches"),
        Table(header=["Funding", "Tranche", "Amount", "Condition", "Milestone", "Long stop"], rows=rows,
              widths=[19, 11, 14, 26, 16, 14], caption="Funding tranches"),
    ]


def _ref(ctx: DealContext, commitment_id: str) -> Ref:
    return Ref(commitment_anchor(commitment_id), label=ctx.commitments[commitment_id].title)


def timeline(ctx: DealContext) -> list[Block]:
    """The milestone timeline: a picture of due dates and tranches, and the same as a table.

    A tranche is placed at its own `due` date, else at the due date of its milestone
    commitment ("on or after", since it is paid once that is met); one with neither has
    no date to show and is left to the tranche table.
    """
    from dealdocs.timeline import Event, Timeline, figure

    info = ctx.deal.deal
    events = [Event(info.date, "Heads of terms", "deal")]
    if info.target_date:
        events.append(Event(info.target_date, "Target date for the Full Agreement", "deal"))
    for c in ctx.deal.commitments:
        title = ctx.commitments[c.id].title
        if c.due:
            events.append(Event(c.due, title, "due"))
        for i, t in enumerate(c.tranches, start=1):
            milestone = ctx.facts.commitments.get(t.milestone) if t.milestone else None
            when = t.due or (milestone.due if milestone else None)
            if when:
                after = "" if t.due else " (once the milestone is met)"
                events.append(Event(when, f"{title}: tranche {i} ({format_money(t.amount)}){after}", "tranche"))
        if c.long_stop:
            events.append(Event(c.long_stop, f"{title}: long stop for unreleased tranches", "tranche"))
    events.append(Event(info.end_date, "End of the Term", "deal"))
    events.sort(key=lambda e: (e.date, e.kind, e.label))
    line = Timeline(start=info.date, end=info.end_date, events=events)
    # A short text alternative: the table that follows lists every milestone (as WCAG
    # advises for a complex picture), so a screen reader, and the Markdown, which cannot
    # show the picture, do not read the list twice.
    alt = (f"Timeline of the {len(events)} milestones listed in the table below, from "
           f"{long_date(events[0].date)} to {long_date(events[-1].date)}.")
    out: list[Block] = [figure(line, caption="Milestone timeline across the Term", alt=alt)]
    out.append(Table(header=["Date", "Milestone"],
                     rows=[[[Text(long_date(e.date))], [Text(e.label)]] for e in events],
                     widths=[25, 75], caption="Milestones in date order"))
    return out
