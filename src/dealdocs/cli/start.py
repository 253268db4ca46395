"""`dealdocs new`: a starter deal file, each answer checked as it is given."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dealdocs.cli.app import command
from dealdocs.errors import InputError, Problem, UsageError


def interactive() -> bool:
    """Ask questions only when a person is at a terminal (tests replace this)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--id", "deal_id", help="Deal id (a slug: lower-case letters, digits, hyphens); used in file names.")
@click.option("--title", help="Deal title.")
@click.option("--zone", help="Industrial Strategy Zone or area.")
@click.option("--sector", help="Sector key, e.g. clean-energy.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Date of this draft.  [default: today]")
@click.option("--investor", help="The anchor investor's full legal name.  [default: [●], a blank]")
@click.option("--authority", help="The combined authority's or council's name.  [default: [●], a blank]")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path: Path | None, force: bool, date_: str | None, **answers: str | None) -> None:
    """Write a starter deal file that loads and builds.

    On a terminal it asks for what the options did not give, checking each answer as
    it is given; otherwise it uses the options and defaults. PATH defaults to
    <deal id>.yaml. What it cannot know (the investor's name and company number, the
    university and college) it leaves as [●] blanks, which `dealdocs check` lists as
    warnings (DD134) until they are filled in.

    \b
    Example:
      dealdocs new tees.yaml --title "Teesside Green Manufacturing Cluster Deal" --zone "Tees Valley"
    """
    from dealdocs.output import check_folder, write_atomically
    from dealdocs.starter import BLANK, QUESTIONS, sector_hint, starter_text

    answers["date"] = date_
    if path is not None:  # before any question: a target that cannot be written is said at once
        _free(path, force)
        check_folder(_folder(path), label=f"{path}: its folder {_folder(path)}")
    asking = interactive()
    for key, question, default, valid in QUESTIONS:
        given = answers.get(key)
        if given is not None:
            answers[key] = _given(key, given, valid, path, force)
        elif asking:
            shown = default(answers)
            answers[key] = click.prompt(question, default=shown, show_default=shown != BLANK,
                                        value_proc=_asking(key, valid, path, force))
        else:
            answers[key] = _given(key, default(answers), valid, path, force)
    hint = sector_hint(answers["sector"])
    if hint and not asking:
        click.echo(f"dealdocs new: warning: {hint}; kept as written (`dealdocs check` reports it as DD119)", err=True)
    target = path or Path(f"{answers['deal_id']}.yaml")
    write_atomically(_folder(target), target.name, starter_text(answers).encode("utf-8"))
    click.echo(f"wrote {target}")


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _free(target: Path, force: bool) -> None:
    """Refuse a target that exists (without --force) before a question is asked."""
    if target.is_dir():
        raise UsageError(f"{target}: is a folder; name the deal file to write, e.g. {target / 'deal.yaml'}")
    if target.exists() and not force:
        raise InputError([Problem(str(target), 0, 0, "already exists; use --force to overwrite it, "
                                                      "or name another file")])


def _given(key: str, value: str, valid, path: Path | None, force: bool):
    """An option's value checked; a usage error (exit 2) saying how to fix it otherwise."""
    option = "--id" if key == "deal_id" else f"--{key}"
    try:
        checked = valid(value)
    except ValueError as error:
        raise UsageError(f"dealdocs new: {option}: {error}") from None
    if key == "deal_id" and path is None:
        _free(Path(f"{checked}.yaml"), force)
    return checked


def _asking(key: str, valid, path: Path | None, force: bool):
    """click's `value_proc` for one question: a bad answer is said and asked again. An
    unknown sector is queried once with the nearest key; typed again, it is kept."""
    from dealdocs.starter import sector_hint

    queried: list[str] = []

    def proc(text: str):
        try:
            value = valid(text)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        if key == "sector":
            hint = sector_hint(value)
            if hint and value not in queried:
                queried.append(value)
                raise click.UsageError(f"{hint}; type it again to keep it")
        if key == "deal_id" and path is None and not force and Path(f"{value}.yaml").exists():
            raise click.UsageError(f"{value}.yaml already exists; choose another id (or run with --force)")
        return value

    return proc
