"""Benchmark results as markdown: one run's table, and ``benchmark compare A B ...`` side by side.

>>> print(compare_table([("base", base_results), ("raft", raft_results)]))   # doctest: +SKIP
| | base | raft |
|---|---|---|
| pass@1 | 0.100 [0.000, 0.250] | 0.300 [0.100, 0.500] |
...

Runs are compared row by row only where they measured the same thing: a note under the table says when
the task files, the verifier settings or the metric (pass@k vs compile@k) differ.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from halo_forge.benchmark.plots import plot_comparison
from halo_forge.benchmark.schema import load_results, score_keys


def _score_cell(results: dict[str, Any], key: str) -> str:
    if key not in results["scores"]:
        return "—"
    cell = f"{results['scores'][key]:.3f}"
    ci = results.get("ci95")
    if key.endswith("@1") and ci:
        cell += f" [{ci[0]:.3f}, {ci[1]:.3f}]"
    return cell


def _status_cell(results: dict[str, Any], status: str) -> str:
    counts = results["status_counts"]
    total = sum(counts.values())
    count = counts.get(status, 0)
    return f"{count} ({count / total:.0%})" if total else "0"


def _timing_cell(results: dict[str, Any], key: str, fmt: str) -> str:
    value = results.get("timings", {}).get(key)
    return format(value, fmt) if value is not None else "—"


def _rows(runs: Sequence[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    keys = score_keys(runs)
    statuses: list[str] = []
    for r in runs:
        statuses += [s for s, c in r["status_counts"].items() if c and s not in statuses]
    rows: list[tuple[str, list[str]]] = [
        ("model", [str(r.get("model", "—")) for r in runs]),
        ("tasks", [f"{r.get('num_tasks', '—')} ({str(r.get('tasks_sha256', ''))[:12] or '—'})" for r in runs]),
        ("samples per task", [str(r.get("samples_per_task", "—")) for r in runs]),
        ("verifier", [str(r.get("verifier", {}).get("type", "—")) for r in runs]),
        ("temperature", [str(r.get("sampling", {}).get("temperature", "—")) for r in runs]),
    ]
    rows += [(f"{key}" + (" [95% CI]" if key.endswith("@1") else ""), [_score_cell(r, key) for r in runs])
             for key in keys]
    rows += [("compile rate", [f"{r['compile_rate']:.3f}" if r["compile_rate"] is not None else "—"
                               for r in runs]),
             ("mean reward", [f"{r.get('mean_reward', 0.0):.3f}" for r in runs])]
    rows += [(f"status: {s}", [_status_cell(r, s) for r in runs]) for s in statuses]
    rows += [("generation s", [_timing_cell(r, "generation_s", ".1f") for r in runs]),
             ("verification s", [_timing_cell(r, "verification_s", ".1f") for r in runs]),
             ("tokens/s", [_timing_cell(r, "tokens_per_s", ".1f") for r in runs])]
    return rows


def _markdown(header: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    return "\n".join([line(header), line(["---"] * len(header)), *(line([name, *cells]) for name, cells in rows)])


def results_table(results: dict[str, Any]) -> str:
    """One run as a two-column markdown table."""
    return _markdown(["metric", "value"], _rows([results]))


def _setting_differences(runs: Sequence[dict[str, Any]]) -> str:
    """The verifier settings that differ between runs, as ``key: a vs b``; only runs that recorded them
    count (upstream results and older files have none, which is not a difference)."""
    recorded = [(r.get("verifier") or {}).get("settings") for r in runs]
    recorded = [s for s in recorded if isinstance(s, dict)]
    keys = sorted({k for s in recorded for k in s})
    differing = [k for k in keys if len({json.dumps(s.get(k), sort_keys=True) for s in recorded}) > 1]
    return "; ".join(f"{k}: {' vs '.join(json.dumps(s.get(k)) for s in recorded)}" for k in differing)


def _differences(runs: Sequence[dict[str, Any]]) -> list[str]:
    notes = []
    for what, key in (("task files", lambda r: r.get("tasks_sha256")),
                      ("metrics (pass@k vs compile@k)", lambda r: r.get("metric")),
                      ("samples per task", lambda r: r.get("samples_per_task"))):
        values = {key(r) for r in runs if key(r) is not None}   # not recorded is not a difference
        if len(values) > 1:
            notes.append(f"note: the runs differ in {what}; compare their numbers with care")
    settings = _setting_differences(runs)
    if settings:
        notes.append(f"note: the runs differ in verifier settings ({settings}); compare their numbers with care")
    return notes


def compare_table(runs: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """Several runs side by side, one column each, with notes on what differs between them."""
    names = [name for name, _ in runs]
    results = [r for _, r in runs]
    table = _markdown(["", *names], _rows(results))
    notes = _differences(results)
    return table + ("\n\n" + "\n".join(notes) if notes else "")


def compare_command(cfg: None, args: Any) -> int:
    """``halo-forge benchmark compare RUN ... [--plot FILE.png]``: output directories or results files."""
    runs = [(str(d), load_results(d)) for d in args.runs]
    print(compare_table(runs))
    if args.plot is not None:
        print(f"\nwrote {plot_comparison(runs, args.plot)}")
    return 0
