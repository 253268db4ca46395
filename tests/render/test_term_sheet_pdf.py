"""The term sheet as PDF: bookmarks for its tables and rows (the SPEC promises bookmarks),
header cells tagged as column headers, and a title page whose words extract whole."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pypdf
import pytest

from dealdocs import api
from tests.conftest import EXAMPLES

DEAL = next(p for p in EXAMPLES if p.name.startswith("golden-triangle"))


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet-pdf")
    (path,) = api.build(DEAL, out, docs=["term-sheet"], formats=["pdf"])
    return path


def _titles(outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from _titles(item, depth + 1)
        else:
            yield depth, item.title


@pytest.mark.slow
def test_the_term_sheet_pdf_has_a_bookmark_for_each_table_and_row(sheet):
    titles = list(_titles(pypdf.PdfReader(sheet).outline))
    assert titles[0] == (0, "Principal terms")
    assert (1, "1. Deal") in titles and (1, "9. Jobs (the Company)") in titles
    assert (0, "Commitments matrix") in titles
    rows = [t for d, t in titles if d == 1]
    assert rows == [f"{i}. {t.split('. ', 1)[1]}" for i, t in enumerate(rows, start=1)]


@pytest.mark.slow
def test_header_cells_are_column_headers(sheet):
    reader = pypdf.PdfReader(sheet)
    seen = []

    def walk(element):
        element = element.get_object()
        if element.get("/S") == "/TH":
            seen.append(element)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert seen and all(th["/A"]["/O"] == "/Table" and th["/A"]["/Scope"] == "/Column" for th in seen)


@pytest.mark.slow
def test_the_title_page_extracts_as_words(sheet):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; .ci/run installs it")
    text = subprocess.run(["pdftotext", "-l", "1", str(sheet), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "GOLDEN TRIANGLE LIFE SCIENCES CLUSTER DEAL" in text
    assert "TERM SHEET" in text


@pytest.mark.slow
def test_no_weasyprint_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        api.build(DEAL, tmp_path, docs=["term-sheet"], formats=["pdf"])
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
