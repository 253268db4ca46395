"""`dealdocs build` end to end: every document in every format, safely and repeatably."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from dealdocs import api
from dealdocs.cli import main
from tests.conftest import EXAMPLES, MINIMAL, tool

DOCS = ("heads-of-terms", "term-sheet")
FORMATS = ("docx", "pdf", "html", "md")

pytestmark = pytest.mark.slow  # whole builds with PDFs, LibreOffice and batches


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Every example built once, all eight outputs each: deal id -> output folder."""
    out = {}
    for path in EXAMPLES:
        folder = tmp_path_factory.mktemp(path.stem)
        api.build(path, folder)
        out[path.stem] = folder
    return out


def _outputs(folder: Path, deal_id: str) -> list[Path]:
    return [folder / f"{deal_id}-{doc}.{fmt}" for doc in DOCS for fmt in FORMATS]


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_all_eight_outputs_are_written(built, example):
    files = sorted(built[example].iterdir())
    assert files == sorted(_outputs(built[example], example))
    assert not list(built[example].glob(".*"))  # no temporary files left behind


def _pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_pdf_page_is_subject_to_contract_and_tagged(built, example):
    from dealdocs.loader import load

    draft = load(Path("examples") / f"{example}.yaml").deal.deal.status.value == "draft"
    for doc in DOCS:
        path = built[example] / f"{example}-{doc}.pdf"
        pages = _pdf_text(path)
        assert pages
        for number, text in enumerate(pages, start=1):
            assert "SUBJECT TO CONTRACT" in text, f"{path.name} page {number}"
            assert ("DRAFT" in text) == draft, f"{path.name} page {number}"
            assert f"Page {number} of {len(pages)}" in re.sub(r"\s+", " ", text)
        info = subprocess.run([tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M)


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_party_signs_and_amounts_print_in_full(built, example):
    from dealdocs.loader import load

    deal = load(Path("examples") / f"{example}.yaml").deal
    text = re.sub(r"\s+", " ", " ".join(_pdf_text(built[example] / f"{example}-heads-of-terms.pdf")))
    signatures = text[text.rindex("SIGNATURES"):] if "SIGNATURES" in text else text
    for party in deal.parties:
        assert re.sub(r"\s+", " ", party.name).upper() in signatures.upper(), party.name
    for commitment in deal.commitments:
        if commitment.amount is not None:
            assert f"£{int(commitment.amount):,}" in text
    assert not re.search(r"£\d+(\.\d+)?\s?(m|bn|k)\b", text)  # never the shorthand


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_pandoc_and_libreoffice_read_every_docx(built, example, tmp_path):
    soffice = tool("soffice")
    pandoc = tool("pandoc")
    for doc in DOCS:
        path = built[example] / f"{example}-{doc}.docx"
        text = subprocess.run([pandoc, "-t", "plain", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Provision" in text or "SIGNATURES" in text.upper()
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), *[str(built[example] / f"{example}-{doc}.docx") for doc in DOCS]],
        capture_output=True, text=True, check=True, timeout=240,
    )
    for doc in DOCS:
        converted = tmp_path / f"{example}-{doc}.pdf"
        text = subprocess.run([tool("pdftotext"), str(converted), "-"], capture_output=True, text=True).stdout
        assert "SUBJECT TO CONTRACT" in text
        assert "Reference source not found" not in text and "Error!" not in text


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_every_docx_is_valid_open_xml(built, example):
    import shutil
    import sys

    audit = shutil.which("openxml-audit", path=str(Path(sys.executable).parent)) or tool("openxml-audit")
    for doc in DOCS:
        path = built[example] / f"{example}-{doc}.docx"
        result = subprocess.run([audit, "-q", str(path)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr


def test_two_builds_are_byte_identical(tmp_path):
    path = EXAMPLES[0]
    first, second = tmp_path / "a", tmp_path / "b"
    api.build(path, first)
    api.build(path, second)
    for name in sorted(p.name for p in first.iterdir()):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_docx_has_no_wall_clock_time(built):
    from dealdocs.loader import load

    example = EXAMPLES[0].stem
    with zipfile.ZipFile(built[example] / f"{example}-heads-of-terms.docx") as docx:
        assert {info.date_time for info in docx.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = docx.read("docProps/core.xml").decode()
    assert f"{load(EXAMPLES[0]).deal.deal.date.isoformat()}T00:00:00Z" in core


def test_build_refuses_a_deal_with_errors_and_leaves_nothing(write, tmp_path):
    path = write(MINIMAL.replace("    to: council\n", ""))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "DD101" in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_force_builds_with_open_points(write, tmp_path):
    path = write(MINIMAL.replace("    to: council\n", ""))
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path), "--force", "--format", "md"])
    assert result.exit_code == 0, result.output + result.stderr
    text = (tmp_path / "small-deal-heads-of-terms.md").read_text()
    # The finding is noted at the clause it concerns, and the missing party is a blank.
    investment = text[text.index("{#c-invest}"):text.index("{#c-grant}")].replace("\\", "")
    assert "[Drafting note: Commitment 'invest' has no counterparty" in investment
    assert "(DD101).]" in investment
    assert "report quarterly to [●] on progress" in investment


