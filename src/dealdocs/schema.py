"""The JSON Schema of the deal file, for editors (`dealdocs schema`).

It is pydantic's schema of `dealdocs.model.Deal`, so it accepts what the loader accepts
(a commitment's `to` and `remedy` as one id, a list of ids or nothing; `x-` keys
anywhere a mapping is closed), with a description and examples on every key of SPEC
section 2 that an editor shows on hover. A clause's `terms` are left open: the clause
declares them and `dealdocs check` reports them (DD113).
"""

from __future__ import annotations

from typing import Any

from dealdocs.model import SECTORS, Deal

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# (definition, key) -> (what an editor shows on hover, examples). "Deal" is the top level.
DOCS: dict[tuple[str, str], tuple[str, list[Any]]] = {
    ("Deal", "dealdocs"): ("The deal-file format version: 1.", [1]),
    ("Deal", "deal"): ("The deal itself: id, title, zone, sector, date, term and status.", []),
    ("Deal", "clause_paths"): ("Folders of extra clauses, relative to this file; they override built-in "
                               "clauses with the same id.", [["../clauses-local"]]),
    ("Deal", "conditions"): ("Conditions precedent to the full contract.",
                             [["approval of a full business case by HM Treasury"]]),
    ("Deal", "parties"): ("Everyone who signs: the investor, central and local government, universities "
                          "and colleges.", []),
    ("Deal", "definitions"): ("Extra defined terms: the term, then its meaning.",
                              [{"Site": "the land at Tees Dock shown edged red on the plan at Schedule 2"}]),
    ("Deal", "commitments"): ("What each party commits to: who gives it (`by`), to whom (`to`), under which "
                              "clause, and the remedy if it is not met.", []),
    ("Deal", "remedies"): ("What happens if a commitment is not met: clawback, withholding a tranche, "
                           "payment in lieu, step-in, release, termination, escalation.", []),
    ("DealInfo", "id"): ("The deal's id: lower-case letters, digits and hyphens (at most 64); it names the "
                         "output files.", ["tees-green-manufacturing"]),
    ("DealInfo", "title"): ("The deal's title, as the documents print it.",
                            ["Teesside Green Manufacturing Cluster Deal"]),
    ("DealInfo", "zone"): ("The Industrial Strategy Zone or area (free text).", ["Tees Valley"]),
    ("DealInfo", "sector"): ("One of the eight growth-driving sectors of the 2025 Industrial Strategy; any "
                             "other text is allowed with a warning (DD119).", list(SECTORS)),
    ("DealInfo", "date"): ("The date of this draft, YYYY-MM-DD.", ["2026-03-02"]),
    ("DealInfo", "term_years"): ("The life of the deal in years (1 to 99).", [15]),
    ("DealInfo", "status"): ("draft (the documents are marked DRAFT) or final.", ["draft", "final"]),
    ("DealInfo", "governing_law"): ("The law the heads of terms are governed by.",
                                    ["england-and-wales", "scotland", "northern-ireland"]),
    ("DealInfo", "currency"): ("Only GBP in format 1.", ["GBP"]),
    ("DealInfo", "background"): ("Paragraphs of recitals or background; a blank line starts a new one.",
                                 ["The Parties wish to establish a green manufacturing cluster at Teesside."]),
    ("DealInfo", "exclusivity_until"): ("A binding lock-out ends on this date (YYYY-MM-DD).", ["2026-09-30"]),
    ("DealInfo", "lapse_date"): ("The heads of terms lapse if no Full Agreement is signed by this date.",
                                 ["2027-03-31"]),
    ("DealInfo", "target_date"): ("The date the Parties aim to sign the Full Agreement.", ["2026-12-18"]),
    ("DealInfo", "round"): ("The negotiation round, shown with the draft date.", [3]),
    ("DealInfo", "sensitive_sector"): ("A Subsidy Control Act sensitive sector: the referral threshold is "
                                       "then £5m.", ["basic-iron-and-steel"]),
    ("DealInfo", "extends"): ("A standards file this deal adopts, relative to this file.",
                              ["../standards/tees-valley.yaml"]),
    ("Party", "id"): ("The party's id, used in `by`, `to` and positions.", ["consortium", "dbt", "tvca"]),
    ("Party", "name"): ("The party's full legal name.", ["Tees Offshore Wind and Hydrogen Consortium Limited"]),
    ("Party", "short_name"): ('The defined term: "Consortium" becomes "the Consortium".', ["Consortium"]),
    ("Party", "role"): ("What kind of party it is.", ["investor", "central-government", "combined-authority"]),
    ("Party", "company_number"): ('Companies House number: 8 characters, quoted; "[●]" while not known.',
                                  ["01234567", "SC123456"]),
    ("Party", "address"): ("Registered office or address (free text).", ["1 Dock Road, Middlesbrough TS2 1AA"]),
    ("Party", "signatory"): ("Who signs for the party: name and title (needed once status is final).",
                             [{"name": "Jane Smith", "title": "Chief Executive"}]),
    ("Signatory", "name"): ("The signatory's name.", ["Jane Smith"]),
    ("Signatory", "title"): ("The signatory's job title; quote it if it holds a comma.",
                             ["Chief Executive", "Director, Industrial Strategy"]),
    ("Commitment", "id"): ("The commitment's id, unique across commitments and remedies.", ["invest-factories"]),
    ("Commitment", "by"): ("The obligor: the id of the party that gives it.", ["consortium"]),
    ("Commitment", "to"): ("The counterparty: a party id or a list of them (DD101 if missing).",
                           ["dbt", ["dbt", "tvca"]]),
    ("Commitment", "clause"): ("A commitment clause of the library (`dealdocs clauses list`).",
                               ["investment", "jobs", "funding", "obligation"]),
    ("Commitment", "variant"): ("A variant of the clause, e.g. preferred or fallback.", ["fallback"]),
    ("Commitment", "title"): ("A heading for this commitment; the clause title otherwise.", ["Factory grant"]),
    ("Commitment", "terms"): ("The clause's terms (`dealdocs clauses show CLAUSE` lists them).",
                              [{"amount": "£1bn", "facility": "offshore wind blade factories at the Site"}]),
    ("Commitment", "text"): ("Free wording added to the clause text (the obligation itself for `obligation`).",
                             ["offer industry placements each year"]),
    ("Commitment", "due"): ("The date by which it must be met, YYYY-MM-DD.", ["2030-12-31"]),
    ("Commitment", "amount"): ("Its money figure: £1bn, £250m, £1.5 million, £75k, £1,000,000 or a number.",
                               ["£150m"]),
    ("Commitment", "tranches"): ("Support paid in parts, each on a condition or a milestone.",
                                 [[{"amount": "£50m", "condition": "financial close"}]]),
    ("Commitment", "long_stop"): ("A tranche not released by this date lapses.", ["2029-12-31"]),
    ("Commitment", "remedy"): ("A remedy id or a list of them (DD103 if missing).",
                               ["clawback-grant", ["clawback-grant", "withhold-tranche"]]),
    ("Tranche", "amount"): ("The tranche's amount of money.", ["£50m"]),
    ("Tranche", "condition"): ("What releases it.", ["financial close"]),
    ("Tranche", "milestone"): ("The id of the commitment whose delivery releases it.", ["local-hiring"]),
    ("Tranche", "due"): ("When it is expected, YYYY-MM-DD.", ["2028-03-31"]),
    ("Remedy", "id"): ("The remedy's id, unique across commitments and remedies.", ["clawback-grant"]),
    ("Remedy", "clause"): ("A remedy clause of the library.", ["clawback", "withhold-tranche", "escalation"]),
    ("Remedy", "variant"): ("A variant of the clause.", ["job-linked"]),
    ("Remedy", "title"): ("A heading for this remedy; the clause title otherwise.", ["Clawback of the grant"]),
    ("Remedy", "terms"): ("The clause's terms.", [{"schedule": [{"years": 5, "percent": 100}]}]),
    ("Remedy", "text"): ("Free wording added to the clause text.", []),
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a deal file, for editors (yaml-language-server)."""
    schema = Deal.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "dealdocs deal file (format 1)"
    schema["description"] = "A UK cluster deal, from which dealdocs drafts heads of terms and a term sheet."
    schema["properties"]["dealdocs"]["const"] = 1
    defs = schema.get("$defs", {})
    for (where, key), (description, examples) in DOCS.items():
        holder = schema if where == "Deal" else defs.get(where)
        prop = (holder or {}).get("properties", {}).get(key)
        if prop is None:
            continue  # a key this version of the model does not have
        prop["description"] = description
        if examples:
            prop["examples"] = examples
    _allow_extensions(schema)
    return schema


def _allow_extensions(node: Any) -> None:
    """Closed objects still accept `x-` keys, as the loader does."""
    if isinstance(node, dict):
        if node.get("additionalProperties") is False:
            node["patternProperties"] = {"^x-": {}}
        for value in node.values():
            _allow_extensions(value)
    elif isinstance(node, list):
        for value in node:
            _allow_extensions(value)
