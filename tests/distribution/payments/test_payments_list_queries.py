"""The money-out list endpoints (bank accounts, withholding rates, batches, transfers, incoming statements) make a
fixed number of queries, however many rows they list."""

import itertools
from datetime import date
from decimal import Decimal

import pytest

from distribution.payments.models import BankAccount, CreditTransfer, IncomingStatement, PaymentBatch, WithholdingRate
from distribution.runs.models import DistributionRun
from tests.factories import PartyFactory, SocietyFactory
from tests.list_queries import assert_queries_do_not_grow, superuser_client

pytestmark = pytest.mark.django_db

IBAN = "DE89370400440532013000"
numbers = itertools.count()


def run() -> DistributionRun:
    return DistributionRun.objects.create(
        name=f"Run {next(numbers)}",
        right_type="PR",
        currency="EUR",
        gross=100_000,
        admin_percent=0,
        social_percent=0,
        status="approved",
    )


def batch() -> PaymentBatch:
    made = PaymentBatch.objects.create(
        currency="EUR",
        execution_date=date(2026, 5, 1),
        message_id=f"M{next(numbers)}",
        debtor_name="Society",
        debtor_iban=IBAN,
    )
    made.runs.set([run(), run()])
    return made


def add_bank_accounts(n):
    for _ in range(n):
        BankAccount.objects.create(party=PartyFactory(), holder="Holder", iban=IBAN)
        BankAccount.objects.create(society=SocietyFactory(), holder="Society", iban=IBAN)


def add_withholding_rates(n):
    for _ in range(n):
        WithholdingRate.objects.create(party=PartyFactory(), rate=Decimal(15))


def add_batches(n):
    for _ in range(n):
        batch()


def add_transfers(n):
    for _ in range(n):
        party = PartyFactory()
        CreditTransfer.objects.create(
            batch=batch(),
            payee_kind="member",
            payee=party.ipi_name,
            party=party,
            recipient_kind="owner",
            holder="Holder",
            iban=IBAN,
            gross=1_000,
            amount=1_000,
            end_to_end_id=f"E{next(numbers)}",
        )


def add_incoming_statements(n):
    for _ in range(n):
        IncomingStatement.objects.create(
            society=SocietyFactory(),
            filename="crd.csv",
            checksum=f"{next(numbers):064d}",
            currency="USD",
            rate=Decimal("0.9"),
            amount=Decimal(100),
            gross=9_000,
            right_type="PR",
            territory="2136",
            run=run(),
        )


@pytest.mark.parametrize(
    "url, add_rows, pinned",
    [
        ("/api/v1/bank-accounts/", add_bank_accounts, 2),
        ("/api/v1/withholding-rates/", add_withholding_rates, 2),
        ("/api/v1/payment-batches/", add_batches, 3),
        ("/api/v1/credit-transfers/", add_transfers, 2),
        ("/api/v1/incoming-statements/", add_incoming_statements, 2),
    ],
    ids=["bank-accounts", "withholding-rates", "payment-batches", "credit-transfers", "incoming-statements"],
)
def test_list_endpoint_queries_do_not_grow_with_the_rows(url, add_rows, pinned, django_assert_max_num_queries):
    assert_queries_do_not_grow(superuser_client(), url, add_rows, pinned, django_assert_max_num_queries)
