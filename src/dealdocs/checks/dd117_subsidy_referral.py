"""Public support to one investor crosses a Subsidy Control Act 2022 referral threshold.

Why it matters: a subsidy "of particular interest" must be referred to the Subsidy
Advice Unit (CMA) before it is given: over £25m to one enterprise (since 4 August 2025;
£10m before), or over £5m in a sensitive sector (basic iron and steel, aluminium,
copper, motor vehicles, ships, motorcycles, aircraft and spacecraft, electricity
generation). The Unit reports within 30 working days, followed by a 5-working-day
cooling-off period: the timetable and the conditions precedent must allow for it.

How it is counted: every commitment whose obligor is central government, a combined
authority, a local authority or another public body, and whose counterparties include
an investor, counts in full towards each investor it is given to. Its figure is the
commitment's `amount`, else its clause's money `amount` term; for a `land-transfer`,
the undervalue (`market_value` less `consideration`), because land sold cheaply is
support too. This is a prompt for a subsidy control assessment, not one.

The sector is sensitive when the deal names one under `deal: sensitive_sector:`
(`basic-iron-and-steel`, `aluminium`, `copper`, `motor-vehicles`, `ships`,
`motorcycles`, `aircraft-and-spacecraft`, `electricity-generation`); files written
before that key may still say `x-sensitive-sector: true`, or name the sector in
`deal.sector` (e.g. `steel`, `automotive`; see `dealdocs.thresholds`). The counting is
`dealdocs.facts` (`subsidy_totals`), which the documents read too: where this finding
fires, the heads of terms state that the support is a subsidy of particular interest
and make the referral a condition precedent.

Under negotiation (SPEC section 8), support is counted as each party with a position
proposes it: a referral that only the investor's figure needs is still found, and the
finding gives each party's total.

The finding (info) points at the investor, and says whether a condition already
provides for the referral (one that mentions the Subsidy Advice Unit).

Failing example:

    parties:
      - {id: consortium, name: Tees Consortium Limited, short_name: Consortium, role: investor}
      - {id: dbt, name: The Secretary of State for Business and Trade, short_name: Secretary of State, role: central-government}
    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £30m, purpose: upgrading the quays}
        remedy: release-consortium

Passing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £20m, purpose: upgrading the quays}
        remedy: release-consortium
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dealdocs.checks.context import Context
from dealdocs.clauses import validate_terms
from dealdocs.facts import Facts
from dealdocs.findings import Severity
from dealdocs.money import format_money

CODE = "DD117"
NAME = "subsidy-referral"
SEVERITY = Severity.INFO

def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    facts = ctx.facts
    limit = facts.referral_threshold
    planned = any("subsidy advice unit" in c.lower() for c in ctx.deal.conditions)
    advice = (
        "the conditions provide for the referral"
        if planned
        else "the documents add the referral to the conditions precedent; allow for it in the timetable"
    )
    positions = _as_proposed(ctx)
    crossing = dict.fromkeys([*facts.referrals, *(i for f in positions.values() for i in f.referrals)])
    for investor in crossing:
        total, names = facts.subsidy_totals.get(investor, (Decimal(0), []))
        names = names or next(f.subsidy_totals[investor][1] for f in positions.values() if investor in f.referrals)
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        why = f"over {format_money(limit)}" + (" in a sensitive sector" if facts.sensitive else "")
        figure = format_money(total)
        totals = {party: f.subsidy_totals.get(investor, (Decimal(0), []))[0] for party, f in positions.items()}
        if totals and set(totals.values()) != {total}:  # the positions put it at other figures than the first
            figure = " / ".join(f"{format_money(t)} as {party!r} proposes" for party, t in totals.items())
            why += "" if all(t > limit for t in totals.values()) else " on at least one position"
        yield (
            f"public support to {investor!r} totals {figure} ({shown}), {why}: "
            "a subsidy of particular interest, to be referred to the Subsidy Advice Unit before it is "
            f"given (Subsidy Control Act 2022); {advice}",
            ("parties", ctx.party_index[investor]),
        )


def _as_proposed(ctx: Context) -> dict[str, Facts]:
    """The deal's facts as each party with a position on an open term proposes it: the
    support under negotiation counted at each party's figure, not only the first's. A
    party whose position the clause cannot read (DD113's) is left out, not counted as nil."""
    deal = ctx.deal
    return {party: Facts.build(deal.as_proposed_by(party), ctx.library, ctx.thresholds)
            for party in deal.proposers if _readable(ctx, party)}


def _readable(ctx: Context, party: str) -> bool:
    for item in (*ctx.deal.commitments, *ctx.deal.remedies):
        clause = ctx.library.get(item.clause)
        for position in item.positions:
            if position.party == party and clause is not None and validate_terms(clause, item.position_terms(position))[1]:
                return False
    return True
