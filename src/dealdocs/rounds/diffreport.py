"""How `dealdocs diff` prints its changes: one line each with a summary (text), JSON,
or Markdown grouped by section, ready to paste into an email to the other side."""

from __future__ import annotations

import json
from dataclasses import asdict

from dealdocs.rounds.diff import Change, Round

FORMATS = ("text", "json", "md")


def format_changes(changes: list[Change], fmt: str, *, old: Round, new: Round) -> str:
    if fmt == "json":
        return json.dumps([asdict(c) for c in changes], indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        return _markdown(changes, old, new)
    if fmt != "text":
        raise ValueError(f"unknown diff format {fmt!r}; choose from {', '.join(FORMATS)}")
    lines = [str(c) for c in changes]
    lines.append(_summary_line(changes, old, new))
    return "\n".join(lines) + "\n"


def _summary_line(changes: list[Change], old: Round, new: Round) -> str:
    counts = {k: sum(1 for c in changes if c.kind == k) for k in ("added", "removed", "changed")}
    if not changes:
        return f"no changes from {old.loaded.path} to {new.loaded.path}"
    n = len(changes)
    return (f"{n} change{'s' if n != 1 else ''} from {old.loaded.path} to {new.loaded.path}: "
            f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed")


_HEADINGS = {"deal": "The deal", "parties": "Parties", "commitments": "Commitments", "remedies": "Remedies",
             "definitions": "Definitions", "conditions": "Conditions precedent"}


def _markdown(changes: list[Change], old: Round, new: Round) -> str:
    def name(r: Round) -> str:
        info = r.deal.deal
        return f"round {info.round}" if info.round else f"`{r.loaded.path.name}`"

    out = [f"# {_md(new.deal.deal.title)}: changes from {name(old)} to {name(new)}", ""]
    if not changes:
        return "\n".join(out + ["No changes.", ""])
    for section, heading in _HEADINGS.items():
        group = [c for c in changes if c.section == section]
        if not group:
            continue
        out += [f"## {heading}", ""]
        for c in group:
            field = f"{c.field.removeprefix('terms.').replace('_', ' ')}" if c.field else ""
            field = f" — {field}" if c.label else field
            if c.kind == "changed":
                body = f"{'**' + _md(c.label) + '**' if c.label else ''}{field}: {_md(c.old)} → **{_md(c.new)}**"
                body = body[0].upper() + body[1:]
            elif c.kind == "added":
                body = f"Added: **{_md(c.label)}**" + (f" ({_md(c.new)})" if c.new and c.section != "conditions" else "")
            else:
                body = f"Removed: ~~{_md(c.label)}~~"
            out.append(f"- {body} (line {c.line})")
        out.append("")
    return "\n".join(out)


def _md(text: str | None) -> str:
    """User text in Markdown: characters that would be read as markup escaped."""
    out = text or ""
    for ch in "\\`*_{}[]<>#|~":
        out = out.replace(ch, "\\" + ch)
    return out
