"""The term sheet in Word is as native as the heads of terms: its rows are numbered by a
Word list (a numbering definition linked to the "DD Row Number" style), each row's first
paragraph is bookmarked, every reference to a row is a REF field to that bookmark, and a
cell's lines are paragraphs. So a row a lawyer inserts renumbers the rows and the
references after them: checked by inserting one and converting with LibreOffice.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import docx
import pytest

from dealdocs import api
from tests.conftest import EXAMPLES, libreoffice_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEAL = next(p for p in EXAMPLES if p.name.startswith("golden-triangle"))
STEM = "golden-triangle-life-sciences"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sheet")
    api.build(DEAL, out, docs=["term-sheet"], formats=["docx", "md"])
    return out


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def _rows(document):
    return [row._tr for row in document.tables[0].rows[1:]]


def test_rows_are_numbered_by_a_word_list_not_typed(built):
    document = docx.Document(built / f"{STEM}-term-sheet.docx")
    firsts = [tr.find(f"{W}tc/{W}p") for tr in _rows(document)]
    assert {p.find(f"{W}pPr/{W}pStyle").get(W + "val") for p in firsts} == {"DDRowNumber"}
    assert not any(re.match(r"\d+\.", _text(p)) for p in firsts)  # no typed numbers
    assert _text(firsts[0]) == "Deal"
    style = document.styles.element.find(f"{W}style[@{W}styleId='DDRowNumber']")
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
    numbering = document.part.numbering_part.element
    num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
    abstract_id = num.find(f"{W}abstractNumId").get(W + "val")
    level = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']/{W}lvl")
    assert level.find(f"{W}lvlText").get(W + "val") == "%1."
    assert level.find(f"{W}pStyle").get(W + "val") == "DDRowNumber"


def test_references_to_rows_are_ref_fields_to_their_bookmarks(built):
    document = docx.Document(built / f"{STEM}-term-sheet.docx")
    body = document.element.body
    marks = {b.get(W + "name"): b for b in body.iter(W + "bookmarkStart")}
    md = (built / f"{STEM}-term-sheet.md").read_text(encoding="utf-8")
    jobs = re.search(r"^\| \[(\d+)\.\]\{#([\w-]+)\} Jobs \(the Company\)", md, re.MULTILINE)
    number, anchor = jobs.groups()
    name = "dd_" + anchor.replace("-", "_")
    assert name in marks
    assert _text(marks[name].getparent()) == "Jobs (the Company)"
    refs = [i.text.split() for i in body.iter(W + "instrText")]
    assert ["REF", name, "\\w", "\\h"] in refs
    # the cached result is the row's number, as the Markdown prints it
    ref_results = re.findall(rf"clause {number} \(Jobs\)", "\n".join(_text(p) for p in body.iter(W + "p")))
    assert ref_results
    # the commitments matrix refers to the rows the same way
    matrix = document.tables[1]._tbl
    assert any(i.text.split()[:2] == ["REF", name] for i in matrix.iter(W + "instrText"))
    # every REF names a bookmark that exists
    assert {r[1] for r in refs if r[0] == "REF"} <= marks.keys()


def test_a_cells_lines_are_paragraphs(built):
    document = docx.Document(built / f"{STEM}-term-sheet.docx")
    assert not list(document.tables[0]._tbl.iter(W + "br"))
    parties = next(tr for tr in _rows(document) if _text(tr.find(f"{W}tc/{W}p")) == "Parties")
    cell = parties.findall(f"{W}tc")[1]
    assert len(cell.findall(f"{W}p")) == 8  # one a party


@pytest.mark.slow
def test_a_row_inserted_in_word_renumbers_the_rows_and_references(built, tmp_path):
    """As a lawyer would: insert a row before "Investment", update fields (LibreOffice
    recomputes them when it converts), and the rows and references after it move on."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed; .ci/run installs them")
    document = docx.Document(built / f"{STEM}-term-sheet.docx")
    investment = next(tr for tr in _rows(document) if _text(tr.find(f"{W}tc/{W}p")).startswith("Investment"))
    row = copy.deepcopy(investment)
    for mark in [*row.iter(W + "bookmarkStart"), *row.iter(W + "bookmarkEnd")]:
        mark.getparent().remove(mark)
    for p in row.iter(W + "p"):
        texts = list(p.iter(W + "t"))
        for t in texts:
            t.text = ""
        if texts:
            texts[0].text = "Inserted term"
    investment.addprevious(row)
    path = tmp_path / "inserted.docx"
    document.save(path)

    def converted(source: Path) -> str:
        return libreoffice_text(source, tmp_path)

    before = converted(built / f"{STEM}-term-sheet.docx")
    after = converted(path)
    assert "8. Investment (the Company)" in before and "9. Jobs (the Company)" in before
    assert "8. Inserted term" in after and "9. Investment (the Company)" in after
    assert "10. Jobs (the Company)" in after and "23. Remedy: Clawback" in after
    assert "clause 9 (Jobs)" in before and "clause 22 (Clawback)" in before
    assert "clause 10 (Jobs)" in after and "clause 23 (Clawback)" in after
    assert "clause 9 (Jobs)" not in after and "clause 22 (Clawback)" not in after
    assert "Reference source not found" not in after and "Error" not in after
