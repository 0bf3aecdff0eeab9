"""Held-out evaluation: the pass@k estimator and the benchmark runner."""

from halo_forge.benchmark.pass_at_k import bootstrap_interval, estimate_pass_at_k, pass_at_k

__all__ = ["bootstrap_interval", "estimate_pass_at_k", "pass_at_k"]
