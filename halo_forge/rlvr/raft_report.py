"""What a RAFT run tells the person running it: its stages for the console, one line per cycle."""

from __future__ import annotations

from typing import Any

from halo_forge import console
from halo_forge.config import RAFTConfig
from halo_forge.benchmark.schema import row_metric, row_score

# Rough seconds per sample on the reference 2-core CPU (docs/demo.md): a training sample generated and
# verified, and a held-out completion (greedy, longer). Only their ratios matter: the console learns the
# real speed from the stages it has timed.
SECONDS_PER_SAMPLE, SECONDS_PER_EVAL_SAMPLE = 1.0, 2.0


def plan(cfg: RAFTConfig, train_tasks: int, heldout_tasks: int, num_cycles: int) -> list[console.Planned]:
    """The stages of a run for the console: the starting model's benchmark, then each cycle."""
    per_cycle = min(train_tasks, cfg.max_prompts or train_tasks) * cfg.samples_per_prompt * SECONDS_PER_SAMPLE
    evaluation = heldout_tasks * cfg.eval_samples * SECONDS_PER_EVAL_SAMPLE
    return ([console.Planned("raft.cycle0", "SFT baseline benchmark" if cfg.sft_checkpoint else
                             "baseline benchmark", "benchmark", evaluation)]
            + [console.Planned(f"raft.cycle{c}", f"RAFT cycle {c}", "raft", per_cycle + evaluation)
               for c in range(1, num_cycles + 1)])


def cycle_line(row: dict[str, Any]) -> str:
    """One finished cycle in a line: ``kept 9/192 (9 passed), loss 0.0412, held-out pass@1 0.137,
    compile rate 0.863`` (the loss is the training loss on the kept samples)."""
    score = row_score(row)
    held_out = (f"held-out {row_metric(row)}@1 {score:.3f}, compile rate "
                f"{row['compile_rate']:.3f}" if score is not None else "not evaluated")
    if row["cycle"] == 0:
        return held_out
    loss = row.get("train_loss")
    return (f"kept {row['kept']['kept']}/{row['samples']} ({row['kept']['passed']} passed), loss "
            f"{'-' if loss is None else f'{loss:.4f}'}, {held_out}")
