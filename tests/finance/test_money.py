"""Amounts as people write them, read to the penny as Decimals; never a float."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saferplaces.finance.money import AmountError, decimal_string, parse_amount, plain, pounds


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4000", "4000.00"),
        ("4,000.00", "4000.00"),
        ("£4,000.00", "4000.00"),
        (" £ 1,277 ", "1277.00"),
        ("0", "0.00"),
        ("-", "0.00"),  # the accounting format's nothing
        ("£ -", "0.00"),
        ("1013.7", "1013.70"),
        (".5", "0.50"),
        (4000, "4000.00"),
        (1013.7, "1013.70"),  # a spreadsheet's number
        (15776.999999999998, "15777.00"),  # a spreadsheet's sum, in binary
        (Decimal("12.30"), "12.30"),
    ],
)
def test_amounts_people_write(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank_means_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text, why",
    [
        ("four thousand", "not an amount"),
        ("4.000,00", "not an amount"),
        ("40,00", "not an amount"),
        ("£4k", "not an amount"),
        ("12.345", "more than two decimal places"),
        ("-250", "is negative"),
        ("(250.00)", "is negative"),
        (True, "not an amount"),
        ("NaN", "not an amount"),
    ],
)
def test_what_is_refused_and_why(text, why):
    with pytest.raises(AmountError, match=why):
        parse_amount(text)


def test_negative_only_when_asked():
    assert parse_amount("-250.00", negative_ok=True) == Decimal("-250.00")
    assert parse_amount("(250.00)", negative_ok=True) == Decimal("-250.00")
    assert parse_amount("-£250", negative_ok=True) == Decimal("-250.00")


def test_written_for_boards_and_machines():
    assert pounds(Decimal("15777")) == "£15,777.00"
    assert pounds(Decimal("-250")) == "−£250.00"
    assert pounds(None) == "–"
    assert plain(Decimal("6984.18")) == "6,984.18"
    assert decimal_string(Decimal("15777")) == "15777.00"
    assert decimal_string(Decimal("-0.5")) == "-0.50"
