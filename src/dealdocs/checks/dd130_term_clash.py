"""One defined term would be given two different meanings.

Why it matters: a clause's defined terms are the deal's own. When two commitments use
clauses that define the same word with different facts (two `research-collaboration`
commitments each defining "Research Programme"), the documents name each after the
party giving it ("Company Research Programme", "Agency Research Programme") and, where
one party gives both, after the commitment's `title`. This finding is the case neither
resolves: the same party gives both, and neither has a distinct title, so the documents
can only number them ("Company Research Programme 2"), which a lawyer will rewrite.
How terms are named is `dealdocs.terms`, which the documents use too.

The finding points at the `clause:` of each later commitment or remedy in the clash.

Both programmes below are the Company's and neither has a title; a title tells them apart
("Clinical Trials Research Programme").

Failing example:

    commitments:
      - {id: mrna, by: company, to: dsit, clause: research-collaboration,
         terms: {topic: mRNA vaccines}, remedy: escalation-board}
      - {id: trials, by: company, to: dsit, clause: research-collaboration,
         terms: {topic: clinical trials}, remedy: escalation-board}

Passing example:

    commitments:
      - {id: mrna, by: company, to: dsit, clause: research-collaboration,
         terms: {topic: mRNA vaccines}, remedy: escalation-board}
      - {id: trials, title: Clinical trials, by: company, to: dsit, clause: research-collaboration,
         terms: {topic: clinical trials}, remedy: escalation-board}
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.model import Commitment
from dealdocs.terms import defined_terms

CODE = "DD130"
NAME = "defined-term-clash"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    terms = defined_terms(ctx.facts)
    for term, owners in terms.clashes:
        ids = ", ".join(repr(o.item.id) for o in owners)
        for owner in owners[1:]:
            kind = "commitments" if isinstance(owner.item, Commitment) else "remedies"
            items = ctx.commitments if kind == "commitments" else ctx.remedies
            item = next(i for i in items if i.model is owner.item)
            printed = terms.names[owner.item.id][term]
            yield (
                f"{term!r} is defined with different meanings by {ids}, which the documents cannot tell apart "
                f"(this one prints as {printed!r}); give each a distinct `title:`, or merge them into one",
                item.at("clause"),
            )
