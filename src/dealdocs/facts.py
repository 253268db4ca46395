"""The deal's facts, worked out once, for every stage to read.

A draft must never state what the deal does not support, and two stages must never
work a fact out two ways. So the checks, the assembler, the register, the standards and
the batch dashboard all ask this index:

- a commitment's money figure (`amount`: its `amount:`, else its clause's money
  `amount` term);
- the Support in the deal: who gives money or land to whom, under which commitment
  (`support`, `support_to`). Support is received only by the parties that actually
  receive it (`recipients`): a commitment given to several parties does not give its
  money, land or works to each of them (a skills grant to a college "and" the investor
  funds the college; road works for a district council "and" the company are public
  infrastructure; a government department named on a council's grant oversees it).
  That one rule decides what a clawback recovers from each obligor and what counts
  towards each investor's subsidy total (DD117);
- which commitments each remedy protects, and who pays whom under it (`payment`):
  a clawback is repaid by the obligor of the protected commitment to the parties that
  gave it Support, and recovers only Support that obligor received; profit-sharing is
  paid by the receiver of the protected land or money to its giver, on its triggers,
  and is not a remedy for the giver's failure; a payment in lieu goes to the protected
  commitment's counterparties (SPEC section 7); whether a remedy acts on a commitment
  at all (`acts_on`: a withholding clause acts only on the commitments its tranches
  depend on);
- whether a commitment maintains what already exists (`maintained`: safeguarded jobs),
  so that its due date is when it is first shown to be met, not a deadline;
- public support per investor against the Subsidy Control Act thresholds
  (`subsidy_totals`, `referrals`: `dealdocs.subsidy`, on which `Facts` is built);
- the public and private totals.

The answers' types, `Support` and `Payment`, are in `dealdocs.facttypes`. Dates live in
`dealdocs.dates`; the defined terms and their owners in `dealdocs.terms`, which builds on
this index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from dealdocs.clauses import ClauseFile, Library, validate_terms
from dealdocs.facttypes import Payment, Support
from dealdocs.model import GRANTING_ROLES, Commitment, Deal, Party, Remedy, Role
from dealdocs.subsidy import SubsidyControl
from dealdocs.thresholds import DEFAULT, Thresholds


# A tranche whose condition is signature is paid before any output is delivered: an
# advance, not a payment in arrears, and the documents must say so.
_ADVANCE = re.compile(r"\b(signature|signing|signed|execution|on exchange)\b", re.IGNORECASE)


def is_advance(condition: str) -> bool:
    """A tranche paid on signature (an advance) rather than against a delivered output."""
    return bool(_ADVANCE.search(condition))


@dataclass
class Facts(SubsidyControl):
    deal: Deal
    library: Library
    thresholds: Thresholds = DEFAULT
    parties: dict[str, Party] = field(default_factory=dict)  # first occurrence of each id
    commitments: dict[str, Commitment] = field(default_factory=dict)
    remedies: dict[str, Remedy] = field(default_factory=dict)
    # Typed terms by item id: an item under negotiation is read at its working terms
    # (`terms`, then its first position for what `terms` leaves open).
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, deal: Deal, library: Library, thresholds: Thresholds = DEFAULT) -> Facts:
        facts = cls(deal, library, thresholds)
        for party in deal.parties:
            facts.parties.setdefault(party.id, party)
        for item in (*deal.commitments, *deal.remedies):
            clause = library.get(item.clause)
            if item.id not in facts.values and clause is not None:
                facts.values[item.id] = validate_terms(clause, item.working_terms)[0]
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

    def control_percent(self, party_id: str) -> Decimal | None:
        """The change-of-control test the deal agrees for `party_id`: the share of voting
        rights its commitments name (`change_of_control_percent`, as the IP retention
        clause takes it), where they name one figure; else None, and the clauses use
        control within section 1124 of the Corporation Tax Act 2010. One test for a
        party throughout the documents: the clawback's change of control is the IP
        clause's."""
        named = {self.values.get(c.id, {}).get("change_of_control_percent")
                 for c in self.deal.commitments if c.by == party_id} - {None}
        return named.pop() if len(named) == 1 else None

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

        Its receivers are the parties that actually receive it, of those it is given to
        (`recipients`). The others never received it, so a clawback does not recover it
        from them and it does not count towards their subsidy totals.
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
            if kind == "money" and clause is not None and (c.variant or clause.variant) in clause.meta.lent_in:
                kind = "loan"
            value = self._undervalue(c) if kind == "land" else figure
            receivers = self.recipients(c)
            out.append(Support(c, c.by, receivers, kind, None if kind == "land" else figure, value))
        return out

    def recipients(self, c: Commitment) -> tuple[str, ...]:
        """The parties that actually receive what `c` gives, of those it is given to.

        One party named: it receives. Several named:
        - infrastructure works given to a public party as well as to others are public
          infrastructure, received by the public parties (an investor named alongside a
          highway authority uses the road, it is not given it);
        - otherwise a granting body (government, a council or authority, a public body)
          named alongside others is a party to the commitment, not its recipient (the
          Secretary of State named on a council's skills grant to the investor);
        - and of the rest, where a public party (a college, a university) is named with
          an investor, the public party receives the money or land (a skills grant to
          the college and the investor funds the college's programme).
        """
        named = tuple(p for p in dict.fromkeys(c.to) if p != c.by)
        if len(named) <= 1:
            return named
        clause = self.clause(c)
        public = tuple(p for p in named if self.is_public(p))
        if clause is not None and clause.id == "infrastructure" and public:
            return public
        named = tuple(p for p in named if not self.grants(p)) or named
        public = tuple(p for p in named if self.is_public(p))
        return public if public and len(public) < len(named) else named

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

    def tranche_milestones(self, remedy: Remedy) -> set[str]:
        """The protected commitments on which some tranche of the deal depends."""
        protected = {c.id for c in self.protected(remedy.id)}
        return {t.milestone for c in self.deal.commitments for t in c.tranches if t.milestone in protected}

    def acts_on(self, remedy: Remedy, commitment: Commitment) -> bool:
        """Whether `remedy` does anything if `commitment` is not met.

        A withholding clause with tranches that depend on some of its commitments
        withholds those tranches only: it does nothing for a commitment no tranche
        depends on (without any such tranche it withholds whatever payment is conditional
        on the commitment, and so acts on each). Every other remedy acts on the
        commitments that use it.
        """
        if remedy.clause == "withhold-tranche":
            milestones = self.tranche_milestones(remedy)
            return not milestones or commitment.id in milestones
        return True

    def maintained(self, commitment: Commitment) -> bool:
        """A commitment to keep something that already exists for a period (jobs with
        `basis: safeguarded`): it is met throughout the period, so its due date is the
        date by which it is first shown to be met, never a date to "meet it by"."""
        clause = self.clause(commitment)
        return (clause is not None and clause.id == "jobs"
                and self.values.get(commitment.id, {}).get("basis") == "safeguarded")

    def payment(self, remedy: Remedy) -> Payment:
        """Who pays whom under `remedy`, and what it recovers or shares."""
        clause = self.clause(remedy)
        kind = clause.meta.pays if clause is not None else None
        protected = tuple(self.protected(remedy.id))
        obligors = tuple(dict.fromkeys(c.by for c in protected if c.by in self.parties))
        if kind == "support":  # what was given: a loan is repaid under its own terms, not clawed back
            support = tuple(s for s in self.support if s.kind != "loan" and any(o in s.receivers for o in obligors))
            empty = tuple(c for c in protected if not [s for s in self.support_to(c.by) if s.kind != "loan"])
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

    # --- conditions precedent ------------------------------------------------------------

    @cached_property
    def planning_conditions(self) -> list[Commitment]:
        """The planning commitments, whose permission is a condition precedent of the Full
        Agreement (the conditions clause says so; DD135 checks it can be met in time)."""
        return [c for c in self.deal.commitments if c.clause == "planning-support"]
