"""One document's properties read back from all four formats by their own readers
(python-docx, pypdf, an HTML parser, a YAML parser) agree: title, authors, subject,
keywords, language and dates, and nothing stale from python-docx's template."""

from __future__ import annotations

import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest
import yaml

from dealdocs import api
from tests.conftest import EXAMPLES

DEAL = next(p for p in EXAMPLES if p.name.startswith("tees"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    paths = api.build(DEAL, tmp_path_factory.mktemp("props"))
    kinds = ("heads-of-terms", "term-sheet")
    return {(next(k for k in kinds if p.stem.endswith(k)), p.suffix[1:]): p for p in paths}


def _expected(kind: str) -> dict:
    data = yaml.safe_load(DEAL.read_text(encoding="utf-8"))
    title = {"heads-of-terms": "Heads of Terms", "term-sheet": "Term Sheet"}[kind]
    return {
        "title": f"{data['deal']['title']} \u2013 {title}",
        "authors": [party["name"] for party in data["parties"]],
        "language": "en-GB",
        "date": date.fromisoformat(str(data["deal"]["date"])),
    }


def _docx(path: Path) -> dict:
    props = docx.Document(path).core_properties
    assert props.last_printed is None  # nothing was printed
    assert props.created == props.modified
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert not [n for n in names if n.startswith("customXml/")], names  # the template's bibliography item
        assert not [n for n in names if "thumbnail" in n], names
        assert b"lastPrinted" not in package.read("docProps/core.xml")
    return {"title": props.title, "authors": props.author.split("; "), "subject": props.subject,
            "keywords": props.keywords.split("; "), "language": props.language, "date": props.created.date()}


def _pdf(path: Path) -> dict:
    reader = pypdf.PdfReader(path)
    info, xmp = reader.metadata, reader.xmp_metadata
    assert info["/CreationDate"] == info["/ModDate"]
    return {"title": info["/Title"], "authors": list(xmp.dc_creator), "subject": info["/Subject"],
            "keywords": info["/Keywords"].split(", "), "language": str(reader.trailer["/Root"]["/Lang"]),
            "date": _pdf_date(info["/CreationDate"])}


def _pdf_date(value: str) -> date:
    """D:20260302000000+00'00' -> 2026-03-02."""
    return date(int(value[2:6]), int(value[6:8]), int(value[8:10]))


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.lang = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        elif tag == "meta" and "name" in attrs:
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content", ""))
        self._in_title = tag == "title" and not self.title

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def _html(path: Path) -> dict:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8").split("</head>", 1)[0])
    assert head.meta["dcterms.created"] == head.meta["dcterms.modified"]
    assert head.meta["generator"] == ["dealdocs"]
    return {"title": head.title, "authors": head.meta["author"], "subject": head.meta["description"][0],
            "keywords": head.meta["keywords"][0].split(", "), "language": head.lang,
            "date": date.fromisoformat(head.meta["dcterms.created"][0])}


def _md(path: Path) -> dict:
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
    return {"title": front["title"], "authors": front["author"], "subject": front["subject"],
            "keywords": front["keywords"], "language": front["lang"], "date": date.fromisoformat(front["date"])}


READERS = {"docx": _docx, "pdf": _pdf, "html": _html, "md": _md}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["heads-of-terms", "term-sheet"])
def test_every_format_has_the_same_properties(built, kind):
    read = {fmt: reader(built[(kind, fmt)]) for fmt, reader in READERS.items()}
    expected = _expected(kind)
    for fmt, props in read.items():
        for key, value in expected.items():
            assert props[key] == value, (fmt, key)
        assert "dealdocs" not in props["authors"], fmt
        assert props["subject"] and props["subject"] == read["docx"]["subject"], fmt
        assert props["keywords"] == read["docx"]["keywords"], fmt
        assert DEAL.stem in props["keywords"], fmt  # the deal id, for a search
