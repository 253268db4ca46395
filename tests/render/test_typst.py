"""`--pdf-engine typst`: the same document tree, the same words, laid out by Typst.

Read back through independent readers: pdftotext for the words (compared with the
WeasyPrint PDF of the same deal), page-validation for PDF/UA-1, pypdf for the
provenance and the bookmarks, and the pixels of a redline for its marks.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from dealdocs import api, tree
from dealdocs.render import render
from dealdocs.render import typst as typst_renderer
from dealdocs.render.pdfinfo import add_info
from dealdocs.render.typst_markup import lit
from tests.conftest import ROOT, tool

EXAMPLE = ROOT / "examples" / "tees-green-manufacturing.yaml"
DEALS = Path(__file__).resolve().parent.parent / "deals"

# Every character Typst's markup or code gives a meaning to, and a try at its code.
HOSTILE = ('#set page(fill: red) $x^2$ *bold* _it_ @ref <lab> \\ [x] // c /* d */ "q" `r` ~ '
           '#read("/etc/passwd") =h -l +e 1. \\u{41}')


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{engine: {kind: path}}: the example's documents as PDF by each engine."""
    out = {}
    for engine in ("weasyprint", "typst"):
        folder = tmp_path_factory.mktemp(engine)
        written = api.build(EXAMPLE, folder, formats=["pdf"], pdf_engine=engine)
        out[engine] = {kind: next(p for p in written if kind in p.name) for kind in api.DOCS}
    return out


def _lines(pdf: Path) -> list[str]:
    """The PDF's text lines in reading order, without each page's header and footer."""
    text = subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    marks = re.compile(r"SUBJECT TO CONTRACT|DRAFT( \(ROUND \d+\))?|Page \d+ of \d+|Teesside Green Manufacturing "
                       r"Cluster Deal")
    return [line for line in unicodedata.normalize("NFKC", text).splitlines()
            if line.strip() and not marks.fullmatch(line.strip())]


_NUMBER = re.compile(r"\d+\.(\d+)?|\([a-z]+\)")


def _words(pdf: Path, start: str, stop: str | None = None) -> tuple[list[str], Counter]:
    """(the words from `start` to `stop`, the clause numbers among them).

    A clause number hangs in the left column, and pdftotext sometimes reads a column of
    them before the text they number, in either engine's PDF: the numbers are compared as
    a count, the words in order. A hyphen is dropped, as pdftotext drops one at a line end.
    """
    text = " ".join(_lines(pdf))
    text = text[text.index(start): text.index(stop) if stop else None]
    words = [w.replace("-", "") for w in text.split()]
    return [w for w in words if not _NUMBER.fullmatch(w)], Counter(w for w in words if _NUMBER.fullmatch(w))


@pytest.mark.slow
def test_both_engines_print_the_same_clauses_in_the_same_order(example_pdfs):
    weasy, weasy_numbers = _words(example_pdfs["weasyprint"]["heads-of-terms"], "PARTIES", "SCHEDULE 1")
    typst, typst_numbers = _words(example_pdfs["typst"]["heads-of-terms"], "PARTIES", "SCHEDULE 1")
    assert len(weasy) > 7000
    assert typst == weasy
    assert typst_numbers == weasy_numbers


@pytest.mark.slow
def test_both_engines_print_the_same_term_sheet(example_pdfs):
    """The term sheet's rows may break at other places, so its tables' repeated header rows
    (the principal terms' and the commitments matrix's) are read a different number of
    times: the words are compared as counts, without those headers' words."""
    headers = {"Term", "Provision", "Status", "Obligor", "Counterparty", "Commitment", "Due", "Remedy"}

    def words(pdf):
        found, numbers = _words(pdf, "Principal terms")
        return Counter(w for w in found if w not in headers) + numbers

    assert words(example_pdfs["typst"]["term-sheet"]) == words(example_pdfs["weasyprint"]["term-sheet"])


@pytest.mark.slow
def test_the_cover_and_the_page_marks(example_pdfs):
    lines = _lines(example_pdfs["typst"]["heads-of-terms"])
    assert lines[:3] == ["TEESSIDE GREEN MANUFACTURING CLUSTER DEAL", "HEADS OF TERMS", "Dated 2 March 2026"]
    assert lines[3] == "between"
    assert "(1)" in lines[4:6] and "TEES OFFSHORE WIND AND HYDROGEN CONSORTIUM" in lines[4:6]
    raw = subprocess.run([tool("pdftotext"), str(example_pdfs["typst"]["heads-of-terms"]), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = [page for page in raw.split("\f") if page.strip()]
    assert all("SUBJECT TO CONTRACT" in page and "DRAFT (ROUND 3)" in page for page in pages)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


@pytest.mark.slow
def test_the_typst_pdf_is_pdf_ua_1(example_pdfs):
    page = pytest.importorskip("page", reason="page-validation is not installed (pip install page-validation)")
    for path in example_pdfs["typst"].values():
        report = page.validate_pdf(str(path), profile="ua1")
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures][:10]


@pytest.mark.slow
def test_provenance_metadata_and_bookmarks(example_pdfs):
    from pypdf import PdfReader

    reader = PdfReader(example_pdfs["typst"]["heads-of-terms"])
    fresh = api.assemble_document(api.check(EXAMPLE), "heads-of-terms")
    info = reader.metadata
    for key, value in fresh.provenance.items():
        assert info[f"/{key}"] == value
    assert info["/Title"] == "Teesside Green Manufacturing Cluster Deal \u2013 Heads of Terms"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:3] == ["1. Parties", "2. Background", "3. Definitions and interpretation"]
    assert "Schedule 1 \u2014 Commitments matrix and milestone timeline" in titles
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    subprocess.run([tool("qpdf"), "--check", str(example_pdfs["typst"]["heads-of-terms"])], check=True,
                   capture_output=True)


