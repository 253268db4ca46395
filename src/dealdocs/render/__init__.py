"""Renderers: each turns the one document tree into the bytes of one format.

Every renderer module declares `NAME` (the `--format` value), `SUFFIX` (the file
extension) and `render(doc, *, style=None) -> bytes`. The table below is literal so a
reader sees every format at once; modules are imported only when their format is asked
for, so WeasyPrint is never loaded for a Word-only build.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from dealdocs.tree import Document

# format name -> module that renders it, in the order `--format all` builds them.
RENDERERS = {
    "docx": "dealdocs.render.docx",
    "pdf": "dealdocs.render.pdf",
    "html": "dealdocs.render.html",
    "md": "dealdocs.render.markdown",
}

FORMATS = tuple(RENDERERS)


def renderer(fmt: str) -> ModuleType:
    return importlib.import_module(RENDERERS[fmt])


def render(doc: Document, fmt: str, *, style: Path | None = None) -> bytes:
    """The bytes of `doc` in format `fmt`. `style` is a reference .docx (Word only)."""
    return renderer(fmt).render(doc, style=style)
