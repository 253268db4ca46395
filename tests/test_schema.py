"""`dealdocs schema` accepts what `dealdocs check` accepts, checked by an outside reader.

check-jsonschema (PyPI) validates every valid deal we have against the schema: the
examples, the deals under tests/, the starter `dealdocs new` writes, the README's deal
and every rule-case deal that loads. And a set of deals the loader refuses (exit 2) is
refused by the schema too.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dealdocs.cli import main
from dealdocs.errors import InputError
from dealdocs.loader import load
from dealdocs.schema import DOCS, json_schema
from tests.conftest import EXAMPLES, MINIMAL, ROOT


def _validate(schema: Path, files: list[Path]) -> dict[str, list[str]]:
    """check-jsonschema's verdict: file name -> its errors (no entry when valid)."""
    process = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), "-o", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(process.stdout)
    assert not report.get("parse_errors"), report["parse_errors"]
    errors: dict[str, list[str]] = {}
    for error in report["errors"]:
        errors.setdefault(error["filename"], []).append(f"{error['path']}: {error['message']}")
    assert (process.returncode == 0) == (not errors), process.stderr
    return errors


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "dealdocs.schema.json"
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    path.write_text(result.output, encoding="utf-8")
    return path


def _readme_deal() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    return next(b for b in blocks if b.lstrip().startswith("# yaml-language-server") or "dealdocs: 1" in b)


def _valid_deals(folder: Path) -> list[Path]:
    """Every deal we have that `dealdocs check` reads without an input error."""
    files = [*EXAMPLES, *sorted((ROOT / "tests" / "deals").glob("*.yaml"))]
    files += [p for p in sorted((ROOT / "examples" / "standards").glob("*.yaml"))
              if "dealdocs-standards" not in yaml.safe_load(p.read_text(encoding="utf-8"))]
    (folder / "readme.yaml").write_text(_readme_deal(), encoding="utf-8")
    files.append(folder / "readme.yaml")
    starter = folder / "starter.yaml"
    assert CliRunner().invoke(main, ["new", str(starter)]).exit_code == 0
    files.append(starter)
    (folder / "minimal.json").write_text(json.dumps(yaml.safe_load(MINIMAL), default=str), encoding="utf-8")
    files.append(folder / "minimal.json")
    for case_file in sorted((ROOT / "tests" / "rules").glob("DD*.yaml")):
        for n, case in enumerate(yaml.safe_load(case_file.read_text(encoding="utf-8"))["cases"]):
            path = folder / f"{case_file.stem}-{n}.yaml"
            path.write_text(case["deal"], encoding="utf-8")
            files.append(path)
    loadable = []
    for path in files:
        try:
            load(path)
        except InputError:
            continue
        loadable.append(path)
    return loadable


def test_every_valid_deal_we_have_passes_check_jsonschema(schema_file, tmp_path):
    deals = _valid_deals(tmp_path)
    names = {p.name for p in deals}
    assert {"readme.yaml", "starter.yaml", "minimal.json"} <= names and {p.name for p in EXAMPLES} <= names
    assert len(deals) > 60
    assert _validate(schema_file, deals) == {}


# Deals the loader refuses (exit 2), each with the schema path that must refuse it too.
REFUSED = {
    "a role that is not a role key": (MINIMAL.replace("role: investor", "role: council"), "$.parties[0].role"),
    "an unknown key": (MINIMAL.replace("  sector: clean-energy", "  sector: clean-energy\n  colour: blue"),
                       "$.deal"),
    "a counterparty that is a number": (MINIMAL.replace("    to: council\n", "    to: 5\n", 1),
                                        "$.commitments[0].to"),
    "a remedy id that is not a slug": (MINIMAL.replace("remedy: claw\n", "remedy: [Claw Back]\n"),
                                       "$.commitments[0].remedy"),
    "format version 2": (MINIMAL.replace("dealdocs: 1", "dealdocs: 2"), "$.dealdocs"),
    "money with an unknown unit": (MINIMAL.replace("    amount: £10m\n", "    amount: £10 trillion\n"),
                                   "$.commitments[0].amount"),
    "a company number of 3 digits": (MINIMAL.replace("    role: investor\n", "    role: investor\n"
                                                     "    company_number: \"123\"\n"), "$.parties[0].company_number"),
    "no parties": (MINIMAL[: MINIMAL.index("parties:")] + MINIMAL[MINIMAL.index("commitments:"):], "$"),
}


def test_deals_the_loader_refuses_are_refused_by_the_schema(schema_file, tmp_path):
    files = {}
    for n, (name, (text, _path)) in enumerate(REFUSED.items()):
        path = tmp_path / f"refused-{n}.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError):
            load(path)
        files[str(path)] = name
    errors = _validate(schema_file, [Path(p) for p in files])
    for n, (name, (_text, where)) in enumerate(REFUSED.items()):
        found = errors.get(str(tmp_path / f"refused-{n}.yaml"), [])
        assert any(e.startswith(where) for e in found), (name, found)


def test_to_and_remedy_take_one_id_a_list_or_nothing(schema_file, tmp_path):
    shapes = {"one": "to: council", "list": "to: [council]", "null": "to:", "empty": "to: []"}
    files = []
    for name, shape in shapes.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(MINIMAL.replace("to: council", shape, 1).replace("remedy: claw", "remedy: [claw]"),
                        encoding="utf-8")
        load(path)  # structure is fine; a missing `to` is DD101's to report, not the format's
        files.append(path)
    assert _validate(schema_file, files) == {}


def test_every_key_of_the_deal_file_has_a_description_and_examples_for_hover():
    schema = json_schema()
    defs = schema["$defs"]
    for (where, key), (description, examples) in DOCS.items():
        prop = (schema if where == "Deal" else defs[where])["properties"][key]
        assert prop["description"] == description
        if examples:
            assert prop["examples"] == examples
    for name in ("Party", "Commitment", "Remedy", "DealInfo", "Tranche"):
        described = {key for (where, key) in DOCS if where == name}
        spec_keys = {"Party": {"id", "name", "short_name", "role", "company_number", "address", "signatory"},
                     "Commitment": {"id", "by", "to", "clause", "terms", "text", "due", "amount", "tranches",
                                    "remedy"},
                     "Remedy": {"id", "clause", "terms"},
                     "DealInfo": {"id", "title", "zone", "sector", "date", "term_years", "status",
                                  "governing_law", "currency", "background", "exclusivity_until", "extends",
                                  "lapse_date", "target_date", "round", "sensitive_sector"},
                     "Tranche": {"amount", "condition", "milestone"}}[name]
        assert spec_keys <= described, spec_keys - described
    assert schema["properties"]["dealdocs"]["const"] == 1
    assert schema["$defs"]["Party"]["patternProperties"] == {"^x-": {}}
