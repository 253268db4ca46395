"""The clause library: the SPEC's clauses with the SPEC's terms, safe templates, overrides."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from dealdocs.clauses import Library, validate_terms
from dealdocs.errors import InputError
from dealdocs.sample import sample_lines

# SPEC section 3: clause -> role and terms (name: (type label, required)).
SPEC = {
    "investment": ("commitment", {"amount": ("money", True), "facility": ("text", True), "location": ("text", False)}),
    "jobs": ("commitment", {"jobs": ("integer", True), "retention_years": ("integer", False)}),
    "local-hiring": ("commitment", {"share": ("percent", True), "area": ("text", True), "jobs": ("integer", False),
                                    "apprenticeships": ("integer", False), "reporting": ("text", False)}),
    "ip-retention": ("commitment", {"retention_years": ("integer", True), "scope": ("text", True),
                                    "change_of_control_percent": ("percent", False)}),
    "curriculum-collaboration": ("commitment", {"partners": ("list of text", True), "programmes": ("text", True),
                                                "cohort_size": ("integer", False), "years": ("integer", False),
                                                "placements": ("integer", False)}),
    "funding": ("commitment", {"amount": ("money", True), "purpose": ("text", True)}),
    "land-transfer": ("commitment", {"land": ("text", True), "consideration": ("money", True),
                                     "market_value": ("money", False)}),
    "infrastructure": ("commitment", {"works": ("text", True), "amount": ("money", False)}),
    "planning-support": ("commitment", {"application": ("text", True), "target_weeks": ("integer", False)}),
    "research-collaboration": ("commitment", {"topic": ("text", True), "partners": ("list of text", False),
                                              "amount": ("money", False)}),
    "obligation": ("commitment", {}),
    "clawback": ("remedy", {"schedule": ("list of {years: integer, percent: percent}", True), "interest": ("text", False)}),
    "profit-sharing": ("remedy", {"share": ("percent", True), "period_years": ("integer", True),
                                  "triggers": ("list of text", False), "base_value": ("money", False)}),
    "withhold-tranche": ("remedy", {}),
    "payment-in-lieu": ("remedy", {"amount_per_shortfall": ("money", True), "unit": ("text", True)}),
    "step-in": ("remedy", {"scope": ("text", True)}),
    "release": ("remedy", {"released": ("list of commitment", True)}),
    "termination": ("remedy", {"notice_days": ("integer", False)}),
    "escalation": ("remedy", {"forum": ("text", True)}),
}
STANDARD = ["status", "confidentiality", "exclusivity", "costs", "governing-law", "subsidy-control",
            "announcements", "governance"]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load()


@pytest.mark.parametrize("clause_id", SPEC)
def test_spec_clause_has_the_spec_terms(library, clause_id):
    role, terms = SPEC[clause_id]
    clause = library.get(clause_id)
    assert clause is not None and clause.meta.role == role
    for name, (label, required) in terms.items():
        spec = clause.meta.terms[name]
        assert (spec.label, spec.required) == (label, required), name
    extra_required = [k for k, s in clause.meta.terms.items() if s.required and k not in terms]
    assert extra_required == []
    assert clause.meta.title and clause.meta.summary and clause.meta.guidance.strip()


@pytest.mark.parametrize("clause_id", STANDARD)
def test_standard_provisions_exist(library, clause_id):
    clause = library.get(clause_id)
    assert clause is not None and clause.meta.role == "standard"


def test_binding_provisions_are_the_customary_ones(library):
    binding = {c.id for c in library.by_role("standard") if c.meta.binding}
    assert {"status", "confidentiality", "exclusivity", "costs", "governing-law"} <= binding
    assert not library.get("subsidy-control").meta.binding


@pytest.mark.parametrize("clause_id", [*SPEC, *STANDARD])
def test_every_clause_drafts_a_sample_with_no_gaps(library, clause_id):
    lines = sample_lines(library.get(clause_id), library)
    text = "\n".join(lines)
    assert len(text.split()) > 20
    for bad in ("None", "TBC", "{{", "}}", "\ue000"):
        assert bad not in text


def test_terms_are_typed_and_defaulted(library):
    values, problems = validate_terms(library.get("local-hiring"), {"share": "30%", "area": "Tees Valley"})
    assert problems == []
    assert str(values["share"]) == "30" and values["reporting"] == "quarterly"


def test_term_problems_name_the_term(library):
    _, problems = validate_terms(library.get("clawback"), {"schedule": [{"years": "five", "percent": 100}], "colour": 1})
    found = {(p.path, p.message.split(",")[0]) for p in problems}
    assert (("schedule", 0, "years"), "expected a whole number") in found
    assert any(p.path == ("colour",) and "unknown term 'colour'" in p.message for p in problems)


def _clause(folder, clause_id: str, body: str, role: str = "commitment", terms: str = "{}"):
    folder.mkdir(exist_ok=True)
    (folder / f"{clause_id}.j2").write_text(
        f"---\nid: {clause_id}\ntitle: Local {clause_id}\nrole: {role}\nterms: {terms}\n---\n{body}\n", encoding="utf-8"
    )


def test_clause_paths_override_builtin_by_id(tmp_path):
    _clause(tmp_path / "local", "investment", "{{ obligor }} will invest {{ terms.amount|money }}.",
            terms="{amount: {type: money, required: true}, facility: {type: text, required: true}}")
    library = Library.load([tmp_path / "local"])
    assert library.get("investment").meta.title == "Local investment"
    assert library.get("jobs") is not None  # the rest of the library is still there


def test_template_error_names_the_clause_file_and_line(tmp_path):
    _clause(tmp_path / "local", "broken", "Line one.\n\n{{ terms.amount|money }")
    library = Library.load([tmp_path / "local"])
    with pytest.raises(InputError) as caught:
        sample_lines(library.get("broken"), library)
    problem = caught.value.problems[0]
    assert problem.file.endswith("broken.j2") and problem.line == 9  # the line of the bad tag


def test_undefined_name_is_an_error_not_a_blank(tmp_path):
    _clause(tmp_path / "local", "gappy", "{{ obligor }} will pay {{ terms.nothing_here }}.")
    library = Library.load([tmp_path / "local"])
    with pytest.raises(InputError, match="gappy"):
        sample_lines(library.get("gappy"), library)


def test_sandbox_refuses_python_internals(tmp_path):
    _clause(tmp_path / "local", "escape", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    library = Library.load([tmp_path / "local"])
    with pytest.raises(InputError):
        sample_lines(library.get("escape"), library)


def test_clause_file_with_bad_front_matter(tmp_path):
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "odd.j2").write_text("---\nid: odd\ntitle: Odd\nrole: sideways\n---\nText.\n")
    with pytest.raises(InputError) as caught:
        Library.load([folder])
    assert "odd.j2" in caught.value.problems[0].file and "role" in caught.value.problems[0].message


def test_clauses_list_and_show_commands():
    listed = CliRunner().invoke(main, ["clauses", "list"])
    assert listed.exit_code == 0
    for clause_id in SPEC:
        assert clause_id in listed.output
    shown = CliRunner().invoke(main, ["clauses", "show", "clawback"])
    assert shown.exit_code == 0
    for fragment in ("Terms:", "schedule", "Variants:", "straight-line", "Guidance:", "Sample", "per cent"):
        assert fragment in shown.output
    missing = CliRunner().invoke(main, ["clauses", "show", "nope"])
    assert missing.exit_code == 2 and "no clause 'nope'" in missing.output
