"""Benchmark: aggregation, compile@k labelling, intervals, compare, plots, and `benchmark run` end to end
on a tiny random-init model with the real gcc verifier."""

import hashlib
import json
from pathlib import Path

import pytest

from halo_forge.benchmark.pass_at_k import pass_at_k
from halo_forge.benchmark.plots import plot_run
from halo_forge.benchmark.report import compare_table, results_table
from halo_forge.benchmark.runner import (aggregate, is_compile_only, sample_records, select_tasks,
                                         write_results)
from halo_forge.benchmark.schema import load_results
from halo_forge.config import VerifierConfig
from halo_forge.errors import InputError
from halo_forge.generation import Completion
from halo_forge.rlvr.verifiers.registry import build_verifier
from halo_forge.rlvr.sample import Sample
from halo_forge.tasks import Task, TestCase

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _record(task_id: str, index: int, status: str, metric: str = "pass") -> Sample:
    compiled = status not in ("extraction_error", "compile_error")
    reward = {"extraction_error": 0.0, "compile_error": 0.0, "compile_warning": 0.3, "compile_ok": 0.5,
              "runtime_error": 0.5, "timeout": 0.5, "wrong_answer": 0.7, "pass": 1.0}[status]
    correct = status == "pass" if metric == "pass" else compiled
    assert Sample(task_id, index, "", status, correct, reward).compiled is compiled   # rewards decides
    return Sample(task_id=task_id, sample_index=index, completion=f"code {index}", num_tokens=10,
                  finish_reason="stop", status=status, success=correct, reward=reward, correct=correct)


# Three tasks x 4 samples; statuses chosen so every number below can be worked out by hand.
OUTCOMES = {
    "t1": ["pass", "pass", "wrong_answer", "compile_error"],       # 2 correct, 3 compiled
    "t2": ["wrong_answer", "runtime_error", "timeout", "pass"],     # 1 correct, 4 compiled
    "t3": ["extraction_error", "compile_error", "compile_error", "compile_warning"],  # 0 correct, 1 compiled
}
TASKS = [Task("t1", "p1", category="strings", difficulty="easy"),
         Task("t2", "p2", category="strings", difficulty="hard"),
         Task("t3", "p3", category="math")]


def _records(metric: str = "pass") -> list[Sample]:
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
    proc = cli("benchmark", "compare", str(tmp_path / "a"), str(tmp_path / "b"), "--plot",
               str(tmp_path / "cmp" / "compare.png"))
    assert proc.returncode == 0, proc.stderr
    assert "| pass@4 | 0.667 | 0.667 |" in proc.stdout
    _assert_pngs([tmp_path / "cmp" / "compare.png"], ["compare.png"])
    proc = cli("benchmark", "compare", str(tmp_path / "a"), str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"halo-forge: error: {tmp_path / 'missing'}: no results.json here; "
                                   "expected the output (directory or .json file) of `halo-forge benchmark run`")


def test_results_json_output_and_compare_of_json_files_and_upstream_results(cli, tmp_path):
    run = _write_run(tmp_path / "results" / "sft.json")                   # the seed's --output x.json
    assert run.is_file() and (tmp_path / "results" / "sft.samples.jsonl").is_file()
    assert load_results(run)["scores"]["pass@1"] == pytest.approx(0.25)
    upstream = tmp_path / "upstream.json"                                  # upstream halo-forge's shape
    upstream.write_text(json.dumps({"total": 100, "passed": 55, "pass_rate": 0.55,
                                    "pass_at_k": {"1": 0.553, "5": 0.784}, "by_category": {},
                                    "timing": {"generation_time": 1234.5, "verification_time": 45.2}}))
    proc = cli("benchmark", "compare", str(run), str(upstream))
    assert proc.returncode == 0, proc.stderr
    assert "| pass@1 [95% CI] | 0.250 [" in proc.stdout and "| 0.553 |" in proc.stdout
    assert "| pass@5 | — | 0.784 |" in proc.stdout and "| compile rate | 0.667 | — |" in proc.stdout
    assert "| generation s | 2.0 | 1234.5 |" in proc.stdout
    assert "note:" not in proc.stdout               # what upstream did not record is not a difference


