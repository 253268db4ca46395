"""`dealdocs clauses list|show` and `dealdocs schema`: what a deal file can say."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dealdocs.cli.app import Group, command


@click.group(cls=Group)
def clauses() -> None:
    """The clause library: list the clauses, show one."""


@clauses.command("list")
@click.option("--clause-path", "paths", multiple=True, type=click.Path(path_type=Path),
              help="Extra clause folders (as `clause_paths:` in a deal).")
def clauses_list(paths: tuple[Path, ...]) -> None:
    """List every clause: id, role, version and summary.

    \b
    Example:
      dealdocs clauses list
    """
    from dealdocs.clauses import Library

    rows = [(c.id, c.meta.role, str(c.meta.version), c.meta.summary) for c in Library.load(list(paths))]
    width = max(len(r[0]) for r in rows)
    for clause_id, role, version, summary in rows:
        click.echo(f"{clause_id:<{width}}  {role:<10}  v{version:<3} {summary}")


@clauses.command("show")
@click.argument("clause_id")
@click.option("--clause-path", "paths", multiple=True, type=click.Path(path_type=Path))
def clauses_show(clause_id: str, paths: tuple[Path, ...]) -> None:
    """Show one clause: its terms, variants, guidance and a rendered sample.

    \b
    Example:
      dealdocs clauses show clawback
    """
    from dealdocs.clauses import Library
    from dealdocs.sample import describe_clause

    library = Library.load(list(paths))
    clause = library.get(clause_id)
    if clause is None:
        known = ", ".join(c.id for c in library)
        raise click.BadParameter(f"no clause {clause_id!r}; the library has: {known}", param_hint="CLAUSE_ID")
    click.echo(describe_clause(clause, library))


@command()
def schema() -> None:
    """Print the JSON Schema of the deal file, for editors.

    It accepts what `dealdocs check` accepts as the file's structure, and its
    descriptions and examples show on hover in an editor.

    \b
    Example:
      dealdocs schema > dealdocs.schema.json
      # then, first line of a deal file:
      # yaml-language-server: $schema=dealdocs.schema.json
    """
    from dealdocs.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))
