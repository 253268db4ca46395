"""Drafting the commitment and remedy clauses to the facts: defects a UK practitioner
marked up in drafts, each rebuilt from a small realistic deal.

- jobs: safeguarded (existing) posts are maintained, not created; counts read "1 job";
- doctoral studentships are supervised research, not a taught course;
- "Planning Application" defines an application, not the permission it seeks;
- "Retained IP" is intellectual property only, production is kept separately;
- "Qualifying Expenditure" is in the definitions clause, not defined in the body;
- the governance provisions use the deal's own board, and escalation is tiered:
  that board, then chief executives, then mediation;
- an obligation drafted in the deal's own words reads as a sentence.

Each test builds through the public API and reads the clause as a practitioner would:
the Markdown with its markup taken off, and for some the Word document's paragraphs.
"""

from __future__ import annotations

import re

import docx

from dealdocs import api
from tests.conftest import MINIMAL


def _build(write, text: str, fmt: str = "md", *, force: bool = False) -> str:
    path = write(text)
    out = path.parent / "out"
    written = api.build(path, out, docs=["heads-of-terms"], formats=[fmt], force=force)
    (document,) = [p for p in written if p.suffix == f".{fmt}"]
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(str(document)).paragraphs)
    return _plain(document.read_text(encoding="utf-8"))


def _plain(markdown: str) -> str:
    """Markdown as a reader sees it: no emphasis, anchors, link targets or escapes."""
    text = re.sub(r"\]\(#[^)]*\)", "]", markdown)
    text = re.sub(r"\]\{#[^}]*\}", "]", text)
    text = text.replace("**", "").replace("\\", "")
    text = re.sub(r"^> (> )*", "", text, flags=re.M)
    return text.replace("[", "").replace("]", "")


def _clause(text: str, number: str) -> str:
    """Clause `number` (e.g. "4.2") and its sub-paragraphs, up to the next clause or heading."""
    start = re.search(rf"^{re.escape(number)} ", text, re.M)
    assert start, f"no clause {number}"
    rest = text[start.start():]
    end = re.search(r"^(\d+\.\d+ |## |# )", rest[len(number) + 1:], re.M)
    return rest if end is None else rest[: len(number) + 1 + end.start()]


def _definition(text: str, term: str) -> str:
    found = re.search(rf"^“{re.escape(term)}” means (.*)$", text, re.M)
    assert found, f"{term!r} is not in the definitions clause"
    return found.group(1)


def _commitment(text: str, title: str) -> str:
    """The first clause whose run-in heading is `title`."""
    found = re.search(rf"^(\d+\.\d+) {re.escape(title)}\. ", text, re.M)
    assert found, f"no clause headed {title!r}"
    return _clause(text, found.group(1))


# A steelworks in Port Talbot moving to an electric arc furnace: the company keeps 5,000
# existing posts (counted against the headcount on the day the grant was announced) and
# creates one new post of an environmental compliance officer. England and Wales law.
STEELWORKS = """\
dealdocs: 1
deal:
  id: port-talbot-transition
  title: Port Talbot Steelworks Transition Deal
  zone: Port Talbot
  sector: advanced-manufacturing
  date: 2024-12-02
  term_years: 15
  sensitive_sector: basic-iron-and-steel
parties:
  - id: company
    name: Afan Steel UK Limited
    short_name: Company
    role: investor
  - id: department
    name: The Secretary of State for Business and Trade
    short_name: Secretary of State
    role: central-government
definitions:
  Steelworks: the integrated steelworks at Port Talbot, including the electric arc furnace to be built there
  Transition Board: the Port Talbot Transition Board, on which each Party is represented
commitments:
  - id: keep-jobs
    by: company
    to: department
    clause: jobs
    terms: {jobs: 5000, basis: safeguarded, baseline_date: 2024-09-11, location: the Steelworks, retention_years: 5}
    due: 2029-12-31
    remedy: escalate
  - id: compliance-post
    by: company
    to: department
    clause: jobs
    terms: {jobs: 1, retention_years: 1, location: the Steelworks}
    remedy: escalate
  - id: grant
    by: department
    to: company
    clause: funding
    terms: {amount: £4m, purpose: the design of the electric arc furnace}
    amount: £4m
    remedy: escalate
remedies:
  - id: escalate
    clause: escalation
    terms: {forum: the Transition Board}
"""


