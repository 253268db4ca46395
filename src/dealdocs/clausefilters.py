"""How the deal's values print inside a clause: the filters a template may use (money,
dates, counts, lists joined with "and"), how a bare `{{ value }}` prints (`finalize`),
the views of the parties a clause sees, and the blank a draft prints where the deal does
not give a fact yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from dealdocs.clausemarkup import Safe, flat
from dealdocs.money import format_money, format_percent


# --- views of the deal --------------------------------------------------------------


class PartyView:
    """A party as a clause sees it; prints as its defined term, `the Consortium`."""

    def __init__(self, party: Any):
        self.id = party.id
        self.name = flat(party.name)
        self.short_name = flat(party.short_name).removeprefix("the ").removeprefix("The ")
        self.role = party.role.value
        self.is_public = party.role.is_public
        self.signatory = party.signatory

    @property
    def term(self) -> str:
        return defined_term(self.short_name)

    def __str__(self) -> str:
        return Safe(self.term)


def defined_term(short_name: str) -> str:
    """`Consortium` -> `the Consortium`; a name that already starts with "the" keeps it."""
    return short_name if short_name.lower().startswith("the ") else f"the {short_name}"


# What a draft prints where the deal does not yet give a fact: the practitioner's blank.
BLANK = "[\u25cf]"


class PartyList(list):
    """Parties that print as `the Department and the Authority` (a blank when empty)."""

    def __str__(self) -> str:
        return Safe(and_join(self)) if self else Safe(BLANK)


# --- filters ------------------------------------------------------------------------


def _needs(value: Any, what: str) -> Any:
    if value is None:
        raise ValueError(f"a {what} value is missing (guard optional terms with `is not none`)")
    return value


def money(value: Any) -> str:
    return format_money(Decimal(_needs(value, "money")))


def percent(value: Any) -> str:
    return format_percent(Decimal(_needs(value, "percent")))


def number(value: Any) -> str:
    value = _needs(value, "number")
    return f"{value:,}" if isinstance(value, int) else str(value)


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def long_date(value: Any) -> str:
    """2 March 2026: UK style, whatever the machine's locale."""
    value = _needs(value, "date")
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def or_blank(value: Any) -> Any:
    """The value, or the blank `[●]` where the deal does not give it yet."""
    if value is None or (isinstance(value, list | tuple | str) and not value):
        return Safe(BLANK)
    return value


def date_or_blank(value: Any) -> str:
    """A date as `2 March 2026`, or the blank `[●]` where the deal gives none."""
    return Safe(BLANK) if value is None else long_date(value)


def plural(count: Any, singular: str, many: str | None = None) -> str:
    """`1 job`, `2 jobs`: a count with its noun in the right number."""
    count = _needs(count, "number")
    noun = singular if count == 1 else (many or f"{singular}s")
    return f"{number(count)} {noun}"


def years(value: Any) -> str:
    value = _needs(value, "years")
    return f"{value:,} year" if value == 1 else f"{value:,} years"


def _join(items: Iterable[Any], word: str) -> str:
    words = [str(finalize(item)) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {word} {words[-1]}"


def and_join(items: Iterable[Any]) -> Safe:
    return Safe(_join(items, "and"))


def or_join(items: Iterable[Any]) -> Safe:
    return Safe(_join(items, "or"))


def finalize(value: Any) -> Any:
    """How any `{{ value }}` prints: a missing value is an error, never a blank."""
    if value is None:
        raise ValueError("the clause printed a missing value (guard optional terms with `is not none`)")
    if isinstance(value, Safe):
        return value
    if isinstance(value, PartyView | PartyList):
        return str(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return and_join(value)
    if isinstance(value, str):
        # Newlines in a value become spaces, so a value cannot start a paragraph or a
        # sub-paragraph. Markers are kept: user values were scrubbed before the
        # template saw them, so any marker here came from `ref` or `strong`.
        return re.sub(r"\s*\n\s*", " ", value)
    return value
