"""The deal file, format version 1, as pydantic models (SPEC section 2).

The models hold a deal's *structure*: types, enums, slugs, known keys. Whether the deal
makes sense (every commitment has a counterparty, the money adds up, ...) is for
`dealdocs.checks`, which reports findings rather than refusing the file; so `to` and
`remedy` may be missing here, and `sector` may be any text.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from dealdocs.dates import period_end
from dealdocs.fieldtypes import Money, OneOrMany, Slug, Strict, Text

FORMAT_VERSION = 1

SECTORS = (
    "advanced-manufacturing",
    "clean-energy",
    "creative-industries",
    "defence",
    "digital-and-technologies",
    "financial-services",
    "life-sciences",
    "professional-and-business-services",
)


class Role(str, Enum):
    CENTRAL_GOVERNMENT = "central-government"
    COMBINED_AUTHORITY = "combined-authority"
    LOCAL_AUTHORITY = "local-authority"
    INVESTOR = "investor"
    UNIVERSITY = "university"
    COLLEGE = "college"
    RESEARCH_ORGANISATION = "research-organisation"
    PUBLIC_BODY = "public-body"
    OTHER = "other"

    @property
    def is_public(self) -> bool:
        """A public authority for FOIA 2000 / EIR 2004 (universities and FE colleges are)."""
        return self in _PUBLIC_ROLES


_PUBLIC_ROLES = {
    Role.CENTRAL_GOVERNMENT,
    Role.COMBINED_AUTHORITY,
    Role.LOCAL_AUTHORITY,
    Role.UNIVERSITY,
    Role.COLLEGE,
    Role.PUBLIC_BODY,
}

# Roles whose support to an investor counts as public support (subsidy control).
GRANTING_ROLES = {Role.CENTRAL_GOVERNMENT, Role.COMBINED_AUTHORITY, Role.LOCAL_AUTHORITY, Role.PUBLIC_BODY}


class GoverningLaw(str, Enum):
    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"


class SensitiveSector(str, Enum):
    """The sensitive sectors of the Subsidy Control (Subsidies and Schemes of Interest or
    Particular Interest) Regulations 2022: over £5m of support is of particular interest."""

    BASIC_IRON_AND_STEEL = "basic-iron-and-steel"
    ALUMINIUM = "aluminium"
    COPPER = "copper"
    MOTOR_VEHICLES = "motor-vehicles"
    SHIPS = "ships"
    MOTORCYCLES = "motorcycles"
    AIRCRAFT_AND_SPACECRAFT = "aircraft-and-spacecraft"
    ELECTRICITY_GENERATION = "electricity-generation"


class Status(str, Enum):
    DRAFT = "draft"
    FINAL = "final"


class Signatory(Strict):
    name: Text
    title: Text


class Party(Strict):
    id: Slug
    name: Text
    short_name: Text = Field(description='The defined term: "Consortium" becomes "the Consortium"')
    role: Role
    company_number: Annotated[str, StringConstraints(pattern=r"^([A-Z0-9]{8}|\[●\])$")] | None = Field(
        default=None, description='Companies House number: 8 characters, quoted in YAML; "[●]" while not known'
    )
    address: Text | None = None
    signatory: Signatory | None = None


class ItemStatus(str, Enum):
    """Where a commitment or remedy stands in the negotiation (SPEC section 8)."""

    AGREED = "agreed"
    OPEN = "open"
    PROPOSED = "proposed"


class Position(Strict):
    party: Slug = Field(description="The party proposing these terms")
    terms: dict[str, Any] = Field(default_factory=dict, description="The terms it proposes, as under `terms:`")
    note: Text | None = None


class DraftNote(Strict):
    by: Slug = Field(description="The party whose note this is")
    text: Text


class Negotiated(Strict):
    """The negotiation state a commitment or remedy carries (SPEC section 8)."""

    status: ItemStatus | None = Field(default=None, description="agreed (default), open or proposed")
    proposed_by: Slug | None = Field(default=None, description="The party proposing a `proposed` item")
    positions: list[Position] = Field(default_factory=list, description="Each party's position on the open terms")
    notes: list[DraftNote] = Field(default_factory=list, description="Notes to draft; never printed in a final")

    @property
    def state(self) -> ItemStatus:
        """Its status; an item with positions is open unless it says it is proposed."""
        if self.status is None or (self.status == ItemStatus.AGREED and self.positions):
            return ItemStatus.OPEN if self.positions else ItemStatus.AGREED
        return self.status

    @property
    def is_open(self) -> bool:
        return self.state != ItemStatus.AGREED

    @property
    def working_terms(self) -> dict[str, Any]:
        """The terms the checks and the deal's figures read: `terms`, with any term it
        leaves to the positions taken from the first position."""
        first = self.positions[0].terms if self.positions else {}
        return {**first, **self.terms}

    def position_terms(self, position: Position) -> dict[str, Any]:
        """The whole terms as one party proposes them: `terms` with its position over them."""
        return {**self.terms, **position.terms}


class Tranche(Strict):
    amount: Money
    condition: Text
    milestone: Slug | None = Field(default=None, description="The id of the commitment whose delivery releases it")
    due: date | None = None


class Commitment(Negotiated):
    id: Slug
    by: Slug = Field(description="The obligor: a party id")
    to: OneOrMany = Field(default_factory=list, description="The counterparty: a party id or a list of them")
    clause: Slug = "obligation"
    variant: Slug | None = None
    title: Text | None = Field(default=None, description="A heading for this commitment; the clause title otherwise")
    terms: dict[str, Any] = Field(default_factory=dict)
    text: Text | None = None
    due: date | None = None
    amount: Money | None = None
    tranches: list[Tranche] = Field(default_factory=list)
    long_stop: date | None = Field(default=None, description="A tranche not released by this date lapses")
    remedy: OneOrMany = Field(default_factory=list, description="A remedy id or a list of them")


class Remedy(Negotiated):
    id: Slug
    clause: Slug
    variant: Slug | None = None
    title: Text | None = None
    terms: dict[str, Any] = Field(default_factory=dict)
    text: Text | None = None


class DealInfo(Strict):
    id: Slug
    title: Text
    zone: Text
    sector: Text
    date: date
    term_years: Annotated[int, Field(ge=1, le=99)]
    status: Status = Status.DRAFT
    governing_law: GoverningLaw = GoverningLaw.ENGLAND_AND_WALES
    currency: Annotated[str, StringConstraints(pattern=r"^GBP$")] = "GBP"
    background: Text | None = None
    exclusivity_until: date | None = None
    lapse_date: date | None = Field(
        default=None, description="The heads of terms lapse if no Full Agreement is signed by this date"
    )
    target_date: date | None = Field(default=None, description="The date the Parties aim to sign the Full Agreement")
    round: Annotated[int, Field(ge=1, le=999)] | None = Field(default=None, description="The negotiation round")
    sensitive_sector: SensitiveSector | None = Field(
        default=None, description="A Subsidy Control Act sensitive sector: the referral threshold is then £5m"
    )
    extends: Text | None = Field(default=None, description="A standards file this deal adopts, relative to it")

    @property
    def end_date(self) -> date:
        """The last day of the deal's term (the day before its anniversary)."""
        return period_end(self.date, self.term_years)


