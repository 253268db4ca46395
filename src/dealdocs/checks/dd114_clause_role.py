"""An unknown clause id, or a clause used in the wrong role.

Why it matters: a commitment or a remedy is drafted from the library clause it names.
An id the library does not have (built-in clauses plus the deal's `clause_paths:`)
cannot be drafted at all. A commitment clause used as a remedy, or a remedy clause
used as a commitment, would print an obligation where a consequence belongs (or the
reverse); standard provisions (confidentiality, governing law, ...) are placed by the
document itself and cannot be either.

The finding points at the `clause:` value (at the commitment when it relies on the
default `obligation` clause).

Failing example:

    remedies:
      - id: clawback-grant
        clause: investment
        terms: {amount: £1bn, facility: the Factories}

Passing example:

    remedies:
      - id: clawback-grant
        clause: clawback
        terms: {schedule: [{years: 5, percent: 100}]}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import ROLE_OF, Context, Item
from dealdocs.findings import Severity

CODE = "DD114"
NAME = "unknown-clause"
SEVERITY = Severity.ERROR

_WHAT = {"commitment": "a commitment clause", "remedy": "a remedy clause", "standard": "a standard provision"}
_AS = {"commitment": "a commitment", "remedy": "a remedy"}


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    by_role: dict[str, list[str]] = {}
    for clause in ctx.library:
        by_role.setdefault(clause.meta.role, []).append(clause.id)
    for item in (*ctx.commitments, *ctx.remedies):
        wanted = ROLE_OF[item.kind]
        if item.clause is None:
            yield _unknown(item, by_role.get(wanted, [])), item.at("clause")
        elif item.clause.meta.role != wanted:
            role = item.clause.meta.role
            yield (
                f"{item.id!r} uses clause {item.clause_id!r}, which is {_WHAT[role]}, as {_AS[wanted]}; "
                f"choose {_WHAT[wanted]} (e.g. {', '.join(by_role.get(wanted, [])[:4]) or 'none in the library'})",
                item.at("clause"),
            )


def _unknown(item: Item, candidates: list[str]) -> str:
    message = f"{item.id!r} uses clause {item.clause_id!r}, which is not in the clause library"
    close = difflib.get_close_matches(item.clause_id, candidates, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    return f"{message}; see `dealdocs clauses list`"
