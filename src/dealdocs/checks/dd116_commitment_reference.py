"""A tranche milestone or a `release` names a commitment that does not exist.

Why it matters: a tranche is released when the commitment named as its `milestone` is
delivered, and a `release` remedy frees a party from the commitments it names in
`released:`. An id that is no commitment's (a typo, a deleted commitment, or a
remedy's id) leaves a tranche that can never be released, or a release that releases
nothing, while the file reads as if both were in place.

Every clause term typed `commitment` is checked the same way. The finding points at
the `milestone:` value or at the offending entry of the term.

Failing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        tranches:
          - {amount: £150m, condition: "1,000 jobs created", milestone: create-job}
        remedy: release-consortium

Passing example:

    commitments:
      - id: port-grant
        by: dbt
        to: consortium
        clause: funding
        terms: {amount: £150m, purpose: upgrading the quays}
        tranches:
          - {amount: £150m, condition: "1,000 jobs created", milestone: create-jobs}
        remedy: release-consortium
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD116"
NAME = "unknown-commitment"
SEVERITY = Severity.ERROR

_SUGGEST_LIMIT = 200


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        for t, tranche in enumerate(item.model.tranches):
            if tranche.milestone is not None and tranche.milestone not in ctx.commitments_by_id:
                yield (
                    _message(ctx, tranche.milestone, f"tranche {t + 1} of {item.id!r} has milestone"),
                    item.at("tranches", t, "milestone"),
                )
    for item in (*ctx.commitments, *ctx.remedies):
        if not item.in_role:
            continue
        for spec, value, path in item.leaves:
            if spec.type == "commitment" and isinstance(value, str) and value not in ctx.commitments_by_id:
                what = "releases" if item.clause_id == "release" else f"names in terms.{path[0]}"
                yield _message(ctx, value, f"{item.id!r} {what}"), item.at("terms", *path)


def _message(ctx: Context, name: str, what: str) -> str:
    message = f"{what} {name!r}, which is not the id of any commitment"
    if name in ctx.remedies_by_id:
        return message + " (it is a remedy's id)"
    if len(ctx.commitments_by_id) <= _SUGGEST_LIMIT:
        close = difflib.get_close_matches(name, list(ctx.commitments_by_id), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean {close[0]!r}?"
    return message
