"""groundswell: measure social-media movements in people, not post counts, safely.

The public library API: the post model, hashtag extraction as each platform defines it, movement
definitions, the store and its ingest, and the measures. Heavier layers (measures, report,
estimate) are imported on first use.
"""

from __future__ import annotations

from typing import Any

from groundswell.errors import GroundswellError
from groundswell.model import Post, PostKind
from groundswell.movements import load_movement
from groundswell.text.hashtags import Hashtag, extract_hashtags, is_valid_hashtag

__version__ = "0.1.0"

__all__ = [
    "GroundswellError",
    "Hashtag",
    "Post",
    "PostKind",
    "Store",
    "__version__",
    "extract_hashtags",
    "ingest",
    "is_valid_hashtag",
    "load_movement",
    "measure_movement",
]

_LAZY = {
    "Store": ("groundswell.store", "Store"),
    "ingest": ("groundswell.store", "ingest"),
    "measure_movement": ("groundswell.measures", "measure_movement"),
}


def __getattr__(name: str) -> Any:
    """Import the store and measures only when they are first used."""
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'groundswell' has no attribute {name!r}")
