"""Negotiation state in the documents (SPEC section 8), read through real readers.

`tests/deals/humber-hydrogen-round-2.yaml` is round 2 of a hydrogen deal: the grant
amount is open (the Company asks £120m, the Secretary of State offers £90m), so are the
clawback bands; the Council proposes a payment in lieu; the Council and the Secretary
of State each leave a note to draft.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dealdocs import api
from dealdocs.cli import main
from tests.conftest import EXAMPLES

HYDROGEN = Path(__file__).parent / "deals" / "humber-hydrogen-round-2.yaml"
STEM = "humber-hydrogen"
GRANT = "[£120,000,000] (Company) / [£90,000,000] (Secretary of State)"
BANDS = "within [5] (Secretary of State) / [3] (Company) years"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("hydrogen")
    api.build(HYDROGEN, out, docs=["heads-of-terms", "term-sheet"], formats=["md", "docx", "html"])
    return out


def test_open_terms_print_as_attributed_alternatives_where_the_clause_states_them(built):
    md = _flat((built / f"{STEM}-heads-of-terms.md").read_text(encoding="utf-8").replace("\\", ""))
    assert f"**Funding [Open].** The Secretary of State will make available to the Company grant funding of up to {GRANT}, to be used" in md
    # the Support definition states the grant too, so it carries the same alternatives
    assert f"“Support”** means the funding of up to {GRANT} provided by the Secretary of State" in md
    assert BANDS in md and "but within [10] (Secretary of State) / [5] (Company) years, 50 per cent" in md
    assert "[£530,000,000] (Company) / [£500,000,000] (Secretary of State) in total" in md
    assert "**Payment in lieu [Proposed by the Council].**" in md
    assert "**Investment.** The Company will invest not less than £410,000,000" in md  # agreed: unmarked


def test_word_has_the_alternatives_as_text_and_the_notes_as_comments_by_each_party(built):
    path = built / f"{STEM}-heads-of-terms.docx"
    text = _flat(subprocess.run(["pandoc", str(path), "-t", "plain", "--wrap=none"], capture_output=True,
                                text=True, check=True).stdout) if shutil.which("pandoc") else _flat(
        "\n".join(p.text for p in docx.Document(path).paragraphs))
    assert f"grant funding of up to {GRANT}" in text
    # In Word a note is a comment, not body text: it is printed only in the open-points schedule.
    assert text.count("[Note to draft (Secretary of State): subject to approval") == 1
    comments = {(c.author, c.text, c.timestamp.date().isoformat()) for c in docx.Document(path).comments}
    assert comments == {
        ("Council", "the Council wants a local-hiring target added in the next round", "2026-10-15"),
        ("Secretary of State", "subject to approval of the full business case by HM Treasury", "2026-10-15"),
    }
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
    assert body.count("<w:commentRangeStart") == body.count("<w:commentReference") == 2


def test_html_and_markdown_print_the_notes_where_they_arise(built):
    md = _flat((built / f"{STEM}-heads-of-terms.md").read_text(encoding="utf-8").replace("\\", ""))
    assert "*[Note to draft (Secretary of State): subject to approval of the full business case by HM Treasury]*" in md
    html = (built / f"{STEM}-heads-of-terms.html").read_text(encoding="utf-8")
    assert '<span class="note-to-draft"><em>[Note to draft (Council): the Council wants a local-hiring target' in html


def test_the_open_points_schedule_lists_each_item_with_positions_and_notes(built):
    document = docx.Document(built / f"{STEM}-heads-of-terms.docx")
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "No.")
    rows = [[_flat(c.text) for c in row.cells] for row in table.rows]
    assert rows[0] == ["No.", "Item", "Clause", "Positions", "Notes to draft"]
    assert [r[1] for r in rows[1:]] == ["Jobs Agreed", "Funding Open", "Clawback Open",
                                        "Payment in lieu Proposed by the Council"]
    assert [r[2] for r in rows[1:]] == ["4.2", "5.1", "7.1", "7.2"]  # REF fields' cached numbers
    assert rows[2][3] == ("Company: £120,000,000 as the maximum sum to be made available (needed for the project to "
                          "reach financial close) Secretary of State: £90,000,000 as the maximum sum to be made available")
    assert rows[3][3] == ("Secretary of State: repayment bands: years 5, 100 per cent; years 10, 50 per cent "
                          "Company: repayment bands: years 3, 100 per cent; years 5, 50 per cent")
    assert rows[1][4] == "[Note to draft (Council): the Council wants a local-hiring target added in the next round]"


def test_the_term_sheet_gives_every_row_a_status(built):
    document = docx.Document(built / f"{STEM}-term-sheet.docx")
    table = document.tables[0]
    status = {_flat(row.cells[0].text): row.cells[2].text for row in table.rows[1:]}  # numbered by Word
    assert status["Funding (the Secretary of State)"] == "Open"
    assert status["Remedy: Clawback"] == "Open"
    assert status["Remedy: Payment in lieu"] == "Proposed by the Council"
    assert status["Investment (the Company)"] == "Agreed"
    assert status["Totals"] == "Open"  # it states the open grant
    assert status["Governing law"] == "Agreed"
    assert {c.author for c in document.comments} == {"Council", "Secretary of State"}


@pytest.mark.slow
def test_the_pdf_text_shows_the_alternatives_and_the_notes(tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) is not installed; .ci/run installs it")
    api.build(HYDROGEN, tmp_path, docs=["heads-of-terms"], formats=["pdf"])
    text = _flat(subprocess.run(["pdftotext", str(tmp_path / f"{STEM}-heads-of-terms.pdf"), "-"],
                                capture_output=True, text=True, check=True).stdout)
    assert f"grant funding of up to {GRANT}" in text
    assert "[Note to draft (Secretary of State): subject to approval of the full business case by HM Treasury]" in text
    assert "Open points" in text


def test_a_final_deal_with_open_points_exits_1_with_dd133_at_the_open_item(tmp_path):
    final = tmp_path / "final.yaml"
    source = HYDROGEN.read_text(encoding="utf-8").replace("  round: 2\n", "  round: 2\n  status: final\n")
    final.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(final)])
    assert result.exit_code == 1
    lines = source.splitlines()
    positions = next(i for i, line in enumerate(lines, 1) if line.strip() == "positions:")
    status = next(i for i, line in enumerate(lines, 1) if line.strip() == "status: open")
    assert f"final.yaml:{positions}:5: DD133" in result.output
    assert f"final.yaml:{status}:13: DD133" in result.output
    assert result.output.count("DD133") == 3  # the grant, the clawback and the proposed payment in lieu


def test_a_forced_final_prints_no_negotiation(tmp_path):
    final = tmp_path / "final.yaml"
    final.write_text(HYDROGEN.read_text(encoding="utf-8").replace("  round: 2\n", "  round: 2\n  status: final\n"),
                     encoding="utf-8")
    api.build(final, tmp_path, docs=["heads-of-terms", "term-sheet"], formats=["md", "docx"], force=True)
    md = (tmp_path / f"{STEM}-heads-of-terms.md").read_text(encoding="utf-8")
    assert "Note to draft" not in md and "Open points" not in md and "[Open]" not in md
    assert "(Company) /" not in md
    assert not list(docx.Document(tmp_path / f"{STEM}-heads-of-terms.docx").comments)
    sheet = docx.Document(tmp_path / f"{STEM}-term-sheet.docx")
    assert [c.text for c in sheet.tables[0].rows[0].cells] == ["Term", "Provision"]


def test_builds_with_comments_are_byte_identical(tmp_path):
    for run in ("a", "b"):
        api.build(HYDROGEN, tmp_path / run, docs=["heads-of-terms", "term-sheet"], formats=["docx"])
    for name in (f"{STEM}-heads-of-terms.docx", f"{STEM}-term-sheet.docx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_deal_that_records_no_negotiation_has_no_status_column(tmp_path):
    deal = next(p for p in EXAMPLES if p.name.startswith("tees"))
    api.build(deal, tmp_path, docs=["term-sheet"], formats=["docx"])
    sheet = docx.Document(next(tmp_path.glob("*-term-sheet.docx")))
    assert [c.text for c in sheet.tables[0].rows[0].cells] == ["Term", "Provision"]


@pytest.mark.slow
def test_the_batch_dashboard_counts_open_points_per_deal(tmp_path):
    from lxml import html as lxml_html

    from dealdocs.batch import check_and_build
    from dealdocs.dashboard import write_reports
    from dealdocs.outcomes import BatchResult

    out = tmp_path / "out"
    deals = [check_and_build(str(HYDROGEN), out), check_and_build(str(EXAMPLES[0]), out)]
    assert [d.open_points for d in deals] == [3, 0]
    write_reports(BatchResult(tmp_path, out, deals))
    page = lxml_html.parse(str(out / "index.html")).getroot()
    header = [th.text_content().strip() for th in page.iter("th")]
    column = header.index("Open")
    rows = [[td.text_content().strip() for td in tr.iter("td")] for tr in page.iter("tr") if list(tr.iter("td"))]
    hydrogen = next(row for row in rows if row[0].startswith("Humber Green Hydrogen Partnership"))
    assert hydrogen[column] == "3"
    assert "3 open points" in page.text_content()


def test_the_round_marks_every_page_of_a_draft(built):
    md = (built / f"{STEM}-heads-of-terms.md").read_text(encoding="utf-8")
    assert "**SUBJECT TO CONTRACT** — **DRAFT (ROUND 2)**" in md
    header = docx.Document(built / f"{STEM}-heads-of-terms.docx").sections[0].header
    assert "DRAFT (ROUND 2)" in " ".join(p.text for p in header.paragraphs)


def test_the_check_summary_counts_open_points(tmp_path):
    result = CliRunner().invoke(main, ["check", str(HYDROGEN), str(EXAMPLES[0])])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].endswith(f"in 2 files; 3 open points ({HYDROGEN}: 3)")
    alone = CliRunner().invoke(main, ["check", str(EXAMPLES[0])])
    assert "open point" not in alone.output


def test_one_partys_proposal_is_shown_against_the_current_draft(tmp_path):
    deal = tmp_path / "one.yaml"
    deal.write_text(HYDROGEN.read_text(encoding="utf-8").replace(
        "    terms: {purpose: the construction of the Facility}\n    positions:\n"
        "      - {party: humber-h2, terms: {amount: £120m}, note: needed for the project to reach financial close}\n"
        "      - {party: desnz, terms: {amount: £90m}}\n",
        "    terms: {amount: £100m, purpose: the construction of the Facility}\n    positions:\n"
        "      - {party: humber-h2, terms: {amount: £120m}}\n"), encoding="utf-8")
    api.build(deal, tmp_path, docs=["heads-of-terms"], formats=["md"])
    md = _flat((tmp_path / f"{STEM}-heads-of-terms.md").read_text(encoding="utf-8").replace("\\", ""))
    assert "grant funding of up to [£120,000,000] (Company) / [£100,000,000] (current draft)" in md
