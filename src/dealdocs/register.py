"""The obligations register: every commitment across some deals, as CSV, JSON or iCalendar.

A council officer tracking many deals wants one list of who owes what to whom, by when,
and what happens if they do not deliver. The register reads each deal's *structure*
only (the loader, no cross-checks): a deal with error findings is still registered, as
it stands; a file that cannot be read at all is an `InputError` listing every problem
of every file.

One row per commitment. Columns: deal (id), deal title, commitment (id), obligor (the
party's name), counterparty (names joined with "; "), clause, due (ISO date or empty),
amount (the commitment's money figure as the documents state it, `Facts.amount`: its
`amount:`, else its clause's money `amount` term; in plain pounds: 150000000), remedy
(remedy ids joined with "; "). JSON adds each commitment's tranches as a list.

- CSV (RFC 4180: header row, CRLF, UTF-8). A cell a spreadsheet would read as a formula
  (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with a
  single quote `'`, so opening the register in Excel or LibreOffice never runs deal
  text as a formula (CSV injection). Consumers that want the raw text read the JSON.
- JSON: a list of objects with the same keys in snake case; amounts are strings of
  exact pounds (as the deal file's model serialises money), dates ISO or null.
- ICS (RFC 5545): one all-day VEVENT per due date (a commitment's `due`, and each
  tranche's `due`), UID `<deal id>-<commitment id>[-tranche-N]@dealdocs`, DTSTAMP the
  deal's date (never the clock), text escaped, lines folded at 75 octets, CRLF.

The same deals give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from dealdocs.clauses import Library, library_for
from dealdocs.errors import InputError, UsageError
from dealdocs.facts import Facts
from dealdocs.loader import Loaded, load
from dealdocs.model import Commitment, Deal
from dealdocs.money import format_money
from dealdocs.safetext import visible

FORMATS = ("csv", "json", "ics")

COLUMNS = ("deal", "deal_title", "commitment", "obligor", "counterparty", "clause", "due", "amount", "remedy")

# A cell starting with one of these is a formula (or becomes one) in a spreadsheet.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TrancheRow:
    number: int  # 1-based, as the UID and the documents count them
    amount: str
    condition: str
    milestone: str | None
    due: str | None


@dataclass(frozen=True)
class Obligation:
    """One commitment of one deal, as the register lists it."""

    deal: str
    deal_title: str
    commitment: str
    obligor: str
    counterparty: str
    clause: str
    due: str | None
    amount: str | None
    remedy: str
    tranches: list[TrancheRow] = field(default_factory=list)
    # For the calendar only: not register columns.
    obligor_short: str = ""
    deal_date: str = ""


# --- reading ------------------------------------------------------------------------


def load_all(paths: Iterable[str | Path]) -> list[Loaded]:
    """Every deal file loaded; one `InputError` with the problems of all files otherwise."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load(path))
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return loaded


def obligations(deals: Iterable[Loaded | Deal]) -> list[Obligation]:
    """Every commitment of every deal, in the order of the deals and their files.

    A loaded deal's money figures are read with the clause library it sees (built-in
    clauses and its `clause_paths:`), a bare `Deal`'s with the built-in clauses; one
    `InputError` lists every clause folder that cannot be read.
    """
    out: list[Obligation] = []
    problems: list = []
    for item in deals:
        deal = item.deal if isinstance(item, Loaded) else item
        try:
            facts = Facts.build(deal, _library(item))
        except InputError as error:
            problems += error.problems
            continue
        for commitment in deal.commitments:
            out.append(_obligation(facts, commitment))
    if problems:
        raise InputError(problems)
    return out


def _library(item: Loaded | Deal) -> Library:
    """The clause library the deal file sees: built-in clauses and its `clause_paths:` (the
    register reads no standards file, so not their clause folders)."""
    if isinstance(item, Loaded):
        return library_for(item.path, item.deal.clause_paths)
    return Library.load()


def _obligation(facts: Facts, c: Commitment) -> Obligation:
    deal = facts.deal
    amount = facts.amount(c)
    obligor = deal.party(c.by)
    return Obligation(
        deal=deal.deal.id,
        deal_title=deal.deal.title,
        commitment=c.id,
        obligor=obligor.name if obligor else c.by,  # a dangling id is shown as written
        counterparty="; ".join(_party_name(deal, p) for p in c.to),
        clause=c.clause,
        due=c.due.isoformat() if c.due else None,
        amount=plain_pounds(amount) if amount is not None else None,
        remedy="; ".join(c.remedy),
        tranches=[
            TrancheRow(i, plain_pounds(t.amount), t.condition, t.milestone, t.due.isoformat() if t.due else None)
            for i, t in enumerate(c.tranches, start=1)
        ],
        obligor_short=obligor.short_name.removeprefix("the ") if obligor else c.by,
        deal_date=deal.deal.date.isoformat(),
    )


