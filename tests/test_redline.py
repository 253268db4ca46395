"""`dealdocs redline`: round 3 of the hydrogen deal with every change since round 2 tracked.

Between the rounds the grant is settled at £100m, the clawback bands are agreed, the
plant's due date moves, a local-hiring commitment is inserted before the Council's (so
every clause after it is renumbered) and the payment in lieu is removed. Accepting every
change must give round 3's document and rejecting every change round 2's: checked
through pandoc and, paragraph by paragraph with its style, through python-docx.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from dealdocs import api
from dealdocs.cli import main
from tests.conftest import tool

DEALS = Path(__file__).parent / "deals"
OLD, NEW = DEALS / "humber-hydrogen-round-2.yaml", DEALS / "humber-hydrogen-round-3.yaml"
DOCS = ("heads-of-terms", "term-sheet")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """(redline folder, round-2 folder, round-3 folder), all as Word."""
    base = tmp_path_factory.mktemp("rounds")
    result = CliRunner().invoke(main, ["redline", str(OLD), str(NEW), "--format", "docx,html", "-o", str(base / "rl")])
    assert result.exit_code == 0, result.output
    api.build(OLD, base / "r2", formats=["docx"])
    api.build(NEW, base / "r3", formats=["docx"])
    return base / "rl", base / "r2", base / "r3"


# --- accepting and rejecting every change ------------------------------------------------


def _resolved(path: Path, accept: bool) -> docx.Document:
    """The redline with every change accepted (or rejected), as Word does it."""
    document = docx.Document(path)
    body = document.element.body
    gone, kept = ("del", "ins") if accept else ("ins", "del")
    for tr in list(body.iter(W + "tr")):  # rows inserted or deleted whole
        if tr.find(f"{W}trPr/{W}{gone}") is not None:
            tr.getparent().remove(tr)
    for p in list(body.iter(W + "p")):  # paragraphs whose mark was inserted or deleted
        if p.find(f"{W}pPr/{W}rPr/{W}{gone}") is not None:
            p.getparent().remove(p)
    for mark in list(body.iter(W + gone)):
        mark.getparent().remove(mark)
    for mark in list(body.iter(W + kept)):
        parent = mark.getparent()
        if parent.tag == W + "rPr":  # a paragraph mark's revision: just drop the mark
            parent.remove(mark)
            continue
        for child in list(mark):
            mark.addprevious(child)
        parent.remove(mark)
    for t in body.iter(W + "delText"):
        t.tag = W + "t"
    for t in body.iter(W + "delInstrText"):
        t.tag = W + "instrText"
    return document


def _paragraphs(document: docx.Document) -> list[tuple[str, str]]:
    """Every body paragraph (tables too) as (style, text), in order."""
    out = []
    for p in document.element.body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        out.append((style.get(W + "val") if style is not None else "", text))
    return out


@pytest.mark.parametrize("doc", DOCS)
def test_accepting_every_change_gives_the_new_round_and_rejecting_the_old(rounds, doc):
    redlines, r2, r3 = rounds
    path = redlines / f"humber-hydrogen-{doc}-redline.docx"
    assert _paragraphs(_resolved(path, accept=True)) == _paragraphs(docx.Document(r3 / f"humber-hydrogen-{doc}.docx"))
    assert _paragraphs(_resolved(path, accept=False)) == _paragraphs(docx.Document(r2 / f"humber-hydrogen-{doc}.docx"))


def _pandoc(path: Path, *extra: str) -> str:
    text = subprocess.run([tool("pandoc"), str(path), "-t", "plain", "--wrap=none", *extra],
                          capture_output=True, text=True, check=True).stdout
    # pandoc keeps a deleted numbered paragraph (or table row) as an empty list item
    # (row) instead of removing it, and numbers its lists itself (the term sheet's rows
    # too, inside a grid table's cells): compare the words.
    lines = [re.sub(r"^(\s*\|?\s*)(?:(?:\d+|[a-z]+|[ivx]+)\.\s+)+", r"\1", line).rstrip()
             for line in text.splitlines()]
    # An empty row of a grid table goes; its column widths follow the longest cell.
    lines = [re.sub(r"[-=]{2,}", "-", re.sub(r" {2,}", " ", line)) for line in lines if line.strip(" |")]
    return "\n".join(line for i, line in enumerate(lines) if not i or line != lines[i - 1] or line[0] != "+")


@pytest.mark.parametrize("doc", DOCS)
def test_pandoc_accepts_to_the_new_round_and_rejects_to_the_old(rounds, doc):
    redlines, r2, r3 = rounds
    path = redlines / f"humber-hydrogen-{doc}-redline.docx"
    assert _pandoc(path, "--track-changes=accept") == _pandoc(r3 / f"humber-hydrogen-{doc}.docx")
    assert _pandoc(path, "--track-changes=reject") == _pandoc(r2 / f"humber-hydrogen-{doc}.docx")


# --- what the marks say ----------------------------------------------------------------------


def test_changes_are_marked_by_word_by_the_round_on_the_new_date(rounds):
    redlines, _, _ = rounds
    with zipfile.ZipFile(redlines / "humber-hydrogen-heads-of-terms-redline.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    marks = [*body.iter(W + "ins"), *body.iter(W + "del")]
    assert {m.get(W + "author") for m in marks} == {"Round 3"}
    assert {m.get(W + "date") for m in marks} == {"2026-11-26T00:00:00Z"}
    ids = [m.get(W + "id") for m in marks] + [b.get(W + "id") for b in body.iter(W + "bookmarkStart")]
    assert len(ids) == len(set(ids))  # every annotation has its own id
    deleted = ["".join(t.text for t in m.iter(W + "delText")) for m in body.iter(W + "del")]
    inserted = ["".join(t.text or "" for t in m.iter(W + "t")) for m in body.iter(W + "ins")]
    assert "31 December 2029" not in inserted and "December" in deleted and "March" in inserted
    assert "£100,000,000" in inserted
    # Escalation moved from 7.3 to 7.2: the REF fields to it keep the field and track the number
    separate = [r for r in body.iter(W + "r") if r.find(W + "fldChar") is not None
                and r.find(W + "fldChar").get(W + "fldCharType") == "separate"]
    tracked = [(r.getnext(), r.getnext().getnext()) for r in separate if r.getnext().tag == W + "del"]
    assert ("7.3", "7.2") in {("".join(d.itertext()), "".join(i.itertext())) for d, i in tracked}


def test_a_whole_clause_removed_is_deleted_with_its_paragraph_marks(rounds):
    redlines, _, _ = rounds
    document = docx.Document(redlines / "humber-hydrogen-heads-of-terms-redline.docx")
    removed = [p for p in document.element.body.iter(W + "p")
               if "Payment in lieu [Proposed by the Council]." in "".join(t.text or "" for t in p.iter(W + "delText"))]
    assert len(removed) == 1
    assert removed[0].find(f"{W}pPr/{W}rPr/{W}del") is not None


def test_redlines_are_byte_identical_from_run_to_run(tmp_path):
    from dealdocs.rounds.build import write_redlines

    first = write_redlines(OLD, NEW, tmp_path / "a", docs=DOCS, formats=["docx", "html"])
    second = write_redlines(OLD, NEW, tmp_path / "b", docs=DOCS, formats=["docx", "html"])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_html_marks_insertions_and_deletions_with_a_legend(rounds):
    redlines, _, _ = rounds
    page = (redlines / "humber-hydrogen-heads-of-terms-redline.html").read_text(encoding="utf-8")
    assert '<aside class="redline-legend"' in page and "since round 2" in page
    # in the clause, word by word: "by 31 December 2029" became "by 31 March 2030"
    assert re.search(r"by 31 <del>December</del><ins>March</ins> <del>2029</del><ins>2030</ins>", page)
    assert '<del class="block">' in page  # the payment in lieu, removed whole
    assert "<ins>£100,000,000</ins>" in page


@pytest.mark.slow
def test_the_word_redline_is_valid_open_xml_and_opens_in_libreoffice(rounds, tmp_path):
    import shutil

    redlines, _, _ = rounds
    audit = shutil.which("openxml-audit", path=str(Path(sys.executable).parent)) or tool("openxml-audit")
    for doc in DOCS:
        result = subprocess.run([audit, "-q", str(redlines / f"humber-hydrogen-{doc}-redline.docx")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    soffice = tool("soffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(redlines / "humber-hydrogen-heads-of-terms-redline.docx")],
                   capture_output=True, text=True, check=True, timeout=240)
    text = subprocess.run([tool("pdftotext"), str(tmp_path / "humber-hydrogen-heads-of-terms-redline.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "SUBJECT TO CONTRACT" in text and "Reference source not found" not in text


def test_a_redline_of_a_round_with_errors_is_refused(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(NEW.read_text(encoding="utf-8").replace("    by: nelc\n", "    by: nobody\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["redline", str(OLD), str(broken), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "DD102" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_markdown_is_not_a_redline_format(tmp_path):
    result = CliRunner().invoke(main, ["redline", str(OLD), str(NEW), "--format", "md", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "docx, pdf, html" in result.output
