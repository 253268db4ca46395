"""`dealdocs verify DOCUMENT DEAL` (SPEC section 9), on two rounds of a deal written for it:
tests/deals/deeside-cathode-round-1.yaml and -round-2.yaml (the investment raised, a date
moved, a local-hiring commitment added, renumbering the clauses after it, and the
Council's planning commitment dropped). Documents are edited the way a lawyer's tools
edit them: python-docx, tracked changes in the XML, LibreOffice."""

from __future__ import annotations

import copy
import subprocess
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dealdocs import api
from dealdocs.cli import main
from dealdocs.rounds.doctext import docx_paragraphs
from tests.conftest import ROOT, tool

ROUND_1 = ROOT / "tests" / "deals" / "deeside-cathode-round-1.yaml"
ROUND_2 = ROOT / "tests" / "deals" / "deeside-cathode-round-2.yaml"
HOT = "deeside-cathode-heads-of-terms"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[int, Path]:
    out = {}
    for number, deal in ((1, ROUND_1), (2, ROUND_2)):
        out[number] = tmp_path_factory.mktemp(f"round-{number}")
        api.build(deal, out[number], formats=["docx", "html", "md"])
    return out


def verify(document: Path, deal: Path = ROUND_2):
    return CliRunner().invoke(main, ["verify", str(document), str(deal)])


def _edited(source: Path, target: Path, edit) -> Path:
    document = docx.Document(source)
    edit(document)
    document.save(target)
    return target


def _paragraph(document, words: str):
    return next(p for p in document.paragraphs if words in p.text)


@pytest.mark.parametrize("name", [f"{HOT}.docx", "deeside-cathode-term-sheet.docx", f"{HOT}.html",
                                  f"{HOT}.md", "deeside-cathode-term-sheet.md"])
def test_an_untouched_document_verifies(rounds, name):
    result = verify(rounds[2] / name)
    assert result.exit_code == 0, result.output
    assert "is what" in result.output


def test_the_previous_rounds_file_is_from_another_version_of_the_deal(rounds):
    result = verify(rounds[1] / f"{HOT}.docx")
    assert result.exit_code == 1
    assert "built from another version of the deal" in result.output
    assert 'clause 4.1: differs: "£280,000,000" -> "£250,000,000"' in result.output
    assert "clause 4.3: paragraph removed" in result.output  # local hiring is new in round 2


def test_a_one_word_edit_with_python_docx_is_found_by_clause(rounds, tmp_path):
    def edit(document):
        for run in _paragraph(document, "best endeavours").runs:
            run.text = run.text.replace("best endeavours", "reasonable endeavours")

    result = verify(_edited(rounds[2] / f"{HOT}.docx", tmp_path / "edited.docx", edit))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith('clause 4.3: edited by hand: "best" -> "reasonable"'), result.output
    assert lines[1].startswith("    old: Local Employment and Skills. The Company will use best endeavours")
    assert lines[2].startswith("    new: Local Employment and Skills. The Company will use reasonable endeavours")
    assert lines[-1].endswith("1 paragraph differs (1 edited)")
    assert "another version" not in result.output


def test_json_gives_each_hand_edit_with_its_clause_and_both_texts(rounds, tmp_path):
    import json

    def edit(document):
        for run in _paragraph(document, "best endeavours").runs:
            run.text = run.text.replace("best endeavours", "reasonable endeavours")

    edited = _edited(rounds[2] / f"{HOT}.docx", tmp_path / "edited.docx", edit)
    result = CliRunner().invoke(main, ["verify", str(edited), str(ROUND_2), "--format", "json"])
    assert result.exit_code == 1
    verdict = json.loads(result.output)
    assert verdict["ok"] is False and verdict["same_inputs"] is True and verdict["kind"] == "heads-of-terms"
    (only,) = verdict["edits"]
    assert only["kind"] == "edited" and only["where"] == only["where_now"] == "clause 4.3"
    assert "best endeavours" in only["old"] and "reasonable endeavours" in only["new"]
    untouched = CliRunner().invoke(main, ["verify", str(rounds[2] / f"{HOT}.md"), str(ROUND_2), "--format", "json"])
    assert untouched.exit_code == 0 and json.loads(untouched.output)["ok"] is True


def test_a_document_built_against_standards_verifies_against_them(tmp_path):
    standards = ROOT / "examples" / "standards" / "tees-valley-standards.yaml"
    deal = tmp_path / "deal.yaml"
    deal.write_text(ROUND_2.read_text(encoding="utf-8"), encoding="utf-8")
    checked = api.check(deal, standards=standards)
    api.write_documents(checked, tmp_path / "out", docs=["heads-of-terms"], formats=["md"], force=True)
    built = tmp_path / "out" / f"{HOT}.md"
    held = CliRunner().invoke(main, ["verify", str(built), str(deal), "--standards", str(standards)])
    assert held.exit_code == 0, held.output
    alone = CliRunner().invoke(main, ["verify", str(built), str(deal)])
    assert alone.exit_code == 1, alone.output  # without them, its standards' fingerprint differs


