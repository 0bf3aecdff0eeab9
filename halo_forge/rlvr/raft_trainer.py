"""RAFT (reward-ranked fine-tuning): generate, verify, keep the best, train on them, evaluate; repeat.

    from halo_forge.rlvr import RAFTTrainer, RAFTConfig
    from halo_forge.rlvr.verifiers import GCCVerifier

    trainer = RAFTTrainer(verifier=GCCVerifier(run_after_compile=True), sft_checkpoint="runs/sft/adapter",
                          config=RAFTConfig(output_dir="runs/raft", samples_per_prompt=8))
    history = trainer.run("data/train.jsonl", num_cycles=3, eval_tasks="data/heldout.jsonl")

One cycle (:meth:`RAFTTrainer.run_cycle`) reads like its description: the curriculum picks the tasks
(:meth:`~RAFTTrainer.plan`), :func:`~halo_forge.rlvr.rollout.rollout` generates them at the cycle's
temperature while the verifier checks finished samples (verification overlaps generation),
:func:`~halo_forge.rlvr.select.select_samples` keeps the best, :meth:`~RAFTTrainer.train` continues the
same adapter at the cycle's learning rate, :meth:`~RAFTTrainer.evaluate` scores the held-out tasks, and
the statistics are written. Per-cycle values come from :mod:`halo_forge.rlvr.schedules`; the config is
never changed. The run's tasks come from :func:`halo_forge.tasks.train_and_heldout`.

Everything is written as it is made (see :mod:`halo_forge.rlvr.raft_store`), so rerunning with the same
output directory resumes where a killed run stopped (the rollout's files included: a chunk cut short is
generated again identically and only its missing samples are added). Building a trainer loads nothing;
the model is loaded by :meth:`run`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any, Sequence

from halo_forge import console
from halo_forge.config import GenerationConfig, ModelConfig, RAFTConfig, to_dict
from halo_forge.errors import InputError
from halo_forge.rlvr.raft_report import cycle_line, plan
from halo_forge.benchmark.schema import RESULTS_FILE, eval_columns, row_metric, row_score
from halo_forge.rlvr.raft_store import (KEPT_FILE, PLAN_FILE, RUN_FILE, RunStore, flat_numbers, run_fingerprint,
                                        sample_statistics, write_json, write_kept)
from halo_forge.rlvr.rollout import rollout
from halo_forge.rlvr.schedules import (TaskRecord, cycle_learning_rate, cycle_plan, cycle_reward_floor,
                                       cycle_temperature)
from halo_forge.rlvr.sample import Sample
from halo_forge.rlvr.select import composition, select_samples
from halo_forge.tasks import Task, train_and_heldout
from halo_forge.utils.distributed import bind_local_device, broadcast, is_main_process, leave, world_size

log = logging.getLogger(__name__)

__all__ = ["RAFTConfig", "RAFTTrainer", "train_command"]


# --------------------------------------------------------------------------------------------- trainer

class RAFTTrainer:
    """The RAFT loop over one run directory (``config.output_dir``)."""

    def __init__(self, verifier: Any, sft_checkpoint: str | None = None, config: RAFTConfig | None = None,
                 *, model_config: ModelConfig | None = None, generation: GenerationConfig | None = None,
                 progress: bool = True):
        self.verifier = verifier
        self.config = config if config is not None else RAFTConfig()
        self.start_model = sft_checkpoint if sft_checkpoint is not None else (
            self.config.sft_checkpoint or self.config.model_name)
        self.model_config = model_config if model_config is not None else ModelConfig()
        self.generation = generation if generation is not None else GenerationConfig()
        self.store = RunStore(self.config.output_dir)
        self.progress = progress
        self.model = self.tokenizer = self.engine = None

    # -- the run

    def run(self, tasks_or_prompts: str | Path | Sequence[Any] | None = None, num_cycles: int | None = None,
            eval_tasks: str | Path | Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run (or resume) cycles up to ``num_cycles``; returns every finished cycle's statistics.

        Under ``accelerate launch`` / ``torchrun`` rank 0 runs the cycles and the other ranks only train
        with it (:meth:`_follow`)."""
        if not is_main_process():
            try:
                return self._follow()
            finally:
                leave()
        try:
            return self._run(tasks_or_prompts, num_cycles, eval_tasks)
        finally:
            self._tell_followers(None)
            leave()

    def _run(self, tasks_or_prompts: Any, num_cycles: int | None, eval_tasks: Any) -> list[dict[str, Any]]:
        cfg = self.config
        num_cycles = num_cycles if num_cycles is not None else cfg.num_cycles
        train_tasks, heldout = self._tasks(tasks_or_prompts, eval_tasks)
        resumed = self.store.claim(self._fingerprint(train_tasks, heldout))
        console.announce(plan(cfg, len(train_tasks), len(heldout), num_cycles))
        history = [s for s in self.store.finished_cycles() if s["cycle"] > 0]
        first = len(history) + 1
        self._show_finished(min(first, num_cycles + 1), bool(heldout))
        if first > num_cycles:
            log.info("%s: all %d cycles are finished", self.store.root, num_cycles)
            return self.store.finished_cycles()
        if resumed:
            log.info("%s: resuming at cycle %d", self.store.root, first)
        self._tell_followers(("load", first))
        self._start_engine(self._load_model(first))
        if cfg.eval_baseline and heldout and self.store.stats(0) is None:
            with console.stage("raft.cycle0", "baseline benchmark", kind="benchmark") as stage:
                baseline = {"cycle": 0, **self.evaluate(0, heldout)}
                self._tensorboard(baseline)
                self.store.finish_cycle(0, baseline)
                self._record_best()
                stage.summary(cycle_line(baseline))
        for cycle in range(first, num_cycles + 1):
            with console.stage(f"raft.cycle{cycle}", f"RAFT cycle {cycle}", kind="raft") as stage:
                stats = self.run_cycle(cycle, num_cycles, train_tasks, heldout, history)
                stage.summary(cycle_line(stats))
            history.append(stats)
        return self.store.finished_cycles()

    def _show_finished(self, first: int, has_heldout: bool) -> None:
        """Tell the console which of its stages an earlier run finished (or that cycle 0 never runs)."""
        if not (self.config.eval_baseline and has_heldout):
            console.drop("raft.cycle0")
        elif self.store.stats(0) is not None:
            console.skip("raft.cycle0")
        for cycle in range(1, first):
            console.skip(f"raft.cycle{cycle}")

    def run_cycle(self, cycle: int, num_cycles: int, tasks: list[Task], heldout: list[Task],
                  history: list[dict[str, Any]]) -> dict[str, Any]:
        """One cycle: tasks -> generate + verify -> select -> train -> evaluate -> statistics."""
        cfg = self.config
        started = time.perf_counter()
        lr = cycle_learning_rate(cfg, cycle)
        temperature = cycle_temperature(cfg, cycle)
        floor = cycle_reward_floor(cfg, cycle, num_cycles, history)
        plan = self.plan(cycle, num_cycles, tasks, history)
        log.info("cycle %d/%d: %d tasks, %d samples, temperature %.3g, lr %.3g, reward floor %.2f", cycle,
                 num_cycles, len(plan), sum(n for _, n in plan), temperature, lr, floor)
        trained = self.store.adapter_dir(cycle).exists()   # a resumed cycle whose training is done
        samples = rollout(self.engine, self.verifier, plan, self.store.cycle_dir(cycle),
                          sampling=dataclasses.replace(self.generation, temperature=temperature),
                          seed=cfg.seed, cycle=cycle, verify_chunk=cfg.verify_chunk, progress=self.progress)
        generated = time.perf_counter()
        kept = select_samples(samples, strategy=cfg.selection, keep_per_task=cfg.keep_per_task,
                              keep_top_percent=cfg.keep_top_percent, reward_floor=floor,
                              fallback=cfg.fallback, seed=(cfg.seed, cycle), dedup=cfg.dedup)
        write_kept(self.store.cycle_dir(cycle) / KEPT_FILE, kept)
        kept_summary = composition(kept)
        log.info("cycle %d: kept %d of %d samples (%d passed tests, %d only compiled/ran) from %d tasks",
                 cycle, kept_summary["kept"], len(samples), kept_summary["passed"],
                 kept_summary["not_passed"], kept_summary["tasks"])
        train_metrics = self.train(cycle, kept, lr) if not trained else self._train_metrics(cycle)
        train_done = time.perf_counter()
        evaluation = self.evaluate(cycle, heldout) if heldout else {}
        stats = {"cycle": cycle, "learning_rate": lr, "temperature": temperature, "reward_floor": floor,
                 **evaluation, **train_metrics, **sample_statistics(samples), "kept": kept_summary,
                 "timings": {"generate_verify_s": generated - started, "train_s": train_done - generated,
                             "eval_s": time.perf_counter() - train_done}}
        self._tensorboard(stats)      # before the cycle counts as finished: a rerun rewrites, never skips
        self.store.finish_cycle(cycle, stats)
        self._record_best()
        return stats

    # -- stages

    def plan(self, cycle: int, num_cycles: int, tasks: list[Task],
             history: list[dict[str, Any]]) -> list[tuple[Task, int]]:
        """The cycle's tasks and samples per task (:func:`cycle_plan`), written to ``plan.json`` with each
        task's record so far; a resumed cycle reads its plan back."""
        path = self.store.cycle_dir(cycle) / PLAN_FILE
        by_id = {t.task_id: t for t in tasks}
        if path.exists():
            return [(by_id[row["task_id"]], row["samples"])
                    for row in json.loads(path.read_text(encoding="utf-8"))["tasks"]]
        records = self.store.task_records(cycle) if self.config.curriculum == "frontier" else {}
        plan = cycle_plan(self.config, tasks, cycle, num_cycles, history, records)
        rows = [{"task_id": tasks[i].task_id, "samples": n, "group": group,
                 **dataclasses.asdict(records.get(tasks[i].task_id, TaskRecord()))} for i, n, group in plan]
        groups = {name: sum(r["group"] == name for r in rows) for name in sorted({r["group"] for r in rows})}
        write_json(path, {"cycle": cycle, "curriculum": self.config.curriculum, "groups": groups,
                          "tasks": rows})
        return [(tasks[i], n) for i, n, _ in plan]

    def train(self, cycle: int, kept: list[Sample], lr: float) -> dict[str, Any]:
        """Continue training the adapter on the kept samples; save it as the cycle's adapter."""
        from halo_forge.sft.lora import save_adapter

        train_dir = self.store.cycle_dir(cycle) / "train"
        shutil.rmtree(train_dir, ignore_errors=True)    # logs of an interrupted attempt
        metrics: dict[str, Any] = {"train_loss": None, "train_steps": 0, "train_examples": 0}
        if kept:
            pairs = [(s.prompt, s.completion) for s in kept]
            self._tell_followers(("train", cycle, pairs, lr))
            result = self._fit(cycle, pairs, lr)
            metrics = {"train_loss": result["train_loss"], "train_steps": result["global_step"],
                       "train_examples": result["examples"], "train_truncated": result["truncated"]}
        else:
            log.warning("cycle %d: no sample was kept; the adapter is carried over unchanged", cycle)
        self.model.eval()
        write_json(train_dir / "train_result.json", metrics)
        adapter = self.store.save_adapter(cycle, lambda d: save_adapter(self.model, self.tokenizer, d,
                                                                        self.base_model))
        self._serve_adapter(adapter, f"cycle{cycle}")
        return metrics

    def _fit(self, cycle: int, pairs: list[tuple[str, str]], lr: float) -> dict[str, Any]:
        """Train the adapter on ``pairs`` (every rank of a launched run calls this together: DDP)."""
        from halo_forge.sft.fit import train_on_pairs

        cfg = self.config
        return train_on_pairs(
            self.model, self.tokenizer, pairs, learning_rate=lr, epochs=cfg.epochs_per_cycle,
            batch_size=cfg.train_batch_size, max_seq_length=cfg.max_seq_length,
            output_dir=self.store.cycle_dir(cycle) / "train", system_prompt=self.model_config.system_prompt,
            gradient_accumulation_steps=cfg.gradient_accumulation_steps, lr_scheduler=cfg.lr_scheduler,
            warmup_ratio=cfg.warmup_ratio, seed=cfg.seed + cycle)

    # -- several processes (accelerate launch, torchrun)

    def _tell_followers(self, message: Any) -> None:
        if world_size() > 1:
            broadcast(message)

    def _follow(self) -> list[dict[str, Any]]:
        """A rank other than 0: load the model as rank 0 does, then train in step with it on the pairs it
        sends (DDP syncs the weights from rank 0 when training starts). Rank 0 generates, verifies,
        evaluates and writes every file; this rank writes none and returns no statistics."""
        while (message := broadcast()) is not None:
            if message[0] == "load":
                self._load_model(message[1])
            else:
                _, cycle, pairs, lr = message
                self._fit(cycle, pairs, lr)
        return []

    def _train_metrics(self, cycle: int) -> dict[str, Any]:
        path = self.store.cycle_dir(cycle) / "train" / "train_result.json"
        return json.loads(path.read_text(encoding="utf-8"))

    def evaluate(self, cycle: int, heldout: list[Task]) -> dict[str, Any]:
        """Held-out pass@1 (compile@1 for a compile-only verifier), compile rate, error breakdown; the
        benchmark's files under ``cycle_N/eval``. A finished evaluation is read back, not redone."""
        from halo_forge.benchmark.runner import evaluate, write_results

        out = self.store.cycle_dir(cycle) / "eval"
        if not (out / RESULTS_FILE).exists():
            result = evaluate(self.engine, self.verifier, heldout, n=self.config.eval_samples,
                              sampling=self.generation, ks=[1], bootstrap_samples=self.config.bootstrap_samples,
                              seed=self.generation.seed)
            header = {"cycle": cycle, "model": str(self.store.adapter_dir(cycle)) if cycle else self.start_model,
                      "verifier": {"settings": self.verifier.settings(), "compile_only": result.metric == "compile"},
                      "sampling": to_dict(self.generation)}
            write_results(out, header, result)
        return eval_columns(json.loads((out / RESULTS_FILE).read_text(encoding="utf-8")))

    # -- setup

    def _tasks(self, tasks_or_prompts: Any, eval_tasks: Any) -> tuple[list[Task], list[Task]]:
        cfg = self.config
        return train_and_heldout(tasks_or_prompts if tasks_or_prompts is not None else cfg.prompts_file,
                                 eval_tasks if eval_tasks is not None else cfg.eval_file, "raft")

    def _fingerprint(self, train: list[Task], heldout: list[Task]) -> dict[str, Any]:
        return run_fingerprint(self.config, self.start_model, self.model_config, self.generation,
                               self.verifier.settings(), train, heldout)

    def _load_model(self, first_cycle: int) -> tuple[Path, str] | None:
        """The model the first unfinished cycle starts from: its own adapter if it already trained, else
        the previous cycle's adapter, else the starting model (with a fresh, seeded LoRA adapter).
        Returns the adapter directory it was loaded from and its label, None for a fresh adapter."""
        import torch

        from halo_forge.models import load_model, resolve_model
        from halo_forge.sft.lora import LoraSettings, add_lora

        cfg = self.config
        bind_local_device()
        source = resolve_model(self.start_model)
        self.base_model = source.weights.name if source.kind == "adapter" else self.start_model
        adapter = (Path(self.start_model), "start") if source.kind == "adapter" else None
        for cycle in (first_cycle, first_cycle - 1):
            if cycle >= 1 and self.store.adapter_dir(cycle).exists():
                adapter = (self.store.adapter_dir(cycle), f"cycle{cycle}")
                self.model, self.tokenizer = load_model(str(adapter[0]), self.model_config, trainable=True)
                break
        else:
            self.model, self.tokenizer = load_model(self.start_model, self.model_config, trainable=True)
            torch.manual_seed(cfg.seed)       # the fresh adapter's initialisation is part of the run
            self.model = add_lora(self.model, LoraSettings.of(cfg, "raft"), self.start_model)
        self.model.eval()
        return adapter

    def _start_engine(self, adapter: tuple[Path, str] | None) -> None:
        """An in-process engine (hf, openvino) on the model being trained, or a generation server that gets
        every adapter trained here (``adapter``: the one the model was loaded from, if any)."""
        from halo_forge.generation import LOCAL_ENGINES, engine_on, make_engine

        if self.generation.engine in LOCAL_ENGINES:
            self.engine = engine_on(self.model, self.tokenizer, self.model_config, self.generation,
                                    self.start_model, progress=self.progress)
            return
        self.engine = make_engine(self.start_model, self.model_config, self.generation)
        if adapter is not None:
            self._serve_adapter(*adapter)

    def _serve_adapter(self, directory: Path, label: str) -> None:
        """Hot-load ``directory`` into a generation server (vLLM's runtime LoRA API), so the next samples
        come from the adapter just trained; the HF engine samples from ``self.model`` itself."""
        if hasattr(self.engine, "load_adapter"):
            self.engine.load_adapter(f"{self.store.root.name}-{label}", directory)

    # -- records

    def _record_best(self) -> None:
        rows = [r for r in self.store.finished_cycles() if row_score(r) is not None]
        if not rows:
            return
        best = max(rows, key=lambda r: (row_score(r), r.get("compile_rate", 0.0), -r["cycle"]))
        self.store.record_best({"cycle": best["cycle"], f"{row_metric(best)}_at_1": row_score(best),
                                "compile_rate": best.get("compile_rate"),
                                "adapter": str(self.store.adapter_dir(best["cycle"])) if best["cycle"] else None,
                                "model": self.start_model if best["cycle"] == 0 else None})

    def _tensorboard(self, stats: dict[str, Any]) -> None:
        from torch.utils.tensorboard import SummaryWriter

        writer = SummaryWriter(log_dir=str(self.store.root / "tensorboard"))
        for key, value in flat_numbers(stats).items():
            if key != "cycle":
                writer.add_scalar(f"raft/{key}", value, stats["cycle"])
        writer.close()


