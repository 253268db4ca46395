"""A practitioner's review of the built examples, item by item (SPEC section 7).

Each test builds the example deals (and the steelworks deal in `tests/deals/`) and
asserts on the sentences a UK lawyer objected to: what they now say, and that the old
wording, which stated something the deal does not support, is gone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from dealdocs import api
from dealdocs.clauses import Library
from dealdocs.facts import Facts
from dealdocs.loader import load

ROOT = Path(__file__).parent.parent
DEALS = {
    "tees": (ROOT / "examples" / "tees-green-manufacturing.yaml", "tees-green-manufacturing"),
    "triangle": (ROOT / "examples" / "golden-triangle-life-sciences.yaml", "golden-triangle-life-sciences"),
    "clyde": (ROOT / "examples" / "clyde-digital-defence.yaml", "clyde-digital-defence"),
    "steel": (ROOT / "tests" / "deals" / "port-talbot-steel.yaml", "port-talbot-transition"),
}


def _plain(markdown: str) -> str:
    """Markdown as a reader sees it: no emphasis, anchors, link targets or escapes."""
    text = re.sub(r"\]\(#[^)]*\)", "]", markdown)
    text = re.sub(r"\{#[^}]*\}", "", text)
    text = text.replace("\\", "").replace("*", "").replace("[", "").replace("]", "")
    return re.sub(r"[ \t]+", " ", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[str, str]]:
    """Each deal's heads of terms and term sheet, as plain text."""
    out: dict[str, tuple[str, str]] = {}
    for key, (path, stem) in DEALS.items():
        folder = tmp_path_factory.mktemp(key)
        api.build(path, folder, docs=["heads-of-terms", "term-sheet"], formats=["md"])
        heads = _plain((folder / f"{stem}-heads-of-terms.md").read_text(encoding="utf-8"))
        sheet = _plain((folder / f"{stem}-term-sheet.md").read_text(encoding="utf-8"))
        out[key] = (heads, sheet)
    return out


def _clause(text: str, title: str) -> str:
    """The numbered clause whose run-in heading is `title`, to the next numbered clause."""
    found = re.search(rf"^(\d+\.\d+) {re.escape(title)}\. ", text, re.M)
    assert found, f"no clause headed {title!r}"
    start = found.end()
    end = re.compile(r"^\d+\.\d+ |^## ", re.M).search(text, start)
    return text[found.start(): end.start() if end else None]


def _row(sheet: str, term: str) -> str:
    """A term sheet row by the words after its number."""
    found = re.search(rf"^\| \d+\. {re.escape(term)} \|(.*)$", sheet, re.M)
    assert found, f"no row {term!r}"
    return found.group(1)


def _facts(key: str) -> Facts:
    return Facts.build(load(DEALS[key][0]).deal, Library.load())


# 1. Local hiring is a share of the jobs the jobs commitment creates, not of itself.

def test_local_hiring_is_a_share_of_the_jobs_commitment(built):
    heads, sheet = built["triangle"]
    clause = _clause(heads, "Local Employment and Skills")
    assert ("not less than 25 per cent of the 850 new jobs to be created under clause 4.2 (Jobs) "
            "(that is, not less than 213 jobs) are filled by Local Residents") in clause
    assert "215" not in clause and "54 jobs" not in clause
    assert "of the 850 new jobs to be created under clause 9 (Jobs) (that is, not less than 213 jobs)" in sheet
    tees, _ = built["tees"]
    assert ("not less than 30 per cent of the 2,000 new jobs to be created under clause 4.2 (Jobs) "
            "(that is, not less than 600 jobs)") in _clause(tees, "Local Employment and Skills")


# 2. Overage is not a remedy for the landowner's failure, and runs from completion.

def test_overage_is_not_presented_as_a_remedy_for_the_transfer(built):
    heads, sheet = built["tees"]
    transfer = _clause(heads, "Transfer of the Site")
    assert ("The Authority will meet this commitment by 31 March 2027. The transfer is subject to the overage "
            "in clause 10.4 (Profit sharing (overage)).") in transfer
    assert "(Profit sharing (overage)) will apply" not in heads + sheet
    clyde, _ = built["clyde"]
    assert "The lease is subject to the overage in clause 10.5 (Profit sharing (overage))." in clyde


