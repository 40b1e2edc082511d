"""Estimating a movement's real magnitude beyond those who posted, with intervals and assumptions."""

from groundswell.estimate.coverage import Coverage, measure_coverage
from groundswell.estimate.links import IdentityLinks, read_identity_links
from groundswell.estimate.lists import LIST_KINDS, CaptureTable, capture_table
from groundswell.estimate.magnitude import MagnitudeResult, estimate_magnitude
from groundswell.estimate.observed import Observed, observe
from groundswell.estimate.recapture import CaptureResult, estimate_captures

__all__ = [
    "LIST_KINDS",
    "CaptureResult",
    "CaptureTable",
    "Coverage",
    "IdentityLinks",
    "MagnitudeResult",
    "Observed",
    "capture_table",
    "estimate_captures",
    "estimate_magnitude",
    "measure_coverage",
    "observe",
    "read_identity_links",
]