@pytest.mark.slow
def test_two_typst_builds_are_byte_identical(tmp_path):
    first = api.build(EXAMPLE, tmp_path / "a", formats=["pdf"], pdf_engine="typst")
    second = api.build(EXAMPLE, tmp_path / "b", formats=["pdf"], pdf_engine="typst")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_example_compiles_without_a_warning():
    checked = api.check(EXAMPLE)
    for kind in api.DOCS:
        doc = api.assemble_document(checked, kind)
        _pdf, warnings = typst_renderer.compile_source(typst_renderer.source(doc), doc)
        assert warnings == []


def _hostile_document() -> tree.Document:
    T = tree.Text
    blocks = [
        tree.Heading(HOSTILE, anchor="h", number="1."),
        tree.Clause(2, [T(HOSTILE + " see clause "), tree.Ref("h", number="1.", label=HOSTILE)], title=HOSTILE,
                    number="1.1"),
        tree.Clause(3, [tree.Defined(HOSTILE), T(" means "), tree.Strong(HOSTILE), tree.Note("Party", HOSTILE)],
                    number="(a)"),
        tree.Para([T(HOSTILE + "\n" + HOSTILE)], kind="note"),
        tree.Table([HOSTILE, "B"], [[[T(HOSTILE)], [T("x")]]], widths=[1, 1], caption=HOSTILE),
        tree.Signature(HOSTILE, HOSTILE, signatory=HOSTILE, title=HOSTILE),
        tree.ScheduleHeading(1, HOSTILE),
        tree.SubHeading(HOSTILE),
    ]
    return tree.Document("heads-of-terms", HOSTILE, HOSTILE, "hostile", date(2026, 3, 2), True, HOSTILE,
                         [tree.PartyLine(HOSTILE, HOSTILE, HOSTILE)], blocks, subtitle=HOSTILE,
                         keywords=[HOSTILE], provenance={"dealdocs-deal-sha256": "0" * 64})


