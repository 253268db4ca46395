"""A clause's terms: the type of each (`TermSpec`, from the clause's front matter) and
the checking of the values a deal gives them.

Checking never stops at the first problem: every term that is missing, unknown or of
the wrong type is listed (`TermProblem`, at its path inside `terms:`), and each value
that could be read is typed (money as a Decimal, a date as a date) and defaulted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dealdocs.money import MoneyError, parse_money, parse_percent

TermType = Literal["text", "integer", "money", "percent", "date", "boolean", "commitment", "list", "object"]


class TermSpec(BaseModel):
    """One term a clause takes: its type, whether it is required, its default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: TermType
    required: bool = False
    default: Any = None
    description: str = ""
    items: TermSpec | None = None
    fields: dict[str, TermSpec] = Field(default_factory=dict)
    min: Decimal | None = None
    max: Decimal | None = None
    choices: list[Any] | None = None

    @model_validator(mode="after")
    def _shape(self) -> TermSpec:
        if self.type == "list" and self.items is None:
            raise ValueError("a list term needs `items:`")
        if self.type == "object" and not self.fields:
            raise ValueError("an object term needs `fields:`")
        return self

    @property
    def label(self) -> str:
        """The type as a person reads it: `list of text`, `money`."""
        if self.type == "list" and self.items is not None:
            inner = self.items.label
            return f"list of {inner}"
        if self.type == "object":
            return "{" + ", ".join(f"{k}: {v.label}" for k, v in self.fields.items()) + "}"
        return self.type


@dataclass(frozen=True)
class TermProblem:
    """A term that is missing, unknown or of the wrong type; `path` is inside `terms`."""

    path: tuple
    message: str


def typed_terms(specs: dict[str, TermSpec], given: Any, path: tuple) -> tuple[dict[str, Any], list[TermProblem]]:
    """The terms `given` typed and defaulted by `specs`, and every problem with them;
    `path` is where they sit inside `terms` (an object term's fields are its terms)."""
    if not isinstance(given, dict):
        return {}, [TermProblem(path, "expected a mapping of terms")]
    problems: list[TermProblem] = []
    values: dict[str, Any] = {}
    for key in given:
        if key not in specs and not str(key).startswith("x-"):
            known = ", ".join(specs) or "none"
            problems.append(TermProblem((*path, key), f"unknown term {key!r} (this clause takes: {known})"))
    for key, spec in specs.items():
        if key in given and given[key] is not None:
            value, more = _value(spec, given[key], (*path, key))
            problems += more
            values[key] = value
        elif spec.required:
            problems.append(TermProblem(path, f"missing required term {key!r} ({spec.label})"))
            values[key] = None
        else:
            values[key] = _value(spec, spec.default, (*path, key))[0] if spec.default is not None else None
    return values, problems


def _value(spec: TermSpec, value: Any, path: tuple) -> tuple[Any, list[TermProblem]]:
    try:
        if spec.type == "list":
            if isinstance(value, str | int | float) and spec.items and spec.items.type in {"text", "commitment"}:
                value = [value]  # `partners: Teesside University` is a list of one
            if not isinstance(value, list):
                raise ValueError(f"expected a list of {spec.items.label}")
            out, problems = [], []
            for i, item in enumerate(value):
                item_value, more = _value(spec.items, item, (*path, i))
                out.append(item_value)
                problems += more
            return out, problems
        if spec.type == "object":
            return typed_terms(spec.fields, value, path)
        result = _scalar(spec, value)
    except (ValueError, MoneyError) as error:
        return None, [TermProblem(path, str(error))]
    return result, []


def _scalar(spec: TermSpec, value: Any) -> Any:
    kind = spec.type
    if kind in {"text", "commitment"}:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"expected text, got {value!r}")
        result: Any = value
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        result = value
    elif kind == "money":
        result = parse_money(value)
    elif kind == "percent":
        result = parse_percent(value)
    elif kind == "date":
        if isinstance(value, date):
            result = value
        else:
            try:
                result = date.fromisoformat(str(value))
            except ValueError:
                raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        result = value
    else:  # pragma: no cover - TermType is closed
        raise ValueError(f"unknown term type {kind}")
    if spec.choices is not None and result not in spec.choices:
        raise ValueError(f"{value!r} is not one of: {', '.join(map(str, spec.choices))}")
    if spec.min is not None and kind in {"integer", "money"} and result < spec.min:
        raise ValueError(f"{value!r} is below the minimum of {spec.min}")
    if spec.max is not None and kind in {"integer", "money"} and result > spec.max:
        raise ValueError(f"{value!r} is above the maximum of {spec.max}")
    return result
