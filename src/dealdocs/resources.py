"""Where the package's own files live: the clause library, templates and fonts.

An installed wheel carries `clauses/` and `templates/` inside the package; a source
checkout (an editable install, or tests run from the tree) keeps them at the top of the
repository. Only these folders are ever read for templates, stylesheets and fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

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


def page_templates(**options: Any) -> Environment:
    """A Jinja2 environment for the page templates in the templates folder (the document,
    the dashboard, the preview): autoescaped, since every deal value is user text; an
    undefined name an error; block tags leaving no blank lines. `options` add to these
    (the document's `finalize`)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, **options)
