"""``halo-forge plot RUN_DIR``: PNG plots of a benchmark directory or a RAFT run directory.

A **benchmark directory** is what ``halo-forge benchmark run`` writes: ``results.json`` and
``samples.jsonl``. Plots: ``reward_histogram.png`` (rewards of every sample), ``error_breakdown.png``
(samples per status), ``pass_at_k.png`` (pass@k, or compile@k, with the 95% interval of @1).

A **RAFT run directory** is read in this format (the RAFT loop writes exactly this)::

    <run>/metrics.jsonl            one JSON object per finished cycle, in cycle order:
        {"cycle": 1,                       # 1-based
         "pass_at_1": 0.20,                # held-out pass@1 after the cycle (benchmark evaluate());
         "pass_at_1_ci": [0.05, 0.40],     #   a compile-only verifier writes compile_at_1 /
                                           #   compile_at_1_ci instead; the CI may be null
         "compile_rate": 0.65,             # held-out share of samples that compiled
         "mean_reward": 0.48,              # held-out mean reward (optional)
         "train_loss": 1.23,               # mean training loss of the cycle (null if nothing trained)
         ...}                              # any other keys (lr, temperature, kept, ...) are ignored here
    <run>/cycle_<N>/eval/              a benchmark directory per cycle (results.json, samples.jsonl)

``BenchmarkResult.cycle_metrics()`` gives the evaluation keys of a row. A row may also hold
``"cycle": 0`` for the evaluation before the first cycle (the starting model). Plots: ``pass_at_1.png``
(pass@1 and compile rate per cycle, with the interval as a band), ``train_loss.png`` and, when the
per-cycle ``eval/results.json`` files exist, ``error_breakdown.png`` (statuses per cycle, stacked).

Plots go to ``<run>/plots/`` unless ``--output DIR`` is given. matplotlib is imported here only, with the
Agg back end (no display needed).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from halo_forge.benchmark.schema import (RESULTS_FILE, SAMPLES_FILE, at_1, load_results, row_metric, score_key,
                                         score_keys)
from halo_forge.errors import InputError

log = logging.getLogger(__name__)

METRICS_FILE = "metrics.jsonl"
# One colour per status, so a status has the same colour on every plot.
STATUS_COLORS = {"extraction_error": "#7f7f7f", "compile_error": "#d62728", "compile_warning": "#ff7f0e",
                 "compile_ok": "#bcbd22", "runs": "#17becf", "runtime_error": "#9467bd",
                 "timeout": "#8c564b", "wrong_answer": "#e377c2", "pass": "#2ca02c"}


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise InputError("plotting needs matplotlib: pip install matplotlib") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    _pyplot().close(fig)
    return path


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{path}:{number}: invalid JSON: {exc}") from None
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------------------ benchmark

def _reward_histogram(plt: Any, rewards: list[float], out: Path) -> Path:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist(rewards, bins=[i / 20 for i in range(21)], color="#1f77b4", edgecolor="white")
    ax.set(xlabel="reward", ylabel="samples", title=f"Reward of {len(rewards)} samples", xlim=(0, 1))
    return _save(fig, out)


def _error_breakdown(plt: Any, counts: dict[str, int], out: Path) -> Path:
    statuses = [s for s, c in counts.items() if c] or list(counts)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.barh(statuses, [counts[s] for s in statuses],
            color=[STATUS_COLORS.get(s, "#1f77b4") for s in statuses])
    ax.invert_yaxis()
    ax.set(xlabel="samples", title="Outcome of every sample")
    return _save(fig, out)


def _pass_at_k(plt: Any, results: dict[str, Any], out: Path) -> Path:
    scores = results["scores"]
    keys = score_keys([results])
    values = [scores[k] for k in keys]
    fig, ax = plt.subplots(figsize=(5, 4))
    bars = ax.bar(keys, values, color="#2ca02c" if results["metric"] == "pass" else "#bcbd22")
    ci = results.get("ci95")
    if ci and keys and keys[0].endswith("@1"):
        ax.errorbar([0], [values[0]], yerr=[[values[0] - ci[0]], [ci[1] - values[0]]], color="black",
                    capsize=6, label="95% interval")
        ax.legend(loc="upper left")
    ax.bar_label(bars, fmt="%.3f")
    ax.set(ylim=(0, 1.05), ylabel="score", title=f"{results.get('model', '')}: "
           f"{results['metric']}@k over {results.get('num_tasks', '?')} tasks")
    return _save(fig, out)


def plot_benchmark(run_dir: Path, out: Path) -> list[Path]:
    plt = _pyplot()
    results = load_results(run_dir)
    written = [_error_breakdown(plt, results["status_counts"], out / "error_breakdown.png"),
               _pass_at_k(plt, results, out / "pass_at_k.png")]
    samples = run_dir / SAMPLES_FILE
    if samples.is_file():
        written.insert(0, _reward_histogram(plt, [float(r["reward"]) for r in _read_jsonl(samples)],
                                            out / "reward_histogram.png"))
    else:
        log.warning("%s: no %s, so no reward histogram", run_dir, SAMPLES_FILE)
    return written


def plot_comparison(runs: list[tuple[str, dict[str, Any]]], path: str | Path) -> Path:
    """``benchmark compare A B --plot FILE.png``: every run's scores and compile rate as grouped bars."""
    plt = _pyplot()
    keys = score_keys([r for _, r in runs])
    metrics = keys + ["compile rate"]
    width = 0.8 / len(runs)
    fig, ax = plt.subplots(figsize=(max(6, 1.5 * len(metrics) * max(1, len(runs) / 2)), 4))
    for i, (name, results) in enumerate(runs):
        values = [results["scores"].get(k, 0.0) for k in keys] + [results["compile_rate"]]
        xs = [m + (i - (len(runs) - 1) / 2) * width for m in range(len(metrics))]
        ax.bar(xs, values, width=width, label=name)
        ci = results.get("ci95")
        first = next((j for j, k in enumerate(keys) if k == score_key(results["metric"], 1)), None)
        if ci and first is not None:
            ax.errorbar([xs[first]], [values[first]], yerr=[[values[first] - ci[0]], [ci[1] - values[first]]],
                        color="black", capsize=4)
    ax.set_xticks(range(len(metrics)), metrics)
    ax.set(ylim=(0, 1.05), ylabel="score", title="Benchmark runs compared (bars at @1: 95% interval)")
    ax.legend(fontsize="small")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return _save(fig, out)


