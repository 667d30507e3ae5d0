"""The database-free half of the import: batches of prepared transactions, the same in-process and from the
forked background process; a file imported through the background process gives the same works and ACK."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from exchange import cwr_import
from exchange.cwr.prepare import prepared_batches
from exchange.models import CwrFile
from tests.exchange.cwr_helpers import cwr_text, put, work_21
from works.models import Work, WorkShare


def _file(tmp_path: Path, name: str = "CW250021SUN_052.V21") -> Path:
    titles = ["SONG 0", "SONG 1", "SONG 2", "SONG 3", "SONG 3", "SONG 4", "SONG 5"]  # SONG 3 sent twice
    works = [work_21(title) for title in titles]
    lines = cwr_text("2.1", works).split("\r\n")
    lines[11] = put(lines[11], 130, "ABCDE")  # the SWR of SONG 1: not numeric, the transaction is rejected
    path = tmp_path / name
    path.write_text("\r\n".join(lines), encoding="ascii", newline="")
    return path


def _batches(path: Path, background: bool, size: int):
    with prepared_batches(path, path.name, size=size, background=background) as batches:
        return list(batches)


def test_batches_are_the_same_from_the_background_process(tmp_path):
    path = _file(tmp_path)
    inline, background = _batches(path, False, 3), _batches(path, True, 3)
    assert inline == background
    assert [len(b) for b in inline] == [3, 1, 3]  # SONG 3 again cannot join the batch holding the first one
    flat = [p for b in inline for p in b]
    assert [p.title for p in flat] == ["SONG 0", "SONG 1", "SONG 2", "SONG 3", "SONG 3", "SONG 4", "SONG 5"]
    assert [p.result.status for p in flat].count("RJ") == 1 and flat[1].data is None
    assert all(p.data is not None for p in flat if p.result.status != "RJ")
    for batches in (inline, background):  # equal parts of a batch are one object, also after the pipe
        first, third = batches[0][0].data, batches[0][2].data
        assert first.shares[0].party is third.shares[0].party and first.shares[0].party.last_name == "SUN PUB"
        assert first.shares[0].territories[0] is third.shares[0].territories[0]
        assert batches[0][0].result is batches[0][2].result and batches[0][0].result.status == "RA"


@pytest.mark.django_db
def test_import_through_the_background_process(tmp_path, monkeypatch, settings):
    settings.SOCIETY_CODE = "052"
    monkeypatch.setattr(cwr_import, "BACKGROUND_MIN_BYTES", 0)
    monkeypatch.setattr(cwr_import, "BATCH_SIZE", 3)
    call_command("import_cwr", str(_file(tmp_path)), stdout=StringIO())
    cwr_file = CwrFile.objects.get()
    assert (cwr_file.transactions, cwr_file.accepted, cwr_file.rejected) == (7, 6, 1)
    assert Work.objects.count() == 5 and not Work.objects.filter(title="SONG 1").exists()
    assert WorkShare.objects.filter(work__title="SONG 3").count() == 2  # sent twice: replaced, not doubled
    assert cwr_file.ack.count("\r\nACK") == 7 and "'PR OWNERSHIP SHARE'" in cwr_file.ack.upper()


@pytest.mark.django_db
def test_a_rejected_group_is_rejected_through_the_background_process(tmp_path, monkeypatch):
    monkeypatch.setattr(cwr_import, "BACKGROUND_MIN_BYTES", 0)
    lines = cwr_text("2.1", [work_21("ONE"), work_21("TWO")]).split("\r\n")
    grt = next(i for i, line in enumerate(lines) if line.startswith("GRT"))
    lines[grt] = put(lines[grt], 9, "00000003")  # the group trailer counts 3 transactions: the group is rejected
    path = tmp_path / "CW250022SUN_052.V21"
    path.write_text("\r\n".join(lines), encoding="ascii", newline="")
    summary = cwr_import.import_cwr(path)
    assert (summary.transactions, summary.accepted, summary.rejected) == (2, 0, 2)
    assert not Work.objects.exists()
    assert "TRANSACTION COUNT' IS 3, THE GROUP HAS 2" in summary.cwr_file.ack


def test_closing_early_stops_the_background_process(tmp_path):
    with prepared_batches(_file(tmp_path), "CW250021SUN_052.V21", size=1, background=True) as batches:
        child = batches.child
        assert next(iter(batches))[0].title == "SONG 0"
    assert not child.is_alive() and not batches.thread.is_alive()
