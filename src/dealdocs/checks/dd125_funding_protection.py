"""Public funding to an investor protected by no clawback or withheld tranche.

Why it matters: a grant from the public side to a company is normally paid for
performance: in tranches against milestones, with clawback if the company's side of
the deal is not kept. Funding that is paid up front with neither leaves the public
side with no way back if the investment, the jobs or the local hiring never happen;
an accounting officer (Managing Public Money) or a council's section 151 officer will
ask for one.

A `funding` commitment from a public party (government, an authority, a public body,
a university or college) to an investor counts as protected when any of these holds:
its own remedies include a `clawback` or `withhold-tranche` remedy; it is paid in
tranches released against milestones; or a commitment given by that investor carries
a `clawback` or `withhold-tranche` remedy. The finding points at the funding
commitment.

Failing example:

    commitments:
      - id: invest
        by: consortium
        to: dbt
        text: The Consortium will build the Factories.
        remedy: escalation-board
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £50m, purpose: upgrading the quays}
        remedy: escalation-board

Passing example:

    commitments:
      - id: invest
        by: consortium
        to: dbt
        text: The Consortium will build the Factories.
        remedy: clawback-grant
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £50m, purpose: upgrading the quays}
        remedy: escalation-board
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context, Item
from dealdocs.findings import Severity
from dealdocs.model import Role

CODE = "DD125"
NAME = "unprotected-funding"
SEVERITY = Severity.WARNING

FUNDING = "funding"
PROTECTIVE = {"clawback", "withhold-tranche"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    protected_by = {item.model.by for item in ctx.commitments if _protective(ctx, item)}
    for item in ctx.commitments:
        if item.clause_id != FUNDING or not item.in_role:
            continue
        funder = ctx.parties_by_id.get(item.model.by)
        if funder is None or not funder.role.is_public:
            continue
        if _protective(ctx, item) or any(t.milestone for t in item.model.tranches):
            continue
        for investor in dict.fromkeys(item.model.to):
            party = ctx.parties_by_id.get(investor)
            if party is not None and party.role == Role.INVESTOR and investor not in protected_by:
                yield (
                    f"public funding {item.id!r} to {investor!r} is protected by no clawback or withheld tranche: "
                    f"pay it in tranches against milestones, or give a commitment by {investor!r} a clawback "
                    "or withhold-tranche remedy",
                    item.path,
                )
                break


def _protective(ctx: Context, item: Item) -> bool:
    return any(remedy.clause_id in PROTECTIVE and remedy.in_role for _, remedy in ctx.remedies_of(item))
