"""Reinforcement learning from verifiable rewards: verifiers (``halo_forge.rlvr.verifiers``), the reward
table (``halo_forge.rlvr.rewards``), the RAFT loop, and a verifier as a TRL reward function for GRPO::

    from halo_forge.rlvr import RAFTTrainer, RAFTConfig, trl_reward

Kept import-light: importing ``halo_forge.rlvr`` loads no model code and no verifier; ``RAFTTrainer`` and
``trl_reward`` are imported on first use.
"""

from halo_forge.config import RAFTConfig

__all__ = ["RAFTConfig", "RAFTTrainer", "trl_reward"]


def __getattr__(name: str):
    if name == "RAFTTrainer":
        from halo_forge.rlvr.raft_trainer import RAFTTrainer

        return RAFTTrainer
    if name == "trl_reward":
        from halo_forge.rlvr.verifier_reward import trl_reward

        return trl_reward
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
