"""Recognising an upstream halo-forge config: the original halo-forge wrote one file per stage with its
own sections (``model.name``, ``lora:``, ``training:``, ``hardware:``, ...; see docs/configuration.md).
Loading such a file fails, and :func:`upstream_hint` names the command that converts it
(``halo-forge config migrate``, :mod:`halo_forge.migrate`).
"""

from __future__ import annotations

from typing import Any


# Keys that only upstream files have at the top (or inside model:): how an upstream file is recognised.
UPSTREAM_MARKERS = ("lora", "training", "hardware", "output", "early_stopping", "sft_checkpoint", "prompts",
                    "output_dir", "rewards", "logging", "checkpointing", "experiment", "base_model",
                    "num_cycles", "keep_top_percent", "reward_threshold", "curriculum_strategy")


def looks_upstream(data: dict) -> bool:
    """Whether a config mapping is in upstream's shape (so ``config migrate`` is the fix)."""
    model = data.get("model")
    return (any(key in data for key in UPSTREAM_MARKERS)
            or (isinstance(model, dict) and "name" in model)
            or (isinstance(data.get("data"), dict) and "train_file" in data["data"]))


def detect_stage(data: dict) -> str:
    """benchmark for a file with a benchmark section, raft for one with RAFT keys, else sft."""
    if "benchmark" in data:
        return "benchmark"
    if any(key in data for key in ("raft", "sft_checkpoint", "verifier", "generation", "num_cycles",
                                   "keep_top_percent", "curriculum_strategy")) \
            or (isinstance(data.get("data"), dict) and "prompts" in data["data"]):
        return "raft"
    return "sft"


def upstream_hint(path: Any, data: dict) -> str | None:
    """The problem line ``config validate`` (and every --config) adds for an upstream-shaped file."""
    if not looks_upstream(data):
        return None
    return (f"{path}: this is an upstream halo-forge config ({detect_stage(data)} file); convert it with: "
            f"halo-forge config migrate {path} -o NEW.yaml")
