"""Extra entries in a finished PDF's document information dictionary, as an incremental
update (ISO 32000-1, 7.5.6): the file's bytes are kept as they are and a new revision of
its Info dictionary is appended after them.

Typst writes the standard entries (title, author, keywords, dates) but has no way to add
others; the provenance (SPEC section 9: `dealdocs-deal-sha256` and the rest) is added
here under exactly those names, which pypdf and `pdfinfo -custom` read back. Nothing
but the Info dictionary changes, so the tags, the XMP metadata and the PDF/UA
conformance of the original stand, and the result depends only on the input bytes.

Why not pypdf's own incremental writer (`PdfWriter(..., incremental=True)`, pypdf 7.1):
tried on Typst's output, it writes a trailer whose /Size is not one more than the highest
object number, and `qpdf --check` then warns (exit 3); this small update keeps the file
clean.
"""

from __future__ import annotations

import re

_TRAILER = re.compile(rb"trailer\s*<<(?P<dict>.*?)>>\s*startxref\s+(?P<xref>\d+)\s*%%EOF\s*\Z", re.S)
_TRAILER_AT = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_NAME = re.compile(rb"[A-Za-z0-9_.-]+\Z")


def add_info(pdf: bytes, entries: dict[str, str]) -> bytes:
    """`pdf` with `entries` added to its document information dictionary.

    Works on a file whose last cross-reference section is a classic table with a
    trailer naming an `/Info` dictionary, as Typst writes it; raises ValueError
    otherwise rather than write a damaged file.
    """
    if not entries:
        return pdf
    match = _TRAILER.match(pdf, pdf.rfind(b"trailer"))  # the last revision's trailer
    if match is None:
        raise ValueError("the PDF does not end in a classic trailer")
    trailer, prev = match.group("dict"), int(match.group("xref"))
    info = re.search(rb"/Info\s+(\d+)\s+(\d+)\s+R", trailer)
    if info is None:
        raise ValueError("the PDF's trailer names no /Info dictionary")
    number, generation = int(info.group(1)), int(info.group(2))
    body = _dictionary_body(pdf, _offset(pdf, prev, number), number, generation)
    body += b"".join(_entry(key, value) for key, value in entries.items())
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    obj_at = len(head)
    obj = b"%d %d obj\n<<%s>>\nendobj\n" % (number, generation, body)
    xref_at = obj_at + len(obj)
    kept = re.sub(rb"/(Prev|Info)\s+\d+(\s+\d+\s+R)?", b"", trailer).strip()
    update = (
        b"xref\n%d 1\n%010d %05d n\r\n" % (number, obj_at, generation)
        + b"trailer\n<<%s/Info %d %d R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (kept, number, generation, prev, xref_at)
    )
    return head + obj + update


def _offset(pdf: bytes, xref: int, number: int) -> int:
    """Where object `number` starts, from the cross-reference table at `xref` (and the
    earlier revisions' tables it names with /Prev)."""
    while True:
        section = re.compile(rb"xref\s+").match(pdf, xref)
        if section is None:
            raise ValueError("the PDF's cross-reference table is not where its trailer says")
        at = section.end()
        while (head := re.compile(rb"(\d+) (\d+)\s*?\r?\n").match(pdf, at)) is not None:
            first, count = int(head.group(1)), int(head.group(2))
            at = head.end()
            if first <= number < first + count:
                entry = pdf[at + 20 * (number - first): at + 20 * (number - first) + 18]
                if entry.endswith(b"n"):
                    return int(entry[:10])
            at += 20 * count
        trailer = _TRAILER_AT.match(pdf, at)
        prev = re.search(rb"/Prev\s+(\d+)", trailer.group(1)) if trailer else None
        if prev is None:
            raise ValueError("the PDF's /Info dictionary is in no cross-reference table")
        xref = int(prev.group(1))


def _dictionary_body(pdf: bytes, at: int, number: int, generation: int) -> bytes:
    """The bytes between `<<` and its matching `>>` of object `number` at `at`, read token
    by token, so a `>>` inside a string (a title may hold anything) is not taken for the end."""
    start = re.compile(rb"%d %d obj\s*<<" % (number, generation)).match(pdf, at)
    if start is None:
        raise ValueError("the PDF's /Info dictionary is not where its cross-reference table says")
    i, depth = start.end(), 1
    while i < len(pdf):
        if pdf.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif pdf.startswith(b">>", i):
            depth -= 1
            if depth == 0:
                return pdf[start.end():i]
            i += 2
        elif pdf[i:i + 1] == b"(":  # a literal string: balanced parentheses, backslash escapes
            nested, i = 1, i + 1
            while nested and i < len(pdf):
                char = pdf[i:i + 1]
                i += 2 if char == b"\\" else 1
                nested += {b"(": 1, b")": -1}.get(char, 0)
        elif pdf[i:i + 1] == b"<":  # a hex string
            i = pdf.index(b">", i) + 1
        else:
            i += 1
    raise ValueError("the PDF's /Info dictionary does not end")


def _entry(key: str, value: str) -> bytes:
    name = key.encode("ascii")
    if not _NAME.match(name):
        raise ValueError(f"not a plain PDF name: {key!r}")
    return b"/" + name + b" " + _string(value)


def _string(value: str) -> bytes:
    """A PDF text string: literal when ASCII, else UTF-16BE with its byte order mark."""
    if value.isascii() and value.isprintable():
        return b"(" + re.sub(rb"([()\\])", rb"\\\1", value.encode("ascii")) + b")"
    return b"<" + ("\ufeff" + value).encode("utf-16-be").hex().upper().encode("ascii") + b">"
