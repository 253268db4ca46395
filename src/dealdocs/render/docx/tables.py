"""Tables in Word: the bordered grid tables (with a repeating header row, and a redline's
rows tracked) and the borderless two-column signature blocks.

`TableWriter` is the part of `BodyWriter` that writes them; it uses the writer's
paragraphs, inline runs, page breaks and revisions.
"""

from __future__ import annotations

from lxml import etree

from dealdocs.tree import Change, Inline, Signature, Table, lines

from .wml import W, paragraph, run, w


class TableWriter:
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
        for r, (row, (_, anchor)) in enumerate(zip(block.rows, block.row_labels())):
            tr = w(tbl, "tr")
            for i, width in enumerate(widths):
                tc = _cell(tr, width)
                for j, line in enumerate(lines(row[i]) if i < len(row) else [[]]):
                    # A numbered row's number is its first paragraph's list number, and
                    # cross-references to the row are REF fields to its bookmark.
                    numbered = block.numbered and i == 0 and j == 0
                    p = paragraph(tc, "DDRowNumber" if numbered else "DDTableText")
                    self.inlines(p, line)
                    if numbered:
                        self.mark(p, anchor)
                    kind = _changed(line)
                    if j and kind and self.revisions:  # a line a redline added or removed whole
                        self.revisions.paragraph(p, kind)
            if r < len(block.row_changes) and block.row_changes[r] and self.revisions:
                self.revisions.row(tr, block.row_changes[r])

    def signature(self, block: Signature) -> None:
        """One party's execution block: a borderless two-column row that never splits."""
        if self._break_pending:
            self.para("DDSignature")
        left = self.text_width * 11 // 20
        tbl = self._table([left, self.text_width - left], style="", borders=False)
        tr = w(tbl, "tr")
        w(w(tr, "trPr"), "cantSplit")
        p = paragraph(_cell(tr, left), "DDSignature")  # one sentence, as every format prints it
        run(p, (block.capacity or "Signed for and on behalf of") + " ")
        run(p, block.party, bold=True, caps=True)
        if block.by:
            run(p, " " + block.by)
        sign = _cell(tr, self.text_width - left)
        paragraph(sign, "DDSignatureLine")
        run(paragraph(sign, "DDSignature"), "Signature")
        dots = (("right", self.text_width - left - 200, "dot"),)
        for label, value in (("Name", block.signatory), ("Title", block.title), ("Date", "")):
            p = paragraph(sign, "DDSignature", tabs=() if value else dots)
            run(p, f"{label}: {value}" if value else f"{label}:\t")

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


def _changed(line: list[Inline]) -> str:
    """"ins" or "del" when the whole line is one kind of change, else ""."""
    kinds = {item.kind if isinstance(item, Change) else "" for item in line}
    return kinds.pop() if len(kinds) == 1 else ""


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
