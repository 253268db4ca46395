"""A house style drives the Typst PDF as it drives the WeasyPrint PDF and the Word file:
the page size and margins, the body, heading, schedule and clause-level fonts and sizes,
and the header lines above the marking, read back by independent tools (pypdf for the
page boxes, pdffonts, pdftotext). Every string of the reference document is data: a
hostile header or font name prints as text and reaches no Typst code.

The reference documents are those of test_house_style_pdf (US Letter, its own margins,
Liberation Sans body, DejaVu Sans headings, a header line), and the Tees Valley house
style the examples' standards use (Arial, which the machine lacks: Liberation Sans).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, Twips

from dealdocs import api
from dealdocs.guard import house_style
from dealdocs.render import render
from dealdocs.render import typst as typst_renderer
from dealdocs.render.typst_markup import lit
from dealdocs.render.typsthouse import _installed, font_notes, typst_house
from tests.conftest import ROOT, tool
from tests.render.test_house_style_pdf import DEAL, HEADER, LETTER, MARGINS, make_house_style

TEES_VALLEY = ROOT / "examples" / "standards" / "tees-valley-house-style.docx"
HOSTILE = '#read("/etc/passwd") *x* $y$ ] "q" \\ // c <l> @r'


@pytest.fixture(scope="module")
def heads_of_terms():
    return api.assemble_document(api.check(DEAL), "heads-of-terms")


def _needs(*families: str) -> None:
    missing = [f for f in families if not _installed(f)]
    if missing:
        pytest.skip(f"fonts not installed (or fc-list missing): {', '.join(missing)}")


def _with_roles(path: Path) -> Path:
    """The Letter house style with its own level-3 clause and schedule heading styles."""
    make_house_style(path, body_font="Liberation Sans")
    document = docx.Document(path)
    for name, font, size in (("Level 3 Number", "DejaVu Serif", 9), ("Schedule Heading", "Liberation Mono", 14)):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.font.name, style.font.size = font, Pt(size)
    document.save(path)
    return path


def _pdf(tmp_path: Path, doc, style: Path | None, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(render(doc, "pdf", style=style, pdf_engine="typst"))
    return path


def _run(*args) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def _fonts(pdf: Path) -> set[str]:
    """The embedded fonts' names, without the subset tag and hyphens (WeasyPrint writes
    `Liberation-Sans-Bold`, Typst `LiberationSans-Bold`)."""
    rows = _run(tool("pdffonts"), pdf).splitlines()[2:]
    return {row.split()[0].split("+")[-1].replace("-", "") for row in rows if row.strip()}


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, height) of each word on `page`, by pdftotext -bbox."""
    out = []
    for line in _run(tool("pdftotext"), "-f", page, "-l", page, "-bbox", pdf, "-").splitlines():
        if "<word" in line:
            box = {k: float(line.split(f'{k}="')[1].split('"')[0]) for k in ("xMin", "xMax", "yMin", "yMax")}
            out.append((line.split(">")[1].split("<")[0], box["xMin"], box["xMax"], box["yMax"] - box["yMin"]))
    return out


def _runs(pdf: Path) -> list[tuple[str, float, str]]:
    """(font, size in points, text) of each run of text, as pypdf reads the content
    streams: the font's name without its subset tag and hyphens, the size as drawn."""
    from pypdf import PdfReader

    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            name = str(font.get("/BaseFont", "")).split("+")[-1].replace("-", "")
            runs.append((name, round(size * tm[3] * cm[3], 2), text.strip()))

    for page in PdfReader(pdf).pages:
        page.extract_text(visitor_text=visit)
    return runs


def _font_of(runs: list[tuple[str, float, str]], text: str) -> tuple[str, float]:
    return next((font, size) for font, size, said in runs if said == text)


