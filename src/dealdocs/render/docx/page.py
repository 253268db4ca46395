"""Page set-up, the running header and footer, and the title page."""

from __future__ import annotations

from docx.shared import Twips
from lxml import etree

from dealdocs.clausefilters import long_date
from dealdocs.tree import Document

from .blocks import BodyWriter
from .wml import W, field, paragraph, run

A4 = (11906, 16838)  # twips
MARGIN = 1417  # 25 mm
HEADER_DISTANCE = 709  # 12.5 mm
def set_up_page(section) -> None:
    """A4 portrait with 25 mm margins (dealdocs' own template only)."""
    section.page_width, section.page_height = Twips(A4[0]), Twips(A4[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    section.header_distance = section.footer_distance = Twips(HEADER_DISTANCE)
    section.gutter = Twips(0)


def text_width(section) -> int:
    """The width between the margins, in twips."""
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None:
        return A4[0] - 2 * MARGIN
    return max(int((width - (left or 0) - (right or 0)) / 635), 1440)


def add_header_footer(document, doc: Document, width: int) -> None:
    """The marking (and DRAFT) at the top of every page; "Page X of Y" at the foot.

    A reference document's own header content stays and the marking is added under it:
    SUBJECT TO CONTRACT must appear on every page whatever the house style. Every header
    Word may show is covered: the first-page and even-page ones too where enabled.
    """
    section = document.sections[-1]
    kinds = ["header"]
    if section.different_first_page_header_footer:
        kinds.append("first_page_header")
    if document.settings.odd_and_even_pages_header_footer:
        kinds.append("even_page_header")
    for kind in kinds:
        header = getattr(section, kind)
        fresh = header.is_linked_to_previous
        story = header.part.element  # creates the part where the template has none
        _remove_own(story, "DDHeader", fresh)
        # The marking at the left and DRAFT at the right, as the PDF has them.
        p = paragraph(story, "DDHeader", tabs=(("right", width, "none"),))  # a header needs a paragraph
        if doc.marking:
            run(p, doc.marking, bold=True)
        if doc.draft:
            run(p, "\t")
            run(p, doc.draft_mark, char_style="DDDraftMark")
        footer = getattr(section, kind.replace("header", "footer"))
        fresh = footer.is_linked_to_previous
        story = footer.part.element
        _remove_own(story, "DDFooter", fresh)
        if not _has_page_field(story):
            p = paragraph(story, "DDFooter", tabs=(("right", width, "none"),))
            run(p, doc.deal_title + "\tPage ")
            field(p, "PAGE", "1")
            run(p, " of ")
            field(p, "NUMPAGES", "1")


def _remove_own(story: etree._Element, style: str, fresh: bool) -> None:
    """Drop a new part's placeholder paragraph, or what an earlier dealdocs build wrote."""
    for p in story.findall(W + "p"):
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        if fresh or (pstyle is not None and pstyle.get(W + "val") == style):
            story.remove(p)


def _has_page_field(story: etree._Element) -> bool:
    instructions = [t.text or "" for t in story.iter(W + "instrText")]
    instructions += [f.get(W + "instr", "") for f in story.iter(W + "fldSimple")]
    return any("PAGE" in i.split() for i in instructions)


def title_page(writer: BodyWriter, doc: Document) -> None:
    """Deal title, document title, subtitle, date, "between" and the numbered parties."""
    run(writer.para("DDTitle"), doc.deal_title)
    run(writer.para("DDDocTitle"), doc.title)
    if doc.subtitle:
        run(writer.para("DDSubtitle"), doc.subtitle)
    date = writer.para("DDTitleDate")
    run(date, "Dated ")
    if doc.date_was and writer.revisions:
        writer.revisions.words(date, long_date(doc.date_was), long_date(doc.date))
    else:
        run(date, long_date(doc.date))
    if doc.parties:
        run(writer.para("DDTitleBetween"), "between")
    for i, party in enumerate(doc.parties):
        p = writer.para("DDParty")
        run(p, party.name, char_style="DDPartyName")
        if party.description:
            run(p, f", {party.description}")
        if party.short_name and party.short_name != party.name:
            run(p, " (the ")
            run(p, f"\u201c{party.short_name}\u201d", char_style="DDDefinedTerm")
            run(p, ")")
        last = len(doc.parties) - 1
        run(p, "." if i == last else "; and" if i == last - 1 else ";")
        if party.change and writer.revisions:
            writer.revisions.paragraph(p, party.change)
    writer.page_break()
