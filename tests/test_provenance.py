"""Provenance (SPEC section 9): every document says which deal file, clause library and
dealdocs built it, read back through what reads each format (the package's own parts,
pandoc, pypdf and pdfinfo), and builds stay byte-identical."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import docx
import pytest
import yaml
from lxml import etree

import dealdocs
from dealdocs import api
from dealdocs.clauses import Library
from dealdocs.provenance import library_sha256
from tests.conftest import ROOT, tool

DEAL = ROOT / "tests" / "deals" / "deeside-cathode-round-2.yaml"
KEYS = ("dealdocs-deal-sha256", "dealdocs-library-sha256", "dealdocs-version", "dealdocs-document")
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("provenance")
    api.build(DEAL, out, formats=["docx", "html", "md"])
    return out


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    checked = api.check(DEAL)
    return {
        "dealdocs-deal-sha256": hashlib.sha256(DEAL.read_bytes()).hexdigest(),
        "dealdocs-library-sha256": library_sha256(checked.library),
        "dealdocs-version": dealdocs.__version__,
    }


def _custom_properties(data: bytes) -> dict[str, str]:
    """docProps/custom.xml found the way Word finds it: through the package relationships."""
    with zipfile.ZipFile(BytesIO(data)) as package:
        rels = etree.fromstring(package.read("_rels/.rels"))
        targets = [r.get("Target") for r in rels if r.get("Type") == CUSTOM_REL]
        assert len(targets) == 1
        types = package.read("[Content_Types].xml").decode()
        assert 'PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"' in types
        root = etree.fromstring(package.read(targets[0].lstrip("/")))
    return {p.get("name"): p[0].text for p in root.iter(CUSTOM + "property")}


@pytest.mark.parametrize("kind", ["heads-of-terms", "term-sheet"])
def test_word_custom_properties(built, expected, kind):
    data = (built / f"deeside-cathode-{kind}.docx").read_bytes()
    props = _custom_properties(data)
    assert list(props) == list(KEYS)
    assert props == {**expected, "dealdocs-document": kind}
    # python-docx keeps the part when a lawyer's script edits and saves the document.
    document = docx.Document(BytesIO(data))
    document.paragraphs[-1].add_run("edited")
    out = BytesIO()
    document.save(out)
    assert _custom_properties(out.getvalue()) == props


def test_word_custom_properties_are_valid_open_xml(built):
    audit = shutil.which("openxml-audit", path=str(Path(sys.executable).parent)) or tool("openxml-audit")
    path = built / "deeside-cathode-heads-of-terms.docx"
    result = subprocess.run([audit, "-q", str(path)], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_reference_documents_own_custom_properties_are_not_carried_over(tmp_path, expected):
    from dealdocs.render.docx.package import set_custom_properties

    reference = docx.Document()
    set_custom_properties(reference, {"Client": "Some other deal", "Matter": "12345"})
    reference.save(tmp_path / "house.docx")
    assert _custom_properties((tmp_path / "house.docx").read_bytes()) == {"Client": "Some other deal", "Matter": "12345"}
    api.build(DEAL, tmp_path / "out", formats=["docx"], docs=["term-sheet"], style=tmp_path / "house.docx")
    props = _custom_properties((tmp_path / "out" / "deeside-cathode-term-sheet.docx").read_bytes())
    assert props == {**expected, "dealdocs-document": "term-sheet"}


class _Metas(HTMLParser):
    def __init__(self):
        super().__init__()
        self.metas, self.where = {}, []

    def handle_starttag(self, tag, attrs):
        self.where.append(tag)
        if tag == "meta" and dict(attrs).get("name", "").startswith("dealdocs-"):
            assert "head" in self.where
            self.metas[dict(attrs)["name"]] = dict(attrs)["content"]

    def handle_endtag(self, tag):
        if tag in self.where:
            del self.where[len(self.where) - 1 - self.where[::-1].index(tag):]


def test_html_meta_in_the_head(built, expected):
    parser = _Metas()
    parser.feed((built / "deeside-cathode-heads-of-terms.html").read_text(encoding="utf-8"))
    assert parser.metas == {**expected, "dealdocs-document": "heads-of-terms"}


def test_markdown_front_matter_as_pandoc_reads_it(built, expected):
    path = built / "deeside-cathode-term-sheet.md"
    text = path.read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert {k: front[k] for k in KEYS} == {**expected, "dealdocs-document": "term-sheet"}
    ast = json.loads(subprocess.run([tool("pandoc"), "-f", "markdown", "-t", "json", str(path)],
                                    capture_output=True, text=True, check=True).stdout)
    meta = ast["meta"]["dealdocs-deal-sha256"]
    assert "".join(item.get("c", "") for item in meta["c"] if item["t"] == "Str") == expected["dealdocs-deal-sha256"]


@pytest.mark.slow
def test_pdf_document_information(tmp_path, expected):
    from pypdf import PdfReader

    api.build(DEAL, tmp_path, formats=["pdf"], docs=["term-sheet"])
    path = tmp_path / "deeside-cathode-term-sheet.pdf"
    info = PdfReader(path).metadata
    assert {k: info[f"/{k}"] for k in KEYS} == {**expected, "dealdocs-document": "term-sheet"}
    shown = subprocess.run([tool("pdfinfo"), "-custom", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^dealdocs-deal-sha256:\s*{expected['dealdocs-deal-sha256']}$", shown, re.MULTILINE)


def test_the_deal_fingerprint_follows_the_files_bytes(tmp_path, expected):
    copy = tmp_path / DEAL.name
    copy.write_bytes(DEAL.read_bytes() + b"\n# a comment changes the bytes, not the deal\n")
    api.build(copy, tmp_path / "out", formats=["md"], docs=["term-sheet"])
    text = (tmp_path / "out" / "deeside-cathode-term-sheet.md").read_text(encoding="utf-8")
    assert f'dealdocs-deal-sha256: "{hashlib.sha256(copy.read_bytes()).hexdigest()}"' in text
    assert f'dealdocs-library-sha256: "{expected["dealdocs-library-sha256"]}"' in text


def test_the_library_fingerprint_covers_clauses_and_standards(tmp_path):
    builtin = Library.load()
    (tmp_path / "clauses").mkdir()
    source = next(iter(builtin)).path
    (tmp_path / "clauses" / source.name).write_bytes(source.read_bytes().replace(b"\n---\n", b"\n---\n\n", 1))
    standards = tmp_path / "standards.yaml"
    standards.write_text("dealdocs-standards: 1\n", encoding="utf-8")
    overridden = Library.load([tmp_path / "clauses"])
    assert library_sha256(builtin) == library_sha256(Library.load())
    assert library_sha256(builtin) != library_sha256(overridden)
    assert library_sha256(builtin) != library_sha256(builtin, [standards])


def test_documents_stay_byte_identical(tmp_path):
    api.build(DEAL, tmp_path / "a", formats=["docx", "html", "md"])
    api.build(DEAL, tmp_path / "b", formats=["docx", "html", "md"])
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
