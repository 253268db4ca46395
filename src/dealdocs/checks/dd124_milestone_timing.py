"""A tranche falls due before the commitment that releases it.

Why it matters: a pay-for-performance tranche is released when its `milestone`
commitment is delivered. If that commitment is not due until after the tranche's own
due date, the tranche cannot be released on time: either the funder pays before the
milestone is met (losing the point of paying for performance) or it misses its own
date. Usually one of the two dates is wrong.

The tranche's due date is its own `due`, else the funding commitment's `due`. The
finding points at the tranche's `due` (or its `milestone` when it has no date of its
own).

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: dbt
        clause: jobs
        terms: {jobs: 1000}
        due: 2031-12-31
        remedy: withhold-tranche
      - id: jobs-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £25m, purpose: training}
        tranches:
          - {amount: £25m, condition: "1,000 jobs", milestone: create-jobs, due: 2029-12-31}
        remedy: release-consortium

Passing example:

    tranches:
      - {amount: £25m, condition: "1,000 jobs", milestone: create-jobs, due: 2032-06-30}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD124"
NAME = "milestone-after-tranche"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        for t, tranche in enumerate(item.model.tranches):
            if tranche.milestone is None:
                continue
            milestone = ctx.commitments_by_id.get(tranche.milestone)
            due = tranche.due or item.model.due
            if milestone is None or due is None or milestone.model.due is None:
                continue
            if milestone.model.due > due:
                own = tranche.due is not None
                whose = "" if own else " (the commitment's due date)"
                yield (
                    f"tranche {t + 1} of {item.id!r} is due {due.isoformat()}{whose} "
                    f"but its milestone {milestone.id!r} is not "
                    f"due until {milestone.model.due.isoformat()}; the tranche cannot be released on time",
                    item.at("tranches", t, "due" if own else "milestone"),
                )
