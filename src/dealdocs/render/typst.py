"""PDF through Typst (`--pdf-engine typst`): the document tree as Typst source, compiled
in process by the `typst` package (the compiler ships inside its wheel).

The same design as the WeasyPrint PDF (`dealdocs.render.pdf`): a title page, SUBJECT TO
CONTRACT and the DRAFT mark in every page's header, the deal's title and "Page X of Y"
in the footer, bookmarks from the headings, clause numbers as the tree gives them,
tables whose header row repeats, the timeline figure, signature blocks and redline
marks. The look lives in `templates/document.typ` (the twin of the stylesheets); this
module writes the body that calls it.

Boundaries:

- Deal text is data: every string is a Typst string literal (`typst_markup`), never
  markup or code.
- The compiler reads nothing from disk but fonts: the source and the figure's SVG are
  passed as bytes, and its root is an empty folder of its own. The fonts are the
  shipped ones and, with a house style, the files of the house's own fonts
  (`typsthouse`); the machine's other fonts are ignored, so every machine with the
  same fonts sets the same pages.
- A house style (`--style`) gives the PDF the page size and margins, the fonts and sizes
  and the header lines of the Word file, as it gives them to the WeasyPrint PDF
  (`typsthouse`, read from the same `render.docx.look`).
- Output is PDF/UA-1 (tagged) and depends only on the document: the creation date is
  the document's date and Typst writes no clock time or random id. The provenance is
  added to the information dictionary afterwards (`pdfinfo.add_info`), since Typst has
  no custom metadata; so is the creator, dealdocs, as the WeasyPrint PDF and the Word
  file name it, with Typst named as the producer.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dealdocs import tree
from dealdocs.clausefilters import long_date
from dealdocs.render._html import link_targets, long_rows, run_in, svg_markup
from dealdocs.render.pdfinfo import add_info
from dealdocs.render.properties import GENERATOR, properties
from dealdocs.render.typst_markup import anchor, changed, content, inlines, lit, text
from dealdocs.resources import fonts_dir, templates_dir

if TYPE_CHECKING:
    from dealdocs.render.typsthouse import TypstHouse

NAME = "pdf"
SUFFIX = "pdf"

PREAMBLE = "document.typ"
PDF_STANDARD = "ua-1"
NO_HOUSE = "#let house = none"  # the preamble's own look


def render(doc: tree.Document, *, style: Path | None = None) -> bytes:
    """The document as PDF bytes; `style`, a house style's reference .docx, gives it the
    page size, margins, fonts and header text of the Word output (`typsthouse`)."""
    house = None
    if style is not None:  # read only then: it imports python-docx
        from dealdocs.render.typsthouse import typst_house

        house = typst_house(style)
    pdf, _warnings = compile_source(source(doc, house), doc, fonts=house.font_files if house else ())
    return pdf


def compile_source(src: str, doc: tree.Document, *, fonts: tuple[str, ...] = ()) -> tuple[bytes, list[str]]:
    """(PDF bytes with the provenance, Typst's warnings) for the source of `doc`, set in
    the shipped fonts and the font files `fonts` (a house style's)."""
    if _forked_after_use:
        # Typst's worker threads do not survive a fork: a process forked from one that has
        # compiled would wait for them forever (a batch started by a program that built a
        # Typst PDF before). Such a process compiles in a fresh interpreter instead.
        pdf, warnings = _compile_apart(src.encode("utf-8"), _timestamp(doc), fonts)
    else:
        pdf, warnings = _compile(src.encode("utf-8"), _timestamp(doc), fonts)
    # dealdocs made the document and Typst the PDF: the creator and producer, as the
    # WeasyPrint PDF has them (and the Word file its application).
    return add_info(pdf, doc.provenance, creator=GENERATOR), warnings


def _compile_apart(src: bytes, timestamp: datetime, fonts: tuple[str, ...]) -> tuple[bytes, list[str]]:
    """`_compile` in a new Python process: the source on its standard input, and on its
    standard output one line of JSON (the warnings) followed by the PDF."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", "from dealdocs.render.typst import _child; _child()",
                           timestamp.isoformat(), json.dumps(fonts)], input=src, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the Typst compiler failed: {done.stderr.decode('utf-8', 'replace')[-500:]}")
    head, _, pdf = done.stdout.partition(b"\n")
    return pdf, json.loads(head)


def _child() -> None:
    import json
    import sys

    fonts = tuple(json.loads(sys.argv[2]))
    pdf, warnings = _compile(sys.stdin.buffer.read(), datetime.fromisoformat(sys.argv[1]), fonts)
    sys.stdout.buffer.write(json.dumps(warnings).encode("utf-8") + b"\n" + pdf)


def _compile(src: bytes, timestamp: datetime, fonts: tuple[str, ...] = ()) -> tuple[bytes, list[str]]:
    global _used
    import typst

    _used = True
    with tempfile.TemporaryDirectory(prefix="dealdocs-typst-") as root:
        pdf, warnings = typst.compile_with_warnings(
            src,
            root=root,  # empty: the source can read no file
            font_paths=_fonts(fonts),
            pdf_standards=[PDF_STANDARD],
            timestamp=timestamp,
        )
    return pdf, [warning.message for warning in warnings]


_used = False  # this process has compiled
_forked_after_use = False  # this process was forked from one that had


def _after_fork() -> None:
    global _forked_after_use
    _forked_after_use = _forked_after_use or _used


os.register_at_fork(after_in_child=_after_fork)


def source(doc: tree.Document, house: TypstHouse | None = None) -> str:
    """The whole Typst source of `doc`: the house look (none: dealdocs' own), the
    preamble that reads it, then the document's own body."""
    targets = link_targets(doc.blocks)
    props = properties(doc)  # as the Word file and the web page have them
    lang, _, region = props.language.partition("-")
    parts = [
        house.source if house else NO_HOUSE,
        _preamble(),
        f"#set document(title: {lit(props.title)}, "
        f"author: ({''.join(lit(a) + ', ' for a in props.authors)}), "
        f"keywords: ({''.join(lit(k) + ', ' for k in props.keywords)}), "
        f"description: {lit(props.subject)}, "
        f"date: datetime(year: {props.date.year}, month: {props.date.month}, day: {props.date.day}))",
        f"#set text(lang: {lit(lang.lower())}" + (f", region: {lit(region.upper())})" if region else ")"),
        f"#show: dealdoc.with(marking: {lit(doc.marking)}, draft: {lit(doc.draft_mark)}, deal: {lit(doc.deal_title)})",
        _cover(doc),
    ]
    if doc.revision:
        parts.append(_legend(doc))
    term_sheet = doc.kind == "term-sheet"
    parts += [_block(block, targets, term_sheet) for block in doc.blocks]
    return "\n".join(part for part in parts if part) + "\n"


# --- parts ------------------------------------------------------------------------------


def _cover(doc: tree.Document) -> str:
    date_text = long_date(doc.date)
    if doc.date_was:
        dated = f'#"Dated "#del({lit(long_date(doc.date_was))})#ins({lit(date_text)})'
    else:
        dated = f"#{lit('Dated ' + date_text)}"
    parties = []
    for i, party in enumerate(doc.parties, start=1):
        words = f"#strong(upper({lit(party.name)}))"
        if party.description:
            words += f"#{lit(', ' + party.description)}"
        if party.short_name:
            words += f'#" (the "#defined({lit(party.short_name)})#")"'
        words += f"#{lit('.' if i == len(doc.parties) else '; and' if i == len(doc.parties) - 1 else ';')}"
        parties.append(f"({lit(f'({i})')}, {content(changed(party.change, words))})")
    subtitle = lit(doc.subtitle) if doc.subtitle else "none"
    return (f"#cover(deal: {lit(doc.deal_title)}, title: {lit(doc.title)}, subtitle: {subtitle}, "
            f"dated: {content(dated)}, parties: ({''.join(p + ', ' for p in parties)}), "
            f"many: {'true' if len(doc.parties) > 4 else 'false'})")


def _legend(doc: tree.Document) -> str:
    said = f"the changes made in {doc.revision} ({long_date(doc.date)}) since {doc.compared_with}. "
    return (f'#legend[#strong("Redline")#{lit(": " + said)}#ins("Inserted text is underlined")#"; "'
            f'#del("deleted text is struck through")#"."]')


def _block(block: tree.Block, targets: set[str], term_sheet: bool) -> str:
    if isinstance(block, tree.PageBreak):
        return "#pagebreak(weak: true)"
    if isinstance(block, tree.Table):
        return _table(block, targets, term_sheet)
    return changed(block.change, _inner(block, targets))


def _inner(block: tree.Block, targets: set[str]) -> str:
    if isinstance(block, tree.Heading):
        words = f"#del({lit(block.was)})#ins({lit(block.text)})" if block.was is not None else text(block.text)
        return f"#clause-heading({lit(block.number)}, {content(anchor(block.anchor) + words)})"
    if isinstance(block, tree.Clause):
        title = ""
        if block.title_was is not None:
            old = f"#del({lit(run_in(block.title_was))})" if block.title_was else ""
            new = f"#ins({lit(run_in(block.title))})" if block.title else ""
            title = f"#run-in({content(old + new)})"
        elif block.title:
            title = f"#run-in({lit(run_in(block.title))})"
        body = anchor(block.anchor) + title + inlines(block.content, targets)
        return f"#clause({block.level}, {lit(block.number)}, {content(body)})"
    if isinstance(block, tree.Para):
        return f"#para(indent: {block.indent}, kind: {lit(block.kind)}, {content(inlines(block.content, targets))})"
    if isinstance(block, tree.Signature):
        words = f"#{lit(block.capacity + ' ')}#strong(upper({lit(block.party)}))"
        if block.by:
            words += f"#{lit(' ' + block.by)}"
        return (f"#signature({content(words)}, signatory: {_or_none(block.signatory)}, "
                f"title: {_or_none(block.title)})")
    if isinstance(block, tree.Figure):
        return (f"#picture({lit(str(svg_markup(block)))}, width: {block.width_mm:.1f}mm, alt: {lit(block.alt)}, "
                f"caption: {lit(block.caption) if block.caption else 'none'})")
    if isinstance(block, tree.ScheduleHeading):
        return f"#schedule-heading({lit(f'Schedule {block.number}')}, {content(anchor(block.anchor) + text(block.title))})"
    if isinstance(block, tree.SubHeading):
        return f"#subheading({content(text(block.text))})"
    raise TypeError(f"no Typst for {type(block).__name__}")


def _table(table: tree.Table, targets: set[str], term_sheet: bool) -> str:
    count = len(table.header)
    given = len(table.widths) == count and sum(table.widths) > 0
    widths = [f"{w}fr" for w in table.widths] if given else ["1fr"] * count
    rows = []
    for i, (row, (number, row_anchor)) in enumerate(zip(table.rows, table.row_labels())):
        kind = table.row_changes[i] if i < len(table.row_changes) else ""
        cells = []
        for j, cell in enumerate(row):
            markup = inlines(cell, targets)
            if j == 0 and number:
                # The term sheet's numbered rows are bookmarked under their table.
                markup = anchor(row_anchor) + (f"#row-heading({lit(number + '.')}, {content(markup)})"
                                               if term_sheet else f"#{lit(number + '. ')}" + markup)
            cells.append(content(changed(kind, markup)))
        rows.append(f"({''.join(c + ', ' for c in cells)})")
    call = (f"#grid-table(caption: {lit(table.caption) if table.caption else 'none'}, "
            f"widths: ({''.join(w + ', ' for w in widths)}), "
            f"header: ({''.join(lit(h) + ', ' for h in table.header)}), "
            f"rows: ({''.join(r + ', ' for r in rows)}), "
            f"long: {'true' if long_rows(table) else 'false'}, bookmark: {'true' if term_sheet else 'false'})")
    return changed(table.change, call)


def _or_none(value: str) -> str:
    return lit(value) if value.strip() else "none"


# --- set-up -------------------------------------------------------------------------------


@cache
def _preamble() -> str:
    return (templates_dir() / PREAMBLE).read_text(encoding="utf-8")


@cache
def _fonts(files: tuple[str, ...] = ()):
    """The shipped fonts, Typst's own (for characters they lack) and the font `files` of a
    house style, never the machine's others: found once a process for each set."""
    return typst_fonts([str(fonts_dir())], files, embedded=True)


def typst_fonts(folders: list[str], files: tuple[str, ...] | list[str], *, embedded: bool):
    """A `typst.Fonts` of the fonts in `folders` and exactly the font `files`, and none of
    the machine's others.

    Typst searches folders, not files: each file is linked into a private folder for the
    search, in the order given (on a tie Typst takes the font it found first). Typst keeps
    each font's real path, so that folder is removed at once.
    """
    import typst

    with tempfile.TemporaryDirectory(prefix="dealdocs-fonts-") as links:
        for i, file in enumerate(files):
            os.symlink(file, os.path.join(links, f"{i:04d}-{os.path.basename(file)}"))
        return typst.Fonts(include_system_fonts=False, include_embedded_fonts=embedded,
                           font_paths=[*folders, *([links] if files else [])])


def _timestamp(doc: tree.Document) -> datetime:
    return datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=timezone.utc)