def test_compare_names_the_verifier_settings_that_differ(tmp_path):
    def run(name, verifier):
        result = aggregate(TASKS, _records("pass"), n=4, ks=[1], bootstrap_samples=0)
        write_results(tmp_path / name, {"verifier": verifier}, result)
        return load_results(tmp_path / name)
    settings = {"verifier": "halo_forge.rlvr.verifiers.compile.GCCVerifier", "timeout": 30.0}
    a = run("a", {"type": "gcc", "compile_only": False, "settings": settings})
    b = run("b", {"type": "GCCVerifier", "compile_only": False, "settings": dict(settings)})
    assert "note:" not in compare_table([("a", a), ("b", b)])              # same class, other spelling
    c = run("c", {"type": "gcc", "compile_only": False, "settings": {**settings, "timeout": 10.0}})
    assert "note: the runs differ in verifier settings (timeout: 30.0 vs 10.0)" in compare_table([("a", a), ("c", c)])


@pytest.mark.parametrize("mode,options,with_tests,runs", [
    ("auto", {}, True, True), ("auto", {}, False, False), ("auto", {"run_after_compile": False}, True, False),
    ("on", {}, False, True), ("off", {"run_after_compile": True}, True, False)])
def test_benchmark_runs_the_tasks_tests_by_default(mode, options, with_tests, runs):
    from halo_forge.benchmark.runner import build_benchmark_verifier
    from halo_forge.config import HaloConfig
    cfg = HaloConfig()
    cfg.verifier.options = dict(options)
    cfg.benchmark.run_tests = mode
    tasks = [Task("t", "p", tests=[TestCase(stdin="", expected_stdout="x\n")] if with_tests else [])]
    with build_benchmark_verifier(cfg, tasks) as verifier:
        assert verifier.settings()["run_after_compile"] is runs
        assert is_compile_only(verifier) is not runs


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


# --------------------------------------------------- real verifiers on hand-written completions

ECHO_TASK = Task("c/echo", "Read an integer and print it.", language="c", category="io",
                 tests=[TestCase("5\n", "5\n"), TestCase("-3\n", "-3\n")])
RIGHT = "```c\n#include <stdio.h>\nint main(void) { int x; scanf(\"%d\", &x); printf(\"%d\\n\", x); }\n```"
WRONG = "```c\n#include <stdio.h>\nint main(void) { puts(\"5\"); return 0; }\n```"
BROKEN = "```c\nint main(void) { return 0 }\n```"
PROSE = "I am not sure how to do that."


def _verified(verifier):
    completions = [[Completion(text, 20, "stop") for text in (RIGHT, WRONG, BROKEN, PROSE)]]
    with verifier:
        results = verifier.verify_batch([c.text for c in completions[0]], tasks=[ECHO_TASK] * 4)
    compile_only = is_compile_only(verifier)
    records = sample_records([ECHO_TASK], completions, results, compile_only)
    return aggregate([ECHO_TASK], records, n=4, ks=[1, 4], metric="compile" if compile_only else "pass",
                     bootstrap_samples=0)


def test_pass_at_k_counts_only_samples_that_passed_their_tests():
    result = _verified(build_verifier(VerifierConfig(type="gcc", options={"run_after_compile": True})))
    assert result.metric == "pass"
    assert [r.status for r in result.samples] == ["pass", "wrong_answer", "compile_error", "extraction_error"]
    assert result.scores == {"pass@1": 0.25, "pass@4": 1.0}
    assert result.compile_rate == 0.5


def test_compile_only_verifier_reports_compile_at_k():
    verifier = build_verifier(VerifierConfig(type="gcc"))  # run_after_compile defaults to false
    assert is_compile_only(verifier)
    result = _verified(verifier)
    assert result.metric == "compile"
    assert result.scores == {"compile@1": 0.5, "compile@4": 1.0}  # RIGHT and WRONG both compile
    assert not is_compile_only(build_verifier(VerifierConfig(type="gcc", options={"run_after_compile": True})))


# ------------------------------------------------------------------ end to end: tiny model, real gcc

C_TASKS = [
    {"task_id": "c/echo", "language": "c", "category": "io", "difficulty": "easy",
     "prompt": "Write a C program that reads an integer and prints it.",
     "tests": [{"stdin": "5\n", "expected_stdout": "5\n"}], "metadata": {"split": "heldout"}},
    {"task_id": "c/double", "language": "c", "category": "arithmetic", "difficulty": "easy",
     "prompt": "Write a C program that reads an integer and prints twice its value.",
     "tests": [{"stdin": "4\n", "expected_stdout": "8\n"}], "metadata": {"split": "heldout"}},
    {"task_id": "c/negate", "language": "c", "prompt": "Write a C program that reads an integer and prints -x.",
     "tests": [{"stdin": "4\n", "expected_stdout": "-4\n"}], "metadata": {"split": "heldout"}},
    {"task_id": "c/train-only", "language": "c", "prompt": "Write a C program that prints 1.",
     "tests": [{"stdin": "", "expected_stdout": "1\n"}], "metadata": {"split": "train"}},
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A 2-layer, 32-wide random Llama with the embedded model's tokenizer (and chat template)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from halo_forge.config import ModelConfig
    from halo_forge.models import load_tokenizer

    path = tmp_path_factory.mktemp("tiny-model")
    tokenizer = load_tokenizer("embedded:smollm2-135m", ModelConfig())
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=512,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id)
    LlamaForCausalLM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture
