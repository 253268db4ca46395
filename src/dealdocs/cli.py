"""The `dealdocs` command: a thin layer over `dealdocs.api`.

Every command parses its options, calls one library function and prints. Errors meant
for the user are `DealdocsError`s, mapped to exit codes in one place (`_Group.invoke`);
anything else is a bug, reported in one line (with the traceback under `--debug`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from dealdocs import __version__
from dealdocs.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, DealdocsError, InputError

EXIT_BUG = 3

_DOC_CHOICES = ("heads-of-terms", "term-sheet", "all")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DealdocsError as error:
            for line in error.lines():
                click.echo(line, err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # a bug: say so in one line, not a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"dealdocs: internal error: {type(error).__name__}: {error}", err=True)
            click.echo("dealdocs: this is a bug; run again with --debug for the traceback", err=True)
            ctx.exit(EXIT_BUG)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dealdocs")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Heads of terms and term sheets for UK cluster deals, from one checked deal file.

    \b
    Start with:  dealdocs new my-deal.yaml
    Check it:    dealdocs check my-deal.yaml
    Build it:    dealdocs build my-deal.yaml -o out/
    """
    ctx.obj = {"debug": debug}


# --- check --------------------------------------------------------------------------


@main.command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--standards", type=click.Path(path_type=Path), help="A standards file to check the deals against.")
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
def check(deals: tuple[Path, ...], fmt: str, standards: Path | None, strict: bool) -> None:
    """Check deal files: structure, then every cross-check.

    Exit 0 when clean (warnings allowed), 1 when a deal has error findings, 2 when a
    file cannot be read or breaks the deal-file format.

    \b
    Example:
      dealdocs check examples/*.yaml --format json
    """
    from dealdocs import api
    from dealdocs.findings import has_errors
    from dealdocs.report import format_findings

    findings, problems = [], []
    for path in deals:
        try:
            findings += api.check(path, standards=standards).findings
        except InputError as error:
            problems += error.problems
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(format_findings(findings, fmt, files=[str(p) for p in deals]), nl=False)
    if problems:
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if has_errors(findings, strict=strict) else EXIT_OK)


# --- build --------------------------------------------------------------------------


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> list[str]:
    from dealdocs.render import FORMATS

    chosen = list(FORMATS) if value == "all" else [v.strip() for v in value.split(",") if v.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        named = f"unknown format {', '.join(map(repr, unknown))}; " if unknown else ""
        raise click.BadParameter(f"{named}choose from {', '.join(FORMATS)} (comma-separated) or all")
    return chosen


@main.command()
@click.argument("deal", type=click.Path(path_type=Path))
@click.option("--doc", type=click.Choice(_DOC_CHOICES), default="all", show_default=True)
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True, callback=_formats,
              help="Comma-separated: docx, pdf, html, md (or all).")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--style", type=click.Path(path_type=Path), help="A reference .docx whose house style Word output uses.")
@click.option("--force", is_flag=True, help="Build even with error findings; they are listed as open points.")
def build(deal: Path, doc: str, formats: list[str], out_dir: Path, style: Path | None, force: bool) -> None:
    """Build a deal's heads of terms and term sheet.

    Files are named <deal id>-heads-of-terms.<ext> and <deal id>-term-sheet.<ext>.

    \b
    Example:
      dealdocs build examples/tees-green-manufacturing.yaml --format docx,pdf -o out/
    """
    from dealdocs import api

    docs = api.DOCS if doc == "all" else (doc,)
    many = len(docs) * len(formats) > 1
    written = api.build(
        deal, out_dir, docs=docs, formats=formats, style=style, force=force,
        progress=(lambda p: click.echo(f"  rendered {p.name}", err=True)) if many else None,
    )
    for path in written:
        click.echo(str(path))


# --- clauses ------------------------------------------------------------------------


@main.group()
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


# --- rules --------------------------------------------------------------------------


@main.command()
def rules() -> None:
    """List every cross-check: code, severity and name.

    \b
    Example:
      dealdocs rules
    """
    from dealdocs.checks import RULES

    for code, rule in RULES.items():
        summary = (rule.__doc__ or "").strip().splitlines()[0]
        click.echo(f"{code}  {rule.SEVERITY.value:<8} {rule.NAME:<32} {summary}")


@main.command()
@click.argument("code")
def rule(code: str) -> None:
    """Explain one cross-check, with a failing and a passing example.

    \b
    Example:
      dealdocs rule DD103
    """
    from dealdocs.checks import RULES

    found = RULES.get(code.upper())
    if found is None:
        raise click.BadParameter(f"no rule {code!r}; see `dealdocs rules`", param_hint="CODE")
    click.echo(f"{found.CODE} {found.NAME} ({found.SEVERITY.value})\n")
    click.echo((found.__doc__ or "").strip())


