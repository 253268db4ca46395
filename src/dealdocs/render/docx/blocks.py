"""Body blocks and inline runs: the document tree written as styled WordprocessingML.

Numbered paragraphs carry only their style: the numbers come from the list definition
(see `numbering`), never from typed text, so Word renumbers them when a lawyer edits.
The tree's numbers appear only as the cached results of REF fields.
"""

from __future__ import annotations

import re
from io import BytesIO

from docx.shared import Emu, Mm
from lxml import etree

from dealdocs.tree import (
    Block,
    Clause,
    Defined,
    Figure,
    Heading,
    Inline,
    Note,
    PageBreak,
    Para,
    Ref,
    ScheduleHeading,
    Signature,
    Strong,
    SubHeading,
    Table,
    Text,
)

from .comments import Commenter
from .numbering import TEXT_INDENT
from .wml import W, bookmark, field, paragraph, run, w

EMU_PER_TWIP = 635
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")
_PARA_STYLES = {"note": "DDNote", "centre": "DDCentre", "lead": "DDLead"}


def bookmark_names(blocks: list[Block]) -> dict[str, str]:
    """Anchor -> Word bookmark name, unique and valid (a letter first, at most 40 of
    [A-Za-z0-9_]). Worked out in document order, so the same tree gives the same names."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for block in blocks:
        anchor = getattr(block, "anchor", "")
        if not anchor or anchor in names:
            continue
        name = bookmark_name(anchor)
        n = 1
        while name in used:
            n += 1
            suffix = f"_{n}"
            name = bookmark_name(anchor)[: 40 - len(suffix)] + suffix
        names[anchor] = name
        used.add(name)
    return names


def bookmark_name(anchor: str) -> str:
    return ("dd_" + _NOT_NAME.sub("_", anchor))[:40]


class BodyWriter:
    """Appends the tree's blocks to the document body, in order."""

    def __init__(self, body: etree._Element, part, text_width: int, bookmarks: dict[str, str],
                 comments: Commenter):
        self.body = body
        self.comments = comments
        self._last: etree._Element | None = None  # the last paragraph written
        self.part = part  # the document part, which owns the images
        self.text_width = text_width  # twips
        self.bookmarks = bookmarks
        self._next_bookmark = 0
        self._break_pending = False
        self._placed: set[str] = set()

    # --- paragraphs and inline content ---------------------------------------------

    def para(self, style: str, *, keep_next: bool = False, indent: int | None = None):
        """A body paragraph; takes over a pending page break as `pageBreakBefore`."""
        page_break = self._break_pending
        self._break_pending = False
        self._last = paragraph(
            self.body, style, keep_next=keep_next, page_break_before=page_break, indent=indent
        )
        return self._last

    def page_break(self) -> None:
        """Break before the next paragraph: no empty paragraph is left at a page top."""
        self._break_pending = True

    def inlines(self, p: etree._Element, items: list[Inline]) -> None:
        for item in items:
            if isinstance(item, Text):
                run(p, item.text)
            elif isinstance(item, Strong):
                run(p, item.text, bold=True)
            elif isinstance(item, Defined):
                run(p, f"\u201c{item.term}\u201d", char_style="DDDefinedTerm")
            elif isinstance(item, Ref):
                name = self.bookmarks.get(item.target)
                if name:
                    field(p, f"REF {name} \\w \\h", item.number or item.target)
                else:  # a target that is not a bookmarked clause (a term-sheet row): its number
                    run(p, item.number or item.target)
                if item.label:
                    run(p, f" ({item.label})")
            elif isinstance(item, Note):
                self.comments.add(p, item)

    def mark(self, p: etree._Element, anchor: str) -> None:
        if anchor and anchor not in self._placed:  # a bookmark name may exist only once
            self._placed.add(anchor)
            name = self.bookmarks.get(anchor) or bookmark_name(anchor)
            bookmark(p, self._next_bookmark, name)
            self._next_bookmark += 1

    # --- blocks ------------------------------------------------------------------------

    def write(self, blocks: list[Block]) -> None:
        for block in blocks:
            self._writers[type(block)](self, block)

    def heading(self, block: Heading) -> None:
        p = self.para("DDHeading1")
        run(p, block.text)
        self.mark(p, block.anchor)

    def clause(self, block: Clause) -> None:
        p = self.para(f"DDLevel{min(max(block.level, 2), 4)}")
        if block.title:
            title = block.title if block.title[-1] in ".:?" else block.title + "."
            run(p, title, char_style="DDRunIn")
            run(p, " ")
        self.inlines(p, block.content)
        self.mark(p, block.anchor)

    def para_block(self, block: Para) -> None:
        if block.content and self._last is not None and all(isinstance(i, Note) for i in block.content):
            for note in block.content:  # notes to draft: comments on the paragraph before
                self.comments.add(self._last, note)
            return
        level = min(max(block.indent, 0), 4)
        if block.kind in _PARA_STYLES:
            indent = TEXT_INDENT[level] if level else None
            p = self.para(_PARA_STYLES[block.kind], indent=indent)
        else:
            p = self.para(f"DDBody{level}" if level else "DDBody")
        self.inlines(p, block.content)

    def sub_heading(self, block: SubHeading) -> None:
        run(self.para("DDSubHeading"), block.text)

    def schedule_heading(self, block: ScheduleHeading) -> None:
        self._break_pending = False  # the style itself breaks the page
        p = self.para("DDScheduleHeading")
        run(p, f"Schedule {block.number}")
        if block.title:
            run(p, "\n" + block.title)
        self.mark(p, block.anchor)

    def table(self, block: Table) -> None:
        ncols = max([len(block.header), *(len(row) for row in block.rows)])
        if not ncols:
            return
        if block.caption:
            run(self.para("DDCaption", keep_next=True), block.caption)
        elif self._break_pending:
            self.para("DDCaption")  # a table cannot carry the break itself
        widths = _column_widths(block.widths, ncols, self.text_width)
        tbl = self._table(widths, style="DDTable")
        if block.header:
            tr = w(tbl, "tr")
            tr_pr = w(tr, "trPr")
            w(tr_pr, "cantSplit")
            w(tr_pr, "tblHeader")
            for i, width in enumerate(widths):
                tc = _cell(tr, width, shade="E7E6E6")
                text = block.header[i] if i < len(block.header) else ""
                run(paragraph(tc, "DDTableHeading"), text)
        for row in block.rows:
            tr = w(tbl, "tr")
            for i, width in enumerate(widths):
                p = paragraph(_cell(tr, width), "DDTableText")
                if i < len(row):
                    self.inlines(p, row[i])

    def signature(self, block: Signature) -> None:
        """One party's execution block: a borderless two-column row that never splits."""
        if self._break_pending:
            self.para("DDSignature")
        left = self.text_width * 11 // 20
        tbl = self._table([left, self.text_width - left], style="", borders=False)
        tr = w(tbl, "tr")
        w(w(tr, "trPr"), "cantSplit")
        words = _cell(tr, left)
        if block.signatory:
            signed = f"Signed by {block.signatory}" + (f", {block.title}," if block.title else "")
            run(paragraph(words, "DDSignature"), signed)
        else:  # a line to write the signatory's name on
            blank = (("right", left - 400, "dot"),)
            run(paragraph(words, "DDSignature", tabs=blank), "Signed by\t")
        p = paragraph(words, "DDSignature")
        run(p, (block.capacity or "for and on behalf of") + " ")
        run(p, block.party, bold=True)
        sign = _cell(tr, self.text_width - left)
        paragraph(sign, "DDSignatureLine")
        run(paragraph(sign, "DDSignature"), "Signature")
        dots = (("right", self.text_width - left - 200, "dot"),)
        for label, value in (("Name", block.signatory), ("Title", block.title), ("Date", "")):
            p = paragraph(sign, "DDSignature", tabs=() if value else dots)
            run(p, f"{label}: {value}" if value else f"{label}:\t")

    def figure(self, block: Figure) -> None:
        if block.png:
            p = self.para("DDFigure", keep_next=True)
            width = min(Mm(block.width_mm), Emu(self.text_width * EMU_PER_TWIP))
            inline = self.part.new_pic_inline(BytesIO(block.png), width=width)
            for props in inline.iter("{*}docPr", "{*}cNvPr"):
                props.set("descr", block.alt)
            w(w(p, "r"), "drawing").append(inline)
        else:
            run(self.para("DDNote"), f"[Figure: {block.alt}]")
        if block.caption:
            run(self.para("DDFigureCaption"), block.caption)

    def page_break_block(self, block: PageBreak) -> None:
        self.page_break()

    def finish(self) -> None:
        """A trailing page break is dropped (nothing follows it); a body ending in a
        table gets a closing paragraph, as Word itself always keeps one."""
        self._break_pending = False
        if len(self.body) and self.body[-1].tag == W + "tbl":
            paragraph(self.body, "DDSpacer")

    _writers = {
        Heading: heading,
        Clause: clause,
        Para: para_block,
        SubHeading: sub_heading,
        ScheduleHeading: schedule_heading,
        Table: table,
        Signature: signature,
        Figure: figure,
        PageBreak: page_break_block,
    }

    def _table(self, widths: list[int], *, style: str, borders: bool = True):
        if len(self.body) and self.body[-1].tag == W + "tbl":
            paragraph(self.body, "DDSpacer")  # Word would merge two adjacent tables
        tbl = w(self.body, "tbl")
        tbl_pr = w(tbl, "tblPr")
        if style:
            w(tbl_pr, "tblStyle", val=style)
        w(tbl_pr, "tblW", w=sum(widths), type="dxa")
        if not borders:
            edges = w(tbl_pr, "tblBorders")
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                w(edges, side, val="nil")
        w(tbl_pr, "tblLayout", type="fixed")
        if not borders:  # a signature block: flush left, with room below it
            margins = w(tbl_pr, "tblCellMar")
            w(margins, "left", w=0, type="dxa")
            w(margins, "bottom", w=480, type="dxa")
            w(margins, "right", w=115, type="dxa")
        w(tbl_pr, "tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
          noHBand=1, noVBand=1)
        grid = w(tbl, "tblGrid")
        for width in widths:
            w(grid, "gridCol", w=width)
        return tbl


def _cell(tr: etree._Element, width: int, *, shade: str = "") -> etree._Element:
    tc = w(tr, "tc")
    tc_pr = w(tc, "tcPr")
    w(tc_pr, "tcW", w=width, type="dxa")
    if shade:
        w(tc_pr, "shd", val="clear", color="auto", fill=shade)
    return tc


def _column_widths(relative: list[int], ncols: int, total: int) -> list[int]:
    """Relative widths scaled to `total` twips; rounding never changes the sum."""
    weights = relative if len(relative) == ncols and all(x > 0 for x in relative) else [1] * ncols
    whole = sum(weights)
    edges = [round(total * sum(weights[:i]) / whole) for i in range(ncols + 1)]
    return [b - a for a, b in zip(edges, edges[1:])]
