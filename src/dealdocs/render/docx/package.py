"""The .docx package around the body: the template, properties, settings and the zip.

Everything here serves two promises: the file opens in Word as a current document (not
"Compatibility Mode", no stale properties or thumbnail from python-docx's template), and
the same tree gives the same bytes (fixed zip timestamps and order, dates from the deal).
"""

from __future__ import annotations

import zipfile
from copy import deepcopy
from datetime import datetime, time, timezone
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from dealdocs.render.properties import GENERATOR, properties
from dealdocs.tree import Document

from .wml import W, w

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Schema order of w:settings: the children that must follow w:compat.
_AFTER_COMPAT = (
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)
_WORD_URI = "http://schemas.microsoft.com/office/word"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# The property set every custom document property belongs to (OOXML part 1, 22.3).
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_QUOTE = {'"': "&quot;"}
_APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>dealdocs</Application>"
    "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "<AppVersion>16.0000</AppVersion></Properties>"
)


def open_base(style: Path | None):
    """python-docx's own template, or the house-style reference with its body cleared.

    The final section properties stay (page size, margins, header and footer links), so
    the reference's page set-up and its headers and footers survive.
    """
    if style is None:
        document = docx.Document()
    else:
        document = _open_reference(Path(style))
    body = document.element.body
    if body.find(W + "sectPr") is None:
        w(body, "sectPr")
    _inherit_header_links(body)
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)
    return document


def _inherit_header_links(body) -> None:
    """Give the final section the headers and footers it shows by inheritance.

    A section without its own header shows the previous section's; once the earlier
    sections go with the body, the link has to be written into the final section.
    """
    final = body.find(W + "sectPr")
    earlier = body.findall(f"{W}p/{W}pPr/{W}sectPr")
    for tag in ("headerReference", "footerReference"):
        have = {ref.get(W + "type") for ref in final.findall(W + tag)}
        for sect in reversed(earlier):
            for ref in sect.findall(W + tag):
                if ref.get(W + "type") not in have:
                    have.add(ref.get(W + "type"))
                    final.insert(0, deepcopy(ref))  # references come first in sectPr


def _open_reference(path: Path):
    """The reference document, cleaned of all but its house style (see `housestyle`).

    Raises `InputError` (exit 2) when it cannot be one.
    """
    from .housestyle import load

    return docx.Document(BytesIO(load(path).data))


def drop_stale_parts(document) -> None:
    """Parts that would describe some other document: the template's thumbnail, its
    Word 2010 style copy, its custom XML item (a bibliography sources list), and a
    reference's custom properties and (now unanchored) comments."""
    package = document.part.package
    for rels, reltypes in (
        (package.rels, {RT.THUMBNAIL, RT.CUSTOM_PROPERTIES}),
        (document.part.rels, {_STYLES_WITH_EFFECTS, RT.COMMENTS, RT.CUSTOM_XML}),
    ):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in reltypes]:
            rels.pop(rid)


def set_properties(document, doc: Document) -> None:
    """Core properties all set from the deal, as every format has them
    (`render.properties`), none left from a template and no "last printed"; fresh
    app.xml; the provenance as custom properties."""
    same = properties(doc)
    props = document.core_properties
    stamp = datetime.combine(same.date, time(0), tzinfo=timezone.utc)
    element = props._element
    # Written as elements: python-docx refuses texts over 255 characters (an old OLE
    # limit; OOXML has none), and six parties' names are more than that.
    for tag, value in (("title", same.title), ("subject", same.subject), ("creator", "; ".join(same.authors)),
                       ("keywords", "; ".join(same.keywords))):
        getattr(element, f"get_or_add_{tag}")().text = value
    props.last_modified_by = GENERATOR
    props.language = same.language
    props.created = props.modified = stamp
    element._remove_lastPrinted()
    props.revision = 1
    props.identifier = doc.deal_id[:255]
    props.category = doc.title[:255]
    props.content_status = "Draft" if doc.draft else ""
    props.comments = ""
    props.version = ""

    package = document.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype == RT.EXTENDED_PROPERTIES]:
        package.rels.pop(rid)
    app = Part(
        PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _APP_XML.encode(), package
    )
    package.relate_to(app, RT.EXTENDED_PROPERTIES)
    set_custom_properties(document, doc.provenance)


def set_custom_properties(document, values: dict[str, str]) -> None:
    """docProps/custom.xml holding `values` as text properties (the document's provenance).

    python-docx has no API for custom properties, so the part is written here; Word shows
    them under File > Properties > Custom and keeps them through edits. Any custom
    properties part already related (a reference document's: `drop_stale_parts` drops
    its relationship first) is replaced; with no values, there is none.
    """
    package = document.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype == RT.CUSTOM_PROPERTIES]:
        package.rels.pop(rid)
    if not values:
        return
    properties = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name="{escape(name, _QUOTE)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)  # pids start at 2
    )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"{properties}</Properties>"
    )
    custom = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)


def set_settings(document, language: str) -> None:
    """Word 2013+ layout (compatibilityMode 15), fields updated on open, and no claims
    carried over from a template."""
    settings = document.settings.element
    compat = settings.find(W + "compat")
    if compat is None:
        compat = w(settings, "compat")
        settings.remove(compat)
        settings.insert_element_before(compat, *_AFTER_COMPAT)
    mode = next(
        (s for s in compat.iter(W + "compatSetting") if s.get(W + "name") == "compatibilityMode"),
        None,
    )
    if mode is None:
        mode = w(compat, "compatSetting", name="compatibilityMode", uri=_WORD_URI)
    mode.set(W + "val", "15")
    proof = settings.find(W + "proofState")  # "spelling clean" would be a template's word
    if proof is not None:
        settings.remove(proof)
    theme_lang = settings.find(W + "themeFontLang")
    if theme_lang is not None:
        theme_lang.set(W + "val", language)
    # Word recomputes fields (REF cross-references, page numbers) when it opens the file,
    # so a renumbering made elsewhere shows without an F9. It asks the user first.
    if settings.find(W + "updateFields") is None:
        update = w(settings, "updateFields", val="true")
        settings.remove(update)
        settings.insert_element_before(update, "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                                       *_AFTER_COMPAT)


def deterministic_zip(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and sorted names, `[Content_Types].xml` first."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name))
    return out.getvalue()
