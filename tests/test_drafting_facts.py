"""Drafts true to the deal's facts (SPEC section 7), read as a practitioner reads them.

Each test builds a deal that used to produce a sentence the deal does not support, and
asserts on the clause text, in Markdown and (where Word matters) through python-docx.
The steelworks deal in `tests/deals/` is a realistic one: a £500m grant from the
Secretary of State, the Welsh Government a counterparty that gives no money, 5,000 jobs
safeguarded, a sensitive sector and an advance on signature.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from dealdocs import api
from dealdocs.cli import main

STEEL = Path(__file__).parent / "deals" / "port-talbot-steel.yaml"


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\", "").replace("*", ""))


def _clause(text: str, anchor: str) -> str:
    """One clause of a Markdown heads of terms, from its anchor to the next anchor."""
    start = text.index("{#" + anchor + "}")
    end = text.find("{#", start + 2)
    return _plain(text[start:end if end > 0 else None])


@pytest.fixture(scope="module")
def steel(tmp_path_factory):
    out = tmp_path_factory.mktemp("steel")
    api.build(STEEL, out, docs=["heads-of-terms", "term-sheet"], formats=["md", "docx"])
    md = (out / "port-talbot-transition-heads-of-terms.md").read_text(encoding="utf-8")
    word = "\n".join(p.text for p in docx.Document(out / "port-talbot-transition-heads-of-terms.docx").paragraphs)
    sheet = (out / "port-talbot-transition-term-sheet.md").read_text(encoding="utf-8")
    return md, word, sheet


def test_clawback_is_repaid_only_to_the_party_that_gave_the_support(steel):
    md, word, _ = steel
    clawback = _clause(md, "r-clawback-grant")
    assert "the Company will repay to the Secretary of State the proportion of the Support" in clawback
    assert "Welsh Government" not in clawback  # a counterparty of the jobs, but it gave no money
    assert "prior written consent of the Secretary of State;" in clawback
    support = re.search(r"“Support” means ([^;]*);", _plain(md)).group(1)
    assert support.startswith("the funding of up to £500,000,000 provided by the Secretary of State to the Company")
    assert "the Company will repay to the Secretary of State the proportion of the Support" in word


def test_clawback_bands_run_from_the_final_payment_and_jobs_are_repaid_pro_rata(steel):
    md, _, _ = steel
    clawback = _clause(md, "r-clawback-grant")
    assert "counted from the date on which the last of the Support is paid" in clawback
    assert "of the date of these heads of terms" not in clawback
    assert "a shortfall of 10 per cent repays 10 per cent of the Support" in clawback


def test_safeguarded_jobs_are_not_drafted_as_new_jobs(steel):
    md, word, _ = steel
    jobs = _clause(md, "c-keep-jobs")
    assert "maintain, and so safeguard, not less than 5,000" in jobs
    assert "create" not in jobs and "did not exist" not in jobs
    assert "did not exist" not in word


def test_sensitive_sector_support_is_referred_and_the_referral_is_a_condition(steel):
    md, _, sheet = steel
    conditions = _clause(md, "conditions-list")
    assert "referral of the support to the Company to the Subsidy Advice Unit" in conditions
    subsidy = _clause(md, "s-subsidy-control")
    assert "is a subsidy of particular interest, being support of more than £5 million in a sensitive sector " \
           "(basic iron and steel)" in subsidy
    assert "where any of that support is a subsidy" not in subsidy
    assert "Subsidy Advice Unit" in _plain(sheet)


def test_an_advance_on_signature_is_called_an_advance_and_tranches_have_a_long_stop(steel):
    md, _, _ = steel
    grant = _clause(md, "c-grant")
    assert "save that the tranche of £100,000,000 payable on signature of the Full Agreement is an advance" in grant
    assert "not released on or before 31 December 2030 (the long-stop date) will lapse" in grant
    tranches = _clause(md, "tranches")
    assert "end of the Term" not in tranches


def test_the_term_ends_the_day_before_its_anniversary(steel):
    md, _, _ = steel
    assert "“Term” means the period of 10 years from 11 September 2026, ending on 10 September 2036" in _plain(md)


def test_two_parties_research_programmes_keep_their_own_defined_terms(write, tmp_path):
    deal = STEEL.read_text(encoding="utf-8").replace("remedies:\n", """\
  - id: furnace-research
    by: steelco
    to: dbt
    clause: research-collaboration
    terms: {topic: low-carbon steelmaking from scrap}
    remedy: escalation-board
  - id: welsh-research
    by: welsh-gov
    to: steelco
    clause: research-collaboration
    terms: {topic: the regional steel supply chain}
    remedy: escalation-board
remedies:
""", 1)
    path = write(deal, "deal.yaml")
    api.build(path, tmp_path, docs=["heads-of-terms"], formats=["md"])
    md = _plain((tmp_path / "port-talbot-transition-heads-of-terms.md").read_text(encoding="utf-8"))
    assert "“Company Research Programme” means the programme of collaborative research to be carried out by the " \
           "Company with the Secretary of State into low-carbon steelmaking from scrap" in md
    assert "“Welsh Government Research Programme” means" in md and "the regional steel supply chain" in md
    assert "“Research Programme”" not in md
    assert "The Welsh Government will carry out the Welsh Government Research Programme" in md


def test_a_clawback_of_nothing_is_refused(write, tmp_path):
    deal = STEEL.read_text(encoding="utf-8").replace("    by: dbt\n    to: steelco\n", "    by: dbt\n    to: welsh-gov\n")
    path = write(deal, "deal.yaml")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "DD129" in result.output and "receives no Support" in result.output


HOLES = re.compile(r"\b(by|to|from|of) [,.;]|\bto on\b|pay to £| [,.;:]|\(the \)")


def test_a_forced_draft_has_blanks_and_notes_never_holes(write, tmp_path):
    deal = STEEL.read_text(encoding="utf-8").replace("    to: [dbt, welsh-gov]\n    clause: jobs\n", "    clause: jobs\n")
    deal = deal.replace("  lapse_date: 2027-06-30\n", "")
    path = write(deal, "deal.yaml")
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path), "--force", "--format", "md"])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "port-talbot-transition-heads-of-terms.md").read_text(encoding="utf-8")
    text = _plain(md)
    assert not HOLES.search(text), HOLES.search(text)
    jobs = _clause(md, "c-keep-jobs")
    assert "[Drafting note: Commitment 'keep-jobs' has no counterparty" in jobs
    assert "[●]" in jobs
    lapse = _clause(md, "s-lapse")
    assert "[●]" in lapse and "(DD131).]" in lapse
    assert "DD101 (error, line" not in text  # no developer list of findings