# --- schema, new --------------------------------------------------------------------


@main.command()
def schema() -> None:
    """Print the JSON Schema of the deal file, for editors.

    \b
    Example:
      dealdocs schema > dealdocs.schema.json
      # then, first line of a deal file:
      # yaml-language-server: $schema=dealdocs.schema.json
    """
    from dealdocs.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--id", "deal_id", help="Deal id (a slug); used in file names.")
@click.option("--title", help="Deal title.")
@click.option("--zone", help="Industrial Strategy Zone or area.")
@click.option("--sector", help="Sector key, e.g. clean-energy.")
@click.option("--investor", help="The anchor investor's full legal name.")
@click.option("--authority", help="The combined authority's or council's name.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path: Path | None, force: bool, **answers: str | None) -> None:
    """Write a starter deal file that loads and checks clean.

    On a terminal it asks for what the options did not give; otherwise it uses the
    options and sensible defaults. PATH defaults to <deal id>.yaml.

    \b
    Example:
      dealdocs new tees.yaml --title "Teesside Green Manufacturing Cluster Deal" --zone "Tees Valley"
    """
    from dealdocs.starter import QUESTIONS, starter_text
    from dealdocs.output import write_atomically

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    for key, question, default in QUESTIONS:
        if answers.get(key) is None:
            answers[key] = click.prompt(question, default=default(answers)) if interactive else default(answers)
    text = starter_text(answers)
    target = path or Path(f"{answers['deal_id']}.yaml")
    if target.exists() and not force:
        raise InputError([_exists(target)])
    write_atomically(target.parent if str(target.parent) else Path("."), target.name, text.encode("utf-8"))
    click.echo(f"wrote {target}")


def _exists(target: Path):
    from dealdocs.errors import Problem

    return Problem(str(target), 0, 0, "already exists; use --force to overwrite it")


# --- batch --------------------------------------------------------------------------


@main.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Where OUT/<deal id>/ folders, index.html and the deviation matrix go.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes.  [default: one per CPU]")
@click.option("--standards", type=click.Path(path_type=Path), help="A standards file to check every deal against.")
def batch(folder: Path, out_dir: Path, jobs: int | None, standards: Path | None) -> None:
    """Check and build every deal in a folder, with a dashboard.

    Every deal file under DIR (*.yaml, *.yml, *.json; not standards files, hidden
    folders or the output folder) is checked and built in parallel. Each deal's heads
    of terms and term sheet, in every format, go to OUT/<deal id>/; OUT/index.html
    lists every deal with its totals, findings and documents, and OUT/deviations.csv
    and deviations.html show every departure from the standards. A deal with error
    findings is not built. Exit 0 when every deal is built, 1 when some deal has error
    findings, 2 when a deal file cannot be read (or its build fails).

    \b
    Example:
      dealdocs batch deals/ -o out/ --jobs 2 --standards standards/tees-valley.yaml
    """
    from dealdocs.batch import BUILT, run_batch

    progress = _BatchProgress()
    try:
        result = run_batch(folder, out_dir, jobs=jobs, standards=standards, progress=progress)
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
                           f"{finding['message']}", err=True)
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
        if self.bar is not None:
            self.bar.update(1, f"{name} {result.outcome}")
        else:
            click.echo(f"[{done}/{total}] {name} {result.outcome}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


# --- register -----------------------------------------------------------------------


@main.command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ics"]), default="csv", show_default=True)
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE instead of standard output.")
def register(deals: tuple[Path, ...], fmt: str, out_file: Path | None) -> None:
    """The obligations register: every commitment of the deals.

    Who owes what to whom, by when, and the remedy. One row per commitment: deal, deal title, commitment, obligor, counterparty,
    clause, due, amount (plain pounds), remedy. JSON adds each commitment's tranches;
    ics is a calendar with one all-day event per due date (commitments and tranches).
    CSV cells that a spreadsheet would run as a formula (starting =, +, -, @) are
    prefixed with a single quote.

    The register reads each deal's structure only: deals with error findings are
    still registered as they stand (run `dealdocs check` for the findings). A file
    that cannot be read stops the command with exit 2, listing every problem.

    \b
    Example:
      dealdocs register examples/*.yaml --format ics -o obligations.ics
    """
    from dealdocs.output import write_atomically
    from dealdocs.register import register as make_register

    data = make_register(deals, fmt)
    if out_file is None:
        click.echo(data, nl=False)
        return
    write_atomically(out_file.parent if str(out_file.parent) else Path("."), out_file.name, data)
    click.echo(f"wrote {out_file}", err=True)