def test_page_fonts_and_header_of_the_house(tmp_path, heads_of_terms):
    from pypdf import PdfReader

    _needs("Liberation Sans", "DejaVu Sans", "DejaVu Serif", "Liberation Mono")
    style = _with_roles(tmp_path / "house.docx")
    pdf = _pdf(tmp_path, heads_of_terms, style)

    reader = PdfReader(pdf)
    assert {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages} == {(612, 792)}  # Letter

    fonts = _fonts(pdf)
    assert {"LiberationSans", "LiberationSansBold", "DejaVuSansBold", "DejaVuSerif", "LiberationMonoBold"} <= fonts
    # No text left in dealdocs' own face (the timeline figure is a drawing in Liberation Serif).
    assert "LiberationSerifBold" not in fonts

    pages = _run(tool("pdftotext"), "-layout", pdf, "-").split("\f")
    pages = [page for page in pages if page.strip()]
    assert all(page.lstrip().startswith(HEADER) for page in pages)  # above the marking, every page
    assert all("SUBJECT TO CONTRACT" in page.lstrip().split("\n", 2)[1] for page in pages)

    words = _words(pdf, 2)
    body = [w for w in words if w[3] < 20]
    assert abs(min(w[1] for w in body) - MARGINS["left_margin"] / 20) < 1.5
    # Justified lines end at the margin (a final comma or hyphen hangs a little past it,
    # as Typst hangs punctuation): the usual line end is the margin.
    ends = Counter(round(w[2]) for w in body)
    assert abs(ends.most_common(1)[0][0] - (LETTER[0] - MARGINS["right_margin"]) / 20) <= 1

    # Each role in the house's font and size: Normal for the body and the header line,
    # its Level 1 Heading, Level 3 Number and Schedule Heading; dealdocs' own 9 pt marking.
    runs = _runs(pdf)
    assert _font_of(runs, HEADER) == ("LiberationSans", 10)
    assert _font_of(runs, "SUBJECT TO CONTRACT") == ("LiberationSansBold", 9)
    assert _font_of(runs, "PARTIES") == ("DejaVuSansBold", 13)
    assert _font_of(runs, "1.1") == ("LiberationSans", 10)
    assert _font_of(runs, "(a)") == ("DejaVuSerif", 9)
    assert _font_of(runs, "SCHEDULE 1") == ("LiberationMonoBold", 14)


def test_the_source_compiles_without_a_warning(tmp_path, heads_of_terms):
    """Typst warns of a font family it cannot find: each one the house look names is there."""
    _needs("Liberation Sans", "DejaVu Sans")
    for style in (_with_roles(tmp_path / "house.docx"), TEES_VALLEY):
        house = typst_house(style)
        _pdf, warnings = typst_renderer.compile_source(typst_renderer.source(heads_of_terms, house), heads_of_terms,
                                                       fonts=house.font_files)
        assert warnings == []


def test_the_tees_valley_style_sets_arial_as_liberation_sans(tmp_path, heads_of_terms):
    _needs("Liberation Sans")
    pdf = _pdf(tmp_path, heads_of_terms, TEES_VALLEY)
    assert {"LiberationSans", "LiberationSansBold"} <= _fonts(pdf)
    assert "LiberationSerifBold" not in _fonts(pdf)
    page = _run(tool("pdftotext"), "-f", "3", "-l", "3", "-layout", pdf, "-")
    assert page.lstrip().startswith("Tees Valley Combined Authority\n")
    assert font_notes(TEES_VALLEY) == ["Arial as its metric-compatible Liberation Sans (Arial is not installed)"] \
        or _installed("Arial")


def test_the_font_notice_for_a_typst_build_never_imports_weasyprint(tmp_path):
    style = make_house_style(tmp_path / "house.docx", body_font="Exampleton Grotesk", heading_font="Arial")
    code = ("import sys; from dealdocs.guard import house_style; lines = []; "
            f"house_style({str(style)!r}, lines.append, pdf=True, engine='typst'); "
            "print(lines); print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    said, imported = out.splitlines()
    assert "Exampleton Grotesk as Liberation Serif (Exampleton Grotesk is not installed)" in said
    assert imported == "False"


def test_two_builds_are_byte_identical_in_process_and_apart(tmp_path, heads_of_terms):
    """The same bytes twice, and from a fresh interpreter (the path of a forked batch
    worker), which is given the same font files."""
    _needs("Liberation Sans")
    style = make_house_style(tmp_path / "house.docx", body_font="Liberation Sans")
    first = render(heads_of_terms, "pdf", style=style, pdf_engine="typst")
    assert render(heads_of_terms, "pdf", style=style, pdf_engine="typst") == first
    house = typst_house(style)
    src = typst_renderer.source(heads_of_terms, house).encode("utf-8")
    here = typst_renderer._compile(src, typst_renderer._timestamp(heads_of_terms), house.font_files)
    apart = typst_renderer._compile_apart(src, typst_renderer._timestamp(heads_of_terms), house.font_files)
    assert apart == here


def _hostile_style(path: Path) -> Path:
    """Header lines and a font name written to reach Typst's code, and a font name with a
    line break and a C1 control (CSI, which a terminal takes for ESC [)."""
    document = docx.Document()
    document.styles["Normal"].font.name = HOSTILE + "\n\x9b31m"
    header = document.sections[0].header
    header.paragraphs[0].text = HOSTILE
    header.add_paragraph("second " + HOSTILE)
    document.save(path)
    return path


def test_hostile_header_and_font_names_are_text(tmp_path, heads_of_terms):
    style = _hostile_style(tmp_path / "hostile.docx")
    source = typst_house(style).source
    assert lit(HOSTILE) in source and lit("second " + HOSTILE) in source
    code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)  # what is left outside the string literals
    assert not {"read", "passwd", "$", "*", "]"} & set(re.findall(r"read|passwd|[$*\]]", code)), code

    pdf = _pdf(tmp_path, heads_of_terms, style)
    pages = [p for p in _run(tool("pdftotext"), "-layout", pdf, "-").split("\f") if p.strip()]
    for page in pages:
        first, second = page.lstrip().splitlines()[:2]
        assert (first.strip(), second.strip()) == (HOSTILE, "second " + HOSTILE)
    assert "root:" not in "".join(pages)  # /etc/passwd was not read
    assert "LiberationSerif" in _fonts(pdf)  # the unknown font: the shipped one

    notices: list[str] = []
    house_style(style, notices.append, pdf=True, engine="typst")
    (line,) = [n for n in notices if "the PDF sets" in n]
    assert "\n" not in line and "\x9b" not in line and "[U+009B]" in line


