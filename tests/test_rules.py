"""Every cross-check against its cases in `tests/rules/DDnnn.yaml` (rule tests as data).

A case file holds one rule's cases:

    code: DD101
    cases:
      - name: a commitment with no `to`
        expect:
          - {code: DD101, line: 13, column: 5, message: no counterparty}   # message: optional substring
        deal: |
          dealdocs: 1
          ...

Each case's `deal` is written out verbatim, so `line` and `column` count from the first
line of that block. Only findings of the file's own code are compared; `expect: []`
means the rule must stay silent on that deal.

A case for a standards rule (DD2xx) may add a `standards: |` block: it is written next to
the deal as `standards.yaml`, which the deal adopts with `extends: standards.yaml`, and
the deal is then checked as `dealdocs check` does (`api.check`: standards resolved,
defaults merged). Without that block a case runs exactly as the others do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from dealdocs import api, checks
from dealdocs.findings import Finding, Severity
from dealdocs.loader import load
from dealdocs.report import format_findings

CASES = Path(__file__).parent / "rules"


def _case_files() -> list[Path]:
    return sorted(CASES.glob("DD*.yaml"))


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _params():
    for path in _case_files():
        doc = _read(path)
        for case in doc["cases"]:
            slug = re.sub(r"[^a-z0-9]+", "-", case["name"].lower()).strip("-")
            yield pytest.param(doc["code"], case, id=f"{doc['code']}-{slug}")


@pytest.mark.parametrize(("code", "case"), list(_params()))
def test_rule(code: str, case: dict, tmp_path: Path) -> None:
    path = tmp_path / "deal.yaml"
    path.write_text(case["deal"], encoding="utf-8")
    if "standards" in case:
        (tmp_path / "standards.yaml").write_text(case["standards"], encoding="utf-8")
        found = api.check(path).findings
    else:
        found = checks.run(load(path))
    findings = [f for f in found if f.code == code]
    got = sorted((f.code, f.line, f.column) for f in findings)
    want = sorted((e["code"], e["line"], e["column"]) for e in case.get("expect") or [])
    assert got == want, "\n".join(str(f) for f in findings) or "no findings"
    for expected in case.get("expect") or []:
        if "message" in expected:
            at = [f.message for f in findings if (f.line, f.column) == (expected["line"], expected["column"])]
            assert any(expected["message"] in m for m in at), at


# --- meta: the rules and their cases agree --------------------------------------------


@pytest.mark.parametrize("code", list(checks.RULES))
def test_rule_is_documented(code: str) -> None:
    rule = checks.RULES[code]
    assert rule.CODE == code
    assert rule.__name__.rsplit(".", 1)[-1].startswith(f"dd{code[2:]}_")
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.NAME)
    assert isinstance(rule.SEVERITY, Severity)
    doc = rule.__doc__ or ""
    assert doc.strip().splitlines()[0].endswith("."), "the first line is a one-sentence summary"
    assert "Why it matters" in doc
    for label in ("Failing example:", "Passing example:"):
        example = _example(doc, label)
        assert example, f"{code} has no {label!r} followed by an indented YAML block"
        assert isinstance(yaml.safe_load(example), dict), f"{code}: the {label} is not a YAML mapping"


def _example(doc: str, label: str) -> str:
    after = doc.split(label, 1)[1] if label in doc else ""
    lines = []
    for line in after.splitlines()[1:]:
        if line.strip() and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).strip()


def test_names_are_unique() -> None:
    names = [rule.NAME for rule in checks.RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("code", list(checks.RULES))
def test_rule_has_cases(code: str) -> None:
    path = CASES / f"{code}.yaml"
    assert path.is_file(), f"no case file {path.name}"
    doc = _read(path)
    assert doc["code"] == code
    cases = doc["cases"]
    assert any(c.get("expect") for c in cases), "needs a failing case"
    assert any(not c.get("expect") for c in cases), "needs a passing case"
    for case in cases:
        assert set(case) <= {"name", "deal", "expect", "standards"}, case.get("name")
        assert isinstance(case["deal"], str), "write the deal as a block scalar (deal: |) so lines are exact"
        if "standards" in case:
            assert isinstance(case["standards"], str), "write the standards as a block scalar (standards: |)"
            assert "extends: standards.yaml" in case["deal"], "a case with standards adopts them with extends"
        assert all(e["code"] == code for e in case.get("expect") or []), "a case file checks only its own code"


def test_every_case_file_is_a_rule() -> None:
    for path in _case_files():
        assert path.stem in checks.RULES, f"{path.name}: no such rule"
        assert _read(path)["code"] == path.stem


# --- the runner and the report formats ------------------------------------------------


def _first_failing_deal(code: str, tmp_path: Path) -> Path:
    case = next(c for c in _read(CASES / f"{code}.yaml")["cases"] if c.get("expect"))
    path = tmp_path / f"{code}.yaml"
    path.write_text(case["deal"], encoding="utf-8")
    return path


def test_run_sorts_and_lets_severities_be_overridden(tmp_path: Path) -> None:
    loaded = load(_first_failing_deal("DD106", tmp_path))
    findings = checks.run(loaded)
    assert findings == sorted(findings, key=lambda f: (f.file, f.line, f.column, f.code, f.message))
    assert {f.severity for f in findings if f.code == "DD106"} == {Severity.WARNING}
    louder = checks.run(loaded, severities={"DD106": "error"})
    assert {f.severity for f in louder if f.code == "DD106"} == {Severity.ERROR}
    assert not [f for f in checks.run(loaded, severities={"DD106": None}) if f.code == "DD106"]


def _findings() -> list[Finding]:
    return [
        Finding("DD111", Severity.WARNING, "remedy 'x' is not used", "b.yaml", 3, 5),
        Finding("DD101", Severity.ERROR, "commitment 'y' has no counterparty", "b.yaml", 2, 5),
        Finding("DD117", Severity.INFO, "public support over £25m", "a.yaml", 9, 5),
    ]


def test_text_groups_by_file_in_the_order_given() -> None:
    text = format_findings(_findings(), "text", files=["b.yaml", "a.yaml", "c.yaml"])
    assert text.splitlines() == [
        "b.yaml:2:5: DD101 error: commitment 'y' has no counterparty",
        "b.yaml:3:5: DD111 warning: remedy 'x' is not used",
        "a.yaml:9:5: DD117 info: public support over £25m",
        "1 error, 1 warning, 1 info in 3 files",
    ]
    assert format_findings([], "text", files=["a.yaml"]) == "0 errors, 0 warnings, 0 info in 1 file\n"


def test_json_has_exactly_the_documented_keys() -> None:
    data = json.loads(format_findings(_findings(), "json", files=["a.yaml", "b.yaml"]))
    assert [d["code"] for d in data] == ["DD117", "DD101", "DD111"]
    assert all(set(d) == {"code", "severity", "message", "file", "line", "column"} for d in data)


def test_sarif_describes_every_rule_and_locates_every_result() -> None:
    log = json.loads(format_findings(_findings(), "sarif", files=["a.yaml", "b.yaml"]))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dealdocs" and driver["version"]
    assert [r["id"] for r in driver["rules"]] == [*checks.RULES, "DD000"]  # DD000: a file that cannot be read
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"DD117": "note", "DD101": "error", "DD111": "warning"}
    first = run["results"][0]
    assert driver["rules"][first["ruleIndex"]]["id"] == first["ruleId"]
    place = first["locations"][0]["physicalLocation"]
    assert place == {"artifactLocation": {"uri": "a.yaml"}, "region": {"startLine": 9, "startColumn": 5}}
