"""The terms the clauses define, and whose each one is.

A clause's `defines:` text is a template, so one clause used twice can define one word
two ways: two `research-collaboration` commitments each define "Research Programme",
with different topics. The documents must not let the second silently replace the
first, so each such term becomes the deal's own: qualified by the party that gives the
commitment ("Company Research Programme", "Agency Research Programme"), then, if that
still clashes, by the commitment's own title. A clash left after both is reported by
DD130 and numbered in the documents.

Whether two uses mean the same is read from the definition's template: one that uses
only deal-wide values ("New Job") means the same wherever it is used; one that uses the
clause's `terms`, or the commitment, means the same only where those are the same; one
that mentions another term that had to be qualified is qualified with it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from dealdocs.facts import Facts
from dealdocs.model import Commitment, Remedy

# Names a clause sees that differ from one commitment or remedy to the next.
_PARTY_VARS = {"obligor"}
_ITEM_VARS = {
    "commitment", "counterparties", "protected", "obligors", "beneficiaries", "linked_tranches",
    "payers", "payees", "support", "self_ref",
}


@dataclass(frozen=True)
class Owner:
    """One commitment or remedy whose clause defines a term."""

    item: Commitment | Remedy
    term: str
    source: str  # the definition's template text
    qualifiers: tuple[str, ...]  # words to put before the term, most general first
    key: str  # equal keys mean the same definition


@dataclass
class Terms:
    # item id -> {term as the clause writes it: term as this deal's documents print it}
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    # terms two owners define differently even after qualification: (term, owners)
    clashes: list[tuple[str, list[Owner]]] = field(default_factory=list)

    def rename(self, item_id: str, text: str) -> str:
        """A clause's rendered text with its terms named as this deal names them."""
        names = {k: v for k, v in self.names.get(item_id, {}).items() if k != v}
        if not names:
            return text
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
        return pattern.sub(lambda m: names[m.group(1)], text)


def defined_terms(facts: Facts) -> Terms:
    """Every clause-defined term of the deal, named so that no two meanings share a name."""
    owners: dict[str, list[Owner]] = {}
    for item in (*facts.deal.commitments, *facts.deal.remedies):
        clause = facts.clause(item)
        if clause is None:
            continue
        for term, source in clause.meta.defines.items():
            owners.setdefault(term, []).append(
                Owner(item, term, source, _qualifiers(facts, item), _key(facts, item, clause.id, source))
            )
    terms = Terms()
    qualified: set[str] = set()
    changed = True
    while changed:  # a term that mentions a qualified term is qualified with it
        changed = False
        for term, group in owners.items():
            if term in qualified:
                continue
            mentions = [t for t in qualified if re.search(rf"\b{re.escape(t)}\b", group[0].source)]
            if len({o.key for o in group}) > 1 or (mentions and len({o.item.id for o in group}) > 1):
                qualified.add(term)
                changed = True
    for term, group in owners.items():
        for owner in group:
            terms.names.setdefault(owner.item.id, {})[term] = term
        if term not in qualified:
            continue
        _qualify(term, group, terms)
    return terms


def _qualify(term: str, group: list[Owner], terms: Terms) -> None:
    for depth in range(1, 3):
        named: dict[str, set[str]] = {}
        for owner in group:
            named.setdefault(_name(term, owner, depth), set()).add(owner.key)
        if all(len(keys) == 1 for keys in named.values()):
            for owner in group:
                terms.names[owner.item.id][term] = _name(term, owner, depth)
            return
    by_name: dict[str, list[Owner]] = {}
    for owner in group:
        by_name.setdefault(_name(term, owner, 2), []).append(owner)
    for name, same in by_name.items():
        meanings = list(dict.fromkeys(o.key for o in same))
        if len(meanings) > 1:
            terms.clashes.append((term, same))
        for owner in same:
            n = meanings.index(owner.key) + 1
            terms.names[owner.item.id][term] = f"{name} {n}" if n > 1 else name


def _name(term: str, owner: Owner, depth: int) -> str:
    """The term after its party's name (depth 1), or after the item's own title where it
    has one (depth 2): "Company Research Programme", "Clinical Trials Research Programme"."""
    who, title = owner.qualifiers
    word = (title or who) if depth == 2 else who
    return f"{word} {term}" if word and word.casefold() not in term.casefold() else term


def _qualifiers(facts: Facts, item: Commitment | Remedy) -> tuple[str, ...]:
    if isinstance(item, Commitment):
        party = facts.parties.get(item.by)
        parties = [party] if party else []
    else:
        parties = [facts.parties[p] for p in facts.payment(item).payers]
    who = " and ".join(p.short_name.removeprefix("the ").removeprefix("The ") for p in parties)
    title = _title_case(item.title) if item.title else ""
    return (who, title)


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    words = text.split()
    return " ".join(w if (i and w.lower() in small) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _key(facts: Facts, item: Commitment | Remedy, clause_id: str, source: str) -> str:
    names = _variables(source)
    parts: list[object] = [clause_id, source]
    if "terms" in names or "variant" in names:
        parts += [item.variant, json.dumps(item.terms, sort_keys=True, default=str)]
    if names & _ITEM_VARS:
        parts.append(item.id)
    elif names & _PARTY_VARS and isinstance(item, Commitment):
        parts.append(item.by)
    return json.dumps(parts, default=str)


@lru_cache(maxsize=512)
def _variables(source: str) -> frozenset[str]:
    from jinja2 import meta

    from dealdocs.drafting import environment

    try:
        return frozenset(meta.find_undeclared_variables(environment().parse(source)))
    except Exception:  # a broken definition is reported where it is rendered
        return frozenset(_ITEM_VARS)
