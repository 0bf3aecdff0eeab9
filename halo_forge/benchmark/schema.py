"""The files a benchmark writes and how they are read back: ``results.json`` (scores, compile rate,
statuses, per-task counts; docs/benchmarking.md lists every key) and ``samples.jsonl`` (one record per
completion), and the names of the scores.

A score is named ``<metric>@<k>`` (:func:`score_key`): the metric is ``pass``, or ``compile`` for a
compile-only verifier (:func:`metric_name`). A training run's metrics row (RAFT's ``metrics.jsonl``,
GRPO's ``eval.jsonl``) carries the held-out evaluation as ``<metric>_at_1`` and ``<metric>_at_1_ci``
(:func:`eval_columns`, read back by :func:`row_metric` and :func:`row_score`).

>>> score_keys([{"scores": {"pass@10": 0.5, "pass@1": 0.2}}])
['pass@1', 'pass@10']
>>> eval_columns({"metric": "compile", "scores": {"compile@1": 0.5}, "ci95": None, "compile_rate": 0.5,
...               "mean_reward": 0.4, "status_counts": {"compile_ok": 2, "pass": 0}})["compile_at_1"]
0.5
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from halo_forge.errors import InputError

RESULTS_FILE, SAMPLES_FILE = "results.json", "samples.jsonl"
METRICS = ("pass", "compile")
# What a results file must hold (upstream results are converted first, see from_upstream).
REQUIRED_KEYS = ("metric", "scores", "compile_rate", "status_counts")


def metric_name(compile_only: bool) -> str:
    """``compile`` for a verifier that only compiles (its scores are compile@k), else ``pass``."""
    return "compile" if compile_only else "pass"


def score_key(metric: str, k: int) -> str:
    """``score_key("pass", 5) == "pass@5"``."""
    return f"{metric}@{k}"


def at_1(results: dict[str, Any]) -> float:
    """The headline number of a results mapping: ``pass@1`` (or ``compile@1``)."""
    return results["scores"][score_key(results["metric"], 1)]


def eval_columns(results: dict[str, Any]) -> dict[str, Any]:
    """The held-out columns of a training run's metrics row, from a results mapping (``results.json``)."""
    metric = results["metric"]
    ci95, compile_ci = results.get("ci95"), results.get("compile_rate_ci")
    return {f"{metric}_at_1": at_1(results), f"{metric}_at_1_ci": list(ci95) if ci95 is not None else None,
            "compile_rate": results["compile_rate"],
            "compile_rate_ci": list(compile_ci) if compile_ci is not None else None,
            "mean_reward": results["mean_reward"],
            "eval_statuses": {k: v for k, v in results["status_counts"].items() if v}}


def row_metric(row: dict[str, Any]) -> str | None:
    """The metric of a metrics row's held-out columns; None when the row was not evaluated."""
    return next((metric for metric in METRICS if f"{metric}_at_1" in row), None)


def row_score(row: dict[str, Any]) -> float | None:
    """A metrics row's held-out ``<metric>_at_1``; None when the row was not evaluated."""
    metric = row_metric(row)
    return row[f"{metric}_at_1"] if metric is not None else None


def output_paths(output: str | Path) -> tuple[Path, Path]:
    """``(results, samples)`` paths of a benchmark output: a directory holds ``results.json`` and
    ``samples.jsonl``; a path ending in ``.json`` (the seed's ``--output results/sft.json``) is the results
    file itself, with the samples next to it (``results/sft.samples.jsonl``)."""
    out = Path(output)
    if out.suffix == ".json":
        return out, out.with_suffix(".samples.jsonl")
    return out / RESULTS_FILE, out / SAMPLES_FILE


def from_upstream(data: dict[str, Any]) -> dict[str, Any]:
    """Upstream halo-forge's results file (``total``, ``passed``, ``pass_rate``, ``pass_at_k: {"1": ...}``,
    ``timing``) in this project's shape; what upstream did not record (compile rate, statuses) is None."""
    timing = data.get("timing") or {}
    scores = {f"pass@{k}": float(v) for k, v in (data.get("pass_at_k") or {}).items()}
    if not scores and "pass_rate" in data:
        scores = {"pass@1": float(data["pass_rate"])}
    return {"metric": "pass", "scores": scores, "compile_rate": data.get("compile_rate"),
            "num_tasks": data.get("total"), "model": data.get("model", "—"), "status_counts": {},
            "upstream": {k: data[k] for k in ("total", "passed", "pass_rate") if k in data},
            "timings": {"generation_s": timing.get("generation_time"),
                        "verification_s": timing.get("verification_time")}}


def load_results(run: str | Path) -> dict[str, Any]:
    """A benchmark's results: a ``benchmark run`` output directory (its ``results.json``) or a results
    file (``--output NAME.json``, or upstream halo-forge's results JSON, converted by
    :func:`from_upstream`); a missing or broken file is a one-line error."""
    path = Path(run) if Path(run).is_file() else Path(run) / RESULTS_FILE
    if not path.is_file():
        raise InputError(f"{run}: no {RESULTS_FILE} here; expected the output (directory or .json file) "
                         "of `halo-forge benchmark run`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read benchmark results: {exc}") from None
    if isinstance(data, dict) and "pass_at_k" in data and "scores" not in data:
        return from_upstream(data)
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a benchmark results file (expected a JSON object)")
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        raise InputError(f"{path}: not a benchmark results file (missing {', '.join(missing)})")
    return data


def score_keys(runs: Sequence[dict[str, Any]]) -> list[str]:
    """Every ``pass@k`` / ``compile@k`` key of the runs, pass before compile, by k."""
    return sorted({k for r in runs for k in r["scores"]}, key=lambda k: (k.split("@")[0], int(k.split("@")[1])))
