"""A condition precedent the standards require is not among the deal's conditions.

Why it matters: public money in a cluster deal is normally conditional on approvals the
public side cannot waive: a full business case approved by HM Treasury, a subsidy
control assessment and any referral to the Subsidy Advice Unit, planning. A council's
standard (`positions.conditions`) lists words that some condition precedent must
contain; a deal whose `conditions:` do not mention one of them lets the full contract
proceed without that approval.

Matching ignores case and spacing. Only applies when the deal is held to standards.
The finding points at the deal's `conditions:` key (or the top of the file when it has
none).

Failing example:

    # standards.yaml: positions: {conditions: [Subsidy Advice Unit]}
    conditions:
      - approval by HM Treasury of a full business case

Passing example:

    conditions:
      - approval by HM Treasury of a full business case
      - a subsidy control assessment and any referral to the Subsidy Advice Unit
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.source import Location

CODE = "DD209"
NAME = "condition-missing"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, Location]]:
    if ctx.standards is None or not ctx.standards.conditions:
        return
    conditions = [_normal(c) for c in ctx.deal.conditions]
    for position in ctx.standards.conditions:
        wanted = _normal(position.value)
        if not any(wanted in condition for condition in conditions):
            yield (
                f"no condition precedent mentions {position.value!r}; under {position.standard} the conditions "
                "must include one that does",
                ctx.key(("conditions",)),
            )


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
