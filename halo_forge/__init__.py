"""halo-forge: reinforcement learning from verifiable rewards for code models."""

__version__ = "0.1.0"
