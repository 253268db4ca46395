"""Where things are in a deal file: a map from model paths to line and column.

A path is the tuple pydantic uses for an error location, e.g.
`("commitments", 2, "to", 0)`. Checks ask `source.at(path)` for the place of the node
they are about; a path the file does not spell out (a default, a missing key) falls back
to its nearest written ancestor, so every finding has a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

PathItem = Union[str, int]
Path_ = tuple[PathItem, ...]


@dataclass(frozen=True, order=True)
class Location:
    file: str
    line: int
    column: int


@dataclass
class SourceMap:
    file: str
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_) -> Location:
        """The place of the value at `path`, or of its nearest ancestor in the file."""
        path = tuple(path)
        while path:
            if path in self.values:
                return Location(self.file, *self.values[path])
            path = path[:-1]
        return Location(self.file, *self.values.get((), (1, 1)))

    def key_at(self, path: Path_) -> Location:
        """The place of the key that introduces `path` (for unknown keys)."""
        path = tuple(path)
        if path in self.keys:
            return Location(self.file, *self.keys[path])
        return self.at(path)

    def has(self, path: Path_) -> bool:
        return tuple(path) in self.values
