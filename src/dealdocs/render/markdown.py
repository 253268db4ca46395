"""Markdown: Pandoc's Markdown, for reading in a diff, a wiki or a pandoc conversion.

Choices, each made for what pandoc reads back correctly:

- A YAML metadata block carries the properties every format shares (title, author,
  subject, date, language and keywords: `render.properties`), in the names pandoc
  passes on to Word and PDF, and the document's provenance (`dealdocs-deal-sha256` and the rest, see `dealdocs.provenance`).
- Clause numbers are written out ("## 4. Commitments", "**4.2**", "**(a)**"), never
  left to Markdown's list numbering, so they always match Word, PDF and HTML.
  Sub-paragraphs (levels 3 and 4) are indented as block quotes: Markdown has no other
  indentation (four spaces would make a code block), and pandoc keeps it in every
  output format.
- Anchors are pandoc attributes: `{#id}` on headings and a bracketed span
  `[**4.2**]{#id}` on numbered paragraphs, which pandoc turns into HTML ids and Word
  bookmarks; a cross-reference is a link `[4.2](#id)`.
- Tables are pipe tables; the dashes of the rule under the header carry the relative
  column widths. A pipe-table cell is one line, so a line break inside it is `<br>`
  (the only raw HTML written; pandoc keeps it in HTML and drops it elsewhere).
- A figure cannot carry its SVG here: its caption and its alt text are written as a
  paragraph.
- User text is escaped: every character Markdown could read as markup is
  backslash-escaped, and a paragraph cannot start like a list, a heading or a quote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dealdocs import tree
from dealdocs.clausefilters import long_date
from dealdocs.render._html import link_targets, run_in, sections
from dealdocs.render.properties import properties
from dealdocs.safetext import visible

NAME = "md"
SUFFIX = "md"

_RULE_WIDTH = 72  # dashes shared out among a table's columns, as pandoc's --columns


def render(doc: tree.Document, *, style: Path | None = None) -> bytes:
    """The document as UTF-8 Markdown ending in one newline. `style` is ignored."""
    chunks = _front_matter(doc) + _title_page(doc)
    targets = link_targets(doc.blocks)
    for schedule, blocks in sections(doc.blocks):
        if schedule is not None:
            chunks.append(_heading(2, f"Schedule {schedule.number} \u2014 {schedule.title}", schedule.anchor))
        for block in blocks:
            chunks.extend(_block(block, targets))
    return ("\n\n".join(chunks) + "\n").encode("utf-8")


# --- parts ----------------------------------------------------------------------------


def _front_matter(doc: tree.Document) -> list[str]:
    same = properties(doc)  # as the Word file, the PDF and the web page have them
    fields = {
        "title": escape(same.title),
        "author": [escape(author) for author in same.authors],
        "subject": escape(same.subject),
        "date": same.date.isoformat(),  # created and modified, as the other formats' dates
        "lang": same.language,
        "keywords": [escape(word) for word in same.keywords],
        # Provenance (SPEC section 9): hex digests, a version and a kind, nothing to escape.
        **doc.provenance,
    }
    # JSON strings are YAML double-quoted scalars; pandoc then reads them as Markdown,
    # hence the escaping inside them too.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return ["---\n" + "\n".join(lines) + "\n---"]


def _title_page(doc: tree.Document) -> list[str]:
    marks = [_emphasis(doc.marking, "**")] if doc.marking.strip() else []
    marks += [f"**{doc.draft_mark}**"] if doc.draft else []
    out = [" \u2014 ".join(marks)] if marks else []
    if doc.subtitle:
        out.append(_emphasis(doc.subtitle, "*"))
    out.append(f"Dated {escape(long_date(doc.date))}")
    if doc.parties:
        out.append("between")
        for i, party in enumerate(doc.parties, start=1):
            description = f", {escape(_flat(party.description))}" if party.description.strip() else ""
            end = "." if i == len(doc.parties) else "; and" if i == len(doc.parties) - 1 else ";"
            term = f" (the {_emphasis(_quoted(party.short_name), '**')})" if party.short_name else ""
            out.append(f"**({i})** {_emphasis(party.name, '**')}{description}{term}{end}")
    out.append("* * *")
    return out


def _block(block: tree.Block, targets: set[str]) -> list[str]:
    if isinstance(block, tree.Heading):
        return [_heading(2, f"{block.number} {block.text}", block.anchor)]
    if isinstance(block, tree.Clause):
        number = f"**{escape(block.number)}**"
        if block.anchor:
            number = f"[{number}]{{#{md_id(block.anchor)}}}"
        title = f" {_emphasis(run_in(block.title), '**')}" if block.title.strip() else ""
        text = inlines(block.content, targets)
        return [_quote(block.level, f"{number}{title} {text}".rstrip())]
    if isinstance(block, tree.Para):
        text = _line_start(inlines(block.content, targets))
        if block.kind == "note" and text:
            text = f"*{text}*"
        return [_quote(block.indent, text)] if text else []
    if isinstance(block, tree.Table):
        return _table(block, targets)
    if isinstance(block, tree.Signature):
        return [
            _line_start(" ".join(x for x in (escape(_flat(block.capacity)), _emphasis(block.party, "**"),
                                             escape(_flat(block.by))) if x)),
            ("Signature:\\\n"
             f"Name: {escape(_flat(block.signatory))}\\\n"
             f"Title: {escape(_flat(block.title))}\\\n"
             "Date:"),
        ]
    if isinstance(block, tree.Figure):
        return [f"{_emphasis(run_in(block.caption), '*')} {escape(_flat(block.alt))}".strip()]
    if isinstance(block, tree.SubHeading):
        return [_heading(3, block.text, "")]
    return []  # PageBreak: Markdown has no pages


def _heading(level: int, text: str, anchor: str) -> str:
    attributes = f" {{#{md_id(anchor)}}}" if anchor else ""
    return f"{'#' * level} {escape(_flat(text))}{attributes}"


def _table(table: tree.Table, targets: set[str]) -> list[str]:
    count = len(table.header)
    widths = table.widths if len(table.widths) == count and sum(table.widths) > 0 else [1] * count
    rule = "|" + "|".join(":" + "-" * max(3, round(_RULE_WIDTH * w / sum(widths))) for w in widths) + "|"
    lines = [_row([escape(_flat(cell)) for cell in table.header]), rule]
    for row, (number, anchor) in zip(table.rows, table.row_labels()):
        cells = [inlines(cell, targets, line_break=" <br> ") for cell in row]
        if number and cells:  # a numbered row (the term sheet's), an anchor for the links to it
            label = f"[{number}.]{{#{md_id(anchor)}}}" if anchor else f"{number}."
            cells[0] = f"{label} {cells[0]}".rstrip()
        lines.append(_row(cells))
    out = ["\n".join(lines)]
    if table.caption.strip():
        out.append(f"Table: {escape(_flat(table.caption))}")
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


# --- inline text ---------------------------------------------------------------------


def inlines(items: list[tree.Inline], targets: set[str], *, line_break: str = "\\\n") -> str:
    """Inline runs as Markdown, user text escaped.

    A newline inside a Text is a line break: a hard break (backslash, newline) in a
    paragraph, `line_break` where the text must stay on one line (a table cell). A Ref
    links only to an anchor in `targets`; otherwise its number is printed unlinked.
    """
    out = []
    for item in items:
        if isinstance(item, tree.Text):
            out.append(_BREAK.join(escape(_flat(line)) for line in item.text.split("\n")))
        elif isinstance(item, tree.Strong):
            out.append(_emphasis(item.text, "**"))
        elif isinstance(item, tree.Defined):
            out.append(_emphasis(_quoted(item.term), "**"))
        elif isinstance(item, tree.Note):
            out.append(_emphasis(item.printed, "*"))
        elif isinstance(item, tree.Ref):
            number = escape(item.number or item.target)
            out.append(f"[{number}](#{md_id(item.target)})" if item.target in targets else number)
            out.append(f" ({escape(_flat(item.label))})" if item.label else "")
    lines = [line.strip() for line in re.sub(" {2,}", " ", "".join(out)).split(_BREAK)]
    lines = [line for line in lines if line]
    return line_break.join(lines[:1] + [_line_start(line) for line in lines[1:]])


_BREAK = "\x00"  # stands for a line break until the lines are joined


# Everything Markdown (with pandoc's extensions) could read as markup inside a line.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~^$@&!])")


def escape(text: str) -> str:
    """Text with every Markdown metacharacter backslash-escaped.

    Runs of hyphens are escaped too, so pandoc's smart typography does not turn "--"
    into a dash.
    """
    text = _SPECIAL.sub(r"\\\1", visible(text))  # a control or bidi override shown, never passed on
    return re.sub(r"-{2,}", lambda m: "\\-" * len(m.group()), text)


_BLOCK_START = re.compile(r"^(?:[-+>:=%(]|(?:\d+|[A-Za-z]+)[.)](?=\s|$))")


def _line_start(text: str) -> str:
    """Text that opens a line, kept from reading as a list item, quote or rule."""
    match = _BLOCK_START.match(text)
    if not match:
        return text
    cut = match.end() - 1
    return f"{text[:cut]}\\{text[cut:]}"


def _emphasis(text: str, mark: str) -> str:
    """`text` escaped and wrapped in `mark` (`*` or `**`), spaces kept outside."""
    text = _flat(text)
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{escape(core)}{mark}{trail}"


def _quote(level: int, text: str) -> str:
    """Text indented for clause `level`: levels 3 and 4 as one or two block quotes."""
    prefix = "> " * max(0, level - 2)
    return "\n".join(prefix + line for line in text.split("\n"))


def _flat(text: str) -> str:
    """User text on one line: newlines, tabs and NULs become spaces."""
    return re.sub(r"[\x00\r\n\t\v\f\u2028\u2029]", " ", text)


def _quoted(term: str) -> str:
    return f"\u201c{term.strip()}\u201d"


def md_id(anchor: str) -> str:
    """An anchor as a pandoc identifier (letters, digits, - _ : .; a letter first)."""
    ident = re.sub(r"[^A-Za-z0-9_:.-]", "-", anchor)
    return ident if ident[:1].isalpha() else f"id-{ident}"
