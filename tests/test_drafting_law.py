"""Drafting to the governing law: Scots and Northern Irish vocabulary in the clauses that
have one, and the standard provisions on lapse, timetable, notices, variation and entire
agreement (SPEC section 7; DOMAIN "Scotland and Northern Ireland").

Each test builds a realistic deal through the public API and reads the clause text a
practitioner would read: the Word document's paragraphs, or the Markdown with its markup
taken off.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from dealdocs import api
from dealdocs.clauses import Library
from dealdocs.sample import sample_lines
from tests.conftest import MINIMAL

BLANK = "[\u25cf]"

# A Scottish council disposes of a site in the Clyde Gateway area of Glasgow to an
# investor building a photonics plant; the Scottish Ministers and a UK Secretary of State
# both fund it. Scots law governs. `variant` picks a disposal of ownership or a lease.
SCOTS = """\
dealdocs: 1
deal:
  id: clyde-photonics
  title: Clyde Gateway Photonics Manufacturing Cluster Deal
  zone: Glasgow City Region
  sector: digital-and-technologies
  date: 2026-05-04
  term_years: 10
  governing_law: scotland
  lapse_date: 2027-01-29
  target_date: 2026-11-30
conditions:
  - approval of a full business case for the Secretary of State's grant by HM Treasury
  - the Council being satisfied that the disposal meets section 74 of the Local Government (Scotland) Act 1973
parties:
  - id: investor
    name: Clydeside Photonics Holdings Limited
    short_name: Investor
    role: investor
    company_number: SC612345
    address: 20 Bothwell Street, Glasgow G2 6NU
  - id: dbt
    name: The Secretary of State for Business and Trade
    short_name: Secretary of State
    role: central-government
  - id: ministers
    name: The Scottish Ministers
    short_name: Scottish Ministers
    role: central-government
  - id: council
    name: Glasgow City Council
    short_name: Council
    role: local-authority
commitments:
  - id: invest-fab
    by: investor
    to: [dbt, ministers, council]
    clause: investment
    terms: {amount: £120m, facility: a photonic chip fabrication plant on the Land}
    amount: £120m
    remedy: clawback-support
  - id: site-disposal
    by: council
    to: investor
    clause: land-transfer
    variant: VARIANT
    terms:
      land: the site at Dalmarnock, Glasgow, shown outlined in red on the plan at Schedule 2
      consideration: £2m
      market_value: £3.5m
      use: the manufacture of photonic and quantum components
    remedy: overage-site
  - id: fab-grant
    by: ministers
    to: investor
    clause: funding
    terms: {amount: £15m, purpose: equipping the clean rooms of the plant}
    amount: £15m
    remedy: escalate
  - id: skills-grant
    by: dbt
    to: [investor, council]
    clause: funding
    terms: {amount: £5m, purpose: a photonics skills programme with Glasgow colleges}
    amount: £5m
    remedy: escalate
remedies:
  - id: clawback-support
    clause: clawback
    terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
  - id: overage-site
    clause: profit-sharing
    terms: {share: 40%, period_years: 15}
  - id: escalate
    clause: escalation
    terms: {forum: the governance board}
"""

# A Belfast council disposes of land at the harbour to an investor; Invest Northern
# Ireland gives a grant. The law of Northern Ireland governs. `GOVERNING_LAW` lets the
# same facts be drafted under the law of England and Wales.
HARBOUR = """\
dealdocs: 1
deal:
  id: belfast-harbour-hydrogen
  title: Belfast Harbour Hydrogen Cluster Deal
  zone: Belfast
  sector: clean-energy
  date: 2026-04-01
  term_years: 12
  governing_law: GOVERNING_LAW
  lapse_date: 2026-12-31
  target_date: 2026-10-30
parties:
  - id: investor
    name: Lagan Hydrogen Limited
    short_name: Investor
    role: investor
    company_number: NI712345
  - id: council
    name: Belfast City Council
    short_name: Council
    role: local-authority
  - id: invest-ni
    name: Invest Northern Ireland
    short_name: Agency
    role: public-body
commitments:
  - id: electrolyser
    by: investor
    to: [council, invest-ni]
    clause: investment
    terms: {amount: £60m, facility: an electrolyser plant on the Land}
    amount: £60m
    remedy: clawback-support
  - id: harbour-land
    by: council
    to: investor
    clause: land-transfer
    variant: VARIANT
    terms:
      land: the land at Belfast Harbour shown edged red on the plan at Schedule 2
      consideration: £1m
      market_value: £1.8m
    remedy: overage-land
  - id: plant-grant
    by: invest-ni
    to: investor
    clause: funding
    terms: {amount: £8m, purpose: the electrolyser plant}
    amount: £8m
    remedy: escalate
