"""`dealdocs diff`: what changed between two rounds, by meaning, each change at its line.

Round 3 of the hydrogen deal settles the open grant (£100m) and clawback, moves the
plant's due date, adds a local-hiring commitment and drops the payment in lieu.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dealdocs.cli import main

DEALS = Path(__file__).parent / "deals"
OLD, NEW = DEALS / "humber-hydrogen-round-2.yaml", DEALS / "humber-hydrogen-round-3.yaml"


def _line(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _run(*args: str):
    result = CliRunner().invoke(main, ["diff", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_each_change_is_named_at_its_line_in_new_or_old():
    lines = _run(OLD, NEW).splitlines()
    assert f"{NEW}:{_line(NEW, 'due: 2030-03-31')}:10: changed commitment Investment (build-plant) due: " \
           "31 December 2029 -> 31 March 2030" in lines
    assert f"{NEW}:{_line(NEW, 'amount: £100m')}:21: changed commitment Funding (capital-grant) terms.amount: " \
           "open: £120,000,000 (Company) / £90,000,000 (Secretary of State) -> £100,000,000" in lines
    assert f"{NEW}:{_line(NEW, '- id: local-hiring')}:5: added commitment Local Employment and Skills (local-hiring)" \
        in lines
    assert f"{OLD}:{_line(OLD, '- id: payment-in-lieu')}:5: removed remedy Payment in lieu (payment-in-lieu)" in lines
    assert lines[-1] == f"11 changes from {OLD} to {NEW}: 1 added, 1 removed, 9 changed"


def test_json_lists_old_and_new_values():
    changes = json.loads(_run(OLD, NEW, "--format", "json"))
    schedule = next(c for c in changes if c["field"] == "terms.schedule")
    assert schedule["new"] == "years 5, 100 per cent; years 8, 50 per cent"
    assert schedule["old"].startswith("open: years 5, 100 per cent; years 10, 50 per cent (Secretary of State) / ")
    assert {c["kind"] for c in changes} == {"added", "removed", "changed"}


def test_markdown_is_ready_for_an_email():
    md = _run(OLD, NEW, "--format", "md")
    assert md.startswith("# Humber Green Hydrogen Partnership: changes from round 2 to round 3\n")
    assert "## Commitments" in md and "## Remedies" in md
    assert ("- **Funding (capital-grant)** — amount: open: £120,000,000 (Company) / £90,000,000 (Secretary of "
            "State) → **£100,000,000**") in md
    assert "- Removed: ~~Payment in lieu (payment-in-lieu)~~" in md
    assert "by the Company to the Council" in md


def test_the_same_figure_written_differently_is_no_change(tmp_path):
    same = tmp_path / "same.yaml"
    same.write_text(NEW.read_text(encoding="utf-8").replace("amount: £100m", "amount: '£100,000,000'")
                    .replace("share: 30%", "share: 30"), encoding="utf-8")
    assert _run(NEW, same) == f"no changes from {NEW} to {same}\n"


def test_an_unreadable_round_exits_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("dealdocs: 1\ndeal: [oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(OLD), str(broken)])
    assert result.exit_code == 2
    assert "broken.yaml:2:" in result.output


def test_a_reader_that_stops_early_is_no_bug(monkeypatch):
    # `dealdocs diff OLD NEW | head -1`: writing to a pipe whose reader has gone
    import click

    def closed(*_args, **_kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(click, "echo", closed)
    result = CliRunner().invoke(main, ["diff", str(OLD), str(NEW)])
    assert result.exit_code == 141
    assert "internal error" not in result.output
