"""The DD* styles: every paragraph dealdocs writes carries one of these and little else.

Their ids (DDHeading1, DDLevel2 ...) are dealdocs' own and stable; their names are the
ones a law firm's template uses ("Level 1 Heading", "Level 2 Number", "Schedule
Heading", "Body 2"), never a Word built-in's name, so a lawyer finds them in the style
gallery. Word's own Heading 1-3 are linked to the same clause list (`link_headings`).

Styles are created only where missing, so a house style (`--style REFERENCE.docx`) that
already defines `DDLevel2` keeps its look; the numbering link (`w:numPr`) is always
(re)set, because the list it points to is created afresh for each build. No style names
a font: they inherit the reference's Normal font, or the body font set in the document
defaults when dealdocs uses its own template.
"""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt
from lxml import etree

from .numbering import HANGING, NUMBERED_STYLES, TEXT_INDENT
from .wml import W, get_or_add, w

BODY_FONT = "Times New Roman"  # LibreOffice shows the metric-compatible Liberation Serif
BODY_SIZE = 22  # half-points: 11 pt

_P = '<w:style w:type="paragraph" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>'
_BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"
_C = '<w:style w:type="character" w:customStyle="1" w:styleId="{id}"><w:name w:val="{name}"/>'


def _para(sid: str, name: str, based: str, body: str, *, next_: str = "", gallery: bool = False):
    head = _P.format(id=sid, name=name) + f'<w:basedOn w:val="{based}"/>'
    if next_:
        head += f'<w:next w:val="{next_}"/>'
    if gallery:
        head += '<w:uiPriority w:val="1"/><w:qFormat/>'
    return head + body + "</w:style>"


def _level(left: int) -> str:
    return f'<w:ind w:left="{left}" w:hanging="{HANGING}"/>'


