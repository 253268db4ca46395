"""Adopting standards: which file a deal is held to, and its defaults merged into the deal.

`--standards FILE` replaces the deal's own `extends:` (a council re-checking deals
against a new standard should not have to edit them). Default parties and definitions
are merged into a new `Loaded`, so the checks, the assembler and the renderers all see
one deal; the deal's own parties and definitions always win.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from dealdocs.clauses import Library, library_for
from dealdocs.loader import Loaded
from dealdocs.source import Location, SourceMap
from dealdocs.standards.resolve import load_standards
from dealdocs.standards.standard import Standards
from dealdocs.texts import free_texts, printed_clauses

EXTENDS = ("deal", "extends")


def standards_for(loaded: Loaded, option: str | Path | None = None) -> Standards | None:
    """The standards a deal is checked against: the option's file, else its `extends:`."""
    if option is not None:
        return load_standards(option)
    extends = loaded.deal.deal.extends
    if extends is None:
        return None
    return load_standards(loaded.path.parent / extends, referenced_at=loaded.source.at(EXTENDS))


def library_with(loaded: Loaded, standards: Standards | None) -> Library:
    """Built-in clauses, then the standards' clause folders, then the deal's own."""
    if standards is None:
        return library_for(loaded.path, loaded.deal.clause_paths)
    own = [loaded.path.parent / p for p in loaded.deal.clause_paths]
    return Library.load([*standards.clause_paths, *own])


def apply_standards(loaded: Loaded, standards: Standards, library: Library | None = None) -> Loaded:
    """A new `Loaded` whose deal has the standards' default parties and definitions.

    A default party is added when the deal has no party with its id. A default
    definition is added when the deal has no definition of that term and the term is
    used: in the deal's own text, in another definition added, or in the text of a
    clause the document prints (the standards act as a glossary, so a deal is not
    given definitions it never uses). Everything added is located, for findings, at the
    deal's `extends:` line when that is how the deal adopted the standards, else at its
    `parties:` or `definitions:` key: the finding is about this deal, so it points into
    this deal's file.
    """
    deal = loaded.deal
    have = {party.id for party in deal.parties}
    parties = [party for party in standards.parties if party.id not in have]
    candidates = {k: v for k, v in standards.definitions.items() if k not in deal.definitions}
    definitions = _used(loaded, library or library_with(loaded, standards), candidates)
    if not parties and not definitions:
        return loaded

    source = SourceMap(loaded.source.file, dict(loaded.source.values), dict(loaded.source.keys))
    adopted_by_extends = _extends_names(loaded, standards)
    n = len(deal.parties)
    for k, _party in enumerate(parties):
        place = _anchor(loaded.source, "parties", adopted_by_extends)
        source.values[("parties", n + k)] = place
        source.keys[("parties", n + k)] = place
    for term in definitions:
        place = _anchor(loaded.source, "definitions", adopted_by_extends)
        source.values[("definitions", term)] = place
        source.keys[("definitions", term)] = place

    data = dict(loaded.data)
    if parties:
        written = data.get("parties") if isinstance(data.get("parties"), list) else []
        data["parties"] = [*written, *(p.model_dump(mode="json", exclude_none=True) for p in parties)]
    if definitions:
        written = data.get("definitions") if isinstance(data.get("definitions"), dict) else {}
        data["definitions"] = {**written, **definitions}
    merged = deal.model_copy(
        update={"parties": [*deal.parties, *parties], "definitions": {**deal.definitions, **definitions}}
    )
    return replace(loaded, deal=merged, source=source, data=data)


def _extends_names(loaded: Loaded, standards: Standards) -> bool:
    extends = loaded.deal.deal.extends
    if extends is None:
        return False
    return (loaded.path.parent / extends).resolve() == standards.path.resolve()


def _anchor(source: SourceMap, collection: str, by_extends: bool) -> tuple[int, int]:
    place: Location = source.at(EXTENDS) if by_extends else source.key_at((collection,))
    return place.line, place.column


def _used(loaded: Loaded, library: Library, candidates: dict[str, str]) -> dict[str, str]:
    """The candidate definitions whose terms the deal uses (as DD115 counts use)."""
    if not candidates:
        return {}
    corpus = [text for path, text in free_texts(loaded.data) if path[0] != "definitions"]
    corpus += list(loaded.deal.definitions.values())
    for clause in printed_clauses(loaded.deal, library):
        corpus += [clause.body, *clause.meta.defines.values()]
    text = "\n".join(corpus)
    chosen: dict[str, str] = {}
    while True:  # a definition added may use another default term
        found = {k: v for k, v in candidates.items() if k not in chosen and _uses(text, k)}
        if not found:
            return {k: candidates[k] for k in candidates if k in chosen}
        chosen.update(found)
        text += "\n" + "\n".join(found.values())


def _uses(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None
