"""The numbering definitions: one multi-level list for clauses, one list for the parties,
one for the rows of a numbered table (the term sheet's), one for the schedules.

Law-firm practice, which Word's own templates follow: one `w:abstractNum` of type
`multilevel` whose levels are each linked to a paragraph style (`w:pStyle`), while each
style carries the matching `w:numPr`. A paragraph then carries only its style, so Word
numbers, indents and renumbers it when a lawyer inserts a clause, and REF fields to it
update. The tree's own numbers are only the cached results of those REF fields.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import nsdecls
from docx.parts.numbering import NumberingPart
from lxml import etree

from .wml import W, w

# (numFmt, lvlText, linked style, left indent in twips); hanging indent is always 720.
CLAUSE_LEVELS = (
    ("decimal", "%1.", "DDHeading1", 720),
    ("decimal", "%1.%2", "DDLevel2", 720),
    ("lowerLetter", "(%3)", "DDLevel3", 1440),
    ("lowerRoman", "(%4)", "DDLevel4", 2160),
    ("upperLetter", "(%5)", "", 2880),
    ("upperRoman", "(%6)", "", 3600),
    ("decimal", "%7.", "", 4320),
    ("lowerLetter", "%8.", "", 5040),
    ("lowerRoman", "%9.", "", 5760),
)
PARTY_LEVELS = (("decimal", "(%1)", "DDParty", 720),)
# The term sheet's rows: "1." in a narrow first column, the term after a short hanging indent.
ROW_LEVELS = (("decimal", "%1.", "DDRowNumber", 454),)
# The schedules: "Schedule 1" is the heading's list number, its title on the next line (a
# line break). A space after the number, not a tab (a centred heading), so a heading a
# lawyer types without the break still reads "Schedule 2 Title"; no indent.
SCHEDULE_LEVELS = (("decimal", "Schedule %1", "DDScheduleHeading", 0),)
_SPACE_AFTER = {"DDScheduleHeading"}
HANGING = 720
# clause level (1-4) -> where its text starts; continuation paragraphs line up with it.
TEXT_INDENT = {level: CLAUSE_LEVELS[level - 1][3] for level in (1, 2, 3, 4)}

# style id -> (list, level): which styles carry which numPr.
NUMBERED_STYLES = {
    **{style: ("clause", i) for i, (_, _, style, _) in enumerate(CLAUSE_LEVELS) if style},
    "DDParty": ("party", 0),
    "DDRowNumber": ("row", 0),
    "DDScheduleHeading": ("schedule", 0),
}

# Fixed list identifiers (nsid) keep the output byte-identical from build to build.
_NSIDS = {"clause": 0xDDC1A001, "party": 0xDDC1A002, "row": 0xDDC1A003, "schedule": 0xDDC1A004}


def numbering_element(document) -> etree._Element:
    """The `w:numbering` root, creating the part when the template has none.

    python-docx cannot create a numbering part itself (`NumberingPart.new` raises), and
    reference documents without any list in them often lack one.
    """
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        pass
    blob = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:numbering {nsdecls('w')}/>"
    ).encode()
    numbering_part = NumberingPart.load(
        PackURI("/word/numbering.xml"), CT.WML_NUMBERING, blob, part.package
    )
    part.relate_to(numbering_part, RT.NUMBERING)
    return numbering_part.element


def add_lists(numbering: etree._Element) -> dict[str, int]:
    """Add the clause and party lists; return list name -> `w:numId`.

    Definitions that a previous dealdocs build left in a reference document (levels
    linked to DD styles) are removed first, so two lists never claim the same style.
    """
    _drop_own_lists(numbering)
    abstract_ids = [int(a.get(W + "abstractNumId")) for a in numbering.iter(W + "abstractNum")]
    num_ids = [int(n.get(W + "numId")) for n in numbering.iter(W + "num")]
    nsids = {n.get(W + "val") for n in numbering.iter(W + "nsid")}
    next_abstract = max(abstract_ids, default=-1) + 1
    next_num = max(num_ids, default=0) + 1
    ids = {}
    for name, levels in (("clause", CLAUSE_LEVELS), ("party", PARTY_LEVELS), ("row", ROW_LEVELS),
                         ("schedule", SCHEDULE_LEVELS)):
        nsid = _NSIDS[name]
        while f"{nsid:08X}" in nsids:
            nsid += 0x10
        abstract = _abstract_num(numbering, next_abstract, f"{nsid:08X}", levels)
        # Schema order: every abstractNum before the first num.
        numbering.remove(abstract)
        numbering.insert_element_before(abstract, "w:num", "w:numIdMacAtCleanup")
        num = w(numbering, "num", numId=next_num)
        w(num, "abstractNumId", val=next_abstract)
        numbering.remove(num)
        numbering.insert_element_before(num, "w:numIdMacAtCleanup")
        ids[name] = next_num
        next_abstract += 1
        next_num += 1
    return ids


def _abstract_num(numbering, abstract_id: int, nsid: str, levels) -> etree._Element:
    abstract = w(numbering, "abstractNum", abstractNumId=abstract_id)
    w(abstract, "nsid", val=nsid)
    w(abstract, "multiLevelType", val="multilevel" if len(levels) > 1 else "singleLevel")
    w(abstract, "tmpl", val=nsid)
    for ilvl, (fmt, text, style, left) in enumerate(levels):
        lvl = w(abstract, "lvl", ilvl=ilvl)
        w(lvl, "start", val=1)
        w(lvl, "numFmt", val=fmt)
        if style:
            w(lvl, "pStyle", val=style)
        if style in _SPACE_AFTER:
            w(lvl, "suff", val="space")
        w(lvl, "lvlText", val=text)
        w(lvl, "lvlJc", val="left")
        w(w(lvl, "pPr"), "ind", left=left, hanging=min(left, HANGING))
    return abstract


def _drop_own_lists(numbering: etree._Element) -> None:
    ours = set()
    for abstract in numbering.findall(W + "abstractNum"):
        styles = {s.get(W + "val") for s in abstract.iter(W + "pStyle")}
        if styles & NUMBERED_STYLES.keys():
            ours.add(abstract.get(W + "abstractNumId"))
            numbering.remove(abstract)
    for num in numbering.findall(W + "num"):
        ref = num.find(W + "abstractNumId")
        if ref is not None and ref.get(W + "val") in ours:
            numbering.remove(num)


def sync_level_indents(numbering: etree._Element, styles: etree._Element) -> None:
    """Give each linked level the indent of its style.

    A house style (`--style`) may set its own indents on DD styles; Word applies the
    list level's indent over the style's, so the level must agree with the style.
    """
    indents = {}
    for style in styles.iterfind(W + "style"):
        ind = style.find(f"{W}pPr/{W}ind")
        if ind is not None and style.get(W + "styleId") in NUMBERED_STYLES:
            indents[style.get(W + "styleId")] = ind
    for lvl in numbering.iter(W + "lvl"):
        pstyle = lvl.find(W + "pStyle")
        if pstyle is None or pstyle.get(W + "val") not in indents:
            continue
        source = indents[pstyle.get(W + "val")]
        target = lvl.find(f"{W}pPr/{W}ind")
        target.attrib.clear()
        target.attrib.update(source.attrib)
