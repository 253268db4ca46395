"""What a batch reports, as plain data: each deal's outcome and the batch as a whole.

Shared by `dealdocs.batch`, which runs the deals and fills these in, and
`dealdocs.dashboard`, which writes the reports from them; neither imports the other's
module for them. Results cross the worker-process boundary, so `DealResult` holds only
plain, picklable values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dealdocs.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK

# What a batch builds for each deal: both documents, in every format.
DOCS = ("heads-of-terms", "term-sheet")
FORMATS = ("docx", "pdf", "html", "md")

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

    @property
    def exit_code(self) -> int:
        return _EXIT[self.outcome]

    @property
    def deviations(self) -> list[dict]:
        return [f for f in self.findings if f["code"].startswith("DD2")]

    def document(self, kind: str, fmt: str) -> str | None:
        """The written file of one document in one format, relative to the output folder."""
        return next((f for f in self.files if f.endswith(f"-{kind}.{fmt}")), None)


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
