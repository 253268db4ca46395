"""Word: native .docx that a lawyer keeps editing.

Real paragraph styles named as law firms name them ("Level 1 Heading", "Level 2 Number",
"Schedule Heading"; ids DDHeading1, DDLevel2 ...), one multi-level list linked to those
styles (and to Word's own Heading 1-3) so Word numbers and renumbers clauses itself,
bookmarks on clauses and REF fields for cross-references, a marked header and a "Page X
of Y" footer on every page, and document properties from the deal. The steps, in order:

    template  -> open_base            python-docx's template, or the --style reference
    lists     -> numbering.add_lists  the clause list and the party list
    styles    -> styles.add_styles    DD styles the template lacks (a house's own "Level 1
                                      Heading" adopted first: adopt), linked to the lists
    pages     -> page.*               A4 set-up, header and footer, the title page
    body      -> blocks.BodyWriter    every block of the tree (notes to draft as comments)
    package   -> package.*            properties, settings, stale parts, fixed zip
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from dealdocs.tree import Document

from . import numbering, page, styles
from .adopt import adopt_house_styles, ensure_outline_levels
from .blocks import BodyWriter, bookmark_names
from .comments import Commenter
from .revisions import Revisions
from .package import deterministic_zip, drop_stale_parts, open_base, set_properties, set_settings
from .wml import W

NAME = "docx"
SUFFIX = "docx"


def render(doc: Document, *, style: Path | None = None) -> bytes:
    """The .docx bytes of `doc`; `style` is a reference .docx/.dotx for the house style.

    Raises ValueError when `style` is not a readable Word document.
    """
    document = open_base(style)
    drop_stale_parts(document)  # before the body: a reference's comments must not be reused
    section = document.sections[-1]
    if style is None:
        page.set_up_page(section)
    width = page.text_width(section)

    numbering_root = numbering.numbering_element(document)
    styles_root = document.styles.element
    adopt_house_styles(styles_root, numbering_root)  # before the lists: the house's links follow
    num_ids = numbering.add_lists(numbering_root)
    styles.add_styles(styles_root, num_ids)
    ensure_outline_levels(styles_root)
    if style is None:  # Word's own Heading 1-3 number as clauses too
        styles.link_headings(styles_root, num_ids)
    styles.set_doc_defaults(
        styles_root, doc.language, font=None if style is not None else styles.BODY_FONT
    )
    numbering.sync_level_indents(numbering_root, styles_root)
    page.add_header_footer(document, doc, width)

    body = document.element.body
    sect_pr = body.find(W + "sectPr")
    body.remove(sect_pr)  # appended again last: the section properties end the body
    writer = BodyWriter(body, document.part, width, bookmark_names(doc.blocks), Commenter(document.part, doc.date))
    if doc.revision:  # a redline: the changes since the previous round, tracked
        writer.revisions = Revisions(doc.revision, doc.date, writer.next_id)
    page.title_page(writer, doc)
    writer.write(doc.blocks)
    writer.finish()
    body.append(sect_pr)

    set_settings(document, doc.language)
    set_properties(document, doc)
    out = BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue())
