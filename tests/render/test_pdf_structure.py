"""A PDF's structure tree has one element per element of the page, however many pages it
spans: a long table is one table to a screen reader (render/pdftags.py)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from dealdocs import api
from dealdocs.render import render

HYDROGEN = Path(__file__).parent.parent / "deals" / "humber-hydrogen-round-2.yaml"


def _elements(pdf: bytes, kind: str) -> list:
    root = PdfReader(BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"].get_object()
    found = []

    def walk(ref) -> None:
        element = ref.get_object()
        if not hasattr(element, "get"):
            return
        if element.get("/S") == kind:
            found.append(element)
        for child in element.get("/K", []):
            if hasattr(child, "get_object"):
                walk(child)

    walk(root["/K"][0])
    return found


@pytest.fixture(scope="module")
def term_sheet() -> bytes:
    checked = api.check(HYDROGEN)
    return render(api.assemble_document(checked, "term-sheet"), "pdf")


@pytest.mark.slow
def test_a_table_over_several_pages_is_one_table(term_sheet):
    assert len(PdfReader(BytesIO(term_sheet)).pages) >= 3  # the principal terms run over pages
    tables = _elements(term_sheet, "/Table")
    assert len(tables) == 2  # the principal terms and the commitments matrix
    first = tables[0]
    body = next(k.get_object() for k in first["/K"] if k.get_object().get("/S") == "/TBody")
    rows = [k.get_object() for k in body["/K"]]
    assert len(rows) > 15  # every term's row, from every page
    assert all(row["/P"].get_object() is body or row["/P"] == body.indirect_reference for row in rows)


@pytest.mark.slow
def test_the_main_part_and_a_running_section_are_one_each(term_sheet):
    assert len(_elements(term_sheet, "/Part")) == 1
    assert len(_elements(term_sheet, "/Sect")) == 1
