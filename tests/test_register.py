"""`dealdocs register`: the obligations register as CSV, JSON and iCalendar."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from dealdocs.cli import main
from dealdocs.errors import InputError, UsageError
from dealdocs.loader import load
from dealdocs.register import COLUMNS, escape_text, fold, plain_pounds, register, spreadsheet_safe
from tests.conftest import EXAMPLES, MINIMAL

TEES = next(p for p in EXAMPLES if p.stem == "tees-green-manufacturing")

# A deal whose text is everything a CSV or a calendar must escape, and a formula.
AWKWARD = (
    MINIMAL.replace("title: Small Cluster Deal", 'title: \'=HYPERLINK("http://x", "Smith, Jones; & Co\\ Deal")\'')
    .replace("name: Anchor Investor Limited", 'name: "+44 Holdings, \\"Anchor\\" Limited"')
    .replace("name: Tees Valley Combined Authority", "name: '@Council; of the Tees'")
    .replace("    terms: {amount: £10m, facility: a factory}\n    amount: £10m\n",
             "    terms: {amount: £10m, facility: a factory}\n    amount: £10m\n    due: 2030-06-30\n")
    .replace("    terms: {amount: £1m, purpose: site works}\n    amount: £1m\n",
             "    terms: {amount: £1m, purpose: site works}\n    amount: £1m\n    due: 2029-12-31\n"
             "    tranches:\n"
             "      - {amount: £250k, condition: 'financial close, signed; sealed', due: 2027-01-31}\n"
             "      - {amount: £750k, condition: first production, milestone: invest}\n")
)


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def _events(data: bytes) -> list[dict[str, str]]:
    events, current = [], None
    for line in _unfold(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


# --- CSV ----------------------------------------------------------------------------


def test_csv_has_one_row_per_commitment_with_the_columns():
    rows = _csv_rows(register(EXAMPLES, "csv"))
    assert rows[0] == list(COLUMNS) == [
        "deal", "deal_title", "commitment", "obligor", "counterparty", "clause", "due", "amount", "remedy",
    ]
    assert len(rows) - 1 == sum(len(load(p).deal.commitments) for p in EXAMPLES)
    by_id = {(r[0], r[2]): dict(zip(rows[0], r)) for r in rows[1:]}
    grant = by_id[("tees-green-manufacturing", "factory-grant")]
    assert grant["obligor"] == "The Secretary of State for Energy Security and Net Zero"
    assert grant["counterparty"] == "Tees Offshore Wind and Hydrogen Consortium Limited"
    assert grant["amount"] == "80000000"  # plain pounds: no £, no commas, never 8E+7
    assert grant["due"] == "2031-12-31"
    assert grant["clause"] == "funding"
    jobs = by_id[("tees-green-manufacturing", "create-jobs")]
    assert jobs["remedy"] == "clawback-grant; withhold-grant-tranche"
    assert jobs["counterparty"] == ("The Secretary of State for Business and Trade; The Secretary of State for "
                                    "Energy Security and Net Zero; Tees Valley Combined Authority")
    assert jobs["amount"] == ""  # no money figure


def test_amount_is_the_commitments_money_figure_from_its_clause_terms(write):
    # No top-level `amount:`: the figure is the clause's money `amount` term, as the
    # documents and the checks read it (`Facts.amount`).
    path = write(MINIMAL.replace("    terms: {amount: £10m, facility: a factory}\n    amount: £10m\n",
                                 "    terms: {amount: £5m, facility: a factory}\n"))
    rows = _csv_rows(register([path], "csv"))
    invest = dict(zip(rows[0], rows[1]))
    assert invest["commitment"] == "invest" and invest["amount"] == "5000000"
    items = json.loads(register([path], "json"))
    assert items[0]["amount"] == "5000000"
    assert items[1]["amount"] == "1000000"  # a top-level `amount:` still counts


def test_csv_is_rfc_4180_utf8_with_crlf(write):
    data = register([write(AWKWARD)], "csv")
    data.decode("utf-8")
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    rows = _csv_rows(data)
    assert len(rows) == 3
    # Commas, quotes and semicolons survive a round trip through a CSV reader.
    assert rows[1][3] == "'+44 Holdings, \"Anchor\" Limited"
    assert b'"\'+44 Holdings, ""Anchor"" Limited"' in data  # quoted, inner quotes doubled


def test_csv_guards_against_formula_injection(write):
    rows = _csv_rows(register([write(AWKWARD)], "csv"))
    header, invest, grant = rows
    assert invest[1].startswith("'=HYPERLINK(")  # deal title
    assert invest[3].startswith("'+44")  # obligor
    assert invest[4] == "'@Council; of the Tees"  # counterparty
    assert grant[3] == "'@Council; of the Tees"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("text, safe", [
    ("=1+1", "'=1+1"), ("+44", "'+44"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("a=1", "a=1"), ("", ""), (None, ""), (150000000, "150000000"),
])
def test_spreadsheet_safe(text, safe):
    assert spreadsheet_safe(text) == safe


# --- JSON ---------------------------------------------------------------------------


def test_json_lists_commitments_with_tranches():
    items = json.loads(register([TEES], "json"))
    assert isinstance(items, list) and len(items) == len(load(TEES).deal.commitments)
    assert all(set(item) == {*COLUMNS, "tranches"} for item in items)
    grant = next(i for i in items if i["commitment"] == "factory-grant")
    assert grant["amount"] == "80000000"
    assert [t["amount"] for t in grant["tranches"]] == ["20000000", "35000000", "25000000"]
    assert grant["tranches"][1] == {
        "number": 2, "amount": "35000000", "milestone": "invest-factories", "due": None,
        "condition": "first commercial production at the Factories, certified by an independent accountant",
    }
    land = next(i for i in items if i["commitment"] == "land-assembly")
    assert land["amount"] is None and land["tranches"] == []


def test_json_keeps_text_unguarded(write):
    items = json.loads(register([write(AWKWARD)], "json"))
    assert items[0]["deal_title"].startswith("=HYPERLINK(")  # JSON is not a spreadsheet


# --- iCalendar ----------------------------------------------------------------------


def test_ics_is_crlf_and_folded_at_75_octets():
    data = register(EXAMPLES, "ics")
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare LF or CR
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) == 75 for line in lines)  # long lines really were folded
    for line in lines:
        line.decode("utf-8")  # no multi-byte character split across a fold


def test_ics_has_one_event_per_due_date():
    data = register(EXAMPLES, "ics")
    deals = [load(p).deal for p in EXAMPLES]
    expected = {f"{d.deal.id}-{c.id}@dealdocs" for d in deals for c in d.commitments if c.due}
    expected |= {
        f"{d.deal.id}-{c.id}-tranche-{n}@dealdocs"
        for d in deals for c in d.commitments for n, t in enumerate(c.tranches, start=1) if t.due
    }
    events = _events(data)
    assert data.count(b"BEGIN:VEVENT") == len(events) == len(expected)
    assert {e["UID"] for e in events} == expected
    invest = next(e for e in events if e["UID"] == "tees-green-manufacturing-invest-factories@dealdocs")
    assert invest["DTSTART;VALUE=DATE"] == "20301231"
    assert invest["DTEND;VALUE=DATE"] == "20310101"  # all-day: the end is the next day
    assert invest["DTSTAMP"] == "20260302T000000Z"  # the deal's date, not the clock
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "SUMMARY", "DESCRIPTION"} <= set(event)


def test_ics_tranche_events_and_escaping(write):
    data = register([write(AWKWARD)], "ics")
    events = {e["UID"]: e for e in _events(data)}
    assert set(events) == {
        "small-deal-invest@dealdocs", "small-deal-grant@dealdocs", "small-deal-grant-tranche-1@dealdocs",
    }  # the second tranche has no due date
    tranche = events["small-deal-grant-tranche-1@dealdocs"]
    assert tranche["DTSTART;VALUE=DATE"] == "20270131"
    assert "Condition: financial close\\, signed\\; sealed" in tranche["DESCRIPTION"]
    summary = events["small-deal-invest@dealdocs"]["SUMMARY"]
    assert summary.endswith('(=HYPERLINK("http://x"\\, "Smith\\, Jones\\; & Co\\\\ Deal"))')
    description = events["small-deal-invest@dealdocs"]["DESCRIPTION"]
    assert "\\nObligor: +44 Holdings\\, \"Anchor\" Limited\\n" in description
    # No unescaped separator is left in a TEXT value.
    for value in (summary, description):
        bare = re.sub(r"\\.", "", value)  # drop every escaped pair
        assert ";" not in bare and "," not in bare
        assert "\n" not in value


def test_ics_is_deterministic():
    assert register(EXAMPLES, "ics") == register(EXAMPLES, "ics")
    assert register(EXAMPLES, "csv") == register(EXAMPLES, "csv")
    assert register(EXAMPLES, "json") == register(EXAMPLES, "json")


def test_ics_without_due_dates_is_refused(write):
    with pytest.raises(UsageError, match="due date"):
        register([write(MINIMAL)], "ics")


def test_escape_text():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "£é" * 60
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(p.encode("utf-8")) <= 74 for p in parts[1:]) and len(parts[0].encode("utf-8")) <= 75
    assert fold("short") == "short"


# --- the command --------------------------------------------------------------------


def test_cli_writes_a_file(tmp_path):
    target = tmp_path / "register.ics"
    result = CliRunner().invoke(main, ["register", *map(str, EXAMPLES), "--format", "ics", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == register(EXAMPLES, "ics")


def test_cli_prints_csv_by_default():
    result = CliRunner().invoke(main, ["register", str(TEES)])
    assert result.exit_code == 0
    assert result.stdout_bytes == register([TEES], "csv")


def test_deals_with_error_findings_are_still_registered(write):
    path = write(MINIMAL.replace("    to: council\n", "").replace("    remedy: claw\n", ""))
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 1
    result = CliRunner().invoke(main, ["register", str(path), "--format", "json"])
    assert result.exit_code == 0
    invest = json.loads(result.stdout)[0]
    assert invest["counterparty"] == "" and invest["remedy"] == ""


def test_unreadable_deals_list_every_problem(write):
    bad_yaml = write("dealdocs: 1\ndeal: [oops\n", "broken.yaml")
    bad_date = write(MINIMAL.replace("date: 2026-03-02", "date: 2026-02-30"), "bad-date.yaml")
    with pytest.raises(InputError) as caught:
        register([bad_yaml, TEES, bad_date], "csv")
    assert {p.file for p in caught.value.problems} == {str(bad_yaml), str(bad_date)}
    result = CliRunner().invoke(main, ["register", str(bad_yaml), str(TEES), str(bad_date)])
    assert result.exit_code == 2
    assert "broken.yaml:2:" in result.stderr and "bad-date.yaml:" in result.stderr
    assert result.stdout == ""


def test_help_says_error_findings_are_registered():
    result = CliRunner().invoke(main, ["register", "--help"])
    assert "deals with error findings are" in " ".join(result.output.split())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_register_counts_amounts_as_the_dashboard_and_the_documents_do(path):
    """One rule for a commitment's amount (`Facts.amount`): the register's amounts add up
    to the dashboard's public support and private investment (`Facts.totals`)."""
    from decimal import Decimal

    from dealdocs.clauses import library_for
    from dealdocs.facts import Facts
    from dealdocs.register import obligations

    loaded = load(path)
    facts = Facts.build(loaded.deal, library_for(loaded.path, loaded.deal.clause_paths))
    rows = obligations([loaded])
    public = sum((Decimal(r.amount) for r, c in zip(rows, loaded.deal.commitments) if r.amount and facts.grants(c.by)),
                 Decimal(0))
    private = sum((Decimal(r.amount) for r, c in zip(rows, loaded.deal.commitments)
                   if r.amount and not facts.grants(c.by) and facts.is_investor(c.by)), Decimal(0))
    assert (public, private) == facts.totals()
    assert [r.amount for r in rows] == [None if facts.amount(c) is None else plain_pounds(facts.amount(c))
                                        for c in loaded.deal.commitments]