def test_sub_paragraphs_are_named_as_word_numbers_them(rounds, tmp_path):
    def edit(document):
        sub = _paragraph(document, "create not less than 24 apprenticeships")  # 4.3(c)
        sub.runs[0].text = sub.runs[0].text.replace("24", "30")
        added = copy.deepcopy(sub._p)  # a new (f) after (e), in the same style
        for t in added.iter(W + "t"):
            t.text = ""
        next(added.iter(W + "t")).text = "publish an annual local employment report."
        _paragraph(document, "support each report with anonymised records showing")._p.addnext(added)
        removed = _paragraph(document, "notify every vacancy in those jobs")._p  # 4.3(a)
        removed.getparent().remove(removed)

    result = verify(_edited(rounds[2] / f"{HOT}.docx", tmp_path / "edited.docx", edit))
    assert result.exit_code == 1
    assert "clause 4.3(a): paragraph removed" in result.output
    # (c) is (b) in the edited document, once (a) is gone: both numbers are given.
    assert 'clause 4.3(c) (4.3(b) in this document): edited by hand: "24" -> "30"' in result.output
    assert "clause 4.3(e): paragraph added\n    new: publish an annual local employment report." in result.output


def test_tracked_insertions_count_and_tracked_deletions_do_not(rounds, tmp_path):
    def track(document):
        p = _paragraph(document, "best endeavours")._p
        run = next(r for r in p.iter(W + "r") if "best endeavours" in "".join(t.text for t in r.iter(W + "t")))
        text = next(run.iter(W + "t"))
        before, after = text.text.split("best", 1)
        text.text = before
        deleted = copy.deepcopy(run)
        for t in deleted.iter(W + "t"):
            t.tag = W + "delText"
            t.text = "best"
        inserted = copy.deepcopy(run)
        next(inserted.iter(W + "t")).text = "all reasonable"
        tail = copy.deepcopy(run)
        next(tail.iter(W + "t")).text = after
        wrap_del = docx.oxml.OxmlElement("w:del")
        wrap_ins = docx.oxml.OxmlElement("w:ins")
        for wrap in (wrap_del, wrap_ins):
            wrap.set(W + "id", "901" if wrap is wrap_del else "902")
            wrap.set(W + "author", "A Lawyer")
        wrap_del.append(deleted)
        wrap_ins.append(inserted)
        run.addnext(wrap_del)
        wrap_del.addnext(wrap_ins)
        wrap_ins.addnext(tail)
        for t in tail.iter(W + "t"):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for t in run.iter(W + "t"):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    result = verify(_edited(rounds[2] / f"{HOT}.docx", tmp_path / "tracked.docx", track))
    assert result.exit_code == 1
    assert 'clause 4.3: edited by hand: "best" -> "all reasonable"' in result.output


def test_a_deleted_paragraph_mark_joins_the_paragraphs(rounds, tmp_path):
    def track(document):
        ppr = _paragraph(document, "best endeavours")._p.get_or_add_pPr()
        rpr = docx.oxml.OxmlElement("w:rPr")  # the paragraph mark's run properties come last in pPr
        ppr.append(rpr)
        mark = docx.oxml.OxmlElement("w:del")
        mark.set(W + "id", "903")
        mark.set(W + "author", "A Lawyer")
        rpr.append(mark)

    result = verify(_edited(rounds[2] / f"{HOT}.docx", tmp_path / "joined.docx", track))
    assert result.exit_code == 1
    # Accepted, the joined paragraph keeps the surviving mark's style (level 3), so Word
    # numbers it after 4.2(c); clause 4.3's text now runs on into (a)'s.
    assert "clause 4.3 (4.2(d) in this document): edited by hand" in result.output
    assert "clause 4.3(a): paragraph removed" in result.output


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_an_edit_to_html_or_markdown_is_found_by_clause(rounds, tmp_path, suffix):
    path = tmp_path / f"edited.{suffix}"
    text = (rounds[2] / f"{HOT}.{suffix}").read_text(encoding="utf-8")
    path.write_text(text.replace("best endeavours", "reasonable endeavours"), encoding="utf-8")
    result = verify(path)
    assert result.exit_code == 1
    assert 'clause 4.3: edited by hand: "best" -> "reasonable"' in result.output


