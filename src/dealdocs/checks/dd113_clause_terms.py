"""A clause's terms are missing, unknown or of the wrong type.

Why it matters: each clause in the library declares the terms it is drafted from
(`investment` needs an `amount` of money and a `facility`; `jobs` a whole number of
`jobs`). A missing term would leave a blank in a contract, an unknown one is usually a
misspelling whose value would silently never be printed, and a wrong type (`jobs: two
thousand`, `amount: lots`) cannot be stated as a figure. The `obligation` clause has no
terms: its wording is the commitment's own `text`, which it therefore requires.

A term under negotiation is checked as each party proposes it: `terms` with the
party's `positions` entry over them; a problem in a position is reported there.

The finding points at the offending value (at its key when the clause does not know
the term), at `terms:` for a missing term, or at the commitment or remedy when it has
no `terms:` at all. Clauses that do not exist or are
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

from dealdocs.checks.context import OBLIGATION, Context, Item
from dealdocs.clauses import validate_terms
from dealdocs.clauseterms import TermProblem, TermSpec
from dealdocs.findings import Severity
from dealdocs.source import Location

CODE = "DD113"
NAME = "clause-terms"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple | Location]]:
    for item in (*ctx.commitments, *ctx.remedies):
        if not item.in_role:
            continue
        for problem, at, whose in _problems(item):
            where = _dotted(problem.path)
            path = item.at(*at, *problem.path)
            yield (
                f"{item.id!r} (clause {item.clause_id!r}){whose}: {where + ': ' if where else ''}{problem.message}",
                ctx.key(path) if _is_unknown(item.specs, problem.path) else path,
            )
        if item.kind == "commitments" and item.clause_id == OBLIGATION and item.model.text is None:
            yield (
                f"{item.id!r} uses the obligation clause, whose wording is the commitment's `text`; "
                "add `text:` saying what is promised, or choose a clause",
                item.path,
            )


def _problems(item: Item) -> Iterator[tuple[TermProblem, tuple, str]]:
    """(problem, where its terms are, whose position) for the item's terms and, when it is
    under negotiation, for each party's whole terms: `terms` with its position over them."""
    model = item.model
    if not model.positions:
        yield from ((problem, ("terms",), "") for problem in item.problems)
        return
    seen: set[tuple] = set()
    for k, position in enumerate(model.positions):
        for problem in validate_terms(item.clause, model.position_terms(position))[1]:
            own = bool(problem.path) and problem.path[0] in position.terms
            key = (k if own else None, problem.path, problem.message)
            if key not in seen:
                seen.add(key)
                yield problem, (("positions", k, "terms") if own else ("terms",)), (
                    f", position of {position.party!r}" if own else "")


def _is_unknown(specs: dict[str, TermSpec], path: tuple) -> bool:
    """The path ends in a key its clause does not declare (reported at the key)."""
    if not path or not isinstance(path[-1], str):
        return False
    fields: dict[str, TermSpec] | None = specs
    for part in path[:-1]:
        if isinstance(part, int):
            continue  # a list index: the list's item spec was chosen at its key
        spec = fields.get(part) if fields is not None else None
        if spec is None:
            return False
        while spec.type == "list" and spec.items is not None:
            spec = spec.items
        fields = spec.fields if spec.type == "object" else None
    return fields is not None and path[-1] not in fields


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else f"terms.{part}")
    return out
