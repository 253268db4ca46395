"""The document tree's inline content: the runs inside a paragraph or a table cell.

Plain text, bold words, the defining occurrence of a defined term, a cross-reference,
a note to draft and, in a redline, runs inserted or deleted; and two readings of them:
as `plain` text, and cut at newlines into `lines`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    """Emphasised words, e.g. SUBJECT TO CONTRACT inside a sentence."""

    text: str


@dataclass(frozen=True)
class Defined:
    """The defining occurrence of a defined term: printed bold inside curly quotes."""

    term: str


@dataclass(frozen=True)
class Ref:
    """A cross-reference to the clause whose anchor is `target`.

    `number` is filled in by `number_clauses`; renderers print it (Word also writes a
    REF field whose cached result it is). `label` follows the number in brackets,
    e.g. "clause 8.2 (Clawback)".
    """

    target: str
    number: str = ""
    label: str = ""
    was: str = ""  # in a redline, the number it had in the previous round, if different


@dataclass(frozen=True)
class Note:
    """A note to draft by one party (SPEC section 8): printed "[Note to draft (Secretary
    of State): ...]"; in Word, a comment by that party on the paragraph it ends."""

    author: str  # the party's defined term without "the": "Secretary of State"
    text: str

    @property
    def printed(self) -> str:
        return f"[Note to draft ({self.author}): {self.text}]"


@dataclass(frozen=True)
class Change:
    """Runs inserted ("ins") or deleted ("del") since the previous round, in a redline."""

    kind: str
    items: tuple  # of Inline


Inline = Union[Text, Strong, Defined, Ref, Note, Change]


def plain(inlines: list[Inline]) -> str:
    """The inline content as plain text, as a reader would see it."""
    out = []
    for item in inlines:
        if isinstance(item, Text | Strong):
            out.append(item.text)
        elif isinstance(item, Defined):
            out.append(f"\u201c{item.term}\u201d")
        elif isinstance(item, Note):
            out.append(item.printed)
        elif isinstance(item, Change):
            out.append(plain(list(item.items)) if item.kind == "ins" else "")
        else:
            out.append(item.number or item.target)
    return "".join(out)


def lines(items: list[Inline]) -> list[list[Inline]]:
    """The inline content cut at its newlines (a table cell's lines, each a paragraph in
    Word); a `Change` that spans a newline is cut into one `Change` per line."""
    out: list[list[Inline]] = [[]]
    for item in items:
        if isinstance(item, Text) and "\n" in item.text:
            pieces: list[list[Inline]] = [[Text(piece)] if piece else [] for piece in item.text.split("\n")]
        elif isinstance(item, Change) and _has_newline(item.items):
            pieces = [[Change(item.kind, tuple(piece))] if piece else [] for piece in lines(list(item.items))]
        else:
            pieces = [[item]]
        out[-1] += pieces[0]
        out += pieces[1:]
    return out


def _has_newline(items) -> bool:
    return any("\n" in i.text if isinstance(i, Text) else isinstance(i, Change) and _has_newline(i.items)
               for i in items)
