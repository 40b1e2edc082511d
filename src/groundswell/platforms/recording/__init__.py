"""Recorded HTTP exchanges (Betamax/VCR cassettes): recognised so they are reported, not failed."""

from groundswell.platforms.recording.parse import FORMAT

__all__ = ["FORMAT"]
