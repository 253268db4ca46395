"""The exclusivity period is not a definite, reasonable period after the deal date.

Why it matters: a lock-out is one of the few binding provisions of heads of terms, and
it is enforceable only for a definite period (Walford v Miles [1992] 2 AC 128). An
`exclusivity_until` on or before the deal date makes the binding clause expire before
it starts; one far in the future (more than 12 months after the deal date by default,
see `dealdocs.thresholds`) ties the public side's hands for longer than the
negotiation of a full contract should take, and invites a challenge as unreasonable.

The finding points at `exclusivity_until:`.

Failing example:

    deal:
      date: 2026-03-02
      exclusivity_until: 2028-03-31

Passing example:

    deal:
      date: 2026-03-02
      exclusivity_until: 2026-09-30
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.dates import add_months
from dealdocs.findings import Severity

CODE = "DD120"
NAME = "exclusivity-period"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    info = ctx.deal.deal
    until = info.exclusivity_until
    if until is None:
        return
    months = ctx.thresholds.exclusivity_max_months
    if until <= info.date:
        yield (
            f"exclusivity ends {until.isoformat()}, on or before the deal date {info.date.isoformat()}; "
            "a lock-out needs an end date after the heads of terms are signed",
            ("deal", "exclusivity_until"),
        )
    elif until > add_months(info.date, months):
        yield (
            f"exclusivity runs to {until.isoformat()}, more than {months} months after the deal date "
            f"{info.date.isoformat()}; a lock-out should last only as long as negotiating the full contract needs",
            ("deal", "exclusivity_until"),
        )

