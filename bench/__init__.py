"""Hand-run benchmarks (not part of the pytest suite); see docs/benchmarks.md."""
