"""Standards files: reading and validating them, `extends:` chains, defaults merged into
deals, clause folders and house style, the `--standards` option, and the examples."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import Mm

from dealdocs import api, checks
from dealdocs.cli import main
from dealdocs.errors import InputError
from dealdocs.loader import load
from dealdocs.standards import apply_standards, library_with, load_standards
from tests.conftest import MINIMAL, ROOT

EXAMPLES = ROOT / "examples" / "standards"
CLEAN = ["teesworks-hydrogen.yaml", "darlington-digital-campus.yaml"]
DEVIATING = "hartlepool-subsea-cables.yaml"

# MINIMAL (tests/conftest.py) with the deal adopting `standards.yaml`; line 9 is `extends:`.
ADOPTING = MINIMAL.replace("  term_years: 10\n", "  term_years: 10\n  extends: standards.yaml\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path):
    """files(name=text, ...) writes each dedented text under tmp_path; returns tmp_path.

    Names are keyword-safe: `__` stands for `/`, and `_yaml` / `_j2` for the suffix, so
    `clauses__escalation_j2` is `clauses/escalation.j2`.
    """

    def _files(**texts: str) -> Path:
        for name, text in texts.items():
            path = tmp_path / name.replace("__", "/").replace("_yaml", ".yaml").replace("_j2", ".j2")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return _files


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


# --- the file format ---------------------------------------------------------------------


def test_unknown_keys_are_located_and_every_problem_is_reported(files):
    root = files(
        standards_yaml="""\
        dealdocs-standards: 1
        name: Test standard positions
        positons:
          clawback: {min_years: 10}
        x-owner: the Combined Authority's legal team
        parties:
          - {id: tvca, name: Tees Valley Combined Authority, short_name: Authority, role: council}
        """
    )
    with pytest.raises(InputError) as error:
        load_standards(root / "standards.yaml")
    lines = error.value.lines()
    assert any(re.search(r"\.yaml:3:1: .*unknown key 'positons'; did you mean 'positions'\?", x) for x in lines)
    assert any(re.search(r"standards\.yaml:7:\d+: parties\[0\]\.role: 'council' is not one of", x) for x in lines)
    assert not any("x-owner" in l for l in lines)


def test_nested_problems_are_located_at_their_node(files):
    root = files(
        standards_yaml="""\
        dealdocs-standards: 1
        name: Test standard positions
        positions:
          clawback:
            min_yeras: 10
          local_hiring:
            min_share: 125%
          exclusivity_max_months: six
        """
    )
    deal = root / "deal.yaml"
    deal.write_text(MINIMAL, encoding="utf-8")
    result = run("check", str(deal), "--standards", str(root / "standards.yaml"))
    assert result.exit_code == 2
    err = result.stderr
    assert re.search(r"standards\.yaml:5:5: positions\.clawback\.min_yeras: unknown key 'min_yeras'; did you mean", err)
    assert re.search(r"standards\.yaml:7:16: positions\.local_hiring\.min_share: .*between 0 and 100", err)
    assert re.search(r"standards\.yaml:8:27: positions\.exclusivity_max_months: 'six' is not a whole number", err)


def test_clause_references_and_bounds_are_checked_against_the_library(files):
    root = files(
        standards_yaml="""\
        dealdocs-standards: 1
        name: Test standard positions
        clause_paths: [missing-folder]
        style: house.docx
        severities: {DD299: error}
        positions:
          required_clauses: [local-hirng, costs]
          required_remedies:
            - {clause: funding, one_of: [clawback, investment]}
          variants:
            clawback: [stepped, tapered]
          bounds:
            payment-in-lieu:
              amount_per_shortfall: {min: lots}
              unit: {min: 1}
            profit-sharing:
              share: {min: 50%, max: 25%}
        """
    )
    with pytest.raises(InputError) as error:
        load_standards(root / "standards.yaml")
    text = "\n".join(error.value.lines())
    # Problems found without the library are reported first, all together...
    assert re.search(r":3:16: clause folder '.*missing-folder' not found", text)
    assert re.search(r":4:8: reference style document '.*house.docx' not found", text)
    assert re.search(r":5:14: no rule 'DD299'", text)
    (root / "missing-folder").mkdir()
    docx.Document().save(root / "house.docx")
    (root / "standards.yaml").write_text(
        (root / "standards.yaml").read_text().replace("severities: {DD299: error}", "severities: {DD203: error}")
    )
    with pytest.raises(InputError) as error:
        load_standards(root / "standards.yaml")
    text = "\n".join(error.value.lines())
    # ... then everything that needs the clause library, each at its node.
    assert re.search(r":7:22: no clause 'local-hirng' in the clause library", text)
    assert re.search(r":7:35: clause 'costs' is a standard clause; expected commitment or remedy", text)
    assert re.search(r":9:44: clause 'investment' is a commitment clause; expected remedy", text)
    assert re.search(r":11:25: clause 'clawback' has no variant 'tapered' \(it has: stepped, straight-line, job-linked\)", text)
    assert re.search(r":14:35: 'lots' is not an amount of money", text)
    assert re.search(r":15:7: term 'unit' of clause 'payment-in-lieu' is text; bounds apply to", text)
    assert re.search(r":17:14: the minimum is above the maximum", text)


def test_a_deal_file_given_as_standards_is_named_as_such(tmp_path, write):
    deal = write(MINIMAL)
    result = run("check", str(deal), "--standards", str(deal))
    assert result.exit_code == 2
    assert f"{deal}:1:1: this is a deal file, not a standards file" in result.stderr


def test_an_empty_standards_file_says_what_it_should_start_with(files, write):
    files(standards_yaml="# nothing yet\n")
    deal = write(ADOPTING)
    result = run("check", str(deal))
    assert result.exit_code == 2
    assert "the file is empty; a standards file starts with `dealdocs-standards: 1`" in result.stderr


def test_a_missing_standards_file_is_reported_at_the_deals_extends(write):
    deal = write(ADOPTING)
    result = run("check", str(deal))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(deal))}:9:12: standards file '.*standards.yaml' does not exist", result.stderr)


# --- extends chains ----------------------------------------------------------------------


def test_extends_chain_merges_from_the_root_down(files):
    root = files(
        base__national_yaml="""\
        dealdocs-standards: 1
        name: National baseline
        clause_paths: [clauses]
        positions:
          required_clauses: [clawback]
          clawback: {min_years: 5, min_first_band: 100%}
          local_hiring: {min_share: 20%}
          conditions: [subsidy control]
          exclusivity_max_months: 12
        """,
        regional_yaml="""\
        dealdocs-standards: 1
        name: Regional standard
        extends: base/national.yaml
        clause_paths: [clauses]
        positions:
          required_clauses: [local-hiring]
          clawback: {min_years: 8}
          conditions: [HM Treasury]
        """,
        zone_yaml="""\
        dealdocs-standards: 1
        name: Zone standard
        extends: regional.yaml
        positions:
          clawback: {min_years: 10}
          conditions: [Subsidy Advice Unit, hm treasury]
          exclusivity_max_months: 6
        """,
    )
    (root / "base" / "clauses").mkdir()
    (root / "clauses").mkdir()
    standards = load_standards(root / "zone.yaml")
    assert standards.name == "Zone standard"
    assert [p.name for p in standards.files] == ["zone.yaml", "regional.yaml", "national.yaml"]
    # Clause folders: least specific first, so the more specific one overrides.
    assert standards.clause_paths == (root / "base" / "clauses", root / "clauses")
    # Figures: the most specific file that sets one wins, and says so.
    assert (standards.clawback_min_years.value, standards.clawback_min_years.standard) == (10, "Zone standard")
    assert standards.clawback_min_first_band.standard == "National baseline"
    assert standards.local_hiring_min_share.standard == "National baseline"
    assert standards.exclusivity_max_months.value == 6
    # Requirements add up down the chain (one spelling of a condition is enough).
    assert sorted(p.value for p in standards.required_clauses) == ["clawback", "local-hiring"]
    conditions = sorted(p.value.casefold() for p in standards.conditions)
    assert conditions == ["hm treasury", "subsidy advice unit", "subsidy control"]


def test_findings_name_the_standard_that_set_the_position(files, write):
    files(
        national_yaml="""\
        dealdocs-standards: 1
        name: National baseline
        positions:
          clawback: {min_first_band: 100%}
        """,
        standards_yaml="""\
        dealdocs-standards: 1
        name: Zone standard
        extends: national.yaml
        positions:
          clawback: {min_years: 12}
        """,
    )
    deal = write(ADOPTING.replace("{years: 5, percent: 100}", "{years: 5, percent: 90}"))
    messages = {f.code: f.message for f in api.check(deal).findings if f.code.startswith("DD2")}
    assert messages["DD203"].endswith("under Zone standard a clawback must run for at least 12 years")
    assert "under National baseline the first band must repay at least 100 per cent" in messages["DD204"]


@pytest.mark.parametrize("loop", ["two files", "one file"])
def test_a_cycle_is_refused_naming_the_files(files, write, loop):
    if loop == "two files":
        files(
            standards_yaml="dealdocs-standards: 1\nname: A\nextends: other.yaml\n",
            other_yaml="dealdocs-standards: 1\nname: B\nextends: ./standards.yaml\n",
        )
    else:
        files(standards_yaml="dealdocs-standards: 1\nname: A\nextends: standards.yaml\n")
    deal = write(ADOPTING)
    result = run("check", str(deal))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    line = next(l for l in result.stderr.splitlines() if "cycle" in l)
    if loop == "two files":
        assert re.search(r"other\.yaml:3:10: extends: the standards files make a cycle: ", line)
        assert re.search(r"cycle: \S*standards\.yaml -> \S*other\.yaml -> \S*standards\.yaml$", line)
    else:
        assert re.search(r"standards\.yaml:3:10: extends: .*cycle: .*standards\.yaml -> .*standards\.yaml", line)


# --- applying standards: defaults merged and located ---------------------------------------


STANDARDS_WITH_DEFAULTS = """\
dealdocs-standards: 1
name: Zone standard
parties:
  - id: council
    name: Somewhere Borough Council
    short_name: Borough Council
    role: local-authority
  - id: college
    name: Somewhere College
    short_name: College
    role: college
