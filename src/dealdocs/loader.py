"""Read a deal file (YAML or JSON) into a `Deal` and a `SourceMap`, or report every
structural problem in it with its line and column.

YAML is read as PyYAML parse events (libyaml where installed) and built into values
here, so that every value keeps its place in the file, duplicate keys are caught,
non-standard tags are refused and alias expansion is bounded (a "billion laughs" file
stops at once). Only the safe YAML types are ever constructed.
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


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"


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
    builder = _Builder(name)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError([Problem(name, line, column, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(name, 0, 0, f"YAML error: {error}")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    if builder.documents == 0 or builder.root is None:
        raise InputError([Problem(name, 0, 0, "the file is empty; a deal file starts with `dealdocs: 1`")])
    return builder.root, builder.source


_DISCARD = object()  # the value of a duplicate or refused key: parsed, then dropped


class _Frame:
    __slots__ = ("value", "path", "key", "key_place", "seen", "anchor", "count", "line", "column")

    def __init__(self, value: Any, path: tuple, anchor: str | None, line: int, column: int):
        self.value = value
        self.path = path
        self.key: Any = None  # in a mapping: the key whose value comes next
        self.key_place = (0, 0)
        self.seen: dict[str, int] = {}
        self.anchor = anchor
        self.count = 1  # values inside this one, itself included, aliases expanded
        self.line, self.column = line, column


class _Builder:
    """Builds plain Python values from YAML parse events, recording each value's place.

    Working from events rather than a composed node tree keeps a large deal fast: the
    only YAML resolution done here is for plain scalars, through PyYAML's resolver.
    Aliases are counted as if expanded, so a "billion laughs" file is refused at once.
    """

    def __init__(self, name: str):
        self.name = name
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.root: Any = None
        self.documents = 0
        self.count = 0
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.count)
            self._place(frame.value, frame.count, frame.line, frame.column, nested=True)
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._refuse(event, "holds more than one YAML document")

    # Where the next value goes: the path it gets, or a key of a mapping.

    def _next_path(self) -> tuple | None:
        """The path of the value about to be placed; None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.key is None:
            return None
        return (*top.path, top.key) if top.key is not _DISCARD else (*top.path, "\0")

    def _place(self, value: Any, count: int, line: int, column: int, *, nested: bool = False) -> None:
        self.count += 0 if nested else count
        if self.count > MAX_NODES:
            raise InputError([Problem(self.name, line, column, "expands to too many values (aliases?); refused")])
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.count += count
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is _DISCARD:
            top.key = None
        else:
            top.value[top.key] = value
            top.key = None

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        path = self._next_path()
        if path is None:
            self._refuse(event, "a key must be plain text, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise InputError([Problem(self.name, line, column, "is nested too deeply to be a deal file")])
        if event.tag not in (None, "!") and event.tag not in _STANDARD_TAGS:
            self.problems.append(Problem(self.name, line, column, f"unsupported YAML tag {event.tag!r}"))
        self.source.values.setdefault(path, (line, column))
        value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Frame(value, path, event.anchor, line, column))

    def _alias(self, event: yaml.AliasEvent) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        path = self._next_path()
        if path is None:
            self._refuse(event, "a key must be plain text, not an alias")
        if event.anchor not in self.anchors:
            self._refuse(event, f"unknown or recursive alias *{event.anchor}")
        value, count = self.anchors[event.anchor]
        self.source.values.setdefault(path, (line, column))
        self._place(value, count, line, column)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        tag = self._tag(event)
        path = self._next_path()
        if path is None:  # a mapping key
            self._key(event, tag, line, column)
            return
        self.source.values.setdefault(path, (line, column))
        if tag not in _STANDARD_TAGS:
            self.problems.append(Problem(self.name, line, column, f"unsupported YAML tag {tag!r}"))
            value: Any = None
        else:
            value = self._construct(tag, event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, 1, line, column)

    def _key(self, event: yaml.ScalarEvent, tag: str, line: int, column: int) -> None:
        top = self.stack[-1]
        if tag == _MERGE:
            self.problems.append(Problem(self.name, line, column, "YAML merge keys (<<) are not supported in deal files"))
            top.key = _DISCARD
            return
        key = self._construct(tag, event) if tag in _STANDARD_TAGS else event.value
        if not isinstance(key, str):
            key = event.value  # `2026: x` is the key "2026", as a reader would expect
        if key in top.seen:
            self.problems.append(
                Problem(self.name, line, column, f"duplicate key {key!r} (first at line {top.seen[key]})")
            )
            top.key = _DISCARD
            return
        top.seen[key] = line
        top.key = key
        self.source.keys[(*top.path, key)] = (line, column)

    def _tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag not in (None, "!"):
            return event.tag
        if event.implicit[0]:  # a plain scalar: true, 12, 2026-03-02, null ...
            return self.resolver.resolve(yaml.ScalarNode, event.value, (True, False))
        return _STR

    def _construct(self, tag: str, event: yaml.ScalarEvent) -> Any:
        text = event.value
        if tag == _STR:
            return text
        if tag == _INT and text.isdigit():
            # YAML 1.1 reads 01234567 as octal; in a deal file it is a company number.
            return text if len(text) > 1 and text.startswith("0") else int(text)
        try:
            node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. `2026-13-45` looks like a date but is not one: keep the text so the
            # model reports it as a bad date at this place.
            return text

    def _refuse(self, event: yaml.Event, message: str) -> None:
        mark = event.start_mark
        raise InputError([*self.problems, Problem(self.name, mark.line + 1, mark.column + 1, message)])


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
    builder = _Builder(name)
    try:
        for event in yaml.parse(text, Loader=_Loader):
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
