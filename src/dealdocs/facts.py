"""The deal's facts, worked out once, for every stage to read.

A draft must never state what the deal does not support, and two stages must never
work a fact out two ways. So the checks, the assembler, the register, the standards and
the batch dashboard all ask this index:

- a commitment's money figure (`amount`: its `amount:`, else its clause's money
  `amount` term);
- the Support in the deal: who gives money or land to whom, under which commitment
  (`support`, `support_to`);
- which commitments each remedy protects, and who pays whom under it (`payment`):
  a clawback is repaid by the obligor of the protected commitment to the parties that
  gave it Support; profit-sharing is paid by the receiver of the protected land or
  money to its giver; a payment in lieu goes to the protected commitment's
  counterparties (SPEC section 7);
- public support per investor against the Subsidy Control Act thresholds
  (`subsidy_totals`, `referrals`);
- the public and private totals.

Dates live in `dealdocs.dates`; the defined terms and their owners in
`dealdocs.terms`, which builds on this index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from dealdocs.clauses import ClauseFile, Library, validate_terms
from dealdocs.model import GRANTING_ROLES, Commitment, Deal, Party, Remedy, Role
from dealdocs.thresholds import DEFAULT, Thresholds


# A tranche whose condition is signature is paid before any output is delivered: an
# advance, not a payment in arrears, and the documents must say so.
_ADVANCE = re.compile(r"\b(signature|signing|signed|execution|on exchange)\b", re.IGNORECASE)


def is_advance(condition: str) -> bool:
    """A tranche paid on signature (an advance) rather than against a delivered output."""
    return bool(_ADVANCE.search(condition))


@dataclass(frozen=True)
class Support:
    """Money or land that one party gives others under a commitment."""

    commitment: Commitment
    giver: str
    receivers: tuple[str, ...]
    kind: str  # "money" or "land"
    amount: Decimal | None  # the money given (None for land, or money with no figure)
    value: Decimal | None  # its value as public support: the money, or a land undervalue


@dataclass(frozen=True)
class Payment:
    """Who pays whom under one remedy, from the deal's facts."""

    remedy: Remedy
    kind: str | None  # the clause's `pays:`: support, uplift, counterparties or None
    protected: tuple[Commitment, ...]
    payers: tuple[str, ...] = ()
    payees: tuple[str, ...] = ()
    support: tuple[Support, ...] = ()  # what is recovered (clawback) or shared (uplift)
    # Protected commitments the remedy has nothing to act on: an obligor that receives
    # no Support (clawback), a commitment that gives no land or money (profit-sharing).
    empty: tuple[Commitment, ...] = ()


