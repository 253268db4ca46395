"""`dealdocs new`: a complete starter deal that loads, checks clean and builds.

The file is made as data and written with a YAML emitter, so whatever a user types as a
title or a name is quoted properly and can never break the file's structure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import yaml

from dealdocs.dates import add_months, add_years
from dealdocs.model import SECTORS

# What a starter leaves for the user to fill in: `dealdocs check` reports every value
# that still holds it (DD134), and the documents print it as the drafting blank it is.
BLANK = "[●]"

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].strip("-")
    return slug or "new-deal"


# --- answers: each checked as it is given -------------------------------------------


def valid_id(text: str) -> str:
    """A deal id (it names the output files): a slug, or ValueError saying how to fix it."""
    value = text.strip()
    if not _SLUG.match(value) or len(value) > 64:
        raise ValueError(
            f"{value!r} is not a valid deal id: use lower-case letters, digits and hyphens "
            f"(at most 64), starting with a letter or digit, e.g. {_slug(value)!r}"
        )
    return value


def sector_hint(text: str) -> str | None:
    """None for one of the sector keys; otherwise what to say about it."""
    if text in SECTORS:
        return None
    close = difflib.get_close_matches(text.strip().lower().replace(" ", "-"), SECTORS, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (f"{text!r} is not one of the Industrial Strategy sector keys; {hint}"
            f"the keys are {', '.join(SECTORS)}")


def valid_date(text: str) -> date:
    """An ISO date (`2026-03-02`), or ValueError saying what is wrong with it."""
    from dealdocs.validation import date_problem

    value = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(date_problem(value))


def text_answer(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise ValueError("must not be empty")
    return value


# (option name, question asked on a terminal, default from the answers so far, check).
# A check returns the value to use or raises ValueError with what to do instead.
QUESTIONS: list[tuple[str, str, Callable[[dict], str], Callable[[str], Any]]] = [
    ("title", "Deal title", lambda a: "Cluster Deal", text_answer),
    ("deal_id", "Deal id (lower-case letters, digits and hyphens; used in file names)",
     lambda a: _slug(a.get("title") or "new deal"), valid_id),
    ("zone", "Industrial Strategy Zone or area", lambda a: "Tees Valley", text_answer),
    ("sector", f"Sector ({', '.join(SECTORS)})", lambda a: "clean-energy", text_answer),
    ("date", "Date of this draft (YYYY-MM-DD)", lambda a: date.today().isoformat(), valid_date),
    ("investor", f"Anchor investor's full legal name ({BLANK} to fill in later)", lambda a: BLANK, text_answer),
    ("authority", f"Combined authority or council ({BLANK} to fill in later)", lambda a: BLANK, text_answer),
]

SCHEMA_HINT = (
    "# Make the schema for your editor with: dealdocs schema > dealdocs.schema.json\n"
    "# yaml-language-server: $schema=dealdocs.schema.json\n"
)

GUIDE = (
    "#\n"
    f"# A starter deal. Every {BLANK} is a blank to fill in: `dealdocs check` lists each one\n"
    "# (DD134) until it is. The figures, dates and terms are examples of the shape a deal\n"
    "# takes: replace them with the deal's own before anyone relies on the documents.\n"
)

# Shown, commented out, under the grant: how a term still under negotiation is written.
NEGOTIATION_EXAMPLE = """\
  # While a term is still being negotiated, take it out of `terms` and record each
  # party's position on it, with notes to draft: the documents then print the
  # alternatives in square brackets, each with its party. E.g. for this grant's amount:
  # status: open
  # positions:
  #   - {party: investor, terms: {amount: £25m}, note: needed to reach financial close}
  #   - {party: dbt, terms: {amount: £20m}}
  # notes:
  #   - {by: dbt, text: subject to approval of the full business case}
