"""Multi-process runs (``accelerate launch`` or ``torchrun``): which process is rank 0, and how the ranks
share a Python object.

Under a launcher every process runs the same command. transformers' Trainer (under TRL) sees the
launcher's environment, wraps the model in DDP (FSDP or DeepSpeed with an accelerate config that asks for
them) and gives each rank its share of every batch. What halo-forge adds: only rank 0 writes files and
prints (:func:`is_main_process`), and in RAFT rank 0 generates and verifies, then hands the kept samples
to the other ranks (:func:`broadcast`) so that all of them train together.

    if is_main_process():
        write_results(...)
    pairs = broadcast(pairs if is_main_process() else None)     # rank 0's pairs, on every rank
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

BROADCAST_TIMEOUT_S = 24 * 3600


def world_size() -> int:
    """Processes in this run (``WORLD_SIZE``, set by accelerate launch and torchrun); 1 otherwise."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def is_main_process() -> bool:
    """True in a plain run and in rank 0 of a launched one: the process that writes and prints."""
    return rank() == 0


def broadcast(obj: Any = None) -> Any:
    """Rank 0's ``obj`` on every rank (the argument of the other ranks is ignored); ``obj`` itself in a
    single-process run. Every rank must call it, in the same order."""
    if world_size() == 1:
        return obj
    import torch.distributed as dist
    from accelerate import PartialState

    # Joins the launcher's process group once (gloo on CPU, nccl on GPUs). The long timeout is for RAFT:
    # the other ranks wait here while rank 0 generates and verifies a whole cycle.
    PartialState(timeout=timedelta(seconds=BROADCAST_TIMEOUT_S))
    box = [obj]
    dist.broadcast_object_list(box, src=0)
    return box[0]


def bind_local_device() -> None:
    """In a launched run on GPUs, make this rank's GPU (``LOCAL_RANK``) the current one, so that a model
    loaded on ``cuda`` lands there instead of every rank filling GPU 0 first."""
    if world_size() > 1 and "LOCAL_RANK" in os.environ:
        import torch

        if torch.cuda.is_available():
            torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))


def leave() -> None:
    """Leave the launcher's process group at the end of a run: gloo threads still alive when the interpreter
    exits can abort the process ("terminate called without an active exception", seen once in a 2-process
    test). Nothing to do in a single-process run."""
    if world_size() == 1:
        return
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
