"""Findings: what the cross-checks say about a deal, each at a place in its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from dealdocs.source import Location


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    # Where in the deal's data the finding is (e.g. ("commitments", 2, "to")), when the
    # rule said so: a forced draft prints the finding at the clause it concerns.
    path: tuple = field(default=(), compare=False)

    @classmethod
    def at(cls, code: str, severity: Severity, message: str, where: Location, path: tuple = ()) -> Finding:
        return cls(code, severity, message, where.file, where.line, where.column, path)

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.code, self.message)

    def __str__(self) -> str:
        """`FILE:LINE:COL: CODE severity: message` (SPEC section 6, with the severity after
        the code so that a script reading `FILE:LINE:COL: CODE message` still can)."""
        return f"{self.file}:{self.line}:{self.column}: {self.code} {self.severity.value}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


def has_errors(findings: list[Finding], *, strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)
