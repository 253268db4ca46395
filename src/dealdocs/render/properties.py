"""The document's properties, the same in every format.

A document management system or a search index reads the title, author and dates of
the Word file, the PDF and the web page alike; if they disagree ("Heads of Terms —
Deal" in one, "Deal – Heads of Terms" in another, "dealdocs" as the author), the copies
of one document file as three. Every renderer takes them from here:

- title: "<deal title> – <document title>", the deal first (as files are sorted);
- authors: the parties, in the order of the title page (the document is theirs, not
  the tool's, which is named as the generator / creator tool / application);
- subject: the subtitle where there is one, else the document title;
- keywords: the document's keywords and the deal id;
- language, and one date, the deal's, for created and modified alike. Nothing else:
  no "last printed" (nothing was), no revision count beyond the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dealdocs.tree import Document

GENERATOR = "dealdocs"


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    language: str
    date: date  # created and modified


def properties(doc: Document) -> Properties:
    keywords = tuple(dict.fromkeys(k for k in (*doc.keywords, doc.deal_id) if k.strip()))
    return Properties(
        title=f"{doc.deal_title} \u2013 {doc.title}",
        subject=doc.subtitle or doc.title,
        authors=tuple(party.name for party in doc.parties),
        keywords=keywords,
        language=doc.language,
        date=doc.date,
    )
