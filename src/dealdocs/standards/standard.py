"""The standards in force for a deal: one standards file with its `extends:` chain merged.

Every position remembers the name of the file that set it, so a finding can say whose
position the deal departs from ("under National cluster deal baseline ...") even when
the deal adopted a more specific standard that extends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from dealdocs.clauseterms import TermSpec
from dealdocs.model import Party, Role
from dealdocs.standards.model import RemedyRule

T = TypeVar("T")


@dataclass(frozen=True)
class Position(Generic[T]):
    """One standard position and the name of the standard that set it."""

    value: T
    standard: str


@dataclass(frozen=True)
class TermBound:
    """Limits on one clause term, typed as the clause types the term."""

    clause: str
    term: str
    spec: TermSpec
    min: Any = None
    max: Any = None


@dataclass(frozen=True)
class Standards:
    name: str  # the name of the file adopted (the most specific one)
    path: Path
    files: tuple[Path, ...]  # the file adopted first, then each one it extends
    clause_paths: tuple[Path, ...] = ()  # least specific first: later folders override
    style: Path | None = None
    severities: dict[str, str | None] = field(default_factory=dict)  # None turns a rule off
    parties: tuple[Party, ...] = ()
    definitions: dict[str, str] = field(default_factory=dict)

    required_clauses: tuple[Position[str], ...] = ()
    required_remedies: tuple[Position[RemedyRule], ...] = ()
    clawback_min_years: Position[int] | None = None
    clawback_min_first_band: Position[Decimal] | None = None
    local_hiring_min_share: Position[Decimal] | None = None
    local_hiring_area: Position[tuple[str, ...]] | None = None
    variants: dict[str, Position[tuple[str, ...]]] = field(default_factory=dict)
    bounds: dict[tuple[str, str], Position[TermBound]] = field(default_factory=dict)
    conditions: tuple[Position[str], ...] = ()
    exclusivity_max_months: Position[int] | None = None


def selects(selectors: list[str], role: Role | None) -> bool:
    """Whether a party of `role` is one a required-remedy rule's `from`/`to` names."""
    if not selectors or "any" in selectors:
        return True
    if role is None:
        return False
    return (
        role.value in selectors
        or ("public" in selectors and role.is_public)
        or ("private" in selectors and not role.is_public)
    )


def describe_selectors(selectors: list[str]) -> str:
    """`a public party`, `an investor or a university`."""
    if not selectors or "any" in selectors:
        return "any party"
    words = []
    for s in selectors:
        noun = {"public": "public party", "private": "private party"}.get(s, s.replace("-", " "))
        words.append(("an " if noun[0] in "aeiou" else "a ") + noun)
    return " or ".join(words)
