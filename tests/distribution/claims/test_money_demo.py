"""The money loop demo: every step ties out to the cent, and loading it again changes nothing."""

import pytest
import sepaxml
import xmlschema
from money_builders import member, party, work

from distribution.payments import demo as money_demo
from distribution.payments.models import PaymentBatch
from distribution.runs.models import DistributionRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def repertoire(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    a, b, c = member("Dubois", "12345678993"), member("Mensah", "22345678983"), member("Silva", "32345678973")
    p = party("Atlas Songs", "42345678963", "052")
    work("Love in the River City", "T0345246801", [(a, "CA", "50"), (p, "E", "50")])
    work("Golden Road", "T1111111114", [(b, "CA", "60"), (c, "CA", "40")])
    work("Silver Moon", "T2222222229", [(c, "CA", "100")])


def test_demo_ties_out_to_the_cent_and_loads_once(repertoire, tmp_path):
    lines = money_demo.load().splitlines()
    assert len(lines) == 4 and all(line.startswith("money loop: ") for line in lines), lines
    assert lines[0].endswith("conservation ok")
    assert "'Kitchen Session No. 7' claimed for T0345246801" in lines[1] and "suspense left 0 (ok)" in lines[1]
    assert lines[2].endswith("(ok)") and "USD × 0.915 =" in lines[2]
    assert lines[3].split("; files")[0].endswith("(ok)")
    batch = PaymentBatch.objects.get()
    assert batch.withheld > 0 and batch.total > 0
    xml = next((tmp_path / "media" / "demo" / "payments").glob("pain001_*.xml"))
    schema = xmlschema.XMLSchema(
        str(__import__("pathlib").Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd")
    )
    schema.validate(str(xml))
    runs = DistributionRun.objects.count()
    assert money_demo.load().startswith("money loop demo already loaded")
    assert DistributionRun.objects.count() == runs == 3
