"""What the deal's facts answer with: `Support` (money or land one party gives others
under a commitment) and `Payment` (who pays whom under a remedy, and what it recovers or
shares). `dealdocs.facts` works both out; the checks and the assembler read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dealdocs.model import Commitment, Remedy


@dataclass(frozen=True)
class Support:
    """Money or land that one party gives others under a commitment."""

    commitment: Commitment
    giver: str
    # The parties that actually receive it: the commitment's counterparties other than the
    # giver, or only the public ones among them where it is given to a public party as
    # well as to others (see `Facts.support`).
    receivers: tuple[str, ...]
    kind: str  # "money", "loan" (money lent, repayable in any case) or "land"
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
