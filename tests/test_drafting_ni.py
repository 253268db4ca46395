"""Drafting defects a Northern Ireland practitioner found in the Belfast aerospace deal,
fixed for every deal that reaches the same wording (SPEC sections 3 and 7).

Each test builds a small deal through the public API and reads the sentence a lawyer
would read: the Markdown with its markup taken off, the term sheet row, or the Word
paragraphs. `LAW` in the deal below is replaced by the governing law under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from dealdocs import api

# A Belfast council sells a site at an undervalue (with overage) and resources the
# planning application; the investor builds a plant, keeps its existing workforce,
# creates new jobs with a local-hiring share, and funds doctoral studentships; the Agency
# pays a grant in tranches, one of them against the jobs.
DEAL = """\
dealdocs: 1
deal:
  id: lough-plant
  title: Lough Composites Cluster Deal
  zone: Belfast
  sector: advanced-manufacturing
  date: 2026-11-30
  term_years: 10
  governing_law: LAW
  lapse_date: 2027-09-30
  target_date: 2027-05-28
parties:
  - id: company
    name: Lough Composites Limited
    short_name: Company
    role: investor
  - id: council
    name: Belfast City Council
    short_name: Council
    role: local-authority
  - id: agency
    name: Invest Northern Ireland
    short_name: Agency
    role: public-body
  - id: university
    name: The Queen's University of Belfast
    short_name: University
    role: university
commitments:
  - id: build
    by: company
    to: [agency, council]
    clause: investment
    terms: {amount: £40m, facility: a composites plant on the Site}
    amount: £40m
    due: 2029-12-31
    remedy: escalate
  - id: create-jobs
    by: company
    to: [agency, council]
    clause: jobs
    terms: {jobs: 200, location: the Site}
    due: 2030-12-31
    remedy: [escalate, withhold]
  - id: keep-jobs
    by: company
    to: agency
    clause: jobs
    terms: {jobs: 300, basis: safeguarded, location: "the Company's existing plant at Sydenham"}
    due: 2027-12-31
    remedy: escalate
  - id: hiring
    by: company
    to: council
    clause: local-hiring
    terms: {share: 25%, area: the district of Belfast City Council, of: create-jobs}
    due: 2030-12-31
    remedy: escalate
  - id: research
    by: company
    to: university
    clause: research-collaboration
    terms: {topic: thermoplastic composites, amount: £2m, studentships: 4}
    due: 2032-09-30
    remedy: escalate
  - id: site
    by: council
    to: company
    clause: land-transfer
    terms: {land: the Site, consideration: £1m, market_value: £3m}
    due: 2027-09-30
    remedy: overage
  - id: planning
    by: council
    to: company
    clause: planning-support
    terms: {application: the application for full planning permission for the plant}
    due: 2027-08-31
    remedy: escalate
  - id: grant
    title: Capital grant
    by: agency
    to: company
    clause: funding
    terms: {amount: £5m, purpose: the capital cost of the plant}
    amount: £5m
    due: 2031-03-31
    long_stop: 2031-12-31
    tranches:
      - {amount: £3m, condition: first £10m of capital expenditure incurred and defrayed}
      - {amount: £2m, condition: 200 new jobs created at the Site, milestone: create-jobs}
    remedy: escalate
remedies:
  - id: withhold
    clause: withhold-tranche
  - id: overage
    clause: profit-sharing
    terms:
      share: 40%
      period_years: 10
      triggers: [disposal, change of use, planning permission]
  - id: escalate
    clause: escalation
    terms: {forum: the governance board}
