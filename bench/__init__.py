"""Benchmarks: `make bench` (or `python -m bench`). They print figures; they never fail a build."""
