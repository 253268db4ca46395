"""How parties' positions merge into one text (assemble/positions.py), as data."""

from __future__ import annotations

import pytest

from dealdocs.assemble.positions import merge

CASES = [
    ("a figure",
     [("Company", "grant funding of up to £600,000,000, to be used"),
      ("Secretary of State", "grant funding of up to £500,000,000, to be used")],
     "grant funding of up to [£600,000,000] (Company) / [£500,000,000] (Secretary of State), to be used"),
    ("words one side leaves out take the word before them",
     [("A", "interest at 4 per cent and more"), ("B", "interest and more")],
     "[interest at 4 per cent] (A) / [interest] (B) and more"),
    ("two places in one sentence",
     [("A", "within 5 years, then 10 years"), ("B", "within 3 years, then 5 years")],
     "within [5] (A) / [3] (B) years, then [10] (A) / [5] (B) years"),
    ("parties proposing the same words share one alternative",
     [("A", "x per year"), ("B", "y per year"), ("C", "x per year")],
     "[x] (A and C) / [y] (B) per year"),
    ("the same text is not bracketed",
     [("A", "the same words"), ("B", "the same words")],
     "the same words"),
]


@pytest.mark.parametrize("texts, expected", [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_positions_merge_into_attributed_alternatives(texts, expected):
    assert merge(texts) == expected


def test_a_difference_across_paragraphs_prints_each_partys_paragraphs():
    a = "Lead:\n\n- 100 per cent within 2 years;\n- 50 per cent within 5 years.\n\nEnd."
    b = "Lead:\n\n- 100 per cent within 2 years.\n\nEnd."
    merged = merge([("Company", a), ("Secretary of State", b)])
    assert merged.startswith("Lead:")
    assert merged.rstrip().endswith("End.")
    company = merged.index("[Company's position:]")
    state = merged.index("[Secretary of State's position:]")
    assert company < merged.index("50 per cent within 5 years.") < state
    assert "\n- 100 per cent within 2 years.\n" in merged[state:]


def test_cross_references_are_never_split():
    ref = "clause \ue000c-grant\ue001Funding Grant\ue002"
    merged = merge([("A", f"under {ref} of £5"), ("B", f"under {ref} of £6")])
    assert ref in merged and merged.endswith("[£5] (A) / [£6] (B)")
