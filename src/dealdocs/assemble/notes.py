"""Drafting notes: a forced draft's open findings, each at the clause it concerns.

`dealdocs build --force` drafts a deal that still has findings. A practitioner marks
what is unresolved as an inline "[Drafting note: ...]" where it arises, never as a list
of codes at the top and never as a gap in a sentence (missing facts print as `[●]`).
So each finding goes to the clause its data path points at: a commitment's or remedy's
own clause, the parties, definitions or conditions clause, or the standard provision
it is about; only what concerns the deal as a whole is noted at the start.
"""

from __future__ import annotations

from dealdocs.assemble.context import commitment_anchor, remedy_anchor, standard_anchor
from dealdocs.findings import Finding
from dealdocs.model import Deal
from dealdocs.tree import Block, Heading, Para, ScheduleHeading, Text

GENERAL = ""  # the anchor of notes about the deal as a whole

# Findings about the deal as a whole that one standard provision answers.
_BY_CODE = {
    "DD117": standard_anchor("subsidy-control"),
    "DD120": standard_anchor("exclusivity"),
    "DD131": standard_anchor("lapse"),
}
_BY_SECTION = {"parties": "parties", "definitions": "definitions", "conditions": "conditions"}
_BY_DEAL_KEY = {"exclusivity_until": standard_anchor("exclusivity"), "lapse_date": standard_anchor("lapse")}


def anchor_of(finding: Finding, deal: Deal) -> str:
    """The anchor of the clause a finding concerns (GENERAL when it is the whole deal)."""
    if finding.code in _BY_CODE:
        return _BY_CODE[finding.code]
    path = finding.path
    if len(path) >= 2 and path[0] in ("commitments", "remedies") and isinstance(path[1], int):
        items = deal.commitments if path[0] == "commitments" else deal.remedies
        if path[1] < len(items):
            anchor = commitment_anchor if path[0] == "commitments" else remedy_anchor
            return anchor(items[path[1]].id)
    if path and path[0] in _BY_SECTION:
        return _BY_SECTION[path[0]]
    if len(path) >= 2 and path[0] == "deal" and path[1] in _BY_DEAL_KEY:
        return _BY_DEAL_KEY[path[1]]
    return GENERAL


def by_anchor(findings: list[Finding], deal: Deal) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        out.setdefault(anchor_of(finding, deal), []).append(finding)
    return out


def note_text(finding: Finding) -> str:
    """One finding as a practitioner's note: what is open and how to settle it."""
    message = finding.message.replace("`", "")
    return f"[Drafting note: {message[:1].upper()}{message[1:]} ({finding.code}).]"


def notes(findings: list[Finding]) -> list[Block]:
    """The notes for one clause, as note paragraphs placed after it."""
    return [Para([Text(note_text(f))], kind="note") for f in findings]


def general(notes_by_anchor: dict[str, list[Finding]]) -> list[Block]:
    """The notes that open a forced draft: that it has open points, and those about the
    deal as a whole."""
    if not notes_by_anchor:
        return []
    lead = Para([Text("[Drafting note: This draft has open points, each noted where it arises. They must be "
                      "resolved before the draft is circulated.]")], kind="note")
    return [lead, *notes(notes_by_anchor.get(GENERAL, []))]


def place(blocks: list[Block], notes_by_anchor: dict[str, list[Finding]]) -> list[Block]:
    """`blocks` with each clause's notes after the last block of that clause.

    A clause runs from the block carrying its anchor to the next block that carries
    an anchor of its own; a section opened by a heading (parties, definitions,
    conditions) runs to the next heading.
    """
    out: list[Block] = []
    current, section = None, False
    for block in blocks:
        anchor = getattr(block, "anchor", "") or ""
        heading = isinstance(block, Heading | ScheduleHeading)
        if current is not None and (heading or (anchor and not section)):
            out += notes(notes_by_anchor.get(current, []))
            current = None
        if anchor in notes_by_anchor and anchor != GENERAL:
            current, section = anchor, heading
        out.append(block)
    if current is not None:
        out += notes(notes_by_anchor.get(current, []))
    return out
