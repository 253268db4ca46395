"""A local-hiring share is below the standards' minimum.

Why it matters: the share of new jobs filled by local residents is the figure a council
answers for to its residents. Employment and skills plans typically ask for 20 to 30 per
cent; a council that has set its own floor (`positions.local_hiring.min_share`) across
its zones needs to see each deal that falls below it, so the departure is decided rather
than drifted into.

Only applies when the deal is held to standards. The finding points at the `share`.

Failing example:

    # standards.yaml: positions: {local_hiring: {min_share: 25%}}
    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 20%, area: the Local Area}
        remedy: payment-in-lieu-local

Passing example:

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
from decimal import Decimal

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.money import format_percent

CODE = "DD205"
NAME = "local-hiring-below-standard"
SEVERITY = Severity.WARNING

LOCAL_HIRING = "local-hiring"


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    position = ctx.standards.local_hiring_min_share if ctx.standards else None
    if position is None:
        return
    for item in ctx.commitments:
        if item.clause_id != LOCAL_HIRING or not item.in_role:
            continue
        for view in item.views:
            share = view.values.get("share")
            if isinstance(share, Decimal) and share < position.value:
                yield (
                    f"local-hiring {item.id!r}{view.whose} commits {format_percent(share)} of jobs to local "
                    f"residents; under {position.standard} the share must be at least {format_percent(position.value)}",
                    item.at(*view.terms_at, "share"),
                )
