"""A Word document's text paragraph by paragraph, each with where it is ("clause 5.1(b)").

`dealdocs verify` compares a document with a fresh build of its deal through these
lists, so each reader gives the text a person reads, in order, and names each
paragraph the way a lawyer would cite it:

- Word (`docx_paragraphs`): the body's paragraphs and table cells. Text inside `w:ins`
  (a lawyer's tracked insertion) counts; `w:del` and `w:moveFrom` do not, so a tracked
  document reads as if every change were accepted. Clause numbers are Word's own: the
  clause list counts paragraphs by their styles (DDHeading1, DDLevel2-4), so the numbers
  are counted from the styles the way Word counts them (a paragraph a lawyer adds in
  DDLevel3 is numbered as Word shows it). Continuation paragraphs carry the number of the
  clause they continue; table cells name their table, row and column.
- HTML and Markdown: `dealdocs.rounds.pagetext`, with the same `Para` and `Numbers`.

Empty paragraphs are left out: a blank line added or removed changes nothing a reader
sees.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from dealdocs.clausenumbers import alpha, roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = {"DDHeading1": 1, "DDLevel2": 2, "DDLevel3": 3, "DDLevel4": 4}
_BODY_LIMIT = 256 * 1024 * 1024  # a 50-page heads of terms is about 1 MiB
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "pPr", W + "rPr"}


@dataclass(frozen=True)
class Para:
    text: str
    where: str  # "clause 5.1(b)", "title page", "Schedule 1, Commitments matrix, row 2, Due"


class Numbers:
    """Where the reader is: the printed number at each clause level, or a schedule."""

    def __init__(self) -> None:
        self.printed: dict[int, str] = {}
        self.section = "title page"

    def clause(self, level: int, number: str) -> None:
        """A numbered paragraph at `level` printed with `number` ("4.", "4.2", "(a)", "(i)")."""
        self.printed = {k: v for k, v in self.printed.items() if k < level}
        self.printed[level] = number.strip().rstrip(".")
        self.section = _cite(self.printed)

    def at(self, level: int) -> str:
        """Where a continuation paragraph at `level`'s indent is: the clause it continues."""
        kept = {k: v for k, v in self.printed.items() if k <= level}
        return _cite(kept) if kept and level > 0 else self.section

    def schedule(self, title: str) -> None:
        self.printed = {}
        self.section = title


def _cite(printed: dict[int, str]) -> str:
    """{1: "4", 2: "4.2", 3: "(a)"} -> "clause 4.2(a)": "4.2" already carries its "4"."""
    return "clause " + "".join(printed[k] for k in sorted(printed) if not (k == 1 and 2 in printed))


# --- Word ------------------------------------------------------------------------------


