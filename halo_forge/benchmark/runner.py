"""Held-out evaluation: generate n completions per task, verify them, and score.

Two entry points:

* :func:`evaluate` — the reusable core (no file I/O), called by ``benchmark run``, by the RAFT loop after
  every cycle and by the demo::

      result = evaluate(engine, verifier, tasks, n=4, sampling=cfg.generation, ks=[1, 4])
      result.scores            # {"pass@1": 0.25, "pass@4": 0.5}
      result.ci95              # (0.05, 0.45): bootstrap interval of pass@1 over tasks

* :func:`run_benchmark` — ``halo-forge benchmark run``: loads the tasks, model and verifier named in the
  config, calls :func:`evaluate` and writes ``results.json`` and ``samples.jsonl`` atomically.

pass@k counts only samples with status ``pass`` (all tests passed). A compile-only verifier (one that
never runs the program) cannot know that, so its numbers are named ``compile@k`` everywhere — in the
result, the files, the tables and the plots — and count samples that compiled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from halo_forge import console
from halo_forge.benchmark.pass_at_k import bootstrap_interval, estimate_pass_at_k
from halo_forge.benchmark.report import results_table
from halo_forge.benchmark.schema import eval_columns, load_results, metric_name, output_paths, score_key
from halo_forge.errors import InputError
from halo_forge.rlvr import rewards
from halo_forge.rlvr.rewards import STATUSES, Status
from halo_forge.rlvr.sample import BENCHMARK_FIELDS, Sample, to_jsonl
from halo_forge.tasks import Task, atomic_write_text, read_tasks

log = logging.getLogger(__name__)

UNLABELLED = "(none)"  # the group of tasks without a category / difficulty


# ---------------------------------------------------------------------------------------------- records

@dataclass
class BenchmarkResult:
    """Every metric of one evaluation; ``to_dict()`` is the body of ``results.json``."""

    metric: str                          # "pass", or "compile" for a compile-only verifier
    num_tasks: int
    samples_per_task: int
    scores: dict[str, float]             # {"pass@1": ..., "pass@5": ...}
    ci95: tuple[float, float] | None     # bootstrap 95% interval of <metric>@1 over tasks
    compile_rate: float                  # share of samples whose code compiled (or parsed)
    mean_reward: float
    status_counts: dict[str, int]
    by_category: dict[str, dict[str, Any]]
    by_difficulty: dict[str, dict[str, Any]]
    per_task: list[dict[str, Any]]
    timings: dict[str, float]
    samples: list[Sample] = field(default_factory=list, repr=False)
    compile_rate_ci: tuple[float, float] | None = None   # bootstrap 95% interval of compile_rate over tasks

    @property
    def at_1(self) -> float:
        """``pass@1`` (or ``compile@1``): the headline number."""
        return self.scores[score_key(self.metric, 1)]

    def cycle_metrics(self) -> dict[str, Any]:
        """The evaluation columns of a RAFT ``metrics.jsonl`` row (see ``halo_forge.benchmark.plots``)."""
        return eval_columns(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        del out["samples"]
        out["ci95"] = list(self.ci95) if self.ci95 is not None else None
        out["compile_rate_ci"] = list(self.compile_rate_ci) if self.compile_rate_ci is not None else None
        return out


# ------------------------------------------------------------------------------------------ aggregation

def is_compile_only(verifier: Any) -> bool:
    """Whether ``verifier`` only compiles (never runs tests), so its scores must be named compile@k.

    A verifier may say so with a ``compile_only`` attribute. Otherwise it is read from its settings: a
    compile verifier with ``run_after_compile: false`` (the gcc/clang/mingw default), or one that has no
    way to run what it builds (``runner: null``, MinGW without wine); a chain only if all its stages are.
    """
    declared = getattr(verifier, "compile_only", None)
    if declared is not None:
        return bool(declared)
    stages = getattr(verifier, "verifiers", None)
    if stages:
        return all(is_compile_only(stage) for stage in stages)
    settings = verifier.settings()
    return settings.get("run_after_compile") is False or ("runner" in settings and settings["runner"] is None)


def _scores(n: int, correct: Sequence[int], ks: Sequence[int], metric: str) -> dict[str, float]:
    return {score_key(metric, k): float(np.mean(estimate_pass_at_k(n, correct, k))) if correct else 0.0
            for k in ks}


def _group(tasks: Sequence[Task], key: str, n: int, correct: Sequence[int], compiled: Sequence[int],
           ks: Sequence[int], metric: str) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[int]] = {}
    for index, task in enumerate(tasks):
        groups.setdefault(getattr(task, key) or UNLABELLED, []).append(index)
    return {name: {"num_tasks": len(members),
                   **_scores(n, [correct[i] for i in members], ks, metric),
                   "compile_rate": sum(compiled[i] for i in members) / (n * len(members))}
            for name, members in sorted(groups.items())}


def aggregate(tasks: Sequence[Task], samples: Sequence[Sample], *, n: int, ks: Sequence[int],
              metric: str = "pass", bootstrap_samples: int = 1000, seed: int = 0,
              timings: dict[str, float] | None = None) -> BenchmarkResult:
    """Score verified samples: ``samples`` holds exactly ``n`` records per task.

    For 2 tasks x 2 samples where one sample of the first task passed, ``scores`` is
    ``{"pass@1": 0.25, "pass@2": 0.5}``. ``timings`` is copied into the result as it is.
    """
    ks = sorted(set(ks))
    bad_k = [k for k in ks if not 1 <= k <= n]
    if bad_k:
        raise InputError(f"benchmark.k: {bad_k[0]} is not in [1, samples={n}]; pass@k needs k <= n")
    by_task: dict[str, list[Sample]] = {t.task_id: [] for t in tasks}
    for record in samples:
        if record.task_id not in by_task:
            raise ValueError(f"aggregate: sample of unknown task {record.task_id!r}")
        by_task[record.task_id].append(record)
    short = [tid for tid, records in by_task.items() if len(records) != n]
    if short:
        raise ValueError(f"aggregate: task {short[0]!r} has {len(by_task[short[0]])} samples, expected {n}")
    correct = [sum(r.correct for r in by_task[t.task_id]) for t in tasks]
    compiled = [sum(r.compiled for r in by_task[t.task_id]) for t in tasks]
    per_task_at_1 = estimate_pass_at_k(n, correct, 1) if tasks else np.zeros(0)
    statuses = Counter(r.status for r in samples)
    total = len(samples)
    return BenchmarkResult(
        metric=metric,
        num_tasks=len(tasks),
        samples_per_task=n,
        scores=_scores(n, correct, ks, metric),
        ci95=bootstrap_interval(per_task_at_1, bootstrap_samples, seed=seed),
        compile_rate=sum(compiled) / total if total else 0.0,
        mean_reward=float(np.mean([r.reward for r in samples])) if total else 0.0,
        # every status of the taxonomy, in its order (zeros too), then any a custom verifier invented
        status_counts={**{s: statuses.get(s, 0) for s in STATUSES},
                       **{s: c for s, c in sorted(statuses.items()) if s not in STATUSES}},
        by_category=_group(tasks, "category", n, correct, compiled, ks, metric),
        by_difficulty=_group(tasks, "difficulty", n, correct, compiled, ks, metric),
        per_task=[{"task_id": t.task_id, "category": t.category, "difficulty": t.difficulty,
                   "samples": n, "correct": c, "compiled": k, score_key(metric, 1): float(p)}
                  for t, c, k, p in zip(tasks, correct, compiled, per_task_at_1)],
        timings=dict(timings or {}),
        samples=list(samples),
        compile_rate_ci=bootstrap_interval([c / n for c in compiled], bootstrap_samples, seed=seed),
    )


# ----------------------------------------------------------------------------------------- evaluation

def sample_records(tasks: Sequence[Task], completions: Sequence[Sequence[Any]], results: Sequence[Any],
                   compile_only: bool) -> list[Sample]:
    """Pair each completion (``completions[i][j]``: sample j of task i) with its verification result
    (``results``, flat in the same order) and decide what it counts for."""
    records: list[Sample] = []
    flat = [(task, index, completion) for task, row in zip(tasks, completions)
            for index, completion in enumerate(row)]
    for (task, index, completion), result in zip(flat, results, strict=True):
        records.append(Sample(
            task_id=task.task_id, sample_index=index, completion=completion.text,
            num_tokens=int(completion.num_tokens), finish_reason=completion.finish_reason,
            status=result.status, success=bool(result.success), reward=float(result.reward),
            correct=rewards.counts_as_correct(result.status, result.success, compile_only),
            details=result.details, error=result.error, metadata=dict(result.metadata or {})))
    return records


def evaluate(engine: Any, verifier: Any, tasks: Sequence[Task], *, n: int, sampling: Any,
             ks: Sequence[int] = (1,), bootstrap_samples: int = 1000, seed: int = 0) -> BenchmarkResult:
    """Generate ``n`` completions per task with ``engine``, verify them with ``verifier``, and score.

    ``sampling`` is a :class:`~halo_forge.config.GenerationConfig` (RAFT passes the cycle's copy).
    Writes nothing; the caller decides where results go.
    """
    if not tasks:
        raise InputError("benchmark: no tasks to evaluate")
    compile_only = is_compile_only(verifier)
    metric = metric_name(compile_only)
    started = time.perf_counter()
    completions = engine.generate([t.prompt for t in tasks], n=n, sampling=sampling)
    generated = time.perf_counter()
    texts = [c.text for row in completions for c in row]
    sample_tasks = [t for t, row in zip(tasks, completions) for _ in row]
    with console.progress("verify", total=len(texts), unit="sample", disable=None) as bar:
        results = verifier.verify_batch(texts, tasks=sample_tasks)
        bar.update(len(texts))
    verified = time.perf_counter()
    records = sample_records(tasks, completions, results, compile_only)
    unchecked = sum(r.status == Status.RUNS.value for r in records)
    if unchecked and not compile_only:
        log.warning("%d samples ran but their task has no tests to check them (status runs); pass@k "
                    "does not count them", unchecked)
    tokens = sum(r.num_tokens for r in records)
    timings = {"generation_s": generated - started, "verification_s": verified - generated,
               "total_s": verified - started, "generated_tokens": float(tokens),
               "tokens_per_s": tokens / (generated - started) if generated > started else 0.0}
    log.info("generated %d completions (%d tokens) in %.1fs; verified in %.1fs", len(records), tokens,
             timings["generation_s"], timings["verification_s"])
    return aggregate(tasks, records, n=n, ks=ks, metric=metric, bootstrap_samples=bootstrap_samples,
                     seed=seed, timings=timings)


# ------------------------------------------------------------------------------------- benchmark run

def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def select_tasks(tasks: Sequence[Task], *, split: str | None, max_prompts: int | None,
                 source: str) -> list[Task]:
    """The tasks a benchmark evaluates: those of ``split`` (``metadata.split``), the first max_prompts."""
    chosen = [t for t in tasks if split is None or t.metadata.get("split") == split]
    if not chosen:
        found = sorted({str(t.metadata.get("split")) for t in tasks})
        raise InputError(f"{source}: no task has metadata.split == {split!r} (splits present: "
                         f"{', '.join(found)})" if split is not None else f"{source}: no tasks")
    return chosen[:max_prompts] if max_prompts is not None else chosen


def write_results(output: str | Path, header: dict[str, Any], result: BenchmarkResult) -> Path:
    """Write the samples then the results (each atomically; see :func:`output_paths`); returns the
    results path."""
    results_path, samples_path = output_paths(output)
    atomic_write_text(samples_path, to_jsonl(result.samples, BENCHMARK_FIELDS))
    atomic_write_text(results_path, json.dumps({**header, **result.to_dict()}, indent=2) + "\n")
    return results_path


def _check_output_dir(path: str | Path) -> None:
    folder = output_paths(path)[0].parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"benchmark.output_dir: cannot create {folder}: {exc.strerror or exc}") from None


def build_benchmark_verifier(cfg: Any, tasks: Sequence[Task]) -> Any:
    """The verifier of ``benchmark run``: ``benchmark.run_tests`` decides whether a compile verifier runs
    the programs (its ``run_after_compile``). Test verifiers (pytest, ...) always run their tests."""
    from halo_forge.rlvr.verifiers.registry import build_verifier, constructor_params, resolve_type

    verifier_cfg, mode = cfg.verifier, cfg.benchmark.run_tests
    try:
        compiles = "run_after_compile" in constructor_params(resolve_type(verifier_cfg.type))
    except (ValueError, ImportError):
        return build_verifier(verifier_cfg)     # reports the bad type as a config error
    if not compiles:
        return build_verifier(verifier_cfg)
    if mode == "auto":
        if "run_after_compile" in verifier_cfg.options or not any(t.tests for t in tasks):
            return build_verifier(verifier_cfg)
        log.info("benchmark: the tasks carry tests, so the %s verifier runs them (pass@k); "
                 "--run-tests off scores compiling only", verifier_cfg.type)
    return build_verifier(verifier_cfg, run_after_compile=mode != "off")


def run_benchmark(cfg: Any) -> BenchmarkResult:
    """``halo-forge benchmark run``: evaluate ``cfg.benchmark.model_name`` on the tasks and write files."""
    from halo_forge import __version__
    from halo_forge.config import to_dict
    from halo_forge.generation import make_engine
    bench = cfg.benchmark
    if bench.prompts_file is None:
        raise InputError("benchmark.prompts_file: required; pass --prompts TASKS.jsonl")
    # Everything that can fail cheaply fails before the model loads: tasks, output directory, verifier.
    tasks_sha256 = file_sha256(bench.prompts_file) if Path(bench.prompts_file).is_file() else None
    tasks = select_tasks(read_tasks(bench.prompts_file), split=bench.split,
                         max_prompts=bench.max_prompts, source=bench.prompts_file)
    _check_output_dir(bench.output_dir)
    verifier = build_benchmark_verifier(cfg, tasks)
    engine = make_engine(bench.model_name, cfg.model, cfg.generation)
    log.info("benchmark: %s on %d tasks x %d samples (%s verifier)", bench.model_name, len(tasks),
             bench.samples, cfg.verifier.type)
    with verifier:
        result = evaluate(engine, verifier, tasks, n=bench.samples, sampling=cfg.generation, ks=bench.k,
                          bootstrap_samples=bench.bootstrap_samples, seed=cfg.generation.seed)
        settings = verifier.settings()
    header = {
        "halo_forge_version": __version__,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model": bench.model_name,
        "model_config": to_dict(cfg.model),
        "tasks_file": str(bench.prompts_file),
        "tasks_sha256": tasks_sha256,
        "split": bench.split,
        "max_prompts": bench.max_prompts,
        "verifier": {"type": cfg.verifier.type, "compile_only": result.metric == "compile",
                     "settings": settings},
        "sampling": to_dict(cfg.generation),
        "bootstrap_samples": bench.bootstrap_samples,
    }
    write_results(bench.output_dir, header, result)
    return result


def benchmark_command(cfg: Any, args: Any) -> int:
    """``halo-forge benchmark run``: run, then print the table and where the files are."""
    plan = [console.Planned("benchmark", f"benchmark of {cfg.benchmark.model_name}", "benchmark")]
    with console.run("benchmark run", plan), console.stage("benchmark") as stage:
        result = run_benchmark(cfg)
        stage.summary(f"{result.metric}@1 {result.at_1:.3f}, compile rate {result.compile_rate:.3f}")
    results_path, samples_path = output_paths(cfg.benchmark.output_dir)
    print(results_table(load_results(results_path)))
    if result.metric == "compile":
        print("\nnote: the verifier only compiles, so these are compile@k numbers, not pass@k")
    print(f"\nwrote {results_path} and {samples_path}")
    return 0
