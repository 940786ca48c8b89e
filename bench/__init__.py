"""Benchmark and scale-test helpers (synthetic registers: ``bench.generate``)."""
