"""Uploaded files kept under MEDIA_ROOT, so that a worker on the same volume can read them."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings


def store_upload(upload, *area: str) -> Path:
    """Write `upload` (a Django UploadedFile) to MEDIA_ROOT/<area...>/<random>/<its name>; returns the path."""
    folder = Path(settings.MEDIA_ROOT).joinpath(*area, uuid.uuid4().hex)
    folder.mkdir(parents=True)
    path = folder / Path(upload.name).name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path
