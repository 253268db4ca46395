"""YAML read as parse events into plain values, each with its place in the file.

PyYAML's parse events (libyaml where installed) are built into values here, so that
every value keeps its line and column, duplicate keys are caught, non-standard tags are
refused and alias expansion is bounded (a "billion laughs" file stops at once). Only the
safe YAML types are ever constructed.

Alias expansion is bounded twice: by the number of values (`MAX_NODES`) and by the
characters of text they add up to (twice the file plus `EXPANSION_FLOOR`), so one
large string aliased many times is refused as surely as a "billion laughs". What each
plain value is read as, and the values refused at their place (numbers too long, text
no document may print), is `dealdocs.yamlscalars`.

A comma inside a `{...}` value, which splits it into stray keys, is said as such, with
the fix; YAML syntax errors are said in a person's terms by `dealdocs.yamlerrors`.
"""

from __future__ import annotations

from typing import Any

import yaml

from dealdocs.errors import InputError, Problem
from dealdocs.safetext import problem as unsafe_text
from dealdocs.source import SourceMap
from dealdocs.yamlerrors import syntax_problem
from dealdocs.yamlscalars import MERGE, STANDARD_TAGS, Scalars, refused

# Bounds that no honest deal file comes near.
MAX_NODES = 200_000
MAX_DEPTH = 64
EXPANSION_FLOOR = 1 << 20  # characters aliases may add to a small file

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def from_yaml(text: str, name: str, *, max_nodes: int = MAX_NODES) -> tuple[Any, SourceMap]:
    """The file's values and their places; `InputError` listing what is wrong otherwise."""
    builder = Builder(name, text, max_nodes=max_nodes)
    try:
        for event in yaml.parse(text, Loader=LOADER):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_problem(error, name, text)]) from None
    except yaml.YAMLError as error:
        raise InputError([Problem(name, 0, 0, f"YAML error: {error}")]) from None
    if builder.problems:
        raise InputError(builder.problems)
    if builder.documents == 0 or builder.root is None:
        raise InputError([Problem(name, 0, 0, "the file is empty; a deal file starts with `dealdocs: 1`")])
    return builder.root, builder.source


_DISCARD = object()  # the value of a duplicate or refused key: parsed, then dropped


class _Frame:
    __slots__ = ("value", "path", "key", "key_place", "seen", "anchor", "count", "size", "line", "column", "flow",
                 "last", "splits")

    def __init__(self, value: Any, path: tuple, anchor: str | None, line: int, column: int, flow: bool = False):
        self.value = value
        self.path = path
        self.key: Any = None  # in a mapping: the key whose value comes next
        self.key_place = (0, 0)
        self.seen: dict[str, int] = {}
        self.anchor = anchor
        self.count = 1  # values inside this one, itself included, aliases expanded
        self.size = 0  # characters of text inside it, aliases expanded
        self.line, self.column = line, column
        self.flow = flow  # a `{...}` mapping, where a comma ends a value
        self.last: tuple | None = None  # (key, start index, line, column) of the last plain value
        self.splits: list[list] = []  # [key, line, column, start, end, [stray keys]]


