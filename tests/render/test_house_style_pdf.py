"""A house style drives the PDF as well as the Word file: the same page size and
margins, body and heading fonts and header text, read by independent tools (pdfinfo,
pdffonts, pdftotext; python-docx for the Word side). And its own "Level 1 Heading" is
the one used, numbered and in the navigation pane."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, Twips

from dealdocs import api
from tests.conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEAL = next(p for p in EXAMPLES if p.name.startswith("tees"))
HEADER = "Borough of Exampleton Legal Services"
LETTER = (12240, 15840)  # twips: 8.5 x 11 in
MARGINS = {"top_margin": 1800, "bottom_margin": 1440, "left_margin": 1080, "right_margin": 1260}


def make_house_style(path: Path, *, body_font: str, heading_font: str = "DejaVu Sans") -> Path:
    """A firm's reference document: US Letter, its own margins, a body font, a "Level 1
    Heading" style under Word's own id for it, and a header line."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Twips(LETTER[0]), Twips(LETTER[1])
    for side, twips in MARGINS.items():
        setattr(section, side, Twips(twips))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = body_font, Pt(10)
    heading = document.styles.add_style("Level 1 Heading", WD_STYLE_TYPE.PARAGRAPH)
    assert heading.style_id == "Level1Heading"
    heading.base_style = normal
    heading.font.name, heading.font.size, heading.font.bold = heading_font, Pt(13), True
    section.header.paragraphs[0].text = HEADER
    document.add_paragraph("Body text of the reference, cleared when it is used.")
    document.save(path)
    return path


def test_the_house_level_1_heading_is_used_numbered_and_outlined(tmp_path):
    style = make_house_style(tmp_path / "house.docx", body_font="Liberation Sans")
    (path,) = api.build(DEAL, tmp_path / "out", docs=["heads-of-terms"], formats=["docx"], style=style)
    document = docx.Document(path)
    named = [s for s in document.styles if s.name == "Level 1 Heading"]
    assert [s.style_id for s in named] == ["DDHeading1"]  # the house's, adopted: one style of that name
    element = named[0].element
    assert element.find(f"{W}rPr/{W}rFonts").get(W + "ascii") == "DejaVu Sans"  # its look kept
    assert element.find(f"{W}pPr/{W}numPr/{W}ilvl").get(W + "val") == "0"  # our numbering
    assert element.find(f"{W}pPr/{W}outlineLvl").get(W + "val") == "0"  # in the navigation pane
    headings = [p for p in document.paragraphs if p.style.style_id == "DDHeading1"]
    assert headings and headings[0].text == "Parties"
    section = document.sections[-1]
    assert (section.page_width, section.page_height) == (Twips(LETTER[0]), Twips(LETTER[1]))
    assert {side: getattr(section, side) for side in MARGINS} == {k: Twips(v) for k, v in MARGINS.items()}
    assert HEADER in "\n".join(p.text for p in section.header.paragraphs)


@pytest.mark.slow
def test_the_pdf_follows_the_house_style(tmp_path):
    if not all(shutil.which(tool) for tool in ("pdfinfo", "pdffonts", "pdftotext")):
        pytest.skip("poppler-utils (pdfinfo, pdffonts, pdftotext) is not installed; .ci/run installs it")
    style = make_house_style(tmp_path / "house.docx", body_font="Liberation Sans")
    notices: list[str] = []
    _docx, pdf = api.build(DEAL, tmp_path / "out", docs=["heads-of-terms"], formats=["docx", "pdf"],
                               style=style, notice=notices.append)
    assert not [n for n in notices if "the PDF sets" in n], notices  # both fonts are installed here

    page = pytest.importorskip("page", reason="page-validation is not installed (pip install -e '.[test]')")
    assert page.validate_pdf(pdf, profile="ua1").is_compliant  # still PDF/UA-1 in the house's fonts

    info = _run("pdfinfo", pdf)
    assert "Page size:       612 x 792 pts (letter)" in info  # as the Word file's w:pgSz

    fonts = _run("pdffonts", pdf)
    assert "Liberation-Sans" in fonts  # the body, as Normal
    assert "DejaVu-Sans-Bold" in fonts  # the clause headings, as the house's Level 1 Heading
    # No text left in dealdocs' own face: without a house style the headings are Liberation
    # Serif Bold. (The timeline figure is a drawing, in Liberation Serif in Word as in the PDF.)
    assert "Liberation-Serif-Bold" not in fonts

    page2 = _run("pdftotext", "-f", "2", "-l", "2", "-layout", pdf, "-")
    assert page2.lstrip().startswith(HEADER)  # the house's header line, above the marking
    assert "SUBJECT TO CONTRACT" in page2.split("\n", 3)[1]

    # Margins: the text block spans what Word's does (pdftotext -bbox gives positions in points).
    boxes = _run("pdftotext", "-f", "2", "-l", "2", "-bbox", pdf, "-")
    body = [line for line in boxes.splitlines() if "<word" in line and 'yMin="' in line]
    x_min = min(float(line.split('xMin="')[1].split('"')[0]) for line in body)
    assert abs(x_min - MARGINS["left_margin"] / 20) < 1.5
    x_max = max(float(line.split('xMax="')[1].split('"')[0]) for line in body)
    assert abs(x_max - (LETTER[0] - MARGINS["right_margin"]) / 20) < 1.5  # justified lines end at the margin


@pytest.mark.slow
def test_a_missing_house_font_is_said_and_set_in_a_fallback(tmp_path):
    style = make_house_style(tmp_path / "house.docx", body_font="Exampleton Grotesk", heading_font="Arial")
    notices: list[str] = []
    api.build(DEAL, tmp_path / "out", docs=["term-sheet"], formats=["pdf"], style=style, notice=notices.append)
    (line,) = [n for n in notices if "the PDF sets" in n]
    assert "Exampleton Grotesk as Liberation Serif (Exampleton Grotesk is not installed)" in line
    assert "\n" not in line
    notices.clear()
    api.build(DEAL, tmp_path / "docx", docs=["term-sheet"], formats=["docx"], style=style, notice=notices.append)
    assert not [n for n in notices if "the PDF sets" in n]  # no PDF, nothing to say


def _run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout
