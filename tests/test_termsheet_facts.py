"""The term sheet says what the heads of terms say, from the same facts (SPEC sections 4, 7
and 8), and the heads of terms' funding clause and open points read as a lawyer reads them.

Each test builds a small deal through `dealdocs.api` and asserts on the sentences a
reader sees in the Markdown documents.
"""

from __future__ import annotations

import re
from pathlib import Path

from dealdocs import api
from tests.conftest import MINIMAL, ROOT


def _plain(text: str) -> str:
    """Markdown as read: links as their text, no escapes or emphasis, one space."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", text)
    return re.sub(r"\s+", " ", text.replace("<br>", " ").replace("\\", "").replace("*", "")).strip()


def _build(write, text: str, tmp_path: Path) -> tuple[str, str]:
    """(heads of terms, term sheet) of the deal, as read."""
    path = write(text)
    out = tmp_path / "out"
    api.build(path, out, docs=["heads-of-terms", "term-sheet"], formats=["md"])
    heads = (out / "small-deal-heads-of-terms.md").read_text(encoding="utf-8")
    sheet = (out / "small-deal-term-sheet.md").read_text(encoding="utf-8")
    return heads, sheet


def _row(sheet: str, term: str) -> str:
    """The provision of the term sheet's row for `term` ("" when there is none)."""
    for line in sheet.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) >= 2 and re.fullmatch(rf"(\[?\d+\.\]?(\{{[^}}]*\}})?\s+)?{re.escape(term)}", cells[0]):
            return _plain(cells[1])
    return ""


def _clause(text: str, anchor: str) -> str:
    start = text.index("{#" + anchor + "}")
    end = text.find("{#", start + 2)
    return _plain(text[start:end if end > 0 else None])


LAND = """\
  - id: site
    by: council
    to: investor
    clause: land-transfer
    terms: {land: the Site, consideration: £1.2m, market_value: £4.8m}
    remedy: escalate
"""


def test_a_definition_used_only_inside_another_definition_is_kept(write, tmp_path):
    deal = MINIMAL.replace("commitments:\n", "definitions:\n"
                           "  Site: the land at Haverton Hill in the Region\n"
                           "  Region: the boroughs of Stockton-on-Tees and Hartlepool\n"
                           "  Board: a term no row uses\n"
                           "commitments:\n", 1)
    deal = deal.replace("facility: a factory}", "facility: a factory at the Site}")
    _, sheet = _build(write, deal, tmp_path)
    definitions = _row(sheet, "Definitions")
    assert "Site: the land at Haverton Hill in the Region" in definitions
    assert "Region: the boroughs of Stockton-on-Tees and Hartlepool" in definitions
    assert "Board:" not in definitions  # still only the terms the sheet uses


def test_the_totals_row_says_what_the_heads_of_terms_say_including_land_at_an_undervalue(write, tmp_path):
    heads, sheet = _build(write, MINIMAL.replace("remedies:\n", LAND + "remedies:\n", 1), tmp_path)
    stated = ("financial value of £11,000,000 in total, of which £10,000,000 is private investment and £1,000,000 "
              "is public funding; in addition, the Authority will transfer land at an undervalue of £3,600,000")
    assert f"The commitments in these heads of terms carry {stated}." in _plain(heads)
    assert _row(sheet, "Totals") == stated[0].upper() + stated[1:] + "."
    assert "public support" not in _row(sheet, "Totals")


def test_the_totals_row_leaves_out_land_that_is_not_at_an_undervalue(write, tmp_path):
    land = LAND.replace("market_value: £4.8m", "market_value: £1.2m")
    heads, sheet = _build(write, MINIMAL.replace("remedies:\n", land + "remedies:\n", 1), tmp_path)
    assert _row(sheet, "Totals") == ("Financial value of £11,000,000 in total, of which £10,000,000 is private "
                                     "investment and £1,000,000 is public funding.")
    assert "undervalue" not in _clause(heads, "funding")


def test_the_timetable_row_gives_the_target_and_lapse_dates(write, tmp_path):
    deal = MINIMAL.replace("  term_years: 10\n", "  term_years: 10\n  target_date: 2026-09-30\n"
                           "  lapse_date: 2026-12-31\n  exclusivity_until: 2026-08-31\n")
    heads, sheet = _build(write, deal, tmp_path)
    assert _row(sheet, "Timetable") == (
        "The Parties aim to sign the Full Agreement on or before 30 September 2026 (not binding). The heads of terms "
        "lapse if the Full Agreement has not been signed by all the Parties on or before 31 December 2026, or any "
        "later date the Parties agree in writing (binding).")
    # The heads of terms say the same dates.
    assert "sign it on or before 30 September 2026" in _clause(heads, "s-timetable")
    assert "on or before 31 December 2026, or any later date the Parties agree in writing" in _clause(heads, "s-lapse")
    # Who is locked out, as the exclusivity clause says it.
    assert "the Investor will not" in _clause(heads, "s-exclusivity")
    assert _row(sheet, "Exclusivity") == (
        "Binding lock-out: from the date of the heads of terms until and including 31 August 2026, the Investor will "
        "not negotiate or deal with any third party about the subject matter of the heads of terms. The lock-out "
        "then ends automatically.")


def test_the_timetable_row_says_only_what_the_deal_gives(write, tmp_path):
    _, sheet = _build(write, MINIMAL.replace("  term_years: 10\n", "  term_years: 10\n  lapse_date: 2026-12-31\n"),
                      tmp_path)
    timetable = _row(sheet, "Timetable")
    assert timetable.startswith("The heads of terms lapse if the Full Agreement has not been signed")
    assert "aim to sign" not in timetable and "[●]" not in timetable


def test_no_timetable_row_without_either_date(write, tmp_path):
    _, sheet = _build(write, MINIMAL, tmp_path)
    assert _row(sheet, "Timetable") == ""
    assert _row(sheet, "Definitions")  # the helper does find rows


HIRING = """\
  - id: local-hiring
    by: investor
    to: council
    clause: local-hiring
    status: open
    terms: {area: the borough of Stockton-on-Tees, jobs: 200}
    positions:
      - {party: council, terms: {share: 30%}, note: the Authority's standard}
      - {party: investor, terms: {share: 20%}}
    remedy: escalate
"""


def test_open_points_name_each_term_as_its_clause_describes_it(write, tmp_path):
    deal = MINIMAL.replace("remedies:\n", HIRING + "remedies:\n", 1)
    deal = deal.replace("    terms: {amount: £1m, purpose: site works}\n    amount: £1m\n",
                        "    terms: {amount: £1m, purpose: site works}\n    status: open\n    positions:\n"
                        "      - {party: investor, terms: {amount: £2m}}\n      - {party: council, terms: {amount: £1m}}\n")
    heads, _ = _build(write, deal, tmp_path)
    schedule = _plain(heads[heads.index("Open points"):])
    assert ("Authority: 30 per cent as the share of the new jobs to be filled by Local Residents "
            "(the Authority's standard)") in schedule
    assert "Investor: 20 per cent as the share of the new jobs to be filled by Local Residents" in schedule
    assert "Investor: £2,000,000 as the maximum sum to be made available" in schedule
    assert "share:" not in schedule and "amount:" not in schedule


def test_the_tranche_lead_names_the_funding_paid_in_tranches(write, tmp_path):
    tranched = """\
  - id: capital
    title: Capital grant
    by: council
    to: investor
    clause: funding
    terms: {amount: £3m, purpose: the factory}
    amount: £3m
    tranches:
      - {amount: £1m, condition: financial close}
      - {amount: £2m, condition: first production}
    remedy: escalate
"""
    heads, _ = _build(write, MINIMAL.replace("remedies:\n", tranched + "remedies:\n", 1), tmp_path)
    lead = _clause(heads, "tranches")
    assert ("The Authority's funding under clause 4.2 (Capital grant) is paid in arrears, in the tranches below, "
            "each on the condition stated being met") in lead
    assert "Public funding is paid" not in lead
    assert "clause 5.1 (Funding)" not in lead  # the untranched grant is not said to be paid in tranches


def test_the_conditions_precedent_are_listed_as_the_heads_of_terms_list_them(tmp_path):
    deal = ROOT / "tests" / "deals" / "belfast-aerospace.yaml"
    written = api.build(deal, tmp_path, formats=["md"], force=True)
    sheet = next(p for p in written if "term-sheet" in p.name).read_text(encoding="utf-8")
    heads = next(p for p in written if "heads-of-terms" in p.name).read_text(encoding="utf-8")
    row = next(line for line in sheet.splitlines() if "Conditions precedent |" in line)
    cells = [c.strip().replace("\\(", "(") for c in row.split("|")[2].split("<br>")]
    assert cells[0] == "Entry into the Full Agreement, and any payment of public support under it, will be conditional on:"
    assert cells[1].startswith("(a) approval of the business case for the Agency's grant") and cells[1].endswith(";")
    assert cells[-2].endswith("; and") and cells[-1].endswith(".")
    for cell in cells[1:]:  # each condition worded as clause 12.1 words it
        assert cell.split(") ", 1)[1] in heads.replace("\n", " ")