def test_the_overage_period_runs_from_completion_of_the_transfer(built):
    heads, sheet = built["tees"]
    overage = _clause(heads, "Profit sharing (overage)")
    # the land passes by transfer (the land commitment's variant), so no lease is mentioned
    assert ("If a Trigger Event occurs within 20 years after the date on which the transfer of the Property to "
            "the Consortium is completed") in overage
    assert "grant of the lease" not in overage
    assert "indexed by the Consumer Prices Index from the Start Date" in overage
    assert "these heads of terms" not in overage.split("Payment will be due")[0]
    assert "within 20 years after completion of the transfer of the land to the Consortium" in \
        _row(sheet, "Remedy: Profit sharing (overage)")


# 3. Step-in reads grammatically whatever its scope.

def test_step_in_secures_its_scope_itself_or_through_a_nominee(built):
    heads, sheet = built["triangle"]
    step_in = _clause(heads, "Step-in")
    assert ("step in, itself or through a nominee, to secure the operation of the manufacturing lines at the "
            "Campus for as long as needed to meet a Health Emergency") in step_in
    assert ("a non-exclusive, royalty-free licence to use the Platform IP for manufacture in the United Kingdom "
            "for the duration of the step-in") in step_in
    assert "carry out" not in step_in and "by the Health Secretary or a nominee" not in step_in
    assert "step in, itself or through a nominee, to secure" in _row(sheet, "Remedy: Step-in")


# 4. and 5. The closing sentence names the obligor, and maintenance is not "met by".

def test_closing_sentence_names_the_party_that_must_meet_the_commitment(built):
    heads, sheet = built["steel"]
    assert "If the Secretary of State does not meet this commitment, clause 6.2 (Escalation) will apply." in heads
    assert "If the Welsh Government does not meet this commitment, clause 6.2 (Escalation) will apply." in heads
    assert "The Company will meet this commitment by 31 December 2029. If it does not, clause 6.1 (Clawback) " \
           "will apply." in heads
    for text in (heads, sheet):
        assert "If it is not met" not in text


def test_safeguarded_jobs_are_kept_throughout_the_period_not_met_by_a_date(built):
    heads, sheet = built["steel"]
    jobs = _clause(heads, "Jobs")
    assert "throughout the period of 5 years starting on 11 September 2026" in jobs
    assert ("By 31 December 2027, the Company will deliver the first independent accountant's report confirming "
            "that this commitment is being met.") in jobs
    assert "will meet this commitment by 31 December 2027" not in heads + sheet
    assert "throughout the 5 years starting on 11 September 2026" in _row(sheet, "Jobs (the Company)")


# 6. Support is what a party actually receives; one rule for clawback and DD117.

def test_support_shared_with_a_public_party_is_not_recovered_from_the_investor(built):
    heads, _ = built["tees"]
    support = re.search(r"“Support” means ([^;]*);", heads).group(1)
    assert "Skills Academy funding" not in support and "£12,000,000" not in support
    triangle, _ = built["triangle"]
    support = re.search(r"“Support” means ([^;]*);", triangle).group(1)
    assert support == ("the funding of up to £75,000,000 provided by the Science Secretary to the Company under "
                       "clause 5.1 (Capital co-funding)")
    assert "the Company will repay to the Science Secretary the proportion of the Support" in triangle
    assert "County Council the proportion" not in triangle


def test_subsidy_totals_count_only_support_the_investor_receives():
    tees = _facts("tees")
    assert tees.recipients(tees.commitments["skills-academy"]) == ("middlesbrough-college",)
    total, sources = tees.subsidy_totals["consortium"]
    assert "skills-academy" not in sources
    triangle = _facts("triangle")
    assert triangle.recipients(triangle.commitments["transport-works"]) == ("district-council",)
    assert triangle.subsidy_totals["company"] == (Decimal(75_000_000), ["capital-cofunding"])


# 7. The term sheet tapers the straight-line clawback as the heads of terms do.

def test_straight_line_clawback_brief_tapers_band_by_band(built):
    heads, sheet = built["triangle"]
    row = _row(sheet, "Remedy: Clawback")
    assert ("reducing evenly, day by day, from 100 per cent at the date the last of the Support is paid to "
            "80 per cent at 3 years, 50 per cent at 5 years, 25 per cent at 10 years and nil at 15 years") in row
    assert "100 per cent at the date the last of the Support is paid or transferred to nil" not in row
    assert "from 80 per cent at the start of that period to 50 per cent at its end" in heads


# 8. The curriculum clause states no funding model the deal does not.

