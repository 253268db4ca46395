"""The clause library: clause files (front matter + Jinja2 body) and their typed terms.

A clause file is `<id>.j2`; see `clauses/README.md` for the format. The library is the
built-in folder plus any `clause_paths:` folders of a deal or standards file, later
folders overriding earlier ones by id. Adding a clause needs no Python.

What each term's type is, and how a deal's values for it are checked, is in
`dealdocs.clauseterms`; `validate_terms` checks them against one clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dealdocs.clauseterms import TermProblem, TermSpec, typed_terms
from dealdocs.errors import InputError, Problem
from dealdocs.files import read_limited
from dealdocs.resources import clauses_dir
from dealdocs.safetext import UNSAFE
from dealdocs.safetext import problem as unsafe_text
from dealdocs.yamlread import from_yaml

SUFFIX = ".j2"
# Bounds no honest clause comes near: clause folders may come from outside the council.
MAX_CLAUSE_BYTES = 256 * 1024
MAX_FRONT_VALUES = 5_000  # values in the front matter, aliases expanded


class ClauseMeta(BaseModel):
    """A clause file's front matter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    role: Literal["commitment", "remedy", "standard"]
    version: int | str = 1
    summary: str = ""
    binding: bool = False
    order: int = 50
    requires: str | None = None  # a deal field the clause needs, e.g. exclusivity_until
    # Commitment clauses: what the commitment gives its counterparties, if it is Support
    # (money or land) that a clawback may recover or profit-sharing may share.
    gives: Literal["money", "land"] | None = None
    # Variants in which the money is lent, not given: repayable in any case, so public
    # support (a subsidy to assess) but nothing a clawback recovers.
    lent_in: list[str] = Field(default_factory=list)
    # Remedy clauses: who pays whom. `support`: the obligor of the protected commitment
    # repays the Support it received to the parties that gave it (clawback); `uplift`:
    # the receiver of the protected land or money shares the uplift with its giver
    # (profit-sharing); `counterparties`: the obligor pays the protected commitment's
    # counterparties (payment in lieu).
    pays: Literal["support", "uplift", "counterparties"] | None = None
    terms: dict[str, TermSpec] = Field(default_factory=dict)
    variants: dict[str, str] = Field(default_factory=dict)
    default_variant: str | None = None
    defines: dict[str, str] = Field(default_factory=dict)
    brief: str = ""  # a one- or two-sentence template for the term sheet's provision cell
    guidance: str = ""

    @model_validator(mode="after")
    def _variants(self) -> ClauseMeta:
        if self.default_variant and self.default_variant not in self.variants:
            raise ValueError(f"default_variant {self.default_variant!r} is not one of its variants")
        return self


@dataclass(frozen=True)
class ClauseFile:
    meta: ClauseMeta
    body: str
    path: Path
    body_line: int  # line of the file where the body starts, for template errors

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def variant(self) -> str | None:
        return self.meta.default_variant or next(iter(self.meta.variants), None)


class Library:
    """Clauses by id, built-in first, each extra folder overriding by id."""

    def __init__(self, clauses: dict[str, ClauseFile]):
        self._clauses = clauses

    @classmethod
    def load(cls, extra: list[Path] = ()) -> Library:
        clauses = dict(_builtin())
        problems: list[Problem] = []
        for folder in extra:
            if not folder.is_dir():
                problems.append(Problem(str(folder), 0, 0, "clause folder not found"))
                continue
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                try:
                    clause = read_clause(path)
                except InputError as error:
                    problems.extend(error.problems)
                    continue
                clauses[clause.id] = clause
        if problems:
            raise InputError(problems)
        return cls(clauses)

    def get(self, clause_id: str) -> ClauseFile | None:
        return self._clauses.get(clause_id)

    def __iter__(self):
        return iter(sorted(self._clauses.values(), key=lambda c: (c.meta.role, c.meta.order, c.id)))

    def by_role(self, role: str) -> list[ClauseFile]:
        return [c for c in self if c.meta.role == role]


@cache
def _builtin() -> dict[str, ClauseFile]:
    return {c.id: c for c in map(read_clause, sorted(clauses_dir().glob(f"*{SUFFIX}")))}


def read_clause(path: Path) -> ClauseFile:
    """Parse one clause file; raise `InputError` naming the file and line."""
    name = str(path)
    raw = read_limited(path, MAX_CLAUSE_BYTES, "clause file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError([Problem(name, line, 1, "is not UTF-8 text; save the clause file as UTF-8")]) from None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise InputError([Problem(name, 1, 1, "a clause file starts with a `---` line and its front matter")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise InputError([Problem(name, 1, 1, "the front matter has no closing `---` line")])
    front_text = "".join(lines[1:end])
    front, source = {}, None
    if front_text.strip():
        # The deal's own YAML reader: bounded alias expansion, no odd tags, located errors.
        # The leading newline keeps its line numbers those of the file.
        front, source = from_yaml("\n" + front_text, name, max_nodes=MAX_FRONT_VALUES)
    try:
        meta = ClauseMeta.model_validate(front)
    except ValidationError as error:
        raise InputError([
            Problem(name, *_line_of(source, e["loc"]), f"front matter: {'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in error.errors()
        ]) from None
    if meta.id != path.name.removesuffix(SUFFIX):
        raise InputError([Problem(name, 2, 1, f"the clause id {meta.id!r} must match the file name")])
    body = "".join(lines[end + 1 :])
    _refuse_unsafe(name, lines, end + 1)
    leading = len(body) - len(body.lstrip("\n"))  # blank lines dropped before the body
    return ClauseFile(meta=meta, body=body.strip("\n") + "\n", path=path, body_line=end + 2 + leading)


def _line_of(source, loc: tuple) -> tuple[int, int]:
    if source is None:
        return (1, 1)
    place = source.at(tuple(p for p in loc if isinstance(p, str | int)))
    return (place.line, place.column)


def _refuse_unsafe(name: str, lines: list[str], start: int) -> None:
    """A clause body prints into every document: no control characters or bidi overrides."""
    problems = []
    for number, line in enumerate(lines[start:], start + 1):
        match = UNSAFE.search(line.rstrip("\r\n"))
        if match:
            problems.append(Problem(name, number, match.start() + 1, f"this line {unsafe_text(line)}"))
    if problems:
        raise InputError(problems)


# --- terms --------------------------------------------------------------------------


def validate_terms(clause: ClauseFile, terms: dict[str, Any]) -> tuple[dict[str, Any], list[TermProblem]]:
    """The clause's terms typed and defaulted, and every problem with what was given."""
    values, problems = typed_terms(clause.meta.terms, terms, ())
    return values, problems


def library_for(deal_file: Path, clause_paths: list[str]) -> Library:
    """The library a deal file sees: built-in clauses plus its `clause_paths:` folders."""
    return Library.load([(deal_file.parent / p) for p in clause_paths])
