"""Pausing Python's cycle collector while big, long-lived structures are built.

Building a repertoire index or reading a million-line report allocates millions of tuples and lists that all stay
alive; each full collection walks all of them again, for nothing: nearly half the time of building an index.
Reference counting still frees everything that is dropped; only reference cycles wait until the pause ends.
Forked workers inherit the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
