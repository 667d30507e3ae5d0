"""wipoconnect.core.money: minor units per currency, parsing and formatting, the one largest-remainder split."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wipoconnect.core import money
from wipoconnect.core.money import MoneyError, amount_text, format_exact, format_minor, parse_minor, split

CURRENCIES = ("EUR", "JPY", "KWD")


def test_exponents_come_from_iso_4217_and_default_to_two():
    assert [money.exponent(c) for c in ("EUR", "USD", "JPY", "KRW", "KWD", "BHD", "CLF", "jpy")] == [
        2,
        2,
        0,
        0,
        3,
        3,
        4,
        0,
    ]
    assert money.exponent("XYZ") == money.exponent("") == 2


def test_amounts_convert_exactly_to_minor_units_of_their_currency():
    assert parse_minor("1000.00", "EUR") == 100000
    assert parse_minor("0.1", "EUR") == 10
    assert parse_minor("12345678901234.99", "EUR") == 1234567890123499
    assert parse_minor(Decimal("5.00"), "JPY") == parse_minor("5", "JPY") == parse_minor(5, "JPY") == 5
    assert parse_minor("1.5", "KWD") == 1500
    assert parse_minor("1,234.50", "EUR", grouped=True) == 123450
    assert parse_minor("-1.25", "EUR", signed=True) == -125


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("1000.001", "EUR", "--gross '1000.001': at most two decimals"),
        ("100.5", "JPY", "--gross '100.5': no decimals in JPY"),
        ("1.0005", "KWD", "--gross '1.0005': at most three decimals in KWD"),
        ("-1", "EUR", "--gross '-1': must not be negative"),
        ("abc", "EUR", "--gross 'abc': not a number"),
        ("NaN", "JPY", "--gross 'NaN': not a number"),
        ("1,000.00", "EUR", "--gross '1,000.00': not a number"),  # separators only where asked for
    ],
)
def test_amounts_that_are_not_amounts_of_the_currency_are_refused_with_reasons(text, currency, message):
    with pytest.raises(MoneyError) as caught:
        parse_minor(text, currency, "--gross")
    assert str(caught.value) == message


def test_amounts_show_with_their_currency_decimals():
    assert format_minor(-123450, "EUR") == "-1,234.50 EUR"
    assert format_minor(123450, "JPY") == "123,450 JPY"
    assert format_minor(5, "KWD") == "0.005 KWD"
    assert format_minor(7, "") == "0.07"
    assert [amount_text(a, c) for a, c in ((123450, "EUR"), (-5, "EUR"), (0, "EUR"), (1234, "JPY"), (1500, "KWD"))] == [
        "1234.50",
        "-0.05",
        "0.00",
        "1234",
        "1.500",
    ]
    assert money.to_units(123450, "EUR") == Decimal("1234.50")


def test_exact_amounts_show_their_digits_beyond_the_currency_decimals():
    assert format_exact(Fraction(11, 10), "EUR") == "0.011"
    assert format_exact(Fraction(1, 3), "EUR") == "0.00333333…"
    assert format_exact(Fraction(-250), "EUR") == "-2.50"
    assert format_exact(Fraction(5), "JPY") == "5"
    assert format_exact(Fraction(3, 2), "JPY") == "1.5"
    assert format_exact(Fraction(1, 2), "KWD") == "0.0005"


def test_rates_are_exact_fractions():
    assert money.parse_rate("0.0035") == Fraction(7, 2000)
    with pytest.raises(MoneyError, match="at most 2 decimals"):
        money.parse_rate("33.333", "share", decimals=2)


amounts = st.integers(-(10**15), 10**15)


@settings(deadline=None)
@given(st.sampled_from(CURRENCIES), amounts)
def test_formatted_amounts_parse_back_to_the_same_minor_units(currency, amount):
    assert parse_minor(amount_text(amount, currency), currency, signed=True) == amount
    shown = format_minor(amount, currency).removesuffix(f" {currency}")
    assert parse_minor(shown, currency, signed=True, grouped=True) == amount


@settings(deadline=None)
@given(st.sampled_from(CURRENCIES), amounts, st.integers(1, 9))
def test_more_decimals_than_the_currency_has_are_refused(currency, amount, digit):
    text = f"{amount_text(amount, currency)}{'' if money.exponent(currency) else '.'}{digit}"
    with pytest.raises(MoneyError, match="decimal"):
        parse_minor(text, currency, signed=True)


weights = st.lists(st.integers(0, 10_000) | st.fractions(0, 100, max_denominator=1000), min_size=1, max_size=8)


@settings(deadline=None)
@given(st.integers(-(10**12), 10**12), weights.filter(lambda ws: sum(ws) > 0))
def test_split_adds_up_exactly_and_each_part_is_within_one_of_its_exact_share(amount, ws):
    parts = split(amount, ws)
    assert sum(parts) == amount
    exact = [amount * Fraction(w) / sum(Fraction(x) for x in ws) for w in ws]
    assert all(abs(part - x) < 1 for part, x in zip(parts, exact, strict=True))


@settings(deadline=None)
@given(st.integers(0, 10**9), st.dictionaries(st.text(max_size=3), st.integers(1, 50), min_size=1, max_size=6))
def test_split_by_key_does_not_depend_on_the_order_of_the_keys(amount, shares):
    backwards = dict(reversed(list(shares.items())))
    assert money.split_by_key(amount, shares) == money.split_by_key(amount, backwards)
    assert sum(money.split_by_key(amount, shares).values()) == amount


def test_equal_remainders_go_in_weight_order_or_by_the_tie_keys():
    assert split(10, [1, 1, 1]) == [4, 3, 3]
    assert split(10, [1, 1, 1], ties=["b", "c", "a"]) == [3, 3, 4]
    assert money.split_by_key(10, {"b": 1, "a": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert split(100, [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]) == [34, 33, 33]
    assert split(2, [1, 1, 1]) == [1, 1, 0]


def test_split_refuses_weights_that_share_nothing():
    for bad in ([], [0, 0], [1, -1, 1]):
        with pytest.raises(MoneyError):
            split(10, bad)


def test_money_is_plain_python():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(money.__file__).read_text())
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported -= {"wipoconnect.core.errors"}  # the plain base of domain errors
    assert {m.split(".")[0] for m in imported} <= {"collections", "decimal", "fractions", "typing"}