class Deal(Strict):
    dealdocs: Annotated[int, Field(description="Format version: 1")]
    deal: DealInfo
    clause_paths: list[Text] = Field(default_factory=list)
    conditions: list[Text] = Field(default_factory=list)
    parties: list[Party]
    definitions: dict[Text, Text] = Field(default_factory=dict)
    commitments: list[Commitment] = Field(default_factory=list)
    remedies: list[Remedy] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known_version(self) -> Deal:
        if self.dealdocs != FORMAT_VERSION:
            raise ValueError(f"this is dealdocs format {self.dealdocs}; this version reads format {FORMAT_VERSION}")
        return self

    # Lookups the checks, the assembler and the register all need.

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def remedy(self, remedy_id: str) -> Remedy | None:
        return next((r for r in self.remedies if r.id == remedy_id), None)

    def commitment(self, commitment_id: str) -> Commitment | None:
        return next((c for c in self.commitments if c.id == commitment_id), None)

    @property
    def open_points(self) -> list[Commitment | Remedy]:
        """The commitments and remedies not yet agreed: open or proposed (SPEC section 8)."""
        return [item for item in (*self.commitments, *self.remedies) if item.is_open]

    def as_proposed_by(self, party: str) -> Deal:
        """The deal as `party` proposes it: each term it has a position on, at that position
        (the rest as `terms` and the first position leave them)."""

        def proposed(item):
            mine = next((p for p in item.positions if p.party == party), None)
            return item if mine is None else item.model_copy(update={"terms": item.position_terms(mine)})

        return self.model_copy(update={"commitments": [proposed(c) for c in self.commitments],
                                       "remedies": [proposed(r) for r in self.remedies]})

    @property
    def proposers(self) -> list[str]:
        """The parties with a position on some open term, in the order the file first names them."""
        return list(dict.fromkeys(p.party for item in (*self.commitments, *self.remedies) for p in item.positions))
