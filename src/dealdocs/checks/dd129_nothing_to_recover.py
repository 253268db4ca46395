"""A repayment remedy has nothing to recover, or no one to pay.

Why it matters: a clawback repays Support, so it protects only a commitment whose
obligor receives Support under the deal (money or land: `funding`, `infrastructure`,
`land-transfer`, or any commitment with an `amount` given by a public party). Attached
to an investor that receives no public money, it drafts "repay ... the Support" where
there is none, and the other side's lawyer will strike it. Profit-sharing (overage)
shares the uplift on land or money the deal gives: attached to a commitment that gives
neither, there is no uplift to share. A payment in lieu is paid to the protected
commitment's counterparties; with none, no one is paid. Who pays whom is worked out
in `dealdocs.facts`, the same place the documents read it from.

The finding points at the protected commitment's reference to the remedy.

The Consortium below receives nothing, so its clawback recovers nothing; adding the grant
it is given in return makes the clawback real.

Failing example:

    commitments:
      - id: invest
        by: consortium
        to: dbt
        clause: investment
        terms: {amount: £1bn, facility: the factories}
        remedy: clawback-grant
    remedies:
      - {id: clawback-grant, clause: clawback, terms: {schedule: [{years: 5, percent: 100}]}}

Passing example:

    commitments:
      - id: grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £50m, purpose: the factories}
        remedy: release-consortium
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD129"
NAME = "nothing-to-recover"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    facts = ctx.facts
    for remedy in facts.remedies.values():
        payment = facts.payment(remedy)
        if payment.kind is None:
            continue
        for commitment in payment.empty:
            item = ctx.commitments_by_id[commitment.id]
            where = item.at("remedy", commitment.remedy.index(remedy.id))
            if payment.kind == "support":
                yield (
                    f"clawback {remedy.id!r} protects {commitment.id!r}, but {commitment.by!r} receives no "
                    "Support under the deal (no funding, infrastructure, land or other money given to it), so "
                    "there is nothing to repay; use another remedy (escalation, payment-in-lieu, step-in) or "
                    "add the support it is given in return",
                    where,
                )
            else:
                yield (
                    f"profit-sharing {remedy.id!r} is attached to {commitment.id!r}, which gives no land or "
                    "money, so there is no uplift to share; attach it to the land-transfer (or funding) "
                    "commitment whose value it protects",
                    where,
                )
        if payment.kind == "counterparties" and payment.protected and not payment.payees:
            commitment = payment.protected[0]
            item = ctx.commitments_by_id[commitment.id]
            yield (
                f"payment in lieu {remedy.id!r} has no one to pay: {commitment.id!r} names no counterparty "
                "that is a party; add `to:` to the commitment",
                item.at("remedy", commitment.remedy.index(remedy.id)),
            )
