"""Which verified samples a RAFT cycle trains on.

    kept = select_samples(samples, strategy="per_task_top_k", keep_per_task=4, keep_top_percent=0.5,
                          reward_floor=0.5, fallback="none", seed=(42, 1), dedup="normalized")

Strategies (every one keeps only samples with ``reward >= reward_floor``, the floor of the cycle from
:func:`halo_forge.rlvr.schedules.cycle_reward_floor`):

* ``per_task_top_k`` (default): per task, up to ``keep_per_task`` *successful* samples (the verifier's
  whole check passed), best reward first.
* ``threshold``: every sample at or above the floor.
* ``global_top_percent``: the best ``keep_top_percent`` of all samples of the cycle, by reward.

Duplicates are kept once: with ``dedup="normalized"`` two samples of a task are the same when their
extracted programs are token for token the same once comments and whitespace are dropped
(:func:`program_key`), with ``dedup="exact"`` only when the completion texts are identical. Ties in
reward are broken by a seeded random order, never by position: a stable sort over tied rewards would
keep only the earliest tasks' samples. When no sample of a task is kept, ``fallback: best_compiling`` keeps that
task's highest-reward samples that at least compiled (up to ``keep_per_task``): the compile-rate signal
when nothing passes yet. :func:`composition` summarises what was kept (passed vs compile-only, per
category) for the cycle's statistics and the log.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from typing import Any, Iterable, Sequence

from halo_forge.rlvr.sample import Sample


def _tie_order(samples: Sequence[Sample], seed: Any) -> dict[tuple[int, int], float]:
    """A seeded random rank per sample, used only to order samples of equal reward."""
    rng = random.Random(repr(seed))
    return {s.key: rng.random() for s in sorted(samples, key=lambda s: s.key)}


def _ranked(samples: Iterable[Sample], ties: dict[tuple[int, int], float]) -> list[Sample]:
    return sorted(samples, key=lambda s: (-s.reward, ties[s.key]))


# One token of C-family or Python source: a string or character literal, a comment, a word, a symbol.
_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z)|#[^\n]*)'
                    r'|\w+|[^\w\s]', re.DOTALL)


def program_key(completion: str, language: str | None) -> str:
    """The program of a completion without comments and whitespace: two samples with the same key are the
    same program. ``#`` lines are comments in Python only (they are directives in C).

    >>> program_key("```c\\nint f(void) { return 1; } // one\\n```", "c") == program_key(
    ...     "Here:\\n```c\\n/* f */ int f(void)\\n{\\n    return 1;\\n}\\n```", "c")
    True
    """
    from halo_forge.rlvr.verifiers.extract import extract_code

    code = extract_code(completion, language)
    code = completion if code is None else code
    tokens = []
    for match in _TOKEN.finditer(code):
        comment = match.group("comment")
        if comment is None:
            tokens.append(match.group())
        elif comment.startswith("#") and language not in ("python", "py"):
            tokens.extend(re.findall(r"\w+|[^\w\s]", comment))      # a C directive: keep it
    return "\x1f".join(tokens)


def _unique(samples: Iterable[Sample], dedup: str) -> list[Sample]:
    """Drop duplicates of a task (see the module docstring), keeping the first in the given order."""
    seen: set[tuple[int, str]] = set()
    out = []
    for sample in samples:
        key = (sample.task_index, sample.completion if dedup == "exact"
               else program_key(sample.completion, sample.language))
        if key not in seen:
            seen.add(key)
            out.append(sample)
    return out


def _by_task(samples: Iterable[Sample]) -> dict[int, list[Sample]]:
    groups: dict[int, list[Sample]] = {}
    for sample in samples:
        groups.setdefault(sample.task_index, []).append(sample)
    return groups


def select_samples(samples: Sequence[Sample], *, strategy: str, keep_per_task: int,
                   keep_top_percent: float, reward_floor: float, fallback: str,
                   seed: Any, dedup: str) -> list[Sample]:
    """The kept samples, ordered by (task_index, sample_index); see the module docstring."""
    ties = _tie_order(samples, seed)
    eligible = [s for s in samples if s.reward >= reward_floor]
    if strategy == "per_task_top_k":
        kept = [s for group in _by_task(s for s in eligible if s.success).values()
                for s in _unique(_ranked(group, ties), dedup)[:keep_per_task]]
    elif strategy == "threshold":
        kept = _unique(_ranked(eligible, ties), dedup)
    elif strategy == "global_top_percent":
        quota = math.ceil(keep_top_percent * len(samples))
        kept = _unique(_ranked(eligible, ties), dedup)[:quota]
    else:
        raise ValueError(f"raft.selection: unknown strategy {strategy!r}")
    if fallback == "best_compiling":
        covered = {s.task_index for s in kept}
        for task_index, group in _by_task(samples).items():
            if task_index not in covered:
                compiled = (s for s in group if s.compiled and s.reward > 0)
                kept += _unique(_ranked(compiled, ties), dedup)[:keep_per_task]
    elif fallback != "none":
        raise ValueError(f"raft.fallback: unknown fallback {fallback!r}")
    return sorted(kept, key=lambda s: s.key)


def composition(kept: Sequence[Sample]) -> dict[str, Any]:
    """What the kept set is made of: how many passed their tests, how many only compiled (or ran without
    tests), per status and per category.

    >>> composition([])["kept"]
    0
    """
    def split(group: Sequence[Sample]) -> dict[str, int]:
        passed = sum(s.passed for s in group)
        return {"kept": len(group), "passed": passed, "not_passed": len(group) - passed}

    categories: dict[str, list[Sample]] = {}
    for sample in kept:
        categories.setdefault(sample.category or "(none)", []).append(sample)
    return {**split(kept),
            "tasks": len({s.task_index for s in kept}),
            "statuses": dict(sorted(Counter(s.status for s in kept).items())),
            "by_category": {name: split(group) for name, group in sorted(categories.items())}}
