"""Renderers: each turns the one document tree into the bytes of one format.

Every renderer module declares `NAME` (the `--format` value), `SUFFIX` (the file
extension) and `render(doc, *, style=None) -> bytes`. The tables below are literal so a
reader sees every format and every PDF engine at once; modules are imported only when
their format is asked for, so WeasyPrint is never loaded for a Word-only build, and
Typst only for `--pdf-engine typst`.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dealdocs.tree import Document

# The documents a build makes, in order: each is written as <deal id>-<doc>.<format>.
DOCS = ("heads-of-terms", "term-sheet")

# format name -> module that renders it, in the order `--format all` builds them.
RENDERERS = {
    "docx": "dealdocs.render.docx",
    "pdf": "dealdocs.render.pdf",
    "html": "dealdocs.render.html",
    "md": "dealdocs.render.markdown",
}

FORMATS = tuple(RENDERERS)

# `--pdf-engine` value -> module that writes the PDF: the same tree and the same design,
# laid out by WeasyPrint from the HTML page (the default) or by Typst.
PDF_ENGINES = {
    "weasyprint": "dealdocs.render.pdf",
    "typst": "dealdocs.render.typst",
}

DEFAULT_PDF_ENGINE = "weasyprint"


def modules(formats: tuple[str, ...] | list[str], pdf_engine: str = DEFAULT_PDF_ENGINE) -> tuple[str, ...]:
    """The renderer modules that writing `formats` imports (a batch worker imports them
    once, before its first deal)."""
    return tuple(PDF_ENGINES[pdf_engine] if fmt == "pdf" else RENDERERS[fmt] for fmt in formats if fmt in RENDERERS)


def renderer(fmt: str, pdf_engine: str = DEFAULT_PDF_ENGINE) -> ModuleType:
    if fmt == "pdf":
        return importlib.import_module(PDF_ENGINES[pdf_engine])
    return importlib.import_module(RENDERERS[fmt])


def render(doc: Document, fmt: str, *, style: Path | None = None, pdf_engine: str = DEFAULT_PDF_ENGINE) -> bytes:
    """The bytes of `doc` in format `fmt`. `style` is a reference .docx (Word's styles,
    and the PDF's page, fonts and header with either engine); `pdf_engine` picks the
    PDF's engine."""
    return renderer(fmt, pdf_engine).render(doc, style=style)
