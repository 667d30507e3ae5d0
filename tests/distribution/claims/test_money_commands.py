"""Commands of the money loop: claim, run_adjustment, payment_batch, import_incoming (first line = summary)."""

import io
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.core.management import CommandError, call_command
from money_builders import approved_run, member, report, society, work

from distribution.payments import services as payments
from distribution.runs.models import Claim

pytestmark = pytest.mark.django_db


def run_command(*args) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def approved():
    a, d = member("A", "12345678993"), member("D", "22345678983")
    x = work("X", "T0345246801", [(a, "CA", "100")])
    z = work("Z", "T1111111114", [(d, "CA", "100")])
    run = approved_run([report([(x, 3), ("KU", 1)])], gross="100.00", admin="10", social="0")
    return run, a, d, z


def test_claim_adjust_and_pay_from_the_command_line(approved, tmp_path):
    run, a, d, z = approved
    first = run_command(
        "claim",
        "--run",
        str(run.pk),
        "--key",
        "KU",
        "--work",
        z.iswc,
        "--claimant",
        d.ipi_name,
        "--evidence",
        "cue sheet",
        "--accept",
    )
    claim = Claim.objects.get()
    assert first == [f"claim {claim.pk}: run {run.pk} unidentified KU → {z.iswc} (accepted)"]
    assert run_command("claim", "--run", str(run.pk), "--list")[0] == f"run {run.pk}: 1 claims"
    lines = run_command("run_adjustment", str(run.pk))
    adjustment = Claim.objects.get().adjustment
    assert lines[0] == f"run {adjustment.pk} calculated: G=2250 A=0 S=0 N=2250"
    assert lines[-1].startswith(f"adjustment of run {run.pk}: drew 2250 from its suspense; left: unidentified=0")
    with pytest.raises(CommandError, match="no accepted claim"):
        run_command("run_adjustment", str(run.pk))
    payments.add_bank_account(party_id=a.pk, holder="A", iban="DE89370400440532013000")
    payments.add_bank_account(party_id=d.pk, holder="D", iban="FR1420041010050500013M02606")
    from distribution.runs import services as runs

    runs.approve(adjustment.pk)
    out = run_command("payment_batch", "--runs", f"{run.pk},{adjustment.pk}", "--out", str(tmp_path))
    assert out[0].startswith("batch ") and ": 2 transfers, 9000 EUR paid, 0 withheld, 0 payees skipped" in out[0]
    xml = next(Path(tmp_path).glob("pain001_*.xml"))
    xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")).validate(str(xml))
    assert len(list(Path(tmp_path).glob("payments_*.csv"))) == 1
    with pytest.raises(CommandError, match="nothing left to pay"):
        run_command("payment_batch", "--runs", str(run.pk), "--out", str(tmp_path))


def test_import_incoming_command(approved, tmp_path):
    society("052")
    path = tmp_path / "stmt.csv"
    path.write_text(
        "Distribution ID;Society Work ID;ISWC;Title;IP Name;IPI Name #;Role;Society;Share %;Right Type;Territory;"
        "Period Start;Period End;Usage Count;Gross Amount;Currency\n"
        "S1;;T0345246801;X;A;12345678993;CA;999;100;PR;276;2025-01-01;2025-03-31;4;12.34;USD\n"
    )
    args = ("import_incoming", str(path), "--society", "052", "--currency", "USD", "--rate", "0.9")
    lines = run_command(*args)
    assert lines[0].startswith("incoming ") and "1 lines, 1 identified, 0 unidentified" in lines[0]
    assert "12.34 USD × 0.9 = 1111 minor units" in lines[0]  # 11.106 → 1111
    assert lines[1].endswith("G=1111 A=0 S=0 N=1111")
    assert "already imported" in run_command(*args)[0]
    with pytest.raises(CommandError, match="No such file"):
        run_command(
            "import_incoming", str(tmp_path / "none.csv"), "--society", "052", "--currency", "USD", "--rate", "1"
        )