def _party_name(deal: Deal, party_id: str) -> str:
    party = deal.party(party_id)
    return party.name if party else party_id


def plain_pounds(amount: Decimal) -> str:
    """`150000000`, or `1234.50` with pence: no symbol, no separators, never `1E+9`."""
    if amount == amount.to_integral_value():
        return f"{amount.quantize(Decimal(1)):f}"
    return f"{amount.quantize(Decimal('0.01')):f}"


# --- formats ------------------------------------------------------------------------


def register(paths: Sequence[str | Path], fmt: str = "csv") -> bytes:
    """The register of the deal files at `paths` in format `fmt`, as bytes."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown register format {fmt!r}; choose from {', '.join(FORMATS)}")
    rows = obligations(load_all(paths))
    return {"csv": to_csv, "json": to_json, "ics": to_ics}[fmt](rows)


def spreadsheet_safe(value: object) -> str:
    """The cell text, with a leading `'` when a spreadsheet would read it as a formula."""
    text = "" if value is None else visible(str(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(rows: Sequence[Obligation]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180: CRLF, minimal quoting
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([spreadsheet_safe(getattr(row, column)) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def to_json(rows: Sequence[Obligation]) -> bytes:
    items = []
    for row in rows:
        item = {column: getattr(row, column) for column in COLUMNS}
        item["tranches"] = [asdict(t) for t in row.tranches]
        items.append(item)
    return (json.dumps(items, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- iCalendar (RFC 5545) -----------------------------------------------------------


def to_ics(rows: Sequence[Obligation]) -> bytes:
    """One all-day event per due date; UIDs and DTSTAMPs come from the deals, not the clock."""
    from dealdocs import __version__

    events: list[list[str]] = []
    for row in rows:
        if row.due:
            events.append(_event(row, f"{row.deal}-{row.commitment}@dealdocs", row.due,
                                 f"{row.obligor_short}: {row.commitment} due ({row.deal_title})",
                                 _description(row)))
        for t in row.tranches:
            if t.due:
                summary = (f"{row.obligor_short}: {row.commitment} tranche {t.number} of "
                           f"{format_money(Decimal(t.amount))} due ({row.deal_title})")
                events.append(_event(row, f"{row.deal}-{row.commitment}-tranche-{t.number}@dealdocs", t.due,
                                     summary, _tranche_description(row, t)))
    if not events:
        raise UsageError("no commitment or tranche has a due date; an iCalendar file needs at least one event")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//dealdocs//dealdocs register {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")


def _event(row: Obligation, uid: str, due: str, summary: str, description: str) -> list[str]:
    day = date.fromisoformat(due)
    return [
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{date.fromisoformat(row.deal_date):%Y%m%d}T000000Z",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",  # all-day: the end is exclusive
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"CATEGORIES:{escape_text(row.deal)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _description(row: Obligation) -> str:
    lines = [
        f"Deal: {row.deal_title} ({row.deal})",
        f"Commitment: {row.commitment} (clause {row.clause})",
        f"Obligor: {row.obligor}",
        f"Counterparty: {row.counterparty or 'none given'}",
    ]
    if row.amount is not None:
        lines.append(f"Amount: {format_money(Decimal(row.amount))}")
    lines.append(f"Remedy: {row.remedy or 'none given'}")
    return "\n".join(lines)


def _tranche_description(row: Obligation, t: TrancheRow) -> str:
    lines = [
        f"Deal: {row.deal_title} ({row.deal})",
        f"Commitment: {row.commitment} (clause {row.clause}), tranche {t.number}",
        f"Payer: {row.obligor}",
        f"Payee: {row.counterparty or 'none given'}",
        f"Amount: {format_money(Decimal(t.amount))}",
        f"Condition: {t.condition}",
    ]
    if t.milestone:
        lines.append(f"Milestone: {t.milestone}")
    return "\n".join(lines)


def escape_text(value: str) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and newlines escaped; control
    characters, which RFC 5545 forbids in TEXT, shown as `[U+001B]`."""
    value = visible(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """A content line folded so no physical line exceeds `limit` octets (RFC 5545 3.1).

    Continuation lines start with one space, which counts towards their length; a
    multi-byte UTF-8 character is never split.
    """
    parts: list[str] = []
    current, size, room = [], 0, limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > room:
            parts.append("".join(current))
            current, size, room = [], 0, limit - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)
