"""Pure licensing math: tariffs → invoice lines, periods, splits, matching, aging, pool draws."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distribution.licensing import engine as licensing
from distribution.licensing.engine import Declared, LicensingError, TariffTerms, compute_invoice

rates = st.fractions(min_value=0, max_value=1000, max_denominator=10_000)
months = st.fractions(min_value=Fraction(1, 31), max_value=36, max_denominator=31)


@st.composite
def tariffs_and_declarations(draw):
    terms = TariffTerms(
        code="T",
        currency="EUR",
        flat_fee=draw(st.integers(0, 10**9)),
        fee_months=draw(st.sampled_from([1, 3, 12])),
        revenue_percent=draw(st.none() | st.fractions(0, 100, max_denominator=10_000)),
        per_use=draw(st.none() | rates),
        per_minute=draw(st.none() | rates),
        minimum_fee=draw(st.integers(0, 10**8)),
    )
    declared = Declared(
        revenue=draw(st.integers(0, 10**12)), uses=draw(st.integers(0, 10**9)), seconds=draw(st.integers(0, 10**9))
    )
    return terms, declared


@settings(deadline=None)  # pure and fast; a deadline only measures the shared machine's load
@given(tariffs_and_declarations(), months)
def test_invoice_total_is_the_sum_of_its_lines_each_rounded_from_its_exact_amount(case, covered):
    terms, declared = case
    calc = compute_invoice(terms, declared, covered)
    assert calc.total == sum(line.amount for line in calc.lines)
    assert all(line.amount >= 0 for line in calc.lines)
    assert len(calc.text()) == len(calc.lines) + 1


@settings(deadline=None)
@given(tariffs_and_declarations(), months)
def test_minimum_fee_for_the_covered_months_is_always_reached_and_topped_up_only_when_needed(case, covered):
    terms, declared = case
    calc = compute_invoice(terms, declared, covered)
    minimum = round(terms.minimum_fee * covered / terms.fee_months)
    assert calc.total >= minimum
    topped = [line for line in calc.lines if line.kind == "minimum"]
    without = calc.total - sum(line.amount for line in topped)
    assert bool(topped) == (without < minimum)
    if topped:
        assert calc.total == minimum


def test_invoice_shows_each_calculation_and_rounds_half_to_even():
    terms = TariffTerms(code="RADIO", currency="EUR", flat_fee=120000, fee_months=12, revenue_percent=Fraction(11, 2))
    calc = compute_invoice(terms, Declared(revenue=1234567), Fraction(3))
    flat, revenue = calc.lines
    assert flat.amount == 30000 and "1,200.00 EUR per 12 months × 3 months = 300.00 EUR" in flat.calculation
    # 5.5 % of 12,345.67 = 679.01185 → 679.01
    assert revenue.amount == 67901 and "679.01185 → 679.01 EUR" in revenue.calculation
    assert calc.text()[-1] == "Total: 979.01 EUR"
    half = TariffTerms(code="USE", currency="EUR", per_use=Fraction(1, 2))
    assert compute_invoice(half, Declared(uses=5), Fraction(1)).total == 2  # 2.5 cents → 2 (half to even)
    assert compute_invoice(half, Declared(uses=7), Fraction(1)).total == 4  # 3.5 cents → 4


def test_minimum_fee_tops_up_a_small_declaration():
    terms = TariffTerms(code="BAR", currency="EUR", revenue_percent=Fraction(5), minimum_fee=60000, fee_months=12)
    calc = compute_invoice(terms, Declared(revenue=100000), Fraction(3))
    assert [line.kind for line in calc.lines] == ["revenue", "minimum"]
    assert calc.total == 15000  # a quarter of 600.00
    assert calc.lines[1].amount == 15000 - 5000


def test_per_minute_rate_counts_seconds_exactly():
    terms = TariffTerms(code="TV", currency="EUR", per_minute=Fraction(150))  # 1.50 per minute
    calc = compute_invoice(terms, Declared(seconds=90), Fraction(1))
    assert calc.total == 225
    assert "1.5 minutes (90 s)" in calc.lines[0].calculation


def test_a_tariff_needing_declared_figures_refuses_to_invoice_without_them():
    terms = TariffTerms(code="DSP", currency="EUR", revenue_percent=Fraction(10), per_use=Fraction(1, 10))
    assert licensing.missing_declaration(terms, Declared(revenue=5)) == ["uses"]
    with pytest.raises(LicensingError, match="lacks revenue, uses"):
        compute_invoice(terms, None, Fraction(1))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-04-01..2026-06-30", date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_periods_are_years_quarters_months_or_date_ranges(text, start, end):
    assert licensing.parse_period(text) == licensing.Period(start, end)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "2026-03-01..2026-02-01", "last year"])
def test_bad_periods_say_why(text):
    with pytest.raises(LicensingError, match=text[:4]):
        licensing.parse_period(text)


def test_covered_months_count_partial_months_by_their_days():
    q2 = licensing.parse_period("2026-Q2")
    assert licensing.covered_months(q2, date(2020, 1, 1), None) == 3
    assert licensing.covered_months(q2, date(2026, 4, 16), None) == Fraction(15, 30) + 2
    assert licensing.covered_months(q2, date(2026, 1, 1), date(2026, 5, 31)) == 2
    assert licensing.covered_months(q2, date(2026, 7, 1), None) == 0


def _open(ref, number, licensee, due, amount):
    return licensing.OpenInvoice(ref, number, licensee, "EUR", date(2026, 1, due), amount)


def test_payment_naming_an_invoice_pays_that_one_and_otherwise_the_oldest_first():
    invoices = [_open(1, "INV-2026-000001", "L1", 20, 500), _open(2, "INV-2026-000002", "L1", 10, 300)]
    named = licensing.PaymentIn(400, "EUR", "transfer for inv-2026-000001 thanks", "L1")
    assert licensing.match_payment(named, invoices) == ("reference", [(1, 400)])
    by_payer = licensing.PaymentIn(700, "EUR", "Q1 licence", "L1")
    assert licensing.match_payment(by_payer, invoices) == ("oldest", [(2, 300), (1, 400)])
    stranger = licensing.PaymentIn(100, "EUR", "gift")
    assert licensing.match_payment(stranger, invoices) == ("unmatched", [])
    other_currency = licensing.PaymentIn(100, "USD", "INV-2026-000001", "L1")
    assert licensing.match_payment(other_currency, invoices) == ("unmatched", [])


@settings(deadline=None)
@given(st.integers(1, 10**6), st.lists(st.integers(1, 10**5), max_size=6))
def test_matching_never_allocates_more_than_the_payment_or_an_invoice_has_open(amount, opens):
    invoices = [_open(i, f"INV-2026-{i:06d}", "L1", 1 + i % 28, v) for i, v in enumerate(opens)]
    _, pairs = licensing.match_payment(licensing.PaymentIn(amount, "EUR", "", "L1"), invoices)
    assert sum(a for _, a in pairs) == min(amount, sum(opens))
    assert all(0 < a <= opens[ref] for ref, a in pairs)


def test_ledger_runs_a_balance_and_aging_sorts_open_amounts_by_lateness():
    entries = [
        licensing.Entry(date(2026, 2, 1), "payment", "bank 1", credit=300),
        licensing.Entry(date(2026, 1, 1), "invoice", "INV-1", debit=1000),
        licensing.Entry(date(2026, 2, 1), "invoice", "INV-2", debit=200),
        licensing.Entry(date(2026, 2, 5), "credit_note", "CN-1", credit=100),
    ]
    rows = licensing.running_balance(entries)
    assert [r.entry.reference for r in rows] == ["INV-1", "INV-2", "bank 1", "CN-1"]
    assert [r.balance for r in rows] == [1000, 1200, 900, 800]
    ages = licensing.aging([(date(2026, 3, 1), 5), (date(2026, 1, 1), 7), (date(2025, 10, 1), 11)], date(2026, 2, 1))
    assert ages == {"not_due": 5, "1-30": 0, "31-60": 7, "61-90": 0, "over_90": 11}


@settings(deadline=None)
@given(st.integers(0, 10**9), st.lists(st.integers(-10, 10**9) | st.none(), max_size=12))
def test_pool_balance_never_goes_negative_whatever_runs_ask_for(collected, requests):
    drawn = 0
    for request in requests:
        try:
            drawn += licensing.check_draw("pool 1", collected, drawn, request)
        except LicensingError:
            pass
        assert 0 <= drawn <= collected


def test_a_drawn_pool_cannot_be_distributed_again():
    first = licensing.check_draw("pool 7", 1000, 0)
    assert first == 1000
    with pytest.raises(LicensingError, match="pool 7: nothing left"):
        licensing.check_draw("pool 7", 1000, first)
