"""Benchmark: aggregation, compile@k labelling, intervals, compare, plots, and `benchmark run` end to end
on a tiny random-init model with the real gcc verifier."""

import json
import math
from pathlib import Path

import pytest

from halo_forge.benchmark.pass_at_k import pass_at_k
from halo_forge.benchmark.plots import plot_run
from halo_forge.benchmark.report import compare_table, load_results, results_table
from halo_forge.benchmark.runner import SampleRecord, aggregate, select_tasks, write_results
from halo_forge.errors import InputError
from halo_forge.tasks import Task

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _record(task_id: str, index: int, status: str, metric: str = "pass") -> SampleRecord:
    compiled = status not in ("extraction_error", "compile_error")
    reward = {"extraction_error": 0.0, "compile_error": 0.0, "compile_warning": 0.3, "compile_ok": 0.5,
              "runtime_error": 0.5, "timeout": 0.5, "wrong_answer": 0.7, "pass": 1.0}[status]
    correct = status == "pass" if metric == "pass" else compiled
    return SampleRecord(task_id=task_id, sample_index=index, completion=f"code {index}", num_tokens=10,
                        finish_reason="stop", status=status, success=correct, reward=reward,
                        correct=correct, compiled=compiled)


# Three tasks x 4 samples; statuses chosen so every number below can be worked out by hand.
OUTCOMES = {
    "t1": ["pass", "pass", "wrong_answer", "compile_error"],       # 2 correct, 3 compiled
    "t2": ["wrong_answer", "runtime_error", "timeout", "pass"],     # 1 correct, 4 compiled
    "t3": ["extraction_error", "compile_error", "compile_error", "compile_warning"],  # 0 correct, 1 compiled
}
TASKS = [Task("t1", "p1", category="strings", difficulty="easy"),
         Task("t2", "p2", category="strings", difficulty="hard"),
         Task("t3", "p3", category="math")]


def _records(metric: str = "pass") -> list[SampleRecord]:
    return [_record(tid, i, s, metric) for tid, statuses in OUTCOMES.items() for i, s in enumerate(statuses)]


def test_aggregate_scores_by_hand():
    result = aggregate(TASKS, _records(), n=4, ks=[1, 2, 4], bootstrap_samples=0)
    assert result.metric == "pass"
    assert result.scores["pass@1"] == pytest.approx((2 / 4 + 1 / 4 + 0) / 3)
    assert result.scores["pass@2"] == pytest.approx((pass_at_k(4, 2, 2) + pass_at_k(4, 1, 2)) / 3)
    assert result.scores["pass@4"] == pytest.approx(2 / 3)
    assert result.compile_rate == pytest.approx(8 / 12)
    assert result.status_counts["compile_error"] == 3
    assert result.status_counts["pass"] == 3
    assert result.status_counts["runs"] == 0  # every status of the taxonomy is listed
    assert sum(result.status_counts.values()) == 12
    assert result.mean_reward == pytest.approx(sum(r.reward for r in _records()) / 12)
    assert result.ci95 is None
    assert [t["correct"] for t in result.per_task] == [2, 1, 0]


def test_per_category_and_difficulty():
    result = aggregate(TASKS, _records(), n=4, ks=[1], bootstrap_samples=0)
    assert result.by_category["strings"]["num_tasks"] == 2
    assert result.by_category["strings"]["pass@1"] == pytest.approx(3 / 8)
    assert result.by_category["math"]["compile_rate"] == pytest.approx(1 / 4)
    assert set(result.by_difficulty) == {"easy", "hard", "(none)"}
    assert result.by_difficulty["hard"]["pass@1"] == pytest.approx(1 / 4)


def test_compile_only_numbers_are_named_compile_at_k():
    result = aggregate(TASKS, _records("compile"), n=4, ks=[1], metric="compile", bootstrap_samples=50)
    assert set(result.scores) == {"compile@1"}
    assert "pass@1" not in json.dumps(result.to_dict())
    assert result.scores["compile@1"] == pytest.approx(8 / 12)
    assert result.cycle_metrics()["compile_at_1"] == pytest.approx(8 / 12)
    assert "pass_at_1" not in result.cycle_metrics()


def test_bootstrap_interval_brackets_pass_at_1():
    many = [Task(f"t{i}", "p") for i in range(40)]
    # task i has i % 4 passing samples out of 3 (capped): pass@1 varies across tasks
    records = [_record(f"t{i}", j, "pass" if j < i % 4 else "wrong_answer")
               for i in range(40) for j in range(3)]
    result = aggregate(many, records, n=3, ks=[1], bootstrap_samples=500, seed=1)
    low, high = result.ci95
    assert low < result.at_1 < high
    assert high - low < 0.4
    again = aggregate(many, records, n=3, ks=[1], bootstrap_samples=500, seed=1)
    assert again.ci95 == result.ci95


def test_k_larger_than_n_is_an_error():
    with pytest.raises(InputError, match="k <= n"):
        aggregate(TASKS, _records(), n=4, ks=[5])


