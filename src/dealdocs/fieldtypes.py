"""The value types of the deal file's models: money, ids, text, "one id
or a list of them", and `Strict`, the base of every model (unknown keys are errors,
`x-` keys are kept). The deal file (`dealdocs.model`) and the standards file
(`dealdocs.standards.model`) are both built from them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from dealdocs.money import parse_money


def _money(value: Any) -> Decimal:
    return parse_money(value)


def _any_case(word: str) -> str:
    """`bn` as `[bB][nN]`: JSON Schema patterns have no case-insensitive flag."""
    return "".join(f"[{c.lower()}{c.upper()}]" for c in word)


# The text `parse_money` reads, for editors: `£1bn`, `£250m`, `£1.5 million`, `£1,000,000`.
_MONEY_PATTERN = (
    r"^\s*(£|" + _any_case("gbp") + r"\s*)?\s*([0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?|[0-9]+(\.[0-9]+)?|\.[0-9]+)\s*("
    + "|".join(_any_case(u) for u in ("thousand", "million", "billion", "mn", "bn", "k", "m", "b"))
    + r")?\s*$"
)

Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    PlainSerializer(lambda v: str(v), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 10**12},
                {"type": "string", "pattern": _MONEY_PATTERN},
            ],
            "description": "Pounds: a number, or text such as £1bn, £250m, £1.5 million, £75k, £1,000,000",
        }
    ),
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1)]


def one_or_many(value: Any) -> Any:
    """`to: dbt` and `to: [dbt, tvca]` both mean a list; missing or null is empty."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


_SLUG_SCHEMA = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$", "maxLength": 64}
# As the validator reads it: one id, a list of ids, or nothing (null) at all.
OneOrMany = Annotated[
    list[Slug],
    BeforeValidator(one_or_many),
    WithJsonSchema({"oneOf": [_SLUG_SCHEMA, {"type": "array", "items": _SLUG_SCHEMA}, {"type": "null"}]}),
]


class Strict(BaseModel):
    """Unknown keys are errors (they are usually typos); `x-` keys are kept and ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    _extensions: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_extensions(cls, data: Any, handler: Any) -> Any:
        extensions = {}
        if isinstance(data, dict):
            extensions = {k: v for k, v in data.items() if isinstance(k, str) and k.startswith("x-")}
            data = {k: v for k, v in data.items() if k not in extensions}
        model = handler(data)
        model._extensions = extensions
        return model

    @property
    def extensions(self) -> dict[str, Any]:
        """The `x-` keys of this object, kept as written."""
        return self._extensions
