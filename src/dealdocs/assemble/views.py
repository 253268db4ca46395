"""What a clause sees of the deal's commitments, tranches and support: plain views
built by `DealContext`, printed by the clause templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dealdocs.clausefilters import PartyList, PartyView


@dataclass
class CommitmentView:
    """A commitment as a remedy (or `commitment_by_id`) sees it."""

    id: str
    title: str
    ref: str
    obligor: PartyView
    counterparties: PartyList
    amount: Any
    due: Any
    clause: str
    text: str | None
    tranches: list[Any]
    terms: dict[str, Any] = field(default_factory=dict)  # the clause's terms, typed
    long_stop: Any = None
    variant: str = ""  # the clause variant it is drafted in (a land transfer's freehold or lease)


@dataclass
class TrancheView:
    amount: Any
    condition: str
    milestone: str | None
    due: Any
    funder: PartyView
    recipient: PartyList
    commitment: CommitmentView | None  # the milestone commitment


@dataclass
class SupportView:
    """Money or land given under a commitment, as a remedy sees it."""

    kind: str  # "money" or "land"
    amount: Any  # Decimal or None
    value: Any  # its value as support (Decimal or None): the money, or land's undervalue
    giver: PartyView
    receivers: PartyList
    commitment: CommitmentView
