"""Two instances on two databases: a source served by `manage.py runserver` in a subprocess, and the test
database as the receiver. The sync copies the source's works, parties and shares; running it again changes nothing.

The source database is a fresh PostgreSQL database when the tests run on PostgreSQL (created and dropped here),
else an SQLite file.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from exchange.models import SyncSource
from exchange.sync import http_fetch, sync_from
from tests.conftest import REPO
from tests.exchange.sync.repertoire_snapshot import snapshot
from wipoconnect.core.models import AuditEntry, ChangeLog

pytestmark = pytest.mark.django_db


class SourceInstance:
    def __init__(self, url: str):
        self.env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"} | {"DATABASE_URL": url}

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=REPO, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def serve(self) -> tuple[subprocess.Popen, str]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, server)
        return server, base


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the source instance's server stopped"
        try:
            urllib.request.urlopen(f"{base}/api/v1/changes/", timeout=2)
            return
        except urllib.error.HTTPError:  # 401 without a key: it is up
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{base} did not answer within 60 s")


@pytest.fixture
def source_database(tmp_path):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"wc_sync_source_{uuid.uuid4().hex[:12]}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    _admin_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    finally:
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(statement: str) -> None:
    import psycopg2

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(statement)
    finally:
        admin.close()


SNAPSHOT = "from tests.exchange.sync.repertoire_snapshot import print_snapshot; print_snapshot()"
RENAME = (
    "from works.models import Work; from works.services import save_work; "
    "w = Work.objects.order_by('id').first(); save_work(work=w, fields={'title': 'Renamed At Source'}); print(w.iswc)"
)


def test_sync_copies_another_instance_and_running_it_again_changes_nothing(source_database):
    source = SourceInstance(source_database)
    source.manage("migrate", "-v", "0")
    source.shell("from wipoconnect import demo; print(demo.load())")  # the demo repertoire (no usage, no runs)
    token = source.manage("create_partner_key", "052", "--scopes", "read_works,read_parties").splitlines()[1]
    server, base = source.serve()
    try:
        first = sync_from(base, http_fetch(token))
        assert first.errors == [] and first.counts["created"] > 0
        assert snapshot() == json.loads(source.shell(SNAPSHOT))

        again = sync_from(base, http_fetch(token))
        assert again.entries == 0 and again.cursor == first.cursor  # resumed from the stored cursor

        feed, audit = ChangeLog.objects.count(), AuditEntry.objects.count()
        SyncSource.objects.update(cursor="")  # replay the whole feed: everything is already here
        replay = sync_from(base, http_fetch(token))
        assert replay.entries == first.entries and replay.counts["created"] == replay.counts["updated"] == 0
        assert (ChangeLog.objects.count(), AuditEntry.objects.count()) == (feed, audit)

        source.shell(RENAME)
        out = StringIO()
        call_command("sync_from", base, "--token", token, stdout=out)
        assert out.getvalue().splitlines()[0] == (
            f"sync {base}: 1 changes, 0 created, 1 updated, 0 unchanged, 0 deleted, 0 errors"
        )
        assert snapshot() == json.loads(source.shell(SNAPSHOT))
    finally:
        server.terminate()
        server.wait(timeout=20)
