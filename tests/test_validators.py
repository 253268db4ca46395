"""Every example's PDF passes page-validation's PDF/UA-1 profile and every example's
Word file passes openxml-audit (the top-level examples' Word files are audited in
tests/test_build.py), the council examples (built in the Tees Valley house style, whose
page, fonts and header the PDF takes too) as well as the top-level ones.

Both validators work offline; page-validation (`page`) is in the test extra.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dealdocs import api
from tests.conftest import EXAMPLES, ROOT, tool

STANDARDS_DEALS = sorted(p for p in (ROOT / "examples" / "standards").glob("*.yaml")
                         if "dealdocs" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}))
DEALS = [*EXAMPLES, *STANDARDS_DEALS]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("validators")
    return {deal.stem: api.build(deal, out / deal.stem, formats=["docx", "pdf"]) for deal in DEALS}


def test_the_council_examples_are_built_in_a_house_style():
    assert STANDARDS_DEALS, "examples/standards has deals"
    from dealdocs.api import check

    assert all(check(deal).standards and check(deal).standards.style for deal in STANDARDS_DEALS)


@pytest.mark.slow
@pytest.mark.parametrize("deal", [d.stem for d in DEALS])
def test_every_pdf_passes_page_validation_pdf_ua_1(built, deal):
    page = pytest.importorskip("page", reason="page-validation is not installed (pip install -e '.[test]')")
    for path in (p for p in built[deal] if p.suffix == ".pdf"):
        report = page.validate_pdf(path, profile="ua1")
        failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
        assert report.is_compliant, f"{path.name}: " + "; ".join(failures[:10])
        assert report.rules.total > 50  # the profile's rules were run, not skipped


@pytest.mark.slow
@pytest.mark.parametrize("deal", [d.stem for d in STANDARDS_DEALS])  # the others: tests/test_build.py
def test_every_docx_passes_openxml_audit(built, deal):
    audit = shutil.which("openxml-audit", path=str(Path(sys.executable).parent)) or tool("openxml-audit")
    for path in (p for p in built[deal] if p.suffix == ".docx"):
        result = subprocess.run([audit, "-q", str(path)], check=False, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{path.name}: {result.stdout}{result.stderr}"
