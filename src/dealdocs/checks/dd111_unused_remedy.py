"""A remedy is defined but no commitment uses it.

Why it matters: a remedy clause only bites on the commitments that name it. One that
no commitment names prints in the heads of terms as a clawback or a step-in right that
protects nothing, and usually means a `remedy:` entry was left off a commitment.

The finding points at the remedy.

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: escalation-board
    remedies:
      - {id: escalation-board, clause: escalation, terms: {forum: the Cluster Board}}
      - {id: clawback-grant, clause: clawback, terms: {schedule: [{years: 5, percent: 100}]}}

Passing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: [clawback-grant, escalation-board]
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD111"
NAME = "unused-remedy"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.remedies:
        if item.id not in ctx.remedy_users and ctx.remedies_by_id.get(item.id) is item:
            yield (
                f"remedy {item.id!r} is not used by any commitment; name it in a commitment's "
                "`remedy:` or remove it",
                item.path,
            )
