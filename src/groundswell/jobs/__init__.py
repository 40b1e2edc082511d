"""Whole jobs built from the layers below: measuring a stored movement, and the demo."""

from groundswell.jobs.measure_job import measure_stored_movement, parse_when

__all__ = ["measure_stored_movement", "parse_when"]