def plot_stages(stages: list[tuple[str, dict[str, Any]]], path: str | Path) -> Path:
    """Compile rate and pass@1 (compile@1) of named evaluations in pipeline order (the demo's base, SFT
    and RAFT cycles), with their 95% intervals as error bars."""
    plt = _pyplot()
    names = [name for name, _ in stages]
    metric = stages[0][1]["metric"] if stages else "pass"
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(stages)), 4))
    series = [("compile rate", "compile_rate", "compile_rate_ci", "#ff7f0e", "s"),
              (score_key(metric, 1), None, "ci95", "#2ca02c", "o")]
    for label, key, ci_key, color, marker in series:
        values = [results[key] if key else at_1(results) for _, results in stages]
        intervals = [results.get(ci_key) or [v, v] for (_, results), v in zip(stages, values)]
        errors = [[v - low for v, (low, _) in zip(values, intervals)],
                  [high - v for v, (_, high) in zip(values, intervals)]]
        ax.errorbar(range(len(stages)), values, yerr=errors, marker=marker, color=color, capsize=4,
                    label=label)
    ax.set_xticks(range(len(stages)), names, rotation=20)
    ax.set(ylabel="held-out score", ylim=(0, 1.05), title="Held-out score per stage (95% intervals)")
    ax.legend()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    return _save(fig, out)


# ------------------------------------------------------------------------------------------------ RAFT

def _eval_metric(rows: list[dict[str, Any]]) -> str:
    return "compile" if {row_metric(r) for r in rows} - {None} == {"compile"} else "pass"


