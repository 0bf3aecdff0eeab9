"""``halo-forge demo`` (``make demo``): the whole pipeline on the embedded model, offline, with a report.

    halo-forge demo                                   # configs/demo.yaml; rerun the same to resume
    halo-forge demo --config my_demo.yaml --output runs/demo2
    halo-forge demo --fresh                           # delete the run directory and start over

Stages, each written to the run directory as it finishes (a rerun skips what is finished and resumes
what was cut off)::

    data/          train.jsonl and heldout.jsonl: the dataset's fixed train and held-out splits
    base/          benchmark of the base model on the held-out tasks (results.json, samples.jsonl)
    sft/           SFT of the base model on the train tasks' reference solutions (adapter/, metrics.jsonl)
    raft/          RAFT cycles on the train tasks, starting from the SFT adapter; raft/cycle_0/eval is
                   the SFT model's held-out benchmark, raft/cycle_N/eval the one after cycle N
    plots/         stages.png (compile rate and pass@1 per stage) and the RAFT run's plots
    report.md      the table, the differences to the SFT baseline, timings
    demo.json      the same numbers as data

Every stage scores the same held-out tasks with the same settings (``raft.eval_samples`` completions
per task sampled with the ``generation`` section, the ``verifier`` section, ``raft.bootstrap_samples``
for the intervals), so base, SFT and each cycle are comparable.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

from halo_forge import console
from halo_forge.config import HaloConfig, to_dict
from halo_forge.errors import InputError

log = logging.getLogger(__name__)

CONFIG_FILE, TIMINGS_FILE, REPORT_FILE, DEMO_FILE = "demo_config.json", "timings.json", "report.md", "demo.json"
# Rough seconds per SFT example and epoch on the reference CPU (docs/demo.md: 433 s for 261), for the ETA.
SECONDS_PER_SFT_EXAMPLE = 1.65


@dataclasses.dataclass
class Stage:
    """One row of the table: a model scored on the held-out tasks."""

    name: str
    results_dir: Path
    results: dict[str, Any]


class DemoRun:
    """The demo over one run directory (``demo.output_dir``)."""

    def __init__(self, cfg: HaloConfig):
        self.cfg = cfg
        self.root = Path(cfg.demo.output_dir)
        self.model_name = cfg.sft.model_name

    # -- the run, top to bottom

    def run(self) -> list[Stage]:
        from halo_forge.rlvr.verifiers.registry import build_verifier

        self.claim()
        train, heldout = self.write_data()
        verifier = build_verifier(self.cfg.verifier)
        with verifier, console.run("demo", self.plan(train, heldout)):
            self.step("demo.base", "base benchmark", lambda: self.benchmark_base(verifier, heldout))
            self.step("demo.sft", "sft", self.sft)
            self.timed("raft", lambda: self.raft(verifier))      # its cycles are stages of their own
            with console.stage("demo.report"):
                stages = self.stages()
                self.write_report(stages)
        return stages

    def plan(self, train: Path, heldout: Path) -> list[console.Planned]:
        """The stages for the console, each with a rough cost for the ETA (the console learns the rest)."""
        from halo_forge.rlvr.raft_report import SECONDS_PER_EVAL_SAMPLE, plan

        cfg = self.cfg
        train_tasks, heldout_tasks = (len(p.read_text(encoding="utf-8").splitlines()) for p in (train, heldout))
        sft_examples = (cfg.demo.sft_tasks or train_tasks) * (1 - cfg.sft.val_split) * cfg.sft.num_epochs
        return [console.Planned("demo.base", "Base benchmark", "benchmark",
                                heldout_tasks * cfg.raft.eval_samples * SECONDS_PER_EVAL_SAMPLE),
                console.Planned("demo.sft", "SFT", "sft", sft_examples * SECONDS_PER_SFT_EXAMPLE),
                *[dataclasses.replace(p, label="SFT baseline benchmark") if p.key == "raft.cycle0" else p
                  for p in plan(cfg.raft, train_tasks, heldout_tasks, cfg.raft.num_cycles)],
                console.Planned("demo.report", "Report and plots", "report", 1.0)]

    def claim(self) -> None:
        """Refuse to resume a directory made with other settings: its stages would not be comparable."""
        self.root.mkdir(parents=True, exist_ok=True)
        settings = to_dict(self.cfg)
        settings["demo"] = {k: v for k, v in settings["demo"].items() if k != "output_dir"}
        path = self.root / CONFIG_FILE
        if path.exists():
            before = json.loads(path.read_text(encoding="utf-8"))
            changed = sorted(f"{section}.{key}" for section in settings for key in
                             set(settings[section]) | set(before.get(section, {}))
                             if settings[section].get(key) != before.get(section, {}).get(key))
            if changed:
                raise InputError(f"{self.root}: made with other settings ({', '.join(changed[:5])}); rerun "
                                 "with --fresh to start over, or give another --output")
            log.info("%s: resuming the demo", self.root)
        else:
            _write_json(path, settings)

    def write_data(self) -> tuple[Path, Path]:
        """The dataset's train and held-out splits as task files (rewritten identically on a resume)."""
        from halo_forge.data.prepare import load_dataset
        from halo_forge.tasks import write_tasks

        demo = self.cfg.demo
        data = dataclasses.replace(self.cfg.data, dataset=demo.dataset, split="all", max_tasks=None)
        tasks = load_dataset(data)
        train = [t for t in tasks if t.metadata.get("split") == "train"]
        heldout = [t for t in tasks if t.metadata.get("split") == "heldout"][:demo.heldout_tasks]
        paths = self.root / "data" / "train.jsonl", self.root / "data" / "heldout.jsonl"
        write_tasks(paths[0], train)
        write_tasks(paths[1], heldout)
        log.info("demo data: %d train tasks, %d held-out tasks (%s)", len(train), len(heldout), demo.dataset)
        return paths

    def benchmark_base(self, verifier: Any, heldout: Path) -> str | None:
        """The base model on the held-out tasks, scored exactly like RAFT scores each cycle."""
        from halo_forge.benchmark.runner import RESULTS_FILE, evaluate, write_results
        from halo_forge.generation import make_engine
        from halo_forge.tasks import read_tasks

        out = self.root / "base"
        if (out / RESULTS_FILE).exists():
            return None
        cfg = self.cfg
        engine = make_engine(self.model_name, cfg.model, cfg.generation)
        result = evaluate(engine, verifier, read_tasks(heldout), n=cfg.raft.eval_samples,
                          sampling=cfg.generation, ks=[1], bootstrap_samples=cfg.raft.bootstrap_samples,
                          seed=cfg.generation.seed)
        write_results(out, {"stage": "base", "model": self.model_name, "sampling": to_dict(cfg.generation),
                            "verifier": {"settings": verifier.settings()}}, result)
        del engine
        gc.collect()
        return f"{result.metric}@1 {result.at_1:.3f}, compile rate {result.compile_rate:.3f}"

    def sft(self) -> str | None:
        """SFT on the train tasks' reference solutions; resumes from its last checkpoint."""
        from halo_forge.sft.trainer import SFTTrainer, sft_line

        out = self.root / "sft"
        if (out / "sft_result.json").exists():
            return None
        train = self.root / "data" / "train.jsonl"
        if self.cfg.demo.sft_tasks is not None:
            lines = train.read_text(encoding="utf-8").splitlines(keepends=True)[:self.cfg.demo.sft_tasks]
            train = self.root / "data" / "sft.jsonl"
            train.write_text("".join(lines), encoding="utf-8")
        sft_cfg = dataclasses.replace(self.cfg.sft, train_file=str(train), val_file=None, output_dir=str(out))
        resume = any((out / "checkpoints").glob("checkpoint-*"))
        result = SFTTrainer(sft_cfg, self.cfg.model).train(resume=resume)
        gc.collect()
        return sft_line(result)

    def raft(self, verifier: Any) -> None:
        """RAFT cycles from the SFT adapter; cycle 0 is the SFT model's held-out score."""
        from halo_forge.rlvr.raft_trainer import RAFTTrainer

        raft_cfg = dataclasses.replace(
            self.cfg.raft, model_name=self.model_name, sft_checkpoint=str(self.root / "sft" / "adapter"),
            prompts_file=str(self.root / "data" / "train.jsonl"),
            eval_file=str(self.root / "data" / "heldout.jsonl"), output_dir=str(self.root / "raft"),
            eval_baseline=True)
        RAFTTrainer(verifier, config=raft_cfg, model_config=self.cfg.model,
                    generation=self.cfg.generation).run()

    # -- results

    def stages(self) -> list[Stage]:
        from halo_forge.benchmark.report import load_results

        rows = [("Base", self.root / "base"), ("SFT baseline", self.root / "raft" / "cycle_0" / "eval")]
        rows += [(f"RAFT cycle {c}", self.root / "raft" / f"cycle_{c}" / "eval")
                 for c in range(1, self.cfg.raft.num_cycles + 1)]
        return [Stage(name, path, load_results(path)) for name, path in rows]

    def write_report(self, stages: list[Stage]) -> None:
        from halo_forge.benchmark.plots import plot_raft, plot_stages

        plots = self.root / "plots"
        plots.mkdir(parents=True, exist_ok=True)
        images = [plot_stages([(s.name, s.results) for s in stages], plots / "stages.png")]
        images += plot_raft(self.root / "raft", plots)
        summary = summarize(stages, self.cfg.raft.bootstrap_samples, self.cfg.generation.seed)
        timings = _read_json(self.root / TIMINGS_FILE)
        _write_json(self.root / DEMO_FILE, {"stages": summary, "timings_s": timings})
        (self.root / REPORT_FILE).write_text(report_markdown(self.cfg, summary, timings, images, self.root),
                                             encoding="utf-8")

    def step(self, key: str, name: str, work: Any) -> None:
        """One of the demo's own stages: timed, and shown with the summary ``work`` returns (None: an
        earlier run finished it)."""
        with console.stage(key) as stage:
            note = self.timed(name, work)
            if note is None:
                stage.skip()
            else:
                stage.summary(note)

    def timed(self, name: str, stage: Any) -> Any:
        """Run a stage and add its wall time to timings.json (a resumed stage adds up)."""
        started = time.perf_counter()
        result = stage()
        path = self.root / TIMINGS_FILE
        timings = _read_json(path)
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - started, 1)
        _write_json(path, timings)
        return result


