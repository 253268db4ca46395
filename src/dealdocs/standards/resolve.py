"""Read a standards file and the files it extends into one `Standards`, or report every
problem in them with file, line and column, as the deal loader does (exit 2).

The chain is read from the file adopted up to its root; positions are then merged from
the root down, so the more specific file wins (docs/standards.md, "extends").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dealdocs.clauses import Library
from dealdocs.clauseterms import TermSpec
from dealdocs.errors import InputError, Problem
from dealdocs.loader import read_data
from dealdocs.money import MoneyError, parse_money, parse_percent
from dealdocs.rules import CODES as RULE_CODES  # not dealdocs.checks: the checks sit above the standards
from dealdocs.source import Location, SourceMap
from dealdocs.standards.model import FORMAT_KEY, StandardsFile
from dealdocs.standards.standard import Position, Standards, TermBound
from dealdocs.validation import describe_errors

# No council needs more levels than this; a longer chain is a mistake.
MAX_CHAIN = 16
BOUNDABLE = ("integer", "money", "percent")
STYLE_SUFFIXES = (".docx", ".dotx")


@dataclass
class _Read:
    path: Path
    file: StandardsFile
    source: SourceMap

    def problem(self, path: tuple, message: str, *, key: bool = False) -> Problem:
        place = self.source.key_at(path) if key else self.source.at(path)
        return Problem(self.source.file, place.line, place.column, message)


def load_standards(path: str | Path, *, referenced_at: Location | None = None) -> Standards:
    """The standards file at `path` with everything it extends, validated and merged.

    `referenced_at` is where a deal names the file (its `extends:`), so that a missing
    file is reported there rather than at the name of the missing file.
    """
    chain = _read_chain(_tidy(Path(path)), referenced_at)
    library = Library.load([folder for read in reversed(chain) for folder in _folders(read)])
    problems = [p for read in chain for p in _check_against_library(read, library)]
    if problems:
        raise InputError(problems)
    return _merge(chain, library)


def _tidy(path: Path) -> Path:
    """`a/b/../c.yaml` as `a/c.yaml`, for messages (lexical: symlinks are left alone)."""
    return Path(os.path.normpath(path))


# --- reading the chain ---------------------------------------------------------------


def _read_chain(path: Path, referenced_at: Location | None) -> list[_Read]:
    chain: list[_Read] = []
    seen: dict[Path, int] = {}
    origin = referenced_at
    while True:
        if not path.is_file():
            where = origin or Location(str(path), 0, 0)
            what = "is a directory" if path.is_dir() else "does not exist" if not path.exists() else (
                "is not a regular file (a pipe or a device); name the standards file itself")
            message = f"standards file {str(path)!r} {what}"
            raise InputError([Problem(where.file, where.line, where.column, message)])
        real = path.resolve()
        if real in seen:
            loop = " -> ".join(str(r.path) for r in chain[seen[real] :]) + f" -> {path}"
            message = f"extends: the standards files make a cycle: {loop}"
            raise InputError([Problem(origin.file, origin.line, origin.column, message)])
        if len(chain) >= MAX_CHAIN:
            message = f"extends: more than {MAX_CHAIN} standards files deep"
            raise InputError([Problem(origin.file, origin.line, origin.column, message)])
        seen[real] = len(chain)
        read = _read_one(path)
        chain.append(read)
        if read.file.extends is None:
            return chain
        origin = read.source.at(("extends",))
        path = _tidy(path.parent / read.file.extends)


def _read_one(path: Path) -> _Read:
    try:
        data, source = read_data(path)
    except InputError as error:
        raise InputError([_as_standards(p) for p in error.problems]) from None
    if FORMAT_KEY not in data and "dealdocs" in data:
        place = source.key_at(("dealdocs",))
        message = f"this is a deal file, not a standards file (which starts with `{FORMAT_KEY}: 1`)"
        raise InputError([Problem(source.file, place.line, place.column, message)])
    try:
        file = StandardsFile.model_validate(data)
    except ValidationError as error:
        raise InputError(describe_errors(error, source, root=StandardsFile)) from None
    read = _Read(path, file, source)
    problems = _check_file(read)
    if problems:
        raise InputError(problems)
    return read


def _as_standards(problem: Problem) -> Problem:
    """The loader speaks of deal files; say standards file where it does."""
    message = problem.message
    for deal_words in ("a deal file starts with", "a deal file is a mapping starting with"):
        standards_words = deal_words.replace("deal", "standards")
        message = message.replace(f"{deal_words} `dealdocs: 1`", f"{standards_words} `{FORMAT_KEY}: 1`")
    return Problem(problem.file, problem.line, problem.column, message)


def _folders(read: _Read) -> list[Path]:
    return [_tidy(read.path.parent / p) for p in read.file.clause_paths]


def _check_file(read: _Read) -> list[Problem]:
    """What can be checked in one file without the clause library."""
    problems = []
    for i, folder in enumerate(_folders(read)):
        if not folder.is_dir():
            problems.append(read.problem(("clause_paths", i), f"clause folder {str(folder)!r} not found"))
    if read.file.style is not None:
        style = _tidy(read.path.parent / read.file.style)
        if not style.is_file():
            problems.append(read.problem(("style",), f"reference style document {str(style)!r} not found"))
        elif style.suffix.lower() not in STYLE_SUFFIXES:
            problems.append(read.problem(("style",), "a reference style must be a .docx or .dotx file"))
    for code in read.file.severities:
        if code not in RULE_CODES:
            problems.append(read.problem(("severities", code), f"no rule {code!r}; see `dealdocs rules`", key=True))
    first: dict[str, int] = {}
    for k, party in enumerate(read.file.parties):
        if party.id in first:
            message = f"duplicate party id {party.id!r} (also parties[{first[party.id]}])"
            problems.append(read.problem(("parties", k, "id"), message))
        first.setdefault(party.id, k)
    return problems


# --- clause references and typed bounds ------------------------------------------------


def _check_against_library(read: _Read, library: Library) -> list[Problem]:
    positions = read.file.positions
    problems: list[Problem] = []

    def clause(clause_id: str, path: tuple, roles: tuple[str, ...], *, key: bool = False) -> Any:
        found = library.get(clause_id)
        if found is None:
            problems.append(read.problem(path, f"no clause {clause_id!r} in the clause library", key=key))
        elif found.meta.role not in roles:
            expected = " or ".join(roles)
            message = f"clause {clause_id!r} is a {found.meta.role} clause; expected {expected}"
            problems.append(read.problem(path, message, key=key))
        else:
            return found
        return None

    for i, clause_id in enumerate(positions.required_clauses):
        clause(clause_id, ("positions", "required_clauses", i), ("commitment", "remedy"))
    for i, rule in enumerate(positions.required_remedies):
        clause(rule.clause, ("positions", "required_remedies", i, "clause"), ("commitment",))
        for j, remedy_id in enumerate(rule.one_of):
            clause(remedy_id, ("positions", "required_remedies", i, "one_of", j), ("remedy",))
    for clause_id, allowed in positions.variants.items():
        found = clause(clause_id, ("positions", "variants", clause_id), ("commitment", "remedy"), key=True)
        if found is None:
            continue
        for j, variant in enumerate(allowed):
            if variant not in found.meta.variants:
                has = ", ".join(found.meta.variants) or "none"
                message = f"clause {clause_id!r} has no variant {variant!r} (it has: {has})"
                problems.append(read.problem(("positions", "variants", clause_id, j), message))
    for clause_id, terms in positions.bounds.items():
        found = clause(clause_id, ("positions", "bounds", clause_id), ("commitment", "remedy"), key=True)
        if found is None:
            continue
        for term, bound in terms.items():
            path = ("positions", "bounds", clause_id, term)
            spec = found.meta.terms.get(term)
            if spec is None:
                known = ", ".join(n for n, s in found.meta.terms.items() if s.type in BOUNDABLE) or "none"
                message = f"clause {clause_id!r} has no term {term!r} (terms it has that take bounds: {known})"
                problems.append(read.problem(path, message, key=True))
            elif spec.type not in BOUNDABLE:
                message = (
                    f"term {term!r} of clause {clause_id!r} is {spec.label}; "
                    "bounds apply to whole numbers, money and percentages"
                )
                problems.append(read.problem(path, message, key=True))
            else:
                problems += _bound_problems(read, path, spec, bound.min, bound.max)
    return problems


def _bound_problems(read: _Read, path: tuple, spec: TermSpec, low: Any, high: Any) -> list[Problem]:
    problems = []
    typed = {}
    for name, value in (("min", low), ("max", high)):
        if value is None:
            continue
        try:
            typed[name] = typed_value(spec, value)
        except (ValueError, MoneyError) as error:
            problems.append(read.problem((*path, name), str(error)))
    if not problems and len(typed) == 2 and typed["min"] > typed["max"]:
        problems.append(read.problem(path, "the minimum is above the maximum"))
    return problems


def typed_value(spec: TermSpec, value: Any) -> int | Decimal:
    """A bound written as the term is written: `£10k` for money, `25%` for a percentage."""
    if spec.type == "money":
        return parse_money(value)
    if spec.type == "percent":
        return parse_percent(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


# --- merging, least specific first ------------------------------------------------------


def _merge(chain: list[_Read], library: Library) -> Standards:
    top = chain[0]
    severities: dict[str, str | None] = {}
    parties: dict[str, Any] = {}
    definitions: dict[str, str] = {}
    style: Path | None = None
    required_clauses: dict[str, Position] = {}
    required_remedies: dict[tuple, Position] = {}
    conditions: dict[str, Position] = {}
    variants: dict[str, Position] = {}
    bounds: dict[tuple[str, str], Position] = {}
    single: dict[str, Position | None] = {}
    for read in reversed(chain):
        file, name, p = read.file, read.file.name, read.file.positions
        severities.update({code: None if level == "off" else level for code, level in file.severities.items()})
        parties.update({party.id: party for party in file.parties})
        definitions.update(file.definitions)
        if file.style is not None:
            style = _tidy(read.path.parent / file.style)
        required_clauses.update({c: Position(c, name) for c in p.required_clauses})
        required_remedies.update({rule.key: Position(rule, name) for rule in p.required_remedies})
        # Required wording accumulates; one spelling of it is enough.
        conditions.update({c.casefold(): Position(c, name) for c in p.conditions})
        variants.update({c: Position(tuple(v), name) for c, v in p.variants.items()})
        for clause_id, terms in p.bounds.items():
            spec_of = library.get(clause_id).meta.terms
            for term, bound in terms.items():
                spec = spec_of[term]
                low = None if bound.min is None else typed_value(spec, bound.min)
                high = None if bound.max is None else typed_value(spec, bound.max)
                bounds[(clause_id, term)] = Position(TermBound(clause_id, term, spec, low, high), name)
        for key, value in (
            ("clawback_min_years", p.clawback.min_years),
            ("clawback_min_first_band", p.clawback.min_first_band),
            ("local_hiring_min_share", p.local_hiring.min_share),
            ("local_hiring_area", tuple(p.local_hiring.area_must_mention) or None),
            ("exclusivity_max_months", p.exclusivity_max_months),
        ):
            if value is not None:
                single[key] = Position(value, name)
    return Standards(
        name=top.file.name,
        path=top.path,
        files=tuple(read.path for read in chain),
        clause_paths=tuple(folder for read in reversed(chain) for folder in _folders(read)),
        style=style,
        severities=severities,
        parties=tuple(parties.values()),
        definitions=definitions,
        required_clauses=tuple(required_clauses.values()),
        required_remedies=tuple(required_remedies.values()),
        conditions=tuple(conditions.values()),
        variants=variants,
        bounds=bounds,
        **single,
    )
