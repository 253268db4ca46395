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

__all__ = ["EXIT_BUG", "main"]
