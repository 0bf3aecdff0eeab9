"""Supervised fine-tuning: ``SFTTrainer(SFTConfig(...)).train()``; ``train_on_pairs`` for RAFT."""

from halo_forge.config import SFTConfig
from halo_forge.sft.fit import train_on_pairs
from halo_forge.sft.trainer import SFTTrainer, save_adapter

__all__ = ["SFTConfig", "SFTTrainer", "save_adapter", "train_on_pairs"]