# `{normal}` and `{table_based}` name the template's default paragraph and table styles
# (not always "Normal": a localised Word writes its own ids).
# Measures are twips (1/20 pt) and half-points, as Word stores them.
_STYLES = [
    _para(
        "DDBody", "Body", "{normal}",
        '<w:pPr><w:widowControl/><w:spacing w:before="0" w:after="140" w:line="264"'
        ' w:lineRule="auto"/><w:ind w:left="0" w:firstLine="0"/><w:jc w:val="both"/></w:pPr>',
        next_="DDBody", gallery=True,
    ),
    *(
        _para(f"DDBody{n}", f"Body {n}", "DDBody", f'<w:pPr><w:ind w:left="{left}"/></w:pPr>',
              next_=f"DDBody{n}")
        for n, left in TEXT_INDENT.items()
    ),
    _para(
        "DDLead", "Lead Text", "DDBody", '<w:pPr><w:spacing w:after="240"/></w:pPr>', next_="DDBody"
    ),
    _para("DDCentre", "Body Centred", "DDBody", '<w:pPr><w:jc w:val="center"/></w:pPr>'),
    _para(
        "DDNote", "Drafting Note", "DDBody",
        '<w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>'
        '</w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val="404040"/><w:sz w:val="18"/>'
        '<w:szCs w:val="18"/></w:rPr>',
    ),
    _para(
        "DDHeading1", "Level 1 Heading", "DDBody",
        f'<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="280" w:after="140"/>'
        f"{_level(TEXT_INDENT[1])}"
        '<w:jc w:val="left"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:caps/>'
        "</w:rPr>",
        next_="DDLevel2", gallery=True,
    ),
    *(
        _para(f"DDLevel{n}", f"Level {n} Number", "DDBody", f"<w:pPr>{_level(TEXT_INDENT[n])}</w:pPr>",
              next_=f"DDLevel{n}", gallery=True)
        for n in (2, 3, 4)
    ),
    _para(
        "DDSubHeading", "Sub Heading", "DDBody",
        '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
        '<w:jc w:val="left"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>',
        next_="DDBody", gallery=True,
    ),
    _para(
        "DDScheduleHeading", "Schedule Heading", "DDBody",
        '<w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0"'
        ' w:after="360"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr>',
        next_="DDBody", gallery=True,
    ),
    _para(
        "DDTitle", "Cover Deal Title", "DDBody",
        '<w:pPr><w:keepNext/><w:spacing w:before="1000" w:after="560" w:line="240"'
        ' w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:caps/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>',
        next_="DDDocTitle",
    ),
    _para(
        "DDDocTitle", "Cover Document Title", "DDBody",
        '<w:pPr><w:keepNext/><w:pBdr><w:top w:val="single" w:sz="12" w:space="14" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="12" w:space="14" w:color="auto"/></w:pBdr>'
        '<w:spacing w:before="280" w:after="400"/><w:jc w:val="center"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:caps/><w:sz w:val="48"/><w:szCs w:val="48"/></w:rPr>',
        next_="DDSubtitle",
    ),
    _para(
        "DDSubtitle", "Cover Subtitle", "DDBody",
        '<w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr>'
        "<w:rPr><w:i/><w:iCs/></w:rPr>",
    ),
    _para(
        "DDTitleDate", "Cover Date", "DDBody",
        '<w:pPr><w:spacing w:before="720" w:after="720"/><w:jc w:val="center"/></w:pPr>',
    ),
    _para(
        "DDTitleBetween", "Cover Between", "DDBody",
        '<w:pPr><w:keepNext/><w:spacing w:after="360"/><w:jc w:val="center"/></w:pPr>'
        "<w:rPr><w:i/><w:iCs/></w:rPr>",
        next_="DDParty",
    ),
    _para(
        "DDParty", "Parties Number", "DDBody",
        f'<w:pPr><w:spacing w:after="240"/>{_level(720)}<w:jc w:val="left"/></w:pPr>',
        next_="DDParty",
    ),
    _para(
        "DDCaption", "Table Caption", "DDBody",
        '<w:pPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="left"/></w:pPr>'
        '<w:rPr><w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>',
    ),
    _para(
        "DDFigureCaption", "Figure Caption", "DDCaption", '<w:pPr><w:jc w:val="center"/></w:pPr>'
    ),
    _para(
        "DDFigure", "Figure", "DDBody",
        '<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="0"/><w:jc w:val="center"/></w:pPr>',
    ),
    _para(
        "DDTableText", "Table Text", "DDBody",
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>'
        '<w:jc w:val="left"/></w:pPr><w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>',
    ),
    _para(
        "DDTableHeading", "Table Heading", "DDTableText",
        "<w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr>",
    ),
    _para(
        "DDRowNumber", "Table Number", "DDTableText",
        '<w:pPr><w:ind w:left="454" w:hanging="454"/></w:pPr>',  # as numbering.ROW_LEVELS
    ),
    _para(
        "DDSignature", "Execution Text", "DDBody",
        '<w:pPr><w:keepLines/><w:spacing w:after="60"/><w:jc w:val="left"/></w:pPr>',
    ),
    _para(
        "DDSignatureLine", "Execution Line", "DDSignature",
        '<w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="auto"/></w:pBdr>'
        '<w:spacing w:before="720" w:after="40"/></w:pPr>',
    ),
    _para(
        "DDSpacer", "Spacer", "{normal}",
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>',
    ),
    _para(
        "DDHeader", "Header Text", "{normal}",
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>',
    ),
    _para(
        "DDFooter", "Footer Text", "{normal}",
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>',
    ),
    _C.format(id="DDDefinedTerm", name="Defined Term") + _BOLD + "</w:style>",
    _C.format(id="DDRunIn", name="Run-in Heading") + _BOLD + "</w:style>",
    _C.format(id="DDPartyName", name="Party Name") + "<w:rPr><w:b/><w:bCs/><w:caps/></w:rPr></w:style>",
    # The DRAFT mark in the header, in the PDF's colour.
    _C.format(id="DDDraftMark", name="Draft Mark") + '<w:rPr><w:b/><w:bCs/><w:color w:val="8A2B1F"/></w:rPr></w:style>',
    '<w:style w:type="table" w:customStyle="1" w:styleId="DDTable"><w:name w:val="Bordered Table"/>'
    '{table_based}<w:uiPriority w:val="59"/><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tcPr>'
    '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr></w:style>',
]

