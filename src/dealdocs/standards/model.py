"""A standards file, format version 1, as pydantic models (docs/standards.md).

Like the deal models these hold only the file's *structure*: unknown keys are errors,
`x-` keys are kept and ignored, percentages and whole numbers are typed. What needs the
clause library (that a named clause exists, that a variant is one it has, that a bound
fits its term's type) is checked by `dealdocs.standards.resolve`, which also follows
`extends:` chains.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from dealdocs.fieldtypes import Slug, Strict, Text, one_or_many
from dealdocs.model import Party, Role
from dealdocs.money import parse_percent

FORMAT_VERSION = 1
FORMAT_KEY = "dealdocs-standards"

# Who a required-remedy rule applies to: a role key, or one of these groups.
GROUPS = ("any", "public", "private")
Selector = Literal[
    "any",
    "public",
    "private",
    "central-government",
    "combined-authority",
    "local-authority",
    "investor",
    "university",
    "college",
    "research-organisation",
    "public-body",
    "other",
]
assert set(Selector.__args__) == set(GROUPS) | {r.value for r in Role}  # keep in step with Role


def _share(value: Decimal) -> Decimal:
    if not 0 <= value <= 100:
        raise ValueError(f"{value} per cent is not a percentage between 0 and 100")
    return value


Share = Annotated[Decimal, BeforeValidator(parse_percent), AfterValidator(_share)]
Selectors = Annotated[list[Selector], BeforeValidator(one_or_many)]
Slugs = Annotated[list[Slug], BeforeValidator(one_or_many)]


class RemedyRule(Strict):
    """Commitments using `clause`, from a `from` party to a `to` party, need one of `one_of`."""

    model_config = ConfigDict(populate_by_name=False)

    clause: Slug
    from_: Selectors = Field(default_factory=list, alias="from")
    to: Selectors = Field(default_factory=list)
    one_of: Annotated[Slugs, Field(min_length=1)]

    @property
    def key(self) -> tuple:
        """Rules with the same key replace each other down an `extends:` chain."""
        return (self.clause, tuple(sorted(self.from_)), tuple(sorted(self.to)))


class ClawbackPosition(Strict):
    min_years: Annotated[int, Field(ge=1, le=99)] | None = None
    min_first_band: Share | None = None


class LocalHiringPosition(Strict):
    min_share: Share | None = None
    area_must_mention: Annotated[list[Text], BeforeValidator(one_or_many)] = Field(default_factory=list)


class Bound(Strict):
    """A lower and/or upper limit on a clause term, written as the term is (£10k, 25%)."""

    min: Any = None
    max: Any = None

    @model_validator(mode="after")
    def _some_limit(self) -> Bound:
        if self.min is None and self.max is None:
            raise ValueError("a bound needs `min:`, `max:` or both")
        return self


class Positions(Strict):
    required_clauses: Slugs = Field(default_factory=list)
    required_remedies: list[RemedyRule] = Field(default_factory=list)
    clawback: ClawbackPosition = Field(default_factory=ClawbackPosition)
    local_hiring: LocalHiringPosition = Field(default_factory=LocalHiringPosition)
    variants: dict[Slug, Annotated[Slugs, Field(min_length=1)]] = Field(default_factory=dict)
    bounds: dict[Slug, dict[Text, Bound]] = Field(default_factory=dict)
    conditions: Annotated[list[Text], BeforeValidator(one_or_many)] = Field(default_factory=list)
    exclusivity_max_months: Annotated[int, Field(ge=1, le=120)] | None = None


def _off(value: Any) -> Any:
    """`DD106: off` is the boolean false in YAML 1.1; it means the rule is off."""
    return "off" if value is False else value


SeverityName = Annotated[Literal["error", "warning", "info", "off"], BeforeValidator(_off)]


class StandardsFile(Strict):
    """One standards file as written (its `extends:` not yet followed)."""

    model_config = ConfigDict(populate_by_name=False)

    format: int = Field(alias=FORMAT_KEY, description="Format version: 1")
    name: Text = Field(description="The standard's name, used in every finding about a departure from it")
    description: Text | None = None
    extends: Text | None = Field(default=None, description="Another standards file, relative to this one")
    clause_paths: list[Text] = Field(default_factory=list)
    style: Text | None = Field(default=None, description="A house-style reference .docx, relative to this file")
    severities: dict[str, SeverityName] = Field(default_factory=dict)
    parties: list[Party] = Field(default_factory=list)
    definitions: dict[Text, Text] = Field(default_factory=dict)
    positions: Positions = Field(default_factory=Positions)

    @model_validator(mode="after")
    def _known_version(self) -> StandardsFile:
        if self.format != FORMAT_VERSION:
            raise ValueError(
                f"this is dealdocs standards format {self.format}; this version reads format {FORMAT_VERSION}"
            )
        return self
