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

The sector is sensitive when the deal says `x-sensitive-sector: true` under `deal:`
(or at the top of the file), or when `deal.sector` names a sensitive sector (e.g.
`steel`, `automotive`, `aerospace`, `electricity generation`; see
`dealdocs.thresholds`). The eight Industrial Strategy sector keys never do, so a clean
energy deal that includes generation should say `x-sensitive-sector: true`;
`x-sensitive-sector: false` overrides a keyword match.

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

import re
from collections.abc import Iterator
from decimal import Decimal

from dealdocs.checks.context import Context, Item
from dealdocs.findings import Severity
from dealdocs.model import GRANTING_ROLES, Role
from dealdocs.money import format_money

CODE = "DD117"
NAME = "subsidy-referral"
SEVERITY = Severity.INFO

LAND_TRANSFER = "land-transfer"


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    totals: dict[str, Decimal] = {}
    sources: dict[str, list[str]] = {}
    for item in ctx.commitments:
        obligor = ctx.parties_by_id.get(item.model.by)
        if obligor is None or obligor.role not in GRANTING_ROLES:
            continue
        investors = [
            p for p in dict.fromkeys(item.model.to)
            if (party := ctx.parties_by_id.get(p)) is not None and party.role == Role.INVESTOR
        ]
        if not investors:
            continue
        support = _support(ctx, item)
        if not support:
            continue
        for investor in investors:
            totals[investor] = totals.get(investor, Decimal(0)) + support
            sources.setdefault(investor, []).append(item.id)
    if not totals:
        return
    sensitive = _sensitive(ctx)
    t = ctx.thresholds
    limit = t.sensitive_subsidy_referral if sensitive else t.subsidy_referral
    planned = any("subsidy advice unit" in c.lower() for c in ctx.deal.conditions)
    advice = (
        "the conditions provide for the referral"
        if planned
        else "add the referral to `conditions:` and allow for it in the timetable"
    )
    for investor, total in totals.items():
        if total > limit:
            names = sources[investor]
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            why = f"over {format_money(limit)}" + (" in a sensitive sector" if sensitive else "")
            yield (
                f"public support to {investor!r} totals {format_money(total)} ({shown}), {why}: "
                "a subsidy of particular interest, to be referred to the Subsidy Advice Unit before it is "
                f"given (Subsidy Control Act 2022); {advice}",
                ("parties", ctx.party_index[investor]),
            )


def _support(ctx: Context, item: Item) -> Decimal | None:
    amount = ctx.amount_of(item)
    if amount is not None:
        return amount
    if item.clause_id == LAND_TRANSFER:
        value, price = item.money_term("market_value"), item.money_term("consideration")
        if value is not None and price is not None and value > price:
            return value - price
    return None


def _sensitive(ctx: Context) -> bool:
    for extensions in (ctx.deal.deal.extensions, ctx.deal.extensions):
        flag = extensions.get("x-sensitive-sector")
        if isinstance(flag, bool):
            return flag
    sector = ctx.deal.deal.sector.lower().replace("-", " ").replace("_", " ")
    return any(re.search(rf"\b{re.escape(word)}\b", sector) for word in ctx.thresholds.sensitive_sector_keywords)