STYLE_IDS = tuple(s.split('w:styleId="', 1)[1].split('"', 1)[0] for s in _STYLES)
# Display name -> style id: LibreOffice, saving a .docx again, makes new ids from the names
# ("Level1Heading"), so a reader of a re-saved file finds dealdocs' styles by name.
STYLE_BY_NAME = {s.split('<w:name w:val="', 1)[1].split('"', 1)[0]: i for s, i in zip(_STYLES, STYLE_IDS)}


def add_styles(styles: etree._Element, num_ids: dict[str, int]) -> None:
    """Create the DD styles the template lacks and link the numbered ones to their lists."""
    normal = _default_style(styles, "paragraph") or "Normal"
    table_normal = _default_style(styles, "table")
    table_based = f'<w:basedOn w:val="{table_normal}"/>' if table_normal else ""
    xml = "".join(_STYLES).format(normal=normal, table_based=table_based)
    present = {s.get(W + "styleId") for s in styles.iterfind(W + "style")}
    for style in parse_xml(f"<w:styles {nsdecls('w')}>{xml}</w:styles>"):
        if style.get(W + "styleId") not in present:
            styles.append(style)
    for style in styles.iterfind(W + "style"):
        link = NUMBERED_STYLES.get(style.get(W + "styleId"))
        if link is not None:
            _set_num_pr(style, num_ids[link[0]], link[1])


# Word's built-in headings -> the dealdocs style each takes its look from, and its level.
_BUILT_IN_HEADINGS = (("heading 1", "DDHeading1", 0), ("heading 2", "DDLevel2", 1), ("heading 3", "DDLevel3", 2))


def link_headings(styles: etree._Element, num_ids: dict[str, int]) -> None:
    """Make Word's own Heading 1-3 clause levels 1-3: numbered in the clause list, in the
    look of "Level 1 Heading", "Level 2 Number" and "Level 3 Number", so a lawyer who
    applies Heading 1 gets a numbered clause, not blue Calibri. (dealdocs' own template
    only: a house style's headings are the house's.)"""
    by_name = {}
    for style in styles.iterfind(W + "style"):
        name = style.find(W + "name")
        if name is not None and style.get(W + "type") == "paragraph":
            by_name[name.get(W + "val", "").casefold()] = style
    for name, based, ilvl in _BUILT_IN_HEADINGS:
        style = by_name.get(name)
        if style is None:
            continue
        for old in style.findall(W + "pPr") + style.findall(W + "rPr") + style.findall(W + "basedOn"):
            style.remove(old)
        based_on = w(style, "basedOn", val=based)
        (style.find(W + "aliases") if style.find(W + "aliases") is not None else style.find(W + "name")).addnext(based_on)
        following = style.find(W + "next")
        if following is not None:  # Enter after a heading starts a numbered paragraph
            following.set(W + "val", "DDLevel2" if ilvl < 2 else based)
        _set_num_pr(style, num_ids["clause"], ilvl)
        w(style.find(W + "pPr"), "outlineLvl", val=ilvl)  # after numPr, as the schema orders them


def _default_style(styles: etree._Element, kind: str) -> str | None:
    for style in styles.iterfind(W + "style"):
        if style.get(W + "type") == kind and style.get(W + "default") in ("1", "true", "on"):
            return style.get(W + "styleId")
    return None


def _set_num_pr(style, num_id: int, ilvl: int) -> None:
    num_pr = style.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


def set_doc_defaults(styles: etree._Element, language: str, *, font: str | None) -> None:
    """Document-wide run defaults: the language always, the body font only for our template.

    Theme font attributes win over named fonts in Word, so they go when a font is set.
    """
    # docDefaults comes first in the styles part, and rPrDefault first in it
    rpr = get_or_add(get_or_add(get_or_add(styles, "docDefaults", first=True), "rPrDefault", first=True), "rPr")
    if font:
        fonts = rpr.get_or_add_rFonts()
        for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
            fonts.attrib.pop(W + attr, None)
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(W + attr, font)
        rpr.get_or_add_sz().val = Pt(BODY_SIZE / 2)
        szcs = rpr.find(W + "szCs")
        if szcs is not None:
            szcs.set(W + "val", str(BODY_SIZE))
    lang = rpr.find(W + "lang")
    if lang is None:
        lang = etree.SubElement(rpr, W + "lang")
        rpr.remove(lang)
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(W + "val", language)
