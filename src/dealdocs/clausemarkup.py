"""The text a clause template prints, both ways: the markers dealdocs puts into it, and
its parse back into document-tree runs and blocks.

User text is data: it cannot change the clause's layout (its newlines become spaces
when printed) or smuggle in markup (the private-use characters used here as markers are
scrubbed from every user value before a template sees it, so markers in printed text are
always ours). `ref` and `strong` write markers into a clause's output; `inlines` and
`to_blocks` read them back.
"""

from __future__ import annotations

import re
from typing import Any

from dealdocs.tree import Block, Clause, Inline, Para, Ref, Strong, Text

_REF_OPEN, _REF_MID, _REF_CLOSE = "\ue000", "\ue001", "\ue002"
_STRONG_OPEN, _STRONG_CLOSE = "\ue003", "\ue004"
_MARKERS = re.compile("[\ue000-\ue00f]")
_INLINE = re.compile(
    f"{_REF_OPEN}(?P<target>[^{_REF_MID}]*){_REF_MID}(?P<label>[^{_REF_CLOSE}]*){_REF_CLOSE}"
    f"|{_STRONG_OPEN}(?P<strong>[^{_STRONG_CLOSE}]*){_STRONG_CLOSE}"
)


class Safe(str):
    """Text made by dealdocs itself (party terms, references): printed as it is."""


def clean(text: str) -> str:
    """User text made safe to place in a clause: no markers."""
    return _MARKERS.sub("", text)


def flat(text: str) -> str:
    """User text on one line, scrubbed: it must not break the clause's layout."""
    return re.sub(r"\s+", " ", clean(text)).strip()


def scrub(value: Any) -> Any:
    """Every string inside a user value, cleaned of markers (lists and mappings too)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


def strong(text: Any) -> Safe:
    return Safe(f"{_STRONG_OPEN}{flat(str(text))}{_STRONG_CLOSE}")


def ref(target: str, label: str = "", word: str = "clause") -> Safe:
    """A live cross-reference to the clause anchored at `target`."""
    prefix = f"{word} " if word else ""
    return Safe(f"{prefix}{_REF_OPEN}{target}{_REF_MID}{flat(label)}{_REF_CLOSE}")


def schedule(number: int) -> Safe:
    """A live reference to Schedule `number` ("Schedule 1"): in Word a REF field to the
    schedule's heading, whose number is a list number, so inserting a schedule renumbers
    the reference too."""
    return ref(f"schedule-{int(number)}", word="")


# --- output -> blocks ---------------------------------------------------------------


def inlines(text: str) -> list[Inline]:
    """Markers in rendered text -> Text, Strong and Ref runs."""
    out: list[Inline] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            out.append(Text(text[position : match.start()]))
        if match["strong"] is not None:
            out.append(Strong(match["strong"]))
        else:
            out.append(Ref(match["target"], label=match["label"]))
        position = match.end()
    if position < len(text):
        out.append(Text(text[position:]))
    return out


def to_blocks(text: str, *, title: str = "", anchor: str = "", level: int = 2) -> list[Block]:
    """A clause's rendered text -> a numbered clause and its sub-paragraphs.

    The first paragraph is the clause (numbered at `level`, opened by `title`); `- `
    starts a sub-paragraph one level down and `  - ` two levels down; any other
    paragraph continues the clause unnumbered.
    """
    paragraphs: list[tuple[int | None, str]] = []  # (level, text); None = continuation
    for line in text.splitlines():
        if not line.strip():
            paragraphs.append((None, ""))  # paragraph break
        elif line.startswith("  - ") or line.startswith("    - "):
            paragraphs.append((level + 2, line.strip()[2:]))
        elif line.startswith("- "):
            paragraphs.append((level + 1, line[2:]))
        elif paragraphs and paragraphs[-1][1]:
            kind, previous = paragraphs[-1]
            paragraphs[-1] = (kind, f"{previous} {line.strip()}")
        else:
            paragraphs.append((0, line.strip()))
    blocks: list[Block] = []
    for kind, body in paragraphs:
        if not body:
            continue
        content = inlines(re.sub(r"[ \t]+", " ", body).strip())
        if not blocks:
            if kind not in (0, None):  # the body opens with a list: the clause has no lead text
                blocks.append(Clause(level, [], title=title, anchor=anchor))
            else:
                blocks.append(Clause(level, content, title=title, anchor=anchor))
                continue
        if kind in (0, None):
            blocks.append(Para(content, indent=level))
        else:
            blocks.append(Clause(min(kind, 4), content))
    if not blocks:
        blocks.append(Clause(level, [], title=title, anchor=anchor))
    return blocks
