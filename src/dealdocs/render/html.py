"""HTML: one standalone, printable page (stylesheets inlined, no outside requests).

The fonts are named, not embedded ("Liberation Serif", "Times New Roman", serif), so
the file stays small and opens the same in any browser; the PDF embeds them.
"""

from __future__ import annotations

from pathlib import Path

from dealdocs.render._html import build_html
from dealdocs.tree import Document

NAME = "html"
SUFFIX = "html"


def render(doc: Document, *, style: Path | None = None) -> bytes:
    """The document as a UTF-8 HTML page. `style` is for Word only and is ignored."""
    return build_html(doc, for_print=False).encode("utf-8")
