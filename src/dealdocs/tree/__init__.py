"""The document tree: the one intermediate form every renderer reads.

`assemble` builds a `Document` from a deal and the clause library; each renderer in
`dealdocs.render` turns the same `Document` into bytes. Clause numbers are worked out
once (`dealdocs.clausenumbers`), so Word's cached cross-reference results, the PDF,
the HTML and the Markdown all agree on every number.

Numbering levels follow law-firm practice:

    level 1   1.      a clause heading            (Heading)
    level 2   1.1     a numbered paragraph        (Clause, level=2)
    level 3   (a)     a sub-paragraph             (Clause, level=3)
    level 4   (i)     a sub-sub-paragraph         (Clause, level=4)

Schedules sit after the clauses under `ScheduleHeading`s and are not clause-numbered.

A redline (SPEC section 9) is a tree too: `Change` runs inside paragraphs, a block's
`change` ("ins" or "del") for a whole paragraph, row or table inserted or deleted, and a
cross-reference's `was` number; `dealdocs.rounds.redline` makes one from two rounds.

The tree's vocabulary is in two modules, both read through this one (renderers say
`tree.Clause`, `tree.Ref`): the inline runs (`dealdocs.tree.inline`) and the blocks
(`dealdocs.tree.blocks`). The document they make up is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dealdocs.tree.blocks import (
    Block,
    Clause,
    Figure,
    Heading,
    PageBreak,
    Para,
    ScheduleHeading,
    Signature,
    SubHeading,
    Table,
)
from dealdocs.tree.inline import Change, Defined, Inline, Note, Ref, Strong, Text, lines, plain

__all__ = [
    "DOCUMENT_TERMS",
    "Block",
    "Change",
    "Clause",
    "Defined",
    "Document",
    "Figure",
    "Heading",
    "Inline",
    "Note",
    "PageBreak",
    "Para",
    "PartyLine",
    "Ref",
    "ScheduleHeading",
    "Signature",
    "Strong",
    "SubHeading",
    "Table",
    "Text",
    "lines",
    "plain",
]


# Terms the heads of terms define themselves in their definitions clause, whatever the
# deal says ("Party" is defined with "Parties"). The checks warn when a deal redefines them.
DOCUMENT_TERMS = frozenset({"Full Agreement", "Parties", "Party", "Term"})


@dataclass
class PartyLine:
    """A party as listed on the title page."""

    name: str
    short_name: str
    description: str = ""  # e.g. "a company incorporated in England and Wales (01234567)"
    change: str = ""


@dataclass
class Document:
    kind: str  # "heads-of-terms" or "term-sheet"
    title: str  # "Heads of Terms"
    deal_title: str
    deal_id: str
    date: date
    draft: bool
    marking: str  # header marking on every page, e.g. "SUBJECT TO CONTRACT"
    parties: list[PartyLine]
    blocks: list[Block]
    subtitle: str = ""  # e.g. "Indicative, non-binding and subject to contract"
    keywords: list[str] = field(default_factory=list)
    language: str = "en-GB"
    round: int | None = None  # the negotiation round of a draft (SPEC section 7)
    # Where the document came from (SPEC section 9): dealdocs-deal-sha256, dealdocs-version,
    # dealdocs-library-sha256; every renderer writes them into the document's properties.
    provenance: dict[str, str] = field(default_factory=dict)
    # A redline: who made the changes (Word's revision author, "Round 3"), the previous
    # round it is compared with ("round 2"), and that round's date where it differs.
    revision: str = ""
    compared_with: str = ""
    date_was: date | None = None

    @property
    def draft_mark(self) -> str:
        """What marks a draft on every page: "DRAFT", or "DRAFT (ROUND 3)"; "" when final."""
        if not self.draft:
            return ""
        return f"DRAFT (ROUND {self.round})" if self.round else "DRAFT"

    @property
    def file_stem(self) -> str:
        return f"{self.deal_id}-{self.kind}" + ("-redline" if self.revision else "")
