"""A redline: NEW's document with every change from OLD marked (SPEC section 9).

Both rounds are assembled into document trees and compared as trees, not as text:

1. each tree is cut into sections at the blocks that carry a stable id (a clause's
   anchor, which is the commitment's or remedy's id, a heading, a schedule, a signature
   block), and the sections are aligned on those ids, so a clause renumbered by an
   insertion above it is still matched with itself;
2. within a matched section the paragraphs are aligned by kind and level, and each
   matched pair is compared word by word; a table's rows are aligned on the clause they
   refer to (or their first cell);
3. what is left over is inserted or deleted whole.

The result is NEW's tree with `Change` runs, blocks marked "ins" or "del" (keeping
OLD's clause numbers on what was deleted) and cross-references that say what number
they had. Accepting every change gives NEW's document; rejecting every change gives
OLD's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Any

from dealdocs.assemble.positions import tokens
from dealdocs.tree import (
    Block,
    Change,
    Clause,
    Defined,
    Document,
    Figure,
    Heading,
    Inline,
    Note,
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
    plain,
)


def redline(old: Document, new: Document, *, revision: str, compared_with: str) -> Document:
    """NEW's document with OLD's differences marked; `revision` names who made them
    (Word's revision author, e.g. "Round 3")."""
    return replace(
        new,
        blocks=merge_blocks(old.blocks, new.blocks),
        parties=_parties(old.parties, new.parties),
        revision=revision,
        compared_with=compared_with,
        date_was=old.date if old.date != new.date else None,
    )


# --- sections -----------------------------------------------------------------------------


def merge_blocks(old: list[Block], new: list[Block]) -> list[Block]:
    before, after = _sections(old), _sections(new)
    out: list[Block] = []
    matcher = SequenceMatcher(None, [k for k, _ in before], [k for k, _ in after], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for (_, a), (_, b) in zip(before[a1:a2], after[b1:b2]):
                out += _section(a, b)
        else:
            out += [_whole(block, "del") for _, blocks in before[a1:a2] for block in blocks]
            out += [_whole(block, "ins") for _, blocks in after[b1:b2] for block in blocks]
    return out


def _sections(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """The blocks cut at each block with a stable id; the keys are unique."""
    out: list[tuple[str, list[Block]]] = []
    seen: dict[str, int] = {}
    for block in blocks:
        key = _key(block)
        if key is None and out:
            out[-1][1].append(block)
            continue
        key = key or "start"
        seen[key] = seen.get(key, 0) + 1
        out.append((key if seen[key] == 1 else f"{key}#{seen[key]}", [block]))
    return out


def _key(block: Block) -> str | None:
    anchor = getattr(block, "anchor", "")
    if anchor:
        return anchor
    if isinstance(block, Heading):
        return f"heading:{block.text}"
    if isinstance(block, ScheduleHeading):
        return f"schedule:{block.title}"
    if isinstance(block, SubHeading):
        return f"subheading:{block.text}"
    if isinstance(block, Signature):
        return f"signature:{block.party}"
    return None


def _section(old: list[Block], new: list[Block]) -> list[Block]:
    out: list[Block] = []
    matcher = SequenceMatcher(None, [_shape(b) for b in old], [_shape(b) for b in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[a1:a2], new[b1:b2]):
                out += _pair(a, b)
        else:
            out += _closest(old[a1:a2], new[b1:b2])
    return out


def _closest(old: list[Block], new: list[Block]) -> list[Block]:
    """Blocks that differ in shape or number: the most alike pair of the same shape is
    compared word by word, and what lies either side of it is aligned the same way; a
    block with no counterpart alike enough is deleted or inserted whole."""
    best, where = _SIMILAR, None
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            if _shape(a) == _shape(b):
                ratio = SequenceMatcher(None, plain(_content(a)), plain(_content(b)), autojunk=False).ratio()
                if ratio > best:
                    best, where = ratio, (i, j)
    if where is None:
        return [_whole(block, "del") for block in old] + [_whole(block, "ins") for block in new]
    i, j = where
    return [*_closest(old[:i], new[:j]), *_pair(old[i], new[j]), *_closest(old[i + 1:], new[j + 1:])]


# Below this share of words in common two paragraphs are different paragraphs, not one
# edited (difflib's own cut-off for "close" lines is 0.6; clauses share more words).
_SIMILAR = 0.6


def _content(block: Block) -> list[Inline]:
    return getattr(block, "content", []) if isinstance(block, Clause | Para) else []


def _shape(block: Block) -> tuple:
    """What two blocks must share to be compared word by word: kind and level, and for a
    definition, the term it defines."""
    if isinstance(block, Clause):
        return ("clause", block.level)
    if isinstance(block, Para):
        first = block.content[0] if block.content else None
        return ("para", block.indent, block.kind, first.term if isinstance(first, Defined) else "")
    if isinstance(block, Table):
        return ("table", tuple(block.header))
    return (type(block).__name__,)


def _whole(block: Block, kind: str) -> Block:
    return replace(block, change=kind) if not isinstance(block, PageBreak) else block


# --- one block against its counterpart ---------------------------------------------------


def _pair(old: Block, new: Block) -> list[Block]:
    if isinstance(new, Clause):
        return [replace(new, content=merge_inlines(old.content, new.content),
                        title_was=old.title if old.title != new.title else None)]
    if isinstance(new, Para):
        return [replace(new, content=merge_inlines(old.content, new.content))]
    if isinstance(new, Heading):
        return [replace(new, was=old.text if old.text != new.text else None)]
    if isinstance(new, Table):
        return [_table(old, new)]
    if isinstance(new, Figure):
        return [new] if old.svg == new.svg else [_whole(old, "del"), _whole(new, "ins")]
    if _same(old, new):
        return [new]
    return [_whole(old, "del"), _whole(new, "ins")]


def _same(old: Block, new: Block) -> bool:
    keep = ("number", "anchor")
    fields = {k: v for k, v in vars(old).items() if k not in keep}
    return fields == {k: v for k, v in vars(new).items() if k not in keep}


def _table(old: Table, new: Table) -> Table:
    rows: list[list[list[Inline]]] = []
    changes: list[str] = []
    matcher = SequenceMatcher(None, [_row_key(r) for r in old.rows], [_row_key(r) for r in new.rows], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old.rows[a1:a2], new.rows[b1:b2]):
                rows.append([merge_inlines(x, y) for x, y in zip(a, b)] + b[len(a):])
                changes.append("")
        else:
            rows += old.rows[a1:a2]
            changes += ["del"] * (a2 - a1)
            rows += new.rows[b1:b2]
            changes += ["ins"] * (b2 - b1)
    return replace(new, rows=rows, row_changes=changes)


def _row_key(row: list[list[Inline]]) -> str:
    """A row is the same row if it refers to the same clause, or starts the same way
    (a term-sheet row's own number does not count: rows are renumbered too)."""
    first = row[0] if row else []
    ref = next((i for i in first if isinstance(i, Ref)), None)
    if ref is not None:
        return f"ref:{ref.target}"
    return re.sub(r"^\d+\.\s*", "", plain(first))


def _parties(old: list[PartyLine], new: list[PartyLine]) -> list[PartyLine]:
    out: list[PartyLine] = []
    matcher = SequenceMatcher(None, [p.name for p in old], [p.name for p in new], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out += new[b1:b2]
        else:
            out += [replace(p, change="del") for p in old[a1:a2]]
            out += [replace(p, change="ins") for p in new[b1:b2]]
    return out


# --- words ------------------------------------------------------------------------------


def merge_inlines(old: list[Inline], new: list[Inline]) -> list[Inline]:
    """NEW's runs with OLD's differences as `Change` runs, word by word."""
    before, after = list(_tokens(old)), list(_tokens(new))
    out: list[Inline] = []
    matcher = SequenceMatcher(None, [k for k, _ in before], [k for k, _ in after], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            for (_, a), (_, b) in zip(before[a1:a2], after[b1:b2]):
                out.append(replace(b, was=a.number) if isinstance(b, Ref) and a.number != b.number else b)
            continue
        if a2 > a1:
            out.append(Change("del", tuple(_joined([t for _, t in before[a1:a2]]))))
        if b2 > b1:
            out.append(Change("ins", tuple(_joined([t for _, t in after[b1:b2]]))))
    return _joined(out)


def _tokens(items: list[Inline]) -> Iterator[tuple[Any, Inline]]:
    for item in items:
        if isinstance(item, Text):
            for piece in tokens(item.text):  # words, spaces, and the punctuation that ends a word
                yield ("text", piece), Text(piece)
        elif isinstance(item, Strong):
            yield ("strong", item.text), item
        elif isinstance(item, Defined):
            yield ("defined", item.term), item
        elif isinstance(item, Ref):
            yield ("ref", item.target, item.label), item
        elif isinstance(item, Note):
            yield ("note", item.author, item.text), item
        else:
            yield ("other", repr(item)), item


def _joined(items: list[Inline]) -> list[Inline]:
    """Neighbouring Text runs as one."""
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text)
        else:
            out.append(item)
    return out