def test_studentships_are_funded_as_the_deal_says(built):
    heads, sheet = built["triangle"]
    training = _clause(heads, "Graduate training")
    assert "funded by the Company under clause 4.5 (DPhil studentships)" in training
    assert "CASE" not in training and "co-fund" not in training
    assert "funded by the Company under clause 12 (DPhil studentships)" in _row(sheet, "Graduate training (the University)")


# 9. Port Talbot: one board, bracketed advance terms, a consistent term sheet, Wales.

def test_steelworks_board_advance_and_welsh_accountability(built):
    heads, sheet = built["steel"]
    assert "“Transition Board” means" in heads and "Governance Board" not in heads
    assert "The Transition Board will be the board for the deal." in heads
    grant = _clause(heads, "Transformation grant")
    assert ("the tranche of £100,000,000 payable on signature of the Full Agreement is an advance against that "
            "expenditure to be accounted for against it within 12 months") in grant
    row = _row(sheet, "Transformation grant (the Secretary of State)")
    assert "the tranche of £100,000,000 payable on signature of the Full Agreement as an advance" in row
    assert "in arrears against expenditure actually incurred and defrayed, in 2 tranches" not in row
    confidentiality = _clause(heads, "Confidentiality")
    assert "Parliament or the Senedd, to the Comptroller and Auditor General, the Auditor General for Wales" \
        in confidentiality
    assert "statements to Parliament or the Senedd" in _clause(heads, "Announcements")


def test_the_advance_terms_are_a_bracketed_proposal(tmp_path):
    path, stem = DEALS["steel"]
    api.build(path, tmp_path, docs=["heads-of-terms"], formats=["md"])
    md = (tmp_path / f"{stem}-heads-of-terms.md").read_text(encoding="utf-8")
    assert r"an advance against that expenditure \[to be accounted for against it within 12 months and repaid " \
           r"to the extent not so accounted for\]" in md


# 10. T Levels are English.

def test_t_level_placements_only_where_the_deal_has_t_levels_in_england(built):
    clyde, _ = built["clyde"]
    assert "T Level" not in clyde  # Scots law
    tees, _ = built["tees"]
    assert "T Level lasts at least 315 hours" in _clause(tees, "Skills Academy curriculum")
    assert "T Level" not in _clause(tees, "Degree apprenticeships and MSc")


# 11. Release by "or"; withholding only for commitments tranches depend on; evidence.

def test_release_withholding_and_evidence(built):
    heads, _ = built["triangle"]
    assert "If any of the support in clause 5.1 (Capital co-funding) or clause 6.1 (NHS market access)" in heads
    withhold = _clause(heads, "Withholding of tranches")
    assert withhold.startswith("12.2 Withholding of tranches. Support that depends on the commitment in clause "
                               "4.2 (Jobs) will be paid only when")
    assert "4.3" not in withhold
    assert "by a report from an independent firm of chartered accountants" in withhold
    assert "if that Party asks" not in heads
    hiring = _clause(heads, "Local Employment and Skills")
    assert "Withholding" not in hiring


# 12. The term sheet's definitions are the term sheet's.

def test_term_sheet_definitions(built):
    _, sheet = built["triangle"]
    definitions = _row(sheet, "Definitions")
    assert "on the basis of the heads of terms" in definitions
    assert "these heads of terms" not in definitions
    assert "Qualifying Job:" in definitions and "Local Resident:" in definitions and "Local Area:" in definitions
    assert "Clawback Event: any of the events listed in clause 22 (Clawback)" in definitions
    assert "The Clawback Events are: use of the Support other than for its purpose;" in _row(sheet, "Remedy: Clawback")


# 13. No caption or lead-in line is left alone at the foot of a page.

@pytest.mark.slow
def test_no_caption_or_lead_in_alone_at_a_page_foot(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    path, stem = DEALS["triangle"]
    api.build(path, tmp_path, docs=["heads-of-terms"], formats=["pdf"])
    reader = pypdf.PdfReader(str(tmp_path / f"{stem}-heads-of-terms.pdf"))
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        # the running header and footer are not the page's last words
        lines = [line for line in lines if not line.startswith("SUBJECT TO CONTRACT")
                 and not re.search(r"Page \d+ of \d+$", line)]
        if not lines:
            continue
        last = lines[-1]
        assert last not in {"Financial commitments", "Funding tranches", "Commitments matrix"}, number
        assert not last.endswith("have these meanings:"), number
