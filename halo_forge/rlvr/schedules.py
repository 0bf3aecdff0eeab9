"""Per-cycle values of a RAFT run: learning rate, temperature, reward floor and the cycle's tasks.

Every function here is pure: it takes the ``raft`` config section, the cycle number (1-based) and, where a
strategy adapts, the statistics of earlier cycles, and returns a value. Nothing is written back into the
config, so a resumed run computes exactly what the first run computed.

    >>> cfg = RAFTConfig(learning_rate=1e-4, lr_decay=0.5, min_lr=3e-5)
    >>> [cycle_learning_rate(cfg, c) for c in (1, 2, 3)]
    [0.0001, 5e-05, 3e-05]

Reward shaping decides the *reward floor* of a cycle: the least reward a sample needs to be kept (see
:mod:`halo_forge.rlvr.select`). ``fixed`` uses ``reward_threshold`` every cycle; ``warmup`` starts at
``shaping_start_threshold`` for ``shaping_warmup_cycles`` cycles (e.g. code that compiles with warnings
counts early on), then ``reward_threshold``; ``annealing`` moves linearly from the start to
``reward_threshold`` over the run; ``adaptive`` uses the start floor while the previous cycle's share of
successful training samples is below ``shaping_adaptive_rate`` (too little signal to be strict), else
``reward_threshold``.

A curriculum picks the cycle's training tasks (indices into the task list): ``none`` all of them;
``complexity`` easy tasks in the first third of the cycles, easy + medium in the second, all in the last
(difficulty from ``task.difficulty``; tasks without one are ranked by prompt length); ``progressive`` a
pool that grows linearly, easiest first, from 1/num_cycles of the tasks to all of them; ``adaptive`` all
tasks except those every sample of which succeeded in the previous cycle (mastered). ``max_prompts`` then
keeps at most that many.
"""

from __future__ import annotations

import math
import random
from typing import Any, Mapping, Sequence

from halo_forge.config import RAFTConfig

DIFFICULTY_RANK = {"easy": 0, "medium": 1, "hard": 2}


# ---------------------------------------------------------------------------------------- optimisation

def cycle_learning_rate(cfg: RAFTConfig, cycle: int) -> float:
    """``learning_rate * lr_decay^(cycle-1)``, never below ``min_lr`` (so a long run keeps learning)."""
    return max(cfg.learning_rate * cfg.lr_decay ** (cycle - 1), cfg.min_lr)


def cycle_temperature(cfg: RAFTConfig, cycle: int) -> float:
    """Sampling temperature of a cycle: ``temperature * temperature_decay^(cycle-1)``, floored at
    ``min_temperature`` (a temperature of 0 would make every sample of a task the same).

    >>> cycle_temperature(RAFTConfig(temperature=1.0, temperature_decay=0.5, min_temperature=0.3), 3)
    0.3
    """
    if cfg.temperature == 0:
        return 0.0
    return max(cfg.temperature * cfg.temperature_decay ** (cycle - 1), cfg.min_temperature)


# ------------------------------------------------------------------------------------------- shaping

def cycle_reward_floor(cfg: RAFTConfig, cycle: int, num_cycles: int,
                       history: Sequence[Mapping[str, Any]] = ()) -> float:
    """The least reward a sample of this cycle needs to be kept (see the module docstring).

    ``history`` holds the statistics of the finished cycles (``train_success_rate`` is read).

    >>> cfg = RAFTConfig(reward_shaping="annealing", shaping_start_threshold=0.3, reward_threshold=0.7)
    >>> [round(cycle_reward_floor(cfg, c, 3), 2) for c in (1, 2, 3)]
    [0.3, 0.5, 0.7]
    """
    start, target = cfg.shaping_start_threshold, cfg.reward_threshold
    if cfg.reward_shaping == "warmup":
        return start if cycle <= cfg.shaping_warmup_cycles else target
    if cfg.reward_shaping == "annealing":
        if num_cycles <= 1:
            return target
        return start + (target - start) * (cycle - 1) / (num_cycles - 1)
    if cfg.reward_shaping == "adaptive":
        if not history:
            return start
        return start if history[-1].get("train_success_rate", 0.0) < cfg.shaping_adaptive_rate else target
    return target


# ---------------------------------------------------------------------------------------- curriculum

def task_complexity(task: Any) -> tuple[int, int]:
    """Sort key, easiest first: the difficulty label, then the prompt length."""
    return DIFFICULTY_RANK.get(str(task.difficulty).lower(), 1), len(task.prompt)


def _difficulty_level(task: Any, lengths: Sequence[int]) -> int:
    """0 easy, 1 medium, 2 hard: the label, else the tercile of the prompt length."""
    label = str(task.difficulty).lower() if task.difficulty is not None else None
    if label in DIFFICULTY_RANK:
        return DIFFICULTY_RANK[label]
    below = sum(length < len(task.prompt) for length in lengths)
    return min(2, 3 * below // max(1, len(lengths)))


def cycle_tasks(cfg: RAFTConfig, tasks: Sequence[Any], cycle: int, num_cycles: int,
                history: Sequence[Mapping[str, Any]] = ()) -> list[int]:
    """Indices (in file order) of the tasks trained on in ``cycle``.

    ``history`` rows carry ``task_success`` (task_id -> share of successful samples) for ``adaptive``.
    """
    everything = list(range(len(tasks)))
    if cfg.curriculum == "complexity":
        lengths = [len(t.prompt) for t in tasks]
        allowed = min(2, 3 * (cycle - 1) // max(1, num_cycles))
        chosen = [i for i in everything if _difficulty_level(tasks[i], lengths) <= allowed]
        chosen = chosen or everything
    elif cfg.curriculum == "progressive":
        size = max(1, math.ceil(len(tasks) * min(cycle, num_cycles) / num_cycles))
        chosen = sorted(sorted(everything, key=lambda i: (task_complexity(tasks[i]), i))[:size])
    elif cfg.curriculum == "rotate" and cfg.max_prompts is not None:
        # A seeded shuffle cut into windows of max_prompts: cycle c takes the c-th window (wrapping), so
        # successive cycles see different tasks and a few cycles see them all.
        order = random.Random(cfg.seed).sample(everything, len(everything))
        start = (cycle - 1) * cfg.max_prompts
        return sorted(order[(start + k) % len(order)] for k in range(min(cfg.max_prompts, len(order))))
    elif cfg.curriculum == "adaptive" and history:
        success = history[-1].get("task_success", {})
        chosen = [i for i in everything if success.get(tasks[i].task_id, 0.0) < 1.0] or everything
    else:
        chosen = everything
    return chosen[:cfg.max_prompts] if cfg.max_prompts is not None else chosen
