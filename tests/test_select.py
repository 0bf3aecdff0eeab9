"""Selection strategies as tables of verified samples: what is kept, ties, duplicates, fallback, composition."""

import pytest

from halo_forge.rlvr.sample import Sample
from halo_forge.rlvr.select import composition, select_samples

REWARD = {"pass": 1.0, "wrong_answer": 0.7, "runtime_error": 0.5, "compile_ok": 0.5, "compile_warning": 0.3,
          "compile_error": 0.0, "extraction_error": 0.0}
SUCCESS = {"pass", "compile_ok", "compile_warning"}   # compile_* succeed only under a compile-only check


def sample(task, index, status, text=None, category=None, reward=None):
    return Sample(task_index=task, task_id=f"t{task}", sample_index=index, prompt=f"p{task}",
                          completion=text if text is not None else f"code {task}/{index}", status=status,
                          success=status in SUCCESS, reward=REWARD[status] if reward is None else reward,
                          category=category)


def keys(kept):
    return [(s.task_index, s.sample_index) for s in kept]


def select(samples, **kw):
    args = dict(strategy="per_task_top_k", keep_per_task=2, keep_top_percent=0.5, reward_floor=0.5,
                fallback="none", seed=1, dedup="exact")
    return select_samples(samples, **{**args, **kw})


def test_per_task_top_k_keeps_up_to_k_successes_without_duplicates():
    samples = [sample(0, 0, "pass", text="A"), sample(0, 1, "pass", text="A"), sample(0, 2, "wrong_answer"),
               sample(0, 3, "pass", text="B"), sample(0, 4, "pass", text="C"),
               sample(1, 0, "wrong_answer"), sample(1, 1, "compile_error")]
    kept = select(samples)
    assert len(kept) == 2 and all(s.task_index == 0 and s.passed for s in kept)
    assert len({s.completion for s in kept}) == 2                     # "A" twice is kept once at most


def test_reward_floor_applies_to_every_strategy():
    samples = [sample(0, 0, "compile_warning"), sample(0, 1, "compile_ok"), sample(1, 0, "compile_warning")]
    assert keys(select(samples, reward_floor=0.5)) == [(0, 1)]
    assert keys(select(samples, reward_floor=0.3)) == [(0, 0), (0, 1), (1, 0)]
    assert keys(select(samples, strategy="threshold", reward_floor=0.5)) == [(0, 1)]


@pytest.mark.parametrize("floor, expected", [(0.7, [(0, 0), (0, 1), (1, 0)]), (1.0, [(0, 0)])])
def test_threshold_keeps_everything_at_or_above_the_floor(floor, expected):
    samples = [sample(0, 0, "pass"), sample(0, 1, "wrong_answer"), sample(1, 0, "wrong_answer"),
               sample(1, 1, "runtime_error"), sample(2, 0, "compile_error")]
    assert keys(select(samples, strategy="threshold", reward_floor=floor)) == expected


def test_global_top_percent_ranks_by_reward():
    samples = [sample(0, 0, "wrong_answer"), sample(1, 0, "pass"), sample(2, 0, "runtime_error"),
               sample(3, 0, "pass")]
    assert keys(select(samples, strategy="global_top_percent", keep_top_percent=0.5)) == [(1, 0), (3, 0)]


def test_ties_never_favour_earlier_tasks():
    # 20 tasks x 4 samples, all tied: a stable sort would keep tasks 0-4 only.
    samples = [sample(t, j, "pass") for t in range(20) for j in range(4)]
    kept = select(samples, strategy="global_top_percent", keep_top_percent=0.25, reward_floor=0.0, seed=3)
    assert len(kept) == 20
    tasks = {s.task_index for s in kept}
    assert len(tasks) > 8 and max(tasks) >= 15
    assert keys(kept) == keys(select(samples, strategy="global_top_percent", keep_top_percent=0.25, seed=3))
    assert keys(kept) != keys(select(samples, strategy="global_top_percent", keep_top_percent=0.25, seed=4))
    # within a task, tied samples are not always the first ones either
    per_task = select(samples, keep_per_task=1, seed=3)
    assert {s.sample_index for s in per_task} != {0}


def test_fallback_best_compiling_keeps_compile_signal_for_tasks_with_no_success():
    samples = [sample(0, 0, "pass"),
               sample(1, 0, "compile_error"), sample(1, 1, "wrong_answer"), sample(1, 2, "runtime_error"),
               sample(1, 3, "wrong_answer", text="code 1/1"),                # duplicate of 1/1
               sample(2, 0, "compile_error"), sample(2, 1, "extraction_error")]
    assert keys(select(samples, fallback="none")) == [(0, 0)]
    kept = select(samples, fallback="best_compiling", keep_per_task=2)
    assert keys(kept) == [(0, 0), (1, 1), (1, 2)]                   # best compiling first, duplicate dropped
    assert (2, 0) not in keys(kept)                                   # nothing compiled: nothing kept


def test_composition_counts_passed_and_compile_only_per_category():
    kept = [sample(0, 0, "pass", category="strings"), sample(1, 0, "wrong_answer", category="strings"),
            sample(2, 0, "compile_ok", category="math")]
    summary = composition(kept)
    assert summary["kept"] == 3 and summary["passed"] == 1 and summary["not_passed"] == 2
    assert summary["tasks"] == 3
    assert summary["statuses"] == {"compile_ok": 1, "pass": 1, "wrong_answer": 1}
    assert summary["by_category"] == {"math": {"kept": 1, "passed": 0, "not_passed": 1},
                                      "strings": {"kept": 2, "passed": 1, "not_passed": 1}}


def test_unknown_strategy_is_an_error():
    with pytest.raises(ValueError, match="raft.selection"):
        select([sample(0, 0, "pass")], strategy="top1")


def test_normalized_dedup_treats_programs_that_differ_only_in_comments_and_whitespace_as_one():
    a = "```c\nint add(int a, int b) { return a + b; }\n```"
    b = "Sure:\n```c\n// adds\nint add(int a, int b)\n{\n    return a + b;   /* sum */\n}\n```\nDone."
    c = "```c\nint add(int a, int b) { return b + a; }\n```"
    d = '```c\nint add(int a, int b) { puts("x  y"); return a + b; }\n```'
    e = '```c\nint add(int a, int b) { puts("x y"); return a + b; }\n```'     # a string's spaces count
    samples = [sample(0, i, "pass", text=t) for i, t in enumerate((a, b, c, d, e))]
    for s in samples:
        s.language = "c"
    normalized = select(samples, keep_per_task=10, dedup="normalized")
    assert sorted(s.sample_index for s in normalized) in ([0, 2, 3, 4], [1, 2, 3, 4])
    assert len(select(samples, keep_per_task=10, dedup="exact")) == 5
    # the cap per task counts distinct programs
    assert len(select(samples, keep_per_task=2, dedup="normalized")) == 2


def test_python_comments_are_dropped_but_c_directives_are_not():
    from halo_forge.rlvr.select import program_key

    assert program_key("```python\ndef f():\n    return 1  # one\n```", "python") == program_key(
        "```python\n# f\ndef f():\n  return 1\n```", "python")
    assert program_key("```c\n#include <stdio.h>\nint x;\n```", "c") != program_key("```c\nint x;\n```", "c")
