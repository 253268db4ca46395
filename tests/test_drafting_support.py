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
