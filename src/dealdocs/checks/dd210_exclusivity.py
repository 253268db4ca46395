"""Exclusivity runs longer than the standards allow.

Why it matters: a lock-out binds the public side not to talk to anyone else about the
opportunity. However reasonable in law (DD120 checks it is definite and not
excessive), a council may allow less in practice: its standard
(`positions.exclusivity_max_months`) caps the lock-out at so many months after the deal
date, long enough to negotiate a full contract but not so long that the site or the
funding is tied up if the investor stalls.

Only applies when the deal is held to standards. The finding points at
`exclusivity_until:`.

Failing example:

    # standards.yaml: positions: {exclusivity_max_months: 6}
    deal:
      date: 2026-03-02
      exclusivity_until: 2026-12-31

Passing example:

    deal:
      date: 2026-03-02
      exclusivity_until: 2026-08-31
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.dates import add_months
from dealdocs.findings import Severity

CODE = "DD210"
NAME = "exclusivity-beyond-standard"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    position = ctx.standards.exclusivity_max_months if ctx.standards else None
    if position is None:
        return
    info = ctx.deal.deal
    until = info.exclusivity_until
    if until is None:
        return
    limit = add_months(info.date, position.value)
    if until > limit:
        yield (
            f"exclusivity runs to {until.isoformat()}, beyond {limit.isoformat()} ({position.value} months after "
            f"the deal date); under {position.standard} a lock-out may last at most {position.value} months",
            ("deal", "exclusivity_until"),
        )
