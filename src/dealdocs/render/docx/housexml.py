"""The XML side of cleaning a house style (see `housestyle`): parts parsed with no
DTD, no entities and no network; fields that pull in files, references to parts left
out and settings that point elsewhere removed; relationships and content types written
afresh."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.sax.saxutils import quoteattr

from lxml import etree

from .wml import W

Note = Callable[[str], None]

_RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)
# Field codes a header or footer may keep: page numbers, dates, document properties,
# references inside the document. Anything else (INCLUDETEXT, INCLUDEPICTURE, LINK,
# DDE, DDEAUTO, IMPORT, HYPERLINK, DATABASE, MACROBUTTON ...) can reach outside it.
_SAFE_FIELDS = frozenset({
    "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "STYLEREF", "DATE", "TIME", "SAVEDATE", "PRINTDATE",
    "CREATEDATE", "TITLE", "SUBJECT", "AUTHOR", "KEYWORDS", "COMMENTS", "DOCPROPERTY", "REF", "PAGEREF", "SEQ",
    "QUOTE", "IF", "=", "NUMWORDS", "NUMCHARS", "LASTSAVEDBY", "REVNUM", "FILENAME", "TEMPLATE", "LISTNUM",
    "SYMBOL",
})
_SETTINGS_DROPPED = ("attachedTemplate", "mailMerge", "saveThroughXslt", "attachedSchema", "linkStyles")


def parse(data: bytes, note: Note) -> etree._Element:
    """A part's root element; a DTD and the entities it declares are left out."""
    root = etree.fromstring(data, _PARSER)
    if root.getroottree().docinfo.internalDTD is not None or b"<!DOCTYPE" in data[:4096]:
        note("a DTD and its entities")
    for entity in list(root.iter(etree.Entity)):
        _remove(entity)
    return root


def serialise(root: etree._Element) -> bytes:
    """The element alone: no DOCTYPE goes back out."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _remove(element: etree._Element) -> None:
    """Remove `element`, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    """Replace `element` by its children (a hyperlink whose target was left out)."""
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    _remove(element)


def clean_part(root: etree._Element, kept_ids: set[str], note: Note, *, main: bool = False) -> None:
    """Fields reaching outside, references to left-out parts, settings pointing elsewhere."""
    _fields(root, note)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.getparent() is None and element is not root:
            continue  # already removed with an ancestor
        refs = [v for k, v in element.attrib.items() if k.startswith("{" + _RNS + "}")]
        if not refs or all(r in kept_ids for r in refs):
            continue
        if element.tag == W + "hyperlink":
            _unwrap(element)
        elif element.tag in (W + "headerReference", W + "footerReference"):
            _remove(element)
        else:
            run = next((a for a in element.iterancestors(W + "r")), None)
            _remove(run if run is not None else element)
    if root.tag == W + "settings":
        for name in _SETTINGS_DROPPED:
            for element in root.findall(W + name):
                _remove(element)


def _field_code(text: str) -> str:
    words = text.strip().split()
    return words[0].upper().lstrip("\\") if words else ""


def _fields(root: etree._Element, note: Note) -> None:
    for simple in list(root.iter(W + "fldSimple")):
        if _field_code(simple.get(W + "instr", "")) not in _SAFE_FIELDS:
            note("fields that reach outside the document")
            _remove(simple)
    for paragraph in list(root.iter(W + "p")):
        _complex_fields(paragraph, note)


def _complex_fields(paragraph: etree._Element, note: Note) -> None:
    """Remove each unsafe begin...end field (its code and its cached result) from a paragraph."""
    runs = [r for r in paragraph.iter(W + "r")]
    stack: list[dict] = []
    doomed: list[etree._Element] = []
    for run in runs:
        char = run.find(W + "fldChar")
        kind = char.get(W + "fldCharType") if char is not None else None
        if kind == "begin":
            stack.append({"runs": [run], "code": ""})
            continue
        if stack:
            stack[-1]["runs"].append(run)
            for instr in run.iter(W + "instrText"):
                stack[-1]["code"] += instr.text or ""
        if kind == "end" and stack:
            field = stack.pop()
            if _field_code(field["code"]) not in _SAFE_FIELDS:
                note("fields that reach outside the document")
                doomed += field["runs"]
            elif stack:
                stack[-1]["runs"] += field["runs"]
    for field in stack:  # never ended: not a field Word would read
        if _field_code(field["code"]) not in _SAFE_FIELDS:
            doomed += field["runs"]
    for run in doomed:
        if run.getparent() is not None:
            _remove(run)


def rels(targets: list[tuple[str, str]], ids: list[str] | None = None, folder: str = "") -> bytes:
    """A relationships part for (target part name, type) pairs, targets relative to `folder`."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for index, (target, kind) in enumerate(targets):
        rid = ids[index] if ids else f"rId{index + 1}"
        relative = target[len(folder) + 1:] if folder and target.startswith(folder + "/") else "/" + target
        lines.append(f"<Relationship Id={quoteattr(rid)} Type={quoteattr(kind)} Target={quoteattr(relative)}/>")
    lines.append("</Relationships>")
    return "".join(lines).encode("utf-8")


def content_types(overrides: dict[str, str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/>']
    for name, kind in sorted(overrides.items()):
        if kind:
            lines.append(f"<Override PartName={quoteattr('/' + name)} ContentType={quoteattr(kind)}/>")
    lines.append("</Types>")
    return "".join(lines).encode("utf-8")


_ID_ATTRIBUTES = {
    "numbering": ((W + "num", W + "numId"), (W + "abstractNum", W + "abstractNumId"),
                  (W + "abstractNumId", W + "val"), (W + "lvl", W + "ilvl"), (W + "numId", W + "val"),
                  (W + "ilvl", W + "val")),
    "styles": ((W + "numId", W + "val"), (W + "ilvl", W + "val")),
}
_DECIMAL = re.compile(r"-?\d{1,10}")


def check_numbering(parts: dict[str, bytes], refuse: Callable[[str], Exception]) -> None:
    """List and level ids are whole numbers Word can hold; python-docx fails on others."""
    for name, data in parts.items():
        kind = name.rsplit("/", 1)[-1].removesuffix(".xml")
        if kind not in _ID_ATTRIBUTES:
            continue
        root = etree.fromstring(data, _PARSER)
        for tag, attribute in _ID_ATTRIBUTES[kind]:
            for element in root.iter(tag):
                value = element.get(attribute)
                if value is None:
                    continue
                if not _DECIMAL.fullmatch(value.strip()) or not -(2**31) <= int(value) < 2**31:
                    raise refuse(f"its part {name} has a list id {value[:40]!r} that is not a whole number")
