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
    Change,
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
from .revisions import Revisions
from .tables import TableWriter
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
    anchors = []
    for block in blocks:
        if isinstance(block, Table):  # a numbered table's rows (the term sheet's)
            anchors += [anchor for _, anchor in block.row_labels()]
        else:
            anchors.append(getattr(block, "anchor", ""))
    for anchor in anchors:
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


def run_in(title: str) -> str:
    """A clause title as its run-in heading: "Investment" -> "Investment."."""
    return title if not title or title[-1] in ".:?" else title + "."


def bookmark_name(anchor: str) -> str:
    return ("dd_" + _NOT_NAME.sub("_", anchor))[:40]


class BodyWriter(TableWriter):
    """Appends the tree's blocks to the document body, in order."""

    def __init__(self, body: etree._Element, part, text_width: int, bookmarks: dict[str, str],
                 comments: Commenter, revisions: Revisions | None = None):
        self.body = body
        self.comments = comments
        self.revisions = revisions  # a redline's tracked changes; None in any other document
        self._last: etree._Element | None = None  # the last paragraph written
        self.part = part  # the document part, which owns the images
        self.text_width = text_width  # twips
        self.bookmarks = bookmarks
        self._next_id = 0  # bookmarks, comments and revisions share one id space
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
                if name and item.was and self.revisions:
                    self.revisions.ref_field(p, f"REF {name} \\w \\h", item.was, item.number or item.target)
                elif name:
                    field(p, f"REF {name} \\w \\h", item.number or item.target)
                elif item.was and self.revisions:  # a target with no bookmark, renumbered
                    self.revisions.words(p, item.was, item.number or item.target)
                else:  # a target with no bookmark: its number
                    run(p, item.number or item.target)
                if item.label:
                    run(p, f" ({item.label})")
            elif isinstance(item, Note):
                self.comments.add(p, item, self.next_id())
            elif isinstance(item, Change) and self.revisions:
                container = self.revisions.container(p, item.kind)
                self.inlines(container, list(item.items))
                self.revisions.close(container)

    def next_id(self) -> int:
        self._next_id += 1
        return self._next_id - 1

    def mark(self, p: etree._Element, anchor: str) -> None:
        if anchor and anchor not in self._placed:  # a bookmark name may exist only once
            self._placed.add(anchor)
            name = self.bookmarks.get(anchor) or bookmark_name(anchor)
            bookmark(p, self.next_id(), name)

    # --- blocks ------------------------------------------------------------------------

    def write(self, blocks: list[Block]) -> None:
        for block in blocks:
            start = len(self.body)
            self._writers[type(block)](self, block)
            if getattr(block, "change", "") and self.revisions:  # a block inserted or deleted whole
                self.revisions.blocks(list(self.body)[start:], block.change)

    def heading(self, block: Heading) -> None:
        p = self.para("DDHeading1")
        if block.was is not None and self.revisions:
            self.revisions.words(p, block.was, block.text)
        else:
            run(p, block.text)
        self.mark(p, block.anchor)

    def clause(self, block: Clause) -> None:
        p = self.para(f"DDLevel{min(max(block.level, 2), 4)}")
        if block.title_was is not None and self.revisions:
            self.revisions.words(p, run_in(block.title_was), run_in(block.title), char_style="DDRunIn")
            run(p, " ")
        elif block.title:
            run(p, run_in(block.title), char_style="DDRunIn")
            run(p, " ")
        self.inlines(p, block.content)
        self.mark(p, block.anchor)

    def para_block(self, block: Para) -> None:
        if block.content and self._last is not None and all(isinstance(i, Note) for i in block.content):
            for note in block.content:  # notes to draft: comments on the paragraph before
                self.comments.add(self._last, note, self.next_id())
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
        p = self.para("DDScheduleHeading")  # "Schedule 1" is its list number (numbering.SCHEDULE_LEVELS)
        if block.title:
            run(p, "\n" + block.title)
        self.mark(p, block.anchor)

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
        Table: TableWriter.table,
        Signature: TableWriter.signature,
        Figure: figure,
        PageBreak: page_break_block,
    }
