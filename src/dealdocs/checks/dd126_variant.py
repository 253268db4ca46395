"""A commitment or remedy names a variant its clause does not have.

Why it matters: some clauses come in variants (a clawback `stepped` or
`straight-line`; a position `preferred` or `fallback`). A `variant:` the clause does
not offer cannot be drafted, and is usually a misspelling of one it does; silently
falling back to the default would print a position the negotiator did not choose.

The finding points at `variant:`.

Failing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        variant: straightline
        terms: {schedule: [{years: 5, percent: 100}]}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        variant: straight-line
        terms: {schedule: [{years: 5, percent: 100}]}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD126"
NAME = "unknown-variant"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in (*ctx.commitments, *ctx.remedies):
        variant = item.model.variant
        if variant is None or not item.in_role:
            continue
        variants = list(item.clause.meta.variants)
        if variant in variants:
            continue
        if not variants:
            message = f"{item.id!r} asks for variant {variant!r}, but clause {item.clause_id!r} has no variants"
        else:
            message = (
                f"{item.id!r} asks for variant {variant!r}, which clause {item.clause_id!r} does not have "
                f"(it has: {', '.join(variants)})"
            )
            close = difflib.get_close_matches(variant, variants, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
        yield message, item.at("variant")
