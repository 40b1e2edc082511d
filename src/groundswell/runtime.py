"""Process-wide settings for bulk work: pausing Python's cyclic garbage collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for bulk work that makes millions of containers and no
    reference cycles (parsing, simulating): every full collection would walk all of them, which
    cost a fifth to a third of the time. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
