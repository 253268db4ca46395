"""Errors the library raises, and the exit code each one means.

The CLI maps any `DealdocsError` to its `exit_code` and prints its lines; commands need
no try/except of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

# Machine output (`check --format json|sarif`) lists each input problem with this code,
# beside the findings, so a file that cannot be read never looks clean.
INPUT_CODE = "DD000"
INPUT_NAME = "input-error"
INPUT_DOC = """The file cannot be read, or it breaks the deal-file format.

Why it matters: a deal file that does not load cannot be checked at all, so none of
the cross-checks has run on it; `dealdocs check` exits with code 2. Each problem is
reported at its line and column: a YAML or JSON syntax error, an unknown key (usually
a typo), a value of the wrong type (a bad date, a role that is not one of the role
keys), a missing required key, a file that is missing, empty or not UTF-8 text.

Failing example:

    dealdocs: 1
    deal:
      id: tees
      date: 2027-02-30

Passing example:

    dealdocs: 1
    deal:
      id: tees
      date: 2027-02-28
"""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a place in it."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"


class DealdocsError(Exception):
    """Base of every error meant for the user; `lines()` is what they see."""

    exit_code = EXIT_INPUT

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(DealdocsError):
    """An input file is missing, unreadable or structurally wrong: every problem found."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(DealdocsError):
    """A command was asked for something it cannot do (bad option combination, ...)."""

    exit_code = EXIT_INPUT


class BuildRefused(DealdocsError):
    """`build` found error findings in the deal and was not forced."""

    exit_code = EXIT_FINDINGS

    def __init__(self, findings: list):
        self.findings = findings
        super().__init__("the deal has error findings; fix them or build with --force")

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings] + [f"dealdocs: {self}"]
