"""Running clause templates: the sandbox environment, the compiled-template caches, and
the errors a template raises said at the clause file and line.

User text is data: it reaches a template only as values and is never compiled. What the
template may do with those values is `dealdocs.clausefilters` (filters, views of the
deal); the markers it prints and their parse into document-tree blocks are
`dealdocs.clausemarkup`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from jinja2 import FileSystemBytecodeCache, FunctionLoader, StrictUndefined, TemplateError, TemplateSyntaxError

from dealdocs.clausefilters import (
    and_join,
    date_or_blank,
    finalize,
    long_date,
    money,
    number,
    or_blank,
    or_join,
    percent,
    plural,
    years,
)
from dealdocs.clausemarkup import schedule, strong
from dealdocs.clauses import ClauseFile
from dealdocs.errors import InputError, Problem
from dealdocs.sandbox import ClauseSandbox, start_render

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
        finalize=finalize,
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
