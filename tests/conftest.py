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
