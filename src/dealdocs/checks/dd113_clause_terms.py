"""A clause's terms are missing, unknown or of the wrong type.

Why it matters: each clause in the library declares the terms it is drafted from
(`investment` needs an `amount` of money and a `facility`; `jobs` a whole number of
`jobs`). A missing term would leave a blank in a contract, an unknown one is usually a
misspelling whose value would silently never be printed, and a wrong type (`jobs: two
thousand`, `amount: lots`) cannot be stated as a figure. The `obligation` clause has no
terms: its wording is the commitment's own `text`, which it therefore requires.

The finding points at the offending term, at `terms:` for a missing term, or at the
commitment or remedy when it has no `terms:` at all. Clauses that do not exist or are
used in the wrong role are DD114's, not checked here.

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: two thousand, retention_yeras: 5}
        remedy: clawback-grant

Passing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000, retention_years: 5}
        remedy: clawback-grant
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import OBLIGATION, Context
from dealdocs.findings import Severity

CODE = "DD113"
NAME = "clause-terms"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in (*ctx.commitments, *ctx.remedies):
        if not item.in_role:
            continue
        for problem in item.problems:
            where = _dotted(problem.path)
            yield (
                f"{item.id!r} (clause {item.clause_id!r}): {where + ': ' if where else ''}{problem.message}",
                item.at("terms", *problem.path),
            )
        if item.kind == "commitments" and item.clause_id == OBLIGATION and item.model.text is None:
            yield (
                f"{item.id!r} uses the obligation clause, whose wording is the commitment's `text`; "
                "add `text:` saying what is promised, or choose a clause",
                item.path,
            )


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else f"terms.{part}")
    return out
