"""GRPO vs RAFT on one footing: the same SFT start, train tasks, verifier, seeds and training wall-clock,
scored on the same held-out tasks by the same benchmark code.

    .venv/bin/python bench/grpo_vs_raft.py --output runs/grpo_vs_raft              # the small run of docs/grpo.md
    .venv/bin/python bench/grpo_vs_raft.py --output runs/grpo_vs_raft_full --train-tasks 145 \\
        --raft-cycles 3 --raft-prompts 48 --sft-epochs 2                           # the demo's sizes

Stages (each skipped when its result is on disk, so a rerun resumes):

1. data: the ``bundled-c`` train split (the first ``--train-tasks``) and held-out split (``--heldout-tasks``);
2. SFT of the embedded model on the train tasks' reference solutions (configs/demo.yaml's ``sft``);
3. RAFT from that adapter (configs/demo.yaml's ``raft``, ``--raft-cycles`` x ``--raft-prompts``); its cycle 0
   is the SFT model's held-out score, the baseline of both;
4. GRPO from the same adapter (configs/grpo_demo.yaml's ``grpo``), stopped when its training time reaches
   RAFT's (generate + verify + train of all cycles, held-out evaluations excluded for both);
5. report.md + comparison.json: compile rate and pass@1 with 95% intervals, paired differences (the same
   resampled tasks for both sides), samples generated and optimizer steps.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import logging
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from transformers import TrainerCallback  # noqa: E402

from halo_forge.benchmark.pass_at_k import bootstrap_interval  # noqa: E402
from halo_forge.config import load_config  # noqa: E402

log = logging.getLogger("grpo_vs_raft")


class WallClockBudget(TrainerCallback):
    """Stops training once ``seconds`` of it have passed (held-out evaluations are not counted)."""

    def __init__(self, seconds: float):
        self.seconds, self.started = seconds, None

    def on_train_begin(self, args, state, control, **kwargs):
        self.started = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if time.perf_counter() - self.started >= self.seconds:
            log.info("GRPO: training budget of %.0f s spent after step %d", self.seconds, state.global_step)
            control.should_training_stop = True


def write_data(root: Path, train_tasks: int, heldout_tasks: int | None) -> tuple[Path, Path]:
    from halo_forge.config import DataConfig
    from halo_forge.data.prepare import load_dataset
    from halo_forge.tasks import write_tasks

    tasks = load_dataset(DataConfig(dataset="bundled-c", split="all"))
    train = [t for t in tasks if t.metadata.get("split") == "train"][:train_tasks]
    heldout = [t for t in tasks if t.metadata.get("split") == "heldout"][:heldout_tasks]
    paths = root / "data" / "train.jsonl", root / "data" / "heldout.jsonl"
    write_tasks(paths[0], train)
    write_tasks(paths[1], heldout)
    return paths


def run_sft(cfg, root: Path, train: Path, epochs: float) -> Path:
    from halo_forge.sft.trainer import SFTTrainer

    out = root / "sft"
    if not (out / "sft_result.json").exists():
        sft = dataclasses.replace(cfg.sft, train_file=str(train), val_file=None, output_dir=str(out),
                                  num_epochs=epochs)
        started = time.perf_counter()
        SFTTrainer(sft, cfg.model).train(resume=any((out / "checkpoints").glob("checkpoint-*")))
        (out / "bench_time.json").write_text(json.dumps({"sft_s": time.perf_counter() - started}))
        gc.collect()
    return out / "adapter"


def run_raft(cfg, verifier, root: Path, adapter: Path, train: Path, heldout: Path, cycles: int,
             prompts: int) -> list[dict]:
    from halo_forge.rlvr.raft_trainer import RAFTTrainer

    raft = dataclasses.replace(cfg.raft, sft_checkpoint=str(adapter), prompts_file=str(train),
                               eval_file=str(heldout), output_dir=str(root / "raft"), num_cycles=cycles,
                               max_prompts=prompts, eval_baseline=True)
    rows = RAFTTrainer(verifier, config=raft, model_config=cfg.model, generation=cfg.generation,
                       progress=False).run()
    gc.collect()
    return rows


def run_grpo(grpo_cfg, verifier, root: Path, adapter: Path, train: Path, heldout: Path, budget_s: float) -> dict:
    from halo_forge.rlvr.grpo import GRPORun

    out = root / "grpo"
    if (out / "grpo_result.json").exists():
        return json.loads((out / "grpo_result.json").read_text())
    grpo = dataclasses.replace(grpo_cfg.grpo, sft_checkpoint=str(adapter), prompts_file=str(train),
                               eval_file=str(heldout), output_dir=str(out), max_steps=100_000,
                               eval_steps=100_000, eval_baseline=False)   # cycle 0 of RAFT is the baseline
    budget = WallClockBudget(budget_s)
    started = time.perf_counter()
    result = GRPORun(verifier, grpo, model_config=grpo_cfg.model, generation=grpo_cfg.generation,
                     progress=False, callbacks=[budget]).run()
    result["bench_wall_s"] = time.perf_counter() - started
    (out / "grpo_result.json").write_text(json.dumps(result, indent=2, default=str))
    return result


def per_task(results_path: Path) -> dict[str, tuple[float, float]]:
    results = json.loads(results_path.read_text())
    metric = results["metric"]
    return {t["task_id"]: (t[f"{metric}@1"], t["compiled"] / t["samples"]) for t in results["per_task"]}


def paired(a: dict, b: dict, index: int, resamples: int) -> tuple[float, list[float]]:
    ids = sorted(a)
    diffs = [a[i][index] - b[i][index] for i in ids]
    return sum(diffs) / len(diffs), list(bootstrap_interval(diffs, resamples, seed=0))


def cell(value: float, interval) -> str:
    return f"{value:.3f} [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else f"{value:.3f}"


def report(root: Path, raft_rows: list[dict], grpo: dict, resamples: int) -> str:
    raft_budget = sum(r["timings"]["generate_verify_s"] + r["timings"]["train_s"] for r in raft_rows if r["cycle"])
    grpo_steps = grpo["global_step"]
    rewards = [json.loads(line) for line in (root / "grpo" / "rewards.jsonl").read_text().splitlines()]
    stages = [("SFT (start of both)", root / "raft" / "cycle_0" / "eval" / "results.json", "-", "-", "-"),
              (f"RAFT, {len(raft_rows) - 1} cycles", root / "raft" / f"cycle_{len(raft_rows) - 1}" / "eval" /
               "results.json", str(sum(r.get("samples", 0) for r in raft_rows if r["cycle"])),
               str(sum(r.get("train_steps", 0) for r in raft_rows if r["cycle"])), f"{raft_budget:.0f}"),
              (f"GRPO, {grpo_steps} steps", root / "grpo" / "eval" / f"step_{grpo_steps}" / "results.json",
               str(len(rewards)), str(grpo_steps), f"{grpo.get('train_runtime') or 0:.0f}")]
    scores = {name: per_task(path) for name, path, *_ in stages}
    sft = scores[stages[0][0]]
    lines = ["| stage | compile rate | pass@1 | Δ pass@1 vs SFT (paired 95%) | training samples | optimizer "
             "steps | training s |", "|---|---|---|---|---|---|---|"]
    summary = {"raft_budget_s": raft_budget, "stages": []}
    for name, path, samples, steps, seconds in stages:
        results = json.loads(path.read_text())
        delta = paired(scores[name], sft, 0, resamples) if name != stages[0][0] else None
        lines.append(f"| {name} | {cell(results['compile_rate'], results.get('compile_rate_ci'))} | "
                     f"{cell(results['scores']['pass@1'], results.get('ci95'))} | "
                     f"{'—' if delta is None else f'{delta[0]:+.3f} [{delta[1][0]:+.2f}, {delta[1][1]:+.2f}]'} | "
                     f"{samples} | {steps} | {seconds} |")
        summary["stages"].append({"stage": name, "results": str(path), "compile_rate": results["compile_rate"],
                                  "pass_at_1": results["scores"]["pass@1"], "pass_at_1_ci": results.get("ci95"),
                                  "delta_vs_sft": delta, "samples": samples, "steps": steps, "seconds": seconds})
    grpo_vs_raft = paired(scores[stages[2][0]], scores[stages[1][0]], 0, resamples)
    compile_vs_raft = paired(scores[stages[2][0]], scores[stages[1][0]], 1, resamples)
    lines += ["", f"GRPO − RAFT (paired 95%): pass@1 {grpo_vs_raft[0]:+.3f} [{grpo_vs_raft[1][0]:+.2f}, "
              f"{grpo_vs_raft[1][1]:+.2f}], compile rate {compile_vs_raft[0]:+.3f} [{compile_vs_raft[1][0]:+.2f}, "
              f"{compile_vs_raft[1][1]:+.2f}]"]
    summary.update(grpo_minus_raft_pass_at_1=grpo_vs_raft, grpo_minus_raft_compile_rate=compile_vs_raft)
    (root / "comparison.json").write_text(json.dumps(summary, indent=2))
    text = "\n".join(lines) + "\n"
    (root / "report.md").write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="runs/grpo_vs_raft")
    parser.add_argument("--train-tasks", type=int, default=48, help="first N train tasks of bundled-c")
    parser.add_argument("--heldout-tasks", type=int, default=None, help="first N held-out tasks (all: 51)")
    parser.add_argument("--sft-epochs", type=float, default=1.0)
    parser.add_argument("--raft-cycles", type=int, default=2)
    parser.add_argument("--raft-prompts", type=int, default=24, help="train tasks per RAFT cycle")
    parser.add_argument("--demo-config", default=str(REPO / "configs" / "demo.yaml"))
    parser.add_argument("--grpo-config", default=str(REPO / "configs" / "grpo_demo.yaml"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from halo_forge.rlvr.verifiers.registry import build_verifier

    cfg, grpo_cfg = load_config(args.demo_config), load_config(args.grpo_config)
    root = Path(args.output)
    train, heldout = write_data(root, args.train_tasks, args.heldout_tasks)
    timings = {}
    started = time.perf_counter()
    adapter = run_sft(cfg, root, train, args.sft_epochs)
    timings["sft_s"] = time.perf_counter() - started
    with build_verifier(cfg.verifier) as verifier:
        started = time.perf_counter()
        raft_rows = run_raft(cfg, verifier, root, adapter, train, heldout, args.raft_cycles, args.raft_prompts)
        timings["raft_s"] = time.perf_counter() - started
        budget = sum(r["timings"]["generate_verify_s"] + r["timings"]["train_s"] for r in raft_rows if r["cycle"])
        log.info("RAFT trained for %.0f s (generate + verify + train); GRPO gets the same", budget)
        started = time.perf_counter()
        grpo = run_grpo(grpo_cfg, verifier, root, adapter, train, heldout, budget)
        timings["grpo_s"] = time.perf_counter() - started
    print(report(root, raft_rows, grpo, cfg.raft.bootstrap_samples))
    print(f"stage wall-clock of this invocation (s): {json.dumps({k: round(v) for k, v in timings.items()})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
