"""A duplicate id.

Why it matters: ids are how the file refers to things: `by:` and `to:` name parties,
`remedy:`, `milestone:` and `released:` name commitments and remedies. Two parties
with one id, or a commitment and a remedy sharing one (they share a namespace), make
every such reference ambiguous. The ids also anchor cross-references in the documents.

The finding points at the second (and any later) occurrence of the id.

Failing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: create-jobs
    remedies:
      - {id: create-jobs, clause: escalation, terms: {forum: the Cluster Board}}

Passing example:

    commitments:
      - id: create-jobs
        by: consortium
        to: tvca
        clause: jobs
        terms: {jobs: 2000}
        remedy: escalation-board
    remedies:
      - {id: escalation-board, clause: escalation, terms: {forum: the Cluster Board}}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD112"
NAME = "duplicate-id"
SEVERITY = Severity.ERROR

_KIND = {"commitments": "commitment", "remedies": "remedy"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for party_id, indices in ctx.party_occurrences.items():
        first = ctx.source.at(("parties", indices[0], "id")).line
        for k in indices[1:]:
            yield (
                f"duplicate party id {party_id!r} (first used at line {first})",
                ("parties", k, "id"),
            )
    for item_id, paths in ctx.id_occurrences.items():
        if len(paths) < 2:
            continue
        first = paths[0]
        line = ctx.source.at((*first, "id")).line
        for path in paths[1:]:
            yield (
                f"duplicate id {item_id!r}: a {_KIND[first[0]]} already has it (line {line}); "
                "commitments and remedies share one set of ids",
                (*path, "id"),
            )
