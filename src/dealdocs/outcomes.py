"""What a batch reports, as plain data: each deal's outcome and the batch as a whole.

Shared by `dealdocs.batch`, which runs the deals and fills these in, and
`dealdocs.dashboard`, which writes the reports from them; neither imports the other's
module for them. Results cross the worker-process boundary, so `DealResult` holds only
plain, picklable values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from dealdocs.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK

BUILT, REFUSED, INVALID, CRASHED = "built", "refused", "invalid", "crashed"
OUTCOMES = (BUILT, REFUSED, INVALID, CRASHED)
_EXIT = {BUILT: EXIT_OK, REFUSED: EXIT_FINDINGS, INVALID: EXIT_INPUT, CRASHED: EXIT_INPUT}


@dataclass
class DealResult:
    """What happened to one deal file: plain, picklable data."""

    path: str
    outcome: str
    deal_id: str | None = None
    title: str | None = None
    zone: str | None = None
    sector: str | None = None
    status: str | None = None
    public_support: str | None = None  # exact pounds, as text
    private_investment: str | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    open_points: int = 0  # commitments and remedies not yet agreed (SPEC section 8)
    findings: list[dict] = field(default_factory=list)  # Finding.as_dict()
    problems: list[dict] = field(default_factory=list)  # file, line, column, message
    files: list[str] = field(default_factory=list)  # written, relative to the output folder
    standard: str | None = None  # the name of the standards the deal was checked against
    notes: list[str] = field(default_factory=list)  # what a built deal left out (a PDF too large ...)
    # About this run, not the deal (never stored): taken unchanged from the last run's
    # cache, and what a build read and wrote, for the cache (see dealdocs.batchcache).
    reused: bool = False
    record: dict | None = None

    @property
    def exit_code(self) -> int:
        return _EXIT[self.outcome]

    @property
    def deviations(self) -> list[dict]:
        return [f for f in self.findings if f["code"].startswith("DD2")]

    def document(self, kind: str, fmt: str) -> str | None:
        """The written file of one document in one format, relative to the output folder."""
        return next((f for f in self.files if f.endswith(f"-{kind}.{fmt}")), None)


_RUN_FIELDS = ("reused", "record")
_TEXT_OR_NONE = ("deal_id", "title", "zone", "sector", "status", "public_support", "private_investment", "standard")
_FINDING = {"code": str, "severity": str, "message": str, "file": str, "line": int, "column": int}
_PROBLEM = {"file": str, "message": str, "line": int, "column": int}


def to_plain(result: DealResult) -> dict:
    """A result as plain data to store (JSON), without what is about one run only."""
    return {f.name: getattr(result, f.name) for f in fields(DealResult) if f.name not in _RUN_FIELDS}


def from_plain(data: Any) -> DealResult:
    """A stored result back, every field checked for its type and every file for being a
    plain relative path (the dashboard renders and links them); ValueError or TypeError
    when it is not one."""
    if not isinstance(data, dict) or set(data) != {f.name for f in fields(DealResult)} - set(_RUN_FIELDS):
        raise ValueError("not a stored result")
    if not (isinstance(data["path"], str) and data["outcome"] in OUTCOMES
            and all(data[key] is None or isinstance(data[key], str) for key in _TEXT_OR_NONE)):
        raise TypeError("a text field is not text")
    counts = data["counts"]
    if not (isinstance(counts, dict) and set(counts) == {"error", "warning", "info"}
            and all(type(n) is int and n >= 0 for n in counts.values()) and type(data["open_points"]) is int):
        raise TypeError("counts")
    _items(data["findings"], lambda f: _shaped(f, _FINDING) and f["severity"] in counts)
    _items(data["problems"], lambda p: _shaped(p, _PROBLEM))
    _items(data["notes"], lambda n: isinstance(n, str))
    _items(data["files"], _relative)
    if data["outcome"] == BUILT and (counts["error"] or not data["files"]):
        raise ValueError("a built deal with errors, or without files")
    if data["outcome"] != BUILT and data["files"]:
        raise ValueError("files of a deal not built")
    return DealResult(**data)


def _items(value: Any, good: Callable[[Any], bool]) -> None:
    if not isinstance(value, list) or not all(good(item) for item in value):
        raise TypeError("a list of the wrong shape")


def _shaped(item: Any, types: dict[str, type]) -> bool:
    return isinstance(item, dict) and set(item) == set(types) and all(type(item[k]) is t for k, t in types.items())


def _relative(name: Any) -> bool:
    """A path inside the output folder: relative, no `..`, no hidden parts, no backslash."""
    if not isinstance(name, str) or not name or "\0" in name or "\\" in name or name.startswith("/"):
        return False
    return all(part not in {"", ".", ".."} and not part.startswith(".") for part in name.split("/"))


@dataclass
class BatchResult:
    folder: Path
    out_dir: Path
    deals: list[DealResult]
    skipped: list[str] = field(default_factory=list)  # YAML/JSON files that are not deals
    reports: list[Path] = field(default_factory=list)  # index.html, deviations.csv, deviations.html
    notices: list[str] = field(default_factory=list)  # what the batch itself has to say (a worker killed ...)

    @property
    def exit_code(self) -> int:
        return max((d.exit_code for d in self.deals), default=EXIT_OK)

    @property
    def index(self) -> Path:
        return self.out_dir / "index.html"

    def count(self, outcome: str) -> int:
        return sum(1 for d in self.deals if d.outcome == outcome)

    def summary(self) -> str:
        """`24 deals: 22 built, 1 refused, 1 invalid`."""
        parts = [f"{self.count(o)} {o}" for o in OUTCOMES if self.count(o) or o == BUILT]
        noun = "deal" if len(self.deals) == 1 else "deals"
        return f"{len(self.deals)} {noun}: {', '.join(parts)}"
