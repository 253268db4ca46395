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
    was: str = ""  # in a redline, the number it had in the previous round, if different


@dataclass(frozen=True)
class Note:
    """A note to draft by one party (SPEC section 8): printed "[Note to draft (Secretary
    of State): ...]"; in Word, a comment by that party on the paragraph it ends."""

    author: str  # the party's defined term without "the": "Secretary of State"
    text: str

    @property
    def printed(self) -> str:
        return f"[Note to draft ({self.author}): {self.text}]"


@dataclass(frozen=True)
class Change:
    """Runs inserted ("ins") or deleted ("del") since the previous round, in a redline."""

    kind: str
    items: tuple  # of Inline


Inline = Union[Text, Strong, Defined, Ref, Note, Change]


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
        elif isinstance(item, Change):
            out.append(plain(list(item.items)) if item.kind == "ins" else "")
        else:
            out.append(item.number or item.target)
    return "".join(out)


def lines(items: list[Inline]) -> list[list[Inline]]:
    """The inline content cut at its newlines (a table cell's lines, each a paragraph in
    Word); a `Change` that spans a newline is cut into one `Change` per line."""
    out: list[list[Inline]] = [[]]
    for item in items:
        if isinstance(item, Text) and "\n" in item.text:
            pieces: list[list[Inline]] = [[Text(piece)] if piece else [] for piece in item.text.split("\n")]
        elif isinstance(item, Change) and _has_newline(item.items):
            pieces = [[Change(item.kind, tuple(piece))] if piece else [] for piece in lines(list(item.items))]
        else:
            pieces = [[item]]
        out[-1] += pieces[0]
        out += pieces[1:]
    return out


def _has_newline(items) -> bool:
    return any("\n" in i.text if isinstance(i, Text) else isinstance(i, Change) and _has_newline(i.items)
               for i in items)


# --- blocks -------------------------------------------------------------------------


@dataclass
class Heading:
    """A level-1 clause heading ("4. Commitments of the Consortium")."""

    text: str
    anchor: str = ""
    number: str = ""
    change: str = ""  # "ins" or "del" in a redline
    was: str | None = None  # the previous round's text, when it changed


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
    change: str = ""
    title_was: str | None = None  # the previous round's run-in heading, when it changed


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
    change: str = ""


@dataclass
class Table:
    """A bordered table; the first row in `header` repeats on every page.

    Each cell is a list of inline runs. `widths` are relative column widths.
    """

    header: list[str]
    rows: list[list[list[Inline]]]
    widths: list[int] = field(default_factory=list)
    caption: str = ""
    change: str = ""  # the whole table
    row_changes: list[str] = field(default_factory=list)  # per row, in a redline
    # Rows numbered 1, 2, 3 ... before the first cell's text (the term sheet's), and the
    # anchor a cross-reference names each numbered row by ("" for none). Both count only
    # the rows of the document as it stands: a redline's deleted rows have neither.
    numbered: bool = False
    anchors: list[str] = field(default_factory=list)

    def row_labels(self) -> list[tuple[str, str]]:
        """(number, anchor) for each row: ("", "") for a row deleted in a redline, and
        numbers only in a numbered table."""
        out, n = [], 0
        for i in range(len(self.rows)):
            if i < len(self.row_changes) and self.row_changes[i] == "del":
                out.append(("", ""))
                continue
            anchor = self.anchors[n] if n < len(self.anchors) else ""
            n += 1
            out.append((str(n) if self.numbered else "", anchor))
        return out


@dataclass
class Signature:
    """One party's execution block, worded by `dealdocs.assemble.parts.execution`.

    Every renderer prints one sentence, `capacity` PARTY `by` ("Signed for and on behalf
    of THE SECRETARY OF STATE FOR ... by Jane Doe, Director"), beside a signature line
    and the Name, Title and Date fields (blank lines to fill in where not known).
    """

    party: str  # full legal name
    capacity: str  # the words before the party name: "Signed by a director for and on behalf of"
    signatory: str = ""
    title: str = ""
    change: str = ""
    by: str = ""  # the words after the party name: "by an officer authorised under its scheme of delegation"

    @property
    def words(self) -> str:
        """The execution sentence as plain text."""
        return " ".join(part for part in (self.capacity, self.party, self.by) if part)


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
    change: str = ""

    @cached_property
    def png(self) -> bytes:
        return self.paint_png()


@dataclass
class ScheduleHeading:
    """"Schedule 1 — Commitments matrix": starts a new page."""

    number: int
    title: str
    anchor: str = ""
    change: str = ""


@dataclass
class SubHeading:
    """An unnumbered heading inside a schedule or the term sheet."""

    text: str
    change: str = ""


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
