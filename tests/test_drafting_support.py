"""Public support drafted to the facts and the law: the rules it is given under (the Windsor
Framework in Northern Ireland), what a clawback recovers for land, one change-of-control
test for a party, and the auditors of a department.

Built from the Northern Ireland deal a practitioner reviewed (tests/deals/belfast-aerospace)
beside the English and Scottish examples, read as Markdown with its markup taken off.
"""

from __future__ import annotations

import re
from pathlib import Path

from dealdocs import api
from tests.conftest import ROOT

BELFAST = ROOT / "tests" / "deals" / "belfast-aerospace.yaml"
TEES = ROOT / "examples" / "tees-green-manufacturing.yaml"  # England and Wales
CLYDE = ROOT / "examples" / "clyde-digital-defence.yaml"  # Scotland


def heads(deal: Path, folder: Path) -> str:
    (written,) = api.build(deal, folder / deal.stem, docs=["heads-of-terms"], formats=["md"], force=True)
    text = written.read_text(encoding="utf-8")
    return " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)|[*>{}]|#[a-z0-9-]+", r"\1", text).split())


def test_northern_irish_support_is_given_under_both_regimes_where_article_10_applies(tmp_path):
    text = heads(BELFAST, tmp_path)
    rules = ("the Subsidy Control Act 2022 and, so far as Article 10 of the Windsor Framework applies to it, "
             "the EU State aid rules that apply under that Article")
    assert f"The Agency will make the grant in accordance with {rules}." in text
    assert f"will be given in accordance with {rules}. Before the Full Agreement" in text
    assert "will determine whether Article 10 of the Windsor Framework applies to it" in text
    assert "or its recovery is required under Article 10 of the Windsor Framework." in text  # a Clawback Event
    assert "ordered under the Subsidy Control Act 2022 or required under Article 10 of the Windsor Framework" in text
    assert "Windsor" not in heads(TEES, tmp_path) and "Windsor" not in heads(CLYDE, tmp_path)


def test_a_clawback_recovers_a_share_of_lands_undervalue_not_of_the_land(tmp_path):
    text = heads(BELFAST, tmp_path)
    assert ("and the value of the land provided by the Council to the Company under clause 7.1 (Sale of the Site), "
            "being the amount by which its market value exceeds the price paid for it (£3,600,000);") in text
    assert "and the land provided by" not in text


def test_a_party_has_one_change_of_control_test_throughout(tmp_path):
    belfast = heads(BELFAST, tmp_path)  # its IP commitment agrees more than 50 per cent
    assert "acquiring shares carrying more than 50 per cent of its voting rights" in belfast
    assert ("any person, alone or acting in concert with others, acquires shares carrying more than 50 per cent of "
            "the voting rights in the Company without that consent;") in belfast
    assert "1124" not in belfast
    tees = heads(TEES, tmp_path)  # no figure agreed: control as the Corporation Tax Act defines it
    assert "a change in the control (within the meaning of section 1124 of the Corporation Tax Act 2010)" in tees


def test_a_departments_auditor_is_named_for_the_law_of_the_deal(tmp_path):
    assert ("its auditors, including the Comptroller and Auditor General or, as the case may be, the Comptroller "
            "and Auditor General for Northern Ireland;") in heads(BELFAST, tmp_path)
    assert ("its auditors, including the Comptroller and Auditor General or, as the case may be, the Auditor "
            "General for Scotland;") in heads(CLYDE, tmp_path)
    assert "its auditors, including the Comptroller and Auditor General;" in heads(TEES, tmp_path)


MANCHESTER = ROOT / "tests" / "deals" / "manchester-digital.yaml"  # a loan, a job-linked clawback from due dates


def _sheet(deal: Path, folder: Path) -> str:
    (written,) = api.build(deal, folder / f"{deal.stem}-sheet", docs=["term-sheet"], formats=["md"], force=True)
    text = written.read_text(encoding="utf-8")
    return " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)|[*>{}]|#[a-z0-9-]+", r"\1", text).split())


def test_a_loan_is_support_to_assess_but_not_clawed_back(tmp_path):
    text = heads(MANCHESTER, tmp_path)
    support = re.search(r"“Support” means (.*?);", text).group(1)
    assert "Capital grant" in support and "loan" not in support.lower() and "£20,000,000" not in support
    assert "will repay to the Science Secretary the proportion of the Support" in text  # not the lender too
    assert "and the loan will be repayable on the terms, and with any security, agreed in the Full Agreement;" in text
    assert "£59,000,000 is public funding (of which up to £20,000,000 is lent, to be repaid)" in text
    from dealdocs import checks
    from dealdocs.loader import load

    referral = [f for f in checks.run(load(MANCHESTER)) if f.code == "DD117"]
    assert referral and "£50,000,000 (capital-grant, gm-loan)" in referral[0].message  # still support to assess


def test_bands_from_due_dates_say_where_other_events_count_from(tmp_path):
    text = heads(MANCHESTER, tmp_path)
    assert ("counted from the date by which the commitment concerned is due (or, for a commitment with no such date "
            "and for a Clawback Event that is not a failure to meet a commitment, the date on which the last of the "
            "Support is paid):") in text


def test_the_job_linked_summary_confines_the_pro_rata_repayment_to_jobs(tmp_path):
    row = _sheet(MANCHESTER, tmp_path)
    assert ("the Company will repay to the Science Secretary, for a shortfall in the jobs under clause 9 (Jobs), the "
            "proportion of the Support that the shortfall bears to the jobs required and, for any other Clawback "
            "Event, 100 per cent of the Support") in row


def test_a_release_is_for_the_givers_default_and_step_in_costs_are_capped(tmp_path):
    text = heads(MANCHESTER, tmp_path)
    assert ("is not provided in full when due, or is withdrawn, other than because a condition of its payment has not "
            "been met or a tranche of it has lapsed,") in text
    assert "by written notice to the Science Secretary and to each other Party to which the commitment concerned is given" in text
    assert ("reimbursed by the Combined Authority within 30 days after written demand, up to the part of the "
            "£9,000,000 committed under clause 6.2 (Digital connectivity works) not already spent") in text


def test_a_payment_in_lieu_to_several_parties_says_how_it_is_shared(tmp_path):
    assert ("the Company will pay to the Combined Authority, the Council and the College (in the shares they agree "
            "between them and notify to the Company, and otherwise equally), for the shortfall, £8,000 per") in \
        heads(MANCHESTER, tmp_path)


def test_a_bodys_registered_name_keeps_its_the_and_an_office_does_not(tmp_path):
    text = heads(MANCHESTER, tmp_path)
    assert "“University” means The University of Manchester;" in text
    assert "“Science Secretary” means the Secretary of State for Science, Innovation and Technology;" in text


def test_the_timelines_text_alternative_points_to_the_table_rather_than_repeating_it(tmp_path):
    text = heads(MANCHESTER, tmp_path)
    alt = re.search(r"Milestone timeline across the Term\. (.*?\.) ", text).group(1)
    assert re.fullmatch(r"Timeline of the \d+ milestones listed in the table below, from 7 December 2026 to "
                        r"\d+ \w+ \d{4}\.", alt), alt
    assert text.count("Capital grant: tranche 1") == 1  # listed once, in the table


def test_a_public_bodys_works_are_stepped_into_by_a_public_body(tmp_path):
    text = heads(MANCHESTER, tmp_path)  # the works are given to the Company and the Council
    assert "(Digital connectivity works), the Council may, after giving written notice" in text
    assert "the Company or the Council may" not in text
