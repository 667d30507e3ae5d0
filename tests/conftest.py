"""Shared fixtures. Tests run on SQLite by default and on PostgreSQL when DATABASE_URL points there."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The real CWR files beside the clone (../shared/data); absent on a user's machine."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (it exists only beside the project's CI and sessions)")
    return SHARED_DATA


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real Celery worker on the Redis broker, reading the same (PostgreSQL) test database as the test.

    Runs only where CELERY_BROKER_URL is set and the tests run on PostgreSQL (as in .ci/run); each test gets its
    own queue so parallel tests never take each other's tasks. Yields (queue, process, log path).
    """
    import os
    import subprocess
    import sys
    import uuid
    from types import SimpleNamespace

    from django.conf import settings
    from django.db import connection

    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("needs CELERY_BROKER_URL (a Redis broker) for a real worker")
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot share an in-memory SQLite test database: run on PostgreSQL")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    queue = f"test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"

    def start():
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wipoconnect",
                "worker",
                "-Q",
                queue,
                "--concurrency",
                "1",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=REPO,
            env={**os.environ, "DATABASE_URL": url},
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
        )

    worker = SimpleNamespace(queue=queue, process=start(), log=log, start=start)
    yield worker
    worker.process.terminate()
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
