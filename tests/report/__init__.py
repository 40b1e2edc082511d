"""Tests of the publishable report."""
