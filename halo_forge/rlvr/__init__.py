"""Reinforcement learning from verifiable rewards: verifiers (``halo_forge.rlvr.verifiers``), the reward
table (``halo_forge.rlvr.rewards``) and the RAFT loop::

    from halo_forge.rlvr import RAFTTrainer, RAFTConfig

Kept import-light: importing ``halo_forge.rlvr`` loads no model code and no verifier; ``RAFTTrainer`` is
imported on first use.
"""

from halo_forge.config import RAFTConfig

__all__ = ["RAFTConfig", "RAFTTrainer"]


def __getattr__(name: str):
    if name == "RAFTTrainer":
        from halo_forge.rlvr.raft_trainer import RAFTTrainer

        return RAFTTrainer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
