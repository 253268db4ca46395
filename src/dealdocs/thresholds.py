"""Figures the cross-checks compare a deal against, kept in one place.

Law and policy move (the Subsidy Advice Unit threshold rose from £10m to £25m on
4 August 2025), so every figure a check relies on lives here, in one frozen
`Thresholds`. `DEFAULT` is what `dealdocs check` uses; a caller (or, later, a
standards file) may pass its own to `dealdocs.checks.run(..., thresholds=...)`:

    from dataclasses import replace
    from dealdocs.thresholds import DEFAULT
    old_rules = replace(DEFAULT, subsidy_referral=Decimal(10_000_000))

Sources: Subsidy Control Act 2022 and the Subsidy Control (Subsidies and Schemes of
Interest or Particular Interest) Regulations 2022 as amended in 2025; the General
Disposal Consent (England) 2003 under section 123 of the Local Government Act 1972;
Walford v Miles [1992] 2 AC 128 on lock-outs. Not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Thresholds:
    # DD117: a subsidy of particular interest must be referred to the Subsidy Advice Unit.
    subsidy_referral: Decimal = Decimal(25_000_000)
    sensitive_subsidy_referral: Decimal = Decimal(5_000_000)
    # The sensitive sectors of the 2022 regulations, matched as words in `deal.sector`
    # (the Industrial Strategy sector keys never name them, so a deal in one either says
    # so with `x-sensitive-sector: true` or uses its own sector text, e.g. `steel`).
    sensitive_sector_keywords: tuple[str, ...] = (
        "iron",
        "steel",
        "aluminium",
        "aluminum",
        "copper",
        "motor vehicle",
        "motor vehicles",
        "automotive",
        "car manufacturing",
        "ship",
        "ships",
        "shipbuilding",
        "motorcycle",
        "motorcycles",
        "aircraft",
        "spacecraft",
        "aerospace",
        "electricity generation",
        "power generation",
    )
    # DD120: a lock-out must run for a definite and reasonable period.
    exclusivity_max_months: int = 12
    # DD121: a council disposal at an undervalue above this needs the Secretary of
    # State's specific consent (General Disposal Consent (England) 2003).
    undervalue_consent: Decimal = Decimal(2_000_000)
    # For reference in messages: Minimal Financial Assistance per enterprise over
    # three financial years.
    minimal_financial_assistance: Decimal = Decimal(315_000)


DEFAULT = Thresholds()
