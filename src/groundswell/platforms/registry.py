"""The importers groundswell knows, in the order content sniffing tries them."""

from __future__ import annotations

import importlib

from groundswell.errors import InputError
from groundswell.platforms.base import Format

# Module path of each format; loaded on first use so one broken importer cannot stop the others.
_FORMAT_MODULES: dict[str, str] = {
    "twitter-v2": "groundswell.platforms.twitter_v2",
    "twitter-v1": "groundswell.platforms.twitter_v1",
    "mastodon": "groundswell.platforms.mastodon",
    "bluesky": "groundswell.platforms.bluesky",
    "reddit": "groundswell.platforms.reddit",
    "instagram": "groundswell.platforms.instagram",
    "recording": "groundswell.platforms.recording",
    "deletions": "groundswell.platforms.deletions",
    "table": "groundswell.platforms.table",
}
TABLE_FORMAT = "table"


def format_names() -> list[str]:
    """Names accepted by ``--format``, in sniffing order."""
    return list(_FORMAT_MODULES)


def get_format(name: str) -> Format:
    """Return the importer called ``name``."""
    try:
        module = _FORMAT_MODULES[name]
    except KeyError:
        raise InputError(
            f"unknown format {name!r}; choose one of: {', '.join(_FORMAT_MODULES)}"
        ) from None
    fmt: Format = importlib.import_module(module).FORMAT
    return fmt


def sniffing_formats() -> list[Format]:
    """Importers tried on JSON content, in order (tables are chosen by extension or column map)."""
    return [get_format(name) for name in _FORMAT_MODULES if name != TABLE_FORMAT]
