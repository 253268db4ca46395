"""A batch survives any deal (issue 15): each hostile deal is reported for itself, the
others are built, and the dashboard is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dealdocs.batch import BUILT, INVALID, run_batch
from tests.hostile import make

pytestmark = pytest.mark.slow


def _folder(tmp_path: Path) -> Path:
    deals = tmp_path / "deals"
    make.deal(deals, name="good.yaml")
    make.deal(deals, "nested-range", name="looping.yaml", **{"id: hostile-deal": "id: looping"})
    make.deal(deals, name="long-number.yaml", **{"id: hostile-deal": "id: long-number",
                                                  "term_years: 10": "term_years: " + "9" * 4301})
    make.deal(deals, name="control.yaml", **{"id: hostile-deal": "id: control", "zone: Tees Valley": 'zone: "\\e[2J"'})
    os.mkfifo(deals / "pipe.yaml")
    (deals / os.fsdecode(b"bad-\xff-name.yaml")).write_text(make.DEAL, encoding="utf-8")
    return deals


def test_hostile_deals_are_each_reported_and_the_rest_built(tmp_path):
    result = run_batch(_folder(tmp_path), tmp_path / "out", jobs=2)
    outcomes = {Path(d.path).name: d.outcome for d in result.deals}
    assert outcomes == {"good.yaml": BUILT, "looping.yaml": INVALID, "long-number.yaml": INVALID,
                        "control.yaml": INVALID, "pipe.yaml": INVALID, "bad-\\xff-name.yaml": INVALID}
    said = {Path(d.path).name: " ".join(p["message"] for p in d.problems) for d in result.deals}
    assert "250,000 steps" in said["looping.yaml"] and "100 digits" in said["long-number.yaml"]
    assert "U+001B" in said["control.yaml"] and "named pipe" in said["pipe.yaml"]
    assert "not UTF-8" in said["bad-\\xff-name.yaml"]
    assert (tmp_path / "out" / "index.html").is_file() and result.exit_code == 2
    assert len(list((tmp_path / "out" / "hostile-deal").iterdir())) == 8


def test_a_deal_past_the_time_bound_is_reported_as_such(tmp_path):
    """The bound (DEALDOCS_DEAL_SECONDS) is set far below what any build takes, so the
    test does not depend on the machine's speed."""
    deals = tmp_path / "deals"
    make.deal(deals, name="good.yaml")
    env = {**os.environ, "DEALDOCS_DEAL_SECONDS": "0.001"}
    done = subprocess.run([sys.executable, "-m", "dealdocs", "batch", str(deals), "-o", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 2, done.stderr
    assert "took longer than the batch's bound of 0.001 s" in done.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    assert not (tmp_path / "out" / "hostile-deal").exists() or not any((tmp_path / "out" / "hostile-deal").iterdir())


def test_a_deal_too_large_for_pdf_is_built_in_the_other_formats(tmp_path):
    deals = tmp_path / "deals"
    make.deal(deals, **{"text: build a factory": "text: build a factory " + "and more " * 20_000})
    result = run_batch(deals, tmp_path / "out", jobs=1)
    assert result.deals[0].outcome == BUILT
    assert sorted(Path(f).suffix for f in result.deals[0].files) == [".docx", ".docx", ".html", ".html", ".md", ".md"]
    assert any("no PDF: too large" in n for n in result.notices)
