"""What a deal's documents say, as text to search: the free text its author wrote and
the clauses the documents print.

Where a defined term counts as used: DD115 (`dealdocs.checks`) reports terms defined
and never used, and a standards file's default definitions are added to a deal only
where the deal uses them (`dealdocs.standards.apply`). Both read these, so the two
agree on what "used" means; this module sits below both and imports neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dealdocs.clauses import ClauseFile, Library
from dealdocs.model import Deal


def free_texts(data: dict[str, Any]) -> list[tuple[tuple, str]]:
    """Every piece of free text the deal's author wrote, with its path in the deal file.

    Background, conditions, definitions, and each commitment's and remedy's title,
    text and string terms (lists and nested objects included), and each tranche's
    condition. Ids, names and keys are not free text. `data` is the deal file as read
    (`Loaded.data`), so text the model would reject is searched too.
    """
    out: list[tuple[tuple, str]] = []
    info = data.get("deal")
    if isinstance(info, dict) and isinstance(info.get("background"), str):
        out.append((("deal", "background"), info["background"]))
    for i, condition in enumerate(_list(data.get("conditions"))):
        if isinstance(condition, str):
            out.append((("conditions", i), condition))
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        for key, value in definitions.items():
            if isinstance(value, str):
                out.append((("definitions", key), value))
    for kind in ("commitments", "remedies"):
        for i, entry in enumerate(_list(data.get(kind))):
            if not isinstance(entry, dict):
                continue
            for name in ("title", "text"):
                if isinstance(entry.get(name), str):
                    out.append(((kind, i, name), entry[name]))
            out.extend(_strings(entry.get("terms"), (kind, i, "terms")))
            for t, tranche in enumerate(_list(entry.get("tranches"))):
                if isinstance(tranche, dict) and isinstance(tranche.get("condition"), str):
                    out.append(((kind, i, "tranches", t, "condition"), tranche["condition"]))
    return out


def printed_clauses(deal: Deal, library: Library) -> list[ClauseFile]:
    """The clauses the document will print: those the deal uses and every standard one.

    The deal's commitments' clauses, then its remedies', then the library's standard
    clauses, each once; a clause the library lacks is left out.
    """
    seen: dict[str, ClauseFile] = {}
    for item in (*deal.commitments, *deal.remedies):
        clause = library.get(item.clause)
        if clause is not None:
            seen.setdefault(clause.id, clause)
    for clause in library.by_role("standard"):
        seen.setdefault(clause.id, clause)
    return list(seen.values())


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string inside a nested value, with its path (iteratively: no deep recursion)."""
    stack = [(path, value)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, str):
            yield here, node
        elif isinstance(node, dict):
            stack.extend(((*here, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*here, i), v) for i, v in reversed(list(enumerate(node))))
