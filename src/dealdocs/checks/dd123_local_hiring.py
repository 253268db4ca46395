"""A local-hiring commitment with a share of 0 or no real area.

Why it matters: a local-hiring (employment and skills plan) commitment is measured as
a share of jobs filled by residents of a defined local area: a borough, named
authorities, postcodes or a travel-to-work area. A share of 0 per cent promises
nothing, and an area that is blank or a placeholder ("TBC", "to be agreed") cannot be
monitored or enforced; both print as an empty promise in signed heads of terms.
Typical positions are 20–30 per cent of jobs for local residents.

The finding points at `share` or `area`.

Failing example:

    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 0%, area: TBC}
        remedy: payment-in-lieu-local

Passing example:

    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the boroughs of the Tees Valley}
        remedy: payment-in-lieu-local
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD123"
NAME = "local-hiring-empty"
SEVERITY = Severity.WARNING

LOCAL_HIRING = "local-hiring"
PLACEHOLDERS = {
    "", "tbc", "tbd", "tba", "to be agreed", "to be confirmed", "to be determined", "n/a", "na", "none", "-", "?",
}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        if item.clause_id != LOCAL_HIRING or not item.in_role:
            continue
        share = item.values.get("share")
        if isinstance(share, Decimal) and share == 0:
            yield (
                f"{item.id!r} commits a local-hiring share of 0 per cent, which promises nothing; "
                "state the share of jobs for local residents",
                item.at("terms", "share"),
            )
        area = item.model.terms.get("area")
        if isinstance(area, str) and area.strip().strip(".").lower() in PLACEHOLDERS:
            yield (
                f"{item.id!r} has no real local area ({area.strip()!r}); name the boroughs, authorities, "
                "postcodes or travel-to-work area whose residents count",
                item.at("terms", "area"),
            )
