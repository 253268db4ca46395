"""The conditions precedent: the deal's own `conditions:` and those its facts require.

A heads of terms for public support is conditional on the approvals that support needs,
whether or not the deal file lists them: a full business case where government gives
money, a subsidy control assessment where any public support goes to an investor, the
Subsidy Advice Unit referral where the support is a subsidy of particular interest
(DD117, from `dealdocs.facts`), planning where the deal depends on a planning
commitment, and each Party's own internal approvals. A condition the deal already lists
(recognised by its words) is not repeated.
"""

from __future__ import annotations

import re

from dealdocs.assemble.context import DealContext
from dealdocs.clausefilters import and_join
from dealdocs.model import Role
from dealdocs.subsidy import subsidy_rules
from dealdocs.tree import Block, Clause, Heading, Text


def conditions(ctx: DealContext, *, heads_of_terms: bool = False) -> list[str]:
    """Every condition precedent, the deal's own first, as text without end punctuation.

    Written for the heads of terms ("described in these heads of terms"); anywhere else
    (the term sheet) they refer to "the heads of terms", the document they come from.
    """
    found = _conditions(ctx)
    if heads_of_terms:
        return found
    return [_THESE_HEADS.sub(lambda m: ("T" if m.group(1) == "T" else "t") + "he heads of terms", c) for c in found]


_THESE_HEADS = re.compile(r"\b([Tt])hese heads of terms\b")


def _conditions(ctx: DealContext) -> list[str]:
    facts = ctx.facts
    own = [re.sub(r"\s+", " ", c).strip().rstrip(".;") for c in ctx.deal.conditions]
    listed = " ".join(own).lower()
    derived: list[tuple[str, str]] = []  # (words that show the deal already lists it, condition)
    grants = [s for s in facts.support if s.kind in ("money", "loan") and facts.parties.get(s.giver)
              and facts.parties[s.giver].role == Role.CENTRAL_GOVERNMENT]
    if grants:
        givers = and_join(dict.fromkeys(ctx.parties[s.giver].term for s in grants))
        derived.append(("business case", f"approval by {givers} (and, where required, HM Treasury) of a full "
                                         "business case for the funding it is to provide"))
    if facts.subsidy_totals:
        investors = and_join(ctx.parties[p].term for p in facts.subsidy_totals)
        derived.append(("subsidy control", f"an assessment by each Party giving it of the support to {investors} "
                                           f"under {subsidy_rules(ctx.deal.deal.governing_law.value)}"))
    if facts.referrals:
        investors = and_join(ctx.parties[p].term for p in facts.referrals)
        derived.append(("subsidy advice unit", f"the referral of the support to {investors} to the Subsidy Advice "
                                               "Unit as a subsidy of particular interest, the publication of the "
                                               "Unit's report and the end of the cooling-off period that follows it"))
    if facts.planning_conditions:
        derived.append(("planning", "the grant of the planning permission needed for the development described "
                                    "in these heads of terms, free from challenge"))
    derived.append(("board", "the approval of the Full Agreement by the board or other governing body of each "
                             "Party whose constitution requires it"))
    return own + [text for words, text in derived if words not in listed]


LEAD_IN = "Entry into the Full Agreement, and any payment of public support under it, will be conditional on:"


def punctuated(items: list[str]) -> list[str]:
    """The conditions as items of the list after `LEAD_IN`: each ends ";", the one before
    the last "; and", the last "." (the heads of terms' clause and the term sheet's row)."""
    last = len(items) - 1
    return [c + ("." if i == last else "; and" if i == last - 1 else ";") for i, c in enumerate(items)]


def conditions_clause(ctx: DealContext) -> list[Block]:
    out: list[Block] = [
        Heading("Conditions precedent", anchor="conditions"),
        Clause(2, [Text(LEAD_IN)], anchor="conditions-list"),
    ]
    return out + [Clause(3, [Text(condition)]) for condition in punctuated(conditions(ctx, heads_of_terms=True))]
