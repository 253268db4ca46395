"""A remedy id is referenced that no remedy has.

Why it matters: a commitment's `remedy:` names entries of `remedies:` by id. An id that
matches none (a typo, or a remedy deleted in an earlier draft) leaves the commitment
unprotected while the file looks as if it were protected, and the document cannot
cross-refer to the remedy clause.

The finding points at the offending entry of `remedy:`.

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: clawback-grnat
    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 5, percent: 100}]}

Passing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: clawback-grant
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD104"
NAME = "unknown-remedy"
SEVERITY = Severity.ERROR

_SUGGEST_LIMIT = 200


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    known = ctx.remedies_by_id
    for item in ctx.commitments:
        for j, remedy_id in enumerate(item.model.remedy):
            if remedy_id in known:
                continue
            message = f"commitment {item.id!r} uses remedy {remedy_id!r}, which is not the id of any remedy"
            if remedy_id in ctx.commitments_by_id:
                message += " (it is a commitment's id)"
            elif len(known) <= _SUGGEST_LIMIT:
                close = difflib.get_close_matches(remedy_id, list(known), n=1, cutoff=0.6)
                if close:
                    message += f"; did you mean {close[0]!r}?"
            yield message, item.at("remedy", j)
