"""Where the package's own files live: the clause library, templates and fonts.

An installed wheel carries `clauses/` and `templates/` inside the package; a source
checkout (an editable install, or tests run from the tree) keeps them at the top of the
repository. Only these folders are ever read for templates, stylesheets and fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _folder(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"dealdocs is missing its {name}/ folder (looked in {inside})")


def clauses_dir() -> Path:
    return _folder("clauses")


def templates_dir() -> Path:
    return _folder("templates")


def fonts_dir() -> Path:
    return _folder("templates") / "fonts"
