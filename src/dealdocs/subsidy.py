"""Subsidy control: the rules the documents say support is given under (`subsidy_rules`),
and the public support each investor receives, against the Subsidy Control Act 2022
thresholds.

These are answers of the deal's facts (`dealdocs.facts.Facts` is built on
`SubsidyControl`), so the check that asks for a referral (DD117) and the conditions and
clauses that provide for it read the same totals, made from the same Support that the
clawbacks recover.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cached_property

# The rules public support is given under, as the documents name them. In Northern
# Ireland, Article 10 of the Windsor Framework keeps the EU State aid rules for support
# that affects trade in goods or electricity between Northern Ireland and the EU, beside
# the Subsidy Control Act 2022; a deal under the laws of Northern Ireland is taken to be
# such a deal, and each Party giving support determines whether Article 10 applies.
UK_RULES = "the Subsidy Control Act 2022"
_RULES = {
    "northern-ireland": f"{UK_RULES} and, so far as Article 10 of the Windsor Framework applies to it, the EU State "
                        "aid rules that apply under that Article",
}


def subsidy_rules(governing_law: str) -> str:
    """The rules support is given under, for a deal under `governing_law` (its value)."""
    return _RULES.get(governing_law, UK_RULES)


class SubsidyControl:
    """The subsidy-control part of `Facts`: it reads the Facts' `support`, its parties
    (`grants`, `is_investor`), the deal's sector and the `thresholds`."""

    @cached_property
    def subsidy_totals(self) -> dict[str, tuple[Decimal, list[str]]]:
        """Public support to each investor: its total and the commitments it comes from.

        Every Support given by a granting body counts in full towards each investor that
        receives it (`support`: not an investor named alongside a public receiver): the
        money, or for land the undervalue (land sold cheaply is support too).
        """
        out: dict[str, tuple[Decimal, list[str]]] = {}
        for s in self.support:
            if not self.grants(s.giver) or not s.value:
                continue
            for receiver in s.receivers:
                if self.is_investor(receiver):
                    total, sources = out.get(receiver, (Decimal(0), []))
                    out[receiver] = (total + s.value, [*sources, s.commitment.id])
        return out

    @cached_property
    def sensitive(self) -> bool:
        """A Subsidy Control Act sensitive sector: `sensitive_sector`, else the older
        `x-sensitive-sector` flag, else a sensitive word in `sector`."""
        info = self.deal.deal
        if info.sensitive_sector is not None:
            return True
        for extensions in (info.extensions, self.deal.extensions):
            flag = extensions.get("x-sensitive-sector")
            if isinstance(flag, bool):
                return flag
        sector = info.sector.lower().replace("-", " ").replace("_", " ")
        return any(re.search(rf"\b{re.escape(w)}\b", sector) for w in self.thresholds.sensitive_sector_keywords)

    @property
    def referral_threshold(self) -> Decimal:
        t = self.thresholds
        return t.sensitive_subsidy_referral if self.sensitive else t.subsidy_referral

    @cached_property
    def referrals(self) -> dict[str, tuple[Decimal, list[str]]]:
        """The investors whose public support is a subsidy of particular interest, to be
        referred to the Subsidy Advice Unit before it is given."""
        limit = self.referral_threshold
        return {k: v for k, v in self.subsidy_totals.items() if v[0] > limit}
