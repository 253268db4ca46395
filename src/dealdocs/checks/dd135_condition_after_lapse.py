"""A condition precedent cannot be met before the heads of terms lapse.

Why it matters: where the deal has a planning commitment, planning permission is a
condition precedent of the Full Agreement (the documents say so whether or not
`conditions:` lists it). If that commitment is due after `lapse_date`, the permission
the Full Agreement waits for comes, at the earliest, after the heads of terms have
lapsed: the timetable the Parties sign cannot work. Move the lapse date after the
commitment's due date, or bring the due date forward.

The finding points at the commitment's `due:`.

Failing example:

    deal:
      lapse_date: 2027-05-31
    commitments:
      - id: planning
        by: cherwell
        to: company
        clause: planning-support
        terms: {application: the application for the Campus}
        due: 2027-06-30

Passing example:

    deal:
      lapse_date: 2027-09-30
    commitments:
      - id: planning
        by: cherwell
        to: company
        clause: planning-support
        terms: {application: the application for the Campus}
        due: 2027-06-30
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD135"
NAME = "condition-after-lapse"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    lapse = ctx.deal.deal.lapse_date
    if lapse is None:
        return  # DD131's
    for commitment in ctx.facts.planning_conditions:
        if commitment.due is not None and commitment.due > lapse:
            index = ctx.commitments_by_id[commitment.id].index
            yield (
                f"commitment {commitment.id!r} is due {commitment.due.isoformat()}, after the lapse date "
                f"{lapse.isoformat()}, but the planning permission it leads to is a condition precedent of the "
                "Full Agreement: the heads of terms would lapse before the condition could be met; move "
                "`lapse_date` after the due date, or bring `due` forward",
                ("commitments", index, "due"),
            )
