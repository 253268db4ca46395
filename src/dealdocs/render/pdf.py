"""PDF: the HTML page laid out by WeasyPrint, tagged (PDF/UA-1), with bookmarks.

WeasyPrint is imported here, when a PDF is asked for, and never at package import (it
costs most of a second). It only ever reads files from the package's templates folder
(`TemplateFetcher`); the output depends only on the document, so two renders of one
document are byte-identical.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from dealdocs.render._html import build_html
from dealdocs.resources import templates_dir
from dealdocs.tree import Document

NAME = "pdf"
SUFFIX = "pdf"

PDF_VARIANT = "pdf/ua-1"
PRINT_CSS = "print.css"


def render(doc: Document, *, style: Path | None = None) -> bytes:
    """The document as PDF bytes. `style` is for Word only and is ignored."""
    page = build_html(doc, for_print=True)
    folder = templates_dir().resolve()
    fetcher = TemplateFetcher(folder)
    fonts = FontConfiguration()
    base_url = folder.as_uri() + "/"
    css = CSS(filename=str(folder / PRINT_CSS), base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    html = HTML(string=page, base_url=base_url, url_fetcher=fetcher)
    with _source_date(doc):
        return html.write_pdf(
            stylesheets=[css],
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            # The file identifier is the page's fingerprint, not a random or timed one.
            pdf_identifier=hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii"),
        )


class TemplateFetcher(URLFetcher):
    """Serves files inside `root` (the templates folder) and `data:` URLs; refuses the rest.

    Deal text never reaches a URL (it is escaped into the page), but the templates are
    editable, so the fetcher is the boundary: no network, no file outside the folder,
    whatever a stylesheet or a template asks for.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve()
            if parts.netloc in ("", "localhost") and path.is_relative_to(self.root) and path.is_file():
                kind = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})
        raise ValueError(f"dealdocs fetches only its own template files, not {url}")


# A fixed table rather than the mimetypes module, which reads the machine's own lists.
_MEDIA_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2",
                ".png": "image/png", ".svg": "image/svg+xml"}


@contextmanager
def _source_date(doc: Document) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the document's date while WeasyPrint writes.

    fontTools stamps "now" into every font it saves unless this is set; the variable is
    restored afterwards so the caller's environment is left as it was.
    """
    epoch = datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=timezone.utc).timestamp()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
