"""Statements from sister societies: identified against our repertoire and distributed to our members to the cent."""

from fractions import Fraction

import pytest
from money_builders import conserved, lines_of, member, society, work

from distribution.payments import incoming, incoming_csv
from distribution.payments.models import IncomingStatement
from distribution.runs import claims
from distribution.runs import services as runs
from distribution.usage.models import KeyDecision

pytestmark = pytest.mark.django_db

HEADER = (
    "distribution id,society work id,ISWC,title,IP name,IPI name #,role,society,share %,right type,territory,"
    "period start,period end,usage count,gross amount,currency\n"
)
A_IPI, B_IPI, C_IPI = "12345678993", "22345678983", "32345678973"


def csv_rows(*rows: tuple) -> bytes:
    body = "".join(
        f"GEMA-25,{wid},{iswc},{title},{name},{ipi},CA,999,{share},PR,276,2025-01-01,2025-06-30,10,{amount},CHF\n"
        for wid, iswc, title, name, ipi, share, amount in rows
    )
    return (HEADER + body).encode()


@pytest.fixture
def repertoire():
    society("052")
    a, b, c = member("Alpha", A_IPI), member("Beta", B_IPI), member("Gamma", C_IPI)
    x = work("Xylophone", "T0345246801", [(a, "CA", "50"), (b, "CA", "50")])
    y = work("Yonder", "T1111111114", [(c, "CA", "100")])
    return {"A": a, "B": b, "C": c, "X": x, "Y": y}


FILE = csv_rows(
    ("", "T-034.524.680-1", "Xylophone", "Alpha", A_IPI, "50", "100.00"),
    ("", "T0345246801", "Xylophone", "Beta", B_IPI, "50", "100.00"),
    ("", "", "Song nobody knows", "Nobody", "", "100", "33.3333"),
    ("", "T1111111114", "Yonder", "Somebody Else", "", "50", "50.00"),
)


def test_statement_is_distributed_to_our_members_to_the_cent(repertoire):
    st, created = incoming.import_statement(data=FILE, filename="gema.csv", society="52", currency="chf", rate="1.05")
    assert created and st.society.code == "052" and st.currency == "CHF" and st.line_count == 4
    # 283.3333 CHF × 1.05 = 297.499965 → 29750 cents, converted once.
    assert st.gross == round(Fraction("283.3333") * Fraction("1.05") * 100) == 29750
    run = st.run
    assert run.origin.kind == "incoming" and run.currency == "EUR" and (run.admin_amount, run.social_amount) == (0, 0)
    assert lines_of(run) == [
        ("member", A_IPI, "T0345246801", 10500),  # the IP named by the row
        ("member", B_IPI, "T0345246801", 10500),
        ("member", C_IPI, "T1111111114", 5250),  # no IP known: our share picture of Yonder
        ("suspense", "unidentified", "", 3500),  # 3499.9968… takes the missing cent
    ]
    assert conserved(run) and run.summary["balanced"] and st.identified_count == 3
    assert claims.balance(run)["unidentified"] == 3500


def test_same_file_is_not_imported_twice(repertoire):
    first, _ = incoming.import_statement(data=FILE, filename="a.csv", society="052", currency="CHF", rate="1.05")
    again, created = incoming.import_statement(data=FILE, filename="b.csv", society="052", currency="CHF", rate="2")
    assert not created and again == first and IncomingStatement.objects.count() == 1


def test_only_the_configured_deduction_is_taken(repertoire, settings):
    settings.INCOMING_ADMIN_PERCENT = "5"
    st, _ = incoming.import_statement(data=FILE, filename="gema.csv", society="052", currency="CHF", rate="1")
    run = st.run
    assert (run.gross, run.admin_amount, run.social_amount) == (28333, 1417, 0)  # 5 % of 283.33, half to even
    assert conserved(run)


def test_unidentified_money_claimed_and_remembered_for_the_next_statement(repertoire):
    st, _ = incoming.import_statement(data=FILE, filename="gema.csv", society="052", currency="CHF", rate="1.05")
    key = st.lines.get(title="Song nobody knows").key
    runs.approve(st.run.pk)
    claim = claims.file_claim(run_id=st.run.pk, account="unidentified", key=key, work_id=repertoire["Y"].pk)
    claims.accept_claim(claim_id=claim.pk)
    adjustment = claims.run_adjustment(run_id=st.run.pk)
    assert lines_of(adjustment) == [("member", C_IPI, "T1111111114", 3500)]
    assert claims.balance(st.run)["unidentified"] == 0
    assert KeyDecision.objects.get(key=key).work == repertoire["Y"]
    later = csv_rows(("", "", "Song nobody knows", "Nobody", "", "100", "10.00"))
    st2, _ = incoming.import_statement(data=later, filename="gema2.csv", society="052", currency="CHF", rate="1")
    assert lines_of(st2.run) == [("member", C_IPI, "T1111111114", 1000)]


def test_errors_say_where_and_why(repertoire):
    bad = csv_rows(("", "T0345246802", "X", "A", "", "50", "1.00"), ("", "", "Y", "B", "", "50", "1.001234"))
    with pytest.raises(incoming_csv.StatementError) as info:
        incoming.import_statement(data=bad, filename="bad.csv", society="052", currency="CHF", rate="1")
    assert "bad.csv:2 field 'ISWC'" in str(info.value) and "check digit" in str(info.value)
    assert "bad.csv:3 field 'gross amount'" in str(info.value)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="currency is not EUR"):
        incoming.import_statement(data=FILE, filename="gema.csv", society="052", currency="EUR", rate="1")
    with pytest.raises(ValidationError, match="must be positive"):
        incoming.import_statement(data=FILE, filename="gema.csv", society="052", currency="CHF", rate="0")
    with pytest.raises(ValidationError, match="not in the societies table"):
        incoming.import_statement(data=FILE, filename="gema.csv", society="777", currency="CHF", rate="1")


def test_incoming_runs_are_paid_like_any_run(repertoire):
    from distribution.payments import services as payments

    st, _ = incoming.import_statement(data=FILE, filename="gema.csv", society="052", currency="CHF", rate="1.05")
    runs.approve(st.run.pk)
    payments.add_bank_account(party_id=repertoire["A"].pk, holder="Alpha", iban="DE89370400440532013000")
    batch = payments.create_batch(run_ids=[st.run.pk])
    assert list(batch.transfers.values_list("payee", "amount")) == [(A_IPI, 10500)]
