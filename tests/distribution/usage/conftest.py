import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Imports keep the original file under MEDIA_ROOT: give every test its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