def test_failed_render_never_clobbers_a_good_file(write, tmp_path, monkeypatch):
    path = write(MINIMAL)
    api.build(path, tmp_path, formats=["md", "html"])
    good = (tmp_path / "small-deal-heads-of-terms.md").read_bytes()
    import dealdocs.render.html

    def broken(*_args, **_kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(dealdocs.render.html, "render", broken)
    with pytest.raises(RuntimeError):
        api.build(path.with_name("deal.yaml"), tmp_path, formats=["md", "html"])
    assert (tmp_path / "small-deal-heads-of-terms.md").read_bytes() == good
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_only_the_asked_documents_and_formats(write, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(write(MINIMAL)), "-o", str(out), "--doc", "term-sheet",
                                       "--format", "md,html"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["small-deal-term-sheet.html", "small-deal-term-sheet.md"]


def test_unknown_format_is_a_usage_error(write, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(write(MINIMAL)), "-o", str(out), "--format", "rtf"])
    assert result.exit_code == 2 and "rtf" in result.output and not out.exists()


def test_user_text_is_data_not_a_template(write, tmp_path):
    text = MINIMAL.replace("title: Small Cluster Deal", "title: \"{{ 7*7 }} <script>alert(1)</script> \\ue000x\"")
    text = text.replace("facility: a factory", "facility: \"{% include '/etc/passwd' %} {{ config }}\"")
    api.build(write(text), tmp_path, formats=["md", "html"])
    html = (tmp_path / "small-deal-heads-of-terms.html").read_text()
    assert "{{ 7*7 }}" in html and "49" not in html.split("{{ 7*7 }}")[0][-5:]
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "{% include &#39;/etc/passwd&#39; %}" in html or "{% include '/etc/passwd' %}" in html
    assert "root:" not in html


def test_a_starter_deal_builds_all_eight_outputs(tmp_path):
    """Any deal written to the format builds, not only the examples: `dealdocs new`'s."""
    from datetime import date

    from dealdocs.starter import starter_text

    answers = {"title": "Humber Carbon Capture Cluster Deal", "deal_id": "humber-ccs", "zone": "Humber",
               "sector": "clean-energy", "investor": "Humber Capture Limited", "authority": "Hull City Council"}
    deal = tmp_path / "humber.yaml"
    deal.write_text(starter_text(answers, today=date(2026, 5, 1)), encoding="utf-8")
    written = api.build(deal, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(p.name for p in _outputs(tmp_path / "out", "humber-ccs"))


@pytest.mark.parametrize("name", ["../escape.md", "sub/dir.md", ".hidden", "..", ""])
def test_output_names_cannot_leave_the_output_folder(tmp_path, name):
    from dealdocs.errors import InputError
    from dealdocs.output import write_atomically

    with pytest.raises(InputError):
        write_atomically(tmp_path / "out", name, b"x")
    assert not (tmp_path / "escape.md").exists()


def test_the_documents_a_build_makes_are_the_ones_assembly_knows():
    from dealdocs.assemble import KINDS
    from dealdocs.render import DOCS

    assert tuple(KINDS) == DOCS
