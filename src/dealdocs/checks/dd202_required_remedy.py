"""A commitment lacks a remedy the standards require for its kind.

Why it matters: a council's standard positions say how each kind of commitment is to be
protected, for instance that funding from the public side to an investor is protected
by clawback or a withheld tranche, or that land transferred to an investor is protected
by profit sharing (overage) against a later sale at a profit, the cautionary Teesside
land case. `positions.required_remedies` lists these rules: a commitment clause, who
gives it (`from`) and to whom (`to`), each a role key, `public`, `private` or `any`,
and the remedy clauses of which it needs at least one (`one_of`).

A commitment counts as protected when one of its own remedies uses such a clause; or,
for `withhold-tranche`, when it is paid in tranches released against milestones; or
when each counterparty the rule is about gives the obligor a commitment carrying such
a remedy (a clawback on the investor's own commitments is how grants are usually
protected). Only applies when the deal is held to standards. The finding points at the
commitment.

Failing example:

    # standards.yaml: positions: {required_remedies: [{clause: land-transfer, one_of: [profit-sharing]}]}
    commitments:
      - id: land-assembly
        by: tvca
        to: consortium
        clause: land-transfer
        terms: {land: the Site, consideration: £2m, market_value: £16m}
        remedy: escalation-board

Passing example:

    commitments:
      - id: land-assembly
        by: tvca
        to: consortium
        clause: land-transfer
        terms: {land: the Site, consideration: £2m, market_value: £16m}
        remedy: overage-site
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context, Item
from dealdocs.findings import Severity
from dealdocs.standards.standard import describe_selectors, selects

CODE = "DD202"
NAME = "required-remedy-missing"
SEVERITY = Severity.WARNING

WITHHOLD = "withhold-tranche"


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    if ctx.standards is None:
        return
    for position in ctx.standards.required_remedies:
        rule = position.value
        narrowed = bool(rule.to) and "any" not in rule.to
        for item in ctx.commitments:
            if item.clause_id != rule.clause or not item.in_role:
                continue
            obligor = ctx.parties_by_id.get(item.model.by)
            if obligor is None or not selects(rule.from_, obligor.role):
                continue
            to = [p for p in dict.fromkeys(item.model.to) if p in ctx.parties_by_id]
            to = [p for p in to if selects(rule.to, ctx.parties_by_id[p].role)]
            if narrowed and not to:
                continue
            if _protected(ctx, item, set(rule.one_of), to):
                continue
            kinds = " or ".join(rule.one_of)
            whom = f" to {', '.join(repr(p) for p in to)}" if to else ""
            where = "on this commitment"
            if to:
                givers = " and ".join(repr(p) for p in to)
                where += f", or on a commitment {givers} {'gives' if len(to) == 1 else 'give'} {item.model.by!r}"
            yield (
                f"{item.clause_id} {item.id!r} from {item.model.by!r}{whom} has no {kinds} remedy; under "
                f"{position.standard} {rule.clause} from {describe_selectors(rule.from_)} to "
                f"{describe_selectors(rule.to)} must be protected by one ({where})",
                item.path,
            )


def _protected(ctx: Context, item: Item, kinds: set[str], to: list[str]) -> bool:
    if any(remedy.clause_id in kinds and remedy.in_role for _, remedy in ctx.remedies_of(item)):
        return True
    if WITHHOLD in kinds and any(t.milestone for t in item.model.tranches):
        return True
    return bool(to) and all(_reciprocal(ctx, party, item.model.by, kinds) for party in to)


def _reciprocal(ctx: Context, giver: str, receiver: str, kinds: set[str]) -> bool:
    """`giver` gives `receiver` a commitment carrying one of the remedy clauses `kinds`."""
    for i in ctx.given_by.get(giver, []):
        commitment = ctx.commitments[i]
        if receiver in commitment.model.to and any(
            remedy.clause_id in kinds and remedy.in_role for _, remedy in ctx.remedies_of(commitment)
        ):
            return True
    return False