class Builder:
    """Builds plain Python values from YAML parse events, recording each value's place.

    Working from events rather than a composed node tree keeps a large deal fast: the
    only YAML resolution done is for plain scalars, through PyYAML's resolver (`Scalars`).
    Aliases are counted as if expanded, so a "billion laughs" file is refused at once.
    """

    def __init__(self, name: str, text: str = "", *, max_nodes: int = MAX_NODES):
        self.name = name
        self.max_nodes = max_nodes
        self.max_chars = EXPANSION_FLOOR + 2 * len(text)
        self.size = 0
        self.text = text
        self.source = SourceMap(name)
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.root: Any = None
        self.documents = 0
        self.count = 0
        self.scalars = Scalars()

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            self._report_splits(frame)
            if frame.anchor:
                self.anchors[frame.anchor] = (frame.value, frame.count, frame.size)
            self._place(frame.value, frame.count, frame.line, frame.column, nested=True, size=frame.size)
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

    def _place(self, value: Any, count: int, line: int, column: int, *, nested: bool = False, size: int = 0) -> None:
        self.count += 0 if nested else count
        self.size += 0 if nested else size
        if self.count > self.max_nodes:
            raise InputError([Problem(self.name, line, column, "expands to too many values (aliases?); refused")])
        if self.size > self.max_chars:
            raise InputError([Problem(
                self.name, line, column,
                f"aliases here expand the file to over {self.max_chars:,} characters of text; refused: write "
                "the text out where it is needed, or alias only short values")])
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.count += count
        top.size += size
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
        if event.tag not in (None, "!") and event.tag not in STANDARD_TAGS:
            self.problems.append(Problem(self.name, line, column, f"unsupported YAML tag {event.tag!r}"))
        self.source.values.setdefault(path, (line, column))
        if self.stack and isinstance(self.stack[-1].value, dict):
            self.stack[-1].last = None
        mapping = isinstance(event, yaml.MappingStartEvent)
        value: Any = {} if mapping else []
        self.stack.append(_Frame(value, path, event.anchor, line, column, flow=mapping and bool(event.flow_style)))

    def _alias(self, event: yaml.AliasEvent) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        path = self._next_path()
        if path is None:
            self._refuse(event, "a key must be plain text, not an alias")
        if event.anchor not in self.anchors:
            self._refuse(event, f"unknown or recursive alias *{event.anchor}")
        value, count, size = self.anchors[event.anchor]
        self.source.values.setdefault(path, (line, column))
        self._place(value, count, line, column, size=size)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        tag = self.scalars.tag(event)
        path = self._next_path()
        if path is None:  # a mapping key
            self._key(event, tag, line, column)
            return
        self.source.values.setdefault(path, (line, column))
        top = self.stack[-1] if self.stack else None
        if top is not None and top.flow and top.key is not _DISCARD:
            top.last = (top.key, event.start_mark.index, line, column) if not event.style else None
        if tag not in STANDARD_TAGS:
            self.problems.append(Problem(self.name, line, column, f"unsupported YAML tag {tag!r}"))
            value: Any = None
        else:
            value = self.scalars.construct(tag, event)
            self._vet(value, line, column)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, len(event.value))
        self._place(value, 1, line, column, size=len(event.value))

    def _vet(self, value: Any, line: int, column: int) -> None:
        """Refuse text no document may print and numbers no deal needs, at their place."""
        wrong = refused(value)
        if wrong:
            self.problems.append(Problem(self.name, line, column, wrong))

    def _key(self, event: yaml.ScalarEvent, tag: str, line: int, column: int) -> None:
        top = self.stack[-1]
        if tag == MERGE:
            self.problems.append(
                Problem(self.name, line, column, "YAML merge keys (<<) are not supported in deal files")
            )
            top.key = _DISCARD
            return
        key = self.scalars.construct(tag, event) if tag in STANDARD_TAGS else event.value
        if not isinstance(key, str):
            key = event.value  # `2026: x` is the key "2026", as a reader would expect
        wrong = unsafe_text(key)
        if wrong:
            self.problems.append(Problem(self.name, line, column, f"this key {wrong}"))
        if top.flow and top.last is not None and not self._colon_after(event.end_mark.index):
            self._split(top, event)
            return
        if key in top.seen:
            self.problems.append(
                Problem(self.name, line, column, f"duplicate key {key!r} (first at line {top.seen[key]})")
            )
            top.key = _DISCARD
            return
        top.seen[key] = line
        top.key = key
        self.source.keys[(*top.path, key)] = (line, column)

    # A comma inside a `{...}` value: `{title: Director, Industrial Strategy}` reads as
    # title "Director" and a key "Industrial Strategy" with no colon and no value.

    def _colon_after(self, index: int) -> bool:
        rest = self.text[index:index + 200].lstrip(" \t\r\n")
        return rest.startswith(":")

    def _split(self, top: _Frame, event: yaml.ScalarEvent) -> None:
        key, start, line, column = top.last
        if top.splits and top.splits[-1][3] == start:
            top.splits[-1][4] = event.end_mark.index
            top.splits[-1][5].append(event.value)
        else:
            top.splits.append([key, line, column, start, event.end_mark.index, [event.value]])
        top.key = _DISCARD  # its empty value is parsed, then dropped

    def _report_splits(self, frame: _Frame) -> None:
        for key, line, column, start, end, strays in frame.splits:
            whole = " ".join(self.text[start:end].split())
            quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
            keys = " and ".join(repr(k) for k in strays)
            self.problems.append(Problem(
                self.name, line, column,
                f"`{key}: {whole}`: inside {{...}} a comma ends a value, so {keys} "
                f"{'was' if len(strays) == 1 else 'were'} read as {'a key' if len(strays) == 1 else 'keys'} "
                f"of {'its' if len(strays) == 1 else 'their'} own; quote the value: {key}: {quoted}",
            ))

    def _refuse(self, event: yaml.Event, message: str) -> None:
        mark = event.start_mark
        raise InputError([*self.problems, Problem(self.name, mark.line + 1, mark.column + 1, message)])
