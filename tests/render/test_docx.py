"""The Word renderer, checked through what Word reads: styles, numbering, fields,
headers and footers, properties, and independent readers (pandoc, LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
import sys
import zipfile
from datetime import date, datetime, timezone

import docx
import pytest
from docx.shared import Mm, Pt
from lxml import etree
from PIL import Image, ImageDraw

from dealdocs.render import docx as word
from dealdocs.render.docx.blocks import bookmark_names
from dealdocs.render.docx.styles import STYLE_IDS
from dealdocs.clausenumbers import number_clauses
from dealdocs.tree import (
    Clause,
    Defined,
    Document,
    Figure,
    Heading,
    PageBreak,
    Para,
    PartyLine,
    Ref,
    ScheduleHeading,
    Signature,
    Strong,
    SubHeading,
    Table,
    Text,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
ALT = "Three milestones, March 2026 to December 2028"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120">'
    '<line x1="20" y1="60" x2="380" y2="60" stroke="black"/></svg>'
)


def _png() -> bytes:
    image = Image.new("RGB", (400, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.line((20, 60, 380, 60), fill="black", width=3)
    for x in (40, 160, 300):
        draw.ellipse((x - 8, 52, x + 8, 68), fill="navy")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_document(*, draft: bool = True) -> Document:
    blocks = [
        Para(
            [
                Text("These heads of terms are "),
                Strong("SUBJECT TO CONTRACT"),
                Text(" and, save for clause "),
                Ref("binding"),
                Text(", not legally binding."),
            ],
            kind="lead",
        ),
        Heading("Definitions", anchor="definitions"),
        Clause(
            2,
            [
                Defined("Project"),
                Text(" means the Humber carbon capture and storage project."),
            ],
            title="Definitions",
            anchor="definitions-main",
        ),
        Heading("Commitments of the Consortium", anchor="commitments"),
        Clause(
            2,
            [
                Text("The Consortium shall invest £12,500,000 in the Project, subject to clause "),
                Ref("conditions", label="Conditions precedent"),
                Text("."),
            ],
            title="Investment",
            anchor="investment",
        ),
        Clause(3, [Text("£5,000,000 on or before 31 March 2026; and")], anchor="tranche-1"),
        Clause(3, [Text("£7,500,000 on or before 30 September 2026, provided that:")]),
        Clause(4, [Text("the milestone in clause "), Ref("tranche-1"), Text(" is met; and")]),
        Clause(4, [Text("no event of default is continuing.")], anchor="no-default"),
        Para([Text("Each tranche is paid in cleared funds.")], indent=2),
        Para([Text("Drafting note: dates to be confirmed.")], kind="note", indent=2),
        Heading("Remedies", anchor="remedies"),
        Clause(
            2,
            [Text("If the Project is not commissioned by 31 December 2028, 50% is repaid.")],
            title="Clawback",
            anchor="clawback",
        ),
        Heading("Conditions precedent", anchor="conditions-h"),
        Clause(2, [Text("Completion is conditional on planning consent.")], anchor="conditions"),
        Heading("Binding provisions", anchor="binding"),
        Clause(2, [Text("This clause and clause "), Ref("clawback"), Text(" are binding.")]),
        SubHeading("Signatures"),
        Signature(
            "Humber Carbon Consortium Limited", "Signed by Jane Smith, Director, for and on behalf of", "Jane Smith",
            "Director",
        ),
        Signature("Kingston upon Hull City Council", "Signed for and on behalf of",
                  by="by an officer authorised under its scheme of delegation"),
        ScheduleHeading(1, "Commitments matrix", anchor="schedule-1"),
        Table(
            ["Obligor", "Counterparty", "Commitment", "Due"],
            [
                [
                    [Text("Consortium")],
                    [Text("Council")],
                    [Text("Invest per clause "), Ref("investment")],
                    [Text("31 March 2026")],
                ],
                [[Text("Council")], [Text("Consortium")], [Strong("Planning")], [Text("30 June")]],
            ],
            widths=[2, 2, 5, 3],
            caption="Table 1: Commitments",
        ),
        PageBreak(),
        SubHeading("Milestone timeline"),
        Figure(SVG, _png, "Figure 1: Milestone timeline", ALT, 120.0),
    ]
    doc = Document(
        kind="heads-of-terms",
        title="Heads of Terms",
        deal_title="Humber Low Carbon Cluster",
        deal_id="humber-2026",
        date=date(2026, 3, 2),
        draft=draft,
        marking="SUBJECT TO CONTRACT",
        parties=[
            PartyLine(
                "Humber Carbon Consortium Limited",
                "Consortium",
                "a company incorporated in England and Wales (registered number 01234567)",
            ),
            PartyLine("Kingston upon Hull City Council", "Council", "a local authority"),
        ],
        blocks=blocks,
        subtitle="Indicative, non-binding and subject to contract",
        keywords=["heads of terms", "cluster deal"],
    )
    number_clauses(doc.blocks)
    return doc


@pytest.fixture(scope="module")
def sample() -> Document:
    return make_document()


@pytest.fixture(scope="module")
def rendered(sample) -> bytes:
    return word.render(sample)


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def xp(el: etree._Element, path: str) -> list:
    return el.xpath(path, namespaces=NS)


def texts(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def body_paragraphs(data: bytes, style: str) -> list[etree._Element]:
    body = part(data, "word/document.xml")
    return body.xpath(f"//w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS)


# --- styles and numbering ------------------------------------------------------------


def test_module_declares_name_and_suffix():
    assert word.NAME == "docx"
    assert word.SUFFIX == "docx"


def test_dd_styles_exist(rendered):
    ids = set(part(rendered, "word/styles.xml").xpath("//w:style/@w:styleId", namespaces=NS))
    expected = {
        "DDTitle", "DDHeading1", "DDLevel2", "DDLevel3", "DDLevel4", "DDBody", "DDBody1",
        "DDBody2", "DDBody3", "DDBody4", "DDNote", "DDScheduleHeading", "DDSubHeading",
        "DDCaption", "DDTable", "DDDefinedTerm", "DDRunIn", "DDHeader", "DDFooter",
    }
    assert expected <= ids
    assert set(STYLE_IDS) <= ids
    # python-docx sees them too
    names = {s.style_id for s in docx.Document(io.BytesIO(rendered)).styles}
    assert expected <= names


def test_level_styles_link_to_one_multilevel_list(rendered):
    styles = part(rendered, "word/styles.xml")
    numbering = part(rendered, "word/numbering.xml")
    expected = {
        "DDHeading1": (0, "decimal", "%1."),
        "DDLevel2": (1, "decimal", "%1.%2"),
        "DDLevel3": (2, "lowerLetter", "(%3)"),
        "DDLevel4": (3, "lowerRoman", "(%4)"),
    }
    abstract_ids = set()
    for style_id, (ilvl, fmt, text) in expected.items():
        style = styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)[0]
        num_pr = style.find(f"{W}pPr/{W}numPr")
        assert num_pr is not None, style_id
        assert num_pr.find(W + "ilvl").get(W + "val") == str(ilvl)
        num_id = num_pr.find(W + "numId").get(W + "val")
        abstract_id = numbering.xpath(
            f"//w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val", namespaces=NS
        )[0]
        abstract_ids.add(abstract_id)
        abstract = xp(numbering, f"//w:abstractNum[@w:abstractNumId='{abstract_id}']")[0]
        assert abstract.find(W + "multiLevelType").get(W + "val") == "multilevel"
        lvl = abstract.xpath(f"w:lvl[@w:ilvl='{ilvl}']", namespaces=NS)[0]
        assert lvl.find(W + "pStyle").get(W + "val") == style_id
        assert lvl.find(W + "numFmt").get(W + "val") == fmt
        assert lvl.find(W + "lvlText").get(W + "val") == text
        ind = lvl.find(f"{W}pPr/{W}ind")
        assert int(ind.get(W + "hanging")) > 0
        assert style.find(f"{W}pPr/{W}ind").get(W + "hanging") == ind.get(W + "hanging")
    assert len(abstract_ids) == 1  # one list definition for every level


def test_heading_styles_are_outline_level_0_and_keep_with_next(rendered):
    styles = part(rendered, "word/styles.xml")
    for style_id in ("DDHeading1", "DDScheduleHeading"):
        ppr = styles.xpath(f"//w:style[@w:styleId='{style_id}']/w:pPr", namespaces=NS)[0]
        assert ppr.find(W + "outlineLvl").get(W + "val") == "0"
        assert ppr.find(W + "keepNext") is not None
    schedule = styles.xpath("//w:style[@w:styleId='DDScheduleHeading']/w:pPr", namespaces=NS)[0]
    assert schedule.find(W + "pageBreakBefore") is not None


def test_continuation_body_styles_indent_like_their_level(rendered):
    styles = part(rendered, "word/styles.xml")

    def left(style_id):
        return xp(styles, f"//w:style[@w:styleId='{style_id}']/w:pPr/w:ind/@w:left")[0]

    assert left("DDBody2") == left("DDLevel2")
    assert left("DDBody3") == left("DDLevel3")
    assert left("DDBody4") == left("DDLevel4")
    assert body_paragraphs(rendered, "DDBody2"), "Para(indent=2) uses DDBody2"


def test_table_style_has_borders(rendered):
    styles = part(rendered, "word/styles.xml")
    borders = styles.xpath("//w:style[@w:styleId='DDTable']/w:tblPr/w:tblBorders/*", namespaces=NS)
    assert {etree.QName(b).localname for b in borders} >= {"top", "bottom", "insideH", "insideV"}
    assert all(b.get(W + "val") == "single" for b in borders)


def test_abstract_nums_precede_nums(rendered):
    children = [etree.QName(c).localname for c in part(rendered, "word/numbering.xml")]
    last_abstract = max(i for i, c in enumerate(children) if c == "abstractNum")
    first_num = min(i for i, c in enumerate(children) if c == "num")
    assert last_abstract < first_num


def test_numbered_paragraphs_carry_only_a_style(rendered, sample):
    styles = ("DDHeading1", "DDLevel2", "DDLevel3", "DDLevel4")
    levels = [p for s in styles for p in body_paragraphs(rendered, s)]
    assert len(levels) == sum(isinstance(b, (Heading, Clause)) for b in sample.blocks)
    for p in levels:
        assert p.find(f"{W}pPr/{W}numPr") is None
        assert not re.match(r"\s*(\d+\.|\(\w+\))", texts(p)), "numbers are Word's, not typed"


# --- inline content, fields and bookmarks ----------------------------------------------


def _fields(data: bytes) -> list[tuple[str, str]]:
    """(instruction, cached result) of every complex field in the body."""
    out = []
    for p in part(data, "word/document.xml").iter(W + "p"):
        state, instr, result = None, "", ""
        for r in p.iter(W + "r"):
            char = r.find(W + "fldChar")
            if char is not None:
                kind = char.get(W + "fldCharType")
                if kind == "begin":
                    state, instr, result = "instr", "", ""
                elif kind == "separate":
                    state = "result"
                else:
                    out.append((instr.strip(), result))
                    state = None
            elif state == "instr":
                instr += "".join(t.text for t in r.iter(W + "instrText"))
            elif state == "result":
                result += texts(r)
    return out


def test_refs_are_ref_fields_with_the_tree_number_cached(rendered, sample):
    fields = _fields(rendered)
    assert ("REF dd_conditions \\w \\h", "4.1") in fields
    assert ("REF dd_tranche_1 \\w \\h", "2.1(a)") in fields
    assert ("REF dd_binding \\w \\h", "5") in fields
    assert ("REF dd_investment \\w \\h", "2.1") in fields  # inside a table cell
    text = "".join(texts(p) for p in body_paragraphs(rendered, "DDLevel2"))
    assert "subject to clause 4.1 (Conditions precedent)." in text


def test_bookmarks_exist_for_every_referenced_anchor(rendered, sample):
    body = part(rendered, "word/document.xml")
    starts = body.findall(f".//{W}bookmarkStart")
    names = {b.get(W + "name") for b in starts}
    for ref in ("dd_conditions", "dd_tranche_1", "dd_binding", "dd_investment", "dd_clawback"):
        assert ref in names
    ids = [b.get(W + "id") for b in starts]
    assert sorted(ids) == sorted(b.get(W + "id") for b in body.iter(W + "bookmarkEnd"))
    assert len(set(ids)) == len(ids)
    # the bookmark sits in the numbered paragraph itself, so REF \r finds its number
    target = body.xpath("//w:p[w:bookmarkStart/@w:name='dd_conditions']", namespaces=NS)[0]
    assert target.find(f"{W}pPr/{W}pStyle").get(W + "val") == "DDLevel2"


def test_bookmark_names_are_valid_and_unique():
    blocks = [
        Heading("A", anchor="x" * 60),
        Heading("B", anchor="x" * 61),
        Clause(2, [], anchor="9 lives/and-more"),
        Clause(2, [], anchor="9 lives.and-more"),
    ]
    names = bookmark_names(blocks)
    assert len(set(names.values())) == 4
    for name in names.values():
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", name)
    assert bookmark_names(blocks) == names


def test_defined_terms_and_run_in_titles(rendered):
    body = part(rendered, "word/document.xml")
    defined = body.xpath("//w:r[w:rPr/w:rStyle/@w:val='DDDefinedTerm']", namespaces=NS)
    assert "\u201cProject\u201d" in [texts(r) for r in defined]
    styles = part(rendered, "word/styles.xml")
    assert styles.xpath("//w:style[@w:styleId='DDDefinedTerm']/w:rPr/w:b", namespaces=NS)
    run_in = body.xpath("//w:r[w:rPr/w:rStyle/@w:val='DDRunIn']", namespaces=NS)
    assert [texts(r) for r in run_in] == ["Definitions.", "Investment.", "Clawback."]
    investment = run_in[1].getparent()
    assert texts(investment).startswith("Investment. The Consortium shall invest")
    strong = body.xpath("//w:r[w:rPr/w:b]", namespaces=NS)
    assert "SUBJECT TO CONTRACT" in [texts(r) for r in strong]


# --- title page, headers and footers ----------------------------------------------------


def test_title_page(rendered):
    document = docx.Document(io.BytesIO(rendered))
    paragraphs = document.paragraphs
    head = [(p.style.style_id, p.text) for p in paragraphs[:5]]
    assert head == [
        ("DDTitle", "Humber Low Carbon Cluster"),
        ("DDDocTitle", "Heads of Terms"),
        ("DDSubtitle", "Indicative, non-binding and subject to contract"),
        ("DDTitleDate", "Dated 2 March 2026"),  # as the PDF's cover says it
        ("DDTitleBetween", "between"),
    ]
    parties = [p.text for p in paragraphs if p.style.style_id == "DDParty"]
    assert parties == [
        "Humber Carbon Consortium Limited, a company incorporated in England and Wales "
        "(registered number 01234567) (the \u201cConsortium\u201d); and",
        "Kingston upon Hull City Council, a local authority (the \u201cCouncil\u201d).",
    ]
    first_after = paragraphs[len(head) + len(parties)]
    assert first_after.paragraph_format.page_break_before


def test_header_has_marking_and_draft_on_every_page(rendered):
    document = docx.Document(io.BytesIO(rendered))
    section = document.sections[0]
    assert not section.different_first_page_header_footer  # the title page shares it
    header = "\n".join(p.text for p in section.header.paragraphs)
    assert "SUBJECT TO CONTRACT" in header
    assert "DRAFT" in header
    final = word.render(make_document(draft=False))
    header = docx.Document(io.BytesIO(final)).sections[0].header.paragraphs[0].text
    assert "SUBJECT TO CONTRACT" in header and "DRAFT" not in header


def test_footer_has_page_x_of_y(rendered):
    footer = docx.Document(io.BytesIO(rendered)).sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(W + "instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = footer.paragraphs[0].text
    assert text.startswith("Humber Low Carbon Cluster\tPage ") and " of " in text


def test_page_is_a4_with_25mm_margins(rendered):
    section = docx.Document(io.BytesIO(rendered)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    for side in ("left", "right", "top", "bottom"):
        margin = getattr(section, f"{side}_margin")
        assert abs(margin - Mm(25)) < Mm(0.1)


# --- tables, signatures, figures, schedules ----------------------------------------------


def test_table(rendered):
    body = part(rendered, "word/document.xml")
    tables = body.xpath("//w:tbl[w:tblPr/w:tblStyle/@w:val='DDTable']", namespaces=NS)
    assert len(tables) == 1
    table = tables[0]
    caption = table.getprevious()
    assert caption.find(f"{W}pPr/{W}pStyle").get(W + "val") == "DDCaption"
    assert texts(caption) == "Table 1: Commitments"
    rows = table.findall(W + "tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    header = [texts(c) for c in rows[0].findall(W + "tc")]
    assert header == ["Obligor", "Counterparty", "Commitment", "Due"]
    assert texts(rows[1]) == "ConsortiumCouncilInvest per clause 2.131 March 2026"
    grid = [int(c.get(W + "w")) for c in table.iter(W + "gridCol")]
    assert grid[2] == pytest.approx(grid[0] * 5 / 2, abs=2)
    assert sum(grid) == 11906 - 2 * 1417


def test_signature_blocks_are_kept_together(rendered):
    body = part(rendered, "word/document.xml")
    blocks = [t for t in body.iter(W + "tbl") if "Signed" in texts(t)]
    assert len(blocks) == 2
    for table in blocks:
        assert texts(table).count("Signed") == 1  # one sentence a block, never two
        for row in table.findall(W + "tr"):
            assert row.find(f"{W}trPr/{W}cantSplit") is not None
    first = texts(blocks[0])
    assert "Signed by Jane Smith, Director, for and on behalf of Humber Carbon Consortium Limited" in first
    assert "Name: Jane Smith" in first and "Date:" in first
    second = texts(blocks[1])
    assert ("Signed for and on behalf of Kingston upon Hull City Council by an officer authorised under its "
            "scheme of delegation") in second
    assert body.xpath("//w:p[w:pPr/w:pStyle/@w:val='DDSignatureLine']", namespaces=NS)


def test_figure_is_a_picture_with_alt_text(rendered):
    body = part(rendered, "word/document.xml")
    doc_pr = body.xpath("//wp:inline/wp:docPr", namespaces=NS)
    assert len(doc_pr) == 1
    assert doc_pr[0].get("descr") == ALT
    extent = body.xpath("//wp:inline/wp:extent", namespaces=NS)[0]
    assert int(extent.get("cx")) == Mm(120)
    assert int(extent.get("cy")) == round(Mm(120) * 120 / 400)
    picture = doc_pr[0].getparent().getparent().getparent().getparent()  # the w:p
    caption = picture.getnext()
    assert texts(caption) == "Figure 1: Milestone timeline"
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in package.namelist())


def test_schedule_heading(rendered):
    (schedule,) = body_paragraphs(rendered, "DDScheduleHeading")
    assert texts(schedule) == "Commitments matrix"  # "Schedule 1" is the list's number, not typed
    assert schedule.find(f".//{W}br") is not None
    assert schedule.find(W + "bookmarkStart").get(W + "name") == "dd_schedule_1"


def test_page_break_becomes_page_break_before(rendered):
    headings = body_paragraphs(rendered, "DDSubHeading")
    (heading,) = [p for p in headings if texts(p) == "Milestone timeline"]
    assert heading.find(f"{W}pPr/{W}pageBreakBefore") is not None


# --- package: properties, settings, determinism ---------------------------------------------


def test_core_properties(rendered):
    props = docx.Document(io.BytesIO(rendered)).core_properties
    midnight = datetime(2026, 3, 2, tzinfo=timezone.utc)
    assert props.title == "Humber Low Carbon Cluster \u2013 Heads of Terms"
    assert props.subject == "Indicative, non-binding and subject to contract"
    assert props.author == "Humber Carbon Consortium Limited; Kingston upon Hull City Council"  # the parties
    assert props.last_modified_by == "dealdocs"
    assert props.keywords == "heads of terms; cluster deal; humber-2026"
    assert props.language == "en-GB"
    assert props.created == props.modified == midnight
    assert props.last_printed is None  # nothing was printed
    assert props.revision == 1
    assert props.comments == ""


def test_package_has_no_stale_template_parts(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        names = package.namelist()
        rels = package.read("_rels/.rels") + package.read("word/_rels/document.xml.rels")
        app = package.read("docProps/app.xml").decode()
    assert not any("thumbnail" in n or "stylesWithEffects" in n for n in names)
    assert b"thumbnail" not in rels and b"stylesWithEffects" not in rels
    assert "<Application>dealdocs</Application>" in app
    assert "Microsoft Macintosh Word" not in app and "<Pages>" not in app


def test_settings_and_language(rendered):
    settings = part(rendered, "word/settings.xml")
    mode = settings.xpath("//w:compatSetting[@w:name='compatibilityMode']/@w:val", namespaces=NS)
    assert mode == ["15"]
    styles = part(rendered, "word/styles.xml")
    assert xp(styles, "//w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["en-GB"]
    fonts = styles.xpath("//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)[0]
    assert fonts.get(W + "ascii") == "Times New Roman"
    assert fonts.get(W + "asciiTheme") is None


def test_two_renders_are_byte_identical(sample, rendered):
    assert word.render(sample) == rendered
    assert word.render(make_document()) == rendered
    with zipfile.ZipFile(io.BytesIO(rendered)) as package:
        infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


# --- house style (--style) -----------------------------------------------------------------------


@pytest.fixture
def reference(tmp_path):
    ref = docx.Document()
    normal = ref.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    section = ref.sections[0]
    section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    section.left_margin = section.right_margin = Mm(30)
    section.header.paragraphs[0].text = "ACME LLP"
    ref.add_paragraph("Old body text that must not survive.")
    path = tmp_path / "house.docx"
    ref.save(path)
    return path


def _check_house_style(data: bytes):
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert abs(section.page_width - Mm(215.9)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    header = [p.text for p in section.header.paragraphs]
    assert header[0] == "ACME LLP"
    assert any("SUBJECT TO CONTRACT" in t for t in header)
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(10)
    ids = {s.style_id for s in document.styles}
    assert {"DDHeading1", "DDLevel2", "DDLevel3", "DDLevel4", "DDBody", "DDTable"} <= ids
    assert "Old body text" not in "\n".join(p.text for p in document.paragraphs)
    assert document.core_properties.author == "Humber Carbon Consortium Limited; Kingston upon Hull City Council"
    # the marking is in a header, and the numbering list is in place
    numbering = part(data, "word/numbering.xml")
    assert numbering.xpath("//w:lvl[w:pStyle/@w:val='DDLevel2']", namespaces=NS)


def test_style_reference_keeps_page_set_up_and_header(sample, reference):
    data = word.render(sample, style=reference)
    _check_house_style(data)
    assert word.render(sample, style=reference) == data


def test_style_reference_dotx(sample, reference, tmp_path):
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(reference) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, content)
    _check_house_style(word.render(sample, style=dotx))


def test_style_reference_without_numbering_part(sample, reference, tmp_path):
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(reference) as src, zipfile.ZipFile(bare, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            if item.filename == "word/numbering.xml":
                continue
            if item.filename in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                content = re.sub(rb"<(Override|Relationship) [^>]*numbering[^>]*/>", b"", content)
            dst.writestr(item, content)
    _check_house_style(word.render(sample, style=bare))


def test_style_reference_header_inherited_from_an_earlier_section(sample, tmp_path):
    ref = docx.Document()
    ref.sections[0].header.paragraphs[0].text = "ACME LLP"
    ref.add_paragraph("Cover page")
    ref.add_section()  # its header is linked to the first section's
    path = tmp_path / "sections.docx"
    ref.save(path)
    document = docx.Document(io.BytesIO(word.render(sample, style=path)))
    assert len(document.sections) == 1
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "ACME LLP" and "SUBJECT TO CONTRACT" in header[1]


def test_own_output_as_reference_does_not_duplicate_lists(sample, rendered, tmp_path):
    previous = tmp_path / "previous.docx"
    previous.write_bytes(rendered)
    data = word.render(sample, style=previous)
    numbering = part(data, "word/numbering.xml")
    assert len(xp(numbering, "//w:abstractNum[w:lvl/w:pStyle/@w:val='DDLevel2']")) == 1
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert sum("SUBJECT TO CONTRACT" in p.text for p in header.paragraphs) == 1


@pytest.mark.parametrize("content", [b"not a zip file", b""])
def test_unreadable_reference_is_an_input_error(sample, tmp_path, content):
    from dealdocs.errors import InputError

    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    with pytest.raises(InputError, match="house style: is not a Word document"):
        word.render(sample, style=bad)
    with pytest.raises(InputError, match="no such house style"):
        word.render(sample, style=tmp_path / "missing.docx")


# --- independent readers --------------------------------------------------------------------


def test_pandoc_reads_the_clauses(rendered, tmp_path):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed: cannot check the .docx with an independent reader")
    path = tmp_path / "hot.docx"
    path.write_bytes(rendered)
    out = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    assert "The Consortium shall invest £12,500,000 in the Project" in out
    assert "\u201cProject\u201d means the Humber carbon capture" in out
    assert "4.1 (Conditions precedent)" in out


@pytest.mark.slow
def test_libreoffice_converts_to_pdf(rendered, tmp_path):
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed: no PDF conversion check")
    path = tmp_path / "hot.docx"
    path.write_bytes(rendered)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True, check=True, timeout=180,
    )
    pdf = tmp_path / "hot.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout
    pages = text.split("\f")
    assert all("SUBJECT TO CONTRACT" in p for p in pages if p.strip())
    assert "DRAFT" in text
    flowing = " ".join(text.split())
    assert "subject to clause 4.1 (Conditions precedent)" in flowing  # REF field recomputed
    assert "Reference source not found" not in text and "Error" not in text
    assert re.search(r"Page 1 of \d+", text)


def test_open_xml_schema_validation(rendered, reference, sample, tmp_path):
    """openxml-audit (PyPI) checks element order and values against the Open XML schemas."""
    audit = shutil.which("openxml-audit") or shutil.which("openxml-audit", path=str(Path(sys.executable).parent))
    if audit is None:
        pytest.skip("openxml-audit is not installed: cannot validate against the Open XML schemas")
    house = word.render(sample, style=reference)
    for name, data in (("own.docx", rendered), ("house.docx", house)):
        path = tmp_path / name
        path.write_bytes(data)
        result = subprocess.run(
            [audit, "-q", str(path)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
