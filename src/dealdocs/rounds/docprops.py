"""A document's provenance read back from where each renderer writes it.

    docx  docProps/custom.xml (found through the package relationships, as Word does)
    pdf   the document information dictionary (pypdf)
    html  <meta name="dealdocs-..." content="..."> in the head
    md    the keys of the YAML front matter

`read(fmt, data)` gives the `dealdocs-*` values found (an empty dict for none) and
raises ValueError when the file cannot be read as that format at all.
"""

from __future__ import annotations

import posixpath
import zipfile
from html.parser import HTMLParser
from io import BytesIO

import yaml
from lxml import etree

PREFIX = "dealdocs-"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_PART_LIMIT = 1024 * 1024  # a custom properties part is a few hundred bytes
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def read(fmt: str, data: bytes) -> dict[str, str]:
    return {"docx": _docx, "pdf": _pdf, "html": _html, "md": _md}[fmt](data)


def _docx(data: bytes) -> dict[str, str]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            rels = etree.fromstring(package.read("_rels/.rels"), _PARSER)
            target = next((r.get("Target", "") for r in rels.iter(_RELS + "Relationship")
                           if r.get("Type") == _CUSTOM_REL), None)
            if target is None:
                return {}
            name = posixpath.normpath(target.lstrip("/"))
            if package.getinfo(name).file_size > _PART_LIMIT:
                raise ValueError(f"its custom properties part is over {_PART_LIMIT} bytes")
            root = etree.fromstring(package.read(name), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as error:
        raise ValueError(f"not a readable Word document ({type(error).__name__}: {error})") from None
    out = {}
    for prop in root.iter(_CUSTOM + "property"):
        key = prop.get("name", "")
        if key.startswith(PREFIX) and len(prop):
            out[key] = (prop[0].text or "").strip()
    return out


def _pdf(data: bytes) -> dict[str, str]:
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - a dependency of dealdocs
        raise ValueError("reading a PDF's properties needs the pypdf package") from None
    try:
        info = PdfReader(BytesIO(data)).metadata or {}
        return {k[1:]: str(v) for k, v in info.items() if k.startswith("/" + PREFIX)}
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise ValueError(f"not a readable PDF ({type(error).__name__}: {error})") from None


class _Metas(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            attrs = dict(attrs)
            name = attrs.get("name") or ""
            if name.startswith(PREFIX) and name not in self.found:
                self.found[name] = (attrs.get("content") or "").strip()


def _html(data: bytes) -> dict[str, str]:
    text = data.decode("utf-8", errors="replace")
    end = text.find("</head>")
    parser = _Metas()
    parser.feed(text[: end if end >= 0 else len(text)])
    return parser.found


def _md(data: bytes) -> dict[str, str]:
    text = data.decode("utf-8", errors="replace")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0 or end > _PART_LIMIT:
        return {}
    try:
        front = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return {}
    if not isinstance(front, dict):
        return {}
    return {k: str(v) for k, v in front.items() if isinstance(k, str) and k.startswith(PREFIX)}
