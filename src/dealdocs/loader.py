"""Read a deal file (YAML or JSON) into a `Deal` and a `SourceMap`, or report every
structural problem in it with its line and column.

YAML is composed into nodes with PyYAML's safe loader and walked here, so that every
value keeps its place in the file, duplicate keys are caught, non-standard tags are
refused and alias expansion is bounded (a "billion laughs" file stops at once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from dealdocs.errors import InputError, Problem
from dealdocs.model import Deal
from dealdocs.source import SourceMap
from dealdocs.validation import describe_errors

# Bounds that no honest deal file comes near.
MAX_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge")
}


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
    try:
        deal = Deal.model_validate(data)
    except ValidationError as error:
        raise InputError(describe_errors(error, source)) from None
    return Loaded(path=path, deal=deal, source=source, data=data)


def read_data(path: Path) -> tuple[dict[str, Any], SourceMap]:
    """The file's top-level mapping and its source map (no model validation)."""
    name = str(path)
    text = _read_text(path)
    if not text.strip():
        raise InputError([Problem(name, 0, 0, "the file is empty; a deal file starts with `dealdocs: 1`")])
    if path.suffix.lower() == ".json":
        data, source = _from_json(text, name)
    else:
        data, source = _from_yaml(text, name)
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
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(name, 0, 0, f"cannot read: {error.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(name, 0, 0, f"is over {MAX_BYTES // 1024 // 1024} MiB; not a deal file")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError([Problem(name, line, column, "is not UTF-8 text; save it as UTF-8")]) from None
    return text.removeprefix("\ufeff")


# --- YAML ---------------------------------------------------------------------------


def _from_yaml(text: str, name: str) -> tuple[Any, SourceMap]:
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError([Problem(name, line, column, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(name, 0, 0, f"YAML error: {error}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 0, 0, "is nested too deeply to be a deal file")]) from None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        raise InputError([Problem(name, 0, 0, "the file is empty; a deal file starts with `dealdocs: 1`")])
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise InputError([Problem(name, mark.line + 1, mark.column + 1, "holds more than one YAML document")])
    walker = _Walker(name)
    data = walker.value(nodes[0], (), 0)
    if walker.problems:
        raise InputError(walker.problems)
    return data, walker.source


class _Walker:
    """Builds plain Python values from YAML nodes, recording each node's place."""

    def __init__(self, name: str):
        self.name = name
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def value(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.count += 1
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if self.count > MAX_NODES:
            raise InputError([Problem(self.name, line, column, "expands to too many values (aliases?); refused")])
        if depth > MAX_DEPTH:
            raise InputError([Problem(self.name, line, column, "is nested too deeply to be a deal file")])
        self.source.values.setdefault(path, (line, column))
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(Problem(self.name, line, column, f"unsupported YAML tag {node.tag!r}"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(self._problem(key_node, "YAML merge keys (<<) are not supported in deal files"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(self._problem(key_node, "a key must be plain text"))
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = key_node.value  # `2026: x` is the key "2026", as a reader would expect
            if key in first_seen:
                self.problems.append(
                    self._problem(key_node, f"duplicate key {key!r} (first at line {first_seen[key]})")
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.source.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:int" and len(node.value) > 1 and node.value.startswith("0") and node.value.isdigit():
            # YAML 1.1 reads 01234567 as octal; in a deal file it is a company number.
            return node.value
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. `2026-13-45` looks like a date but is not one: keep the text so the
            # model reports it as a bad date at this place.
            return node.value

    def _problem(self, node: yaml.Node, message: str) -> Problem:
        return Problem(self.name, node.start_mark.line + 1, node.start_mark.column + 1, message)


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
    except ValueError as error:
        raise InputError([Problem(name, 0, 0, f"JSON error: {error}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 0, 0, "is nested too deeply to be a deal file")]) from None
    source = _json_positions(text, name)
    if duplicates:
        raise InputError([Problem(name, *_key_place(source, key), f"duplicate key {key!r}") for key in duplicates])
    return data, source


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a deal file")


def _json_positions(text: str, name: str) -> SourceMap:
    """Places for a JSON file, read by the YAML composer (JSON is YAML's flow style).

    The values come from the json module; this only supplies lines and columns. A JSON
    text the YAML reader cannot follow (rare: tabs in odd places) keeps line 1 for all.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return SourceMap(name, values={(): (1, 1)})
    walker = _Walker(name)
    try:
        walker.value(node, (), 0)
    except InputError:
        pass
    return walker.source


def _key_place(source: SourceMap, key: str) -> tuple[int, int]:
    for path, place in source.keys.items():
        if path[-1] == key:
            return place
    return (1, 1)
