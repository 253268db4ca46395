"""How a typed term value reads to a person, as a practitioner would write it: money as
£600,000,000, a percentage as 50 per cent, a date as 31 March 2027, a clawback band as
"years 5, 100 per cent". The open-points schedule and `dealdocs diff` both print values
this way, so a figure reads the same in the documents and in the change list.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from dealdocs.clausefilters import long_date
from dealdocs.clausemarkup import flat
from dealdocs.clauseterms import TermSpec
from dealdocs.money import format_money, format_percent


def show(value: Any, spec: TermSpec | None = None, kind: str = "") -> str:
    """`value` as text; `spec` (a clause's term) or `kind` ("money", "percent") says
    what a number is."""
    kind = spec.type if spec is not None else kind
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format_money(value) if kind == "money" else format_percent(value) if kind == "percent" else str(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, list | tuple):
        return "; ".join(show(v, spec.items if spec is not None else None) for v in value) or "none"
    if isinstance(value, dict):
        fields = spec.fields if spec is not None else {}
        return ", ".join(_field(k, v, fields.get(k)) for k, v in value.items())
    return flat(str(value))


def _field(key: str, value: Any, spec: TermSpec | None) -> str:
    """"years 5", but "100 per cent" for a field whose value says what it is."""
    shown = show(value, spec)
    return shown if spec is not None and spec.type in ("money", "percent") else f"{key.replace('_', ' ')} {shown}"