# ----------------------------------------------------------------------------------------------- summary

def summarize(stages: list[Stage], resamples: int, seed: int) -> list[dict[str, Any]]:
    """Per stage: compile rate and pass@1 with their 95% intervals, and the difference to the SFT
    baseline with a paired interval (the same tasks resampled for both stages)."""
    from halo_forge.benchmark.pass_at_k import bootstrap_interval

    def per_task(results: dict[str, Any]) -> dict[str, tuple[float, float]]:
        metric = results["metric"]
        return {t["task_id"]: (t[f"{metric}@1"], t["compiled"] / t["samples"]) for t in results["per_task"]}

    reference = per_task(stages[1].results) if len(stages) > 1 else {}
    out = []
    for stage in stages:
        results, scores = stage.results, per_task(stage.results)
        metric = results["metric"]
        row = {"stage": stage.name, "metric": metric, "at_1": results["scores"][f"{metric}@1"],
               "at_1_ci": results.get("ci95"), "compile_rate": results["compile_rate"],
               "compile_rate_ci": results.get("compile_rate_ci"), "tasks": results["num_tasks"],
               "samples_per_task": results["samples_per_task"], "results": str(stage.results_dir)}
        if reference and stage is not stages[1] and set(scores) == set(reference):
            ids = sorted(scores)
            for index, key in ((0, "at_1"), (1, "compile_rate")):
                diffs = [scores[i][index] - reference[i][index] for i in ids]
                row[f"{key}_vs_sft"] = sum(diffs) / len(diffs)
                row[f"{key}_vs_sft_ci"] = bootstrap_interval(diffs, resamples, seed=seed)
        out.append(row)
    return out


