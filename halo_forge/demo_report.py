"""The demo's numbers: per-stage summary with paired intervals, the printed table, the headline and the
markdown report (see :mod:`halo_forge.demo` for the run itself).

Each stage has a greedy evaluation and, for the base model, the SFT baseline and the last cycle, a sampled
one (n completions per held-out task); differences to the SFT baseline are paired over tasks.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from halo_forge.benchmark.schema import at_1, score_key

if TYPE_CHECKING:
    from halo_forge.config import HaloConfig


@dataclasses.dataclass
class Stage:
    """One row of the table: a model scored on the held-out tasks."""

    name: str
    results_dir: Path
    results: dict[str, Any]                  # the greedy evaluation
    sampled: dict[str, Any] | None = None    # demo.eval_samples completions per task, if evaluated


def _per_task(results: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per task: <metric>@1 (estimated from n), <metric>@n (any of the n correct) and the compile rate."""
    metric = results["metric"]
    return {t["task_id"]: {"at_1": t[score_key(metric, 1)], "at_n": float(t["correct"] > 0),
                           "compile_rate": t["compiled"] / t["samples"]} for t in results["per_task"]}


def paired_difference(mine: dict[str, Any], reference: dict[str, Any], key: str, resamples: int,
                      seed: int) -> tuple[float, Any] | None:
    """The mean per-task difference of two evaluations of the same tasks (results.json contents) in
    ``key`` (``at_1``, ``at_n`` or ``compile_rate``) and its paired 95% interval (the same resampled tasks
    for both); None when they did not score the same tasks."""
    return _difference(_per_task(mine), _per_task(reference), key, resamples, seed)


def _difference(mine: dict, reference: dict, key: str, resamples: int, seed: int) -> tuple[float, Any] | None:
    from halo_forge.benchmark.pass_at_k import bootstrap_interval

    if not reference or set(mine) != set(reference):
        return None
    diffs = [mine[task][key] - reference[task][key] for task in sorted(mine)]
    return sum(diffs) / len(diffs), bootstrap_interval(diffs, resamples, seed=seed)


def _paired(row: dict[str, Any], name: str, mine: dict, reference: dict, key: str, resamples: int,
            seed: int) -> None:
    """``row[name]`` and ``row[name + "_ci"]``: the mean per-task difference and its paired interval."""
    difference = _difference(mine, reference, key, resamples, seed)
    if difference is not None:
        row[name], row[f"{name}_ci"] = difference


def summarize(stages: list[Stage], resamples: int, seed: int) -> list[dict[str, Any]]:
    """Per stage: the greedy compile rate and pass@1, and (where sampled) pass@1 estimated from n samples
    and pass@n, each with its 95% interval; the difference of each to the SFT baseline with a paired
    interval (the same tasks resampled for both stages), and the compile rate's difference to the base model."""
    reference = _per_task(stages[1].results) if len(stages) > 1 else {}
    reference_sampled = _per_task(stages[1].sampled) if len(stages) > 1 and stages[1].sampled else {}
    base = _per_task(stages[0].results) if stages else {}
    out = []
    for stage in stages:
        results, scores = stage.results, _per_task(stage.results)
        metric = results["metric"]
        row = {"stage": stage.name, "metric": metric, "at_1": at_1(results),
               "at_1_ci": results.get("ci95"), "compile_rate": results["compile_rate"],
               "compile_rate_ci": results.get("compile_rate_ci"), "tasks": results["num_tasks"],
               "samples_per_task": results["samples_per_task"], "results": str(stage.results_dir)}
        if stage is not stages[0]:
            _paired(row, "compile_rate_vs_base", scores, base, "compile_rate", resamples, seed)
        if len(stages) > 1 and stage is not stages[1]:
            _paired(row, "at_1_vs_sft", scores, reference, "at_1", resamples, seed)
            _paired(row, "compile_rate_vs_sft", scores, reference, "compile_rate", resamples, seed)
        if stage.sampled is not None:
            sampled, n = _per_task(stage.sampled), stage.sampled["samples_per_task"]
            row.update(sampled_n=n, sampled_at_1=at_1(stage.sampled),
                       sampled_at_1_ci=stage.sampled.get("ci95"),
                       sampled_at_n=stage.sampled["scores"][score_key(metric, n)],
                       sampled_temperature=stage.sampled.get("sampling", {}).get("temperature"))
            if len(stages) > 1 and stage is not stages[1]:
                _paired(row, "sampled_at_1_vs_sft", sampled, reference_sampled, "at_1", resamples, seed)
                _paired(row, "sampled_at_n_vs_sft", sampled, reference_sampled, "at_n", resamples, seed)
        out.append(row)
    return out