def test_a_damaged_page_still_lays_out(tmp_path, heads_of_terms):
    """Margins wider than the page (a damaged reference) are shrunk in proportion to leave
    an inch of text, rather than stop Typst."""
    document = docx.Document()  # US Letter, 612 pt wide
    section = document.sections[0]
    section.left_margin = section.right_margin = Twips(9000)  # 450 pt each
    document.save(tmp_path / "wide.docx")
    pdf = _pdf(tmp_path, heads_of_terms, tmp_path / "wide.docx")
    assert min(w[1] for w in _words(pdf, 2)) == pytest.approx((612 - 72) / 2, abs=0.5)


def test_the_typst_pdf_is_pdf_ua_1_in_the_house_style(tmp_path, heads_of_terms):
    page = pytest.importorskip("page", reason="page-validation is not installed (pip install -e '.[test]')")
    for style in (_with_roles(tmp_path / "house.docx"), TEES_VALLEY, _hostile_style(tmp_path / "hostile.docx")):
        report = page.validate_pdf(str(_pdf(tmp_path, heads_of_terms, style, f"{style.stem}.pdf")), profile="ua1")
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures][:10]


@pytest.mark.slow
def test_typst_and_weasyprint_take_the_same_house_look(tmp_path):
    """The same page, the same fonts and the same header line as the WeasyPrint PDF."""
    _needs("Liberation Sans", "DejaVu Sans", "DejaVu Serif", "Liberation Mono")
    from pypdf import PdfReader

    style = _with_roles(tmp_path / "house.docx")
    made = {engine: api.build(DEAL, tmp_path / engine, docs=["heads-of-terms"], formats=["pdf"], style=style,
                              pdf_engine=engine)[0] for engine in ("weasyprint", "typst")}
    boxes = {engine: {(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(pdf).pages}
             for engine, pdf in made.items()}
    assert boxes["typst"] == boxes["weasyprint"] == {(612, 792)}
    assert _fonts(made["typst"]) == _fonts(made["weasyprint"])
    # Every font and size a run of text is set in (but the timeline drawing's, which the
    # engines scale differently), and the font and size of each role.
    looks = {engine: {(font, size) for font, size, _ in _runs(pdf) if not font.startswith("LiberationSerif")}
             for engine, pdf in made.items()}
    assert looks["typst"] == looks["weasyprint"]
    for text in (HEADER, "PARTIES", "1.1", "(a)", "SCHEDULE 1"):
        assert _font_of(_runs(made["typst"]), text) == _font_of(_runs(made["weasyprint"]), text)
    for pdf in made.values():
        page = _run(tool("pdftotext"), "-f", "2", "-l", "2", "-layout", pdf, "-")
        assert page.lstrip().startswith(HEADER)
    pages = {engine: len(PdfReader(pdf).pages) for engine, pdf in made.items()}
    assert abs(pages["typst"] - pages["weasyprint"]) <= 2, pages


def test_creator_and_producer_as_the_weasyprint_pdf_names_them(tmp_path, heads_of_terms):
    """dealdocs made the document, Typst the PDF: in the Info dictionary and the XMP alike,
    each entry once, and qpdf finds the file clean."""
    from pypdf import PdfReader

    pdf = _pdf(tmp_path, heads_of_terms, TEES_VALLEY)
    info = _run(tool("pdfinfo"), pdf)
    assert "\nCreator:         dealdocs\n" in info and "\nProducer:        Typst " in info
    reader = PdfReader(BytesIO(pdf.read_bytes()))
    xmp = reader.xmp_metadata
    assert xmp.xmp_creator_tool == "dealdocs" and xmp.pdf_producer.startswith("Typst ")
    assert pdf.read_bytes().count(b"/Creator") == 2  # Typst's original, and the update's one
    subprocess.run([tool("qpdf"), "--check", str(pdf)], check=True, capture_output=True)
