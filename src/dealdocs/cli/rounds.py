"""`dealdocs diff` and `dealdocs redline`: what changed between two rounds of a deal."""

from __future__ import annotations

from pathlib import Path

import click

from dealdocs.cli.app import command, doc_option, pdf_engine_option


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
    from dealdocs.rounds.diff import diff as changes, read_round
    from dealdocs.rounds.diffreport import format_changes

    before, after = read_round(old), read_round(new)
    click.echo(format_changes(changes(before, after), fmt, old=before, new=after), nl=False)


@command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@doc_option()
@click.option("--format", "formats", default="docx,pdf,html", show_default=True,
              help="Comma-separated: docx, pdf, html.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The folder the redlines go in (made if missing).")
@click.option("--style", type=click.Path(path_type=Path), help="A reference .docx whose house style Word output uses (and the PDF its page, fonts and header).")
@click.option("--force", is_flag=True, help="Redline even rounds with error findings.")
@pdf_engine_option
def redline(old: Path, new: Path, docs: tuple[str, ...], formats: str, out_dir: Path, style: Path | None, force: bool,
            pdf_engine: str) -> None:
    """NEW's documents with every change since round OLD tracked.

    Word gets native tracked changes (accept them all and it is NEW's document, reject
    them all and it is OLD's), by the round as author, dated with NEW's date; HTML and
    PDF mark insertions and deletions. Files are <deal id>-heads-of-terms-redline.<ext>
    and <deal id>-term-sheet-redline.<ext>.

    \b
    Example:
      dealdocs redline deal-round-2.yaml deal-round-3.yaml --format docx -o out/
    """
    from dealdocs.output import check_folder
    from dealdocs.rounds.build import write_redlines

    check_folder(out_dir)
    chosen = [f.strip() for f in formats.split(",") if f.strip()]
    for path in write_redlines(old, new, out_dir, docs=docs, formats=chosen, style=style, force=force,
                               pdf_engine=pdf_engine):
        click.echo(str(path))