"""


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as a literal block, as a person would."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def starter_deal(answers: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """The starter deal as data: five parties, eight commitments, each with a remedy.

    Its date is the `date` answer (an ISO date), else `today`, else the clock's today.
    """
    given = answers.get("date")
    today = (valid_date(given) if isinstance(given, str) else given) or today or date.today()
    zone = answers["zone"]
    return {
        "dealdocs": 1,
        "deal": {
            "id": answers["deal_id"],
            "title": answers["title"],
            "zone": zone,
            "sector": answers["sector"],
            "date": today,
            "term_years": 15,
            "lapse_date": add_months(today, 9),
            "target_date": add_months(today, 6),
            "status": "draft",
            "governing_law": "england-and-wales",
            "currency": "GBP",
            "background": (
                f"The Parties wish to grow the {answers['sector'].replace('-', ' ')} cluster in {zone} "
                "through the investment, skills and public support described in these heads of terms.\n\n"
                "These heads of terms record the principal terms on which the Parties intend to negotiate "
                "the full agreement."
            ),
        },
        "conditions": [
            "approval of a full business case by HM Treasury",
            "a subsidy control assessment and any referral to the Subsidy Advice Unit",
            "the board approval of each Party that is a company",
        ],
        "parties": [
            {"id": "investor", "name": answers["investor"], "short_name": "Investor", "role": "investor",
             "company_number": BLANK},
            {"id": "dbt", "name": "The Secretary of State for Business and Trade", "short_name": "Department",
             "role": "central-government"},
            {"id": "authority", "name": answers["authority"], "short_name": "Authority",
             "role": "combined-authority"},
            {"id": "university", "name": BLANK, "short_name": "University", "role": "university"},
            {"id": "college", "name": BLANK, "short_name": "College", "role": "college"},
        ],
        "definitions": {"Site": f"the land in {zone} to be identified by the Authority and the Investor"},
        "commitments": [
            {"id": "invest", "by": "investor", "to": ["dbt", "authority"], "clause": "investment",
             "terms": {"amount": "£100m", "facility": "a manufacturing facility at the Site"},
             "amount": "£100m", "due": add_years(today, 4), "remedy": "clawback-grant"},
            {"id": "create-jobs", "by": "investor", "to": "authority", "clause": "jobs",
             "terms": {"jobs": 500, "retention_years": 5},
             "due": add_years(today, 5), "remedy": ["clawback-grant", "withhold-second-tranche"]},
            {"id": "hire-locally", "by": "investor", "to": ["authority", "college"], "clause": "local-hiring",
             "terms": {"share": "25%", "area": f"the area of the Authority in {zone}", "jobs": 500,
                       "apprenticeships": 25},
             "remedy": "payment-for-shortfall"},
            {"id": "grant", "by": "dbt", "to": "investor", "clause": "funding",
             "terms": {"amount": "£20m", "purpose": "the capital cost of the facility at the Site"},
             "amount": "£20m",
             "tranches": [{"amount": "£10m", "condition": "financial close"},
                          {"amount": "£10m", "condition": "500 jobs created", "milestone": "create-jobs"}],
             "remedy": "release-investor"},
            {"id": "plan", "by": "authority", "to": "investor", "clause": "planning-support",
             "terms": {"application": "the planning application for the facility at the Site", "target_weeks": 13},
             "remedy": "escalate"},
            {"id": "courses", "by": "college", "to": ["investor", "authority"], "clause": "curriculum-collaboration",
             "terms": {"partners": ["the College", "the University"],
                       "programmes": "Level 3 and Level 4 programmes for the facility's technicians",
                       "cohort_size": 40, "years": 5},
             "remedy": "escalate"},
            {"id": "research", "by": "university", "to": "investor", "clause": "research-collaboration",
             "terms": {"topic": "process innovation for the facility", "amount": "£2m"},
             "remedy": "escalate"},
            {"id": "placements", "by": "investor", "to": ["college", "university"], "clause": "obligation",
             "text": "offer industry placements each year to learners on the programmes under the curriculum "
                     "collaboration",
             "remedy": "escalate"},
        ],
        "remedies": [
            {"id": "clawback-grant", "clause": "clawback",
             "terms": {"schedule": [{"years": 5, "percent": 100}, {"years": 10, "percent": 50},
                                    {"years": 15, "percent": 25}]}},
            {"id": "withhold-second-tranche", "clause": "withhold-tranche"},
            {"id": "payment-for-shortfall", "clause": "payment-in-lieu",
             "terms": {"amount_per_shortfall": "£5k", "unit": "local job not filled"}},
            {"id": "release-investor", "clause": "release", "terms": {"released": ["invest"]}},
            {"id": "escalate", "clause": "escalation", "terms": {"forum": "the governance board"}},
        ],
    }


def starter_text(answers: dict[str, Any], today: date | None = None) -> str:
    body = yaml.dump(starter_deal(answers, today), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    # The negotiation example goes under the grant, before the next commitment.
    marker = "\n- id: plan\n"
    body = body.replace(marker, "\n" + NEGOTIATION_EXAMPLE + marker.lstrip("\n"), 1)
    return SCHEMA_HINT + GUIDE + body
