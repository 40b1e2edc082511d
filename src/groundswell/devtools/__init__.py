"""Tools for tests and benchmarks: generated inputs of any size from real fixtures."""
