"""Execution blocks: one block a party, by the form right for its role, the same in Word
and in the PDF (compared as text, not by eye)."""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pytest

from dealdocs import api
from dealdocs.assemble.execution import execution, known
from dealdocs.model import Party
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _party(role: str, signatory: dict | None = None, **extra) -> Party:
    data = {"id": "p", "name": "The Party", "short_name": "Party", "role": role, **extra}
    if signatory:
        data["signatory"] = signatory
    return Party.model_validate(data)


@pytest.mark.parametrize(("role", "signatory", "words"), [
    ("central-government", {"name": "Jane Doe", "title": "Director General, Industrial Strategy"},
     "Signed for and on behalf of The Party by Jane Doe, Director General, Industrial Strategy"),
    ("central-government", {"name": "To be confirmed", "title": "Director General, Industrial Strategy"},
     "Signed for and on behalf of The Party by an official authorised to sign on its behalf"),
    ("investor", {"name": "Sam Poe", "title": "Managing Director"},
     "Signed by Sam Poe, Managing Director, for and on behalf of The Party"),
    ("investor", None, "Signed by a director for and on behalf of The Party"),
    ("local-authority", None,
     "Signed for and on behalf of The Party by an officer authorised under its scheme of delegation"),
    ("combined-authority", {"name": "Alex Roe", "title": "Chief Executive"},
     ("Signed for and on behalf of The Party by Alex Roe, Chief Executive, an officer authorised under its "
      "scheme of delegation")),
    ("university", None, "Signed for and on behalf of The Party by a person authorised by its governing body"),
    ("college", {"name": "TBC", "title": "Principal"},
     "Signed for and on behalf of The Party by a person authorised by its governing body"),
    ("public-body", None, "Signed for and on behalf of The Party by its authorised signatory"),
    ("other", None, "Signed for and on behalf of The Party by its authorised signatory"),
])
def test_each_role_signs_in_its_own_form(role, signatory, words):
    block = execution(_party(role, signatory))
    assert block.words == words
    assert block.words.count("Signed") == 1


def test_a_placeholder_signatory_leaves_the_name_to_be_filled_in():
    block = execution(_party("central-government", {"name": "To be confirmed", "title": "Director General"}))
    assert (block.signatory, block.title) == ("", "Director General")
    assert [known(x) for x in ("[name]", "TBA", "to be agreed.", "Jane Doe")] == ["", "", "", "Jane Doe"]


def test_a_company_signs_by_a_director_whatever_its_role():
    block = execution(_party("other", company_number="01234567"))
    assert block.words == "Signed by a director for and on behalf of The Party"


# --- the same block in Word and in the PDF ------------------------------------------------

_FURNITURE = re.compile(r"^(SUBJECT TO CONTRACT|DRAFT.*|Page \d+ of \d+|[\d.]+)$")


def _words(text: str) -> list[str]:
    """Words in order, case aside (both print party names in capitals) and hyphens aside
    (pdftotext joins a word hyphenated at a line end)."""
    return re.sub(r"[\s\u2026.]+", " ", text).replace("-", "").strip().casefold().split()


def _docx_signatures(path) -> str:
    """The signature pages' text as Word holds it: from the Signatures heading to Schedule 1."""
    body = docx.Document(path).element.body
    out, on = [], False
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        style = style.get(W + "val") if style is not None else ""
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        if text == "Signatures" and style.startswith("DDHeading"):
            on = True
        elif style == "DDScheduleHeading":
            on = False
        if on:
            out.append(text)
    return "\n".join(out)


def _pdf_signatures(path, deal_title: str) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"^SIGNATURES$(.*?)^SCHEDULE 1$", text, re.MULTILINE | re.DOTALL)
    assert found, "no signature pages in the PDF"
    lines = [line.strip() for line in found.group(1).splitlines()]
    return "Signatures\n" + "\n".join(x for x in lines if x and x != deal_title and not _FURNITURE.match(x))


@pytest.mark.slow
@pytest.mark.parametrize("deal", EXAMPLES, ids=lambda p: p.stem)
def test_the_signature_pages_read_the_same_in_word_and_pdf(deal, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; .ci/run installs it")
    api.build(deal, tmp_path, docs=["heads-of-terms"], formats=["docx", "pdf"])
    stem = next(tmp_path.glob("*.docx")).stem
    title = api.assemble_document(api.check(deal), "heads-of-terms").deal_title
    word = _docx_signatures(tmp_path / f"{stem}.docx")
    pdf = _pdf_signatures(tmp_path / f"{stem}.pdf", title)
    assert _words(word) == _words(pdf)
    assert word.count("Signed") == len(api.check(deal).loaded.deal.parties)
    assert "Signed by To be confirmed" not in word and "Signed by\t" not in word
