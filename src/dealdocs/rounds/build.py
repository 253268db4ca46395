"""`dealdocs redline OLD NEW`: NEW's documents with every change from OLD tracked.

Both rounds are checked as `build` checks a deal (a round with error findings is
refused unless `force`), assembled into trees, merged (`rounds.redline`) and rendered:
Word with native tracked changes, HTML and PDF with the changes marked. Everything is
rendered before anything is written, and the files are written as a set, all or none,
as `build` writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from dealdocs.errors import BuildRefused, UsageError
from dealdocs.findings import has_errors
from dealdocs.render import DEFAULT_PDF_ENGINE
from dealdocs.rounds.redline import redline

if TYPE_CHECKING:
    from dealdocs.api import Checked
    from dealdocs.tree import Document

FORMATS = ("docx", "pdf", "html")


def write_redlines(
    old: str | Path,
    new: str | Path,
    out_dir: str | Path,
    *,
    docs: Iterable[str],
    formats: Iterable[str] = FORMATS,
    style: str | Path | None = None,
    force: bool = False,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
) -> list[Path]:
    """Write `<deal id>-<doc>-redline.<ext>` for each document and format; return them.
    `pdf_engine` lays out the PDF ("weasyprint" or "typst")."""
    from dealdocs import api
    from dealdocs.output import write_set
    from dealdocs.render import PDF_ENGINES, render
    from dealdocs.render.aside import pdf_aside, render_all

    formats, out_dir = list(formats), Path(out_dir)
    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"a redline is written as {', '.join(FORMATS)}, not {fmt!r}")
    if pdf_engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {pdf_engine!r}; choose from {', '.join(PDF_ENGINES)}")
    docs = list(docs)
    with pdf_aside(pdf_engine, len(docs) * ("pdf" in formats)) as aside:  # the PDF engine loads meanwhile
        before, after = api.check(old), api.check(new)
        for checked in (before, after):
            if has_errors(checked.findings) and not force:
                raise BuildRefused(checked.findings)
        rendered = render_all((redlined(before, after, kind, force=force) for kind in docs), formats,
                              lambda marked, fmt: render(marked, fmt, style=style, pdf_engine=pdf_engine),
                              style=style, aside=aside)
    return write_set(out_dir, rendered)


def redlined(before: Checked, after: Checked, kind: str, *, force: bool = False) -> Document:
    """One document of round `after` with its changes since round `before` marked (the
    preview's `--baseline` shows the same)."""
    from dealdocs import api

    return redline(
        api.assemble_document(before, kind, force=force),
        api.assemble_document(after, kind, force=force),
        revision=_round(after, "Round"),
        compared_with=_round(before, "round"),
    )


def _round(checked: Checked, word: str) -> str:
    """"Round 3", or the deal file's name when the deal does not say its round."""
    info = checked.loaded.deal.deal
    return f"{word} {info.round}" if info.round else checked.loaded.path.name
