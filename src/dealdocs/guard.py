"""What the write step refuses up front, and how a renderer's failure is told.

- A PDF is laid out by WeasyPrint, whose time grows faster than the text: a deal with
  thousands of commitments, or one commitment with megabytes of text, would take
  hours. Such a deal is refused as PDF before anything is rendered (exit 2), and can
  still be built as docx, html and md (Word or LibreOffice make its PDF).
- A house style is read and cleaned once (`render.docx.housestyle`): a reference that
  cannot be one is an input error, and what was left out of it is said in one line.
- A Word render that fails only with the house style is the house style's fault, said
  as such (exit 2), not an internal error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dealdocs.errors import DealdocsError, InputError, Problem
from dealdocs.render import DEFAULT_PDF_ENGINE
from dealdocs.safetext import visible

# Measured: 400 commitments take about 20 s as PDF; 100,000 characters in one
# commitment about 10 s, and 400,000 about 50 s (superlinear).
MAX_PDF_ITEMS = 400
MAX_PDF_TEXT = 150_000


def pdf_too_large(deal: Any, data: dict) -> str | None:
    """Why the deal is too large to lay out as PDF, or None."""
    items = len(deal.commitments) + len(deal.remedies)
    if items > MAX_PDF_ITEMS:
        return f"{items:,} commitments and remedies, over the {MAX_PDF_ITEMS:,} a PDF is laid out for"
    text = _text_size(data)
    if text > MAX_PDF_TEXT:
        return f"{text:,} characters of text, over the {MAX_PDF_TEXT:,} a PDF is laid out for"
    return None


def refuse_pdf(file: str, why: str) -> InputError:
    return InputError([Problem(file, 0, 0, f"too large to lay out as PDF in reasonable time ({why}); build the "
                                           "other formats (--format docx,html,md) and make the PDF from Word or "
                                           "LibreOffice, or split the deal")])


def _text_size(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_size(v) for v in value.values())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return 0


def house_style(path: Path | None, notice: Callable[[str], None] | None = None, *, pdf: bool = False,
                engine: str = DEFAULT_PDF_ENGINE) -> None:
    """Read and clean the house style now, so a bad one is refused before any rendering.

    With `pdf`, the PDF takes the house style's fonts too, and a font it has to set in
    another face (one the machine lacks) is said in one line, as the PDF `engine` sets
    it (each finds fonts its own way; a Typst build never imports WeasyPrint). Font
    names come from the reference document: the line shows any control character in
    them rather than pass it to the terminal.
    """
    if path is None:
        return
    from dealdocs.render.docx.housestyle import load

    line = load(path).notice(path)
    if line and notice is not None:
        notice(line)
    if pdf and notice is not None:
        if engine == "typst":
            from dealdocs.render.typsthouse import font_notes
        else:
            from dealdocs.render.pdfhouse import font_notes

        fonts = font_notes(path)
        if fonts:
            said = f"--style {path}: the PDF sets {'; '.join(fonts)}"
            notice(visible(said.replace("\r", " ").replace("\n", " ")))


def render_one(render: Callable[..., bytes], document: Any, fmt: str, style: Path | None) -> bytes:
    """`render(document, fmt, style=style)`; a Word render that fails only because of the
    house style is an input error naming it."""
    try:
        return render(document, fmt, style=style)
    except DealdocsError:
        raise
    except Exception as error:
        if fmt != "docx" or style is None:
            raise
        render(document, fmt, style=None)  # fails too (and is raised) if the fault is not the style's
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        raise InputError([Problem(str(style), 0, 0, f"house style: Word output cannot be made with it ({detail}); "
                                                    "open it in Word and save it again, or build without --style")]) \
            from None
