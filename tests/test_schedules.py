"""Per-cycle values: learning rate, temperature, reward floor (shaping) and curriculum; the config is never
changed by computing them."""

import copy

import pytest

from halo_forge.config import RAFTConfig
from halo_forge.rlvr.schedules import (cycle_learning_rate, cycle_reward_floor, cycle_tasks,
                                       cycle_temperature)
from halo_forge.tasks import Task


def tasks():
    # file order deliberately not by difficulty
    spec = [("hard", 30), ("easy", 10), ("medium", 20), ("easy", 12), ("hard", 40), ("medium", 25)]
    return [Task(task_id=f"t{i}", prompt="x" * length, difficulty=d) for i, (d, length) in enumerate(spec)]


@pytest.mark.parametrize("lr, decay, floor, expected", [
    (1e-4, 0.5, 1e-6, [1e-4, 5e-5, 2.5e-5, 1.25e-5]),
    (1e-4, 0.5, 3e-5, [1e-4, 5e-5, 3e-5, 3e-5]),        # floored, never below min_lr
    (2e-5, 1.0, 1e-6, [2e-5] * 4),                       # decay 1: constant
])
def test_learning_rate_decays_per_cycle_and_is_floored(lr, decay, floor, expected):
    cfg = RAFTConfig(learning_rate=lr, lr_decay=decay, min_lr=floor)
    assert [cycle_learning_rate(cfg, c) for c in (1, 2, 3, 4)] == pytest.approx(expected)


def test_temperature_schedule_decays_to_its_floor_and_zero_stays_greedy():
    cfg = RAFTConfig(temperature=1.0, temperature_decay=0.8, min_temperature=0.7)
    assert [cycle_temperature(cfg, c) for c in (1, 2, 3)] == pytest.approx([1.0, 0.8, 0.7])
    assert cycle_temperature(RAFTConfig(temperature=0.0), 3) == 0.0


def test_reward_shaping_strategies():
    base = dict(shaping_start_threshold=0.3, reward_threshold=0.7)
    fixed = RAFTConfig(reward_shaping="fixed", **base)
    assert [cycle_reward_floor(fixed, c, 3) for c in (1, 2, 3)] == [0.7, 0.7, 0.7]
    warm = RAFTConfig(reward_shaping="warmup", shaping_warmup_cycles=2, **base)
    assert [cycle_reward_floor(warm, c, 4) for c in (1, 2, 3, 4)] == [0.3, 0.3, 0.7, 0.7]
    anneal = RAFTConfig(reward_shaping="annealing", **base)
    assert [cycle_reward_floor(anneal, c, 5) for c in range(1, 6)] == pytest.approx([0.3, 0.4, 0.5, 0.6, 0.7])
    assert cycle_reward_floor(anneal, 1, 1) == 0.7
    adaptive = RAFTConfig(reward_shaping="adaptive", shaping_adaptive_rate=0.25, **base)
    assert cycle_reward_floor(adaptive, 1, 3, []) == 0.3
    assert cycle_reward_floor(adaptive, 2, 3, [{"train_success_rate": 0.1}]) == 0.3
    assert cycle_reward_floor(adaptive, 2, 3, [{"train_success_rate": 0.5}]) == 0.7


def test_curriculum_none_and_max_prompts():
    assert cycle_tasks(RAFTConfig(), tasks(), 1, 3) == [0, 1, 2, 3, 4, 5]
    assert cycle_tasks(RAFTConfig(max_prompts=2), tasks(), 1, 3) == [0, 1]


def test_complexity_curriculum_adds_harder_levels_by_thirds():
    cfg = RAFTConfig(curriculum="complexity")
    assert cycle_tasks(cfg, tasks(), 1, 3) == [1, 3]                 # easy
    assert cycle_tasks(cfg, tasks(), 2, 3) == [1, 2, 3, 5]           # + medium
    assert cycle_tasks(cfg, tasks(), 3, 3) == [0, 1, 2, 3, 4, 5]     # + hard


def test_complexity_without_labels_uses_prompt_length():
    unlabelled = [Task(task_id=f"t{i}", prompt="x" * n) for i, n in enumerate([50, 5, 30, 10, 60, 20])]
    first = cycle_tasks(RAFTConfig(curriculum="complexity"), unlabelled, 1, 3)
    assert first == [1, 3]                                           # the shortest third


def test_progressive_curriculum_grows_easiest_first():
    cfg = RAFTConfig(curriculum="progressive")
    assert cycle_tasks(cfg, tasks(), 1, 3) == [1, 3]
    assert cycle_tasks(cfg, tasks(), 2, 3) == [1, 2, 3, 5]
    assert cycle_tasks(cfg, tasks(), 3, 3) == [0, 1, 2, 3, 4, 5]


def test_adaptive_curriculum_drops_mastered_tasks():
    cfg = RAFTConfig(curriculum="adaptive")
    assert cycle_tasks(cfg, tasks(), 1, 3, []) == [0, 1, 2, 3, 4, 5]
    history = [{"task_success": {"t0": 1.0, "t1": 0.5, "t3": 1.0}}]
    assert cycle_tasks(cfg, tasks(), 2, 3, history) == [1, 2, 4, 5]
    everything_mastered = [{"task_success": {f"t{i}": 1.0 for i in range(6)}}]
    assert cycle_tasks(cfg, tasks(), 2, 3, everything_mastered) == [0, 1, 2, 3, 4, 5]


