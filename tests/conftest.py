"""Shared fixtures: example deals and a way to write deal files for a test."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

MINIMAL = """\
dealdocs: 1
deal:
  id: small-deal
  title: Small Cluster Deal
  zone: Tees Valley
  sector: clean-energy
  date: 2026-03-02
  term_years: 10
parties:
  - id: investor
    name: Anchor Investor Limited
    short_name: Investor
    role: investor
  - id: council
    name: Tees Valley Combined Authority
    short_name: Authority
    role: combined-authority
commitments:
  - id: invest
    by: investor
    to: council
    clause: investment
    terms: {amount: £10m, facility: a factory}
    amount: £10m
    remedy: claw
  - id: grant
    by: council
    to: investor
    clause: funding
    terms: {amount: £1m, purpose: site works}
    amount: £1m
    remedy: escalate
remedies:
  - id: claw
    clause: clawback
    terms: {schedule: [{years: 5, percent: 100}, {years: 10, percent: 50}]}
  - id: escalate
    clause: escalation
    terms: {forum: the governance board}
"""


@pytest.fixture
def write(tmp_path: Path):
    """write(text, name="deal.yaml") -> path of a file holding the dedented text."""

    def _write(text: str, name: str = "deal.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


def tool(name: str) -> str:
    """The path of an external reader, or skip the test loudly naming what is missing."""
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found


def libreoffice_text(source: Path, workdir: Path) -> str:
    """`source` converted by LibreOffice (which lays out lists and updates REF fields),
    as the PDF's words: what a lawyer sees after an edit in Word."""
    subprocess.run([tool("soffice"), f"-env:UserInstallation={(workdir / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(workdir / "pdf"), str(source)],
                   capture_output=True, check=True, timeout=180)
    pdf = workdir / "pdf" / source.with_suffix(".pdf").name
    return " ".join(subprocess.run([tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")
