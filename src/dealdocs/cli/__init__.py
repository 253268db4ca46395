"""The `dealdocs` command: a thin layer over `dealdocs.api`.

Every command parses its options, calls one library function and prints. Errors meant
for the user are `DealdocsError`s, mapped to exit codes in one place (`app.Group.invoke`);
anything else is a bug, reported in one line (with the traceback under `--debug`).

The commands live by what they do: `checking` (check, rules, rule), `building` (build,
batch, register), `library` (clauses, schema), `start` (new), `verify` (verify) and
`preview` (preview).
Each imports what it needs when it runs, so `dealdocs --help` stays fast.
"""

from __future__ import annotations

from dealdocs.cli.app import EXIT_BUG, main
from dealdocs.cli.building import batch, build, register
from dealdocs.cli.checking import check, rule, rules
from dealdocs.cli.library import clauses, schema
from dealdocs.cli.preview import preview
from dealdocs.cli.rounds import diff, redline
from dealdocs.cli.start import new
from dealdocs.cli.verify import verify

for _command in (check, build, clauses, rules, rule, schema, new, batch, register, diff, redline, verify, preview):
    main.add_command(_command)


def run() -> None:
    """The `dealdocs` program: `main`, with the garbage collector set for it (`collector`),
    then an exit that skips the interpreter's teardown.

    Freeing every module and object one by one at exit took 0.1 to 0.25 s of a 0.6 to
    2.5 s build, for nothing: the process is ending. Every command has finished its work
    by now (files are written as whole sets, helpers ended, folders removed), so only
    the standard streams are left to flush. mypy ends the same way (`util.hard_exit`).
    `main` itself exits normally, for callers in the same process (tests, CliRunner).
    """
    import os
    import sys

    from dealdocs.collector import fewer_collections

    fewer_collections()
    try:
        main(prog_name="dealdocs")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone away: nothing more to say
            pass
    os._exit(code)


__all__ = ["EXIT_BUG", "main", "run"]