def _cell(value: float, interval: Any) -> str:
    return f"{value:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else f"{value:.3f}"


def _delta(row: dict[str, Any], key: str) -> str:
    if f"{key}_vs_sft" not in row:
        return "—"
    value, interval = row[f"{key}_vs_sft"], row[f"{key}_vs_sft_ci"]
    return f"{value:+.3f}" + (f" [{interval[0]:+.2f}, {interval[1]:+.2f}]" if interval else "")


def table_rows(summary: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of the table: ``Stage | Compile Rate | pass@1`` with 95% intervals."""
    metric = summary[0]["metric"] if summary else "pass"
    return ("Stage", "Compile Rate", f"{metric}@1"), [
        (r["stage"], _cell(r["compile_rate"], r["compile_rate_ci"]), _cell(r["at_1"], r["at_1_ci"]))
        for r in summary]


def table(summary: list[dict[str, Any]]) -> str:
    """The table as text (the one piped output and logs get)."""
    header, body = table_rows(summary)
    rows = [header, *body]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def report_markdown(cfg: HaloConfig, summary: list[dict[str, Any]], timings: dict[str, float],
                    images: list[Path], root: Path) -> str:
    metric = summary[0]["metric"] if summary else "pass"
    first = summary[0] if summary else {}
    lines = [
        "# halo-forge demo report", "",
        f"Model `{cfg.sft.model_name}`, dataset `{cfg.demo.dataset}`: {first.get('tasks', 0)} held-out tasks "
        f"x {first.get('samples_per_task', 0)} completion(s) per stage (temperature "
        f"{cfg.generation.temperature}, max {cfg.generation.max_new_tokens} new tokens), verifier "
        f"`{cfg.verifier.type}`. Intervals are 95% bootstrap intervals over tasks; the differences to the "
        "SFT baseline are paired (the same tasks resampled for both stages).", "",
        f"| Stage | Compile Rate | {metric}@1 | Δ compile vs SFT | Δ {metric}@1 vs SFT |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {r['stage']} | {_cell(r['compile_rate'], r['compile_rate_ci'])} | "
              f"{_cell(r['at_1'], r['at_1_ci'])} | {_delta(r, 'compile_rate')} | {_delta(r, 'at_1')} |"
              for r in summary]
    lines += ["", "## Time per stage", "", "| stage | seconds |", "|---|---|"]
    lines += [f"| {name} | {seconds:.0f} |" for name, seconds in timings.items()]
    lines += [f"| total | {sum(timings.values()):.0f} |", "", "## Plots", ""]
    lines += [f"![{image.stem}]({image.relative_to(root).as_posix()})" for image in images]
    lines += ["", "Files: `base/`, `sft/`, `raft/` (per-cycle samples, kept samples, evaluations), "
              "`demo.json` (these numbers as data)."]
    return "\n".join(lines) + "\n"


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write_json(path: Path, data: Any) -> None:
    from halo_forge.tasks import atomic_write_text

    atomic_write_text(path, json.dumps(data, indent=2) + "\n")


# -------------------------------------------------------------------------------------------------- CLI

def start_fresh(root: Path) -> None:
    """``--fresh``: delete a previous demo run directory (and nothing that is not one)."""
    if not root.exists():
        return
    if not (root / CONFIG_FILE).exists() and any(root.iterdir()):
        raise InputError(f"{root}: not a demo run directory (no {CONFIG_FILE}); not deleting it")
    shutil.rmtree(root)


def demo_command(cfg: HaloConfig, args: Any) -> int:
    """``halo-forge demo [--config FILE] [--output DIR] [--fresh]``: run or resume, print the table."""
    root = Path(cfg.demo.output_dir)
    if args.fresh:
        start_fresh(root)
    started = time.perf_counter()
    summary = summarize(DemoRun(cfg).run(), cfg.raft.bootstrap_samples, cfg.generation.seed)
    console.show_table(*table_rows(summary), plain=table(summary))
    last = summary[-1]
    if "at_1_vs_sft" in last:
        print(f"\nlast cycle vs SFT baseline (paired 95% interval): compile rate {_delta(last, 'compile_rate')}, "
              f"{last['metric']}@1 {_delta(last, 'at_1')}")
    print(f"\nreport: {root / REPORT_FILE} (plots in {root / 'plots'}); this run took "
          f"{time.perf_counter() - started:.0f}s")
    return 0
