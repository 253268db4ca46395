"""An HTML or Markdown document's text paragraph by paragraph, each with where it is.

The counterpart of `dealdocs.rounds.doctext` (Word) for the pages: clause numbers are
printed in the text, so they are read from it ("4.2", "(a)") together with the level
the markup gives (`class="clause level-3"`; Markdown's block-quote depth). `<del>` is
left out of HTML as `w:del` is of Word; a table cell, or a pipe-table row in Markdown,
names its table, row and column.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dealdocs.rounds.doctext import Numbers, Para, cell_label

# --- HTML ------------------------------------------------------------------------------

_HTML_BLOCKS = {"p", "h1", "h2", "h3", "td", "th", "caption", "figcaption", "li"}
_NUMBER = re.compile(r"^(\d+\.(?:\d+)?|\([a-z]+\))")


def html_paragraphs(text: str) -> list[Para]:
    reader = _HTMLReader()
    reader.feed(text)
    reader.close()
    return reader.out


class _HTMLReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[Para] = []
        self.numbers = Numbers()
        self.open: tuple[str, str] | None = None  # (tag, class) of the block being read
        self.parts: list[str] = []
        self.hidden = 0  # depth inside <del>, <head>, <style>, <script>, <svg>
        self.table: dict | None = None  # caption, header, row and column of the table being read

    def handle_starttag(self, tag, attrs):
        if tag in ("del", "head", "style", "script", "svg"):
            self.hidden += 1
        elif tag == "table":
            self.table = {"caption": "", "header": [], "row": 0, "col": -1, "first": ""}
        elif tag == "tr" and self.table is not None:
            self.table["col"] = -1
        elif tag in ("td", "th") and self.table is not None:
            self.table["col"] += 1
            if tag == "td" and self.table["col"] == 0:
                self.table["row"] += 1
        if tag == "br" and self.open:
            self.parts.append("\n")
        elif tag in _HTML_BLOCKS and not self.hidden:
            self.flush()
            self.open = (tag, dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if tag in ("del", "head", "style", "script", "svg"):
            self.hidden = max(0, self.hidden - 1)
        elif self.open and tag == self.open[0]:
            self.flush()
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.open and not self.hidden:
            self.parts.append(data)

    def flush(self) -> None:
        if self.open is None:
            return
        (tag, classes), text = self.open, "".join(self.parts).replace("\xa0", " ").strip()
        self.open, self.parts = None, []
        names = classes.split()
        level = 1 if "heading" in names else next((int(n[6:]) for n in names if re.fullmatch(r"level-\d", n)), 0)
        if "schedule-heading" in names:
            self.numbers.schedule(text.split("\n")[0].strip())
        elif level and (match := _NUMBER.match(text)):
            self.numbers.clause(level, match.group(1))
        indent = next((int(n[7:]) for n in names if re.fullmatch(r"indent-\d", n)), 0)
        where = self.numbers.at(indent) if "para" in names else self.numbers.section
        if self.table is not None and tag in ("caption", "th", "td"):
            where = self.cell(tag, text, where)
        if text:
            self.out.append(Para(text, where))

    def cell(self, tag: str, text: str, where: str) -> str:
        table = self.table
        if tag == "caption":
            table["caption"] = text
        elif tag == "th":
            table["header"].append(text)
        else:
            col, header = table["col"], table["header"]
            if col == 0:
                table["first"] = text if len(text) <= 60 and not text.isdigit() else ""
            first = f" ({table['first']})" if col and table["first"] else ""
            return cell_label(where, table["caption"], f"row {table['row']}{first}", header[col] if col < len(header) else "")
        return where


# --- Markdown --------------------------------------------------------------------------

_MD_LEVELS = [
    (re.compile(r"^## Schedule (\d+)"), 0),
    (re.compile(r"^## (\d+)\. "), 1),
    (re.compile(r"^\[?\*\*(\d+\.\d+)\*\*"), 2),
    (re.compile(r"^> \[?\*\*(\([a-z]+\))\*\*"), 3),
    (re.compile(r"^> > \[?\*\*(\([a-z]+\))\*\*"), 4),
]


def md_paragraphs(text: str) -> list[Para]:
    """Markdown (front matter left out) as its blank-line-separated chunks."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        text = text[end + 4 :] if end >= 0 else text
    numbers = Numbers()
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        where = None
        for pattern, level in _MD_LEVELS:
            if match := pattern.match(chunk):
                if level == 0:
                    numbers.schedule(f"Schedule {match.group(1)}")
                else:
                    numbers.clause(level, match.group(1))
                where = numbers.section
                break
        if where is None:  # a continuation: quoted as deep as the level it continues
            where = numbers.at(2 + len(re.match(r"(> )*", chunk).group(0)) // 2)
        if chunk.startswith("|"):  # a pipe table: a paragraph a row
            out.extend(_md_rows(chunk, where))
        elif chunk:
            out.append(Para(chunk, where))
    return out


def _md_rows(table: str, where: str) -> list[Para]:
    lines = table.splitlines()
    out = [Para(lines[0].strip(), cell_label(where, "", "header", ""))]
    for number, line in enumerate(lines[2:], start=1):  # lines[1] is the rule under the header
        first = line.strip().strip("|").split("|")[0].strip()
        first = f" ({first})" if first and len(first) <= 60 and not first.isdigit() else ""
        out.append(Para(line.strip(), cell_label(where, "", f"row {number}{first}", "")))
    return out
