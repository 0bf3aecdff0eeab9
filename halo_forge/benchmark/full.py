"""``halo-forge benchmark full``: the seed's before/after benchmark, which here is the demo pipeline.

The seed's command trained a model for a few RAFT cycles on built-in prompts and benchmarked it before and
after. :mod:`halo_forge.demo` does exactly that on a bundled task set (base benchmark, SFT, RAFT cycles each
followed by a benchmark, a report with plots), so this command runs it with the seed's two knobs:
``--model`` (``sft.model_name``) and ``--cycles`` (``raft.num_cycles``), on top of configs/demo.yaml or
``--config``. The seed's flags with no equivalent (``--suite``, ``--prompts``, ``--verifier``) are usage
errors that name the replacement (see halo_forge/cli.py).
"""

from __future__ import annotations

from typing import Any


def full_command(cfg: Any, args: Any) -> int:
    from halo_forge.cli import COMMANDS, typed_overrides
    from halo_forge.config import load_config
    from halo_forge.demo import demo_command

    overrides = typed_overrides(args, ("demo",))
    if args.model is not None:
        overrides["sft"] = {"model_name": args.model}
    if args.cycles is not None:
        overrides["raft"] = {"num_cycles": args.cycles}
    if "sft" in overrides or "raft" in overrides:      # reload so the new values are checked like any flag
        command = next(c for c in COMMANDS if c.path == "benchmark full")
        cfg = load_config(args.config if args.config is not None else command.default_config, overrides)
    return demo_command(cfg, args)
