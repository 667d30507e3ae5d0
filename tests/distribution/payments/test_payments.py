"""Payment batches: bank details, withholding, heirs, pain.001 validated against its schema, nothing paid twice."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from money_builders import approved_run, member, party, report, work

from distribution.payments import services as payments
from distribution.payments.models import CreditTransfer, PaymentItem

pytestmark = pytest.mark.django_db

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd"
IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819", "NL91ABNA0417164300"]


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def example():
    """Worked example: A (own member) and society 052 paid 18750 each, B 6250, C 6249, Q 6249."""
    a, b, c, q = (member(n, f"000000000{i}") for n, i in (("A", 11), ("B", 21), ("C", 22), ("Q", 23)))
    p = party("P", "00000000012", "052")
    x = work("X", "T0000000011", [(a, "CA", "50"), (p, "E", "50")])
    y = work("Y", "T0000000022", [(b, "CA", "33.33"), (c, "CA", "33.33"), (q, "E", "33.33")])
    run = approved_run([report([(x, 1), (x, 1), (y, 1), ("KU", 1)])])
    from rightowners.models import Society

    return run, {"A": a, "B": b, "C": c, "Q": q, "052": Society.objects.get(code="052")}


def test_iban_is_validated_with_its_check_digits(example):
    _, ps = example
    with pytest.raises(ValidationError, match="checksum"):
        payments.add_bank_account(party_id=ps["A"].pk, holder="A", iban="DE89370400440532013001")
    account = payments.add_bank_account(party_id=ps["A"].pk, holder="A", iban="de89 3704 0044 0532 0130 00")
    assert account.iban == "DE89370400440532013000"


def test_batch_pays_members_and_sister_societies_once(example, schema):
    run, ps = example
    for i, key in enumerate(("A", "B", "C")):
        payments.add_bank_account(party_id=ps[key].pk, holder=key, iban=IBANS[i])
    payments.add_bank_account(society_id=ps["052"].pk, holder="Society 052", iban=IBANS[3], bic="ABNANL2A")
    batch = payments.create_batch(run_ids=[run.pk], execution_date=date(2026, 12, 1))
    paid = dict(batch.transfers.values_list("payee", "amount"))
    assert paid == {"00000000011": 18750, "00000000021": 6250, "00000000022": 6249, "052": 18750}
    assert batch.total == 18750 + 6250 + 6249 + 18750
    assert batch.skipped == [
        {"payee_kind": "member", "payee": "00000000023", "amount": 6249, "why": batch.skipped[0]["why"]}
    ]
    schema.validate(batch.document)
    assert f"<CtrlSum>{batch.total // 100}.{batch.total % 100:02d}</CtrlSum>" in batch.document
    # Q gets bank details: the next batch pays Q only; then nothing is left.
    payments.add_bank_account(party_id=ps["Q"].pk, holder="Q", iban=IBANS[1])
    second = payments.create_batch(run_ids=[run.pk])
    assert list(second.transfers.values_list("payee", "amount")) == [("00000000023", 6249)]
    with pytest.raises(ValidationError, match="nothing left to pay"):
        payments.create_batch(run_ids=[run.pk])


def test_withholding_per_payee_and_territory(example):
    run, ps = example
    payments.add_bank_account(society_id=ps["052"].pk, holder="Society 052", iban=IBANS[3])
    payments.set_withholding(society_id=ps["052"].pk, territory="2136", rate="10")
    payments.set_withholding(society_id=ps["052"].pk, territory="276", rate="30")  # not the run's territory
    batch = payments.create_batch(run_ids=[run.pk])
    transfer = batch.transfers.get(payee="052")
    assert (transfer.gross, transfer.withholding, transfer.amount) == (18750, 1875, 16875)
    assert batch.withheld == 1875


def test_heirs_share_a_payment_to_the_cent(example, schema):
    run, ps = example
    for i, heir in enumerate(("Heir 1", "Heir 2", "Heir 3")):
        payments.add_bank_account(
            party_id=ps["B"].pk,
            holder=heir,
            iban=IBANS[i],
            kind="heir",
            percent="33.33" if i else "33.34",
            valid_from=date(2025, 1, 1),
        )
    payments.add_bank_account(party_id=ps["B"].pk, holder="B", iban=IBANS[3], valid_to=date(2024, 12, 31))
    batch = payments.create_batch(run_ids=[run.pk], execution_date=date(2026, 1, 5))
    parts = sorted(batch.transfers.filter(payee="00000000021").values_list("holder", "amount"))
    assert [h for h, _ in parts] == ["Heir 1", "Heir 2", "Heir 3"] and sum(a for _, a in parts) == 6250
    schema.validate(batch.document)


def test_failed_transfer_becomes_payable_again_and_csv_matches(example, tmp_path):
    run, ps = example
    payments.add_bank_account(party_id=ps["A"].pk, holder="A", iban=IBANS[0])
    batch = payments.create_batch(run_ids=[run.pk])
    xml_path, csv_path = payments.write_files(batch, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    assert [(r["payee"], int(r["amount"])) for r in rows] == [("00000000011", 18750)]
    assert xml_path.read_text() == batch.document
    transfer = batch.transfers.get()
    payments.record_status(end_to_end_ids=[transfer.end_to_end_id], status="failed")
    assert not PaymentItem.objects.filter(batch=batch, active=True).exists()
    again = payments.create_batch(run_ids=[run.pk])
    assert list(again.transfers.values_list("payee", "amount")) == [("00000000011", 18750)]
    payments.record_status(end_to_end_ids=[again.transfers.get().end_to_end_id], status="paid")
    again.refresh_from_db()
    assert again.status == "closed" and CreditTransfer.objects.filter(status="paid").count() == 1


def test_only_approved_runs_of_one_currency_are_paid(example):
    from distribution.runs import services as run_services

    run, _ = example
    draft = run_services.create_run(
        name="Draft",
        report_ids=list(run.reports.values_list("pk", flat=True)),
        right="PR",
        territory="2136",
        gross="10.00",
        currency="EUR",
        admin="0",
        social="0",
    )
    with pytest.raises(ValidationError, match="only approved runs"):
        payments.create_batch(run_ids=[run.pk, draft.pk])


def test_bank_details_batches_and_statuses_are_on_the_audit_trail(example):
    from wipoconnect.core.models import AuditEntry

    run, ps = example
    account = payments.add_bank_account(party_id=ps["A"].pk, holder="A", iban=IBANS[0])
    batch = payments.create_batch(run_ids=[run.pk])
    payments.record_status(end_to_end_ids=[batch.transfers.get().end_to_end_id], status="paid")
    entries = list(AuditEntry.objects.order_by("id").values_list("model", "object_id", "action"))
    assert entries[-3:] == [
        ("distribution.bankaccount", account.pk, "create"),
        ("distribution.paymentbatch", batch.pk, "create"),
        ("distribution.paymentbatch", batch.pk, "update"),
    ]
    assert AuditEntry.objects.get(model="distribution.bankaccount").changes["iban"] == [None, IBANS[0]]
