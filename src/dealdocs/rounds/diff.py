"""What changed between two rounds of a deal, by meaning rather than by line.

Items are matched by id (parties, commitments, remedies), definitions by term and
conditions by text, and values are compared as the deal means them: `£120m` and
`£120,000,000` are the same figure, a term left to its clause's default is that default.
Each change names its line in NEW (or in OLD, for what was removed), so a negotiator can
find it; `md` is ready to paste into an email to the other side.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dealdocs.clauses import Library, validate_terms
from dealdocs.clauseterms import TermSpec
from dealdocs.loader import Loaded
from dealdocs.model import Commitment, Deal, Remedy
from dealdocs.termvalues import show

# Model fields printed as money, and the fields each kind of item compares in its own way.
_MONEY = {"amount"}
_SPECIAL = {"id", "terms", "tranches", "positions", "notes", "status", "proposed_by"}


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed" or "changed"
    section: str  # deal, parties, commitments, remedies, definitions, conditions
    item: str  # the id (a term, a condition's text); "" for the deal itself
    label: str  # how a reader knows the item: "Funding (capital-grant)"
    field: str  # what changed inside it: "terms.amount", "due"; "" for the whole item
    old: str | None
    new: str | None
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        what = " ".join(x for x in (self.kind, _SINGULAR[self.section], self.label, self.field) if x)
        if self.kind == "changed":
            return f"{where}: {what}: {self.old} -> {self.new}"
        value = self.new if self.kind == "added" else self.old
        return f"{where}: {what}" + (f": {value}" if value and self.field else "")


_SINGULAR = {"deal": "deal", "parties": "party", "commitments": "commitment", "remedies": "remedy",
             "definitions": "definition", "conditions": "condition"}


@dataclass
class Round:
    """One deal file as the diff reads it: the deal, where each value is, its clauses."""

    loaded: Loaded
    library: Library

    @property
    def deal(self) -> Deal:
        return self.loaded.deal

    def at(self, path: tuple, *, key: bool = False) -> tuple[str, int, int]:
        source = self.loaded.source
        place = source.key_at(path) if key else source.at(path)
        return place.file, place.line, place.column


def read_round(path: str | Path) -> Round:
    """A deal file and the clause library it is drafted from (with its standards')."""
    from dealdocs.loader import load
    from dealdocs.standards import apply_standards, library_with, standards_for

    loaded = load(path)
    adopted = standards_for(loaded, None)
    library = library_with(loaded, adopted)
    if adopted is not None:
        loaded = apply_standards(loaded, adopted, library)
    return Round(loaded, library)


def diff(old: Round, new: Round) -> list[Change]:
    """Every change from OLD to NEW, in NEW's order (removals where they stood in OLD)."""
    return [*_deal(old, new), *_parties(old, new), *_items(old, new, "commitments"), *_items(old, new, "remedies"),
            *_definitions(old, new), *_conditions(old, new)]


def _deal(old: Round, new: Round) -> Iterator[Change]:
    before, after = old.deal.deal.model_dump(), new.deal.deal.model_dump()
    for key, value in after.items():
        if before.get(key) != value:
            yield _changed("deal", "", "", key, show(before.get(key)), show(value), new, ("deal", key))


def _parties(old: Round, new: Round) -> Iterator[Change]:
    before, after = _by_id(old.deal.parties), _by_id(new.deal.parties)
    for pid, (i, party) in after.items():
        label = f"{party.name} ({pid})"
        if pid not in before:
            yield Change("added", "parties", pid, label, "", None, party.name, *new.at(("parties", i)))
            continue
        was = before[pid][1].model_dump()
        for key, value in party.model_dump().items():
            if was.get(key) != value:
                yield _changed("parties", pid, label, key, show(was.get(key)), show(value), new, ("parties", i, key))
    for pid, (i, party) in before.items():
        if pid not in after:
            yield Change("removed", "parties", pid, f"{party.name} ({pid})", "", party.name, None, *old.at(("parties", i)))


def _items(old: Round, new: Round, kind: str) -> Iterator[Change]:
    before, after = _by_id(getattr(old.deal, kind)), _by_id(getattr(new.deal, kind))
    for item_id, (i, item) in after.items():
        if item_id not in before:
            yield Change("added", kind, item_id, _label(new, item), "", None, _summary(new, item), *new.at((kind, i)))
            continue
        yield from _item(old, new, kind, before[item_id], (i, item))
    for item_id, (i, item) in before.items():
        if item_id not in after:
            yield Change("removed", kind, item_id, _label(old, item), "", _summary(old, item), None, *old.at((kind, i)))


def _by_id(items: list) -> dict[str, tuple[int, Any]]:
    """Each id's first occurrence, with its index, in file order."""
    out: dict[str, tuple[int, Any]] = {}
    for i, x in enumerate(items):
        out.setdefault(x.id, (i, x))
    return out


def _item(old: Round, new: Round, kind: str, was: tuple[int, Any], now: tuple[int, Any]) -> Iterator[Change]:
    (_, before), (i, after) = was, now
    label = _label(new, after)

    def changed(field: str, a: str, b: str, path: tuple) -> Change:
        return _changed(kind, after.id, label, field, a, b, new, (kind, i, *path))

    if before.state != after.state:
        yield changed("status", _state(old, before), _state(new, after), ("status",))
    plain_before, plain_after = before.model_dump(), after.model_dump()
    for key in plain_after:
        if key in _SPECIAL or plain_before.get(key) == plain_after[key]:
            continue
        money = "money" if key in _MONEY else ""
        yield changed(key, show(getattr(before, key), kind=money), show(getattr(after, key), kind=money), (key,))
    old_terms, new_terms = _open_terms(old, before), _open_terms(new, after)
    for key in dict.fromkeys([*new_terms, *old_terms]):
        a, b = old_terms.get(key, "—"), new_terms.get(key, "—")
        if a != b:
            yield changed(f"terms.{key}", a, b, ("terms", key) if key in after.terms else ("positions",))
    if isinstance(after, Commitment) and before.tranches != after.tranches:
        yield changed("tranches", _tranches(before), _tranches(after), ("tranches",))
    a_pos, b_pos = _positions(old, before), _positions(new, after)
    if a_pos != b_pos and before.positions and after.positions:  # settled or opened: said term by term
        yield changed("positions", a_pos, b_pos, ("positions",))
    a_notes, b_notes = _notes(old, before), _notes(new, after)
    if a_notes != b_notes:
        yield changed("notes", a_notes or "none", b_notes or "none", ("notes",))


def _definitions(old: Round, new: Round) -> Iterator[Change]:
    before, after = old.deal.definitions, new.deal.definitions
    for term, text in after.items():
        if term not in before:
            yield Change("added", "definitions", term, f"“{term}”", "", None, show(text), *new.at(("definitions", term)))
        elif before[term] != text:
            yield _changed("definitions", term, f"“{term}”", "", show(before[term]), show(text), new,
                           ("definitions", term))
    for term, text in before.items():
        if term not in after:
            yield Change("removed", "definitions", term, f"“{term}”", "", show(text), None,
                         *old.at(("definitions", term)))


def _conditions(old: Round, new: Round) -> Iterator[Change]:
    before, after = old.deal.conditions, new.deal.conditions
    for i, text in enumerate(after):
        if text not in before:
            yield Change("added", "conditions", text, show(text), "", None, show(text), *new.at(("conditions", i)))
    for i, text in enumerate(before):
        if text not in after:
            yield Change("removed", "conditions", text, show(text), "", show(text), None, *old.at(("conditions", i)))


# --- how an item reads ------------------------------------------------------------------


def _changed(section: str, item: str, label: str, field: str, a: str, b: str, new: Round, path: tuple) -> Change:
    return Change("changed", section, item, label, field, a, b, *new.at(path))


def _label(round_: Round, item: Commitment | Remedy) -> str:
    clause = round_.library.get(item.clause)
    title = item.title or (clause.meta.title if clause is not None else item.clause)
    return f"{title} ({item.id})"


def _summary(round_: Round, item: Commitment | Remedy) -> str:
    """An added or removed item in a line: who gives what to whom, and its terms."""
    specs = _specs(round_, item)
    terms = "; ".join(f"{k.replace('_', ' ')}: {show(v, specs.get(k))}" for k, v in _given(round_, item).items())
    if isinstance(item, Commitment):
        head = f"by the {_party(round_, item.by)}" + (
            f" to {' and '.join('the ' + _party(round_, p) for p in item.to)}" if item.to else "")
        return f"{head}, clause {item.clause}" + (f"; {terms}" if terms else "")
    return f"clause {item.clause}" + (f"; {terms}" if terms else "")


def _specs(round_: Round, item: Commitment | Remedy) -> dict[str, TermSpec]:
    clause = round_.library.get(item.clause)
    return clause.meta.terms if clause is not None else {}


def _typed(round_: Round, item: Commitment | Remedy) -> dict[str, Any]:
    """The item's agreed terms, typed by its clause, defaults included."""
    clause = round_.library.get(item.clause)
    return validate_terms(clause, item.terms)[0] if clause is not None else dict(item.terms)


def _given(round_: Round, item: Commitment | Remedy) -> dict[str, Any]:
    typed = _typed(round_, item)
    return {k: typed.get(k, v) for k, v in item.terms.items()}


def _open_terms(round_: Round, item: Commitment | Remedy) -> dict[str, str]:
    """Each term as it reads: its agreed value, or for a term under negotiation each
    party's, "open: £120,000,000 (Company) / £90,000,000 (Secretary of State)"."""
    specs = _specs(round_, item)
    out = {k: show(v, specs.get(k)) for k, v in _typed(round_, item).items()}
    clause = round_.library.get(item.clause)
    for key in dict.fromkeys(k for p in item.positions for k in p.terms):
        sides = []
        for p in item.positions:
            if key in p.terms:
                typed = validate_terms(clause, item.position_terms(p))[0] if clause is not None else p.terms
                sides.append(f"{show(typed.get(key, p.terms[key]), specs.get(key))} ({_party(round_, p.party)})")
        out[key] = "open: " + " / ".join(sides)
    return out


def _state(round_: Round, item: Commitment | Remedy) -> str:
    if item.state.value == "proposed" and item.proposed_by:
        return f"proposed by {_party(round_, item.proposed_by)}"
    return item.state.value


def _party(round_: Round, party_id: str) -> str:
    """A party as the documents name it: its defined term ("Secretary of State")."""
    party = round_.deal.party(party_id)
    return party.short_name.removeprefix("the ") if party is not None else party_id


def _tranches(item: Commitment) -> str:
    return "; ".join(f"{show(t.amount, kind='money')} on {t.condition}" + (f" (due {show(t.due)})" if t.due else "")
                     for t in item.tranches) or "none"


def _positions(round_: Round, item: Commitment | Remedy) -> str:
    clause = round_.library.get(item.clause)
    specs = clause.meta.terms if clause is not None else {}
    out = []
    for p in item.positions:
        typed = validate_terms(clause, item.position_terms(p))[0] if clause is not None else p.terms
        terms = ", ".join(f"{k.replace('_', ' ')} {show(typed.get(k, v), specs.get(k))}" for k, v in p.terms.items())
        out.append(f"{_party(round_, p.party)}: {terms}" + (f" ({show(p.note)})" if p.note else ""))
    return "; ".join(out)


def _notes(round_: Round, item: Commitment | Remedy) -> str:
    return "; ".join(f"{_party(round_, n.by)}: {show(n.text)}" for n in item.notes)
