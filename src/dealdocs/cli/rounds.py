"""`dealdocs diff` and `dealdocs redline`: what changed between two rounds of a deal."""

from __future__ import annotations

from pathlib import Path

import click

from dealdocs.cli.app import command


@command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True,
              help="md is ready to paste into an email to the other side.")
def diff(old: Path, new: Path, fmt: str) -> None:
    """What changed from round OLD of a deal to round NEW, by meaning.

    Parties, commitments, remedies, terms, amounts, dates, positions, notes,
    definitions and conditions: added, removed or changed, each with its line in NEW
    (in OLD for what was removed). Exit 0; 2 when a file cannot be read.

    \b
    Example:
      dealdocs diff deal-round-2.yaml deal-round-3.yaml --format md
    """
    from dealdocs.rounds.diff import diff as changes, format_changes, read_round

    before, after = read_round(old), read_round(new)
    click.echo(format_changes(changes(before, after), fmt, old=before, new=after), nl=False)