@dataclass
class Facts:
    deal: Deal
    library: Library
    thresholds: Thresholds = DEFAULT
    parties: dict[str, Party] = field(default_factory=dict)  # first occurrence of each id
    commitments: dict[str, Commitment] = field(default_factory=dict)
    remedies: dict[str, Remedy] = field(default_factory=dict)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # typed terms, by item id

    @classmethod
    def build(cls, deal: Deal, library: Library, thresholds: Thresholds = DEFAULT) -> Facts:
        facts = cls(deal, library, thresholds)
        for party in deal.parties:
            facts.parties.setdefault(party.id, party)
        for item in (*deal.commitments, *deal.remedies):
            clause = library.get(item.clause)
            if item.id not in facts.values and clause is not None:
                facts.values[item.id] = validate_terms(clause, item.terms)[0]
        for commitment in deal.commitments:
            facts.commitments.setdefault(commitment.id, commitment)
        for remedy in deal.remedies:
            facts.remedies.setdefault(remedy.id, remedy)
        return facts

    # --- parties ------------------------------------------------------------------

    def is_public(self, party_id: str) -> bool:
        party = self.parties.get(party_id)
        return party is not None and party.role.is_public

    def grants(self, party_id: str) -> bool:
        """The party's support to an investor is public support (subsidy control)."""
        party = self.parties.get(party_id)
        return party is not None and party.role in GRANTING_ROLES

    def is_investor(self, party_id: str) -> bool:
        party = self.parties.get(party_id)
        return party is not None and party.role == Role.INVESTOR

    # --- money ------------------------------------------------------------------------

    def clause(self, item: Commitment | Remedy) -> ClauseFile | None:
        return self.library.get(item.clause)

    def money_term(self, item: Commitment | Remedy, name: str) -> Decimal | None:
        """A typed money term of the item's clause, or None when absent or not money."""
        clause = self.clause(item)
        spec = clause.meta.terms.get(name) if clause else None
        value = self.values.get(item.id, {}).get(name)
        if spec is not None and spec.type == "money" and isinstance(value, Decimal):
            return value
        return None

    def amount(self, commitment: Commitment) -> Decimal | None:
        """A commitment's money figure: its `amount`, else its clause's money `amount` term."""
        if commitment.amount is not None:
            return commitment.amount
        return self.money_term(commitment, "amount")

    def totals(self) -> tuple[Decimal, Decimal]:
        """(public funding, private investment): money figures given by granting bodies
        and by investors, across the deal."""
        public = private = Decimal(0)
        for c in self.deal.commitments:
            figure = self.amount(c)
            if figure is None:
                continue
            if self.grants(c.by):
                public += figure
            elif self.is_investor(c.by):
                private += figure
        return public, private

    # --- support --------------------------------------------------------------------

    @cached_property
    def support(self) -> list[Support]:
        """Every commitment that gives money or land, in file order.

        Money and land by their clause (`gives:` in its front matter: funding,
        infrastructure, land transfer), and any other commitment with a money figure
        given by a public party.
        """
        out: list[Support] = []
        for c in self.deal.commitments:
            clause = self.clause(c)
            kind = clause.meta.gives if clause is not None else None
            figure = self.amount(c)
            if kind is None and figure is not None and self.is_public(c.by):
                kind = "money"
            if kind is None:
                continue
            value = figure if kind == "money" else self._undervalue(c)
            receivers = tuple(p for p in dict.fromkeys(c.to) if p != c.by)
            out.append(Support(c, c.by, receivers, kind, figure if kind == "money" else None, value))
        return out

    def _undervalue(self, c: Commitment) -> Decimal | None:
        worth, price = self.money_term(c, "market_value"), self.money_term(c, "consideration")
        if worth is not None and price is not None and worth > price:
            return worth - price
        return None

    def support_to(self, party_id: str) -> list[Support]:
        return [s for s in self.support if party_id in s.receivers]

    def support_of(self, commitment_id: str) -> Support | None:
        return next((s for s in self.support if s.commitment.id == commitment_id), None)

    # --- remedies ---------------------------------------------------------------------

    @cached_property
    def _protected(self) -> dict[str, list[Commitment]]:
        out: dict[str, list[Commitment]] = {}
        for c in self.deal.commitments:
            for remedy_id in dict.fromkeys(c.remedy):
                out.setdefault(remedy_id, []).append(c)
        return out

    def protected(self, remedy_id: str) -> list[Commitment]:
        """The commitments that use a remedy, in file order."""
        return self._protected.get(remedy_id, [])

    def payment(self, remedy: Remedy) -> Payment:
        """Who pays whom under `remedy`, and what it recovers or shares."""
        clause = self.clause(remedy)
        kind = clause.meta.pays if clause is not None else None
        protected = tuple(self.protected(remedy.id))
        obligors = tuple(dict.fromkeys(c.by for c in protected if c.by in self.parties))
        if kind == "support":
            support = tuple(s for s in self.support if any(o in s.receivers for o in obligors))
            empty = tuple(c for c in protected if not self.support_to(c.by))
            payees = tuple(dict.fromkeys(s.giver for s in support if s.giver in self.parties))
            return Payment(remedy, kind, protected, obligors, payees, support, empty)
        if kind == "uplift":
            given = [(c, self.support_of(c.id)) for c in protected]
            support = tuple(s for _, s in given if s is not None)
            empty = tuple(c for c, s in given if s is None)
            payers = tuple(dict.fromkeys(p for s in support for p in s.receivers if p in self.parties))
            payees = tuple(dict.fromkeys(s.giver for s in support if s.giver in self.parties))
            return Payment(remedy, kind, protected, payers, payees, support, empty)
        counterparties = tuple(dict.fromkeys(p for c in protected for p in c.to if p in self.parties))
        return Payment(remedy, kind, protected, obligors, counterparties)

    # --- subsidy control -------------------------------------------------------------

    @cached_property
    def subsidy_totals(self) -> dict[str, tuple[Decimal, list[str]]]:
        """Public support to each investor: its total and the commitments it comes from.

        Every Support given by a granting body counts in full towards each investor it
        is given to: the money, or for land the undervalue (land sold cheaply is
        support too).
        """
        out: dict[str, tuple[Decimal, list[str]]] = {}
        for s in self.support:
            if not self.grants(s.giver) or not s.value:
                continue
            for receiver in s.receivers:
                if self.is_investor(receiver):
                    total, sources = out.get(receiver, (Decimal(0), []))
                    out[receiver] = (total + s.value, [*sources, s.commitment.id])
        return out

    @cached_property
    def sensitive(self) -> bool:
        """A Subsidy Control Act sensitive sector: `sensitive_sector`, else the older
        `x-sensitive-sector` flag, else a sensitive word in `sector`."""
        info = self.deal.deal
        if info.sensitive_sector is not None:
            return True
        for extensions in (info.extensions, self.deal.extensions):
            flag = extensions.get("x-sensitive-sector")
            if isinstance(flag, bool):
                return flag
        sector = info.sector.lower().replace("-", " ").replace("_", " ")
        return any(re.search(rf"\b{re.escape(w)}\b", sector) for w in self.thresholds.sensitive_sector_keywords)

    @property
    def referral_threshold(self) -> Decimal:
        t = self.thresholds
        return t.sensitive_subsidy_referral if self.sensitive else t.subsidy_referral

    @cached_property
    def referrals(self) -> dict[str, tuple[Decimal, list[str]]]:
        """The investors whose public support is a subsidy of particular interest, to be
        referred to the Subsidy Advice Unit before it is given."""
        limit = self.referral_threshold
        return {k: v for k, v in self.subsidy_totals.items() if v[0] > limit}
