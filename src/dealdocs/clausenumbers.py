"""Clause numbers, worked out once for a document tree (`number_clauses`), so Word's
cached cross-reference results, the PDF, the HTML and the Markdown agree on every
number. Levels follow law-firm practice: 1., 1.1, (a), (i) (see `dealdocs.tree`).
"""

from __future__ import annotations

import re

from dealdocs.tree import Block, Clause, Heading, Inline, Para, Ref, ScheduleHeading, Table

_SCHEDULE = re.compile(r"schedule-\d+")  # the anchor of Schedule N (drafting.schedule)


def number_clauses(blocks: list[Block]) -> dict[str, str]:
    """Give every Heading and Clause its number and fill in every Ref.

    Returns anchor -> number. A Ref to an anchor that is not a clause keeps the number
    it was given (the term sheet numbers its table rows itself).
    """
    counters = [0, 0, 0, 0]
    numbers: dict[str, str] = {}
    for block in blocks:
        if isinstance(block, ScheduleHeading):  # a reference prints "Schedule 2", as Word's REF \w does
            if block.anchor:
                numbers[block.anchor] = f"Schedule {block.number}"
            continue
        if isinstance(block, Heading):
            counters = [counters[0] + 1, 0, 0, 0]
            block.number = f"{counters[0]}."
        elif isinstance(block, Clause):
            i = block.level - 1
            counters[i] += 1
            counters[i + 1 :] = [0] * (3 - i)
            block.number = _label(block.level, counters)
        else:
            continue
        if block.anchor:
            numbers[block.anchor] = _ref_label(block, counters)
    for block in blocks:
        for inline in _inlines(block):
            if isinstance(inline, Ref) and inline.target in numbers:
                object.__setattr__(inline, "number", numbers[inline.target])
            elif isinstance(inline, Ref) and not inline.number and _SCHEDULE.fullmatch(inline.target):
                # a schedule this document does not have (the term sheet's): its name, unlinked
                object.__setattr__(inline, "number", f"Schedule {inline.target.rsplit('-', 1)[1]}")
    return numbers


def _label(level: int, counters: list[int]) -> str:
    if level == 2:
        return f"{counters[0]}.{counters[1]}"
    if level == 3:
        return f"({alpha(counters[2])})"
    return f"({roman(counters[3])})"


def _ref_label(block: Heading | Clause, counters: list[int]) -> str:
    """How a cross-reference prints the number: 4, 4.2, 4.2(a), 4.2(a)(i)."""
    if isinstance(block, Heading):
        return str(counters[0])
    parts = f"{counters[0]}.{counters[1]}"
    if block.level >= 3:
        parts += f"({alpha(counters[2])})"
    if block.level == 4:
        parts += f"({roman(counters[3])})"
    return parts


def alpha(n: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


_ROMAN = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _inlines(block: Block) -> list[Inline]:
    if isinstance(block, Clause | Para):
        return block.content
    if isinstance(block, Table):
        return [inline for row in block.rows for cell in row for inline in cell]
    return []
