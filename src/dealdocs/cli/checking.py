"""`dealdocs check`, `dealdocs rules` and `dealdocs rule`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dealdocs.cli.app import command
from dealdocs.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, InputError


@command()
@click.argument("deals", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--standards", type=click.Path(path_type=Path), help="A standards file to check the deals against.")
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
def check(deals: tuple[Path, ...], fmt: str, standards: Path | None, strict: bool) -> None:
    """Check deal files: structure, then every cross-check.

    Exit 0 when clean (warnings allowed), 1 when a deal has error findings, 2 when a
    file cannot be read or breaks the deal-file format. Text output is one finding a
    line, FILE:LINE:COL: CODE severity: message; JSON and SARIF list a file's format
    errors too (code DD000), so a broken file never looks clean.

    \b
    Example:
      dealdocs check examples/*.yaml --format json
    """
    from dealdocs import api
    from dealdocs.findings import has_errors
    from dealdocs.report import format_findings

    findings, problems, open_points = [], [], {}
    for path in deals:
        try:
            checked = api.check(path, standards=standards)
        except InputError as error:
            problems += error.problems
            continue
        findings += checked.findings
        open_points[str(path)] = len(checked.loaded.deal.open_points)
    for problem in problems:
        click.echo(str(problem), err=True)
    files = [str(p) for p in deals]
    click.echo(format_findings(findings, fmt, files=files, problems=problems, open_points=open_points), nl=False)
    if problems:
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_FINDINGS if has_errors(findings, strict=strict) else EXIT_OK)


@command()
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


@command()
@click.argument("code")
def rule(code: str) -> None:
    """Explain one cross-check, with a failing and a passing example.

    DD000 is the code machine output gives a file that cannot be read.

    \b
    Example:
      dealdocs rule DD103
    """
    from dealdocs.checks import RULES
    from dealdocs.errors import INPUT_CODE, INPUT_DOC, INPUT_NAME

    if code.upper() == INPUT_CODE:
        click.echo(f"{INPUT_CODE} {INPUT_NAME} (error)\n")
        click.echo(INPUT_DOC.strip())
        return
    found = RULES.get(code.upper())
    if found is None:
        raise click.BadParameter(f"no rule {code!r}; see `dealdocs rules` for the list", param_hint="CODE")
    click.echo(f"{found.CODE} {found.NAME} ({found.SEVERITY.value})\n")
    click.echo((found.__doc__ or "").strip())
