"""Running clause templates: the sandbox, the filters, the views of the deal a clause
sees, and the parse of a clause's output into document-tree blocks.

User text is data: it reaches a template only as values, is never compiled, and cannot
change the clause's layout (its newlines become spaces when printed) or smuggle in
markup (the private-use characters this module uses as markers are scrubbed from every
user value before a template sees it, so markers in printed text are always ours).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import FileSystemBytecodeCache, FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError

from dealdocs.clauses import ClauseFile
from dealdocs.errors import InputError, Problem
from dealdocs.money import format_money, format_percent
from dealdocs.sandbox import ClauseSandbox, start_render
from dealdocs.tree import Block, Clause, Inline, Para, Ref, Strong, Text

_REF_OPEN, _REF_MID, _REF_CLOSE = "\ue000", "\ue001", "\ue002"
_STRONG_OPEN, _STRONG_CLOSE = "\ue003", "\ue004"
_MARKERS = re.compile("[\ue000-\ue00f]")
_INLINE = re.compile(
    f"{_REF_OPEN}(?P<target>[^{_REF_MID}]*){_REF_MID}(?P<label>[^{_REF_CLOSE}]*){_REF_CLOSE}"
    f"|{_STRONG_OPEN}(?P<strong>[^{_STRONG_CLOSE}]*){_STRONG_CLOSE}"
)


class Safe(str):
    """Text made by dealdocs itself (party terms, references): printed as it is."""


def clean(text: str) -> str:
    """User text made safe to place in a clause: no markers."""
    return _MARKERS.sub("", text)


def flat(text: str) -> str:
    """User text on one line, scrubbed: it must not break the clause's layout."""
    return re.sub(r"\s+", " ", clean(text)).strip()


def scrub(value: Any) -> Any:
    """Every string inside a user value, cleaned of markers (lists and mappings too)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def strong(text: Any) -> Safe:
    return Safe(f"{_STRONG_OPEN}{flat(str(text))}{_STRONG_CLOSE}")


def ref(target: str, label: str = "", word: str = "clause") -> Safe:
    """A live cross-reference to the clause anchored at `target`."""
    prefix = f"{word} " if word else ""
    return Safe(f"{prefix}{_REF_OPEN}{target}{_REF_MID}{flat(label)}{_REF_CLOSE}")


def schedule(number: int) -> Safe:
    """A live reference to Schedule `number` ("Schedule 1"): in Word a REF field to the
    schedule's heading, whose number is a list number, so inserting a schedule renumbers
    the reference too."""
    return ref(f"schedule-{int(number)}", word="")


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
    words = [str(_finalize(item)) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {word} {words[-1]}"


def and_join(items: Iterable[Any]) -> Safe:
    return Safe(_join(items, "and"))


def or_join(items: Iterable[Any]) -> Safe:
    return Safe(_join(items, "or"))


def _finalize(value: Any) -> Any:
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


# Template sources by name, for the loader: compiled templates are cached by Jinja's
# bytecode cache (keyed by the source's checksum) so a fresh process need not compile
# every clause again.
_SOURCES: dict[str, tuple[str, str]] = {}


def _source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
    found = _SOURCES.get(name)
    return (found[0], found[1], lambda: True) if found else None


@lru_cache(maxsize=1)
def environment() -> ClauseSandbox:
    env = ClauseSandbox(
        loader=FunctionLoader(_source),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters.update(
        money=money, percent=percent, number=number, date=long_date, years=years, and_join=and_join, or_join=or_join,
        or_blank=or_blank, date_or_blank=date_or_blank, plural=plural,
    )
    env.globals.update(strong=strong, schedule=schedule)
    return env


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    if os.environ.get("DEALDOCS_NO_CACHE"):
        return None
    try:
        # A private folder under the temp dir, checked by Jinja. The pattern names the
        # sandbox's code generation: code compiled without its step counting is not reused.
        return FileSystemBytecodeCache(pattern="__dealdocs_bounded1_%s.cache")
    except (OSError, RuntimeError):
        return None


@lru_cache(maxsize=256)
def _template(body: str, name: str, first_line: int):
    key = f"{name}#{hashlib.sha256(body.encode()).hexdigest()[:16]}"
    _SOURCES[key] = (body, name)
    try:
        return environment().get_template(key)
    except TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        raise InputError([Problem(name, line, 1, f"clause template error: {error.message}")]) from None


def render_text(clause: ClauseFile, context: dict[str, Any], source: str | None = None) -> str:
    """Run a clause body (or another template string of the clause, e.g. a definition)."""
    body = clause.body if source is None else source
    template = _template(body, str(clause.path), clause.body_line if source is None else 1)
    start_render()
    try:
        return template.render(context)
    except (TemplateError, ValueError, TypeError, AttributeError, ArithmeticError, RecursionError,
            MemoryError) as error:
        line = _template_line(error, clause) if source is None else 0
        message = _said(error)
        raise InputError([Problem(str(clause.path), line, 1 if line else 0, f"clause {clause.id!r}: {message}")]) from None


def _said(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "the template calls itself without end (a macro recursing); remove the recursion"
    if isinstance(error, MemoryError):
        return "the template makes a value too large for memory; refused"
    return getattr(error, "message", None) or str(error)


def _template_line(error: BaseException, clause: ClauseFile) -> int:
    tb = error.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(clause.path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return clause.body_line + line - 1 if line else 0


# --- output -> blocks ---------------------------------------------------------------


def inlines(text: str) -> list[Inline]:
    """Markers in rendered text -> Text, Strong and Ref runs."""
    out: list[Inline] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            out.append(Text(text[position : match.start()]))
        if match["strong"] is not None:
            out.append(Strong(match["strong"]))
        else:
            out.append(Ref(match["target"], label=match["label"]))
        position = match.end()
    if position < len(text):
        out.append(Text(text[position:]))
    return out


def to_blocks(text: str, *, title: str = "", anchor: str = "", level: int = 2) -> list[Block]:
    """A clause's rendered text -> a numbered clause and its sub-paragraphs.

    The first paragraph is the clause (numbered at `level`, opened by `title`); `- `
    starts a sub-paragraph one level down and `  - ` two levels down; any other
    paragraph continues the clause unnumbered.
    """
    paragraphs: list[tuple[int | None, str]] = []  # (level, text); None = continuation
    for line in text.splitlines():
        if not line.strip():
            paragraphs.append((None, ""))  # paragraph break
        elif line.startswith("  - ") or line.startswith("    - "):
            paragraphs.append((level + 2, line.strip()[2:]))
        elif line.startswith("- "):
            paragraphs.append((level + 1, line[2:]))
        elif paragraphs and paragraphs[-1][1]:
            kind, previous = paragraphs[-1]
            paragraphs[-1] = (kind, f"{previous} {line.strip()}")
        else:
            paragraphs.append((0, line.strip()))
    blocks: list[Block] = []
    for kind, body in paragraphs:
        if not body:
            continue
        content = inlines(re.sub(r"[ \t]+", " ", body).strip())
        if not blocks:
            if kind not in (0, None):  # the body opens with a list: the clause has no lead text
                blocks.append(Clause(level, [], title=title, anchor=anchor))
            else:
                blocks.append(Clause(level, content, title=title, anchor=anchor))
                continue
        if kind in (0, None):
            blocks.append(Para(content, indent=level))
        else:
            blocks.append(Clause(min(kind, 4), content))
    if not blocks:
        blocks.append(Clause(level, [], title=title, anchor=anchor))
    return blocks