def _per_cycle(plt: Any, rows: list[dict[str, Any]], out: Path) -> Path:
    metric = _eval_metric(rows)
    fig, ax = plt.subplots(figsize=(6, 4))
    scored = [r for r in rows if r.get(f"{metric}_at_1") is not None]
    cycles = [r["cycle"] for r in scored]
    ax.plot(cycles, [r[f"{metric}_at_1"] for r in scored], marker="o", color="#2ca02c",
            label=f"{metric}@1")
    with_ci = [r for r in scored if r.get(f"{metric}_at_1_ci")]
    if with_ci:
        ax.fill_between([r["cycle"] for r in with_ci], [r[f"{metric}_at_1_ci"][0] for r in with_ci],
                        [r[f"{metric}_at_1_ci"][1] for r in with_ci], color="#2ca02c", alpha=0.2,
                        label="95% interval")
    compiled = [r for r in rows if r.get("compile_rate") is not None]
    ax.plot([r["cycle"] for r in compiled], [r["compile_rate"] for r in compiled], marker="s",
            color="#ff7f0e", label="compile rate")
    ax.set(xlabel="cycle", ylabel="held-out score", ylim=(0, 1.05), title="Held-out evaluation per cycle")
    ax.set_xticks(sorted({r["cycle"] for r in rows}))
    ax.legend()
    return _save(fig, out)


def _train_loss(plt: Any, rows: list[dict[str, Any]], out: Path) -> Path:
    trained = [r for r in rows if r.get("train_loss") is not None]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([r["cycle"] for r in trained], [r["train_loss"] for r in trained], marker="o")
    ax.set(xlabel="cycle", ylabel="training loss", title="Training loss per cycle")
    if trained:
        ax.set_xticks([r["cycle"] for r in trained])
    return _save(fig, out)


def _status_per_cycle(plt: Any, cycles: list[tuple[int, dict[str, int]]], out: Path) -> Path:
    statuses = [s for s in STATUS_COLORS if any(c.get(s) for _, c in cycles)]
    statuses += sorted({s for _, c in cycles for s, n in c.items() if n and s not in statuses})
    fig, ax = plt.subplots(figsize=(7, 4))
    bottoms = [0.0] * len(cycles)
    for status in statuses:
        shares = [c.get(status, 0) / max(sum(c.values()), 1) for _, c in cycles]
        ax.bar([str(n) for n, _ in cycles], shares, bottom=bottoms, label=status,
               color=STATUS_COLORS.get(status))
        bottoms = [b + s for b, s in zip(bottoms, shares)]
    ax.set(xlabel="cycle", ylabel="share of held-out samples", ylim=(0, 1), title="Outcomes per cycle")
    ax.legend(fontsize="small", bbox_to_anchor=(1.01, 1), loc="upper left")
    return _save(fig, out)


def plot_raft(run_dir: Path, out: Path) -> list[Path]:
    plt = _pyplot()
    rows = _read_jsonl(run_dir / METRICS_FILE)
    bad = [i for i, r in enumerate(rows, start=1) if not isinstance(r.get("cycle"), int)]
    if bad:
        raise InputError(f"{run_dir / METRICS_FILE}:{bad[0]}: missing an integer \"cycle\"")
    if not rows:
        raise InputError(f"{run_dir / METRICS_FILE}: no cycles recorded yet")
    written = [_per_cycle(plt, rows, out / "pass_at_1.png"), _train_loss(plt, rows, out / "train_loss.png")]
    evals = [(r["cycle"], load_results(run_dir / f"cycle_{r['cycle']}" / "eval")["status_counts"])
             for r in rows if (run_dir / f"cycle_{r['cycle']}" / "eval" / RESULTS_FILE).is_file()]
    if evals:
        written.append(_status_per_cycle(plt, evals, out / "error_breakdown.png"))
    return written


# -------------------------------------------------------------------------------------------- command

def plot_run(run_dir: str | Path, output_dir: str | Path | None = None) -> list[Path]:
    """Plot a benchmark or RAFT directory; returns the PNG files written."""
    run = Path(run_dir)
    out = Path(output_dir) if output_dir is not None else run / "plots"
    if (run / METRICS_FILE).is_file():
        plotter = plot_raft
    elif (run / RESULTS_FILE).is_file():
        plotter = plot_benchmark
    else:
        raise InputError(f"{run}: neither {RESULTS_FILE} (a benchmark run) nor {METRICS_FILE} (a RAFT run) "
                         "is here")
    out.mkdir(parents=True, exist_ok=True)
    return plotter(run, out)


def plot_command(cfg: None, args: Any) -> int:
    """``halo-forge plot RUN_DIR [--output DIR]``."""
    for path in plot_run(args.run_dir, args.output):
        print(f"wrote {path}")
    return 0
