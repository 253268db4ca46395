"""Notes to draft as Word comments, each by the party whose note it is (SPEC section 8).

A comment spans the paragraph it is about: `w:commentRangeStart` after the paragraph
properties, `w:commentRangeEnd` and the reference run at its end. The comment's text
lives in the comments part python-docx keeps; its date is the deal's date, not the
clock, so two builds stay byte-identical.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from lxml import etree

from dealdocs.tree import Note

from .wml import W, w


class Commenter:
    def __init__(self, part, when: date):
        self.part = part  # the document part, which owns the comments part
        self.when = datetime.combine(when, time(), tzinfo=timezone.utc)

    def add(self, p: etree._Element, note: Note, annotation_id: int) -> None:
        """A comment by `note.author` on paragraph `p`, as it stands; `annotation_id` is
        unique among the document's bookmarks, comments and revisions."""
        comment = self.part._comments_part.comments.add_comment(note.text, author=note.author,
                                                                  initials=initials(note.author))
        comment._comment_elm.date = self.when
        comment._comment_elm.id = annotation_id
        cid = str(annotation_id)
        start = etree.Element(W + "commentRangeStart", {W + "id": cid})
        ppr = p.find(W + "pPr")
        p.insert(0 if ppr is None else p.index(ppr) + 1, start)
        w(p, "commentRangeEnd", id=cid)
        w(w(p, "r"), "commentReference", id=cid)


def initials(name: str) -> str:
    """"Secretary of State" -> "SS": the capitals of its words, as Word makes them."""
    letters = "".join(word[0] for word in name.split() if word[:1].isupper())
    return letters or name[:1].upper()
