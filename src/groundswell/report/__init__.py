"""The publishable report (HTML, JSON, PNG) and the measure loading it shares with the dashboard."""

from groundswell.report._measure import load_measure, movement_events
from groundswell.report._release import release
from groundswell.report._view import Filters, open_view
from groundswell.report._write import ReportFiles, write_report

__all__ = [
    "Filters",
    "ReportFiles",
    "load_measure",
    "movement_events",
    "open_view",
    "release",
    "write_report",
]
