"""`dealdocs new`: every answer checked as it is given, blanks instead of fake data."""

from __future__ import annotations

import re
from datetime import date

import pytest
from click.testing import CliRunner

import dealdocs.cli.start
from dealdocs.cli import main
from dealdocs.loader import load


def run(*args, **kwargs):
    result = CliRunner().invoke(main, ["new", *map(str, args)], **kwargs)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def terminal(monkeypatch):
    """`new` as a person at a terminal sees it: it asks."""
    monkeypatch.setattr(dealdocs.cli.start, "interactive", lambda: True)


def test_an_id_that_is_not_a_slug_is_refused_with_the_slug_to_use(tmp_path):
    result = run(tmp_path / "x.yaml", "--id", "Humber Fuels!")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "dealdocs new: --id: 'Humber Fuels!' is not a valid deal id: use lower-case letters, digits and hyphens "
        "(at most 64), starting with a letter or digit, e.g. 'humber-fuels'"
    )
    assert not list(tmp_path.iterdir())


def test_an_unknown_sector_is_kept_with_a_warning_and_a_suggestion(tmp_path):
    target = tmp_path / "deal.yaml"
    result = run(target, "--sector", "clean energy")
    assert result.exit_code == 0
    assert ("dealdocs new: warning: 'clean energy' is not one of the Industrial Strategy sector keys; did you mean "
            "'clean-energy'?") in result.stderr
    assert load(target).deal.deal.sector == "clean energy"


def test_the_date_is_an_option_checked_as_a_date(tmp_path):
    target = tmp_path / "deal.yaml"
    assert run(target, "--date", "2026-05-01").exit_code == 0
    deal = load(target).deal.deal
    assert deal.date == date(2026, 5, 1) and deal.lapse_date == date(2027, 2, 1)
    bad = run(tmp_path / "other.yaml", "--date", "2026-02-30")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("dealdocs new: --date: '2026-02-30' is not a date: February 2026 has 28 days; "
                                  "give a day that exists, e.g. 2026-02-28")


def test_an_existing_target_is_refused_before_any_question(tmp_path, terminal):
    target = tmp_path / "deal.yaml"
    target.write_text("keep me")
    result = run(target, input="")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{target}: already exists; use --force to overwrite it, or name another file"
    assert "Deal title" not in result.output
    assert target.read_text() == "keep me"


def test_on_a_terminal_each_answer_is_checked_and_asked_again(tmp_path, terminal, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "humber.yaml").write_text("an earlier deal")
    answers = [
        "Humber Fuels Cluster Deal",  # title
        "Humber Fuels!",  # id: not a slug
        "humber",  # id: humber.yaml exists
        "humber-fuels",
        "Humber",  # zone
        "clean energy",  # sector: queried once ...
        "clean-energy",
        "2026-02-30",  # date: no such day
        "",  # date: today, the default shown
        "",  # investor: left blank
        "Hull City Council",
    ]
    result = run(input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Error: 'Humber Fuels!' is not a valid deal id" in out and "e.g. 'humber-fuels'" in out
    assert "Error: humber.yaml already exists; choose another id" in out
    assert ("Error: 'clean energy' is not one of the Industrial Strategy sector keys; "
            "did you mean 'clean-energy'?") in out
    assert "Error: '2026-02-30' is not a date: February 2026 has 28 days" in out
    assert f"Date of this draft (YYYY-MM-DD) [{date.today().isoformat()}]" in out
    assert (tmp_path / "humber.yaml").read_text() == "an earlier deal"
    deal = load(tmp_path / "humber-fuels.yaml").deal
    assert (deal.deal.sector, deal.deal.date) == ("clean-energy", date.today())
    assert [p.name for p in deal.parties][0::2] == ["[●]", "Hull City Council", "[●]"]


def test_a_sector_of_ones_own_is_kept_when_typed_again(tmp_path, terminal):
    target = tmp_path / "deal.yaml"
    result = run(target, "--title", "T", "--id", "t", "--zone", "Z", "--date", "2026-01-05", "--investor", "I Ltd",
                 "--authority", "A", input="steel\nsteel\n")
    assert result.exit_code == 0, result.output
    assert load(target).deal.deal.sector == "steel"


def test_blanks_not_fake_data_and_check_lists_them(tmp_path):
    target = tmp_path / "deal.yaml"
    assert run(target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "00000000" not in text and "Anchor Investor Limited" not in text
    investor = load(target).deal.party("investor")
    assert (investor.name, investor.company_number) == ("[●]", "[●]")
    checked = CliRunner().invoke(main, ["check", str(target)])
    assert checked.exit_code == 0
    blanks = re.findall(r":(\d+):\d+: DD134 warning: (\S+) is still the blank \[●\]", checked.stdout)
    assert [field for _line, field in blanks] == [
        "parties[0].name", "parties[0].company_number", "parties[2].name", "parties[3].name", "parties[4].name",
    ]
    assert CliRunner().invoke(main, ["check", "--strict", str(target)]).exit_code == 1


def test_the_starter_shows_an_open_term_in_comments_that_loads_when_uncommented(tmp_path):
    target = tmp_path / "deal.yaml"
    assert run(target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    example = re.search(r"\n((?:  # .*\n)+)- id: plan\n", text)[1]
    assert "status: open" in example and "positions:" in example and "notes:" in example
    commented = example[example.index("  # status:"):]
    live = text.replace(commented, "".join(line.replace("  # ", "  ", 1) + "\n" for line in commented.splitlines()))
    live = live.replace("terms:\n    amount: £20m\n    purpose:", "terms:\n    purpose:")
    (tmp_path / "open.yaml").write_text(live, encoding="utf-8")
    grant = load(tmp_path / "open.yaml").deal.commitment("grant")
    assert grant.status.value == "open"
    assert [(p.party, str(p.terms["amount"])) for p in grant.positions] == [("investor", "£25m"), ("dbt", "£20m")]
    assert [n.by for n in grant.notes] == ["dbt"]


def test_a_target_under_a_file_is_refused_before_any_question(tmp_path, terminal):
    (tmp_path / "afile").write_text("x")
    result = run(tmp_path / "afile" / "deal.yaml", input="")
    assert result.exit_code == 2
    assert "is a file" in result.stderr and "Deal title" not in result.output
