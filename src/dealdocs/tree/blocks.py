"""The document tree's blocks: the headings, numbered clauses, paragraphs, tables,
execution blocks and pictures that a document is a list of, in reading order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Union

from dealdocs.tree.inline import Inline


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
