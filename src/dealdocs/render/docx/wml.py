"""Small WordprocessingML builders: paragraphs, runs, fields and bookmarks as lxml elements.

Elements are made with `SubElement` under their parent, so they share the part's `w:`
namespace declaration (no per-element `xmlns`) and get python-docx's element classes.
Child order inside `w:pPr` and `w:rPr` follows the schema; callers pass properties and
these helpers write them in that order.
"""

from __future__ import annotations

import re

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Characters XML 1.0 cannot hold; a stray one in deal text must not abort a build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w(parent: etree._Element, tag: str, **attrs: object) -> etree._Element:
    """Append `<w:tag w:attr=...>` to `parent` and return it."""
    return etree.SubElement(parent, W + tag, {W + k: str(v) for k, v in attrs.items()})


def get_or_add(parent: etree._Element, tag: str, *, first: bool = False) -> etree._Element:
    """`parent`'s `<w:tag>`, made if it has none: appended, or, with `first`, put first
    (where the schema wants a properties element before the content)."""
    found = parent.find(W + tag)
    if found is None:
        found = w(parent, tag)
        if first:
            parent.insert(0, found)
    return found


def paragraph(
    parent: etree._Element,
    style: str,
    *,
    keep_next: bool = False,
    page_break_before: bool = False,
    tabs: tuple[tuple[str, int, str], ...] = (),
    indent: int | None = None,
) -> etree._Element:
    """A `w:p` carrying `style` and, in schema order, any direct properties."""
    p = w(parent, "p")
    ppr = w(p, "pPr")
    w(ppr, "pStyle", val=style)
    if keep_next:
        w(ppr, "keepNext")
    if page_break_before:
        w(ppr, "pageBreakBefore")
    if tabs:
        tabs_el = w(ppr, "tabs")
        for kind, pos, leader in tabs:
            w(tabs_el, "tab", val=kind, leader=leader, pos=pos)
    if indent is not None:
        w(ppr, "ind", left=indent)
    return p


def run(
    p: etree._Element, text: str, *, bold: bool = False, char_style: str = "", caps: bool = False
) -> etree._Element:
    """A run of `text`; a newline becomes a line break and a tab a tab character."""
    r = w(p, "r")
    if bold or char_style or caps:
        rpr = w(r, "rPr")
        if char_style:
            w(rpr, "rStyle", val=char_style)
        if bold:
            w(rpr, "b")
        if caps:
            w(rpr, "caps")
    text = _NOT_XML.sub("", text)
    if "\n" in text or "\t" in text:
        for i, line in enumerate(text.split("\n")):
            if i:
                w(r, "br")
            for j, piece in enumerate(line.split("\t")):
                if j:
                    w(r, "tab")
                if piece:
                    _t(r, piece)
    elif text:
        _t(r, text)
    return r


def _t(r: etree._Element, text: str) -> None:
    t = w(r, "t")
    t.text = text
    if text[0].isspace() or text[-1].isspace():
        t.set(XML_SPACE, "preserve")


def field(p: etree._Element, instruction: str, result: str, *, bold: bool = False) -> None:
    """A complex field: begin, instruction, separate, cached `result`, end.

    The cached result is what a reader sees before any field update, so it must be right.
    """
    w(w(p, "r"), "fldChar", fldCharType="begin")
    instr = w(w(p, "r"), "instrText")
    instr.text = f" {instruction} "
    instr.set(XML_SPACE, "preserve")
    w(w(p, "r"), "fldChar", fldCharType="separate")
    run(p, result, bold=bold)
    w(w(p, "r"), "fldChar", fldCharType="end")


def bookmark(p: etree._Element, bookmark_id: int, name: str) -> None:
    """Wrap the paragraph's content (not its properties) in a bookmark."""
    start = w(p, "bookmarkStart", id=bookmark_id, name=name)  # made in place: no stray xmlns
    ppr = p.find(W + "pPr")
    p.insert(0 if ppr is None else p.index(ppr) + 1, start)
    w(p, "bookmarkEnd", id=bookmark_id)
