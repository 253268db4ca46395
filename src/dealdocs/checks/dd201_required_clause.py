"""A clause the standards require in every deal is used by none of its commitments or remedies.

Why it matters: a council's standard positions often insist that every deal carries
certain protections, for instance a local-hiring commitment and a clawback of public
support (`positions.required_clauses` in a standards file). A deal without one of them
is not a deal the council can approve on its standard terms: it is either an omission
or a departure that needs a decision. This is an error by default, unlike the other
DD2xx findings, because a whole protection is missing rather than a figure negotiated
away; a standards file may lower it with `severities: {DD201: warning}`.

Only applies when the deal is held to standards (`extends:` or `--standards`). The
finding points at the deal's `commitments:` key (or `remedies:` for a remedy clause).

Failing example:

    # standards.yaml: positions: {required_clauses: [local-hiring]}
    deal:
      extends: standards.yaml
    commitments:
      - id: invest
        by: consortium
        to: tvca
        clause: investment
        terms: {amount: £100m, facility: the Factory}
        remedy: clawback-grant

Passing example:

    deal:
      extends: standards.yaml
    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the Local Area}
        remedy: payment-in-lieu-local
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.source import Location

CODE = "DD201"
NAME = "required-clause-missing"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, Location]]:
    if ctx.standards is None:
        return
    used = {item.clause_id for item in (*ctx.commitments, *ctx.remedies) if item.in_role}
    for position in ctx.standards.required_clauses:
        clause_id = position.value
        if clause_id in used:
            continue
        clause = ctx.library.get(clause_id)
        role = clause.meta.role if clause is not None else "commitment"
        collection = "remedies" if role == "remedy" else "commitments"
        yield (
            f"no {role} uses clause {clause_id!r}; under {position.standard} every deal must contain one",
            ctx.key((collection,)),
        )
