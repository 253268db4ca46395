"""The document tree: the one intermediate form every renderer reads.

`assemble` builds a `Document` from a deal and the clause library; each renderer in
`dealdocs.render` turns the same `Document` into bytes. Clause numbers are worked out
once, here (`number_clauses`), so Word's cached cross-reference results, the PDF, the
HTML and the Markdown all agree on every number.

Numbering levels follow law-firm practice:

    level 1   1.      a clause heading            (Heading)
    level 2   1.1     a numbered paragraph        (Clause, level=2)
    level 3   (a)     a sub-paragraph             (Clause, level=3)
    level 4   (i)     a sub-sub-paragraph         (Clause, level=4)

Schedules sit after the clauses under `ScheduleHeading`s and are not clause-numbered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Union

# --- inline content ---------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    """Emphasised words, e.g. SUBJECT TO CONTRACT inside a sentence."""

    text: str


@dataclass(frozen=True)
class Defined:
    """The defining occurrence of a defined term: printed bold inside curly quotes."""

    term: str


@dataclass(frozen=True)
class Ref:
    """A cross-reference to the clause whose anchor is `target`.

    `number` is filled in by `number_clauses`; renderers print it (Word also writes a
    REF field whose cached result it is). `label` follows the number in brackets,
    e.g. "clause 8.2 (Clawback)".
    """

    target: str
    number: str = ""
    label: str = ""


@dataclass(frozen=True)
class Note:
    """A note to draft by one party (SPEC section 8): printed "[Note to draft (Secretary
    of State): ...]"; in Word, a comment by that party on the paragraph it ends."""

    author: str  # the party's defined term without "the": "Secretary of State"
    text: str

    @property
    def printed(self) -> str:
        return f"[Note to draft ({self.author}): {self.text}]"


Inline = Union[Text, Strong, Defined, Ref, Note]


def plain(inlines: list[Inline]) -> str:
    """The inline content as plain text, as a reader would see it."""
    out = []
    for item in inlines:
        if isinstance(item, Text | Strong):
            out.append(item.text)
        elif isinstance(item, Defined):
            out.append(f"\u201c{item.term}\u201d")
        elif isinstance(item, Note):
            out.append(item.printed)
        else:
            out.append(item.number or item.target)
    return "".join(out)


# --- blocks -------------------------------------------------------------------------


@dataclass
class Heading:
    """A level-1 clause heading ("4. Commitments of the Consortium")."""

    text: str
    anchor: str = ""
    number: str = ""


@dataclass
class Clause:
    """A numbered paragraph at level 2, 3 or 4.

    `title` is a run-in heading printed bold before the text ("Investment. The ...").
    """

    level: int
    content: list[Inline]
    title: str = ""
    anchor: str = ""
    number: str = ""


@dataclass
class Para:
    """An unnumbered paragraph.

    `indent` is the clause level whose text it continues (0 = flush with the margin);
    `kind` picks a style: body, note (small, e.g. drafting notes), centre, lead (the
    opening words of a document).
    """

    content: list[Inline]
    indent: int = 0
    kind: str = "body"


@dataclass
class Table:
    """A bordered table; the first row in `header` repeats on every page.

    Each cell is a list of inline runs. `widths` are relative column widths.
    """

    header: list[str]
    rows: list[list[list[Inline]]]
    widths: list[int] = field(default_factory=list)
    caption: str = ""


@dataclass
class Signature:
    """One party's execution block."""

    party: str  # full legal name
    capacity: str  # the words before the party name: "Signed by a director for and on behalf of"
    signatory: str = ""
    title: str = ""


@dataclass
class Figure:
    """A picture given as SVG text, and as PNG for the renderers that cannot show SVG.

    The PNG is painted only when a renderer asks for it (Word does; HTML and PDF use
    the SVG), since painting it costs more than the rest of a Word build.
    """

    svg: str
    paint_png: Callable[[], bytes] = field(repr=False, compare=False)
    caption: str = ""
    alt: str = ""
    width_mm: float = 160.0

    @cached_property
    def png(self) -> bytes:
        return self.paint_png()


@dataclass
class ScheduleHeading:
    """"Schedule 1 — Commitments matrix": starts a new page."""

    number: int
    title: str
    anchor: str = ""


@dataclass
class SubHeading:
    """An unnumbered heading inside a schedule or the term sheet."""

    text: str


@dataclass
class PageBreak:
    pass


Block = Union[Heading, Clause, Para, Table, Signature, Figure, ScheduleHeading, SubHeading, PageBreak]


# --- the document -------------------------------------------------------------------

# Terms the heads of terms define themselves in their definitions clause, whatever the
# deal says ("Party" is defined with "Parties"). The checks warn when a deal redefines them.
DOCUMENT_TERMS = frozenset({"Full Agreement", "Parties", "Party", "Term"})


@dataclass
class PartyLine:
    """A party as listed on the title page."""

    name: str
    short_name: str
    description: str = ""  # e.g. "a company incorporated in England and Wales (01234567)"


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

    @property
    def draft_mark(self) -> str:
        """What marks a draft on every page: "DRAFT", or "DRAFT (ROUND 3)"; "" when final."""
        if not self.draft:
            return ""
        return f"DRAFT (ROUND {self.round})" if self.round else "DRAFT"

    @property
    def file_stem(self) -> str:
        return f"{self.deal_id}-{self.kind}"


def number_clauses(blocks: list[Block]) -> dict[str, str]:
    """Give every Heading and Clause its number and fill in every Ref.

    Returns anchor -> number. A Ref to an anchor that is not a clause keeps the number
    it was given (the term sheet numbers its table rows itself).
    """
    counters = [0, 0, 0, 0]
    numbers: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, Heading):
            counters = [counters[0] + 1, 0, 0, 0]
            block.number = f"{counters[0]}."
        elif isinstance(block, Clause):
            i = block.level - 1
            counters[i] += 1
            counters[i + 1 :] = [0] * (3 - i)
            block.number = _label(block.level, counters)
        else:
            continue
        if block.anchor:
            numbers[block.anchor] = _ref_label(block, counters)
    for block in blocks:
        for inline in _inlines(block):
            if isinstance(inline, Ref) and inline.target in numbers:
                object.__setattr__(inline, "number", numbers[inline.target])
    return numbers


def _label(level: int, counters: list[int]) -> str:
    if level == 2:
        return f"{counters[0]}.{counters[1]}"
    if level == 3:
        return f"({alpha(counters[2])})"
    return f"({roman(counters[3])})"


def _ref_label(block: Heading | Clause, counters: list[int]) -> str:
    """How a cross-reference prints the number: 4, 4.2, 4.2(a), 4.2(a)(i)."""
    if isinstance(block, Heading):
        return str(counters[0])
    parts = f"{counters[0]}.{counters[1]}"
    if block.level >= 3:
        parts += f"({alpha(counters[2])})"
    if block.level == 4:
        parts += f"({roman(counters[3])})"
    return parts


def alpha(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


_ROMAN = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _inlines(block: Block) -> list[Inline]:
    if isinstance(block, Clause | Para):
        return block.content
    if isinstance(block, Table):
        return [inline for row in block.rows for cell in row for inline in cell]
    return []
