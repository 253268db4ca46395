"""The mistakes a newcomer makes (issue 13): each said where it is, what happened and
how to fix it, with the right exit code and never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from tests.conftest import MINIMAL, ROOT

STANDARDS = ROOT / "examples" / "standards" / "tees-valley-standards.yaml"


def run(*args: str, **kwargs):
    result = CliRunner().invoke(main, [str(a) for a in args], **kwargs)
    assert "Traceback" not in result.output + (result.stderr or "")
    return result


def one_problem(result, path) -> str:
    """The single problem line a broken file gives, without its `FILE:` prefix."""
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix(f"{path}:")


def test_a_comma_inside_braces_split_a_title(write):
    path = write(MINIMAL.replace("    short_name: Investor\n", "    short_name: Investor\n"
                                 "    signatory: {name: Jane Smith, title: Director, Industrial Strategy}\n"))
    result = run("check", path)
    assert result.exit_code == 2
    assert one_problem(result, path) == (
        "13:42: `title: Director, Industrial Strategy`: inside {...} a comma ends a value, so "
        "'Industrial Strategy' was read as a key of its own; quote the value: "
        'title: "Director, Industrial Strategy"'
    )


def test_a_comma_inside_braces_split_an_amount(write):
    path = write(MINIMAL.replace("terms: {amount: £10m, facility: a factory}",
                                 "terms: {amount: £250,000,000, facility: a factory}"))
    result = run("check", path)
    assert result.exit_code == 2
    message = one_problem(result, path)
    assert message.startswith("23:21: `amount: £250,000,000`: inside {...} a comma ends a value")
    assert "'000' and '000' were read as keys of their own" in message
    assert message.endswith('quote the value: amount: "£250,000,000"')
    assert "duplicate key" not in result.stderr


def test_a_day_that_does_not_exist(write):
    path = write(MINIMAL.replace("    amount: £10m\n", "    amount: £10m\n    due: 2027-02-30\n"))
    result = run("check", path)
    assert result.exit_code == 2
    assert one_problem(result, path) == (
        "25:10: commitments[0].due: '2027-02-30' is not a date: February 2027 has 28 days; "
        "give a day that exists, e.g. 2027-02-28"
    )


@pytest.mark.parametrize(("written", "message"), [
    ("2026-13-01", "'2026-13-01' is not a date: there is no month 13; write it as YYYY-MM-DD"),
    ("02/03/2026", "'02/03/2026' is not written as YYYY-MM-DD; write 2026-03-02"),
    ("next spring", "'next spring' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"),
])
def test_other_dates_that_are_not_dates(write, written, message):
    path = write(MINIMAL.replace("date: 2026-03-02", f"date: {written}"))
    result = run("check", path)
    assert result.exit_code == 2
    assert one_problem(result, path) == f"7:9: deal.date: {message}"


def test_a_tab_before_a_list_item(write):
    path = write(MINIMAL.replace("  - id: council", "\t- {id: college, name: x, short_name: y, role: college}\n"
                                 "  - id: council"))
    result = run("check", path)
    assert result.exit_code == 2
    assert one_problem(result, path) == (
        "14:1: YAML syntax error: a tab character here; YAML indents with spaces only: "
        "replace the tab with spaces, lined up with the lines above"
    )


def test_an_unclosed_brace_is_reported_where_it_opens(write):
    path = write(MINIMAL.replace("terms: {amount: £10m, facility: a factory}",
                                 "terms: {amount: £10m, facility: a factory"))
    result = run("check", path)
    assert result.exit_code == 2
    assert one_problem(result, path) == (
        "23:12: YAML syntax error: this `{` is never closed; add `}` at the end of what it holds "
        "(on this line), or quote a value that contains `{`"
    )


def test_a_second_colon_in_a_value(write):
    path = write(MINIMAL.replace("title: Small Cluster Deal", "title: Deal: the Small Cluster"))
    result = run("check", path)
    assert result.exit_code == 2
    assert "a second `: ` on one line; if it is part of the value, quote the value" in one_problem(result, path)


def test_a_standards_file_given_to_check():
    result = run("check", STANDARDS)
    assert result.exit_code == 2
    assert one_problem(result, STANDARDS) == (
        "6:1: this is a standards file (it starts with `dealdocs-standards:`), not a deal file; check a deal "
        f"against it with `dealdocs check DEAL --standards {STANDARDS}`, or adopt it in the deal with "
        "`extends:` under `deal:`"
    )
    assert "did you mean 'name'" not in result.stderr


def test_an_unknown_key_is_matched_against_the_keys_of_its_own_mapping(write):
    typo = run("check", write(MINIMAL.replace("  term_years: 10", "  term_year: 10"), "typo.yaml"))
    assert typo.exit_code == 2
    assert "unknown key 'term_year'; did you mean 'term_years'?" in typo.stderr
    path = write(MINIMAL.replace("  sector: clean-energy", "  sector: clean-energy\n  name: x"), "name.yaml")
    result = run("check", path)
    message = one_problem(result, path)
    assert "did you mean 'name'" not in message  # `name` is a party's key, not the deal's
    assert message.startswith("7:3: deal.name: unknown key 'name'; the keys allowed here are background, ")
    assert message.endswith("remove it, or write it as 'x-name' to keep it as a note dealdocs ignores")


def test_an_output_folder_that_is_a_file_is_a_usage_error(write, tmp_path):
    deal = write(MINIMAL)
    taken = tmp_path / "report.md"
    taken.write_text("keep me")
    result = run("build", deal, "-o", taken, "--format", "md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"-o {taken}: is a file, not a folder; name a folder for the output (dealdocs makes it if it does not exist)"
    )
    assert taken.read_text() == "keep me"
    under = run("build", deal, "-o", taken / "sub", "--format", "md")
    assert under.exit_code == 2
    assert f"{taken} is a file, so no folder can be made inside it" in under.stderr
    assert run("batch", tmp_path, "-o", taken).exit_code == 2
    register = run("register", deal, "-o", taken / "register.csv")
    assert register.exit_code == 2 and "is a file" in register.stderr


def test_debug_is_accepted_after_the_command(write, monkeypatch):
    import dealdocs.api

    path = write(MINIMAL)
    assert run("check", path, "--debug").exit_code == 0
    assert run("--debug", "check", path).exit_code == 0

    def boom(*_args, **_kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(dealdocs.api, "check", boom)
    quiet = CliRunner().invoke(main, ["check", str(path)])
    assert quiet.exit_code == 3 and "internal error: RuntimeError: kaboom" in quiet.stderr
    loud = CliRunner().invoke(main, ["check", "--debug", str(path)])
    assert isinstance(loud.exception, RuntimeError)  # the traceback is shown, as asked
    assert isinstance(CliRunner().invoke(main, ["clauses", "list", "--debug"]).exception, type(None))


def test_a_fraction_meant_as_a_percentage_is_a_warning(write):
    path = write(MINIMAL.replace("{years: 10, percent: 50}", "{years: 10, percent: 0.5}"))
    result = run("check", path)
    assert result.exit_code == 0  # a warning: the figure may be meant
    assert (f"{path}:36:71: DD132 warning: terms.schedule[1].percent of 'claw' is 0.5, which reads as "
            "0.5 per cent; if you meant 50%, write `percent: 50%`; if you do mean 0.5 per cent, write "
            "`percent: 0.5%`") in result.output
    assert run("check", path, "--strict").exit_code == 1
