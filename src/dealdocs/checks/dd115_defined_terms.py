"""A defined term is used but not defined, or defined but never used.

Why it matters: UK drafting defines a term once ("Site" means the land at Tees Dock
...) and then uses it with a capital letter. A definition that nothing uses clutters the
definitions clause and suggests the wording that needed it was lost; a term the deal
puts in quotes as if defining it ("the “Plan”") that the definitions do not define
leaves the reader guessing what it means.

Two checks, kept low-noise:

- each key of `definitions:` must appear, with its capitals, somewhere in the deal's
  own text (background, conditions, other definitions, commitments' and remedies'
  text, titles and text terms, tranche conditions) or in the literal text of the
  clauses the document prints;
- a capitalised term the deal's text puts in double quotes (“Term” or "Term") must be
  defined: in `definitions:`, as a party's short name, by a clause of the library, or
  inline in brackets as UK drafting does ('the plan attached (the “Plan”)'). Phrases
  in capitals throughout ("SUBJECT TO CONTRACT") and anything longer than six words are
  taken to be quotations, not terms.

The first finding points at the definition's key, the second at the text quoting the term.

Failing example:

    definitions:
      Site: the land at Tees Dock shown on the plan
      Port Works: the strengthening of the quay
    commitments:
      - id: invest-factories
        by: consortium
        to: dbt
        text: The Consortium will build the Factories at the Site.
        remedy: clawback-grant

Passing example:

    definitions:
      Site: the land at Tees Dock shown on the plan
    commitments:
      - id: invest-factories
        by: consortium
        to: dbt
        text: The Consortium will build the Factories at the Site.
        remedy: clawback-grant
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.tree import DOCUMENT_TERMS
from dealdocs.findings import Severity
from dealdocs.source import Location

CODE = "DD115"
NAME = "defined-terms"
SEVERITY = Severity.WARNING

# Words the deal may quote without defining: the document's own terms and its names.
QUOTABLE = DOCUMENT_TERMS | {"Heads of Terms", "Term Sheet"}

_QUOTED = re.compile(r"[“\"]([^“”\"\n]{1,80})[”\"]")
_CONNECTORS = frozenset({"of", "and", "the", "for", "in", "on", "to", "at", "by", "&", "upon", "under"})
_MAX_WORDS = 6


def check(ctx: Context) -> Iterator[tuple[str, tuple | Location]]:
    definitions = ctx.deal.definitions
    yield from _unused(ctx, definitions)
    yield from _undefined(ctx, definitions)


# --- defined but never used -------------------------------------------------------


def _unused(ctx: Context, definitions: dict[str, str]) -> Iterator[tuple[str, Location]]:
    if not definitions:
        return
    corpus = "\n".join(text for path, text in ctx.texts if path[0] != "definitions")
    corpus += "\n" + "\n".join(_clause_text(ctx))
    pattern = _term_pattern(list(definitions))
    used = set(pattern.findall(corpus))
    for key, text in definitions.items():
        used |= set(pattern.findall(text)) - {key}
    for key in definitions:
        if key in used:
            continue
        # Overlapping terms ("Site" inside "Site Plan") hide each other in one pass.
        pattern = _term_pattern([key])
        if pattern.search(corpus) or any(pattern.search(v) for k, v in definitions.items() if k != key):
            continue
        yield (
            f"{key!r} is defined but never used in the deal or its clauses; use it or remove the definition",
            ctx.key(("definitions", key)),
        )


def _clause_text(ctx: Context) -> Iterator[str]:
    for clause in ctx.used_clauses:
        yield clause.body
        yield from clause.meta.defines.values()


def _term_pattern(terms: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# --- quoted but not defined ------------------------------------------------------


def _undefined(ctx: Context, definitions: dict[str, str]) -> Iterator[tuple[str, tuple]]:
    quoted: list[tuple[str, tuple]] = []
    defined = set(QUOTABLE) | set(definitions)
    defined |= {party.short_name.removeprefix("the ") for party in ctx.deal.parties}
    for clause in ctx.library:
        defined |= set(clause.meta.defines)
    for path, text in ctx.texts:
        if '"' not in text and "“" not in text:
            continue
        for match in _QUOTED.finditer(text):
            term = _term(match.group(1))
            if term is None:
                continue
            if _inline_definition(text, match.start()):
                defined.add(term)
            else:
                quoted.append((term, path))
    reported: set[str] = set()
    for term, path in quoted:
        if term in defined or term in reported:
            continue
        reported.add(term)
        yield (
            f"{term!r} is in quotes as a defined term but is not defined; add it to `definitions:`",
            path,
        )


def _term(text: str) -> str | None:
    """The quoted text as a defined term, or None if it does not look like one."""
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:].strip()
    words = text.split()
    if not words or len(words) > _MAX_WORDS or not words[0][0].isupper():
        return None
    if len(words) > 1 and text.isupper():
        return None  # a legend such as SUBJECT TO CONTRACT
    if any(ch in text for ch in ".,;:!?()[]"):
        return None
    if not all(w[0].isupper() or w[0].isdigit() or w in _CONNECTORS for w in words):
        return None
    return text


def _inline_definition(text: str, start: int) -> bool:
    """The quote opens inside a bracket just before it: `(the “Plan”)`."""
    before = text[max(0, start - 40) : start]
    bracket = before.rfind("(")
    return bracket != -1 and ")" not in before[bracket:]
