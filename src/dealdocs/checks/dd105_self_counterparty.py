"""A commitment's obligor is also its only counterparty.

Why it matters: a party cannot usefully promise something to itself. It is almost
always a slip (the `by:` and `to:` swapped, or the wrong id copied), and in the
document it would read as, for example, "the Authority undertakes to the Authority".

The finding points at the `to:` entry that repeats the obligor.

Failing example:

    commitments:
      - id: land-assembly
        by: tvca
        to: tvca
        clause: land-transfer
        terms: {land: the Site, consideration: £2m}
        remedy: overage-site

Passing example:

    commitments:
      - id: land-assembly
        by: tvca
        to: consortium
        clause: land-transfer
        terms: {land: the Site, consideration: £2m}
        remedy: overage-site
"""

from __future__ import annotations

from collections.abc import Iterator

from dealdocs.checks.context import Context
from dealdocs.findings import Severity

CODE = "DD105"
NAME = "obligor-is-counterparty"
SEVERITY = Severity.ERROR


def check(ctx: Context) -> Iterator[tuple[str, tuple]]:
    for item in ctx.commitments:
        to = item.model.to
        if to and set(to) == {item.model.by}:
            yield (
                f"commitment {item.id!r} is given by {item.model.by!r} to itself; "
                "name the party or parties that receive it in `to:`",
                item.at("to", to.index(item.model.by)),
            )
