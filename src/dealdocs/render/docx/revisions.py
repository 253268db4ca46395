"""Tracked changes for a redline (SPEC section 9): Word's own revision marks.

- words inserted or deleted inside a paragraph: runs inside `w:ins` / `w:del` (deleted
  text as `w:delText`, a deleted field's instruction as `w:delInstrText`);
- a whole paragraph inserted or deleted: its runs marked so, and its paragraph mark
  too (`w:pPr/w:rPr/w:ins|w:del`), so that accepting or rejecting the change removes
  the paragraph itself rather than leaving an empty one;
- a table row inserted or deleted: `w:trPr/w:ins|w:del`, and its paragraphs as above;
- a cross-reference whose number changed: the old number deleted and the new one
  inserted inside the REF field's result.

Every mark has its own id (shared with the bookmarks and comments, so no two
annotations share one), the round as author and NEW's date, so two builds are
byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lxml import etree

from .wml import W, XML_SPACE, get_or_add, run, w

Ids = Callable[[], int]


class Revisions:
    def __init__(self, author: str, when: date, ids: Ids):
        self.author = author
        self.when = f"{when.isoformat()}T00:00:00Z"
        self.ids = ids

    def _attrs(self) -> dict[str, object]:
        return {"id": self.ids(), "author": self.author, "date": self.when}

    def container(self, p: etree._Element, kind: str) -> etree._Element:
        """A `w:ins` or `w:del` at the end of `p` for runs to be written into; call
        `close` on it once they are."""
        return w(p, kind, **self._attrs())

    def close(self, container: etree._Element) -> None:
        if container.tag == W + "del":
            deleted(container)

    def paragraph(self, p: etree._Element, kind: str) -> None:
        """Mark a whole paragraph (its runs and its mark) inserted or deleted."""
        w(get_or_add(get_or_add(p, "pPr", first=True), "rPr"), kind, **self._attrs())
        group: etree._Element | None = None
        for child in list(p):
            if child.tag == W + "r":
                if group is None:
                    group = w(p, kind, **self._attrs())
                    child.addprevious(group)
                group.append(child)
            elif child.tag != W + "pPr":
                group = None
        for container in p.findall(W + "del"):
            deleted(container)

    def row(self, tr: etree._Element, kind: str) -> None:
        """Mark a table row, and every paragraph in it, inserted or deleted."""
        tr_pr = tr.find(W + "trPr")
        if tr_pr is None:  # the row's properties must hold one of its own before a revision
            tr_pr = w(tr, "trPr")
            tr.insert(0, tr_pr)
            w(tr_pr, "cantSplit")
        w(tr_pr, kind, **self._attrs())
        for p in tr.iter(W + "p"):
            self.paragraph(p, kind)

    def blocks(self, elements: list[etree._Element], kind: str) -> None:
        """Mark what one block wrote to the body: paragraphs, and tables row by row."""
        for element in elements:
            if element.tag == W + "p":
                self.paragraph(element, kind)
            elif element.tag == W + "tbl":
                for tr in element.findall(W + "tr"):
                    self.row(tr, kind)

    def words(self, p: etree._Element, old: str, new: str, *, char_style: str = "", bold: bool = False) -> None:
        """`old` deleted and `new` inserted, as runs (a changed heading or title)."""
        for kind, text in (("del", old), ("ins", new)):
            if text:
                container = self.container(p, kind)
                run(container, text, bold=bold, char_style=char_style)
                self.close(container)

    def ref_field(self, p: etree._Element, instruction: str, old: str, new: str) -> None:
        """A REF field whose cached number changed: the old one deleted, the new inserted."""
        w(w(p, "r"), "fldChar", fldCharType="begin")
        instr = w(w(p, "r"), "instrText")
        instr.text = f" {instruction} "
        instr.set(XML_SPACE, "preserve")
        w(w(p, "r"), "fldChar", fldCharType="separate")
        self.words(p, old, new)
        w(w(p, "r"), "fldChar", fldCharType="end")


def deleted(container: etree._Element) -> None:
    """Text inside a deletion is `w:delText` (and a field instruction `w:delInstrText`)."""
    for t in container.iter(W + "t"):
        t.tag = W + "delText"
    for t in container.iter(W + "instrText"):
        t.tag = W + "delInstrText"
