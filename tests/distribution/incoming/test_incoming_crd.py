"""A statement written by another instance of this project (CRD file, or its CSV fallback in minor units) is
imported and distributed the same way."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from money_builders import lines_of, member, society, work

from distribution.payments import incoming
from distribution.runs.crd import CrdDistribution, CrdExploitation, CrdIp, CrdWork, write_crd, write_csv

pytestmark = pytest.mark.django_db
A_IPI, B_IPI = "12345678993", "22345678983"


def distribution(sender="052") -> CrdDistribution:
    def wer(ipi, share, amount):
        return CrdExploitation(ipi, "PR", "276", date(2025, 1, 1), date(2025, 6, 30), 7, share, amount, "CHF")

    works = (
        CrdWork(
            "W00000001",
            "T0345246801",
            "Xylophone",
            (CrdIp(A_IPI, "Alpha", "CA", "999", 5000), CrdIp(B_IPI, "Beta", "CA", "999", 5000)),
            (wer(A_IPI, 5000, 10001), wer(B_IPI, 5000, 10001)),
        ),
        CrdWork("", "", "Unknown Song", (), (wer("", 10000, 3333),)),
    )
    return CrdDistribution(
        sender,
        "GEMA",
        "999",
        "D-2025-1",
        date(2025, 9, 1),
        "CHF",
        "PR",
        "276",
        date(2025, 1, 1),
        date(2025, 6, 30),
        datetime(2025, 9, 1, 12, 0),
        works,
    )


@pytest.fixture
def repertoire():
    society("052")
    a, b = member("Alpha", A_IPI), member("Beta", B_IPI)
    work("Xylophone", "T0345246801", [(a, "CA", "50"), (b, "CA", "50")])


@pytest.mark.parametrize("write", [write_crd, write_csv], ids=["crd", "csv"])
def test_statement_from_another_instance_is_distributed(repertoire, write):
    data = write(distribution()).encode()
    statement, created = incoming.import_statement(data=data, filename="d.crd", society="052", currency="CHF", rate="1")
    assert created and statement.amount == Decimal("233.35") and statement.gross == 23335 and statement.line_count == 3
    assert lines_of(statement.run) == [
        ("member", A_IPI, "T0345246801", 10001),
        ("member", B_IPI, "T0345246801", 10001),
        ("suspense", "unidentified", "", 3333),
    ]
    assert statement.distribution_id == "D-2025-1" and statement.period_end == date(2025, 6, 30)


def test_a_crd_file_from_another_society_is_refused(repertoire):
    society("058")
    with pytest.raises(ValidationError, match="from society 052, not 058"):
        incoming.import_statement(
            data=write_crd(distribution()).encode(), filename="d.crd", society="058", currency="CHF", rate="1"
        )