def test_safeguarded_jobs_are_maintained_against_the_baseline_not_created(write):
    text = _build(write, STEELWORKS)
    jobs = _commitment(text, "Jobs")
    assert "maintain, and so safeguard, not less than 5,000 Qualifying Jobs based at the Steelworks" in jobs
    assert "throughout the period of 5 years" in jobs
    assert "counted against the headcount of the Company there on 11 September 2024" in jobs
    for wrong in ("create", "did not exist", "New Job"):
        assert wrong not in jobs, wrong
    definition = _definition(text, "Qualifying Job")
    assert "full-time equivalent" in definition and "new post" not in definition
    assert "New Job" not in text


def test_safeguarded_jobs_in_the_word_document(write):
    text = _build(write, STEELWORKS, "docx")
    assert "maintain, and so safeguard, not less than 5,000 Qualifying Jobs" in text
    first = text.index("maintain, and so safeguard")
    assert "did not exist" not in text[first : first + 600]


def test_one_job_is_singular_and_new_posts_are_still_created(write):
    text = _build(write, STEELWORKS)
    new_post = _clause(text, _number_of(text, "create not less than"))
    assert "create not less than 1 Qualifying Job based at the Steelworks, each a new post that did not exist on" in new_post
    assert "2 December 2024" in new_post  # the baseline date defaults to the deal date
    assert "a period of 1 year." in new_post
    for wrong in ("1 Qualifying Jobs", "1 jobs", "1 years"):
        assert wrong not in text, wrong


def _number_of(text: str, words: str) -> str:
    at = text.index(words)
    return re.findall(r"^(\d+\.\d+) ", text[:at], re.M)[-1]


# A Freeport East offshore wind deal in Suffolk: one new local job, one apprenticeship,
# one placement and a single-tranche road grant, each a count of one.
ONES = """\
dealdocs: 1
deal:
  id: freeport-east-blades
  title: Freeport East Offshore Blades Deal
  zone: Freeport East
  sector: clean-energy
  date: 2026-04-20
  term_years: 10
parties:
  - id: investor
    name: Orwell Blades Limited
    short_name: Investor
    role: investor
  - id: council
    name: Suffolk County Council
    short_name: Council
    role: local-authority
  - id: college
    name: Suffolk New College
    short_name: College
    role: college
commitments:
  - id: local
    by: investor
    to: council
    clause: local-hiring
    variant: firm-target
    terms: {share: 30%, area: the county of Suffolk, jobs: 1, apprenticeships: 1, ringfence_weeks: 1}
    remedy: escalate
  - id: skills
    by: college
    to: [investor, council]
    clause: curriculum-collaboration
    terms: {partners: [the Investor], programmes: a T Level in engineering and manufacturing, cohort_size: 1, placements: 1, years: 1}
    remedy: escalate
  - id: road
    by: council
    to: investor
    clause: infrastructure
    variant: fund
    terms: {works: the widening of the A14 junction at the port, amount: £2m}
    amount: £2m
    tranches:
      - {amount: £2m, condition: completion of the junction works}
    remedy: escalate
remedies:
  - id: escalate
    clause: escalation
    terms: {forum: the Freeport Board}
definitions:
  Freeport Board: the Freeport East Board, on which each Party is represented
"""


def test_counts_of_one_read_in_the_singular(write):
    text = _build(write, ONES)
    local = _commitment(text, "Local Employment and Skills")
    assert "the 1 new job it creates" in local and "not less than 1 job) is filled" in local
    assert "not less than 1 week before" in local
    assert "create not less than 1 apprenticeship, each leading" in local and "offer it first" in local
    skills = _commitment(text, "Skills and Curriculum Collaboration")
    assert "not less than 1 place on the programmes" in skills
    assert "not less than 1 industry placement for learners" in skills
    assert "for not less than 1 year:" in skills
    road = _commitment(text, "Infrastructure")
    assert "in a single tranche" in road
    for wrong in ("1 jobs", "1 weeks", "1 apprenticeships", "1 places", "1 placements", "1 years", "1 tranches"):
        assert wrong not in text, wrong


