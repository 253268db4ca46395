"""A commitment or remedy uses a clause variant the standards do not allow.

Why it matters: some clauses come in a stronger and a weaker form: a `firm-target` or a
`best-endeavours` local-hiring commitment, a `stepped` or a `straight-line` clawback. A
council's standard (`positions.variants`) may allow only the form it will sign; a deal
that picks another, or that leaves the clause at a default the standard does not allow,
departs from the standard even though every figure in it is right.

Only applies when the deal is held to standards. The finding points at `variant:`, or
at `clause:` when the deal relies on the clause's default variant.

Failing example:

    # standards.yaml: positions: {variants: {local-hiring: [firm-target]}}
    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the Local Area}
        remedy: payment-in-lieu-local

Passing example:

    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        variant: firm-target
        terms: {share: 30%, area: the Local Area}
        remedy: payment-in-lieu-local
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD207"
NAME = "variant-not-standard"
SEVERITY = Severity.WARNING

NOUN = {"commitments": "commitment", "remedies": "remedy"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    if ctx.standards is None or not ctx.standards.variants:
        return
    for item in (*ctx.commitments, *ctx.remedies):
        position = ctx.standards.variants.get(item.clause_id)
        if position is None or not item.in_role:
            continue
        chosen = item.model.variant
        if chosen is not None and chosen not in item.clause.meta.variants:
            continue  # DD126 reports a variant the clause does not have
        variant = chosen or item.clause.variant
        if variant is None or variant in position.value:
            continue
        allowed = ", ".join(position.value)
        if chosen is not None:
            message, where = f"uses the {variant} variant of clause {item.clause_id!r}", item.at("variant")
        else:
            message, where = f"uses clause {item.clause_id!r} in its default variant, {variant}", item.at("clause")
        yield (
            f"{NOUN[item.kind]} {item.id!r} {message}; under {position.standard} "
            f"it may be used only as: {allowed}"
            + ("" if chosen is not None else f" (add `variant: {position.value[0]}`)"),
            where,
        )
