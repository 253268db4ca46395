"""Money and percentages: parsed exactly, printed the way UK drafting prints them.

Money is held as `Decimal` pounds and never passes through a float: `£1.5 million` is
exactly 1,500,000. Amounts are printed as `£1,000,000` (with pence only when there are
any).
"""

from __future__ import annotations

import re
from decimal import Decimal

# A figure beyond this is a typo, not a deal: about a third of UK GDP.
MAX_MONEY = Decimal("1000000000000")

_MULTIPLIERS = {
    "k": Decimal(10) ** 3,
    "thousand": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "million": Decimal(10) ** 6,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "billion": Decimal(10) ** 9,
}

_MONEY = re.compile(
    r"""^\s*(?P<sign>-)?\s*(?:£|GBP\s*)?\s*(?P<sign2>-)?
        (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        \s*(?P<unit>[a-z]+)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


class MoneyError(ValueError):
    pass


def parse_money(value: object) -> Decimal:
    """Pounds from a number or a string such as `£1bn`, `£250m`, `£75k`, `£1,000,000`."""
    if isinstance(value, bool):
        raise MoneyError("expected an amount of money such as £250m, not true/false")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value)) if value == value and abs(value) != float("inf") else Decimal("NaN")
    elif isinstance(value, str):
        amount = _parse_money_text(value)
    else:
        raise MoneyError("expected an amount of money such as £250m or 1000000")
    return _checked(amount, value)


def _parse_money_text(text: str) -> Decimal:
    match = _MONEY.match(text)
    if not match:
        if text.strip().lower() in {"nan", "inf", "infinity", "-inf"}:
            return Decimal("NaN")
        raise MoneyError(
            f"{text!r} is not an amount of money; write it like £1bn, £250m, £1.5 million, £75k or £1,000,000"
        )
    unit = (match["unit"] or "").lower()
    if unit and unit not in _MULTIPLIERS:
        raise MoneyError(f"{text!r}: unknown unit {match['unit']!r}; use k, m, bn, million or billion")
    amount = Decimal(match["number"].replace(",", "")) * _MULTIPLIERS.get(unit, Decimal(1))
    return -amount if (match["sign"] or match["sign2"]) else amount


def _checked(amount: Decimal, original: object) -> Decimal:
    if not amount.is_finite():
        raise MoneyError(f"{original!r} is not a finite amount of money")
    if amount < 0:
        raise MoneyError(f"{original!r}: an amount of money cannot be negative")
    if amount > MAX_MONEY:
        raise MoneyError(f"{original!r} is over £1 trillion; check the figure")
    if amount != amount.quantize(Decimal("0.01")):
        raise MoneyError(f"{original!r} has fractions of a penny")
    # Normalise so £1.5 million and 1500000 are the same value, printed the same way.
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.quantize(Decimal("0.01"))


def format_money(amount: Decimal) -> str:
    """`£1,000,000`, or `£1,234.50` when there are pence."""
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"


_PERCENT = re.compile(r"^\s*(?P<number>-?\d+(?:\.\d+)?|-?\.\d+)\s*(?:%|per\s*cent|percent)?\s*$", re.IGNORECASE)


def parse_percent(value: object) -> Decimal:
    """A percentage from `50%`, `50`, `12.5 per cent`. Range is a cross-check (DD110)."""
    if isinstance(value, bool):
        raise ValueError("expected a percentage such as 50%, not true/false")
    if isinstance(value, int | Decimal):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        match = _PERCENT.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a percentage; write it like 50% or 50")
        result = Decimal(match["number"])
    else:
        raise ValueError("expected a percentage such as 50% or 50")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite percentage")
    if abs(result) >= 10**9:  # far outside any range DD110 could mean; and beyond Decimal's exact quantize
        raise ValueError(f"{value!r} is not a percentage; write it like 50% or 50")
    return result.normalize() if result != result.to_integral_value() else result.quantize(Decimal(1))


def format_percent(value: Decimal) -> str:
    """UK legal style: `50 per cent`, `12.5 per cent`."""
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return f"{text} per cent"

