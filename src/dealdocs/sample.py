"""`dealdocs clauses show`: one clause described, with a sample of its drafting.

The sample is drafted inside the starter deal (`dealdocs new`), with the clause's own
defaults and, for required terms, stand-in values of the right type, so what a
negotiator sees is exactly what the clause would print in a document.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

from dealdocs.clauses import ClauseFile, Library
from dealdocs.clauseterms import TermSpec
from dealdocs.model import Deal
from dealdocs.starter import starter_deal
from dealdocs.clausenumbers import number_clauses
from dealdocs.tree import Clause, Heading, Para, plain

_SAMPLE_ANSWERS = {
    "title": "Sample Cluster Deal",
    "deal_id": "sample-deal",
    "zone": "Tees Valley",
    "sector": "clean-energy",
    "investor": "Anchor Investor Limited",
    "authority": "Tees Valley Combined Authority",
}
_SAMPLE_DATE = date(2026, 3, 2)


def describe_clause(clause: ClauseFile, library: Library) -> str:
    meta = clause.meta
    out = [f"{meta.id} — {meta.title}", f"role: {meta.role}   version: {meta.version}   file: {clause.path}"]
    if meta.summary:
        out += ["", meta.summary]
    out += ["", "Terms:"]
    if not meta.terms:
        out.append("  (none)")
    for key, spec in meta.terms.items():
        flag = "required" if spec.required else (f"default {spec.default!r}" if spec.default is not None else "optional")
        out.append(f"  {key:<26} {spec.label:<22} {flag}")
        if spec.description:
            out += textwrap.wrap(spec.description, width=88, initial_indent=" " * 6, subsequent_indent=" " * 6)
    if meta.variants:
        out += ["", "Variants:"]
        for name, text in meta.variants.items():
            mark = " (default)" if name == clause.variant else ""
            out += textwrap.wrap(f"{name}{mark}: {text}", width=88, initial_indent="  ", subsequent_indent="    ")
    if meta.defines:
        out += ["", "Defines: " + ", ".join(meta.defines)]
    if meta.guidance:
        out += ["", "Guidance:"]
        out += [textwrap.fill(p, width=88, initial_indent="  ", subsequent_indent="  ") for p in meta.guidance.strip().split("\n\n")]
    out += ["", "Sample (drafted in the starter deal):", ""]
    out += [textwrap.fill(line, width=88, subsequent_indent="      ") for line in sample_lines(clause, library)]
    return "\n".join(out) + "\n"


def sample_lines(clause: ClauseFile, library: Library) -> list[str]:
    from dealdocs.assemble.context import DealContext

    data = starter_deal(_SAMPLE_ANSWERS, today=_SAMPLE_DATE)
    role = clause.meta.role
    if role == "commitment":
        target = next((c for c in data["commitments"] if c.get("clause") == clause.id), None)
        if target is None:
            target = data["commitments"][0]
            target.update(clause=clause.id, terms=_sample_terms(clause.meta.terms, data))
            if clause.id == "obligation":
                target["text"] = "provide the sample commitment described here"
    elif role == "remedy":
        target = next((r for r in data["remedies"] if r["clause"] == clause.id), None)
        if target is None:
            target = data["remedies"][0]
            target.update(clause=clause.id, terms=_sample_terms(clause.meta.terms, data))
    else:
        data["deal"]["exclusivity_until"] = date(2026, 9, 30)
    deal = Deal.model_validate(data)
    ctx = DealContext.build(deal, library, "sample")
    if role == "commitment":
        commitment = deal.commitment(target["id"])
        context = ctx.commitment_context(commitment, clause)
    elif role == "remedy":
        context = ctx.remedy_context(deal.remedy(target["id"]), clause)
    else:
        context = ctx.standard_context(clause, [])
    blocks = [Heading(clause.meta.title), *ctx.clause_blocks(clause, context, title=clause.meta.title, anchor="sample")]
    number_clauses(blocks)
    lines = []
    for block in blocks[1:]:
        if isinstance(block, Clause):
            lead = f"{block.title}. " if block.title else ""
            indent = "  " * (block.level - 2)
            lines.append(f"{indent}{block.number:<5} {lead}{plain(block.content)}")
        elif isinstance(block, Para):
            lines.append(f"      {plain(block.content)}")
    return lines


def _sample_terms(specs: dict[str, TermSpec], data: dict[str, Any]) -> dict[str, Any]:
    return {key: _sample(key, spec, data) for key, spec in specs.items() if spec.required}


def _sample(key: str, spec: TermSpec, data: dict[str, Any]) -> Any:
    kind = spec.type
    if spec.choices:
        return spec.choices[0]
    if kind == "text":
        return f"[{key.replace('_', ' ')}]"
    if kind == "integer":
        return 10
    if kind == "money":
        return "£1m"
    if kind == "percent":
        return "25%"
    if kind == "date":
        return date(2030, 3, 31)
    if kind == "boolean":
        return True
    if kind == "commitment":
        return data["commitments"][0]["id"]
    if kind == "list":
        return [_sample(key, spec.items, data)]
    return {k: _sample(k, s, data) for k, s in spec.fields.items() if s.required}



