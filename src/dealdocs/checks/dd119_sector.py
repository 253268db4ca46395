"""The deal's sector is not one of the Industrial Strategy sector keys.

Why it matters: the 2025 Industrial Strategy names eight growth-driving sectors, and
councils compare deals across Industrial Strategy Zones by them. Any text is allowed
(a deal may sit outside the eight, e.g. `steel`), but a near-miss such as `life-science`
or `clean energy` is usually a typo that drops the deal out of every sector report.

The keys: advanced-manufacturing, clean-energy, creative-industries, defence,
digital-and-technologies, financial-services, life-sciences,
professional-and-business-services.

The finding points at `sector:`.

Failing example:

    deal:
      sector: life-science

Passing example:

    deal:
      sector: life-sciences
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity
from dealdocs.model import SECTORS

CODE = "DD119"
NAME = "unknown-sector"
SEVERITY = Severity.WARNING


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    sector = ctx.deal.deal.sector
    if sector in SECTORS:
        return
    message = f"sector {sector!r} is not one of the Industrial Strategy sector keys"
    close = difflib.get_close_matches(sector.lower().replace(" ", "-"), SECTORS, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean {close[0]!r}?"
    else:
        message += f" ({', '.join(SECTORS)}); other sectors are allowed but fall outside sector reports"
    yield message, ("deal", "sector")
