"""Pydantic's validation errors, said the way a deal-file author needs to hear them.

Each error becomes a `Problem` at the line and column of the node it is about (an
unknown key at the key itself; a missing key at the mapping that lacks it), with a
message naming the path, the value and what was expected.
"""

from __future__ import annotations

import calendar
import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from dealdocs.errors import Problem
from dealdocs.source import SourceMap


def describe_errors(error: ValidationError, source: SourceMap, root: type[BaseModel] | None = None) -> list[Problem]:
    from dealdocs.model import Deal

    root = root or Deal
    problems = []
    for item in error.errors(include_url=False):
        path = _clean_path(item["loc"], source)
        if item["type"] == "extra_forbidden":
            place = source.key_at(path)
        else:
            place = source.at(path)
        # A missing key is a fault of the mapping that lacks it; name that.
        named = path[:-1] if item["type"] == "missing" else path
        message = f"{_dotted(named)}: {_message(item, path, root)}" if named else _message(item, path, root)
        problems.append(Problem(source.file, place.line, place.column, message))
    return sorted(set(problems))


def _clean_path(loc: tuple, source: SourceMap) -> tuple:
    """Drop pydantic's own markers (union branches, validator names) from a location."""
    path: tuple = ()
    for part in loc:
        if isinstance(part, int) or source.has((*path, part)) or _is_field_name(part):
            path = (*path, part)
    return path


def _is_field_name(part: Any) -> bool:
    return isinstance(part, str) and part.replace("_", "").replace("-", "").isalnum() and "[" not in part


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(item: dict[str, Any], path: tuple, root: type[BaseModel]) -> str:
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return f"missing required key {path[-1]!r}" if path else "missing required key"
    if kind == "extra_forbidden":
        return _unknown_key(path, value, root)
    if kind.startswith("date") or kind.startswith("datetime"):
        return date_problem(value)
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{_show(value)} is not a whole number"
    if kind == "enum":
        return f"{_show(value)} is not one of: {str(ctx.get('expected', '')).replace(chr(39), '')}"
    if kind == "string_type":
        return f"{_show(value)} should be text (quote it in YAML)"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        if path and path[-1] == "company_number":
            return (f"{_show(value)} is not a Companies House number: 8 letters or digits, quoted, e.g. "
                    '"01234567" (or "[●]" while it is not known)')
        if path and path[-1] == "currency":
            return f"{_show(value)}: only GBP is supported in format 1"
        return f"{_show(value)} is not a valid id: use lower-case letters, digits and hyphens, starting with a letter or digit"
    if kind == "string_too_long":
        return f"{_show(value)} is too long (at most {ctx.get('max_length')} characters)"
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        expected = "a list" if kind == "list_type" else "a mapping of keys to values"
        return f"expected {expected}, got {_show(value)}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{_show(value)} is out of range ({item['msg'].lower()})"
    if kind == "value_error":
        return str(ctx.get("error") or item["msg"]).removeprefix("Value error, ")
    return item["msg"]


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def date_problem(value: Any) -> str:
    """What is wrong with a value that should be a date, and how to write it."""
    text = str(value).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if iso or uk:
        year, month, day = (int(g) for g in iso.groups()) if iso else (int(uk[3]), int(uk[2]), int(uk[1]))
        if not 1 <= month <= 12:
            return f"{text!r} is not a date: there is no month {month}; write it as YYYY-MM-DD"
        last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
        if not 1 <= day <= last:
            return (f"{text!r} is not a date: {calendar.month_name[month]} {year} has {last} days; "
                    f"give a day that exists, e.g. {year:04}-{month:02}-{last:02}")
        return f"{text!r} is not written as YYYY-MM-DD; write {year:04}-{month:02}-{day:02}"
    return f"{_show(value)} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"


def _unknown_key(path: tuple, value: Any, root: type[BaseModel]) -> str:
    key = str(path[-1] if path else value)
    model = _model_at(root, path[:-1])
    names = sorted(model.model_fields) if model is not None else sorted(_field_names(root, set()))
    match = difflib.get_close_matches(key, [n for n in names if n != key], n=1, cutoff=0.75)
    if match:
        return f"unknown key {key!r}; did you mean {match[0]!r}?"
    where = f"; the keys allowed here are {', '.join(names)}" if model is not None else ""
    return f"unknown key {key!r}{where}; remove it, or write it as 'x-{key}' to keep it as a note dealdocs ignores"


def _model_at(root: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The model whose fields the mapping at `path` holds (None inside free mappings)."""
    model: type[BaseModel] | None = root
    for part in path:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part) if model is not None else None
        models = _models_in(info.annotation) if info is not None else []
        model = models[0] if models else None
        if model is None:
            return None
    return model


def _field_names(model: type[BaseModel], seen: set) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for sub in _models_in(info.annotation):
            names |= _field_names(sub, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]