"""

STATUTE_OF_LAW = {
    "england-and-wales": "Local Government Act 1972",
    "scotland": "Local Government (Scotland) Act 1973",
    "northern-ireland": "Local Government Act (Northern Ireland) 1972",
}


def _plain(text: str) -> str:
    """Markdown with its markup taken off, one space between words."""
    text = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", text)  # cross-references
    text = re.sub(r"\{#[^}]*\}", "", text)  # anchors
    text = re.sub(r"(?<!\\)\[([\d.]+)\]", r"\1", text.replace("**", ""))  # clause numbers
    text = re.sub(r"^(> )+", "", text.replace("\\", ""), flags=re.MULTILINE)
    return re.sub(r"[ \t]+", " ", text)


def _clause(text: str, title: str) -> str:
    """A heads of terms clause by its run-in title, up to the next numbered clause."""
    found = re.search(rf"^\d+\.\d+ {re.escape(title)}\. .*?(?=^\d+\.\d+ |\Z)", text, re.M | re.S)
    assert found, f"no clause {title!r}"
    return re.sub(r"\s+", " ", found.group(0))


def _row(sheet: str, term: str) -> str:
    """A term sheet row by the words after its number."""
    found = re.search(rf"^\| \d+\. {re.escape(term)} \|(.*)$", sheet, re.M)
    assert found, f"no row {term!r}"
    return re.sub(r"\s+", " ", found.group(1))


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """build(law, edit=None) -> (heads of terms, term sheet) as plain text, cached."""
    cache: dict = {}

    def _build(law: str, edit=None) -> tuple[str, str]:
        key = (law, edit)
        if key not in cache:
            text = DEAL.replace("LAW", law)
            if edit:
                for old, new in edit:
                    assert old in text, old
                    text = text.replace(old, new)
            out = tmp_path_factory.mktemp("ni")
            path = out / "deal.yaml"
            path.write_text(text, encoding="utf-8")
            findings = api.check(path).findings
            assert not [f for f in findings if f.severity.value == "error"], findings
            heads, sheet = api.build(path, out / "docs", docs=["heads-of-terms", "term-sheet"], formats=["md"])
            cache[key] = (_plain(heads.read_text(encoding="utf-8")), _plain(sheet.read_text(encoding="utf-8")))
        return cache[key]

    return _build


# 1. The term sheet describes the ring-fence as the heads of terms do.

@pytest.mark.parametrize("law", ["england-and-wales", "northern-ireland"])
def test_term_sheet_ring_fence_matches_the_heads_of_terms(build, law):
    heads, sheet = build(law)
    clause = _clause(heads, "Local Employment and Skills")
    assert "offer it only to Local Residents for not less than 2 weeks before advertising it more widely" in clause
    row = _row(sheet, "Local Employment and Skills (the Company)")
    assert ("are filled by individuals whose main residence is in the Local Area (each a Local Resident), offering "
            "each vacancy only to Local Residents for not less than 2 weeks before advertising it more widely.") in row
    assert "ring-fencing" not in row and "so that only a Local Resident can be appointed" not in row


# 2. Under the law of Northern Ireland local hiring is subject to fair employment law.

def test_northern_irish_local_hiring_is_subject_to_fair_employment_law(build):
    heads, sheet = build("northern-ireland")
    clause = _clause(heads, "Local Employment and Skills")
    assert ("The obligations of the Company under this commitment apply only so far as they are consistent with the "
            "Fair Employment and Treatment (Northern Ireland) Order 1998 and the other equality legislation that "
            "applies in Northern Ireland.") in clause
    # It qualifies the whole commitment, after the list, not one item of it.
    assert clause.index("home postcode district") < clause.index("Fair Employment and Treatment")
    assert ("These obligations apply only so far as they are consistent with the Fair Employment and Treatment "
            "(Northern Ireland) Order 1998 and the other equality legislation that applies in Northern Ireland.") in \
        _row(sheet, "Local Employment and Skills (the Company)")
    assert "Equality Commission" not in heads + sheet


@pytest.mark.parametrize("law", ["england-and-wales", "scotland"])
def test_fair_employment_order_is_only_cited_under_northern_irish_law(build, law):
    heads, sheet = build(law)
    assert "Fair Employment" not in heads + sheet


def test_firm_target_local_hiring_keeps_the_qualification_last(build):
    heads, _ = build("northern-ireland", (("clause: local-hiring\n", "clause: local-hiring\n    variant: firm-target\n"),))
    clause = _clause(heads, "Local Employment and Skills")
    assert clause.index("any shortfall will be stated as a whole number of posts") < clause.index(
        "apply only so far as they are consistent with the Fair Employment and Treatment (Northern Ireland) Order 1998")


# 3. A planning agreement in Northern Ireland, and the period that applies there.

def test_northern_irish_planning_names_the_planning_agreement_and_the_period(build):
    heads, sheet = build("northern-ireland")
    clause = _clause(heads, "Planning")
    assert ("aim to determine the Planning Application within the period for its determination under article 20 of "
            "the Planning (General Development Procedure) Order (Northern Ireland) 2015, or such longer period as the "
            "applicant agrees;") in clause
    assert ("deal promptly with related approvals, including the discharge of conditions and any related planning "
            "agreement under section 76 of the Planning Act (Northern Ireland) 2011; and") in clause
    assert "planning obligation" not in clause and "statutory period" not in clause
    row = _row(sheet, "Planning (the Council)")
    assert ("aiming to determine it within the period for its determination under article 20 of the Planning "
            "(General Development Procedure) Order (Northern Ireland) 2015") in row
    assert "statutory period" not in row


def test_scots_planning_names_the_section_75_obligation_and_processing_agreement(build):
    clause = _clause(build("scotland")[0], "Planning")
    assert ("including the discharge of conditions and any related planning obligation under section 75 of the Town "
            "and Country Planning (Scotland) Act 1997; and") in clause
    assert "offer to enter into a processing agreement with the applicant" in clause
    assert "within the statutory period for its determination" in clause


def test_english_planning_is_unchanged(build):
    clause = _clause(build("england-and-wales")[0], "Planning")
    assert "including the discharge of conditions and any related planning obligation; and" in clause
    assert "within the statutory period for its determination, or such longer period" in clause


def test_northern_irish_planning_with_a_target_keeps_the_target(build):
    heads, _ = build("northern-ireland", (("the application for full planning permission for the plant}",
                                           "the application for full planning permission for the plant, "
                                           "target_weeks: 20}"),))
    assert "aim to determine the Planning Application within 20 weeks of its validation" in _clause(heads, "Planning")


# 4. A council's best-price duty under the law that governs the disposal.

def test_northern_irish_council_consent_is_under_section_96(build):
    heads, sheet = build("northern-ireland")
    land = _clause(heads, "Disposal of Land")
    assert ("so that the disposal is at an undervalue of £2,000,000; the Council will obtain any consent it needs "
            "under section 96 of the Local Government Act (Northern Ireland) 1972 to dispose of the Land for less "
            "than the best price, consideration or rent that can reasonably be obtained;") in land
    assert "best consideration" not in land
    assert ("for which the Council will obtain any consent it needs under section 96 of the Local Government Act "
            "(Northern Ireland) 1972.") in _row(sheet, "Disposal of Land (the Council)")


def test_scots_council_consent_is_the_scottish_ministers_under_section_74(build):
    land = _clause(build("scotland")[0], "Disposal of Land")
    assert ("the Council will obtain any consent of the Scottish Ministers it needs under section 74 of the Local "
            "Government (Scotland) Act 1973 to dispose of the Land for less than the best consideration that can "
            "reasonably be obtained;") in land


def test_english_council_consent_is_unchanged(build):
    land = _clause(build("england-and-wales")[0], "Disposal of Land")
    assert ("the Council will obtain any consent it needs to dispose of the Land for less than the best "
            "consideration reasonably obtainable;") in land
    assert "(Northern Ireland)" not in land and "(Scotland)" not in land


def test_northern_irish_council_without_a_market_value_is_valued_and_consents_under_section_96(build):
    heads, sheet = build("northern-ireland", (("consideration: £1m, market_value: £3m}", "consideration: £1m}"),))
    land = _clause(heads, "Disposal of Land")
    assert ("obtain an independent valuation of the Land by a RICS Registered Valuer before exchange of contracts "
            "and, if the consideration is less than the best price, consideration or rent that can reasonably be "
            "obtained, any consent it needs under section 96 of the Local Government Act (Northern Ireland) 1972 to "
            "dispose of the Land for that consideration;") in land
    assert ("the Council will obtain any consent it needs under section 96 of the Local Government Act (Northern "
            "Ireland) 1972 to dispose of it for less than the best price, consideration or rent that can reasonably "
            "be obtained.") in _row(sheet, "Disposal of Land (the Council)")


def test_a_public_body_that_is_not_a_council_names_no_council_statute(build):
    # The Agency, not the Council, disposes of the Site: section 96 is a council's duty.
    heads, _ = build("northern-ireland", (("    by: council\n    to: company\n    clause: land-transfer",
                                           "    by: agency\n    to: company\n    clause: land-transfer"),))
    land = _clause(heads, "Disposal of Land")
    assert ("the Agency will obtain any consent it needs under the law that applies to the disposal to dispose of the "
            "Land for less than the best consideration reasonably obtainable;") in land
    assert not any(statute in land for statute in STATUTE_OF_LAW.values())


# 5. Studentships are what the deal says: four years, funded by the Company.

def test_studentships_are_not_called_industrial_case(build):
    heads, sheet = build("northern-ireland")
    research = _clause(heads, "Research Collaboration")
    assert ("the Company will fund not less than 4 doctoral studentships within the Research Programme, each lasting "
            "four years;") in research
    assert "CASE" not in heads + sheet and "premises" not in research
    single, _ = build("northern-ireland", (("studentships: 4}", "studentships: 1}"),))
    assert "not less than 1 doctoral studentship within the Research Programme, lasting four years;" in \
        _clause(single, "Research Collaboration")


# 6. Posts are based at a place; people are employed.

def test_safeguarded_jobs_are_based_at_the_plant(build):
    heads, _ = build("northern-ireland")
    text = heads.replace("\n", " ")
    assert ("The Company will maintain, and so safeguard, not less than 300 Qualifying Jobs based at the Company's "
            "existing plant at Sydenham.") in text
    assert "Qualifying Jobs employed at" not in text


# 7. Overage runs from the acquisition the deal gives, and its triggers are alternatives.

def test_overage_start_date_names_no_alternative_the_deal_does_not_give(build):
    heads, sheet = build("northern-ireland")
    overage = _clause(heads, "Profit sharing (overage)")
    assert ("If a Trigger Event occurs within 10 years after the date on which the transfer of the Property to the "
            "Company is completed (the “Start Date”), the Company will pay to the Council 40 per cent of the "
            "Uplift.") in overage
    assert "grant of the lease" not in overage
    row = _row(sheet, "Remedy: Profit sharing (overage)")
    assert "within 10 years after completion of the transfer of the land to the Company," in row
    assert "grant of the lease" not in row


def test_trigger_events_read_as_alternatives(build):
    overage = _clause(build("northern-ireland")[0], "Profit sharing (overage)")
    assert ("(in either case other than to a member of the same group of companies); (ii) a change of use, meaning the start of any "
            "use other than that for which the Property was provided, or the implementation of a planning permission "
            "for such a use; or (iii) the grant of a planning permission for the development or change of use of the "
            "Property.") in overage
    two, _ = build("northern-ireland", (("triggers: [disposal, change of use, planning permission]",
                                         "triggers: [disposal, change of use]"),))
    overage = _clause(two, "Profit sharing (overage)")
    assert "group of companies); or (ii) a change of use" in overage
    assert overage.count("; or") == 1


def test_scots_overage_disposal_is_a_transfer_of_ownership(build):
    heads, sheet = build("scotland")
    overage = _clause(heads, "Profit sharing (overage)")
    assert "a disposal, meaning a transfer of ownership, or the grant or assignment of a lease" in overage
    assert "freehold" not in overage
    assert "freehold" not in _row(sheet, "Remedy: Profit sharing (overage)")


# 8. One tranche is one sentence, not a list of one.

def test_one_withheld_tranche_is_one_sentence(build, tmp_path):
    heads, _ = build("northern-ireland")
    withhold = _clause(heads, "Withholding of tranches")
    assert ("Until then, the Agency may withhold the tranche of £2,000,000 payable to the Company on the milestone "
            "“200 new jobs created at the Site”, which depends on clause 3.2 (Jobs). A withheld tranche will be paid "
            "within 30 days") in withhold
    assert "(a)" not in withhold and "Until then:" not in withhold


def test_two_withheld_tranches_are_still_a_list(build):
    heads, _ = build("northern-ireland", (("first £10m of capital expenditure incurred and defrayed}",
                                           "first £10m of capital expenditure incurred and defrayed, "
                                           "milestone: create-jobs}"),))
    withhold = _clause(heads, "Withholding of tranches")
    assert "Until then: (a) the Agency may withhold the tranche of £3,000,000" in withhold
    assert "(b) the Agency may withhold the tranche of £2,000,000" in withhold


def test_word_document_prints_the_single_tranche_as_one_paragraph(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text(DEAL.replace("LAW", "northern-ireland"), encoding="utf-8")
    (file,) = api.build(path, tmp_path / "docs", docs=["heads-of-terms"], formats=["docx"])
    paragraphs = [p.text for p in docx.Document(file).paragraphs]
    withhold = next(i for i, text in enumerate(paragraphs) if "Withholding of tranches." in text)
    assert "Until then, the Agency may withhold the tranche of £2,000,000" in paragraphs[withhold]
    assert not paragraphs[withhold + 1].lstrip().startswith("the Agency may withhold")
    assert any("any related planning agreement under section 76 of the Planning Act (Northern Ireland) 2011" in text
               for text in paragraphs)