def docx_paragraphs(data: bytes) -> list[Para]:
    """The body of a .docx as paragraphs; ValueError when it is not a readable one."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            if package.getinfo("word/document.xml").file_size > _BODY_LIMIT:
                raise ValueError(f"its body is over {_BODY_LIMIT // (1024 * 1024)} MiB unpacked")
            xml = package.read("word/document.xml")
            styles = _style_names(package)
        body = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, huge_tree=False)).find(W + "body")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as error:
        raise ValueError(f"not a readable Word document ({type(error).__name__}: {error})") from None
    if body is None:
        raise ValueError("not a readable Word document (no body)")
    reader = _WordReader(styles)
    reader.blocks(body)
    return reader.out


def _style_names(package: zipfile.ZipFile) -> dict[str, str]:
    """Style id -> our own id, by the style's name: a file saved again by LibreOffice
    gives our styles new ids made from their names ("Level1Heading" for DDHeading1)."""
    from dealdocs.render.docx.styles import STYLE_BY_NAME

    try:
        if package.getinfo("word/styles.xml").file_size > _BODY_LIMIT:
            return {}
        root = etree.fromstring(package.read("word/styles.xml"), etree.XMLParser(resolve_entities=False))
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    for style in root.iter(W + "style"):
        name = style.find(W + "name")
        if name is not None and name.get(W + "val") in STYLE_BY_NAME:
            out[style.get(W + "styleId", "")] = STYLE_BY_NAME[name.get(W + "val")]
    return out


class _WordReader:
    def __init__(self, styles: dict[str, str] | None = None) -> None:
        self.styles = styles or {}  # a style id in the file -> ours
        self.out: list[Para] = []
        self.numbers = Numbers()
        self.counters = [0, 0, 0, 0]
        self.schedules = 0
        self.caption = ""
        self.carry = ""  # text of a paragraph whose mark is deleted: it joins the next one

    def style(self, p) -> str:
        """The paragraph's style, as our id."""
        found = _style(p)
        return self.styles.get(found, found)

    def blocks(self, parent) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "moveTo"):
                self.blocks(child.find(W + "sdtContent") if child.tag == W + "sdt" else child)

    def paragraph(self, p, where: str | None = None) -> None:
        text = self.carry + _text(p)
        if p.find(f"{W}pPr/{W}rPr/{W}del") is not None:  # its mark is a tracked deletion
            self.carry = text
            return
        self.carry = ""
        style = self.style(p)
        if where is None:
            self.number(style, text)
            body = re.fullmatch(r"DDBody(\d)", style)
            where = self.numbers.at(int(body.group(1))) if body else self.numbers.section
        if style == "DDCaption":
            self.caption = text.strip()
        if text.strip():
            self.out.append(Para(text.strip(), where))

    def number(self, style: str, text: str) -> None:
        level = _LEVELS.get(style)
        if style == "DDScheduleHeading":
            # "Schedule 2" is the heading's list number, not its text (an earlier build
            # typed it: then it is the first line)
            self.counters = [0, 0, 0, 0]
            self.schedules += 1
            typed = re.match(r"Schedule \d+", text.strip())
            self.numbers.schedule(typed.group(0) if typed else f"Schedule {self.schedules}")
        elif level is not None:
            i = level - 1
            self.counters[i] += 1
            self.counters[i + 1 :] = [0] * (3 - i)
            c = self.counters
            printed = {1: f"{c[0]}", 2: f"{c[0]}.{c[1]}", 3: f"({alpha(c[2])})", 4: f"({roman(c[3])})"}[level]
            self.numbers.clause(level, printed)

    def table(self, tbl) -> None:
        caption, self.caption = self.caption, ""
        where = self.numbers.section
        rows = tbl.findall(W + "tr")
        header: list[str] = []
        number = 0
        for tr in rows:
            cells = tr.findall(W + "tc")
            texts = [" ".join(_text(p).strip() for p in tc.iter(W + "p")).strip() for tc in cells]
            if not header and any(self.style(p) == "DDTableHeading" for p in tr.iter(W + "p")):
                header = texts
                continue
            number += 1
            for col, tc in enumerate(cells):
                label = where
                if header:
                    name = header[col] if col < len(header) else f"column {col + 1}"
                    first = texts[0] if col and len(texts[0]) <= 60 and not texts[0].isdigit() else ""
                    first = f" ({first})" if first else ""
                    label = cell_label(where, caption, f"row {number}{first}", name)
                for child in tc:
                    if child.tag == W + "p":
                        self.paragraph(child, label)
                    elif child.tag == W + "tbl":
                        self.table(child)


def cell_label(where: str, caption: str, row: str, column: str) -> str:
    """"Schedule 1, Commitments matrix, row 2 (Company), Due"; a table before any clause
    (the term sheet's) is named by its caption alone."""
    parts = [where] if where != "title page" else []
    return ", ".join([*parts, caption or "table", row, column] if column else [*parts, caption or "table", row])


def _style(p) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val", "") if style is not None else ""



def _text(p) -> str:
    out: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab":
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(out)