remedies:
  - id: clawback-support
    clause: clawback
    terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
  - id: overage-land
    clause: profit-sharing
    terms: {share: 30%, period_years: 20}
  - id: escalate
    clause: escalation
    terms: {forum: the governance board}
"""


# --- helpers -------------------------------------------------------------------------


def _checked_clean(path: Path) -> None:
    """A test deal must pass the cross-checks, so the build needs no force."""
    findings = api.check(path).findings
    assert not [f for f in findings if f.severity.value in {"error", "warning"}], findings


def _markdown(path: Path, out: Path) -> str:
    """The heads of terms as plain text: Markdown with its markup taken off."""
    (file,) = api.build(path, out, docs=["heads-of-terms"], formats=["md"])
    text = file.read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]*)\]\(#[^)]*\)", r"\1", text)  # cross-references
    text = re.sub(r"\{#[^}]*\}", "", text)  # anchors
    text = text.replace("**", "")
    text = re.sub(r"(?<!\\)\[([\d.]+)\]", r"\1", text)  # clause numbers: [11.2]
    text = text.replace("\\", "")
    return re.sub(r"^(> )+", "", text, flags=re.MULTILINE)


def _docx(path: Path, out: Path) -> list[tuple[str, str]]:
    """The heads of terms as Word paragraphs: (style name, text)."""
    (file,) = api.build(path, out, docs=["heads-of-terms"], formats=["docx"])
    return [(p.style.name, p.text) for p in docx.Document(file).paragraphs]


def _clause(text: str, title: str) -> str:
    """One clause of the Markdown text: from its numbered heading to the next clause."""
    match = re.search(rf"^\d+\.\d+ {re.escape(title)}\.(.*?)(?=^\d+\.\d+ |^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no clause {title!r}"
    return " ".join(match.group(1).split())


def _from(paragraphs: list[tuple[str, str]], opening: str) -> str:
    """A clause of the Word document: its numbered paragraph (opened by its run-in
    title) and the paragraphs under it, up to the next clause or heading."""
    start = next(i for i, (style, text) in enumerate(paragraphs) if style == "Level 2 Number" and text.startswith(opening))
    out = [paragraphs[start][1]]
    for style, text in paragraphs[start + 1 :]:
        if style == "Level 2 Number" or "Heading" in style:
            break
        out.append(text)
    return " ".join(" ".join(out).split())


def _text(paragraphs: list[tuple[str, str]]) -> str:
    return "\n".join(text for _, text in paragraphs)


@pytest.fixture
def scots(write, tmp_path):
    def _scots(variant: str = "freehold") -> list[tuple[str, str]]:
        path = write(SCOTS.replace("VARIANT", variant), name=f"scots-{variant}.yaml")
        _checked_clean(path)
        return _docx(path, tmp_path / f"scots-{variant}")

    return _scots


@pytest.fixture
def harbour(write, tmp_path):
    def _harbour(law: str, variant: str = "freehold") -> str:
        path = write(HARBOUR.replace("GOVERNING_LAW", law).replace("VARIANT", variant), name=f"{law}-{variant}.yaml")
        _checked_clean(path)
        return _markdown(path, tmp_path / f"{law}-{variant}")

    return _harbour


# --- Scots law ----------------------------------------------------------------------


def test_scots_disposal_uses_missives_disposition_lbtt_and_the_land_register(scots):
    paragraphs = scots("freehold")
    land = _from(paragraphs, "Disposal of Land.")
    assert "The Council will transfer ownership of the Land to the Investor by disposition for £2,000,000." in land
    assert "which the Investor will be entitled to investigate before conclusion of missives" in land
    assert "the disposition will impose a real burden to that effect" in land
    assert "the Investor will apply, at its own cost, for registration of the disposition in the Land Register of Scotland" in land
    assert "any Land and Buildings Transaction Tax payable to Revenue Scotland on the disposition will be borne by the Investor" in land
    assert "freehold" not in land
    whole = _text(paragraphs)
    for english in ("exchange of contracts", "stamp duty land tax", "charge it to a lender", "underlet"):
        assert english not in whole, english


def test_scots_lease_is_secured_by_standard_security_and_may_be_sublet(scots):
    land = _from(scots("long-lease"), "Disposal of Land.")
    assert "The Council will grant to the Investor a lease of the Land for a term of 125 years at a premium of £2,000,000" in land
    assert "the lease will allow the tenant to grant a standard security over its interest in the lease to a lender" in land
    assert "to assign or sublet the whole of the Land" in land
    assert "registration of the lease in the Land Register of Scotland" in land
    assert "Land and Buildings Transaction Tax payable to Revenue Scotland on the lease" in land
    assert "charge it to a lender" not in land and "underlet" not in land and "exchange of contracts" not in land


def test_scots_counterparts_follow_the_2015_act(scots):
    counterparts = _from(scots(), "Counterparts.")
    assert "in accordance with the Legal Writings (Counterparts and Delivery) (Scotland) Act 2015" in counterparts
    assert "will take effect when every counterpart has been delivered" in counterparts
    assert "The Parties may nominate a person" in counterparts and "under section 2 of that Act" in counterparts
    assert "hold and preserve the counterparts for the benefit of the Parties" in counterparts
    assert "delivered by electronic means under section 4 of that Act" in counterparts


def test_scots_confidentiality_cites_each_public_partys_own_regime(scots):
    confidentiality = _from(scots(), "Confidentiality.")
    # The UK department stays under the 2000 Act; the Scottish Ministers and the council
    # are Scottish public authorities.
    assert ("the Secretary of State is subject to the Freedom of Information Act 2000 and the Environmental "
            "Information Regulations 2004") in confidentiality
    assert ("the Scottish Ministers and the Council are subject to the Freedom of Information (Scotland) Act 2002 "
            "and the Environmental Information (Scotland) Regulations 2004") in confidentiality
    assert "under the legislation that applies to it" in confidentiality
    assert "the Scottish Parliament" in confidentiality and "the Auditor General for Scotland" in confidentiality


def test_scots_third_party_rights_and_governing_law(scots):
    paragraphs = scots()
    third = _from(paragraphs, "Third party rights.")
    assert "confer no third-party right on any such person under the Contract (Third Party Rights) (Scotland) Act 2017" in third
    assert "The Parties do not intend that any term of these heads of terms should be enforceable" in third
    assert "1999" not in _text(paragraphs)
    law = _from(paragraphs, "Governing law and jurisdiction.")
    assert "governed by and construed in accordance with Scots law" in law
    assert "the courts of Scotland will have exclusive jurisdiction" in law


def test_only_scottish_public_parties_get_only_the_scottish_regime(write, tmp_path):
    text = MINIMAL.replace("  term_years: 10\n", "  term_years: 10\n  governing_law: scotland\n")
    text = text.replace("Tees Valley Combined Authority", "Glasgow City Region Cabinet")
    path = write(text)
    confidentiality = _clause(_markdown(path, tmp_path / "out"), "Confidentiality")
    assert ("the Authority is subject to the Freedom of Information (Scotland) Act 2002 and the Environmental "
            "Information (Scotland) Regulations 2004") in confidentiality
    assert "Freedom of Information Act 2000" not in confidentiality


# --- Northern Ireland and England and Wales -----------------------------------------


def test_northern_irish_deal_uses_its_own_courts_registry_and_the_english_pattern(harbour):
    text = harbour("northern-ireland")
    land = _clause(text, "Disposal of Land")
    assert "transfer the freehold of the Land to the Investor for £1,000,000" in land
    assert "before exchange of contracts" in land
    assert ("the Investor will apply, at its own cost, for registration of the transfer in the Land Registry of "
            "Northern Ireland, maintained by Land & Property Services") in land
    assert "any stamp duty land tax payable on the transfer will be borne by the Investor" in land
    assert "land transaction tax" not in land and "Land and Buildings Transaction Tax" not in land
    law = _clause(text, "Governing law and jurisdiction")
    assert "in accordance with the law of Northern Ireland" in law
    assert "the courts of Northern Ireland will have exclusive jurisdiction" in law
    confidentiality = _clause(text, "Confidentiality")
    assert ("the Council and the Agency are subject to the Freedom of Information Act 2000 and the Environmental "
            "Information Regulations 2004") in confidentiality
    assert "the Northern Ireland Assembly" in confidentiality
    assert "(Scotland)" not in text
    assert "Contracts (Rights of Third Parties) Act 1999" in _clause(text, "Third party rights")


def test_northern_irish_lease_is_charged_and_underlet(harbour):
    land = _clause(harbour("northern-ireland", "long-lease"), "Disposal of Land")
    assert "the lease will allow the tenant to charge it to a lender" in land
    assert "assign or underlet the whole of the Land" in land
    assert "registration of the lease in the Land Registry of Northern Ireland" in land


def test_english_deal_still_exchanges_contracts_and_names_the_tax_that_applies(harbour):
    text = harbour("england-and-wales")
    land = _clause(text, "Disposal of Land")
    assert "which the Investor will be entitled to investigate before exchange of contracts" in land
    assert ("any stamp duty land tax (or land transaction tax, if the Land is in Wales) payable on the transfer "
            "will be borne by the Investor") in land
    assert "its equivalent in Scotland or Wales" not in text
    assert "Land Register of Scotland" not in text and "missives" not in text
    assert "the courts of England and Wales will have exclusive jurisdiction" in _clause(text, "Governing law and jurisdiction")


# --- lapse, timetable and the other standard provisions -----------------------------


def test_lapse_and_timetable_print_the_deal_dates(scots):
    paragraphs = scots()
    lapse = _from(paragraphs, "Lapse.")
    assert "If the Full Agreement has not been signed by all the Parties on or before 29 January 2027" in lapse
    assert "these heads of terms will lapse and cease to have effect" in lapse
    assert re.search(r"except for this clause, clause [\d.]+ \(Confidentiality\), clause [\d.]+ \(Costs\)", lapse)
    timetable = _from(paragraphs, "Timetable.")
    assert "use reasonable endeavours to agree the Full Agreement and to sign it on or before 30 November 2026" in timetable
    assert "conditions precedent" in timetable
    assert "It is not legally binding" in timetable


def test_lapse_and_timetable_print_a_blank_without_dates(write, tmp_path):
    text = _markdown(write(MINIMAL), tmp_path / "out")
    assert f"on or before {BLANK}, or any later date the Parties agree in writing" in _clause(text, "Lapse")
    assert f"to sign it on or before {BLANK}, allowing for" in _clause(text, "Timetable")
    assert "on or before ," not in text and "on or before  " not in text


def test_new_binding_provisions_are_listed_as_binding_and_the_timetable_is_not(scots):
    paragraphs = scots()
    status = _from(paragraphs, "Status.")
    for title in ("Lapse", "Entire agreement", "Variation", "Notices", "Confidentiality", "Costs"):
        assert re.search(rf"clause [\d.]+ \({title}\)", status), title
    assert "(Timetable)" not in status
    texts = [text for _, text in paragraphs]
    general = texts.index("General provisions")
    binding = texts.index("Status and binding provisions")
    timetable = next(i for i, text in enumerate(texts) if text.startswith("Timetable."))
    assert general < timetable < binding


def test_notices_variation_and_entire_agreement_wording(scots):
    paragraphs = scots()
    notices = _from(paragraphs, "Notices.")
    assert "under or in connection with the binding provisions of these heads of terms" in notices
    assert "delivered by hand or sent by recorded delivery to that Party at the address given for it in the Parties clause" in notices
    assert "sent by email to an address that Party has notified to the other Parties for the purpose" in notices
    assert "at 9.00 am on the second working day after posting" in notices
    assert "a public holiday in Scotland" in notices
    variation = _from(paragraphs, "Variation.")
    assert ("No variation of the binding provisions of these heads of terms will be effective unless it is in writing, "
            "refers to these heads of terms and is signed by or on behalf of each Party.") in variation
    entire = _from(paragraphs, "Entire agreement.")
    assert "As to their binding provisions only, these heads of terms constitute the whole agreement between the Parties" in entire
    assert "Nothing in this clause limits or excludes any liability for fraud." in entire


NEW_STANDARD = ["lapse", "timetable", "notices", "variation", "entire-agreement"]


@pytest.mark.parametrize("clause_id", NEW_STANDARD)
def test_new_standard_clauses_are_complete_and_draft_a_sample(clause_id):
    library = Library.load()
    clause = library.get(clause_id)
    assert clause is not None and clause.meta.role == "standard"
    assert clause.meta.title and clause.meta.summary and clause.meta.guidance.strip()
    assert clause.meta.binding == (clause_id != "timetable")
    assert clause.meta.requires is None  # always printed
    text = "\n".join(sample_lines(clause, library))
    assert len(text.split()) > 20


def test_scots_term_sheet_values_the_land_before_missives(write, tmp_path):
    text = SCOTS.replace("VARIANT", "freehold").replace("      market_value: £3.5m\n", "")
    path = write(text)
    (sheet,) = api.build(path, tmp_path / "out", docs=["term-sheet"], formats=["md"])
    row = next(line for line in sheet.read_text(encoding="utf-8").splitlines() if "Disposal of Land (the Council)" in line)
    assert "The Council will transfer ownership of the Land to the Investor by disposition for £2,000,000" in row
    assert "a real burden that the Land will be used only for" in row
    assert "valued by a RICS Registered Valuer before conclusion of missives" in row
    assert "freehold" not in row and "exchange of contracts" not in row
