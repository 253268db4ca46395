"""The deal has no `lapse_date`: the binding provisions would bind indefinitely.

Why it matters: heads of terms usually fall away if the Full Agreement is not signed by
a fixed date, with confidentiality and costs surviving. Without one, the lock-out,
confidentiality and costs undertakings run on with no end, and nobody can say when the
negotiation is over. The documents print the lapse clause with a blank (`[●]`) until
the deal gives the date.

The finding points at the `deal:` key.

Failing example:

    deal:
      id: tees-green-manufacturing
      date: 2026-03-02

Passing example:

    deal:
      id: tees-green-manufacturing
      date: 2026-03-02
      lapse_date: 2026-12-31
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD131"
NAME = "no-lapse-date"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, object]]:
    info = ctx.deal.deal
    if info.lapse_date is None:
        yield (
            "no `lapse_date`: the heads of terms would bind their binding provisions indefinitely; add "
            "`lapse_date:` under `deal:`, the date by which the Full Agreement must be signed",
            ctx.key(("deal",)),
        )
    elif info.lapse_date <= info.date:
        yield (
            f"`lapse_date` {info.lapse_date.isoformat()} is on or before the deal date {info.date.isoformat()}: "
            "the heads of terms would lapse before they are signed",
            ("deal", "lapse_date"),
        )