definitions:
  Local Area: the borough of Somewhere
  Skills Board: the Somewhere Skills Board
  Unused Term: a definition no deal here uses
"""


def test_default_parties_and_definitions_are_merged_and_the_deal_wins(files, write):
    files(standards_yaml=STANDARDS_WITH_DEFAULTS)
    deal = write(
        ADOPTING.replace("facility: a factory", "facility: a factory for the Local Area")
        + "definitions:\n  Skills Board: the deal's own board\n"
    )
    loaded = load(deal)
    standards = load_standards(deal.parent / "standards.yaml")
    merged = apply_standards(loaded, standards)
    # `council` is the deal's own party (the deal wins); `college` is added.
    assert [p.id for p in merged.deal.parties] == ["investor", "council", "college"]
    assert merged.deal.party("council").name == "Tees Valley Combined Authority"
    # Definitions: the deal's own wins; a default is added only where the deal uses it.
    assert merged.deal.definitions == {"Skills Board": "the deal's own board", "Local Area": "the borough of Somewhere"}
    assert [p["id"] for p in merged.data["parties"]] == ["investor", "council", "college"]
    # The original is left alone.
    assert [p.id for p in loaded.deal.parties] == ["investor", "council"]
    # What was added is located at the deal's `extends:` line.
    assert (merged.source.at(("parties", 2, "name")).line, merged.source.at(("parties", 2)).column) == (9, 12)
    assert merged.source.key_at(("definitions", "Local Area")).line == 9


def test_findings_about_a_default_party_point_at_the_deals_extends(files, write):
    files(standards_yaml=STANDARDS_WITH_DEFAULTS)
    deal = write(ADOPTING)
    college = [f for f in api.check(deal).findings if "'college'" in f.message]
    assert {f.code for f in college} == {"DD106", "DD107"}  # it gives and receives nothing
    assert {(f.file, f.line, f.column) for f in college} == {(str(deal), 9, 12)}


def test_with_the_option_defaults_are_located_at_the_parties_key(files, write):
    root = files(standards_yaml=STANDARDS_WITH_DEFAULTS)
    deal = write(MINIMAL)
    checked = api.check(deal, standards=root / "standards.yaml")
    assert checked.loaded.deal.party("college") is not None
    college = [f for f in checked.findings if "'college'" in f.message]
    assert {(f.line, f.column) for f in college} == {(9, 1)}  # `parties:`


def test_a_defined_term_used_only_by_a_standards_clause_is_merged(files, write):
    files(
        standards_yaml="""\
        dealdocs-standards: 1
        name: Zone standard
        clause_paths: [clauses]
        definitions:
          Community Panel: the panel of residents convened by the Authority
        """,
        clauses__escalation_j2="""\
        ---
        id: escalation
        title: Escalation
        role: remedy
        terms:
          forum: {type: text, required: true}
        ---
        Any Party may refer a missed commitment to {{ terms.forum }}, which will hear the Community Panel.
        """,
    )
    checked = api.check(write(ADOPTING))
    assert "Community Panel" in checked.loaded.deal.definitions
    assert not [f for f in checked.findings if f.code == "DD115"]


# --- --standards, clause folders, house style, severities ----------------------------------


def test_the_standards_option_replaces_the_deals_extends(files, write):
    root = files(
        standards_yaml="dealdocs-standards: 1\nname: Own standard\npositions: {clawback: {min_years: 20}}\n",
        other_yaml="dealdocs-standards: 1\nname: Other standard\npositions: {local_hiring: {min_share: 25%}}\n"
        "parties: [{id: college, name: Somewhere College, short_name: College, role: college}]\n",
    )
    deal = write(ADOPTING)
    assert codes(f for f in api.check(deal).findings if f.code.startswith("DD2")) == ["DD203"]
    checked = api.check(deal, standards=root / "other.yaml")
    assert checked.standards.name == "Other standard"
    assert not [f for f in checked.findings if f.code.startswith("DD2")]
    assert checked.loaded.deal.party("college") is not None
    result = run("check", str(deal), "--standards", str(root / "other.yaml"), "--format", "json")
    assert result.exit_code == 0
    assert "DD203" not in result.output and "DD106" in result.output


def test_standards_clause_folders_override_built_ins_and_the_deals_override_them(files, write):
    body = """\
    ---
    id: escalation
    title: {title}
    role: remedy
    terms:
      forum: {{type: text, required: true}}
    ---
    Any Party may refer a missed commitment to {{{{ terms.forum }}}}.
    """
    files(
        standards_yaml="dealdocs-standards: 1\nname: Zone standard\nclause_paths: [zone_clauses]\n",
        zone_clauses__escalation_j2=body.format(title="Zone Escalation"),
        deal_clauses__escalation_j2=body.format(title="Deal Escalation"),
    )
    deal = write(ADOPTING)
    checked = api.check(deal)
    assert checked.library.get("escalation").meta.title == "Zone Escalation"
    assert checked.library.get("clawback").meta.title == "Clawback"  # the built-in
    deal = write(ADOPTING.replace("parties:\n", "clause_paths: [deal_clauses]\nparties:\n", 1))
    assert api.check(deal).library.get("escalation").meta.title == "Deal Escalation"
    loaded = load(deal)
    library = library_with(loaded, load_standards(deal.parent / "standards.yaml"))
    assert library.get("escalation").meta.title == "Deal Escalation"


def test_the_standards_house_style_reaches_build(files, write, tmp_path):
    reference = docx.Document()
    section = reference.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)  # US Letter: not the default A4
    section.header.paragraphs[0].text = "ZONE HOUSE STYLE"
    files(standards_yaml="dealdocs-standards: 1\nname: Zone standard\nstyle: styles/house.docx\n")
    (tmp_path / "styles").mkdir()
    reference.save(tmp_path / "styles" / "house.docx")
    deal = write(ADOPTING)
    assert api.check(deal).standards.style == tmp_path / "styles" / "house.docx"

    written = api.build(deal, tmp_path / "out", docs=["heads-of-terms"], formats=["docx"])
    document = docx.Document(io.BytesIO(written[0].read_bytes()))
    assert abs(document.sections[0].page_width - Mm(215.9)) < Mm(0.5)
    assert document.sections[0].header.paragraphs[0].text == "ZONE HOUSE STYLE"

    # An explicit --style still wins.
    other = docx.Document()
    other.sections[0].page_width, other.sections[0].page_height = Mm(210), Mm(297)
    other.save(tmp_path / "a4.docx")
    written = api.build(deal, tmp_path / "out2", docs=["heads-of-terms"], formats=["docx"], style=tmp_path / "a4.docx")
    assert abs(docx.Document(written[0]).sections[0].page_width - Mm(210)) < Mm(0.5)


def test_a_standards_file_sets_severities(files, write):
    files(
        standards_yaml="""\
        dealdocs-standards: 1
        name: Zone standard
        severities: {DD203: error, DD106: "off"}
        positions: {clawback: {min_years: 20}}
        """
    )
    findings = api.check(write(ADOPTING)).findings
    assert [f.severity.value for f in findings if f.code == "DD203"] == ["error"]
    result = run("check", str(write(ADOPTING)))
    assert result.exit_code == 1


def test_standards_rules_say_nothing_without_standards(tmp_path):
    """Every failing DD2xx case, checked with its standards and then without them."""
    for path in sorted((ROOT / "tests" / "rules").glob("DD2*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            if not case.get("expect") or "standards" not in case:
                continue
            (tmp_path / "deal.yaml").write_text(case["deal"], encoding="utf-8")
            (tmp_path / "standards.yaml").write_text(case["standards"], encoding="utf-8")
            checked = api.check(tmp_path / "deal.yaml")
            assert any(f.code.startswith("DD2") for f in checked.findings), case["name"]
            silent = checks.run(checked.loaded, checked.library)
            assert not [f for f in silent if f.code.startswith("DD2")], case["name"]


# --- the examples ----------------------------------------------------------------------------


def test_example_standards_load():
    standards = load_standards(EXAMPLES / "tees-valley-standards.yaml")
    assert standards.name == "Tees Valley standard positions"
    assert [p.name for p in standards.files] == ["tees-valley-standards.yaml", "national-baseline.yaml"]
    assert standards.style is not None and standards.style.is_file()
    assert [p.id for p in standards.parties] == ["tvca"]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_example_deals_exit_0_without_warnings(name):
    path = EXAMPLES / name
    result = run("check", str(path), "--strict")
    assert result.exit_code == 0, result.output
    checked = api.check(path)
    assert checked.standards is not None and checked.standards.name == "Tees Valley standard positions"
    assert {f.severity.value for f in checked.findings} <= {"info"}
    # Substantial deals: 5+ parties counting the default ones, 8+ commitments, each with
    # a counterparty and a remedy.
    deal = checked.loaded.deal
    assert len(deal.parties) >= 5 and deal.party("tvca") is not None
    assert len(deal.commitments) >= 8
    assert all(c.to and c.remedy for c in deal.commitments)


def test_the_deviating_example_has_exactly_the_planted_findings():
    path = EXAMPLES / DEVIATING
    lines = path.read_text(encoding="utf-8").splitlines()

    def place(pattern: str, token: str) -> tuple[int, int]:
        number = next(i for i, line in enumerate(lines, 1) if re.search(pattern, line))
        return number, lines[number - 1].index(token) + 1

    checked = api.check(path)
    got = {(f.code, f.line, f.column) for f in checked.findings if f.code.startswith("DD2")}
    assert got == {
        ("DD203", *place(r"- \{years: 5, percent: 50\}", "{")),
        ("DD205", *place(r"share: 20%", "20%")),
        ("DD208", *place(r"amount_per_shortfall: £7,500", "£")),
    }
    assert {f.severity.value for f in checked.findings} == {"warning", "info"}
    assert run("check", str(path)).exit_code == 0
    assert run("check", str(path), "--strict").exit_code == 1


def test_every_example_deal_adopts_the_example_standards():
    deals = [p for p in sorted(EXAMPLES.glob("*.yaml")) if "dealdocs-standards" not in p.read_text(encoding="utf-8")]
    assert sorted(p.name for p in deals) == sorted([*CLEAN, DEVIATING])
    for path in deals:
        assert load(path).deal.deal.extends == "tees-valley-standards.yaml"


# --- property: standards never make checking crash ----------------------------------------------


def test_standards_rules_never_crash_on_mutated_deals():
    """The mutated deals of tests/test_checks_property.py, held to the Tees Valley standards."""
    import json
    import tempfile

    from hypothesis import HealthCheck, given, settings

    from tests.test_checks_property import mutated_deals

    standards = load_standards(EXAMPLES / "tees-valley-standards.yaml")

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutated_deals())
    def check(case):
        deal, kind = case
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"deal.{kind}"
            if kind == "json":
                path.write_text(json.dumps(deal, default=str, ensure_ascii=False), encoding="utf-8")
            else:
                path.write_text(yaml.safe_dump(deal, allow_unicode=True, sort_keys=False), encoding="utf-8")
            try:
                loaded = load(path)
            except InputError:
                return
            library = library_with(loaded, standards)
            merged = apply_standards(loaded, standards, library)
            findings = checks.run(merged, library, severities=standards.severities, standards=standards)
        for finding in findings:
            assert finding.file == str(path)
            assert finding.line >= 1 and finding.column >= 1, finding

    check()
