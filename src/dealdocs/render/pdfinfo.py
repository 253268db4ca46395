"""Extra entries in a finished PDF's document information dictionary, as an incremental
update (ISO 32000-1, 7.5.6): the file's bytes are kept as they are and a new revision of
its Info dictionary is appended after them.

Typst writes the standard entries (title, author, keywords, dates) but has no way to add
others; the provenance (SPEC section 9: `dealdocs-deal-sha256` and the rest) is added
here under exactly those names, which pypdf and `pdfinfo -custom` read back. Typst also
names itself the creator; the PDF's creator is the program that made the document it
converts (ISO 32000-1, 14.3.3), which is dealdocs, as the WeasyPrint PDF and the Word
file say, and Typst is its producer: `creator` moves it there, in the Info dictionary
and in the XMP metadata alike (readers of PDF/A and PDF/UA compare the two). Nothing
else changes, so the tags and the PDF/UA conformance of the original stand, and the
result depends only on the input bytes. An entry of the same name is replaced, never
repeated (a dictionary with a key twice is not valid PDF).

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


def add_info(pdf: bytes, entries: dict[str, str], *, creator: str | None = None) -> bytes:
    """`pdf` with `entries` in its document information dictionary; with `creator`, that
    named as its creator and the program named so far as its producer.

    Works on a file whose last cross-reference section is a classic table with a
    trailer naming an `/Info` dictionary, as Typst writes it; raises ValueError
    otherwise rather than write a damaged file.
    """
    if not entries and creator is None:
        return pdf
    match = _TRAILER.match(pdf, pdf.rfind(b"trailer"))  # the last revision's trailer
    if match is None:
        raise ValueError("the PDF does not end in a classic trailer")
    trailer, prev = match.group("dict"), int(match.group("xref"))
    info = _reference(trailer, b"Info")
    if info is None:
        raise ValueError("the PDF's trailer names no /Info dictionary")
    body = _dictionary_body(pdf, _offset(pdf, prev, info[0]), *info)
    new: dict[bytes, bytes] = {}
    for key, value in entries.items():
        if not _NAME.match(key.encode("utf-8")):
            raise ValueError(f"not a plain PDF name: {key!r}")
        new[key.encode("ascii")] = _string(value)
    has = _entries(body)
    objects = []
    if creator is not None:
        new[b"Creator"] = _string(creator)
        if b"Creator" in has:
            new[b"Producer"] = body[has[b"Creator"][1]:has[b"Creator"][2]]  # as written
        objects += _metadata(pdf, trailer, prev, creator)
    kept, at = [], 0
    for name, (start, _value, end) in has.items():
        if name in new:  # replaced, not repeated
            kept.append(body[at:start])
            at = end
    body = b"".join(kept) + body[at:] + b"".join(b"/" + name + b" " + value for name, value in new.items())
    objects.append((*info, b"<<%s>>" % body))
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    out, xref = bytearray(head), b"xref\n"
    for number, generation, obj in sorted(objects):
        xref += b"%d 1\n%010d %05d n\r\n" % (number, len(out), generation)
        out += b"%d %d obj\n%s\nendobj\n" % (number, generation, obj)
    kept_trailer = re.sub(rb"/(Prev|Info)\s+\d+(\s+\d+\s+R)?", b"", trailer).strip()
    update = xref + b"trailer\n<<%s/Info %d %d R/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (
        kept_trailer, *info, prev, len(out))
    return bytes(out) + update


def _metadata(pdf: bytes, trailer: bytes, prev: int, creator: str) -> list[tuple[int, int, bytes]]:
    """The XMP metadata stream with `creator` as its creator tool and the tool it named as
    the producer, as one new object; none when the stream is not plain XMP as Typst
    writes it (compressed, or laid out otherwise), which is then left as it is."""
    root = _reference(trailer, b"Root")
    catalog = _dictionary_body(pdf, _offset(pdf, prev, root[0]), *root) if root else b""
    ref = _reference(catalog, b"Metadata")
    if ref is None:
        return []
    at = _offset(pdf, prev, ref[0])
    head = _dictionary_body(pdf, at, *ref)
    stream = re.compile(rb"\s*stream\r?\n").match(pdf, pdf.index(head, at) + len(head) + 2)
    length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head)
    if stream is None or length is None or b"/Filter" in head:
        return []
    xmp = pdf[stream.end():stream.end() + int(length.group(1))]
    tool = re.search(rb"<xmp:CreatorTool>([^<]*)</xmp:CreatorTool>", xmp)
    described = xmp.rfind(b"<rdf:Description", 0, tool.start()) if tool else -1
    if described < 0 or b"pdf:Producer" in xmp or b"</rdf:Description>" in xmp[described:tool.start()] \
            or b'xmlns:pdf="http://ns.adobe.com/pdf/1.3/"' not in xmp[described:xmp.index(b">", described)]:
        return []
    name = creator.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
    xmp = (xmp[:tool.start()] + b"<xmp:CreatorTool>%s</xmp:CreatorTool><pdf:Producer>%s</pdf:Producer>"
           % (name, tool.group(1)) + xmp[tool.end():])
    head = re.sub(rb"/Length\s+\d+", b"/Length %d" % len(xmp), head)
    return [(*ref, b"<<%s>>\nstream\n%s\nendstream" % (head, xmp))]


def _reference(dictionary: bytes, key: bytes) -> tuple[int, int] | None:
    """(object number, generation) of the entry `key` of a dictionary's body, when it is
    an indirect reference."""
    entry = _entries(dictionary).get(key)
    found = re.fullmatch(rb"(\d+)\s+(\d+)\s+R", dictionary[entry[1]:entry[2]]) if entry else None
    return (int(found.group(1)), int(found.group(2))) if found else None


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
            raise ValueError(f"object {number} of the PDF is in no cross-reference table")
        xref = int(prev.group(1))


def _dictionary_body(pdf: bytes, at: int, number: int, generation: int) -> bytes:
    """The bytes between `<<` and its matching `>>` of object `number` at `at`, read token
    by token, so a `>>` inside a string (a title may hold anything) is not taken for the end."""
    start = re.compile(rb"%d %d obj\s*<<" % (number, generation)).match(pdf, at)
    if start is None:
        raise ValueError(f"object {number} of the PDF is not where its cross-reference table says")
    i, depth = start.end(), 1
    while True:
        token, at, i = _token(pdf, i)
        depth += (token == b"<<") - (token == b">>")
        if depth == 0:
            return pdf[start.end():at]
        if not token:
            raise ValueError(f"object {number} of the PDF does not end")


def _entries(body: bytes) -> dict[bytes, tuple[int, int, int]]:
    """Each entry of a dictionary's body: name -> (where the entry starts, where its value
    starts, where it ends)."""
    out: dict[bytes, tuple[int, int, int]] = {}
    i = 0
    while True:
        start = i
        key, _, i = _token(body, i)
        if not key:
            return out
        value, value_at, i = _token(body, i)
        if not key.startswith(b"/") or not value:
            raise ValueError("the PDF's dictionary is not a list of names and values")
        depth = value in (b"<<", b"[")
        while depth:  # an array or dictionary: to its matching end
            token, _, i = _token(body, i)
            if not token:
                raise ValueError("the PDF's dictionary does not end")
            depth += (token in (b"<<", b"[")) - (token in (b">>", b"]"))
        reference = _REFERENCE.match(body, i) if value.isdigit() else None
        i = reference.end() if reference else i  # "12 0 R"
        out[key[1:]] = (start, value_at, i)


def _token(data: bytes, i: int) -> tuple[bytes, int, int]:
    """(the token at `i`, where it starts, where it ends), white space skipped: `<<`, `>>`,
    `[`, `]`, a string (its opening character stands for it), a name, a number or a
    keyword; b"" at the end."""
    i = _SPACE.match(data, i).end()
    if i >= len(data):
        return b"", i, i
    if data.startswith((b"<<", b">>"), i):
        return data[i:i + 2], i, i + 2
    char = data[i:i + 1]
    if char == b"(":  # a literal string: balanced parentheses, backslash escapes
        nested, end = 1, i + 1
        while nested and end < len(data):
            one = data[end:end + 1]
            end += 2 if one == b"\\" else 1
            nested += {b"(": 1, b")": -1}.get(one, 0)
        return char, i, end
    if char == b"<":  # a hex string
        return char, i, data.index(b">", i) + 1
    if char in b"[]":
        return char, i, i + 1
    end = _REGULAR.match(data, i + 1).end()  # a name or a number, true, false, null, R
    return data[i:end], i, end


_SPACE = re.compile(rb"[\x00\t\n\x0c\r ]*")
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r /<>\[\]()%{}]*")
_REFERENCE = re.compile(rb"\s+\d+\s+R(?![^\x00\t\n\x0c\r /<>\[\]()%{}])")


def _string(value: str) -> bytes:
    """A PDF text string: literal when ASCII, else UTF-16BE with its byte order mark."""
    if value.isascii() and value.isprintable():
        return b"(" + re.sub(rb"([()\\])", rb"\\\1", value.encode("ascii")) + b")"
    return b"<" + ("\ufeff" + value).encode("utf-16-be").hex().upper().encode("ascii") + b">"
