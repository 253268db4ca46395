"""Schedules in Word are numbered by a list ("Schedule %1") linked to the "Schedule
Heading" style, and references to them are REF fields: a lawyer who inserts a schedule
sees the schedules and the references to them renumber (checked through LibreOffice,
which recomputes list numbers and fields as Word does when it converts)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import docx
import pytest

from dealdocs import api
from tests.conftest import EXAMPLES, libreoffice_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEAL = next(p for p in EXAMPLES if p.name.startswith("tees"))


@pytest.fixture(scope="module")
def heads(tmp_path_factory) -> Path:
    (path,) = api.build(DEAL, tmp_path_factory.mktemp("schedules"), docs=["heads-of-terms"], formats=["docx"])
    return path


def _schedule_headings(document) -> list:
    return [p for p in document.element.body.iter(W + "p")
            if p.find(f"{W}pPr/{W}pStyle") is not None
            and p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "DDScheduleHeading"]


def test_schedules_are_numbered_by_a_word_list(heads):
    document = docx.Document(heads)
    style = document.styles.element.find(f"{W}style[@{W}styleId='DDScheduleHeading']")
    num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
    numbering = document.part.numbering_part.element
    num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
    abstract_id = num.find(W + "abstractNumId").get(W + "val")
    level = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']/{W}lvl")
    assert level.find(W + "lvlText").get(W + "val") == "Schedule %1"
    assert level.find(W + "pStyle").get(W + "val") == "DDScheduleHeading"
    assert style.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == "0"
    (heading,) = _schedule_headings(document)
    text = "".join(t.text for t in heading.iter(W + "t"))
    assert text == "Commitments matrix and milestone timeline"  # no typed "Schedule 1"


def test_references_to_a_schedule_are_ref_fields(heads):
    document = docx.Document(heads)
    instructions = [t.text.strip() for t in document.element.body.iter(W + "instrText")]
    assert "REF dd_schedule_1 \\w \\h" in instructions
    assert document.element.body.xpath("//w:bookmarkStart[@w:name='dd_schedule_1']")


@pytest.mark.slow
def test_a_schedule_inserted_in_word_renumbers_the_schedules_and_references(heads, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed; .ci/run installs them")
    document = docx.Document(heads)
    (first,) = _schedule_headings(document)
    inserted = copy.deepcopy(first)  # as a lawyer applies "Schedule Heading" to a new paragraph
    for child in [c for c in inserted if c.tag != W + "pPr"]:
        inserted.remove(child)
    run = inserted.makeelement(W + "r", {})
    run.append(run.makeelement(W + "br", {}))
    text = run.makeelement(W + "t", {})
    text.text = "Inserted schedule"
    run.append(text)
    inserted.append(run)
    first.addprevious(inserted)
    path = tmp_path / "inserted.docx"
    document.save(path)

    def converted(source: Path) -> str:
        return libreoffice_text(source, tmp_path)

    before, after = converted(heads), converted(path)
    assert "Schedule 1 Commitments matrix" in before and "commitments matrix in Schedule 1," in before
    assert "Schedule 1 Inserted schedule" in after
    assert "Schedule 2 Commitments matrix" in after and "commitments matrix in Schedule 2," in after
    assert "Schedule 1 Commitments matrix" not in after and "matrix in Schedule 1," not in after
    assert "Reference source not found" not in after and "Error" not in after
