"""The seeded movement simulator: native files for every platform, with the truth to check against."""

from groundswell.simulate._simulate import SimulationSummary, simulate

__all__ = ["SimulationSummary", "simulate"]