# A Durham compound-semiconductor deal: the university runs an MSc and hosts twelve
# doctoral studentships co-funded by the company; the company also co-funds one itself.
DOCTORAL = """\
dealdocs: 1
deal:
  id: durham-semiconductors
  title: County Durham Compound Semiconductor Deal
  zone: County Durham
  sector: advanced-manufacturing
  date: 2026-06-01
  term_years: 10
parties:
  - id: company
    name: Wear Photonics Limited
    short_name: Company
    role: investor
  - id: university
    name: University of Durham
    short_name: University
    role: university
  - id: authority
    name: North East Combined Authority
    short_name: Authority
    role: combined-authority
definitions:
  Partnership Board: the County Durham Semiconductor Partnership Board, on which each Party is represented
commitments:
  - id: doctoral-training
    title: Graduate and doctoral training
    by: university
    to: [company, authority]
    clause: curriculum-collaboration
    terms:
      partners: [the Company]
      programmes: an MSc in compound semiconductor engineering
      cohort_size: 30
      studentships: 12
      years: 8
    remedy: escalate
  - id: company-studentship
    title: Industrial studentship
    by: company
    to: authority
    clause: curriculum-collaboration
    terms:
      partners: [the University]
      programmes: a Higher Technical Qualification in cleanroom operations
      studentships: 1
    remedy: escalate
remedies:
  - id: escalate
    clause: escalation
    terms: {forum: the Partnership Board}
"""


def test_studentships_are_supervised_doctoral_research_not_a_taught_course(write):
    text = _build(write, DOCTORAL)
    university = _commitment(text, "Graduate and doctoral training")
    taught, _, doctoral = university.partition("will also host and supervise")
    assert "the following programmes for not less than 8 years: an MSc in compound semiconductor engineering." in taught
    assert "studentship" not in taught  # the taught programmes' places and placements are not studentships
    assert doctoral.startswith(" not less than 12 doctoral studentships (PhD or DPhil), separately from the programmes")
    for words in ("four-year programme of supervised doctoral research", "agree with the Company how each "
                  "studentship is to be funded", "academic supervisor", "industrial co-supervisor nominated by the Company",
                  "placement of not less than three months", "submit and defend a thesis"):
        assert words in doctoral, words
    # The deal says nothing of how the studentships are funded: no funding model is asserted.
    assert "CASE" not in text and "co-fund" not in text
    company = _commitment(text, "Industrial studentship")
    assert "co-supervise, with the University, not less than 1 doctoral studentship (PhD or DPhil)" in company
    assert "host each student for a placement" in company


def test_studentships_in_the_word_document(write):
    text = _build(write, DOCTORAL, "docx")
    assert "host and supervise not less than 12 doctoral studentships (PhD or DPhil)" in text
    assert "12 places" not in text


# A Cambridge vaccine campus: an outline application given as the permission sought, an
# IP-retention commitment that keeps production separately, and capital investment.
CAMPUS = """\
dealdocs: 1
deal:
  id: cambridge-vaccines
  title: Cambridge Vaccine Campus Deal
  zone: Cambridgeshire
  sector: life-sciences
  date: 2026-09-07
  term_years: 15
parties:
  - id: company
    name: Granta Vaccines UK Limited
    short_name: Company
    role: investor
  - id: science
    name: The Secretary of State for Science, Innovation and Technology
    short_name: Science Secretary
    role: central-government
  - id: council
    name: South Cambridgeshire District Council
    short_name: District Council
    role: local-authority
definitions:
  Platform IP: the Company's self-amplifying RNA platform technology and the intellectual property rights in it
  Campus: the vaccine research and manufacturing campus to be built by the Company at Babraham
commitments:
  - id: build
    by: company
    to: [science, council]
    clause: investment
    terms: {amount: £400m, facility: the Campus}
    amount: £400m
    remedy: escalate
  - id: keep-platform
    by: company
    to: science
    clause: ip-retention
    terms:
      retention_years: 12
      scope: the Platform IP
      production: the commercial manufacture of the Company's vaccines for the United Kingdom market
    remedy: escalate
  - id: planning
    by: council
    to: company
    clause: planning-support
    terms: {application: full planning permission for the Campus, target_weeks: 13}
    remedy: escalate
remedies:
  - id: escalate
    clause: escalation
    terms: {forum: the Science Secretary and the Company}
"""


