"""Golden files: the Markdown and HTML of every example, compared as text.

After an intended change to a clause, a template or a renderer, regenerate them with
`python -m pytest tests/test_golden.py --update-golden` and read the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from dealdocs import api
from tests.conftest import EXAMPLES, ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = [(deal, doc, fmt) for deal in EXAMPLES for doc in ("heads-of-terms", "term-sheet") for fmt in ("md", "html")]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    for deal in EXAMPLES:
        api.build(deal, out, formats=["md", "html"])
    return out


@pytest.mark.parametrize("deal, doc, fmt", CASES, ids=lambda v: getattr(v, "stem", v))
def test_output_matches_golden(rendered, update_golden, deal, doc, fmt):
    name = f"{deal.stem}-{doc}.{fmt}"
    actual = (rendered / name).read_text(encoding="utf-8")
    golden = GOLDEN / name
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden}; run pytest --update-golden"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden), name, n=2))
        pytest.fail(f"{name} differs from its golden file:\n{diff[:6000]}")


def test_the_document_defines_the_terms_the_checks_reserve(rendered):
    """DD115/DD128 reserve DOCUMENT_TERMS because the definitions clause defines them."""
    from dealdocs.tree import DOCUMENT_TERMS

    text = (rendered / f"{EXAMPLES[0].stem}-heads-of-terms.md").read_text(encoding="utf-8")
    for term in DOCUMENT_TERMS - {"Party"}:
        assert f"**“{term}”** means" in text, term
    assert "and Party means any of them" in text
