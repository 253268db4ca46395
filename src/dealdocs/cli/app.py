"""The `dealdocs` group and the one place errors become exit codes.

Errors meant for the user are `DealdocsError`s, mapped to exit codes in `Group.invoke`;
Ctrl-C exits 130; anything else is a bug, reported in one line (with the traceback under `--debug`).
`--debug` is accepted before the command and after it (`dealdocs check --debug x.yaml`).
"""

from __future__ import annotations

import functools

import click

from dealdocs import __version__
from dealdocs.errors import DealdocsError

EXIT_BUG = 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command whose reader went away
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C

_DEBUG_HELP = "Show the traceback of an internal error."


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(dict)["debug"] = True


class Command(click.Command):
    """A command that also takes `--debug`, so it works wherever a user types it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.params.append(
            click.Option(["--debug"], is_flag=True, expose_value=False, is_eager=True, callback=_set_debug,
                         help=_DEBUG_HELP)
        )


class Group(click.Group):
    command_class = Command
    group_class = type  # subgroups are `Group`s too

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DealdocsError as error:
            for line in error.lines():
                click.echo(line, err=True)
            ctx.exit(error.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # the reader went away (`dealdocs diff A B | head`): stop quietly
            _quiet_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:  # Ctrl-C: outputs are written as whole sets, so none is half-written
            click.echo("dealdocs: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:  # a bug: say so in one line, not a traceback
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"dealdocs: internal error: {type(error).__name__}: {error}", err=True)
            click.echo("dealdocs: this is a bug; run again with --debug for the traceback", err=True)
            ctx.exit(EXIT_BUG)


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that flushing it at exit does not raise
    again (the way the Python documentation advises for SIGPIPE)."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


command = functools.partial(click.command, cls=Command)


def doc_option(help_text: str | None = None):
    """`--doc heads-of-terms|term-sheet|all`, passed on as `docs`: the documents, in order
    (build, redline, preview)."""
    from dealdocs.render import DOCS

    return click.option("--doc", "docs", type=click.Choice([*DOCS, "all"]), default="all", show_default=True,
                        callback=lambda _ctx, _param, value: DOCS if value == "all" else (value,), help=help_text)


def pdf_engine_option(function):
    """`--pdf-engine weasyprint|typst`, passed on as `pdf_engine` (build, batch, redline)."""
    from dealdocs.render import DEFAULT_PDF_ENGINE, PDF_ENGINES

    return click.option(
        "--pdf-engine", type=click.Choice(list(PDF_ENGINES)), default=DEFAULT_PDF_ENGINE, show_default=True,
        help="What lays out the PDF: WeasyPrint (from the HTML page) or Typst (faster; the same design).",
    )(function)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="dealdocs")
@click.option("--debug", is_flag=True, callback=_set_debug, expose_value=False, help=_DEBUG_HELP)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Heads of terms and term sheets for UK cluster deals, from one checked deal file.

    \b
    Start with:  dealdocs new my-deal.yaml
    Check it:    dealdocs check my-deal.yaml
    Build it:    dealdocs build my-deal.yaml -o out/
    """
    ctx.ensure_object(dict)