def test_missing_samples_are_an_error():
    with pytest.raises(ValueError, match="has 3 samples, expected 4"):
        aggregate(TASKS, _records()[1:], n=4, ks=[1])


def test_select_tasks_by_split():
    tasks = [Task("a", "p", metadata={"split": "train"}), Task("b", "p", metadata={"split": "heldout"}),
             Task("c", "p", metadata={"split": "heldout"})]
    assert [t.task_id for t in select_tasks(tasks, split="heldout", max_prompts=None, source="f")] == ["b", "c"]
    assert [t.task_id for t in select_tasks(tasks, split=None, max_prompts=1, source="f")] == ["a"]
    with pytest.raises(InputError, match="f: no task has metadata.split == 'test'"):
        select_tasks(tasks, split="test", max_prompts=None, source="f")


def _write_run(path: Path, metric: str = "pass", sha: str = "abc", model: str = "m") -> Path:
    result = aggregate(TASKS, _records(metric), n=4, ks=[1, 4], metric=metric, bootstrap_samples=200,
                       timings={"generation_s": 2.0, "verification_s": 1.0, "tokens_per_s": 60.0})
    write_results(path, {"model": model, "tasks_sha256": sha, "verifier": {"type": "gcc"},
                         "sampling": {"temperature": 0.7}}, result)
    return path


def test_results_files_round_trip(tmp_path):
    run = _write_run(tmp_path / "run")
    results = load_results(run)
    assert results["scores"]["pass@1"] == pytest.approx(0.25)
    assert len(results["ci95"]) == 2
    samples = [json.loads(line) for line in (run / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 12
    assert {"task_id", "sample_index", "completion", "status", "reward", "correct", "compiled"} <= set(samples[0])
    table = results_table(results)
    assert "| pass@1 [95% CI] | 0.250 [" in table
    assert "| compile rate | 0.667 |" in table


def test_compare_side_by_side_and_notes_differences(tmp_path):
    a = load_results(_write_run(tmp_path / "a"))
    b = load_results(_write_run(tmp_path / "b", model="other"))
    same = compare_table([("a", a), ("b", b)])
    assert same.splitlines()[0] == "|  | a | b |"
    assert "| model | m | other |" in same
    assert "note:" not in same
    c = load_results(_write_run(tmp_path / "c", metric="compile", sha="def"))
    mixed = compare_table([("a", a), ("c", c)])
    assert "| compile@1 [95% CI] | — | 0.667 [" in mixed
    assert "note: the runs differ in task files" in mixed
    assert "note: the runs differ in metrics (pass@k vs compile@k)" in mixed


def test_compare_cli_and_bad_directory(cli, tmp_path):
    _write_run(tmp_path / "a")
    _write_run(tmp_path / "b")
    proc = cli("benchmark", "compare", str(tmp_path / "a"), str(tmp_path / "b"))
    assert proc.returncode == 0, proc.stderr
    assert "| pass@4 | 0.667 | 0.667 |" in proc.stdout
    proc = cli("benchmark", "compare", str(tmp_path / "a"), str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"halo-forge: error: {tmp_path / 'missing'}: no results.json here; "
                                   "expected the output directory of `halo-forge benchmark run`")


def _assert_pngs(paths, names):
    assert sorted(p.name for p in paths) == sorted(names)
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 2000, path


def test_plot_benchmark_dir(tmp_path):
    run = _write_run(tmp_path / "run")
    written = plot_run(run)
    assert all(p.parent == run / "plots" for p in written)
    _assert_pngs(written, ["reward_histogram.png", "error_breakdown.png", "pass_at_k.png"])


def test_plot_raft_dir(tmp_path, cli):
    run = tmp_path / "raft"
    run.mkdir()
    rows = [{"cycle": c, "pass_at_1": 0.1 * c, "pass_at_1_ci": [0.05 * c, 0.15 * c], "compile_rate": 0.5,
             "train_loss": None if c == 0 else 2.0 / c, "lr": 5e-5} for c in range(0, 4)]
    (run / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    for c in (1, 2):
        _write_run(run / f"cycle_{c}" / "eval")
    proc = cli("plot", str(run), "--output", str(tmp_path / "pngs"))
    assert proc.returncode == 0, proc.stderr
    written = sorted((tmp_path / "pngs").iterdir())
    _assert_pngs(written, ["pass_at_1.png", "train_loss.png", "error_breakdown.png"])
    assert proc.stdout.count("wrote ") == 3


def test_plot_rejects_unknown_dir_and_bad_metrics(tmp_path):
    with pytest.raises(InputError, match="neither results.json"):
        plot_run(tmp_path)
    (tmp_path / "metrics.jsonl").write_text('{"cycle": 1}\n{"pass_at_1": 0.2}\n')
    with pytest.raises(InputError, match=r"metrics.jsonl:2: missing an integer \"cycle\""):
        plot_run(tmp_path)
