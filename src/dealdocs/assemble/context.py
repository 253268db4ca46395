"""What the clauses of one deal see: party views, commitment views, anchors, terms.

Built once per deal and shared by the heads of terms and the term sheet, so a clause's
text is worked out the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dealdocs.assemble.positions import merge
from dealdocs.assemble.views import CommitmentView, SupportView, TrancheView
from dealdocs.clausefilters import PartyList, PartyView
from dealdocs.clausemarkup import ref, scrub, to_blocks
from dealdocs.clauses import ClauseFile, Library, validate_terms
from dealdocs.drafting import render_text
from dealdocs.errors import InputError, Problem
from dealdocs.facts import Facts, is_advance
from dealdocs.model import Commitment, Deal, Remedy, Status
from dealdocs.subsidy import subsidy_rules
from dealdocs.terms import Terms, defined_terms
from dealdocs.tree import Block


def commitment_anchor(commitment_id: str) -> str:
    return f"c-{commitment_id}"


def remedy_anchor(remedy_id: str) -> str:
    return f"r-{remedy_id}"


def standard_anchor(clause_id: str) -> str:
    return f"s-{clause_id}"


@dataclass
class DealContext:
    deal: Deal
    library: Library
    file: str
    facts: Facts
    terms: Terms = field(default_factory=Terms)
    parties: dict[str, PartyView] = field(default_factory=dict)
    commitments: dict[str, CommitmentView] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    _variants: dict[tuple, DealContext] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, deal: Deal, library: Library, file: str) -> DealContext:
        facts = Facts.build(deal, library)
        ctx = cls(deal, library, file, facts, defined_terms(facts))
        ctx.parties = {p.id: PartyView(p) for p in deal.parties}
        for c in deal.commitments:
            clause = library.get(c.clause)
            title = c.title or (clause.meta.title if clause else c.clause)
            if not c.title and c.clause == "obligation" and c.by in ctx.parties:
                title = f"Undertaking of {ctx.parties[c.by].term}"  # "Commitment" names nothing
            ctx.commitments[c.id] = CommitmentView(
                id=c.id,
                title=title,
                ref=ref(commitment_anchor(c.id), title),
                obligor=ctx.party(c.by),
                counterparties=ctx.party_list(c.to),
                amount=c.amount,
                due=c.due,
                clause=c.clause,
                text=scrub(c.text),
                tranches=[scrub({**t.model_dump(), "advance": is_advance(t.condition)}) for t in c.tranches],
                terms=scrub(facts.values.get(c.id, {})),
                long_stop=c.long_stop,
                variant=c.variant or (clause.variant if clause else "") or "",
            )
        info = deal.deal
        ctx.base = {
            "deal": scrub({
                "id": info.id,
                "title": info.title,
                "zone": info.zone,
                "sector": info.sector,
                "date": info.date,
                "end_date": info.end_date,
                "term_years": info.term_years,
                "governing_law": info.governing_law.value,
                "exclusivity_until": info.exclusivity_until,
                "lapse_date": info.lapse_date,
                "target_date": info.target_date,
                "round": info.round,
                "sensitive_sector": info.sensitive_sector.value if info.sensitive_sector else None,
                "conditions": list(deal.conditions),
                "status": info.status.value,
                "definitions": sorted(deal.definitions),
            }),
            "parties": PartyList(ctx.parties.values()),
            "public_parties": PartyList(p for p in ctx.parties.values() if p.is_public),
            "investors": PartyList(p for p in ctx.parties.values() if p.role == "investor"),
            "commitment_by_id": ctx.commitment_view,
            # Subsidy control, from the facts DD117 reads: the investors whose support is a
            # subsidy of particular interest, and whether the sector is a sensitive one.
            "referrals": ctx.party_list(list(facts.referrals)),
            "sensitive": facts.sensitive,
            "subsidy_rules": subsidy_rules(info.governing_law.value),
            "conditions_ref": ref("conditions", "Conditions precedent"),
        }
        return ctx

    # Lookups that tolerate a forced build of a deal with dangling ids.

    def party(self, party_id: str) -> PartyView:
        found = self.parties.get(party_id)
        if found is None:
            raise InputError([Problem(self.file, 0, 0, f"unknown party {party_id!r}")])
        return found

    def party_list(self, ids: list[str]) -> PartyList:
        return PartyList(self.parties[i] for i in ids if i in self.parties)

    def commitment_view(self, commitment_id: str) -> CommitmentView:
        found = self.commitments.get(commitment_id)
        if found is None:
            raise InputError([Problem(self.file, 0, 0, f"unknown commitment {commitment_id!r}")])
        return found

    def clause(self, clause_id: str, role: str) -> ClauseFile:
        clause = self.library.get(clause_id)
        if clause is None or clause.meta.role != role:
            raise InputError([Problem(self.file, 0, 0, f"no {role} clause {clause_id!r} in the clause library")])
        return clause

    # Context for each kind of clause.

    def _context(self, clause: ClauseFile, terms: dict[str, Any], variant: str | None, anchor: str) -> dict:
        values, problems = validate_terms(clause, scrub(terms))
        if problems:
            where = ", ".join(f"{'.'.join(map(str, p.path)) or 'terms'}: {p.message}" for p in problems)
            raise InputError([Problem(self.file, 0, 0, f"clause {clause.id!r}: {where}")])
        return {
            **self.base,
            "terms": values,
            "variant": variant or clause.variant,
            "self_ref": ref(anchor, clause.meta.title),
        }

    def commitment_context(self, commitment: Commitment, clause: ClauseFile) -> dict:
        anchor = commitment_anchor(commitment.id)
        view = self.commitments[commitment.id]
        return {
            **self._context(clause, commitment.working_terms, commitment.variant, anchor),
            "obligor": view.obligor,
            "counterparties": view.counterparties,
            "commitment": view,
        }

    def remedy_context(self, remedy: Remedy, clause: ClauseFile) -> dict:
        protected = [self.commitments[c.id] for c in self.deal.commitments if remedy.id in c.remedy]
        payment = self.facts.payment(remedy)
        # Support to the obligors of the protected commitments: what a clawback
        # recovers, and what may be withheld.
        obligors = {c.by for c in payment.protected}
        received = [s for s in self.facts.support if obligors & set(s.receivers)]
        protected_ids = {c.id for c in protected}
        linked = [
            TrancheView(
                amount=t.amount,
                condition=scrub(t.condition),
                milestone=t.milestone,
                due=t.due,
                funder=self.party(c.by),
                recipient=self.party_list(c.to),
                commitment=self.commitments.get(t.milestone),
            )
            for c in self.deal.commitments
            for t in c.tranches
            if t.milestone in protected_ids
        ]
        control = {self.facts.control_percent(p) for p in payment.payers}
        return {
            **self._context(clause, remedy.working_terms, remedy.variant, remedy_anchor(remedy.id)),
            "control_percent": control.pop() if len(control) == 1 else None,  # Facts.control_percent
            "protected": protected,
            "obligors": PartyList(dict.fromkeys(v.obligor for v in protected)),
            "beneficiaries": PartyList(dict.fromkeys(p for v in protected for p in v.counterparties)),
            "linked_tranches": linked,
            "payers": self.party_list(list(payment.payers)),
            "payees": self.party_list(list(payment.payees)),
            "support": [self._support_view(s) for s in (payment.support if payment.kind else received)],
            "funders": self.party_list(list(dict.fromkeys(s.giver for s in received))),
        }

    def _support_view(self, support: Any) -> SupportView:
        return SupportView(
            kind=support.kind,
            amount=support.amount,
            value=support.value,
            giver=self.party(support.giver),
            receivers=self.party_list(list(support.receivers)),
            commitment=self.commitments[support.commitment.id],
        )

    def standard_context(self, clause: ClauseFile, binding: list[Any]) -> dict:
        return {**self._context(clause, {}, None, standard_anchor(clause.id)), "binding_clauses": binding}

    # Clause text. `context` is the clause's context, or a function giving it in any
    # context of this deal: then each party's position on an open item that changes the
    # text prints as bracketed alternatives (SPEC section 8, `assemble.positions`).

    def clause_blocks(self, clause: ClauseFile, context: Any, *, title: str, anchor: str, owner: str = "") -> list[Block]:
        """A clause's text as blocks, its defined terms named as this deal names them."""
        return to_blocks(self.render(clause, context, None, owner), title=title, anchor=anchor)

    def render(self, clause: ClauseFile, context: Any, source: str | None, owner: str = "") -> str:
        """The clause's body, or another template of it (its brief), its terms named as
        the deal names them."""
        if callable(context):
            return self.negotiated(lambda v: v.render(clause, context(v), source, owner))
        text = render_text(clause, context, source=source)
        return self.terms.rename(owner, text) if owner else text

    def definitions(self, clause: ClauseFile, context: Any, owner: str = "") -> dict[str, str]:
        """The terms the clause defines, under the names this deal gives them."""
        names = self.terms.names.get(owner, {})
        return {
            names.get(term, term): self.render(clause, context, text, owner).strip()
            for term, text in clause.meta.defines.items()
        }

    # --- negotiation ----------------------------------------------------------------------

    @cached_property
    def open_items(self) -> list[tuple[str, int, Commitment | Remedy]]:
        """(kind, index, item) of each item whose parties' positions can differ; none in a
        final deal (DD133 stops one with open points; a forced build prints its terms)."""
        if self.deal.deal.status == Status.FINAL:
            return []
        return [(kind, i, item) for kind in ("commitments", "remedies")
                for i, item in enumerate(getattr(self.deal, kind)) if item.positions]

    def label(self, party_id: str) -> str:
        """How an alternative is attributed: "(Secretary of State)"."""
        view = self.parties.get(party_id)
        return view.short_name if view is not None else party_id

    def negotiated(self, render: Callable[[DealContext], str]) -> str:
        """`render`'s text with each open term that changes it as its alternatives."""
        base = render(self)
        touched = []
        for kind, i, item in self.open_items:
            texts = [(self.label(p.party), self._variant(((kind, i, k),), render)) for k, p in enumerate(item.positions)]
            if any(text is not None and text != base for _, text in texts):
                touched.append((kind, i, item, texts))
        if not touched:
            return base
        if len(touched) == 1:
            alternatives = touched[0][3]
        else:  # each party's view: every open item here at that party's position
            parties = dict.fromkeys(p.party for *_, item, _ in touched for p in item.positions)
            alternatives = [(self.label(party), self._variant(tuple(
                (kind, i, k) for kind, i, item, _ in touched
                for k, p in enumerate(item.positions) if p.party == party), render)) for party in parties]
        alternatives = [(label, text) for label, text in alternatives if text is not None]
        if len(alternatives) == 1:  # one party's proposal against the current draft
            alternatives.append(("current draft", base))
        return merge(alternatives)

    def _variant(self, choice: tuple[tuple[str, int, int], ...], render: Callable[[DealContext], str]) -> str | None:
        """`render` in the deal with each chosen item at the chosen position (None when
        that position's terms cannot be drafted: DD113 reports them)."""
        if choice not in self._variants:
            deal = self.deal
            for kind, i, k in choice:
                items = list(getattr(deal, kind))
                items[i] = items[i].model_copy(update={"terms": items[i].position_terms(items[i].positions[k])})
                deal = deal.model_copy(update={kind: items})
            self._variants[choice] = DealContext.build(deal, self.library, self.file)
        try:
            return render(self._variants[choice])
        except InputError:
            return None
