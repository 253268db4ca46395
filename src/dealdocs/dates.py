"""Date arithmetic, in one place: every stage that adds years or months to a date, or
works out when the Term ends, asks here, so the checks, the documents and the register
never disagree by a day.

A period of N years "from" a date ends on the day before its anniversary (the Term of
ten years from 2 March 2026 ends on 1 March 2036); a band "within N years of" a date
runs to the anniversary itself. Results beyond the range of `date` stop at its ends
rather than raising, so a deal dated near year 9999 is reported, not crashed on.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_years(start: date, years: int) -> date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    year = start.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return start.replace(year=year, day=28)


def add_months(start: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month0 = start.month - 1 + months
    year = start.year + month0 // 12
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    month = month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_end(start: date, years: int) -> date:
    """The last day of a period of `years` years starting on `start`."""
    anniversary = add_years(start, years)
    return anniversary if anniversary == date.max else anniversary - timedelta(days=1)
