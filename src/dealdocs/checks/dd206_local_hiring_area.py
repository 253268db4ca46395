"""A local-hiring area does not name what the standards require it to name.

Why it matters: a local-hiring commitment is only as good as its definition of "local".
A combined authority wants the jobs for residents of all its constituent authorities,
not of one borough or of a vague "the region"; its standard
(`positions.local_hiring.area_must_mention`) lists the words every area must contain,
such as the names of the Tees Valley local authorities.

The area is read together with the deal's definitions: an area of "the Local Area"
counts as mentioning what the definition of Local Area says. Matching ignores case
and spacing. Only applies when the deal is held to standards. The finding points at
the `area`.

Failing example:

    # standards.yaml: positions: {local_hiring: {area_must_mention: [Darlington, Hartlepool]}}
    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the borough of Hartlepool}
        remedy: payment-in-lieu-local

Passing example:

    definitions:
      Local Area: the boroughs of Darlington and Hartlepool
    commitments:
      - id: local-hiring
        by: consortium
        to: tvca
        clause: local-hiring
        terms: {share: 30%, area: the Local Area}
        remedy: payment-in-lieu-local
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD206"
NAME = "local-area-below-standard"
SEVERITY = Severity.WARNING

LOCAL_HIRING = "local-hiring"
# Definitions that use other definitions ("Local Area" -> "Tees Valley Authorities").
DEPTH = 3


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    position = ctx.standards.local_hiring_area if ctx.standards else None
    if position is None:
        return
    for item in ctx.commitments:
        if item.clause_id != LOCAL_HIRING or not item.in_role:
            continue
        area = item.model.terms.get("area")
        if not isinstance(area, str) or not area.strip():
            continue
        text = _normal(_expanded(area, ctx.deal.definitions))
        missing = [word for word in position.value if _normal(word) not in text]
        if missing:
            shown = area.strip() if len(area.strip()) <= 60 else area.strip()[:57] + "..."
            yield (
                f"local-hiring {item.id!r} area {shown!r} does not mention {', '.join(missing)}; under "
                f"{position.standard} the area must mention {', '.join(position.value)}",
                item.at("terms", "area"),
            )


def _expanded(text: str, definitions: dict[str, str]) -> str:
    """The text followed by the meaning of each defined term it uses, a few levels deep."""
    seen: set[str] = set()
    frontier = text
    for _ in range(DEPTH):
        found = [t for t in definitions if t not in seen and re.search(rf"(?<!\w){re.escape(t)}(?!\w)", frontier)]
        if not found:
            break
        seen.update(found)
        frontier = "\n".join(definitions[t] for t in found)
        text += "\n" + frontier
    return text


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())
