"""Which verified samples a RAFT cycle trains on.

    kept = select_samples(samples, strategy="per_task_top_k", keep_per_task=4, keep_top_percent=0.5,
                          reward_floor=0.5, fallback="none", seed=(42, 1))

Strategies (every one keeps only samples with ``reward >= reward_floor``, the floor of the cycle from
:func:`halo_forge.rlvr.schedules.cycle_reward_floor`):

* ``per_task_top_k`` (default): per task, up to ``keep_per_task`` *successful* samples (the verifier's
  whole check passed), best reward first.
* ``threshold``: every sample at or above the floor.
* ``global_top_percent``: the best ``keep_top_percent`` of all samples of the cycle, by reward.

Exact duplicates (the same completion text for the same task) are kept once. Ties in reward are broken
by a seeded random order, never by position: upstream's stable sort over tied shaped rewards kept only
the earliest tasks' samples. When no sample of a task is kept, ``fallback: best_compiling`` keeps that
task's highest-reward samples that at least compiled (up to ``keep_per_task``): the compile-rate signal
when nothing passes yet. :func:`composition` summarises what was kept (passed vs compile-only, per
category) for the cycle's statistics and the log.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from halo_forge.rlvr.rewards import PASSING_STATUSES, Status

# Statuses whose code never became a binary (or a parsed module); a verifier error proved nothing.
NOT_COMPILED = frozenset({Status.EXTRACTION_ERROR.value, Status.COMPILE_ERROR.value,
                          Status.SYNTAX_ERROR.value, Status.TAMPERING.value, Status.VERIFIER_ERROR.value})


@dataclass
class VerifiedSample:
    """One training sample of a cycle and its verification (a line of ``kept.jsonl``)."""

    task_index: int
    task_id: str
    sample_index: int
    prompt: str
    completion: str
    status: str
    success: bool
    reward: float
    category: str | None = None
    num_tokens: int = 0
    finish_reason: str | None = None
    details: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def compiled(self) -> bool:
        return self.status not in NOT_COMPILED

    @property
    def passed(self) -> bool:
        return self.status in PASSING_STATUSES

    @property
    def key(self) -> tuple[int, int]:
        return self.task_index, self.sample_index


def _tie_order(samples: Sequence[VerifiedSample], seed: Any) -> dict[tuple[int, int], float]:
    """A seeded random rank per sample, used only to order samples of equal reward."""
    rng = random.Random(repr(seed))
    return {s.key: rng.random() for s in sorted(samples, key=lambda s: s.key)}


def _ranked(samples: Iterable[VerifiedSample], ties: dict[tuple[int, int], float]) -> list[VerifiedSample]:
    return sorted(samples, key=lambda s: (-s.reward, ties[s.key]))


def _unique(samples: Iterable[VerifiedSample]) -> list[VerifiedSample]:
    """Drop exact duplicates (same task, same completion text), keeping the first in the given order."""
    seen: set[tuple[int, str]] = set()
    out = []
    for sample in samples:
        if (sample.task_index, sample.completion) not in seen:
            seen.add((sample.task_index, sample.completion))
            out.append(sample)
    return out


def _by_task(samples: Iterable[VerifiedSample]) -> dict[int, list[VerifiedSample]]:
    groups: dict[int, list[VerifiedSample]] = {}
    for sample in samples:
        groups.setdefault(sample.task_index, []).append(sample)
    return groups


def select_samples(samples: Sequence[VerifiedSample], *, strategy: str, keep_per_task: int,
                   keep_top_percent: float, reward_floor: float, fallback: str,
                   seed: Any) -> list[VerifiedSample]:
    """The kept samples, ordered by (task_index, sample_index); see the module docstring."""
    ties = _tie_order(samples, seed)
    eligible = [s for s in samples if s.reward >= reward_floor]
    if strategy == "per_task_top_k":
        kept = [s for group in _by_task(s for s in eligible if s.success).values()
                for s in _unique(_ranked(group, ties))[:keep_per_task]]
    elif strategy == "threshold":
        kept = _unique(_ranked(eligible, ties))
    elif strategy == "global_top_percent":
        quota = math.ceil(keep_top_percent * len(samples))
        kept = _unique(_ranked(eligible, ties))[:quota]
    else:
        raise ValueError(f"raft.selection: unknown strategy {strategy!r}")
    if fallback == "best_compiling":
        covered = {s.task_index for s in kept}
        for task_index, group in _by_task(samples).items():
            if task_index not in covered:
                kept += _unique(_ranked((s for s in group if s.compiled and s.reward > 0), ties))[:keep_per_task]
    elif fallback != "none":
        raise ValueError(f"raft.fallback: unknown fallback {fallback!r}")
    return sorted(kept, key=lambda s: s.key)


def composition(kept: Sequence[VerifiedSample]) -> dict[str, Any]:
    """What the kept set is made of: how many passed their tests, how many only compiled (or ran without
    tests), per status and per category.

    >>> composition([])["kept"]
    0
    """
    def split(group: Sequence[VerifiedSample]) -> dict[str, int]:
        passed = sum(s.passed for s in group)
        return {"kept": len(group), "passed": passed, "not_passed": len(group) - passed}

    categories: dict[str, list[VerifiedSample]] = {}
    for sample in kept:
        categories.setdefault(sample.category or "(none)", []).append(sample)
    return {**split(kept),
            "tasks": len({s.task_index for s in kept}),
            "statuses": dict(sorted(Counter(s.status for s in kept).items())),
            "by_category": {name: split(group) for name, group in sorted(categories.items())}}