# -------------------------------------------------------------------------------------------------- CLI

def train_command(cfg: Any, args: Any) -> int:
    """``halo-forge raft train``: run or resume the cycles, then print one line per cycle."""
    from halo_forge.rlvr.verifiers.registry import build_verifier

    if getattr(args, "resume", False) and not (Path(cfg.raft.output_dir) / RUN_FILE).exists():
        raise InputError(f"{cfg.raft.output_dir}: no RAFT run to resume (run without --resume to start one)")
    verifier = build_verifier(cfg.verifier, training=True)
    trainer = RAFTTrainer(verifier=verifier, config=cfg.raft, model_config=cfg.model,
                          generation=cfg.generation)
    with verifier, console.run("raft train"):
        rows = trainer.run()
    if not is_main_process():          # a launched run: rank 0 reports
        return 0
    for row in rows:
        print(f"cycle {row['cycle']}{' (start)' if row['cycle'] == 0 else ''}: {cycle_line(row)}")
    out = Path(cfg.raft.output_dir)
    if (out / "best.json").exists():
        best = json.loads((out / "best.json").read_text(encoding="utf-8"))
        print(f"best cycle: {best['cycle']} ({out / 'best'})" if best["adapter"] else
              f"best cycle: 0 (the starting model)")
    print(f"metrics: {out / 'metrics.jsonl'}")
    return 0