def test_hostile_text_prints_literally(tmp_path):
    path = tmp_path / "hostile.pdf"
    path.write_bytes(render(_hostile_document(), "pdf", pdf_engine="typst"))
    text = " ".join(subprocess.run([tool("pdftotext"), str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    flat = " ".join(HOSTILE.split())
    # every block's copy (headings and names are upper-cased, as in the WeasyPrint PDF)
    assert text.count(flat) + text.count(flat.upper()) >= 12, text[:2000]
    assert "root:" not in text  # /etc/passwd was not read


def test_string_literals_escape_everything_typst_reads():
    assert lit('a"b\\c') == '"a\\"b\\\\c"'
    assert lit("line\nnext\ttab") == '"line\\nnext\\ttab"'
    assert lit("\u2028") == '"\\u{2028}"'
    assert lit("\u202e") == '"[U+202E]"'  # a bidi override shown, as every renderer does


def test_the_source_reads_no_file(tmp_path):
    """The compiler's root is an empty folder of its own: even the preamble could not read
    a file beside it (the deal's text never reaches code at all)."""
    import typst

    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    doc = _hostile_document()
    with pytest.raises(typst.TypstError):
        typst_renderer.compile_source(f'#read("{secret}")', doc)
    with pytest.raises(typst.TypstError):
        typst_renderer.compile_source('#read("../../etc/hostname")', doc)


def test_provenance_is_an_incremental_update_pypdf_reads():
    from pypdf import PdfReader

    doc = _hostile_document()
    pdf, _ = typst_renderer.compile_source("#set document(title: \"t\")\nHello", doc)
    updated = add_info(pdf, {"dealdocs-version": "9 (x)\\"})
    assert updated.startswith(pdf)
    assert PdfReader(BytesIO(updated)).metadata["/dealdocs-version"] == "9 (x)\\"
    assert PdfReader(BytesIO(updated)).metadata["/Title"] == "t"


def test_creator_and_producer_are_replaced_not_repeated(tmp_path):
    """`creator` names dealdocs the creator and the program named so far (Typst) the
    producer, in the Info dictionary and the XMP metadata alike; an entry given again
    replaces the one there, so no key is in the dictionary twice; qpdf finds it clean."""
    from pypdf import PdfReader

    doc = _hostile_document()
    raw, _ = typst_renderer._compile(b'#set document(title: "t")\nHello', typst_renderer._timestamp(doc))
    assert b"/Creator(Typst " in raw and b"/Producer" not in raw
    pdf = add_info(raw, {"dealdocs-version": "1"}, creator="dealdocs")
    again = add_info(pdf, {"Title": "u (v)", "dealdocs-version": "2"})
    for data, title in ((pdf, "t"), (again, "u (v)")):
        reader = PdfReader(BytesIO(data))
        assert reader.metadata["/Creator"] == "dealdocs" and reader.metadata["/Producer"].startswith("Typst ")
        assert reader.metadata["/Title"] == title
        xmp = reader.xmp_metadata
        assert xmp.xmp_creator_tool == "dealdocs" and xmp.pdf_producer == reader.metadata["/Producer"]
        number = re.findall(rb"/Info (\d+) 0 R", data)[-1]  # the last trailer's: the update's Info
        info = data[data.rindex(b"\n%s 0 obj" % number):]
        info = info[:info.index(b"endobj")]
        for key in (b"/Creator", b"/Producer", b"/Title", b"/dealdocs-version"):
            assert info.count(key) == 1, (key, info)
        path = tmp_path / "out.pdf"
        path.write_bytes(data)
        subprocess.run([tool("qpdf"), "--check", str(path)], check=True, capture_output=True)


@pytest.mark.slow
def test_a_redline_through_typst_marks_insertions_and_deletions(tmp_path):
    from PIL import Image

    from dealdocs.rounds.build import write_redlines

    old, new = DEALS / "humber-hydrogen-round-2.yaml", DEALS / "humber-hydrogen-round-3.yaml"
    written = write_redlines(old, new, tmp_path, docs=["heads-of-terms"], formats=["pdf"], pdf_engine="typst")
    pdf = written[0]
    assert pdf.name == "humber-hydrogen-heads-of-terms-redline.pdf"
    text = " ".join(_lines(pdf))
    assert "Inserted text is underlined" in text and "deleted text is struck through" in text
    assert "15 October 2026" in text and "26 November 2026" in text  # the old date struck, the new one
    assert "£100,000,000" in text
    # The marks are drawn in their colours: blue underlined insertions, red struck deletions.
    subprocess.run([tool("pdftoppm"), "-r", "40", "-f", "1", "-l", "4", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    colours = Counter()
    for png in sorted(tmp_path.glob("p-*.png")):
        pixels = Image.open(png).convert("RGB").tobytes()
        for rgb in zip(pixels[0::3], pixels[1::3], pixels[2::3]):
            if _near(rgb, (0x1C, 0x4F, 0xA0)):
                colours["ins"] += 1
            elif _near(rgb, (0xA3, 0x23, 0x1B)):
                colours["del"] += 1
    assert colours["ins"] > 200 and colours["del"] > 50, colours


def _near(rgb: tuple[int, int, int], target: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(rgb, target))


def test_an_unknown_engine_is_a_usage_error(tmp_path):
    from dealdocs.errors import UsageError

    with pytest.raises(UsageError):
        api.build(EXAMPLE, tmp_path, formats=["md"], pdf_engine="latex")


@pytest.mark.slow
def test_build_and_batch_take_the_engine_from_the_command_line(tmp_path):
    from click.testing import CliRunner
    from pypdf import PdfReader

    from dealdocs.cli import main

    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--doc", "term-sheet", "--format", "pdf",
                                       "--pdf-engine", "typst", "-o", str(tmp_path / "one")])
    assert result.exit_code == 0, result.output
    info = PdfReader(tmp_path / "one" / "tees-green-manufacturing-term-sheet.pdf").metadata
    assert info["/Creator"] == "dealdocs" and info["/Producer"].startswith("Typst")  # as WeasyPrint's: dealdocs
    # The batch as a process of its own, as test_batch runs it (its workers fork).
    process = subprocess.run([sys.executable, "-m", "dealdocs", "batch", str(ROOT / "examples" / "standards"),
                              "--pdf-engine", "typst", "-o", str(tmp_path / "many"), "--jobs", "2"],
                             capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stderr
    pdfs = sorted((tmp_path / "many").glob("*/*.pdf"))
    assert len(pdfs) == 6
    assert all(PdfReader(p).metadata["/Producer"].startswith("Typst") for p in pdfs)


def _compile_in_child(queue, src, doc):
    pdf, warnings = typst_renderer.compile_source(src, doc)
    queue.put((pdf, warnings))


@pytest.mark.slow
def test_a_process_forked_after_a_compile_still_compiles():
    """Typst's threads do not survive a fork (a batch's workers are forked): a child of a
    process that has compiled compiles in a fresh interpreter, to the same bytes."""
    import multiprocessing

    doc = _hostile_document()
    src = typst_renderer.source(doc)
    here, _ = typst_renderer.compile_source(src, doc)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_compile_in_child, args=(queue, src, doc))
    child.start()
    try:
        there, warnings = queue.get(timeout=60)
    finally:
        child.join(5)
        if child.is_alive():
            child.kill()
    assert there == here and warnings == []
