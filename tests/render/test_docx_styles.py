"""Word styles as a law firm's template has them: names a lawyer recognises, Word's own
Heading 1-3 numbered in the same clause list, and fields updated when Word opens the file."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from dealdocs import api
from dealdocs.render.docx.styles import STYLE_IDS
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEAL = next(p for p in EXAMPLES if p.name.startswith("tees"))


@pytest.fixture(scope="module")
def heads(tmp_path_factory) -> Path:
    (path,) = api.build(DEAL, tmp_path_factory.mktemp("styles"), docs=["heads-of-terms"], formats=["docx"])
    return path


def _style(document, style_id: str):
    return document.styles.element.find(f"{W}style[@{W}styleId='{style_id}']")


def test_styles_are_named_as_a_law_firm_names_them(heads):
    document = docx.Document(heads)
    names = {s.style_id: s.name for s in document.styles}
    assert names["DDHeading1"] == "Level 1 Heading"
    assert [names[f"DDLevel{n}"] for n in (2, 3, 4)] == ["Level 2 Number", "Level 3 Number", "Level 4 Number"]
    assert names["DDScheduleHeading"] == "Schedule Heading"
    assert names["DDBody2"] == "Body 2"
    assert not [n for i, n in names.items() if i in STYLE_IDS and n.startswith("DD")]
    # no dealdocs style takes a built-in's name (Word would confuse the two)
    built_in = {s.name.casefold() for s in docx.Document().styles}
    assert not [n for i, n in names.items() if i in STYLE_IDS and n.casefold() in built_in]


def test_words_own_headings_are_clause_levels(heads):
    document = docx.Document(heads)
    clause_num = _style(document, "DDHeading1").find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val")
    for style_id, based, level in (("Heading1", "DDHeading1", "0"), ("Heading2", "DDLevel2", "1"),
                                   ("Heading3", "DDLevel3", "2")):
        style = _style(document, style_id)
        assert style.find(W + "basedOn").get(W + "val") == based
        assert style.find(f"{W}pPr/{W}numPr/{W}numId").get(W + "val") == clause_num
        assert style.find(f"{W}pPr/{W}numPr/{W}ilvl").get(W + "val") == level
        assert style.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == level
        assert style.find(W + "rPr") is None  # no blue Calibri of its own


def test_word_updates_fields_on_open(heads):
    settings = docx.Document(heads).settings.element
    assert settings.find(W + "updateFields").get(W + "val") == "true"
