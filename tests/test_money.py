from decimal import Decimal

import pytest

from dealdocs.money import MoneyError, format_money, format_percent, parse_money, parse_percent


@pytest.mark.parametrize(
    "given, pounds",
    [
        (1000000, "1000000"),
        ("£1bn", "1000000000"),
        ("£250m", "250000000"),
        ("£1.5 million", "1500000"),
        ("£75k", "75000"),
        ("£1,000,000", "1000000"),
        ("1.2 billion", "1200000000"),
        ("GBP 2.5m", "2500000"),
        ("£1,234.50", "1234.50"),
        (0.1, "0.10"),
        ("£0", "0"),
    ],
)
def test_money_is_parsed_exactly(given, pounds):
    assert parse_money(given) == Decimal(pounds)


def test_money_never_goes_through_a_float():
    # 1.1 million as a float product would be 1100000.0000000002
    assert parse_money("£1.1m") == Decimal("1100000")
    assert str(parse_money("£1.1m")) == "1100000"


@pytest.mark.parametrize(
    "given, fragment",
    [
        ("-£5m", "negative"),
        ("£-5m", "negative"),
        (-1, "negative"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("NaN", "finite"),
        ("£5 trillion", "unknown unit"),
        ("£2000bn", "over £1 trillion"),
        ("about a million", "not an amount"),
        ("£1.001", "fractions of a penny"),
        (True, "true/false"),
        ([1], "amount of money"),
    ],
)
def test_bad_money_is_refused_with_a_reason(given, fragment):
    with pytest.raises(MoneyError, match=fragment):
        parse_money(given)


@pytest.mark.parametrize(
    "amount, printed",
    [("1000000000", "£1,000,000,000"), ("150000000", "£150,000,000"), ("1234.5", "£1,234.50"), ("0", "£0")],
)
def test_money_prints_as_uk_documents_print_it(amount, printed):
    assert format_money(Decimal(amount)) == printed


@pytest.mark.parametrize("given, value", [("50%", "50"), (50, "50"), ("12.5%", "12.5"), ("30 per cent", "30"), (7.5, "7.5")])
def test_percent(given, value):
    assert parse_percent(given) == Decimal(value)


def test_percent_out_of_range_is_parsed_for_the_cross_check_to_report():
    assert parse_percent("150%") == Decimal(150)


@pytest.mark.parametrize("given", ["half", "50%%", True, None, "nan"])
def test_bad_percent_is_refused(given):
    with pytest.raises(ValueError):
        parse_percent(given)


def test_percent_prints_in_legal_style():
    assert format_percent(Decimal("50")) == "50 per cent"
    assert format_percent(Decimal("12.5")) == "12.5 per cent"
