"""What every cross-check sees: the deal, its source map, the clause library and the
lookups worked out once, so that each rule is one pass over the deal.

Rules never look anything up by scanning a list (`deal.party(id)` is linear); they use
the dictionaries here, built in one pass by `Context.build`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterator

from dealdocs.clauses import ClauseFile, Library, validate_terms
from dealdocs.clauseterms import TermProblem, TermSpec
from dealdocs.facts import Facts
from dealdocs.texts import free_texts, printed_clauses
from dealdocs.loader import Loaded
from dealdocs.model import Commitment, Deal, Party, Remedy
from dealdocs.source import Location, SourceMap
from dealdocs.thresholds import DEFAULT, Thresholds

if TYPE_CHECKING:
    from dealdocs.standards import Standards

# The clause a commitment uses when it names none, and whose wording is the commitment's
# own `text` (SPEC section 3).
OBLIGATION = "obligation"


# Each collection's role in the clause library.
ROLE_OF = {"commitments": "commitment", "remedies": "remedy"}


@dataclass(frozen=True)
class View:
    """An item's terms as one side has them: the agreed `terms`, or one party's position
    (SPEC section 8). The standards rules read each, so a position that concedes more
    than a standard allows is reported at the position."""

    values: dict[str, Any]  # typed terms this view states
    terms_at: tuple  # the path of its terms in the item, e.g. ("positions", 1, "terms")
    party: str | None = None  # whose position; None for the agreed terms

    @property
    def whose(self) -> str:
        """"" or " (position of 'dbt')", to follow the item in a message."""
        return f" (position of {self.party!r})" if self.party else ""


@dataclass
class Item:
    """A commitment or a remedy with its clause looked up and its terms typed."""

    kind: str  # "commitments" or "remedies"
    index: int
    model: Commitment | Remedy
    clause: ClauseFile | None  # None when the library has no such clause
    values: dict[str, Any] = field(default_factory=dict)  # typed working terms, defaults applied
    problems: list[TermProblem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def path(self) -> tuple:
        return (self.kind, self.index)

    def at(self, *rest: Any) -> tuple:
        """The path of something inside this item, e.g. `item.at("terms", "share")`."""
        return (self.kind, self.index, *rest)

    @property
    def clause_id(self) -> str:
        return self.model.clause

    @property
    def in_role(self) -> bool:
        """The clause exists and is meant for this kind of item."""
        return self.clause is not None and self.clause.meta.role == ROLE_OF[self.kind]

    @property
    def specs(self) -> dict[str, TermSpec]:
        return self.clause.meta.terms if self.clause is not None else {}

    @cached_property
    def leaves(self) -> list[tuple[TermSpec, Any, tuple]]:
        """Each scalar term value as written, with its spec and its path inside `terms`."""
        return list(term_leaves(self.specs, self.model.terms)) if self.clause is not None else []

    @cached_property
    def views(self) -> list[View]:
        """The agreed terms (defaults applied) and each party's position: for an item
        under negotiation, `terms` speaks only for the terms no position covers, and each
        position for the terms it proposes."""
        positions = self.model.positions
        if not positions or self.clause is None:
            return [View(self.values, ("terms",))]
        proposed = {key for p in positions for key in p.terms}
        out = [View({k: v for k, v in self.values.items() if k not in proposed}, ("terms",))]
        for k, position in enumerate(positions):
            values = validate_terms(self.clause, self.model.position_terms(position))[0]
            out.append(View({key: values[key] for key in position.terms if key in values},
                            ("positions", k, "terms"), position.party))
        return out

    def money_term(self, name: str) -> Decimal | None:
        """A typed money term of the clause, or None when absent, invalid or not money."""
        spec = self.specs.get(name)
        value = self.values.get(name)
        if spec is not None and spec.type == "money" and isinstance(value, Decimal):
            return value
        return None

    def int_term(self, name: str) -> int | None:
        value = self.values.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass
class Context:
    loaded: Loaded
    library: Library
    thresholds: Thresholds = DEFAULT
    # The standards the deal is held to (`extends:` or --standards); the DD2xx rules
    # report departures from them and say nothing when there are none.
    standards: Standards | None = None

    # Filled in by `build`.
    parties_by_id: dict[str, Party] = field(default_factory=dict)  # first occurrence
    party_index: dict[str, int] = field(default_factory=dict)
    party_occurrences: dict[str, list[int]] = field(default_factory=dict)
    commitments: list[Item] = field(default_factory=list)
    remedies: list[Item] = field(default_factory=list)
    commitments_by_id: dict[str, Item] = field(default_factory=dict)  # first occurrence
    remedies_by_id: dict[str, Item] = field(default_factory=dict)
    # Commitments and remedies share one id namespace: id -> paths, in file order.
    id_occurrences: dict[str, list[tuple]] = field(default_factory=dict)
    # remedy id -> [(commitment index, position in its `remedy:` list)]
    remedy_users: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # party id -> indices of the commitments it gives / receives
    given_by: dict[str, list[int]] = field(default_factory=dict)
    given_to: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, loaded: Loaded, library: Library, thresholds: Thresholds = DEFAULT) -> Context:
        ctx = cls(loaded, library, thresholds)
        deal = loaded.deal
        occurrences: dict[str, list[int]] = defaultdict(list)
        for k, party in enumerate(deal.parties):
            occurrences[party.id].append(k)
            ctx.parties_by_id.setdefault(party.id, party)
            ctx.party_index.setdefault(party.id, k)
        ctx.party_occurrences = dict(occurrences)

        ids: dict[str, list[tuple]] = defaultdict(list)
        users: dict[str, list[tuple[int, int]]] = defaultdict(list)
        given_by: dict[str, list[int]] = defaultdict(list)
        given_to: dict[str, list[int]] = defaultdict(list)
        for i, commitment in enumerate(deal.commitments):
            item = ctx._item("commitments", i, commitment)
            ctx.commitments.append(item)
            ctx.commitments_by_id.setdefault(commitment.id, item)
            ids[commitment.id].append(item.path)
            given_by[commitment.by].append(i)
            for party_id in dict.fromkeys(commitment.to):
                given_to[party_id].append(i)
            for j, remedy_id in enumerate(commitment.remedy):
                users[remedy_id].append((i, j))
        for k, remedy in enumerate(deal.remedies):
            item = ctx._item("remedies", k, remedy)
            ctx.remedies.append(item)
            ctx.remedies_by_id.setdefault(remedy.id, item)
            ids[remedy.id].append(item.path)
        ctx.id_occurrences = dict(ids)
        ctx.remedy_users = dict(users)
        ctx.given_by = dict(given_by)
        ctx.given_to = dict(given_to)
        return ctx

    def _item(self, kind: str, index: int, model: Commitment | Remedy) -> Item:
        clause = self.library.get(model.clause)
        item = Item(kind, index, model, clause)
        if clause is not None:
            item.values, item.problems = validate_terms(clause, model.working_terms)
        return item

    # --- the deal and its file ----------------------------------------------------

    @property
    def deal(self) -> Deal:
        return self.loaded.deal

    @property
    def source(self) -> SourceMap:
        return self.loaded.source

    @property
    def file(self) -> str:
        return self.source.file

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data

    def key(self, path: tuple) -> Location:
        """The place of the key introducing `path` (e.g. `tranches:`), for findings about
        a whole list or mapping rather than one of its entries."""
        return self.source.key_at(path)

    @cached_property
    def end_date(self) -> date:
        """The end of the deal's term (the model's `end_date`, safe near year 9999)."""
        try:
            return self.deal.deal.end_date
        except (ValueError, OverflowError):
            return date.max

    # --- lookups shared by several rules -------------------------------------------

    def remedies_of(self, item: Item) -> Iterator[tuple[int, Item]]:
        """The known remedies a commitment uses, with their position in its list."""
        for j, remedy_id in enumerate(item.model.remedy):
            remedy = self.remedies_by_id.get(remedy_id)
            if remedy is not None:
                yield j, remedy

    @cached_property
    def facts(self) -> Facts:
        """The deal's facts (support, who pays whom, totals), as every stage sees them."""
        return Facts.build(self.deal, self.library, self.thresholds)

    def amount_of(self, item: Item) -> Decimal | None:
        """A commitment's money figure (the one rule, in `Facts.amount`)."""
        return self.facts.amount(item.model) if isinstance(item.model, Commitment) else None

    @cached_property
    def texts(self) -> list[tuple[tuple, str]]:
        """Every piece of free text the deal's author wrote, with its path (`texts.free_texts`)."""
        return free_texts(self.data)

    @cached_property
    def used_clauses(self) -> list[ClauseFile]:
        """The clauses the document will print (`texts.printed_clauses`)."""
        return printed_clauses(self.deal, self.library)


def term_leaves(specs: dict[str, TermSpec], given: Any, path: tuple = ()) -> Iterator[tuple[TermSpec, Any, tuple]]:
    """Each scalar term value as written, with the spec that types it and its path.

    Walks lists and objects the way `validate_terms` does, so a percentage inside a
    clawback schedule row comes out as `(percent spec, "120%", ("schedule", 1, "percent"))`.
    Values the clause does not declare, and nulls, are skipped (DD113 reports those).
    """
    if not isinstance(given, dict):
        return
    for key, spec in specs.items():
        value = given.get(key)
        if value is not None:
            yield from _leaves(spec, value, (*path, key))


def _leaves(spec: TermSpec, value: Any, path: tuple) -> Iterator[tuple[TermSpec, Any, tuple]]:
    if spec.type == "list" and spec.items is not None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is not None:
                    yield from _leaves(spec.items, item, (*path, i))
        elif spec.items.type in {"text", "commitment"} and isinstance(value, str | int | float):
            yield from _leaves(spec.items, value, path)  # a list of one, written bare
    elif spec.type == "object":
        yield from term_leaves(spec.fields, value, path)
    else:
        yield spec, value, path
