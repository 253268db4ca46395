"""Whether a document is still what its deal file gives (`dealdocs verify DOCUMENT DEAL`).

A document carries its provenance (`dealdocs.provenance`): the SHA-256 of the deal
file it was built from, a fingerprint of the clause library and standards, the dealdocs
version and which document it is. `verify` reads them and builds the same document
afresh from DEAL, in memory, then:

- says whether the document came from another version of the deal (the deal file's
  SHA-256 differs): the previous round's file, or a deal edited since;
- for Word, HTML and Markdown, compares the text paragraph by paragraph with the fresh
  build (`dealdocs.rounds.doctext`, `dealdocs.rounds.pagetext`) and lists every paragraph edited by hand, added or
  removed, by clause number, with its old and new text, so the edit can be carried
  back into the deal file. Word is compared by text, not bytes: a lawyer's tracked
  insertions count as written and tracked deletions as gone, and re-saving in Word
  changes nothing;
- for PDF, compares the provenance only (a PDF is not edited by hand).

The verdict is `ok` (exit 0) when the deal file is the same and no paragraph differs
(and, for PDF, the clause library too); a different clause library or dealdocs version
with the same text is only noted. A file with no provenance, or one that cannot be
read, is not a dealdocs document (InputError, exit 2).
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from dealdocs import api
from dealdocs.errors import InputError, Problem
from dealdocs.findings import has_errors
from dealdocs.provenance import DEAL, DOCUMENT, LIBRARY, VERSION
from dealdocs.render import DOCS
from dealdocs.rounds import docprops
from dealdocs.rounds.doctext import Para, docx_paragraphs
from dealdocs.rounds.pagetext import html_paragraphs, md_paragraphs

MAX_BYTES = 64 * 1024 * 1024  # far beyond any heads of terms; a bound on what is read


@dataclass(frozen=True)
class Edit:
    """One paragraph that differs: `edited` (old and new), `added` (new) or `removed` (old)."""

    kind: str
    where: str  # the clause as DEAL numbers it ("clause 5.1(b)"); for `added`, as DOCUMENT does
    old: str = ""
    new: str = ""
    where_now: str = ""  # an edited paragraph's clause in DOCUMENT, when its number moved


@dataclass
class Verdict:
    document: Path
    deal: Path
    format: str
    kind: str
    problems: list[str] = field(default_factory=list)  # why it is not what DEAL gives
    notes: list[str] = field(default_factory=list)  # worth knowing, not a difference
    edits: list[Edit] = field(default_factory=list)
    compared: bool = False  # whether the text was compared, or the provenance only
    same_inputs: bool = True  # built from DEAL and the library as they are now (else a
    # difference may come from them rather than from a hand edit)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.edits

    def as_dict(self) -> dict:
        """The verdict as JSON takes it (`dealdocs verify --format json`)."""
        return {
            "document": str(self.document), "deal": str(self.deal), "format": self.format, "kind": self.kind,
            "ok": self.ok, "compared": "text and provenance" if self.compared else "provenance",
            "same_inputs": self.same_inputs, "problems": self.problems, "notes": self.notes,
            "edits": [{"kind": e.kind, "where": e.where, "where_now": e.where_now or e.where, "old": e.old,
                       "new": e.new} for e in self.edits],
        }

    def lines(self) -> list[str]:
        name = str(self.document)
        out = [f"{name}: {problem}" for problem in self.problems]
        for edit in self.edits:
            out.extend(_edit_lines(name, edit, "edited by hand" if self.same_inputs else "differs"))
        out += [f"{name}: note: {note}" for note in self.notes]
        if self.ok:
            how = "text and provenance" if self.compared else "provenance"
            out.append(f"{name}: the {self.kind.replace('-', ' ')} is what {self.deal} gives ({how} compared)")
        elif self.edits:
            counts = {k: sum(e.kind == k for e in self.edits) for k in ("edited", "added", "removed")}
            parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
            many = "paragraph differs" if len(self.edits) == 1 else "paragraphs differ"
            out.append(f"{name}: not what {self.deal} gives: {len(self.edits)} {many} ({parts})")
        else:
            out.append(f"{name}: not what {self.deal} gives")
        return out


def verify(document: str | Path, deal: str | Path, *, standards: str | Path | None = None) -> Verdict:
    """Compare `document` with what the deal file `deal` gives (held to `standards`, as a
    batch run with `--standards` builds it); see the module docstring."""
    document, deal = Path(document), Path(deal)
    data = _read(document)
    fmt = _format(document, data)
    try:
        props = docprops.read(fmt, data)
    except ValueError as error:
        raise _not_ours(document, str(error)) from None
    if not props.get(DEAL):
        raise _not_ours(document, "it carries no dealdocs provenance (no dealdocs-deal-sha256 property)")
    kind = props.get(DOCUMENT) or ("term-sheet" if "term-sheet" in document.name else "heads-of-terms")
    if kind not in DOCS:
        raise _not_ours(document, f"dealdocs-document is {kind!r}, not one of {', '.join(DOCS)}")

    checked = api.check(deal, standards=standards)
    fresh = api.assemble_document(checked, kind)
    verdict = Verdict(document, deal, fmt, kind)
    _compare_provenance(verdict, props, fresh.provenance)
    if fmt == "pdf":
        return verdict
    verdict.compared = True
    try:
        current = _paragraphs(fmt, data)
    except ValueError as error:
        raise _not_ours(document, str(error)) from None
    verdict.edits = min((_edits(_fresh_paragraphs(checked, kind, fmt, force), current) for force in _forces(checked)),
                        key=len)
    return verdict


# --- provenance ------------------------------------------------------------------------


def _compare_provenance(verdict: Verdict, props: dict[str, str], fresh: dict[str, str]) -> None:
    deal = verdict.deal
    if props.get(DEAL) != fresh[DEAL]:
        verdict.same_inputs = False
        verdict.problems.append(
            f"built from another version of the deal: its {DEAL} is {props.get(DEAL)}, "
            f"{deal}'s is {fresh[DEAL]}"
        )
    if props.get(LIBRARY) != fresh[LIBRARY]:
        verdict.same_inputs = False
        message = (f"built with another clause library or standards than {deal} uses now "
                   f"({LIBRARY} {props.get(LIBRARY) or 'missing'}, now {fresh[LIBRARY]})")
        (verdict.problems if verdict.format == "pdf" else verdict.notes).append(message)
    if props.get(VERSION) != fresh[VERSION]:
        verdict.notes.append(f"built by dealdocs {props.get(VERSION) or '(unknown)'}; this is dealdocs {fresh[VERSION]}")
    if props.get(DOCUMENT) and props[DOCUMENT] != fresh[DOCUMENT]:  # cannot happen: kind comes from props
        verdict.problems.append(f"it is the {props[DOCUMENT]}, not the {fresh[DOCUMENT]}")


# --- text ------------------------------------------------------------------------------


def _forces(checked: api.Checked) -> list[bool]:
    """Which builds the document may be: a forced build carries the open findings as
    drafting notes (an erroneous deal builds only forced; warnings may go either way)."""
    if has_errors(checked.findings):
        return [True]
    if any(f.severity.value == "warning" for f in checked.findings):
        return [False, True]
    return [False]


def _fresh_paragraphs(checked: api.Checked, kind: str, fmt: str, force: bool) -> list[Para]:
    from dealdocs.render import render

    document = api.assemble_document(checked, kind, force=force)
    return _paragraphs(fmt, render(document, fmt))


def _paragraphs(fmt: str, data: bytes) -> list[Para]:
    if fmt == "docx":
        return docx_paragraphs(data)
    text = data.decode("utf-8", errors="replace")
    return html_paragraphs(text) if fmt == "html" else md_paragraphs(text)


def _edits(old: list[Para], new: list[Para]) -> list[Edit]:
    """What differs between the fresh build `old` and the document `new`, in order."""
    matcher = difflib.SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.extend(_pair(old[i1:i2], new[j1:j2]))
    return edits


def _pair(old: list[Para], new: list[Para]) -> list[Edit]:
    """Paragraphs replaced by others: each old one paired, in order, with the first new one
    still unpaired that reads mostly the same (an edit); the rest were removed or added."""
    edits: list[Edit] = []
    j = 0
    for before in old:
        match = next((k for k in range(j, len(new)) if _similar(before, new[k])), None)
        if match is None:
            edits.append(Edit("removed", before.where, old=before.text))
            continue
        edits.extend(Edit("added", after.where, new=after.text) for after in new[j:match])
        after = new[match]
        moved = after.where if after.where != before.where else ""
        edits.append(Edit("edited", before.where, before.text, after.text, moved))
        j = match + 1
    edits.extend(Edit("added", after.where, new=after.text) for after in new[j:])
    return edits


def _similar(a: Para, b: Para) -> bool:
    """The same paragraph edited: mostly the same words, or the same place (a table cell,
    a date on the title page) whatever its words."""
    if a.where == b.where and len(a.text) < 80 and len(b.text) < 80:
        return True
    return difflib.SequenceMatcher(None, a.text.split(), b.text.split(), autojunk=False).ratio() >= 0.5


def _edit_lines(name: str, edit: Edit, edited: str) -> list[str]:
    old, new = (_indent(f"    {label}: {text}") for label, text in (("old", edit.old), ("new", edit.new)))
    if edit.kind == "added":
        return [f"{name}: {edit.where}: paragraph added", new]
    if edit.kind == "removed":
        return [f"{name}: {edit.where}: paragraph removed", old]
    where = f"{edit.where} ({edit.where_now.removeprefix('clause ')} in this document)" if edit.where_now else edit.where
    return [f"{name}: {where}: {edited}: {_changes(edit.old, edit.new)}", old, new]


def _indent(text: str) -> str:
    """A paragraph's line breaks (a table cell's lines) kept, indented under its label."""
    return text.replace("\n", "\n         ")


def _short(words: str, most: int = 60) -> str:
    return words if len(words) <= most else words[: most - 1].rstrip() + "\u2026"


def _changes(old: str, new: str, most: int = 3) -> str:
    """The words that changed, e.g. '"£410,000,000" -> "£450,000,000"'."""
    a, b = re.findall(r"\S+", old), re.findall(r"\S+", new)
    spans = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            was, now = _short(" ".join(a[i1:i2])), _short(" ".join(b[j1:j2]))
            spans.append(f'"{was}" -> "{now}"' if was and now else f'"{was}" deleted' if was else f'"{now}" inserted')
    if not spans:
        return "spacing changed"
    return "; ".join(spans[:most]) + (f"; and {len(spans) - most} more" if len(spans) > most else "")


# --- the file --------------------------------------------------------------------------


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _not_ours(path, f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
        return path.read_bytes()
    except OSError as error:
        raise InputError([Problem(str(path), 0, 0, f"cannot read: {error.strerror or error}")]) from None


def _format(path: Path, data: bytes) -> str:
    """The document's format from its first bytes (a renamed file still works)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"PK\x03\x04") and _is_word(data):
        return "docx"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"---"):
        return "md"
    if re.match(rb"(?i)<!doctype html|<html", head):
        return "html"
    by_suffix = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(path.suffix.lower())
    if by_suffix and not head.startswith(b"PK"):
        return by_suffix
    raise _not_ours(path, "it is not a Word, PDF, HTML or Markdown document")


def _is_word(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False


def _not_ours(path: Path, why: str) -> InputError:
    return InputError([Problem(str(path), 0, 0, f"not a dealdocs document: {why}")])
