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
keeps at most that many. ``rotate`` walks windows of ``max_prompts`` tasks of a seeded shuffle.

``frontier`` (:func:`frontier_plan`) spends the samples where they teach. Every task's record over the
earlier cycles of the run (attempts, successes, best reward; read from the cycles' ``verified.jsonl``, so it
survives a resume) puts it in one of five groups: *frontier* (some samples passed and some failed, or none
passed but one earned partial test credit), *unseen* (never sampled), *unsure* (no success yet, fewer than
``frontier_hopeless_after`` attempts), *solved* (every one of at least ``frontier_min_attempts`` samples
passed) and *hopeless* (no success and no partial credit in ``frontier_hopeless_after`` attempts). Solved
and hopeless tasks come back only with probability ``frontier_revisit_rate`` per cycle. The cycle takes
frontier tasks first (most uncertain first), then unseen, then unsure, then the revisits, until its sample
budget (``max_prompts x samples_per_prompt``; every task when ``max_prompts`` is None) is spent. A task gets
``samples_per_prompt`` samples, and a frontier task up to ``max_samples_per_prompt``: more where the
estimate of its pass rate is least certain (``p (1 - p)`` with ``p = (passes + 1) / (attempts + 2)``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
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


# ------------------------------------------------------------------------------------ frontier curriculum

# Above this reward a failing sample passed some of its tests (partial credit, halo_forge.rlvr.rewards).
PARTIAL_CREDIT = 0.7
FRONTIER_GROUPS = ("frontier", "unseen", "unsure", "solved", "hopeless")


@dataclass(frozen=True)
class TaskRecord:
    """What the earlier cycles of a run saw of one task."""

    attempts: int = 0
    successes: int = 0
    best_reward: float = 0.0

    @property
    def pass_rate(self) -> float:
        """The posterior mean of the pass rate under a uniform prior: (s + 1) / (n + 2)."""
        return (self.successes + 1) / (self.attempts + 2)


def frontier_group(cfg: RAFTConfig, record: TaskRecord) -> str:
    """Which of :data:`FRONTIER_GROUPS` a task is in (see the module docstring)."""
    a, s = record.attempts, record.successes
    if a == 0:
        return "unseen"
    if 0 < s < a or (s == 0 and record.best_reward > PARTIAL_CREDIT):
        return "frontier"
    if s == a:
        return "solved" if a >= cfg.frontier_min_attempts else "frontier"
    return "hopeless" if a >= cfg.frontier_hopeless_after else "unsure"


def frontier_samples(cfg: RAFTConfig, record: TaskRecord) -> int:
    """Samples for a frontier task: from samples_per_prompt (a sure estimate) up to max_samples_per_prompt
    (pass rate 1/2, the least sure).

    >>> cfg = RAFTConfig(samples_per_prompt=4, max_samples_per_prompt=12)
    >>> frontier_samples(cfg, TaskRecord(4, 1, 1.0)), frontier_samples(cfg, TaskRecord(4, 2, 1.0))
    (11, 12)
    """
    low, high = cfg.samples_per_prompt, max(cfg.samples_per_prompt, cfg.max_samples_per_prompt)
    p = record.pass_rate
    return low + round((high - low) * 4 * p * (1 - p))


def frontier_plan(cfg: RAFTConfig, tasks: Sequence[Any], records: Mapping[str, TaskRecord],
                  cycle: int) -> list[tuple[int, int, str]]:
    """``(task index, samples, group)`` of the tasks a ``frontier`` cycle samples, in file order.

    ``records`` maps task_id -> :class:`TaskRecord` over the cycles before ``cycle`` (missing: unseen).
    Pure and seeded: a resumed run plans the same cycle identically.
    """
    rng = random.Random(f"{cfg.seed}/frontier/{cycle}")
    groups: dict[str, list[int]] = {name: [] for name in FRONTIER_GROUPS}
    for index, task in enumerate(tasks):
        groups[frontier_group(cfg, records.get(task.task_id, TaskRecord()))].append(index)
    record = {i: records.get(tasks[i].task_id, TaskRecord()) for i in range(len(tasks))}
    uncertainty = {i: record[i].pass_rate * (1 - record[i].pass_rate) for i in range(len(tasks))}
    order = sorted(groups["frontier"], key=lambda i: (-uncertainty[i], i))
    order += rng.sample(groups["unseen"], len(groups["unseen"]))
    order += sorted(groups["unsure"], key=lambda i: (-record[i].best_reward, record[i].attempts, i))
    order += [i for i in groups["solved"] + groups["hopeless"] if rng.random() < cfg.frontier_revisit_rate]
    group_of = {i: name for name, members in groups.items() for i in members}
    limit = cfg.max_prompts if cfg.max_prompts is not None else len(tasks)
    budget = limit * cfg.samples_per_prompt
    plan = []
    for index in order:
        if budget <= 0 or len(plan) >= limit:
            break
        wanted = (frontier_samples(cfg, record[index]) if group_of[index] == "frontier"
                  else cfg.samples_per_prompt)
        samples = min(wanted, budget)
        plan.append((index, samples, group_of[index]))
        budget -= samples
    return sorted(plan)


def cycle_plan(cfg: RAFTConfig, tasks: Sequence[Any], cycle: int, num_cycles: int,
               history: Sequence[Mapping[str, Any]] = (),
               records: Mapping[str, TaskRecord] | None = None) -> list[tuple[int, int, str]]:
    """``(task index, samples, group)`` per task the cycle samples: the frontier plan, or the other
    curricula's tasks with ``samples_per_prompt`` each (group ``""``)."""
    if cfg.curriculum == "frontier":
        return frontier_plan(cfg, tasks, records or {}, cycle)
    return [(i, cfg.samples_per_prompt, "") for i in cycle_tasks(cfg, tasks, cycle, num_cycles, history)]
