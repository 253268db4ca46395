"""Cross-checks: a `Deal` in, `Finding`s out (SPEC section 6).

One rule per module, named after what it checks. Each module has `CODE`, `NAME`
(kebab-case), `SEVERITY` and a docstring that is the rule's documentation (why it
matters, a failing and a passing example; `dealdocs rule DD103` prints it). Its
`check(ctx)` yields `(message, where)` pairs, `where` being a path into the deal file
such as `("commitments", 2, "to", 0)` or an explicit `Location`. The runner stamps the
code, the severity (the rule's own unless the caller overrides it) and the place.

Rules read the lookups in `Context`, built once per deal, so checking is linear in
the size of the deal.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from dealdocs.checks import (
    dd101_counterparty,
    dd102_party_reference,
    dd103_remedy,
    dd104_remedy_reference,
    dd105_self_counterparty,
    dd106_party_gives,
    dd107_party_receives,
    dd108_due_date,
    dd109_tranches,
    dd110_percentages,
    dd111_unused_remedy,
    dd112_duplicate_id,
    dd113_clause_terms,
    dd114_clause_role,
    dd115_defined_terms,
    dd116_commitment_reference,
    dd117_subsidy_referral,
    dd118_signatory,
    dd119_sector,
    dd120_exclusivity,
    dd121_land_undervalue,
    dd122_clawback_period,
    dd123_local_hiring,
    dd124_milestone_timing,
    dd125_funding_protection,
    dd126_variant,
    dd127_amount_mismatch,
    dd128_defined_twice,
    dd129_nothing_to_recover,
    dd130_term_clash,
    dd131_lapse_date,
    dd132_fraction_percent,
    dd133_final_open_point,
    dd134_blank,
    dd135_condition_after_lapse,
    dd201_required_clause,
    dd202_required_remedy,
    dd203_clawback_period,
    dd204_clawback_first_band,
    dd205_local_hiring_share,
    dd206_local_hiring_area,
    dd207_variant,
    dd208_term_bounds,
    dd209_condition,
    dd210_exclusivity,
)
from dealdocs.checks.context import Context, Item
from dealdocs.clauses import Library, library_for
from dealdocs.findings import Finding, Severity
from dealdocs.loader import Loaded
from dealdocs.source import Location
from dealdocs.thresholds import DEFAULT, Thresholds

if TYPE_CHECKING:
    from dealdocs.standards import Standards

__all__ = ["RULES", "Context", "Item", "run"]

RULES: dict[str, ModuleType] = {
    m.CODE: m
    for m in (
        dd101_counterparty,
        dd102_party_reference,
        dd103_remedy,
        dd104_remedy_reference,
        dd105_self_counterparty,
        dd106_party_gives,
        dd107_party_receives,
        dd108_due_date,
        dd109_tranches,
        dd110_percentages,
        dd111_unused_remedy,
        dd112_duplicate_id,
        dd113_clause_terms,
        dd114_clause_role,
        dd115_defined_terms,
        dd116_commitment_reference,
        dd117_subsidy_referral,
        dd118_signatory,
        dd119_sector,
        dd120_exclusivity,
        dd121_land_undervalue,
        dd122_clawback_period,
        dd123_local_hiring,
        dd124_milestone_timing,
        dd125_funding_protection,
        dd126_variant,
        dd127_amount_mismatch,
        dd128_defined_twice,
        dd129_nothing_to_recover,
        dd130_term_clash,
        dd131_lapse_date,
        dd132_fraction_percent,
        dd133_final_open_point,
        dd134_blank,
        dd135_condition_after_lapse,
        dd201_required_clause,
        dd202_required_remedy,
        dd203_clawback_period,
        dd204_clawback_first_band,
        dd205_local_hiring_share,
        dd206_local_hiring_area,
        dd207_variant,
        dd208_term_bounds,
        dd209_condition,
        dd210_exclusivity,
    )
}


def run(
    loaded: Loaded,
    library: Library | None = None,
    *,
    severities: Mapping[str, Severity | str | None] | None = None,
    thresholds: Thresholds = DEFAULT,
    standards: Standards | None = None,
) -> list[Finding]:
    """Every finding on one loaded deal, sorted by file, line, column and code.

    `severities` overrides a rule's severity by code (`{"DD106": "info"}`); `None` as
    a value turns the rule off. `library` defaults to the built-in clauses plus the
    deal's `clause_paths:`. `standards` are the standards the deal is held to (see
    `dealdocs.standards`); without them the DD2xx rules say nothing.
    """
    if library is None:
        library = library_for(loaded.path, loaded.deal.clause_paths)
    ctx = Context.build(loaded, library, thresholds)
    ctx.standards = standards
    overrides = dict(severities or {})
    findings: list[Finding] = []
    for code, rule in RULES.items():
        if code in overrides and overrides[code] is None:
            continue
        severity = Severity(overrides.get(code) or rule.SEVERITY)
        for message, where in rule.check(ctx):
            place = where if isinstance(where, Location) else ctx.source.at(where)
            path = () if isinstance(where, Location) else tuple(where)
            findings.append(Finding.at(code, severity, message, place, path))
    return sorted(set(findings), key=lambda f: f.sort_key)
