"""Reinforcement learning from verifiable rewards: verifiers (``halo_forge.rlvr.verifiers``), the reward
table (``halo_forge.rlvr.rewards``) and, later, the RAFT trainer.

Kept import-light: importing ``halo_forge.rlvr`` loads no model code and no verifier.
"""
