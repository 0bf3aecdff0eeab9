"""Calibrate the bundled tasks: the base model's pass@1 per difficulty tier and task style.

RAFT needs a mixed signal, so the easy tier should be passed by the embedded SmolLM2-135M sometimes but
not mostly. This runs the same generation engine and sandboxed verifier as ``halo-forge benchmark run``
(greedy decoding by default) and prints a markdown table by tier x style::

    .venv/bin/python bench/calibrate_tasks.py                        # every C task, greedy
    .venv/bin/python bench/calibrate_tasks.py --per-group 8 --samples 4 --temperature 0.7

``--per-group`` keeps the first N tasks (by id) of each tier x style group, to fit a CPU time budget.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from halo_forge.benchmark.runner import evaluate  # noqa: E402
from halo_forge.config import GenerationConfig, ModelConfig  # noqa: E402
from halo_forge.generation import make_engine  # noqa: E402
from halo_forge.rlvr.verifiers import GCCVerifier  # noqa: E402
from halo_forge.tasks import read_tasks  # noqa: E402

TIERS = ("easy", "medium", "hard")
STYLES = ("stdio", "function")


def pick_tasks(tasks, per_group: int | None, tiers: list[str]):
    """The first ``per_group`` tasks (by id) of every tier x style group, in the chosen tiers."""
    taken, kept = Counter(), []
    for task in sorted(tasks, key=lambda t: t.task_id):
        group = (task.difficulty, task.metadata.get("style"))
        if task.difficulty in tiers and (per_group is None or taken[group] < per_group):
            taken[group] += 1
            kept.append(task)
    return kept


def table(tasks, result) -> str:
    """Markdown: tasks, pass@1, compile rate and the most common failure per tier x style."""
    per_task = {row["task_id"]: row for row in result.per_task}
    statuses: dict[tuple, Counter] = {}
    for record, task in zip(result.samples, [t for t in tasks for _ in range(result.samples_per_task)]):
        statuses.setdefault((task.difficulty, task.metadata["style"]), Counter())[record.status] += 1
    lines = ["| tier | style | tasks | pass@1 | compile rate | statuses |", "|---|---|---|---|---|---|"]
    for tier in TIERS:
        for style in STYLES:
            group = [t for t in tasks if t.difficulty == tier and t.metadata["style"] == style]
            if not group:
                continue
            at1 = sum(per_task[t.task_id]["pass@1"] for t in group) / len(group)
            compiled = sum(per_task[t.task_id]["compiled"] for t in group) / (len(group) * result.samples_per_task)
            counts = ", ".join(f"{s} {c}" for s, c in statuses[(tier, style)].most_common())
            lines.append(f"| {tier} | {style} | {len(group)} | {at1:.3f} | {compiled:.2f} | {counts} |")
    lines.append(f"| **all** | | {len(tasks)} | {result.at_1:.3f} | {result.compile_rate:.2f} | |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", default=str(REPO / "halo_forge/data/bundled/c.jsonl"))
    parser.add_argument("--model", default="embedded:smollm2-135m")
    parser.add_argument("--tiers", default="easy,medium,hard")
    parser.add_argument("--per-group", type=int, default=None, help="tasks per tier x style (first by id)")
    parser.add_argument("--samples", type=int, default=1)
    parser.add_argument("--temperature", type=float, default=0.0, help="0: greedy")
    parser.add_argument("--max-new-tokens", type=int, default=384)
    parser.add_argument("--dtype", default="fp32", help="model.dtype; fp32 is faster for the packed GGUF on CPU")
    parser.add_argument("--samples-out", help="write every completion and its verdict here (JSONL)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    tasks = pick_tasks(read_tasks(args.tasks), args.per_group, args.tiers.split(","))
    sampling = GenerationConfig(temperature=args.temperature, max_new_tokens=args.max_new_tokens)
    engine = make_engine(args.model, ModelConfig(dtype=args.dtype), sampling)
    start = time.perf_counter()
    with GCCVerifier(run_after_compile=True) as verifier:
        result = evaluate(engine, verifier, tasks, n=args.samples, sampling=sampling)
    seconds = time.perf_counter() - start
    print(f"model {args.model} ({args.dtype}), {len(tasks)} tasks from {Path(args.tasks).name}, {args.samples} sample(s) "
          f"per task, temperature {args.temperature}, max_new_tokens {args.max_new_tokens}: {seconds:.0f} s\n")
    print(table(tasks, result))
    if args.samples_out:
        with open(args.samples_out, "w", encoding="utf-8") as out:
            for record in result.samples:
                out.write(json.dumps({"task_id": record.task_id, "status": record.status,
                                      "completion": record.completion, "details": record.details}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
