"""`dealdocs build`, `dealdocs batch` and `dealdocs register`: the commands that write."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dealdocs.cli.app import command, doc_option, pdf_engine_option


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> list[str]:
    from dealdocs.render import FORMATS

    chosen = list(FORMATS) if value == "all" else [v.strip() for v in value.split(",") if v.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        named = f"unknown format {', '.join(map(repr, unknown))}; " if unknown else ""
        raise click.BadParameter(f"{named}choose from {', '.join(FORMATS)} (comma-separated) or all")
    return chosen


def _show_findings(findings) -> None:
    """What a build goes ahead with, said before it writes: every finding and a count."""
    from dealdocs.report import summary

    for finding in findings:
        click.echo(str(finding), err=True)
    if findings:
        click.echo(summary(findings), err=True)


@command()
@click.argument("deal", type=click.Path(path_type=Path))
@doc_option()
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True, callback=_formats,
              help="Comma-separated: docx, pdf, html, md (or all).")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The folder the documents go in (made if missing).")
@click.option("--style", type=click.Path(path_type=Path), help="A reference .docx whose house style Word output uses (and the PDF its page, fonts and header).")
@click.option("--force", is_flag=True, help="Build even with error findings; they are listed as open points.")
@pdf_engine_option
def build(deal: Path, docs: tuple[str, ...], formats: list[str], out_dir: Path, style: Path | None, force: bool,
          pdf_engine: str) -> None:
    """Build a deal's heads of terms and term sheet.

    Files are named <deal id>-heads-of-terms.<ext> and <deal id>-term-sheet.<ext>.
    The deal's warnings and infos (and, with --force, its errors) are listed on
    standard error before anything is written.

    \b
    Example:
      dealdocs build examples/tees-green-manufacturing.yaml --format docx,pdf -o out/
    """
    from dealdocs.output import check_folder
    from dealdocs.render.aside import pdf_aside

    check_folder(out_dir)
    # Started before the rest of dealdocs is imported: the PDF engine loads meanwhile.
    with pdf_aside(pdf_engine, len(docs) * ("pdf" in formats)) as aside:
        from dealdocs import api

        many = len(docs) * len(formats) > 1
        written = api.build(
            deal, out_dir, docs=docs, formats=formats, style=style, force=force,
            progress=(lambda p: click.echo(f"  rendered {p.name}", err=True)) if many else None,
            on_findings=_show_findings, notice=lambda line: click.echo(f"dealdocs: {line}", err=True),
            pdf_engine=pdf_engine, aside=aside,
        )
    for path in written:
        click.echo(str(path))


@command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Where OUT/<deal id>/ folders, index.html and the deviation matrix go.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes.  [default: one per CPU]")
@click.option("--standards", type=click.Path(path_type=Path), help="A standards file to check every deal against.")
@click.option("--force-rebuild", is_flag=True,
              help="Build every deal, even those whose inputs are unchanged since the last run into OUT.")
@pdf_engine_option
def batch(folder: Path, out_dir: Path, jobs: int | None, standards: Path | None, force_rebuild: bool,
          pdf_engine: str) -> None:
    """Check and build every deal in a folder, with a dashboard.

    Every deal file under DIR (*.yaml, *.yml, *.json; not standards files, hidden
    folders or the output folder) is checked and built in parallel. Each deal's heads
    of terms and term sheet, in every format, go to OUT/<deal id>/; OUT/index.html
    lists every deal with its totals, findings and documents, and OUT/deviations.csv
    and deviations.html show every departure from the standards. A deal with error
    findings is not built. Exit 0 when every deal is built, 1 when some deal has error
    findings, 2 when a deal file cannot be read (or its build fails).

    A deal whose inputs (its file, standards, clause folders, house style, the options
    and dealdocs itself) are unchanged since the last run into OUT is not built again;
    its stored result goes on the dashboard (OUT/.dealdocs-cache.json, checked against
    the files on disk). --force-rebuild builds every deal.

    \b
    Example:
      dealdocs batch deals/ -o out/ --jobs 2 --standards standards/tees-valley.yaml
    """
    from dealdocs.batch import BUILT, run_batch
    from dealdocs.output import check_folder

    check_folder(out_dir)
    progress = _BatchProgress()
    try:
        result = run_batch(folder, out_dir, jobs=jobs, standards=standards, progress=progress,
                           force_rebuild=force_rebuild, pdf_engine=pdf_engine)
    finally:
        progress.close()
    for deal in result.deals:
        if deal.outcome == BUILT:
            continue
        for problem in deal.problems:
            where = f":{problem['line']}:{problem['column']}" if problem["line"] else ""
            click.echo(f"{problem['file']}{where}: {problem['message']}", err=True)
        for finding in deal.findings:
            if finding["severity"] == "error":
                click.echo(f"{finding['file']}:{finding['line']}:{finding['column']}: {finding['code']} "
                           f"error: {finding['message']}", err=True)
    for line in result.notices:
        click.echo(f"dealdocs: {line}", err=True)
    click.echo(result.summary())
    click.echo(str(result.index))
    sys.exit(result.exit_code)


class _BatchProgress:
    """A progress bar on a terminal; one `[3/24] deal-id built` line per deal otherwise."""

    def __init__(self) -> None:
        self.bar = None
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int, result) -> None:
        if result is None:
            if self.tty:
                self.bar = click.progressbar(length=total, label="Building deals", file=sys.stderr,
                                             item_show_func=lambda r: r, show_pos=True)
                self.bar.__enter__()
            return
        name = result.deal_id or Path(result.path).name
        said = f"{name} {result.outcome}" + (" (unchanged)" if result.reused else "")
        if self.bar is not None:
            self.bar.update(1, said)
        else:
            click.echo(f"[{done}/{total}] {said}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ics"]), default="csv", show_default=True)
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
def register(deals: tuple[Path, ...], fmt: str, out_file: Path | None) -> None:
    """The obligations register: every commitment of the deals.

    Who owes what to whom, by when, and the remedy. One row per commitment: deal, deal
    title, commitment, obligor, counterparty, clause, due, amount (plain pounds, as the
    documents state it: the commitment's `amount:`, else its clause's amount term),
    remedy. JSON adds each commitment's tranches; ics is a calendar with one all-day
    event per due date (commitments and tranches). CSV cells that a spreadsheet would
    run as a formula (starting =, +, -, @) are prefixed with a single quote.

    The register reads each deal's structure only: deals with error findings are
    still registered as they stand (run `dealdocs check` for the findings). A file
    that cannot be read stops the command with exit 2, listing every problem.

    \b
    Example:
      dealdocs register examples/*.yaml --format ics -o obligations.ics
    """
    from dealdocs.output import check_folder, is_stream, write_atomically
    from dealdocs.register import register as make_register

    folder = out_file.parent if out_file is not None and str(out_file.parent) else Path(".")
    if out_file is not None and not is_stream(out_file):  # -o /dev/stdout is written into as it is
        check_folder(folder, label=f"-o {out_file}: its folder {folder}")
    data = make_register(deals, fmt)
    if out_file is None:
        click.echo(data, nl=False)
        return
    write_atomically(folder, out_file.name, data)
    click.echo(f"wrote {out_file}", err=True)
