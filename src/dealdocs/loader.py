"""Read a deal file (YAML or JSON) into a `Deal` and a `SourceMap`, or report every
structural problem in it with its line and column.

YAML is read by `dealdocs.yamlread`, which keeps every value's place in the file and
says each YAML mistake with its fix. A standards file given where a deal is expected is
named as such, with the way to use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dealdocs.errors import InputError, Problem
from dealdocs.files import read_limited
from dealdocs.model import Deal
from dealdocs.source import SourceMap
from dealdocs.validation import describe_errors
from dealdocs.safetext import problem as unsafe_text
from dealdocs.yamlread import LOADER, Builder, from_yaml
from dealdocs.yamlscalars import MAX_DIGITS

# A bound no honest deal file comes near (the YAML reader has its own: yamlread).
MAX_BYTES = 8 * 1024 * 1024

@dataclass
class Loaded:
    """A deal file read without structural errors."""

    path: Path
    deal: Deal
    source: SourceMap
    data: dict[str, Any]  # the file's values as read, before validation


def load(path: str | Path) -> Loaded:
    """Read and validate one deal file; raise `InputError` listing every problem."""
    path = Path(path)
    data, source = read_data(path)
    if _STANDARDS_KEY in data:
        raise InputError([_standards_given(path, source)])
    try:
        deal = Deal.model_validate(data)
    except ValidationError as error:
        raise InputError(describe_errors(error, source)) from None
    return Loaded(path=path, deal=deal, source=source, data=data)


_STANDARDS_KEY = "dealdocs-standards"


def _standards_given(path: Path, source: SourceMap) -> Problem:
    place = source.key_at((_STANDARDS_KEY,))
    return Problem(
        str(path), place.line, place.column,
        "this is a standards file (it starts with `dealdocs-standards:`), not a deal file; check a deal "
        f"against it with `dealdocs check DEAL --standards {path}`, or adopt it in the deal with "
        "`extends:` under `deal:`",
    )


def read_data(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """The file's top-level mapping and its source map (no model validation)."""
    name = str(path)
    text = _read_text(path)
    if not text.strip():
        raise InputError([Problem(name, 0, 0, "the file is empty; a deal file starts with `dealdocs: 1`")])
    if path.suffix.lower() == ".json":
        data, source = _from_json(text, name)
    else:
        data, source = from_yaml(text, name)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(
            [Problem(name, 1, 1, f"the top level is {kind}; a deal file is a mapping starting with `dealdocs: 1`")]
        )
    return data, source


def _read_text(path: Path) -> str:
    name = str(path)
    if not path.exists():
        raise InputError([Problem(name, 0, 0, "no such file")])
    if path.is_dir():
        raise InputError([Problem(name, 0, 0, "is a directory, not a deal file")])
    raw = read_limited(path, MAX_BYTES, "deal file")  # a FIFO, a device or a huge file is refused unread
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError([Problem(name, line, column, "is not UTF-8 text; save it as UTF-8")]) from None
    return text.removeprefix("\ufeff")


# --- JSON ---------------------------------------------------------------------------


def _from_json(text: str, name: str) -> tuple[Any, SourceMap]:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict:
        seen: dict = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError([Problem(name, error.lineno, error.colno, f"JSON syntax error: {error.msg}")]) from None
    except ValueError as error:  # e.g. an integer of over 4,300 digits
        if "digits" in str(error):
            raise InputError([Problem(name, 0, 0, f"a number with more than {MAX_DIGITS} digits; no figure in a "
                                                  "deal needs that many: check the values")]) from None
        raise InputError([Problem(name, 0, 0, f"JSON error: {error}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 0, 0, "is nested too deeply to be a deal file")]) from None
    source = _json_positions(text, name)
    if duplicates:
        raise InputError([Problem(name, *_key_place(source, key), f"duplicate key {key!r}") for key in duplicates])
    vetted = list(_vet_json(data, (), source))
    if vetted:
        raise InputError(vetted)
    return data, source


def _vet_json(value: Any, path: tuple, source: SourceMap):
    """Text no document may print and numbers no deal needs, as the YAML reader refuses them."""
    if isinstance(value, str):
        wrong = unsafe_text(value)
        if wrong:
            place = source.at(path)
            yield Problem(source.file, place.line, place.column, wrong)
    elif isinstance(value, int) and not isinstance(value, bool) and len(str(value)) > MAX_DIGITS:
        place = source.at(path)
        yield Problem(source.file, place.line, place.column, f"a number with more than {MAX_DIGITS} digits; "
                                                             "no figure in a deal needs that many: check the value")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _vet_json(key, path, source)
            yield from _vet_json(item, (*path, key), source)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _vet_json(item, (*path, index), source)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a deal file")


def _json_positions(text: str, name: str) -> SourceMap:
    """Places for a JSON file, read by the YAML composer (JSON is YAML's flow style).

    The values come from the json module; this only supplies lines and columns. A JSON
    text the YAML reader cannot follow (rare: tabs in odd places) keeps line 1 for all.
    """
    builder = Builder(name, text)
    try:
        for event in yaml.parse(text, Loader=LOADER):
            builder.feed(event)
    except (yaml.YAMLError, InputError):
        if not builder.source.values:
            return SourceMap(name, values={(): (1, 1)})
    return builder.source


def _key_place(source: SourceMap, key: str) -> tuple[int, int]:
    for path, place in source.keys.items():
        if path[-1] == key:
            return place
    return (1, 1)
