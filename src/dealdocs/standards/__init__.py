"""Standards files: a council's standard positions, default parties and definitions,
clause folders and house style, adopted by a deal (`extends:`) or given to
`dealdocs check --standards FILE` (SPEC section 6; the format is in docs/standards.md).

    standards = standards_for(loaded, option)        # None when the deal adopts none
    loaded = apply_standards(loaded, standards)      # default parties and definitions
    library = library_with(loaded, standards)        # built-in < standards < deal clauses

The DD2xx rules in `dealdocs.checks` read `ctx.standards` and report each departure.
So the checks sit above this package, which never imports them: it reads the rule
codes from `dealdocs.rules` and what counts as using a defined term from
`dealdocs.texts` (tests/test_imports.py keeps the package free of import cycles).
"""

from __future__ import annotations

from dealdocs.standards.apply import apply_standards, library_with, standards_for
from dealdocs.standards.resolve import load_standards
from dealdocs.standards.standard import Position, Standards, TermBound

__all__ = [
    "Position",
    "Standards",
    "TermBound",
    "apply_standards",
    "library_with",
    "load_standards",
    "standards_for",
]
