"""Recognising Betamax and VCR cassettes: JSON objects with ``http_interactions``."""

from __future__ import annotations

from groundswell.platforms.base import Document


def sniff(documents: list[Document]) -> bool:
    """Return True when the first document is a recorded HTTP exchange."""
    return (
        bool(documents)
        and isinstance(documents[0].value, dict)
        and ("http_interactions" in documents[0].value or "interactions" in documents[0].value)
    )
