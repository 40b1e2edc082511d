"""Tests of the dashboard server."""
