"""Builders for licensing tests, through the services (so codes, checks and audit are as in production)."""

from datetime import date
from decimal import Decimal

from distribution.licensing import invoicing
from distribution.licensing import services as collection
from distribution.licensing.engine import parse_period


def tariff(code="RADIO", **fields):
    values = {"name": code, "valid_from": date(2020, 1, 1), "currency": "EUR", "fee_months": 12, **fields}
    return collection.create_tariff(fields={"code": code, **values})


def licensee(name="Radio One", kind="broadcaster"):
    return collection.save_licensee(fields={"name": name, "kind": kind, "territory": "2136"})


def agreement(who, tariff_code="RADIO", rights=None, **fields):
    values = {"licensee": who, "rights": rights or {"PR": "100"}, "territory": "2136", "valid_from": date(2026, 1, 1)}
    return collection.save_agreement(fields={**values, "tariff_code": tariff_code, **fields})


def radio_setup(revenue=1_000_000, period="2026-Q1"):
    """A broadcaster paying 5 % of revenue with a 1,200.00 yearly minimum, its declaration for the period."""
    tariff("RADIO", revenue_percent=Decimal("5"), minimum_fee=120000)
    who = licensee()
    deal = agreement(who)
    invoicing.record_declaration(agreement=deal, period=parse_period(period), revenue=revenue)
    return who, deal
