"""The files a benchmark writes and how they are read back: ``results.json`` (scores, compile rate,
statuses, per-task counts; docs/benchmarking.md lists every key) and ``samples.jsonl`` (one record per
completion). A score is named ``<metric>@<k>``: ``pass@k``, or ``compile@k`` for a compile-only verifier.

>>> score_keys([{"scores": {"pass@10": 0.5, "pass@1": 0.2}}])
['pass@1', 'pass@10']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from halo_forge.errors import InputError

RESULTS_FILE, SAMPLES_FILE = "results.json", "samples.jsonl"


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
    missing = [key for key in ("metric", "scores", "compile_rate", "status_counts") if key not in data]
    if missing:
        raise InputError(f"{path}: not a benchmark results file (missing {', '.join(missing)})")
    return data


def score_keys(runs: Sequence[dict[str, Any]]) -> list[str]:
    """Every ``pass@k`` / ``compile@k`` key of the runs, pass before compile, by k."""
    return sorted({k for r in runs for k in r["scores"]}, key=lambda k: (k.split("@")[0], int(k.split("@")[1])))
