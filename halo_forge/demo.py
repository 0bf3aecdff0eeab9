"""``halo-forge demo`` (``make demo``): the whole pipeline on the embedded model, offline, with a report.

    halo-forge demo                                   # configs/demo.yaml; rerun the same to resume
    halo-forge demo --config my_demo.yaml --output runs/demo2
    halo-forge demo --fresh                           # delete the run directory and start over

Stages, each written to the run directory as it finishes (a rerun skips what is finished and resumes
what was cut off)::

    data/          the dataset's train and held-out splits as task files; the train split is cut in two
                   disjoint pools: sft.jsonl (``demo.sft_fraction``) and raft.jsonl (the rest)
    base/          greedy benchmark of the base model on the held-out tasks (results.json, samples.jsonl)
    sft/           SFT of the base model on the SFT pool's reference solutions (adapter/, metrics.jsonl)
    raft/          RAFT cycles on the RAFT pool, starting from the SFT adapter; raft/cycle_0/eval is
                   the SFT model's greedy held-out benchmark, raft/cycle_N/eval the one after cycle N
    sampled/       base/, sft/, cycle_N/: ``demo.eval_samples`` completions per held-out task at
                   ``demo.eval_temperature`` for the base model, the SFT baseline and the last cycle
    plots/         stages.png (compile rate and pass@1 per stage) and the RAFT run's plots
    report.md      the table, the paired differences to the SFT baseline, what each RAFT cycle kept, timings
    demo.json      the same numbers as data

Every stage scores the same held-out tasks with the same settings (the ``generation`` section for the
greedy score, the same seeds for the sampled one, the ``verifier`` section, ``raft.bootstrap_samples`` for
the intervals), so base, SFT and each cycle are comparable.
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
from halo_forge.demo_report import (Stage, cycle_rows, headline, read_json, report_markdown, summarize, table,
                                    table_rows)
from halo_forge.errors import InputError

log = logging.getLogger(__name__)

CONFIG_FILE, TIMINGS_FILE, REPORT_FILE, DEMO_FILE = "demo_config.json", "timings.json", "report.md", "demo.json"
# Rough seconds per SFT example and epoch on the reference CPU (docs/demo.md: 433 s for 261), for the ETA.
SECONDS_PER_SFT_EXAMPLE = 1.65


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
        verifier = build_verifier(self.cfg.verifier, training=True)
        with verifier, console.run("demo", self.plan()):
            self.step("demo.base", "base benchmark", lambda: self.benchmark_base(verifier, heldout))
            self.step("demo.sft", "sft", self.sft)
            self.timed("raft", lambda: self.raft(verifier))      # its cycles are stages of their own
            if self.cfg.demo.eval_samples:
                self.step("demo.sampled", "sampled evaluation",
                          lambda: self.sampled_evaluations(verifier, heldout))
            with console.stage("demo.report"):
                stages = self.stages()
                self.write_report(stages)
        return stages

    def plan(self) -> list[console.Planned]:
        """The stages for the console, each with a rough cost for the ETA (the console learns the rest)."""
        from halo_forge.rlvr.raft_report import SECONDS_PER_EVAL_SAMPLE, SECONDS_PER_SAMPLE, plan

        cfg = self.cfg
        heldout, sft, raft = (len((self.root / "data" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())
                              for name in ("heldout", "sft", "raft"))
        sft_examples = sft * (1 - cfg.sft.val_split) * cfg.sft.num_epochs
        stages = [console.Planned("demo.base", "Base benchmark", "benchmark",
                                  heldout * cfg.raft.eval_samples * SECONDS_PER_EVAL_SAMPLE),
                  console.Planned("demo.sft", "SFT", "sft", sft_examples * SECONDS_PER_SFT_EXAMPLE),
                  *[dataclasses.replace(p, label="SFT baseline benchmark") if p.key == "raft.cycle0" else p
                    for p in plan(cfg.raft, raft, heldout, cfg.raft.num_cycles)]]
        if cfg.demo.eval_samples:
            stages.append(console.Planned(
                "demo.sampled", "Sampled evaluation", "sampled",
                len(self.sampled_models()) * heldout * cfg.demo.eval_samples * SECONDS_PER_SAMPLE))
        return [*stages, console.Planned("demo.report", "Report and plots", "report", 1.0)]

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
        """The dataset's train and held-out splits, and the train split's SFT and RAFT pools, as task
        files (rewritten identically on a resume)."""
        from halo_forge.data.prepare import load_dataset
        from halo_forge.tasks import write_tasks

        demo = self.cfg.demo
        data = dataclasses.replace(self.cfg.data, dataset=demo.dataset, split="all", max_tasks=None)
        tasks = load_dataset(data)
        train = [t for t in tasks if t.metadata.get("split") == "train"]
        heldout = [t for t in tasks if t.metadata.get("split") == "heldout"][:demo.heldout_tasks]
        sft_pool, rest = split_pools(train, demo.sft_fraction, seed=self.cfg.sft.seed)
        raft_pool = rest if demo.raft_pool == "rest" else train
        sft_pool = sft_pool[:demo.sft_tasks]
        files = {"train": train, "heldout": heldout, "sft": sft_pool, "raft": raft_pool}
        for name, rows in files.items():
            write_tasks(self.root / "data" / f"{name}.jsonl", rows)
        log.info("demo data (%s): %d train tasks (SFT learns %d, RAFT samples %d), %d held-out tasks",
                 demo.dataset, len(train), len(sft_pool), len(raft_pool), len(heldout))
        return self.root / "data" / "train.jsonl", self.root / "data" / "heldout.jsonl"

    def benchmark_base(self, verifier: Any, heldout: Path) -> str | None:
        """The base model on the held-out tasks, scored exactly like RAFT scores each cycle."""
        from halo_forge.benchmark.runner import evaluate, write_results
        from halo_forge.benchmark.schema import RESULTS_FILE
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
        train = self.root / "data" / "sft.jsonl"
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
            prompts_file=str(self.root / "data" / "raft.jsonl"),
            eval_file=str(self.root / "data" / "heldout.jsonl"), output_dir=str(self.root / "raft"),
            eval_baseline=True)
        RAFTTrainer(verifier, config=raft_cfg, model_config=self.cfg.model,
                    generation=self.cfg.generation).run()

    def sampled_models(self) -> list[tuple[str, str]]:
        """(name under sampled/, model) of the sampled evaluation: base, SFT baseline, last cycle."""
        last = self.cfg.raft.num_cycles
        return [("base", self.model_name), ("sft", str(self.root / "sft" / "adapter")),
                (f"cycle_{last}", str(self.root / "raft" / f"cycle_{last}" / "adapter"))]

    def sampled_evaluations(self, verifier: Any, heldout: Path) -> str | None:
        """``demo.eval_samples`` completions per held-out task at ``demo.eval_temperature`` for the base
        model, the SFT baseline and the last cycle, with the same seeds: pass@1 from n samples moves in
        finer steps than one greedy sample, and pass@n shows whether RAFT widened what the model can solve."""
        from halo_forge.benchmark.runner import evaluate, write_results
        from halo_forge.benchmark.schema import RESULTS_FILE
        from halo_forge.generation import make_engine
        from halo_forge.tasks import read_tasks

        cfg, n = self.cfg, self.cfg.demo.eval_samples
        if n == 0:
            return None
        sampling = dataclasses.replace(cfg.generation, temperature=cfg.demo.eval_temperature)
        done = []
        for name, model in self.sampled_models():
            out = self.root / "sampled" / name
            if (out / RESULTS_FILE).exists():
                continue
            engine = make_engine(model, cfg.model, sampling)
            result = evaluate(engine, verifier, read_tasks(heldout), n=n, sampling=sampling,
                              ks=sorted({1, n}), bootstrap_samples=cfg.raft.bootstrap_samples,
                              seed=cfg.generation.seed)
            write_results(out, {"stage": name, "model": model, "sampling": to_dict(sampling),
                                "verifier": {"settings": verifier.settings()}}, result)
            done.append(f"{name} {result.metric}@1 {result.at_1:.3f}")
            del engine
            gc.collect()
        return ", ".join(done) or None

    # -- results

    def stages(self) -> list[Stage]:
        from halo_forge.benchmark.schema import load_results

        last = self.cfg.raft.num_cycles
        rows = [("Base", self.root / "base", "base"),
                ("SFT baseline", self.root / "raft" / "cycle_0" / "eval", "sft")]
        rows += [(f"RAFT cycle {c}", self.root / "raft" / f"cycle_{c}" / "eval", f"cycle_{c}")
                 for c in range(1, last + 1)]
        sampled = {name for name, _ in self.sampled_models()} if self.cfg.demo.eval_samples else set()
        return [Stage(name, path, load_results(path),
                      load_results(self.root / "sampled" / key) if key in sampled else None)
                for name, path, key in rows]

    def write_report(self, stages: list[Stage]) -> None:
        from halo_forge.benchmark.plots import plot_raft, plot_stages

        plots = self.root / "plots"
        plots.mkdir(parents=True, exist_ok=True)
        images = [plot_stages([(s.name, s.results) for s in stages], plots / "stages.png")]
        images += plot_raft(self.root / "raft", plots)
        summary = summarize(stages, self.cfg.raft.bootstrap_samples, self.cfg.generation.seed)
        timings = read_json(self.root / TIMINGS_FILE)
        tasks = {json.loads(line)["task_id"]: json.loads(line) for line in
                 (self.root / "data" / "train.jsonl").read_text(encoding="utf-8").splitlines()}
        cycles = cycle_rows(self.root / "raft", tasks)
        _write_json(self.root / DEMO_FILE, {"stages": summary, "cycles": cycles, "timings_s": timings})
        (self.root / REPORT_FILE).write_text(
            report_markdown(self.cfg, summary, timings, images, self.root, cycles), encoding="utf-8")

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
        timings = read_json(path)
        timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - started, 1)
        _write_json(path, timings)
        return result


# ----------------------------------------------------------------------------------------------- summary

def split_pools(train: list[Any], fraction: float, seed: int) -> tuple[list[Any], list[Any]]:
    """The train tasks cut in two disjoint pools, ``fraction`` of each difficulty in the first (a seeded
    draw), both in file order.

    >>> from halo_forge.tasks import Task
    >>> tasks = [Task(task_id=f"t{i}", prompt="p", difficulty="easy" if i < 4 else "hard") for i in range(8)]
    >>> first, rest = split_pools(tasks, 0.5, seed=1)
    >>> len(first), len(rest), sorted(t.difficulty for t in first)
    (4, 4, ['easy', 'easy', 'hard', 'hard'])
    """
    import random

    rng = random.Random(f"{seed}/pools")
    by_level: dict[str, list[int]] = {}
    for index, task in enumerate(train):
        by_level.setdefault(str(task.difficulty), []).append(index)
    chosen: set[int] = set()
    for level in sorted(by_level):
        members = by_level[level]
        chosen.update(rng.sample(members, round(fraction * len(members))))
    return ([t for i, t in enumerate(train) if i in chosen], [t for i, t in enumerate(train) if i not in chosen])


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
    if len(summary) > 2:
        print("\n" + headline(summary))
    print(f"\nreport: {root / REPORT_FILE} (plots in {root / 'plots'}); this run took "
          f"{time.perf_counter() - started:.0f}s")
    return 0
