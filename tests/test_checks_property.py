"""Property: whatever a deal file says, loading and checking it either raises
`InputError` (exit 2, every problem located) or returns located findings; never any
other exception.

A valid deal that uses every part of the format is mutated at random (keys deleted,
values replaced by ids, text, numbers, money, dates, nulls, lists and mappings, list
items duplicated, numbers and dates shifted) and written as YAML or JSON.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealdocs import checks
from dealdocs.clauses import Library
from dealdocs.errors import InputError
from dealdocs.findings import Finding
from dealdocs.loader import load
from dealdocs.report import format_findings

BASE: dict[str, Any] = {
    "dealdocs": 1,
    "deal": {
        "id": "tees-test",
        "title": "Tees Test Cluster Deal",
        "zone": "Tees Valley",
        "sector": "clean-energy",
        "date": date(2026, 3, 2),
        "term_years": 15,
        "lapse_date": date(2026, 12, 31),
        "status": "final",
        "background": 'The Consortium will build the Factories at the Site (the "Scheme").',
        "exclusivity_until": date(2026, 9, 30),
    },
    "conditions": ["the Secretary of State's consent under the General Disposal Consent (England) 2003"],
    "parties": [
        {"id": "consortium", "name": "Tees Consortium Limited", "short_name": "Consortium", "role": "investor",
         "company_number": "01234567", "signatory": {"name": "Jane Smith", "title": "Director"}},
        {"id": "dbt", "name": "The Secretary of State for Business and Trade", "short_name": "Secretary of State",
         "role": "central-government", "signatory": {"name": "Sam Jones", "title": "Director"}},
        {"id": "tvca", "name": "Tees Valley Combined Authority", "short_name": "Authority",
         "role": "combined-authority", "signatory": {"name": "Ann Lee", "title": "Chief Executive"}},
    ],
    "definitions": {"Site": "the land at Tees Dock", "Factories": "the plant to be built at the Site"},
    "commitments": [
        {"id": "invest", "by": "consortium", "to": ["dbt", "tvca"], "clause": "investment",
         "terms": {"amount": "£1bn", "facility": "the Factories"}, "amount": "£1bn", "due": date(2030, 12, 31),
         "remedy": "clawback-grant"},
        {"id": "create-jobs", "by": "consortium", "to": "tvca", "clause": "jobs",
         "terms": {"jobs": 2000, "retention_years": 5}, "due": date(2031, 12, 31),
         "remedy": ["clawback-grant", "withhold"]},
        {"id": "local-hiring", "by": "consortium", "to": "tvca", "clause": "local-hiring",
         "terms": {"share": "30%", "area": "the boroughs of the Tees Valley"}, "remedy": "withhold"},
        {"id": "grant", "by": "dbt", "to": "consortium", "clause": "funding",
         "terms": {"amount": "£80m", "purpose": "co-funding the Factories"}, "amount": "£80m",
         "due": date(2031, 12, 31),
         "tranches": [
             {"amount": "£30m", "condition": "financial close"},
             {"amount": "£50m", "condition": "2,000 jobs", "milestone": "create-jobs", "due": date(2032, 6, 30)},
         ],
         "remedy": "release"},
        {"id": "land", "by": "tvca", "to": "consortium", "clause": "land-transfer",
         "terms": {"land": "the Site", "consideration": "£2m", "market_value": "£16m"}, "remedy": "overage"},
        {"id": "support", "by": "tvca", "to": ["consortium", "dbt"],
         "text": "The Authority will support the planning applications for the Factories.", "remedy": "board"},
    ],
    "remedies": [
        {"id": "clawback-grant", "clause": "clawback", "variant": "stepped",
         "terms": {"schedule": [{"years": 5, "percent": 100}, {"years": 12, "percent": "50%"}]}},
        {"id": "withhold", "clause": "withhold-tranche"},
        {"id": "release", "clause": "release", "terms": {"released": ["invest", "create-jobs"]}},
        {"id": "overage", "clause": "profit-sharing", "terms": {"share": "50%", "period_years": 20}},
        {"id": "board", "clause": "escalation", "terms": {"forum": "the Cluster Board"}},
    ],
}

IDS = ["consortium", "dbt", "tvca", "invest", "create-jobs", "local-hiring", "grant", "land", "support",
       "clawback-grant", "withhold", "release", "overage", "board", "nobody", "investment", "clawback"]

scalars = st.one_of(
    st.sampled_from(IDS),
    st.text(max_size=30),
    st.integers(min_value=-(10**14), max_value=10**14),
    st.sampled_from(["£1bn", "£250m", "£1.5 million", "£75k", "£1,000,000", "120%", "-5", "0", "50%", "lots"]),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(IDS + ["x-note", "years", "percent", "amount"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def _slots(node: Any, out: list) -> list:
    """Every (container, key) pair in the deal, depth first."""
    if isinstance(node, dict):
        for key in list(node):
            out.append((node, key))
            _slots(node[key], out)
    elif isinstance(node, list):
        for i in range(len(node)):
            out.append((node, i))
            _slots(node[i], out)
    return out


@st.composite
def mutated_deals(draw: st.DrawFn) -> tuple[dict, str]:
    deal = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        slots = _slots(deal, [])
        if not slots:
            break
        parent, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "shift"]))
        current = parent[key]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))
        elif op == "shift" and isinstance(current, int) and not isinstance(current, bool):
            parent[key] = current + draw(st.integers(min_value=-100, max_value=100))
        elif op == "shift" and isinstance(current, date):
            days = draw(st.integers(min_value=-40_000, max_value=40_000))
            try:
                parent[key] = current + timedelta(days=days)
            except OverflowError:
                parent[key] = date.max
    return deal, draw(st.sampled_from(["yaml", "json"]))


LIBRARY = Library.load()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_deals())
def test_load_and_check_never_crash(case: tuple[dict, str]) -> None:
    deal, kind = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"deal.{kind}"
        if kind == "json":
            path.write_text(json.dumps(deal, default=str, ensure_ascii=False), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(deal, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            loaded = load(path)
        except InputError as error:
            assert error.problems
            return
        findings = checks.run(loaded, LIBRARY)
    assert all(isinstance(f, Finding) for f in findings)
    for finding in findings:
        assert finding.code in checks.RULES
        assert finding.file == str(path)
        assert finding.line >= 1 and finding.column >= 1, finding
    files = [str(path)]
    assert format_findings(findings, "text", files=files).endswith("\n")
    assert len(json.loads(format_findings(findings, "json", files=files))) == len(findings)
    assert json.loads(format_findings(findings, "sarif", files=files))["version"] == "2.1.0"


def test_base_deal_checks_clean() -> None:
    """The deal the mutations start from is itself clean, so findings come from them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deal.yaml"
        path.write_text(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False), encoding="utf-8")
        findings = checks.run(load(path), LIBRARY)
    assert [f for f in findings if f.code != "DD117"] == []
