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

from functools import lru_cache

from dealdocs.render.weasyload import import_weasyprint

import_weasyprint()  # before the imports below: without its library probing

import pydyf  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from dealdocs.render._html import build_html  # noqa: E402
from dealdocs.render.pdftags import stitch  # noqa: E402
from dealdocs.resources import templates_dir
from dealdocs.tree import Document

NAME = "pdf"
SUFFIX = "pdf"

PDF_VARIANT = "pdf/ua-1"
PRINT_CSS = "print.css"


def render(doc: Document, *, style: Path | None = None) -> bytes:
    """The document as PDF bytes; `style`, a house style's reference .docx, gives it the
    page size, margins, fonts and header text of the Word output (`pdfhouse`)."""
    page = build_html(doc, for_print=True)
    fetcher, fonts, css, base_url = _print_setup()
    stylesheets, house = [css], _house_css(style) if style is not None else ""
    if house:
        stylesheets.append(CSS(string=house, base_url=base_url, url_fetcher=fetcher, font_config=fonts))
    html = HTML(string=page, base_url=base_url, url_fetcher=fetcher)
    with _source_date(doc):
        return html.write_pdf(
            stylesheets=stylesheets,
            font_config=fonts,
            pdf_variant=PDF_VARIANT,
            # The file identifier is the page's fingerprint, not a random or timed one.
            pdf_identifier=hashlib.sha256((page + house).encode("utf-8")).hexdigest()[:32].encode("ascii"),
            finisher=_provenance(doc),
        )


def _house_css(style: Path) -> str:
    """The house style's stylesheet (imported only for a house style: it reads Word
    files, and a PDF helper process waits on its imports)."""
    from dealdocs.render.pdfhouse import house_css

    return house_css(style)


@lru_cache(maxsize=1)
def _print_setup() -> tuple[TemplateFetcher, FontConfiguration, CSS, str]:
    """The print stylesheet and the fonts its @font-face rules load, made once a process:
    every document uses the same, and parsing them and registering the fonts again for
    each one was a tenth of a term sheet's time."""
    folder = templates_dir().resolve()
    fetcher = TemplateFetcher(folder)
    fonts = FontConfiguration()
    base_url = folder.as_uri() + "/"
    css = CSS(filename=str(folder / PRINT_CSS), base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    return fetcher, fonts, css, base_url


def _provenance(doc: Document):
    """A finisher writing the provenance into the document information dictionary.

    The page's `<meta>` carry it too, but WeasyPrint's `custom_metadata` keeps only the
    letters and digits of a name ("dealdocsdealsha256"); the finisher keeps the names
    the SPEC gives, which pypdf and `pdfinfo -custom` read back as written.
    """

    def finish(_document, pdf) -> None:
        for name, value in doc.provenance.items():
            pdf.info[name] = pydyf.String(value)
        _column_headers(pdf)
        stitch(pdf)  # one structure element per element, not one per page

    return finish


def _column_headers(pdf) -> None:
    """Tag every table header cell as a column header (`/Scope /Column`), as the page's
    `<th scope="col">` says; WeasyPrint 70 tags the cell but not its scope, which
    PDF/UA checkers require of a header cell."""
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("S") == "/TH" and isinstance(obj.get("A"), pydyf.Dictionary):
            obj["A"]["Scope"] = "/Column"


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