def _cell(value: float, interval: Any) -> str:
    return f"{value:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else f"{value:.3f}"


def _delta(row: dict[str, Any], key: str) -> str:
    if key not in row:
        return "—"
    value, interval = row[key], row.get(f"{key}_ci")
    return f"{value:+.3f}" + (f" [{interval[0]:+.2f}, {interval[1]:+.2f}]" if interval else "")


def _columns(summary: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(header, row -> cell) of the table: greedy numbers, then the sampled ones where any stage has them."""
    metric = summary[0]["metric"] if summary else "pass"
    columns = [("Stage", lambda r: r["stage"]),
               ("Compile Rate", lambda r: _cell(r["compile_rate"], r["compile_rate_ci"])),
               (f"{metric}@1", lambda r: _cell(r["at_1"], r["at_1_ci"]))]
    sampled = next((r for r in summary if "sampled_n" in r), None)
    if sampled is not None:
        n, temperature = sampled["sampled_n"], sampled["sampled_temperature"]
        columns += [(f"{metric}@1 (n={n}, T={temperature:g})",
                     lambda r: _cell(r["sampled_at_1"], r["sampled_at_1_ci"]) if "sampled_n" in r else "—"),
                    (f"{metric}@{n}", lambda r: f"{r['sampled_at_n']:.3f}" if "sampled_n" in r else "—")]
    return columns


def table_rows(summary: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of the table (a terminal draws them, :func:`table` writes them as text)."""
    columns = _columns(summary)
    return tuple(header for header, _ in columns), [tuple(cell(r) for _, cell in columns) for r in summary]


def table(summary: list[dict[str, Any]]) -> str:
    """The printed table: ``Stage | Compile Rate | pass@1`` (greedy) with 95% intervals, then pass@1
    estimated from n samples and pass@n where the stage was sampled."""
    header, body = table_rows(summary)
    rows = [header, *body]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def headline(summary: list[dict[str, Any]]) -> str:
    """The last cycle against the SFT baseline (paired intervals), and its compile rate against the base."""
    last, metric = summary[-1], summary[-1]["metric"]
    parts = []
    if "sampled_at_1_vs_sft" in last:
        n = last["sampled_n"]
        parts += [f"{metric}@1 (n={n}) {_delta(last, 'sampled_at_1_vs_sft')}",
                  f"{metric}@{n} {_delta(last, 'sampled_at_n_vs_sft')}"]
    parts += [f"greedy {metric}@1 {_delta(last, 'at_1_vs_sft')}",
              f"compile rate {_delta(last, 'compile_rate_vs_sft')}"]
    return (f"last cycle vs SFT baseline (paired 95% intervals): {', '.join(parts)}\n"
            f"last cycle vs base model: compile rate {_delta(last, 'compile_rate_vs_base')}")


def cycle_rows(raft_dir: Path, tasks: dict[str, Any]) -> list[dict[str, Any]]:
    """What each RAFT cycle sampled and kept: the tasks by frontier group, the samples and how many passed,
    the kept programs' tasks, their similarity to the tasks' reference solutions, optimizer steps, loss."""
    import difflib

    from halo_forge.rlvr.raft_store import KEPT_FILE, PLAN_FILE, read_jsonl
    from halo_forge.rlvr.verifiers.extract import extract_code

    rows = []
    for stats_path in sorted(raft_dir.glob("cycle_*/stats.json"), key=lambda p: int(p.parent.name[6:])):
        stats, directory = read_json(stats_path), stats_path.parent
        if stats.get("cycle", 0) == 0:
            continue
        plan = read_json(directory / PLAN_FILE)
        kept = read_jsonl(directory / KEPT_FILE)
        similarity = []
        for sample in kept:
            reference = (tasks.get(sample["task_id"]) or {}).get("reference_solution")
            code = extract_code(sample["completion"], sample.get("language"))
            if reference and code:
                similarity.append(difflib.SequenceMatcher(None, code, reference).ratio())
        rows.append({"cycle": stats["cycle"], "groups": plan.get("groups", {}), "samples": stats["samples"],
                     "passed": round(stats["train_pass_rate"] * stats["samples"]),
                     "tasks_passed": sum(v > 0 for v in stats.get("task_success", {}).values()),
                     "kept": len(kept), "kept_tasks": sorted({s["task_id"] for s in kept}),
                     "similarity": sum(similarity) / len(similarity) if similarity else None,
                     "train_steps": stats.get("train_steps"), "train_loss": stats.get("train_loss")})
    return rows


def report_markdown(cfg: HaloConfig, summary: list[dict[str, Any]], timings: dict[str, float],
                    images: list[Path], root: Path, cycles: list[dict[str, Any]]) -> str:
    metric = summary[0]["metric"] if summary else "pass"
    first = summary[0] if summary else {}
    columns = _columns(summary)
    deltas = [("Δ compile vs SFT", "compile_rate_vs_sft"), (f"Δ {metric}@1 vs SFT", "at_1_vs_sft")]
    if any("sampled_n" in r for r in summary):
        deltas += [(f"Δ {metric}@1 (n) vs SFT", "sampled_at_1_vs_sft"),
                   (f"Δ {metric}@n vs SFT", "sampled_at_n_vs_sft")]
    headers = [h for h, _ in columns] + [h for h, _ in deltas]
    lines = [
        "# halo-forge demo report", "",
        f"Model `{cfg.sft.model_name}`, dataset `{cfg.demo.dataset}`: {first.get('tasks', 0)} held-out tasks, "
        f"one greedy completion per stage (max {cfg.generation.max_new_tokens} new tokens)"
        + (f", plus {cfg.demo.eval_samples} completions at temperature {cfg.demo.eval_temperature} for the "
           "base model, the SFT baseline and the last cycle (the same seeds)" if cfg.demo.eval_samples else "")
        + f"; verifier `{cfg.verifier.type}`. Intervals are 95% bootstrap intervals over tasks; the differences "
        "to the SFT baseline are paired (the same tasks resampled for both stages).", "",
        "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
    ]
    lines += ["| " + " | ".join([cell(r) for _, cell in columns] + [_delta(r, key) for _, key in deltas]) + " |"
              for r in summary]
    lines += ["", headline(summary).replace("\n", "  \n"), ""]
    if cycles:
        lines += ["## What each RAFT cycle sampled and kept", "",
                  "| cycle | tasks (by group) | samples | passed | tasks with a pass | kept | kept from tasks | "
                  "similarity to reference | optimizer steps | train loss |", "|---|---|---|---|---|---|---|---|---|---|"]
        for c in cycles:
            groups = ", ".join(f"{k or 'all'} {v}" for k, v in c["groups"].items())
            similarity = "—" if c["similarity"] is None else f"{c['similarity']:.2f}"
            loss = "—" if c["train_loss"] is None else f"{c['train_loss']:.4f}"
            lines.append(f"| {c['cycle']} | {groups} | {c['samples']} | {c['passed']} | {c['tasks_passed']} | "
                         f"{c['kept']} | {len(c['kept_tasks'])} | {similarity} | {c['train_steps']} | {loss} |")
        lines.append("")
    lines += ["## Time per stage", "", "| stage | seconds |", "|---|---|"]
    lines += [f"| {name} | {seconds:.0f} |" for name, seconds in timings.items()]
    lines += [f"| total | {sum(timings.values()):.0f} |", "", "## Plots", ""]
    lines += [f"![{image.stem}]({image.relative_to(root).as_posix()})" for image in images]
    lines += ["", "Files: `data/` (the pools), `base/`, `sft/`, `raft/` (per-cycle plans, samples, kept "
              "samples, evaluations), `sampled/`, `demo.json` (these numbers as data)."]
    return "\n".join(lines) + "\n"


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
