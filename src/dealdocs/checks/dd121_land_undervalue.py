"""Land is transferred below market value without overage or the consent it needs.

Why it matters: public land given on favourable terms is public support. A council
must obtain the best consideration reasonably obtainable (Local Government Act 1972
s.123); a disposal at an undervalue of more than £2m needs the Secretary of State's
specific consent, since the General Disposal Consent (England) 2003 covers only smaller
ones. And without profit-sharing (overage) the public side cannot share in the uplift
if the land is later sold on or developed: the Teesside case, where land transferred
for almost nothing was leased on for tens of millions, is the cautionary tale.

A `land-transfer` whose `consideration` is below its `market_value` must:

- use a `profit-sharing` remedy; and
- when the obligor is a local or combined authority, the deal is under the law of
  England and Wales and the undervalue is more than £2m (`dealdocs.thresholds`), have
  a condition that mentions the Secretary of State's consent or the General Disposal
  Consent. (Wales has its own General Disposal Consent (Wales) 2003 with the same
  figure; Scottish councils dispose under the Local Government (Scotland) Act 1973
  s.74 and the 2010 Regulations, with no such consent, so Scots-law deals are not
  checked for it.)

The finding points at `consideration`.

Failing example:

    commitments:
      - id: land-assembly
        by: tvca
        to: consortium
        clause: land-transfer
        terms: {land: the Site, consideration: £2m, market_value: £16m}
        remedy: escalation-board

Passing example:

    conditions:
      - the Secretary of State's consent under the General Disposal Consent (England) 2003
    commitments:
      - id: land-assembly
        by: tvca
        to: consortium
        clause: land-transfer
        terms: {land: the Site, consideration: £2m, market_value: £16m}
        remedy: overage-site
    remedies:
      - id: overage-site
        clause: profit-sharing
        terms: {share: 50%, period_years: 20}
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.model import GoverningLaw, Role
from dealdocs.money import format_money

CODE = "DD121"
NAME = "land-undervalue"
SEVERITY = Severity.WARNING

LAND_TRANSFER = "land-transfer"
PROFIT_SHARING = "profit-sharing"
COUNCIL_ROLES = {Role.LOCAL_AUTHORITY, Role.COMBINED_AUTHORITY}

_CONSENT = re.compile(
    r"general\s+disposal\s+consent"
    r"|secretary\s+of\s+state.{0,80}?consent"
    r"|consent.{0,80}?secretary\s+of\s+state",
    re.IGNORECASE | re.DOTALL,
)


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    consented: bool | None = None  # worked out once, only if needed
    for item in ctx.commitments:
        if item.clause_id != LAND_TRANSFER or not item.in_role:
            continue
        price, value = item.money_term("consideration"), item.money_term("market_value")
        if price is None or value is None or price >= value:
            continue
        undervalue = value - price
        where = item.at("terms", "consideration")
        if not any(remedy.clause_id == PROFIT_SHARING for _, remedy in ctx.remedies_of(item)):
            yield (
                f"{item.id!r} transfers land worth {format_money(value)} for {format_money(price)} with no "
                "profit-sharing (overage) remedy; add one so the public side shares any later uplift",
                where,
            )
        obligor = ctx.parties_by_id.get(item.model.by)
        if (
            undervalue > ctx.thresholds.undervalue_consent
            and obligor is not None
            and obligor.role in COUNCIL_ROLES
            and ctx.deal.deal.governing_law == GoverningLaw.ENGLAND_AND_WALES
        ):
            if consented is None:
                consented = any(_CONSENT.search(c) for c in ctx.deal.conditions)
            if not consented:
                yield (
                    f"{item.id!r} is a disposal at an undervalue of {format_money(undervalue)}, over "
                    f"{format_money(ctx.thresholds.undervalue_consent)}: it needs the Secretary of State's consent "
                    "(Local Government Act 1972 s.123; General Disposal Consent (England) 2003); "
                    "add it to `conditions:`",
                    where,
                )
