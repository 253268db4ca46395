"""The loader: every structural problem reported with its own line and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dealdocs.errors import InputError
from dealdocs.loader import load
from tests.conftest import EXAMPLES, MINIMAL


def problems(path) -> list[tuple[int, int, str]]:
    with pytest.raises(InputError) as caught:
        load(path)
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_minimal_deal_loads(write):
    deal = load(write(MINIMAL)).deal
    assert deal.deal.id == "small-deal"
    assert deal.commitments[0].to == ["council"]
    assert deal.commitments[0].amount == Decimal(10_000_000)
    assert deal.deal.end_date.isoformat() == "2036-03-01"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_loads(path):
    loaded = load(path)
    assert len(loaded.deal.parties) >= 5
    assert len(loaded.deal.commitments) >= 8
    assert all(c.to and c.remedy for c in loaded.deal.commitments)


def test_four_kinds_of_error_are_all_reported_each_at_its_place(write):
    path = write(
        MINIMAL.replace("date: 2026-03-02", "date: 2026-02-30")
        .replace("term_years: 10", "term_years: ten")
        .replace("  sector: clean-energy", "  sector: clean-energy\n  colour: blue")
        .replace("role: combined-authority", "role: council")
    )
    found = problems(path)
    assert [(line, col) for line, col, _ in found] == [(7, 3), (8, 9), (9, 15), (18, 11)]
    messages = [m for _, _, m in found]
    assert "deal.colour: unknown key 'colour'" in messages[0]
    assert "deal.date: '2026-02-30' is not a date" in messages[1]
    assert "deal.term_years: 'ten' is not a whole number" in messages[2]
    assert "parties[1].role: 'council' is not one of" in messages[3]


def test_unknown_key_suggests_the_likely_one(write):
    path = write(MINIMAL.replace("  term_years: 10", "  term_years: 10\n  statuss: draft"))
    assert "did you mean 'status'?" in problems(path)[0][2]


def test_x_keys_are_kept_and_ignored(write):
    path = write(MINIMAL.replace("  term_years: 10", "  term_years: 10\n  x-owner: legal team"))
    assert load(path).deal.deal.extensions == {"x-owner": "legal team"}


def test_missing_counterparty_and_remedy_are_not_structural(write):
    text = MINIMAL.replace("    to: council\n", "").replace("    remedy: claw\n", "")
    commitment = load(write(text)).deal.commitments[0]
    assert commitment.to == [] and commitment.remedy == []


def test_missing_required_key_points_at_its_mapping(write):
    found = problems(write(MINIMAL.replace("  zone: Tees Valley\n", "")))
    assert found == [(3, 3, "deal: missing required key 'zone'")]


def test_company_number_with_leading_zero_stays_text(write):
    text = MINIMAL.replace("    role: investor", "    role: investor\n    company_number: 01234567")
    assert load(write(text)).deal.parties[0].company_number == "01234567"


def test_bad_money_is_located(write):
    found = problems(write(MINIMAL.replace("    amount: £10m", "    amount: lots")))
    assert found[0][:2] == (24, 13)
    assert "not an amount of money" in found[0][2]


def test_format_version_is_required(write):
    found = problems(write(MINIMAL.replace("dealdocs: 1", "dealdocs: 2")))
    assert "format 2" in found[0][2]
    found = problems(write(MINIMAL.replace("dealdocs: 1\n", "")))
    assert "missing required key 'dealdocs'" in found[0][2]


def test_yaml_syntax_error_names_the_line(write):
    found = problems(write(MINIMAL.replace("  title: Small Cluster Deal", "  title: [unclosed")))
    assert found[0][0] in (4, 5)
    assert found[0][2].startswith("YAML syntax error")


def test_duplicate_keys_are_refused(write):
    found = problems(write(MINIMAL.replace("  term_years: 10", "  term_years: 10\n  term_years: 12")))
    assert found == [(9, 3, "duplicate key 'term_years' (first at line 8)")]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "the file is empty"),
        ("# just a comment\n", "the file is empty"),
        ("- a\n- b\n", "the top level is a list"),
        ("just words\n", "the top level is a str"),
    ],
)
def test_files_that_are_not_deals(write, text, message):
    assert message in problems(write(text))[0][2]


def test_missing_file_and_directory(tmp_path):
    assert problems(tmp_path / "nope.yaml") == [(0, 0, "no such file")]
    assert problems(tmp_path) == [(0, 0, "is a directory, not a deal file")]


def test_not_utf8(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_bytes(b"dealdocs: 1\ndeal:\n  title: caf\xe9\n")
    assert problems(path) == [(3, 13, "is not UTF-8 text; save it as UTF-8")]


def test_billion_laughs_is_refused_at_once(write):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    found = problems(write("\n".join(lines) + "\n"))
    assert "too many values" in found[0][2]


def test_unsafe_tags_are_refused(write):
    found = problems(write("dealdocs: !!python/object/apply:os.system ['echo hi']\n"))
    assert "unsupported YAML tag" in found[0][2]


def test_json_deal_loads_with_places(write):
    import json

    import yaml

    data = yaml.safe_load(MINIMAL)
    data["deal"]["date"] = "2026-03-02"
    data["deal"]["term_years"] = "ten"
    path = write(json.dumps(data, indent=2), name="deal.json")
    found = problems(path)
    assert len(found) == 1 and found[0][0] == 9 and "'ten' is not a whole number" in found[0][2]


def test_json_syntax_error(write):
    found = problems(write('{"dealdocs": 1,\n  "deal": }', name="deal.json"))
    assert found[0][:2] == (2, 11) and "JSON syntax error" in found[0][2]
