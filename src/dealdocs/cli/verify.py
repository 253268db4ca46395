"""`dealdocs verify`: whether a document is still what its deal file gives."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dealdocs.cli.app import command
from dealdocs.errors import EXIT_FINDINGS, EXIT_OK


@command()
@click.argument("document", type=click.Path(path_type=Path))
@click.argument("deal", type=click.Path(path_type=Path))
@click.option("--standards", type=click.Path(path_type=Path),
              help="The standards file the document was built against (a batch run with --standards).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object, with each differing paragraph's clause, old and new text.")
def verify(document: Path, deal: Path, standards: Path | None, fmt: str) -> None:
    """Check that DOCUMENT is exactly what DEAL gives.

    Exit 0 when it is; 1 when it is not, saying whether it was built from another
    version of the deal file and listing every paragraph edited by hand (in Word, by
    the lawyer), added or removed, by clause number with its old and new text; 2 when
    DOCUMENT is not a dealdocs document or a file cannot be read. Word, HTML and
    Markdown are compared by text with a fresh build; a PDF by its provenance.

    \b
    Examples:
      dealdocs verify "Humber HoT (DBT comments).docx" deals/humber-round-3.yaml
      dealdocs verify out/teesworks/teesworks-heads-of-terms.pdf teesworks.yaml --standards tees-valley.yaml
    """
    from dealdocs.rounds.verify import verify as run

    verdict = run(document, deal, standards=standards)
    if fmt == "json":
        import json

        click.echo(json.dumps(verdict.as_dict(), indent=2, ensure_ascii=False))
    else:
        for line in verdict.lines():
            click.echo(line)
    sys.exit(EXIT_OK if verdict.ok else EXIT_FINDINGS)