def test_rotate_curriculum_walks_a_seeded_shuffle_in_windows():
    cfg = RAFTConfig(curriculum="rotate", max_prompts=4, seed=3)
    first, second = cycle_tasks(cfg, tasks(), 1, 3), cycle_tasks(cfg, tasks(), 2, 3)
    assert len(first) == len(second) == 4 and first == sorted(first)
    assert set(first) | set(second) == set(range(6))         # two windows of 4 cover all 6 tasks
    assert len(set(first) & set(second)) == 2                  # the second window wraps around
    assert cycle_tasks(cfg, tasks(), 1, 3) == first            # seeded: the same windows on a resume
    assert cycle_tasks(RAFTConfig(curriculum="rotate"), tasks(), 2, 3) == list(range(6))  # no max: all


def test_schedules_never_mutate_the_config():
    cfg = RAFTConfig(reward_shaping="annealing", curriculum="progressive", lr_decay=0.5, temperature_decay=0.9)
    before = copy.deepcopy(cfg)
    for cycle in (1, 2, 3):
        cycle_learning_rate(cfg, cycle), cycle_temperature(cfg, cycle)
        cycle_reward_floor(cfg, cycle, 3, [{"train_success_rate": 0.0}])
        cycle_tasks(cfg, tasks(), cycle, 3, [{"task_success": {}}])
    assert cfg == before


# ------------------------------------------------------------------------------------ frontier curriculum

from halo_forge.rlvr.schedules import TaskRecord, cycle_plan, frontier_group, frontier_plan  # noqa: E402

FRONTIER = dict(curriculum="frontier", samples_per_prompt=4, max_samples_per_prompt=12, frontier_min_attempts=4,
                frontier_hopeless_after=8, frontier_revisit_rate=0.0, seed=5)


@pytest.mark.parametrize("record, group", [
    (TaskRecord(), "unseen"),
    (TaskRecord(4, 1, 1.0), "frontier"),            # some passed, some failed
    (TaskRecord(4, 0, 0.925), "frontier"),          # none passed, but partial test credit
    (TaskRecord(4, 0, 0.7), "unsure"),              # ran, wrong answer on every test: not yet hopeless
    (TaskRecord(8, 0, 0.7), "hopeless"),
    (TaskRecord(4, 4, 1.0), "solved"),
    (TaskRecord(2, 2, 1.0), "frontier"),            # all passed, but too few attempts to call it solved
])
def test_frontier_groups(record, group):
    assert frontier_group(RAFTConfig(**FRONTIER), record) == group


def test_frontier_plan_spends_the_budget_on_uncertain_tasks_first():
    ts = tasks()          # t0..t5
    records = {"t0": TaskRecord(4, 4, 1.0), "t1": TaskRecord(4, 2, 1.0), "t2": TaskRecord(8, 0, 0.5),
               "t3": TaskRecord(4, 0, 0.7), "t4": TaskRecord(4, 1, 1.0)}            # t5 unseen
    cfg = RAFTConfig(**FRONTIER, max_prompts=3)                                      # budget 12 samples
    plan = frontier_plan(cfg, ts, records, cycle=2)
    # t1 (p = 1/2, most uncertain) takes 12 samples: the whole budget
    assert plan == [(1, 12, "frontier")]
    cfg = RAFTConfig(**{**FRONTIER, "max_samples_per_prompt": 6}, max_prompts=4)    # budget 16
    plan = frontier_plan(cfg, ts, records, cycle=2)
    # frontier t1 (6), frontier t4 (p = 1/3: 4 + round(2 * 0.89) = 6), unseen t5 (4): 16
    assert plan == [(1, 6, "frontier"), (4, 6, "frontier"), (5, 4, "unseen")]
    # no max_prompts: every task may be sampled; solved t0 and hopeless t2 are left out without revisits
    plan = frontier_plan(RAFTConfig(**{**FRONTIER, "max_samples_per_prompt": 4}), ts, records, cycle=2)
    assert [i for i, _, _ in plan] == [1, 3, 4, 5] and {g for _, _, g in plan} == {"frontier", "unsure", "unseen"}


def test_frontier_plan_is_seeded_and_revisits_solved_and_hopeless_tasks_sometimes():
    ts = [Task(task_id=f"t{i}", prompt=f"p{i}") for i in range(40)]
    records = {f"t{i}": TaskRecord(8, 8 if i % 2 else 0, 1.0 if i % 2 else 0.0) for i in range(40)}
    cfg = RAFTConfig(**{**FRONTIER, "frontier_revisit_rate": 0.25})
    first = frontier_plan(cfg, ts, records, cycle=3)
    assert first == frontier_plan(cfg, ts, records, cycle=3)          # a resume plans the same
    assert 3 <= len(first) <= 20 and {g for _, _, g in first} <= {"solved", "hopeless"}
    assert frontier_plan(cfg, ts, records, cycle=4) != first          # other cycles revisit others


def test_first_frontier_cycle_samples_unseen_tasks_and_other_curricula_keep_samples_per_prompt():
    plan = cycle_plan(RAFTConfig(**FRONTIER, max_prompts=4), tasks(), 1, 3, records={})
    assert len(plan) == 4 and all(n == 4 and g == "unseen" for _, n, g in plan)
    assert plan != cycle_plan(RAFTConfig(**{**FRONTIER, "seed": 6}, max_prompts=4), tasks(), 1, 3, records={})
    assert cycle_plan(RAFTConfig(max_prompts=2, samples_per_prompt=3), tasks(), 1, 3) == [(0, 3, ""), (1, 3, "")]


def test_frontier_max_samples_below_samples_per_prompt_is_a_config_error():
    from halo_forge.config import ConfigError, config_from_dict

    with pytest.raises(ConfigError, match="raft.max_samples_per_prompt: 2 is below raft.samples_per_prompt"):
        config_from_dict({"raft": {"curriculum": "frontier", "samples_per_prompt": 4, "max_samples_per_prompt": 2}})