def test_planning_application_defines_the_application_not_the_permission(write):
    text = _build(write, CAMPUS)
    assert _definition(text, "Planning Application").startswith("the application for full planning permission for the Campus")
    planning = _commitment(text, "Planning")
    assert "determine the Planning Application within 13 weeks of its validation" in planning


def test_planning_application_given_as_an_application_is_kept(write):
    text = _build(write, CAMPUS.replace(
        "application: full planning permission for the Campus",
        "application: the application for outline planning permission for the Campus",
    ))
    definition = _definition(text, "Planning Application")
    assert definition.startswith("the application for outline planning permission for the Campus")
    assert "application for the application" not in definition


def test_retained_ip_is_intellectual_property_and_production_is_kept_separately(write):
    text = _build(write, CAMPUS)
    retained = _definition(text, "Retained IP")
    assert retained.startswith("the Platform IP, to the extent owned by the Company")
    assert "manufacture" not in retained and "production" not in retained
    ip = _commitment(text, "Retention of Intellectual Property and Production")
    assert "carry on in the United Kingdom the commercial manufacture of the Company's vaccines for the United Kingdom market" in ip


def test_qualifying_expenditure_is_in_the_definitions_clause(write):
    text = _build(write, CAMPUS)
    definition = _definition(text, "Qualifying Expenditure")
    assert definition.startswith("expenditure incurred and paid by the Company")
    assert "capital in nature" in definition and "recoverable VAT" in definition
    investment = _commitment(text, "Investment")
    assert "counting only Qualifying Expenditure towards that sum" in investment
    assert "such expenditure being" not in investment and "“Qualifying Expenditure”" not in investment


def test_qualifying_expenditure_definition_in_the_word_document(write):
    text = _build(write, CAMPUS, "docx")
    assert re.search(r"^“Qualifying Expenditure” means expenditure incurred and paid by the Company", text, re.M)
    assert "such expenditure being" not in text


def test_governance_uses_the_deals_own_board_and_escalation_is_tiered(write):
    text = _build(write, DOCTORAL)
    assert "Governance Board" not in text
    governance = _commitment(text, "Governance and monitoring")
    assert "The Partnership Board will be the board for the deal. The Parties will constitute it" in governance
    assert "The Partnership Board will monitor progress against every commitment" in governance
    escalation = _commitment(text, "Escalation")
    first, second, third = (escalation.index(w) for w in ("first, to the Partnership Board",
                                                           "secondly,", "finally,"))
    assert first < second < third
    assert "chief executives (or equivalent senior officers)" in escalation[second:third]
    assert "is itself responsible for the matter referred" in escalation[second:third]
    assert "CEDR" in escalation[third:] and "as the Full Agreement provides" in escalation[third:]
    assert "does not affect any other right or remedy" in escalation


def test_governance_without_a_board_of_the_deal_establishes_one(write):
    text = _build(write, MINIMAL)
    governance = _commitment(text, "Governance and monitoring")
    assert "establish a board for the deal (the “Governance Board”)" in governance


def test_obligation_in_the_deals_own_words_reads_as_a_sentence(write):
    deal = MINIMAL.replace("""  - id: grant
    by: council""", """  - id: building-control
    by: council
    to: investor
    clause: obligation
    text: the authority will run a fast-track building control service for the factory;
    remedy: escalate
  - id: supplier-days
    title: Supplier days
    by: investor
    to: council
    clause: obligation
    text: will hold two supplier days a year for firms in the Tees Valley
    remedy: escalate
  - id: grant
    by: council""")
    text = _build(write, deal)
    untitled = _clause(text, _number_of(text, "fast-track building control"))
    # No "Commitment." run-in heading for an untitled obligation: the clause opens with the sentence.
    assert re.match(r"\d+\.\d+ The Authority will run a fast-track building control service for the factory\.", untitled)
    assert "will the authority" not in untitled.lower()
    assert "The Authority gives this commitment to the Investor." in untitled
    titled = _commitment(text, "Supplier days")
    assert "The Investor will hold two supplier days a year for firms in the Tees Valley." in titled
    assert "will will" not in titled
