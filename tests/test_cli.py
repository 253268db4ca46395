"""The command line: exit codes, messages, and what it does not import."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from dealdocs.loader import load
from tests.conftest import EXAMPLES, MINIMAL


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_and_help():
    assert run("--version").output.startswith("dealdocs, version ")
    result = run("--help")
    assert result.exit_code == 0
    for command in ("check", "build", "clauses", "schema", "new", "rules", "rule"):
        assert command in result.output


@pytest.mark.parametrize("command", ["check", "build", "schema", "new", "rules", "rule", "clauses"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output or command == "clauses"


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; from dealdocs.cli import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'jinja2', 'pydantic') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "heavy="


def test_schema_is_json_schema():
    schema = json.loads(run("schema").output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "commitments" in schema["properties"]
    assert schema["required"] == ["dealdocs", "deal", "parties"]


def test_check_reports_every_structural_error_with_exit_2(write):
    path = write(
        MINIMAL.replace("date: 2026-03-02", "date: 2026-02-30")
        .replace("term_years: 10", "term_years: ten")
        .replace("  sector: clean-energy", "  sector: clean-energy\n  colour: blue")
        .replace("role: combined-authority", "role: council")
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    lines = [l for l in result.stderr.splitlines() if l.startswith(str(path))]
    assert [l.split(": ", 1)[0] for l in lines] == [f"{path}:7:3", f"{path}:8:9", f"{path}:9:15", f"{path}:18:11"]


def test_check_yaml_syntax_error_exit_2(write):
    path = write("dealdocs: 1\ndeal: {id: [\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:12: YAML syntax error: this `[` is never closed" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_check_missing_file_exit_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml: no such file" in result.stderr


def test_check_clean_deal_exit_0(write):
    result = CliRunner().invoke(main, ["check", str(write(MINIMAL))])
    assert result.exit_code == 0, result.output + result.stderr


def test_check_deal_with_error_findings_exit_1(write):
    path = write(MINIMAL.replace("    to: council\n", ""))
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:19:5: DD101" in result.output


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_check_without_errors(path):
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output + result.stderr


def test_new_writes_a_deal_that_loads_and_checks_without_errors(tmp_path):
    target = tmp_path / "starter.yaml"
    result = CliRunner().invoke(main, ["new", str(target), "--title", 'Tees: "Green" Deal', "--zone", "Tees Valley",
                                       "--investor", "Tees Green Limited", "--authority", "Tees Valley Combined "
                                       "Authority"])
    assert result.exit_code == 0, result.output + result.stderr
    deal = load(target).deal
    assert deal.deal.title == 'Tees: "Green" Deal'
    assert deal.deal.id == "tees-green-deal"
    assert deal.deal.date == date.today()
    checked = CliRunner().invoke(main, ["check", str(target)])
    assert checked.exit_code == 0, checked.output + checked.stderr
    # What `new` cannot know is left blank, and only that is reported: the company number,
    # the university and the college.
    assert [line.split(": ")[1] for line in checked.stdout.splitlines()[:-1]] == ["DD134 warning"] * 3


def test_new_refuses_to_overwrite(tmp_path):
    target = tmp_path / "deal.yaml"
    target.write_text("keep me")
    result = CliRunner().invoke(main, ["new", str(target)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text() == "keep me"


def test_internal_error_is_one_line_not_a_traceback(monkeypatch, write):
    import dealdocs.api

    def boom(*_args, **_kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(dealdocs.api, "check", boom)
    result = CliRunner().invoke(main, ["check", str(write(MINIMAL))])
    assert result.exit_code == 3
    assert "internal error: RuntimeError: kaboom" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stderr