def test_a_term_sheet_cell_is_named_by_its_row_and_column(rounds, tmp_path):
    def edit(document):
        cell = _paragraph_in_tables(document, "The Company will invest not less than £280,000,000")
        cell.runs[0].text = cell.runs[0].text.replace("£280,000,000", "£300,000,000")

    result = verify(_edited(rounds[2] / "deeside-cathode-term-sheet.docx", tmp_path / "ts.docx", edit))
    assert result.exit_code == 1
    assert "Principal terms, row 8 (Investment (the Company)), Provision: edited by hand" in result.output


def _paragraph_in_tables(document, words: str):
    return next(p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs if words in p.text)


def test_clause_numbers_agree_with_the_tree(rounds):
    """The numbers counted from Word's styles are the tree's own."""
    checked = api.check(ROUND_2)
    tree = api.assemble_document(checked, "heads-of-terms")
    from dealdocs.rounds.doctext import Numbers
    from dealdocs.tree import Clause, Heading

    numbers, expected = Numbers(), []
    for block in tree.blocks:
        if isinstance(block, Heading | Clause):
            numbers.clause(getattr(block, "level", 1), block.number)
            expected.append(numbers.section)
    paragraphs = docx_paragraphs((rounds[2] / f"{HOT}.docx").read_bytes())
    seen = list(dict.fromkeys(p.where for p in paragraphs if p.where.startswith("clause ") and "," not in p.where))
    assert seen == expected


@pytest.mark.parametrize("content", [b"", b"not a document at all", b"PK\x03\x04broken zip"])
def test_a_file_that_is_not_a_document_is_exit_2(tmp_path, content):
    path = tmp_path / "thing.docx"
    path.write_bytes(content)
    result = verify(path)
    assert result.exit_code == 2
    assert "not a dealdocs document" in result.output


def test_a_word_document_without_provenance_is_exit_2(tmp_path):
    path = tmp_path / "letter.docx"
    blank = docx.Document()
    blank.add_paragraph("Dear Sirs")
    blank.save(path)
    result = verify(path)
    assert result.exit_code == 2
    assert "not a dealdocs document: it carries no dealdocs provenance" in result.output


def test_markdown_without_provenance_and_a_missing_file_are_exit_2(tmp_path):
    assert "no dealdocs provenance" in verify(ROOT / "README.md").output
    assert verify(ROOT / "README.md").exit_code == 2
    result = verify(tmp_path / "missing.docx")
    assert result.exit_code == 2
    assert "cannot read" in result.output


@pytest.mark.slow
def test_a_document_saved_again_by_libreoffice_verifies(rounds, tmp_path):
    soffice = tool("soffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "saved"), str(rounds[2] / f"{HOT}.docx")],
                   capture_output=True, check=True, timeout=180)
    result = verify(tmp_path / "saved" / f"{HOT}.docx")
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_pdfs_verify_by_provenance(tmp_path):
    api.build(ROUND_1, tmp_path / "r1", formats=["pdf"], docs=["term-sheet"])
    api.build(ROUND_2, tmp_path / "r2", formats=["pdf"], docs=["term-sheet"])
    same = verify(tmp_path / "r2" / "deeside-cathode-term-sheet.pdf")
    assert same.exit_code == 0, same.output
    assert "(provenance compared)" in same.output
    other = verify(tmp_path / "r1" / "deeside-cathode-term-sheet.pdf")
    assert other.exit_code == 1
    assert "built from another version of the deal" in other.output


def test_a_document_is_read_from_its_bytes_not_its_name(rounds, tmp_path):
    renamed = tmp_path / "Deeside HoT v2 (WG comments)"
    renamed.write_bytes((rounds[2] / f"{HOT}.docx").read_bytes())
    assert verify(renamed).exit_code == 0
    assert docx_paragraphs(BytesIO(renamed.read_bytes()).getvalue())


def test_a_changed_clause_library_is_noted_and_its_differences_not_called_hand_edits(tmp_path):
    folder = tmp_path / "clauses"
    folder.mkdir()
    deal = tmp_path / "deal.yaml"
    deal.write_text(ROUND_2.read_text(encoding="utf-8") + "clause_paths: [clauses]\n", encoding="utf-8")
    api.build(deal, tmp_path / "out", formats=["docx"], docs=["heads-of-terms"])
    built = tmp_path / "out" / f"{HOT}.docx"
    assert verify(built, deal).exit_code == 0
    costs = (ROOT / "clauses" / "costs.j2").read_text(encoding="utf-8")
    (folder / "costs.j2").write_text(costs.replace("its own costs", "its own reasonable costs"), encoding="utf-8")
    result = verify(built, deal)
    assert result.exit_code == 1
    assert "note: built with another clause library or standards" in result.output
    assert ': differs: "reasonable" deleted' in result.output
    assert "edited by hand" not in result.output
