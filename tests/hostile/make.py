"""Hostile inputs made from a few lines each, for the tests and for `measure.py`.

Files that would be large or binary (a zip bomb, a sparse 2 GB house style, a deal
with 10,000 commitments, a 1 MB string aliased 50 times) are made here rather than
kept in the repository; everything else is a file beside this one.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
DEAL = (HERE / "deal.yaml").read_text(encoding="utf-8")

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def deal(folder: Path, clauses: str = "honest", name: str = "deal.yaml", **replace: str) -> Path:
    """The base hostile deal using clause folder `clauses/<clauses>`, with text replaced."""
    text = DEAL.replace("clauses/CASE", str(HERE / "clauses" / clauses))
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def alias_bomb(folder: Path, size: int = 1_000_000, aliases: int = 50) -> Path:
    """A 1 MB string anchored once and aliased 50 times in `conditions`."""
    conditions = "conditions:\n  - &big " + "a" * size + "\n" + "  - *big\n" * aliases
    return deal(folder, **{"parties:\n": conditions + "parties:\n"})


def many_commitments(folder: Path, count: int = 10_000) -> Path:
    rows = "".join(
        f"  - {{id: c{i}, by: investor, to: council, clause: obligation, text: build unit {i}, remedy: claw}}\n"
        for i in range(count))
    return deal(folder, **{"commitments:\n": "commitments:\n" + rows})


# --- house styles -------------------------------------------------------------------


def style(path: Path) -> Path:
    """An honest house style: US Letter, 30 mm margins, a header reading ACME LLP."""
    document = docx.Document()
    document.sections[0].left_margin = docx.shared.Mm(30)
    document.sections[0].header.paragraphs[0].text = "ACME LLP"
    document.add_paragraph("Old body text")
    document.save(path)
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the zip at `source` with each member passed through change(name, data)
    (which returns new data, None to drop it, or a list of (name, data) to write)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            out = change(item.filename, src.read(item))
            if out is None:
                continue
            for name, data in out if isinstance(out, list) else [(item.filename, out)]:
                dst.writestr(name, data)
    return target


def _header_name(source: Path) -> str:
    with zipfile.ZipFile(source) as package:
        return next(n for n in package.namelist() if re.fullmatch(r"word/header\d*\.xml", n))


def hostile_style(kind: str, folder: Path) -> Path:
    """A house style of the given kind of hostility, made in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = style(folder / "base.docx")
    target = folder / f"{kind}.docx"
    header = _header_name(base)
    if kind == "not-a-zip":
        target.write_bytes(b"this is not a zip file")
    elif kind == "empty":
        target.write_bytes(b"")
    elif kind == "sparse-2gb":
        with open(target, "wb") as handle:
            handle.truncate(2 * 1024**3)
    elif kind == "fifo":
        target = folder / "fifo.docx"
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "zip-bomb":  # a 64 MiB image part packed into 64 KB, written in pieces
        _rewrite(base, target, lambda n, d: d)
        with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as package:
            with package.open("word/media/image1.png", "w") as part:
                for _ in range(64):
                    part.write(bytes(1024 * 1024))
    elif kind == "missing-parts":
        _rewrite(base, target, lambda n, d: None if n == "word/styles.xml" else d)
    elif kind == "no-content-types":
        _rewrite(base, target, lambda n, d: None if n == "[Content_Types].xml" else d)
    elif kind == "broken-styles":
        _rewrite(base, target, lambda n, d: d[: len(d) // 2] if n == "word/styles.xml" else d)
    elif kind == "bad-numbering-ids":
        _rewrite(base, target, lambda n, d: re.sub(rb'w:abstractNumId="\d+"', b'w:abstractNumId="x1"', d)
                 if n == "word/numbering.xml" else d)
    elif kind == "billion-laughs":
        lol = (b'<!DOCTYPE w:styles [<!ENTITY a "lollollollollollollollollollol">'
               + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
               + b"]>")
        _rewrite(base, target, lambda n, d: d.replace(b"?>", b"?>" + lol, 1).replace(b"</w:styles>", b"&j;</w:styles>")
                 if n == "word/styles.xml" else d)
    elif kind == "dotdot-member":
        _rewrite(base, target, lambda n, d: [(n, d), ("../../evil.txt", b"x")] if n == "word/styles.xml" else d)
    elif kind == "dtd-entity-header":
        def change(name, data):
            if name != header:
                return data
            data = data.replace(b"ACME LLP", b"&co;")
            return data.replace(b"?>", b'?><!DOCTYPE w:hdr [<!ENTITY co "ACME LLP">]>', 1)
        _rewrite(base, target, change)
    elif kind == "external-refs":
        _external(base, target, header)
    else:
        raise ValueError(kind)
    return target


def _external(base: Path, target: Path, header: str) -> None:
    """An attached template URL, a file:///etc/passwd hyperlink and an INCLUDETEXT field
    in the header, and a macro project."""
    header_rels = header.replace("word/", "word/_rels/") + ".rels"
    link = (f'<w:hyperlink xmlns:r="{_REL}" r:id="rIdX"><w:r><w:t>secrets</w:t></w:r></w:hyperlink>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT "/etc/passwd" </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>root:x:0:0</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr="INCLUDEPICTURE http://example.invalid/x.png"><w:r><w:t>pic</w:t></w:r></w:fldSimple>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdX" Type="{_REL}/hyperlink" Target="file:///etc/passwd" TargetMode="External"/>'
            '</Relationships>').encode()
    template = (f'<Relationship Id="rIdT" Type="{_REL}/attachedTemplate" '
                'Target="http://example.invalid/template.dotm" TargetMode="External"/>'
                f'<Relationship Id="rIdV" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                'Target="vbaProject.bin"/>').encode()

    def change(name, data):
        if name == header:
            return data.replace(b"</w:p>", link.encode() + b"</w:p>", 1)
        if name == "word/_rels/document.xml.rels":
            return data.replace(b"</Relationships>", template + b"</Relationships>")
        if name == "word/settings.xml":
            return data.replace(b"<w:zoom", f'<w:attachedTemplate xmlns:r="{_REL}" r:id="rIdT"/><w:zoom'.encode(), 1)
        if name == "[Content_Types].xml":
            return [(name, data), (header_rels, rels), ("word/vbaProject.bin", b"macro" * 100)]
        return data

    _rewrite(base, target, change)


STYLE_KINDS = ("not-a-zip", "empty", "sparse-2gb", "fifo", "dev-zero", "zip-bomb", "missing-parts",
               "no-content-types", "broken-styles", "bad-numbering-ids", "billion-laughs", "dotdot-member",
               "dtd-entity-header", "external-refs")
