"""One structure element per element of the page, however many pages it spans.

WeasyPrint 70 builds a PDF's structure tree page by page: the `<main>`, a section and a
table that run over three pages become three `/Part`s, three `/Sect`s and three
`/Table`s, so a screen reader (and a PDF/UA checker reading tables) meets a long table
as several short ones. This pass, run as a finisher on the finished tree, joins each
continuation to the element it continues:

- every `/Part` after the first (the page has one `<main>`);
- a `/Sect` that does not open with a heading (a new section, a schedule, always does);
- a `/Table` that does not open with its caption (every table here has one, and only
  its first part carries it): its rows join the first part's body, the header row
  repeated on the later page among them, as the row of header cells it is.

Only the tree changes: the marked content and the parent tree that maps it keep
pointing at the same leaf elements (paragraphs, cells), so nothing on the page moves.
"""

from __future__ import annotations

import pydyf

_HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
# Elements whose children are joined too, once the element itself is whole.
_CONTAINERS = {"/Document", "/Part", "/Sect", "/Art", "/Div"}


def stitch(pdf: pydyf.PDF) -> None:
    numbered = {o.number: o for o in pdf.objects if isinstance(o, pydyf.Dictionary) and o.number is not None}

    def get(ref) -> pydyf.Dictionary | None:
        if isinstance(ref, pydyf.Dictionary):
            return ref
        if isinstance(ref, bytes | str):  # "12 0 R"
            text = ref.decode() if isinstance(ref, bytes) else ref
            return numbered.get(int(text.split()[0]))
        return None  # a marked-content id

    root = get(pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return
    for ref in root["K"]:
        document = get(ref)
        if document is not None:
            _join_children(document, get)


def _join_children(element: pydyf.Dictionary, get) -> None:
    kept = []
    previous = None
    for ref in element["K"]:
        child = get(ref)
        if previous is not None and child is not None and _continues(previous, child, get):
            _join(previous, child, get)
            continue
        kept.append(ref)
        previous = child
    element["K"] = pydyf.Array(kept)
    for ref in kept:
        child = get(ref)
        if child is not None and child.get("S") in _CONTAINERS:
            _join_children(child, get)


def _continues(previous: pydyf.Dictionary, element: pydyf.Dictionary, get) -> bool:
    """Is `element` the next page's part of `previous`?"""
    kind = element.get("S")
    if kind != previous.get("S") or element.get("Pg") == previous.get("Pg"):
        return False  # another kind, or on the page where the previous one starts: not a continuation
    first = next((get(k) for k in element["K"] if get(k) is not None), None)
    opens = first.get("S") if first is not None else None
    if kind == "/Part":
        return True
    if kind == "/Sect":
        return opens not in _HEADINGS
    if kind == "/Table":
        return opens != "/Caption"
    return False


def _join(into: pydyf.Dictionary, other: pydyf.Dictionary, get) -> None:
    if into.get("S") == "/Table":
        body = next((get(k) for k in into["K"] if get(k) is not None and get(k).get("S") == "/TBody"), into)
        moved = [row for ref in other["K"] if get(ref) is not None for row in get(ref)["K"]]  # rows of THead, TBody
        _move(moved, body, get)
    else:
        _move(list(other["K"]), into, get)


def _move(refs: list, into: pydyf.Dictionary, get) -> None:
    for ref in refs:
        child = get(ref)
        if child is not None:
            child["P"] = into.reference
        into["K"].append(ref)
