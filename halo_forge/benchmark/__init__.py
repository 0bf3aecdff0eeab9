"""Held-out evaluation: the pass@k estimator and the benchmark runner.

>>> from halo_forge.benchmark import estimate_pass_at_k
>>> estimate_pass_at_k(4, [0, 1, 4], 2).tolist()
[0.0, 0.5, 1.0]

``evaluate(engine, verifier, tasks, n=..., sampling=..., ks=...)`` scores a model without writing files
(RAFT calls it after each cycle); ``run_benchmark(cfg)`` is ``halo-forge benchmark run``.
"""

from halo_forge.benchmark.pass_at_k import bootstrap_interval, estimate_pass_at_k, pass_at_k
from halo_forge.benchmark.runner import (BenchmarkResult, aggregate, evaluate, is_compile_only, run_benchmark,
                                         write_results)
from halo_forge.rlvr.sample import Sample

__all__ = ["BenchmarkResult", "Sample", "aggregate", "bootstrap_interval", "estimate_pass_at_k",
           "evaluate", "is_compile_only", "pass_at_k", "run_benchmark", "write_results"]
