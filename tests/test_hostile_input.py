"""Hostile input (issue 15): bounded work, located input errors, safe house styles and
outputs. Each case is a small file beside tests/hostile/ or made by tests/hostile/make.py."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from dealdocs import api
from dealdocs.cli import main
from dealdocs.errors import InputError
from dealdocs.register import escape_text, spreadsheet_safe
from dealdocs.render.markdown import escape as md_escape
from tests.hostile import make


def problems(call) -> list[str]:
    with pytest.raises(InputError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


# --- class 1: bounded work ----------------------------------------------------------


def test_a_large_string_aliased_many_times_is_refused_at_its_alias(tmp_path):
    path = make.alias_bomb(tmp_path)
    found = problems(lambda: api.check(path))
    assert len(found) == 1 and re.search(r"deal\.yaml:\d+:5: aliases here expand the file", found[0])


def test_a_few_short_aliases_still_load(tmp_path):
    path = make.alias_bomb(tmp_path, size=100, aliases=3)
    assert api.check(path).loaded.deal.conditions[-1] == "a" * 100


def test_clause_front_matter_with_nested_aliases_is_refused(tmp_path):
    path = make.deal(tmp_path, "front-matter-aliases")
    found = problems(lambda: api.check(path))
    assert found and "x-hostile.j2:" in found[0] and "too many values" in found[0]


SANDBOX = {
    "nested-range": "more than 250,000 steps",
    "huge-power": "power too large",
    "huge-repeat": "repeats a value",
    "recursive-macro": "calls itself",
    "doubling-macro": "calls itself",
    "doubling-text": "joined text of over",
    "padding": "width of",
    "big-integer": "power too large",
}


@pytest.mark.parametrize("case", sorted(SANDBOX))
def test_a_clause_template_that_computes_without_limit_is_stopped_at_its_line(tmp_path, case):
    path = make.deal(tmp_path, case)
    found = problems(lambda: api.build(path, tmp_path / "out", formats=["md"], force=True))
    assert len(found) == 1 and SANDBOX[case] in found[0]
    assert re.match(rf".*clauses/{case}/x-hostile\.j2:7:1: clause 'x-hostile': ", found[0])
    assert not (tmp_path / "out").exists()


def test_an_honest_clause_folder_builds(tmp_path):
    written = api.build(make.deal(tmp_path, "honest"), tmp_path / "out", formats=["md"])
    assert "will build a factory" in written[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_deal_clause_or_standards_file_that_is_not_a_regular_file_is_refused_unread(tmp_path, kind):
    def special(path: Path) -> Path:
        if kind == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
        return path

    deal = special(tmp_path / "deal.yaml")
    assert problems(lambda: api.check(deal)) == [f"{deal}: is {'a named pipe (FIFO)' if kind == 'fifo' else 'a character device'}, not a deal file; only regular files are read: replace it with the file itself"]
    clauses = tmp_path / "clauses"
    clauses.mkdir()
    special(clauses / "x-hostile.j2")
    good = make.deal(tmp_path, "honest", name="good.yaml", **{str(make.HERE / "clauses/honest"): str(clauses)})
    assert "not a clause file" in problems(lambda: api.check(good))[0]
    standards = special(tmp_path / "standards.yaml")
    extends = make.deal(tmp_path, name="extends.yaml", **{"lapse_date": f"extends: {standards}\n  lapse_date"})
    assert "is not a regular file" in " ".join(problems(lambda: api.check(extends)))


def test_a_deal_too_large_to_lay_out_as_pdf_is_refused_before_rendering(tmp_path):
    path = make.deal(tmp_path, **{"text: build a factory": "text: build a factory " + "and more " * 20_000})
    found = problems(lambda: api.build(path, tmp_path / "out", formats=["pdf"], force=True))
    assert "too large to lay out as PDF" in found[0] and "--format docx,html,md" in found[0]
    assert not (tmp_path / "out").exists()


# --- class 3: input errors, never "this is a bug" ------------------------------------


@pytest.mark.parametrize(("value", "said"), [
    ('"Tees\\0Valley"', "U+0000 (NUL)"),
    ('"Tees\\eValley"', "U+001B (ESC)"),
    ('"Tees\\vValley"', "U+000B (VT)"),
    ('"Tees\\x01Valley"', "U+0001"),
    ('"Tees \\u202eyellaV"', "bidirectional override U+202E"),
])
def test_control_characters_bidi_overrides_and_surrogates_are_located_input_errors(tmp_path, value, said):
    path = make.deal(tmp_path, **{"zone: Tees Valley": f"zone: {value}"})
    found = problems(lambda: api.check(path))
    assert len(found) == 1 and found[0].startswith(f"{path}:5:9: contains ") and said in found[0]


@pytest.mark.parametrize(("text", "said"), [(r"A\u001bB", "U+001B (ESC)"), (r"A\ud800", "lone surrogate U+D800")])
def test_the_same_characters_in_json_are_located_too(tmp_path, text, said):
    path = tmp_path / "deal.json"
    path.write_text('{"dealdocs": 1, "deal": {"id": "x", "title": "' + text + '"}}', encoding="utf-8")
    found = problems(lambda: api.check(path))
    assert any(said in p and re.match(rf"{re.escape(str(path))}:1:\d+:", p) for p in found)


def test_a_half_surrogate_escape_in_yaml_is_said_as_such(tmp_path):
    path = make.deal(tmp_path, **{"zone: Tees Valley": 'zone: "Tees \\ud800"'})
    assert "not half of a surrogate pair" in problems(lambda: api.check(path))[0]


@pytest.mark.parametrize("number", ["9" * 4301, "0x" + "f" * 4000, "9" * 101])
def test_a_number_too_long_for_any_deal_is_a_located_input_error(tmp_path, number):
    path = make.deal(tmp_path, **{"term_years: 10": f"term_years: {number}"})
    found = problems(lambda: api.check(path))
    assert found == [f"{path}:8:15: a number with more than 100 digits; no figure in a deal needs that many: check "
                     "the value (write money as £1bn or 1000000000)"]


def test_a_long_integer_in_json_is_an_input_error(tmp_path):
    path = tmp_path / "deal.json"
    path.write_text('{"dealdocs": 1, "deal": {"term_years": ' + "9" * 4400 + "}}", encoding="utf-8")
    assert "more than 100 digits" in problems(lambda: api.check(path))[0]


def test_a_control_character_in_a_clause_file_is_located(tmp_path):
    path = make.deal(tmp_path, "control-character")
    found = problems(lambda: api.check(path))
    assert re.match(r".*control-character/x-hostile\.j2:7:35: this line contains a control character U\+001B", found[0])


# --- classes 3 and 4: house styles ---------------------------------------------------

REFUSED_STYLES = {
    "not-a-zip": "not a Word document", "empty": "not a Word document", "sparse-2gb": "over the 32 MiB",
    "fifo": "a named pipe (FIFO)", "dev-zero": "a character device", "zip-bomb": "64 MiB unpacked",
    "missing-parts": "has no styles part", "no-content-types": "no [Content_Types].xml",
    "broken-styles": "word/styles.xml is not well-formed XML", "bad-numbering-ids": "'x1' that is not a whole number",
    "billion-laughs": "billion laughs", "dotdot-member": "'../../evil.txt', outside the package",
}


@pytest.mark.parametrize("kind", sorted(REFUSED_STYLES))
def test_a_house_style_that_cannot_be_one_is_a_located_input_error(tmp_path, kind):
    style = make.hostile_style(kind, tmp_path / "styles")
    found = problems(lambda: api.build(make.deal(tmp_path), tmp_path / "out", formats=["docx"], style=style))
    assert len(found) == 1 and found[0].startswith(f"{style}: ") and REFUSED_STYLES[kind] in found[0]
    assert not (tmp_path / "out").exists()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_a_house_style_is_cleaned_of_what_reaches_outside_and_says_so(tmp_path):
    style = make.hostile_style("external-refs", tmp_path / "styles")
    said: list[str] = []
    written = api.build(make.deal(tmp_path), tmp_path / "out", formats=["docx"], style=style, notice=said.append)
    assert said == [f"--style {style}: not taken from the house style: external links or an attached template (2); "
                    "fields that reach outside the document (2); macros"]
    parts = _parts(written[0])
    everything = b"".join(parts.values())
    for leak in (b"passwd", b"INCLUDE", b"attachedTemplate", b"example.invalid", b"root:x", b"vbaProject"):
        assert leak not in everything
    assert not [n for n in parts if "vba" in n.lower()]
    header = docx.Document(io.BytesIO(written[0].read_bytes())).sections[0].header
    assert header.paragraphs[0].text.startswith("ACME LLP") and "secrets" in header.paragraphs[0].text


def test_a_dtd_entity_in_a_house_style_header_gives_well_formed_output(tmp_path):
    style = make.hostile_style("dtd-entity-header", tmp_path / "styles")
    said: list[str] = []
    written = api.build(make.deal(tmp_path), tmp_path / "out", formats=["docx"], style=style, notice=said.append)
    assert said == [f"--style {style}: not taken from the house style: a DTD and its entities"]
    for name, data in _parts(written[0]).items():
        if name.endswith((".xml", ".rels")):
            assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, load_dtd=False))  # well-formed


def test_an_honest_house_style_is_taken_silently(tmp_path):
    style = make.style(tmp_path / "house.docx")
    said: list[str] = []
    written = api.build(make.deal(tmp_path), tmp_path / "out", formats=["docx"], style=style, notice=said.append)
    assert said == [] and docx.Document(written[0]).sections[0].header.paragraphs[0].text == "ACME LLP"


# --- class 4: control characters never reach an output ------------------------------


def test_outputs_show_control_characters_instead_of_passing_them_on():
    assert md_escape("a\x1bb\u202ec") == "a\\[U+001B\\]b\\[U+202E\\]c"  # brackets escaped as Markdown
    assert escape_text("a\x01b") == "a[U+0001]b"
    assert spreadsheet_safe("a\x07b") == "a[U+0007]b"


# --- class 5: minor ---------------------------------------------------------------


def test_new_refuses_an_id_that_climbs_out_of_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "--id", "../x"])
    assert result.exit_code == 2 and "is not a valid deal id" in result.output
    assert not (tmp_path.parent / "x.yaml").exists()


def test_register_writes_into_dev_stdout(tmp_path):
    deal = make.deal(tmp_path)
    done = subprocess.run([sys.executable, "-m", "dealdocs", "register", str(deal), "-o", "/dev/stdout"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("deal,deal_title,commitment")


def test_ctrl_c_exits_130(tmp_path, monkeypatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "build", interrupted)
    result = CliRunner().invoke(main, ["build", str(make.deal(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 130 and "interrupted" in result.output
