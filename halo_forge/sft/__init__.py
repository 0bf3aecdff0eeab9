"""Supervised fine-tuning: ``SFTTrainer(SFTConfig(...)).train()``; ``train_on_pairs`` for RAFT."""

from halo_forge.config import SFTConfig
from halo_forge.sft.fit import train_on_pairs
from halo_forge.sft.lora import LoraSettings, add_lora, save_adapter
from halo_forge.sft.trainer import SFTTrainer

__all__ = ["LoraSettings", "SFTConfig", "SFTTrainer", "add_lora", "save_adapter", "train_on_pairs"]