def tasks_file(tmp_path):
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in C_TASKS))
    return path


@pytest.mark.slow
def test_benchmark_run_end_to_end(cli, tiny_model, tasks_file, tmp_path):
    out = tmp_path / "bench"
    config = tmp_path / "bench.yaml"
    # no run_after_compile: the tasks carry tests, so benchmark.run_tests (auto) runs them
    config.write_text("verifier: {type: clang, timeout: 20}\n"
                      "benchmark: {split: heldout, bootstrap_samples: 200}\n")
    # the seed's flags, on top of the YAML: --verifier replaces the type, the options stay
    proc = cli("benchmark", "run", "--config", str(config), "--model", str(tiny_model), "--prompts",
               str(tasks_file), "--output", str(out), "--samples", "2", "--k", "1,2", "--max-prompts", "2",
               "--verifier", "gcc", "--max-new-tokens", "12", "--device", "cpu", "--dtype", "fp32")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"wrote {out / 'results.json'}" in proc.stdout
    results = json.loads((out / "results.json").read_text())
    assert results["tasks_sha256"] == hashlib.sha256(tasks_file.read_bytes()).hexdigest()
    assert results["model"] == str(tiny_model)
    assert results["num_tasks"] == 2 and results["samples_per_task"] == 2
    assert results["metric"] == "pass" and set(results["scores"]) == {"pass@1", "pass@2"}
    assert results["verifier"]["type"] == "gcc" and results["verifier"]["compile_only"] is False
    assert results["verifier"]["settings"]["run_after_compile"] is True
    assert results["verifier"]["settings"]["timeout"] == 20
    assert results["split"] == "heldout" and results["bootstrap_samples"] == 200
    assert results["sampling"]["max_new_tokens"] == 12
    assert sum(results["status_counts"].values()) == 4
    assert set(results["by_category"]) == {"io", "arithmetic"}
    assert {"generation_s", "verification_s", "tokens_per_s", "generated_tokens"} <= set(results["timings"])
    assert results["timings"]["generated_tokens"] > 0
    samples = [json.loads(line) for line in (out / "samples.jsonl").read_text().splitlines()]
    assert [(s["task_id"], s["sample_index"]) for s in samples] == [
        ("c/echo", 0), ("c/echo", 1), ("c/double", 0), ("c/double", 1)]
    assert all(0 < s["num_tokens"] <= 12 and s["status"] in results["status_counts"] for s in samples)
    proc = cli("plot", str(out))
    assert proc.returncode == 0, proc.stderr
    _assert_pngs(sorted((out / "plots").iterdir()), ["reward_histogram.png", "error_breakdown.png",
                                                     "pass_at_k.png"])


def test_benchmark_run_rejects_k_above_samples(cli, tasks_file, tmp_path):
    proc = cli("benchmark", "run", "--prompts", str(tasks_file), "--samples", "2", "--k", "1,5",
               "--output", str(tmp_path / "x"))
    assert proc.returncode == 2
    assert "benchmark.k: 5 is larger than benchmark.samples (2); pass@k needs k <= n (e.g. --k 1)" in proc.stderr
    assert not (tmp_path / "x").exists()


def test_benchmark_run_without_tasks_is_a_one_line_error(cli, tmp_path):
    proc = cli("benchmark", "run", "--samples", "1", "--k", "1", "--output", str(tmp_path / "x"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == "halo-forge: error: benchmark.prompts_file: required; pass --prompts TASKS.jsonl"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "ok"}\nnot json\n')
    proc = cli("benchmark", "run", "--prompts", str(bad), "--samples", "1", "--k", "1")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"halo-forge: error: {bad}:2: invalid JSON")
    good = tmp_path / "good.jsonl"
    good.write_text('{"prompt": "Write hello world in C."}\n')
    proc = cli("benchmark", "run", "--prompts", str(good), "--samples", "1", "--k", "1", "--output", str(good))
    assert proc.returncode == 2  # refused before any model is loaded
    assert proc.stderr.startswith(f"halo-forge: error: benchmark.output_dir: cannot create {good}: ")
