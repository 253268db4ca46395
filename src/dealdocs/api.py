"""The library API the CLI is a thin layer over: load, check, build.

Each function takes paths and plain options, does one job and raises a
`DealdocsError` subclass for anything the user must fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dealdocs.clauses import Library
from dealdocs.errors import BuildRefused, InputError, Problem, UsageError
from dealdocs.findings import Finding, has_errors
from dealdocs.loader import Loaded, load
from dealdocs.render import DEFAULT_PDF_ENGINE, DOCS

if TYPE_CHECKING:
    from dealdocs.render.aside import Aside
    from dealdocs.standards import Standards
    from dealdocs.tree import Document


@dataclass
class Checked:
    """A deal file read and cross-checked (with the standards it is held to, if any)."""

    loaded: Loaded
    library: Library
    findings: list[Finding] = field(default_factory=list)
    standards: Standards | None = None


def check(path: str | Path, *, standards: str | Path | None = None) -> Checked:
    """Load a deal file and run every cross-check on it.

    The deal is held to the standards file `standards` when given (it replaces the
    deal's own `extends:`), else to the file its `extends:` names, if any: their default
    parties and definitions are merged in, their clause folders come before the deal's
    own, and the DD2xx rules report each departure from their positions.
    """
    from dealdocs import checks
    from dealdocs.standards import apply_standards, library_with, standards_for

    loaded = load(path)
    adopted = standards_for(loaded, standards)
    library = library_with(loaded, adopted)
    if adopted is None:
        return Checked(loaded, library, checks.run(loaded, library))
    loaded = apply_standards(loaded, adopted, library)
    findings = checks.run(loaded, library, severities=adopted.severities, standards=adopted)
    return Checked(loaded, library, findings, adopted)


def build(
    path: str | Path,
    out_dir: str | Path,
    *,
    docs: Iterable[str] = DOCS,
    formats: Iterable[str] = ("docx", "pdf", "html", "md"),
    style: str | Path | None = None,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
    on_findings: Callable[[list[Finding]], None] | None = None,
    notice: Callable[[str], None] | None = None,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    aside: Aside | None = None,
) -> list[Path]:
    """Check a deal and write its documents into `out_dir`; return the files written.

    Refuses (BuildRefused, exit 1) when the deal has error findings, unless `force`, in
    which case the documents carry the findings as open points. `on_findings` is told the
    findings of a deal that will be built, before anything is rendered; `notice` is told,
    in one line, what was left out of the house style. `pdf_engine` lays out the PDF:
    "weasyprint" (the default) or "typst". The PDFs are laid out on another core where
    there is one (`aside`, else one made here: `render.aside`).
    """
    from contextlib import nullcontext

    from dealdocs.guard import house_style
    from dealdocs.render.aside import pdf_aside

    docs, formats = list(docs), list(formats)
    _check_formats(formats)
    _check_pdf_engine(pdf_engine)
    house_style(_style(style))  # a bad option is reported before the deal is read
    # The PDF engine is made ready on another core while the deal is read and checked.
    with nullcontext(aside) if aside is not None else pdf_aside(pdf_engine, len(docs) * ("pdf" in formats)) as helper:
        checked = check(path)
        if on_findings is not None and (force or not has_errors(checked.findings)):
            on_findings(checked.findings)
        return write_documents(checked, out_dir, docs=docs, formats=formats, style=style, force=force,
                               progress=progress, notice=notice, pdf_engine=pdf_engine, aside=helper)


def write_documents(
    checked: Checked,
    out_dir: str | Path,
    *,
    docs: Iterable[str] = DOCS,
    formats: Iterable[str] = ("docx", "pdf", "html", "md"),
    style: str | Path | None = None,
    force: bool = False,
    progress: Callable[[Path], None] | None = None,
    notice: Callable[[str], None] | None = None,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    aside: Aside | None = None,
) -> list[Path]:
    """Write the documents of a deal *as checked* into `out_dir`; return the files written.

    The write step of `build` and of each deal in `dealdocs batch`. The documents are
    those of `checked`: with its standards' default parties and definitions and clause
    folders, and in `style`, else the standards' house style. Refuses (BuildRefused)
    when the deal has error findings, unless `force`, in which case the documents carry
    its errors and warnings as open points. Everything is rendered before anything is
    written, and the files are written as a set, all or none (`output.write_set`). A
    deal too large to lay out as PDF is refused before anything is rendered. With
    `aside`, the PDFs are laid out on another core while the other formats are written
    (`render.aside`).
    """
    from functools import partial

    from dealdocs.guard import house_style, pdf_too_large, refuse_pdf, render_one
    from dealdocs.output import write_set
    from dealdocs.render import render
    from dealdocs.render.aside import render_all

    docs, formats, out_dir = list(docs), list(formats), Path(out_dir)
    _check_formats(formats)
    _check_pdf_engine(pdf_engine)
    render = partial(render, pdf_engine=pdf_engine)
    style_path = _style(style) or _style(checked.standards.style if checked.standards else None)
    if has_errors(checked.findings) and not force:
        raise BuildRefused(checked.findings)
    too_large = pdf_too_large(checked.loaded.deal, checked.loaded.data) if "pdf" in formats else None
    if too_large:
        raise refuse_pdf(str(checked.loaded.path), too_large)
    house_style(style_path, notice, pdf="pdf" in formats, engine=pdf_engine)
    # Render everything before writing anything: a renderer failing part-way through
    # must not leave a mixed set of new and old files behind.
    rendered = render_all((assemble_document(checked, kind, force=force) for kind in docs), formats,
                          lambda document, fmt: render_one(render, document, fmt, style_path), style=style_path,
                          aside=aside, progress=(lambda name: progress(out_dir / name)) if progress else None)
    return write_set(out_dir, rendered)


def assemble_document(checked: Checked, kind: str, *, force: bool = False) -> Document:
    """The document tree of one kind, as `build` renders it: with its provenance (the
    fingerprints of the deal file, clause library and standards) and, when `force`, the
    deal's errors and warnings as open points."""
    from dealdocs.assemble import assemble
    from dealdocs.provenance import provenance

    standards_files = checked.standards.files if checked.standards else ()
    return assemble(
        checked.loaded, checked.library, kind,
        open_points=_open_points(checked) if force else [],
        provenance=provenance(checked.loaded.path, checked.library, standards_files),
    )


def _check_formats(formats: list[str]) -> None:
    from dealdocs.render import FORMATS

    for fmt in formats:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _check_pdf_engine(engine: str) -> None:
    from dealdocs.render import PDF_ENGINES

    if engine not in PDF_ENGINES:
        raise UsageError(f"unknown PDF engine {engine!r}; choose from {', '.join(PDF_ENGINES)}")


def _open_points(checked: Checked) -> list[Finding]:
    """What a forced draft must say is unresolved: its errors and warnings."""
    return [f for f in checked.findings if f.severity.value in {"error", "warning"}]


def _style(style: str | Path | None) -> Path | None:
    if style is None:
        return None
    path = Path(style)
    if not path.exists() and not path.is_symlink():
        raise InputError([Problem(str(path), 0, 0, "reference style document not found")])
    if path.suffix.lower() not in {".docx", ".dotx"}:
        raise InputError([Problem(str(path), 0, 0, "a reference style must be a .docx or .dotx file")])
    return path
