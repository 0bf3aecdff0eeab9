"""The ``halo-forge`` command line: parse and dispatch only.

Each command is one row of ``COMMANDS``. Its flags come from the config sections it names (the field
``raft.num_cycles`` is ``--num-cycles``, plus the aliases in its metadata such as ``--cycles``), so
flags and YAML share one set of defaults: a flag overrides the YAML only when it was typed.

Exit codes: 0 success; 1 the command ran and failed (e.g. a self-check found a problem); 2 bad input
(usage, config, task file); 130 interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import logging
import sys
import typing
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable

from halo_forge import __version__
from halo_forge.config import DEFAULT_MODEL, SECTIONS, load_config
from halo_forge.errors import HaloForgeError

REPO_ROOT = Path(__file__).resolve().parent.parent
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass(frozen=True)
class Arg:
    """An argument that is not a config key (a positional file, a display switch)."""

    names: tuple[str, ...]
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    path: str                          # "config validate"
    help: str
    target: str                        # "module:function", called as function(cfg, args) -> exit code
    sections: tuple[str, ...] = ()     # config sections whose keys become flags (and --config)
    args: tuple[Arg, ...] = ()
    # "section.key" settings set in YAML only, where two sections would claim the same flag
    yaml_only: tuple[str, ...] = ()
    default_config: str | None = None  # read when --config is not given (a path in the repository)


COMMANDS: list[Command] = [
    Command("config validate", "Check a config file without running anything (exit 0 valid, 2 invalid).",
            "halo_forge.config:validate_command",
            args=(Arg(("file",), {"help": "YAML config file"}),)),
    Command("info", "Show versions, device, memory, toolchains and the sandbox mode.",
            "halo_forge.utils.hardware:info_command",
            args=(Arg(("--msvc",), {"metavar": "HOST", "help": "also check a Windows build server: connect "
                                    "over SSH, then compile and run hello world with cl.exe"}),
                  Arg(("--msvc-user",), {"metavar": "USER", "help": "SSH user on the build server"}),
                  Arg(("--msvc-port",), {"metavar": "PORT", "type": int, "default": 22,
                                         "help": "SSH port of the build server (default: 22)"}),
                  Arg(("--msvc-key",), {"metavar": "FILE", "help": "SSH private key for the build server"}),
                  Arg(("--msvc-command",), {"metavar": "CMD", "help": "remote command that starts the "
                                            "build-server script (default: the PowerShell script)"}),
                  Arg(("--msvc-known-hosts",), {"metavar": "FILE", "help": "known_hosts file to use "
                                                "(new host keys are accepted and recorded)"}))),
    Command("test", "Self-check of this installation: smoke (stack, toolchains, sandbox, shipped files), "
            "standard (+ load the model, generate, verify), full (+ one LoRA training step); exit 1 when "
            "a check fails.", "halo_forge.selftest:selftest_command", sections=("model",),
            args=(Arg(("--level",), {"choices": ("smoke", "standard", "full"), "default": "smoke",
                                     "help": "how much to check (default: smoke)"}),
                  Arg(("--model",), {"metavar": "M", "default": DEFAULT_MODEL,
                                     "help": "model for standard/full: hub id, directory, GGUF or "
                                             f"embedded:NAME (default: {DEFAULT_MODEL})"}))),
    Command("sft train", "Supervised fine-tuning (LoRA, QLoRA or full) on text, prompt/response, messages "
            "or task records with reference solutions.", "halo_forge.sft.trainer:train_command",
            sections=("sft", "model"),
            args=(Arg(("--resume",), {"action": "store_true",
                                      "help": "continue from the last checkpoint in OUTPUT/checkpoints"}),)),
    Command("raft train", "RAFT cycles: generate samples per task, verify them (overlapped), keep the best, "
            "train the adapter on them, evaluate on held-out tasks; rerun to resume.",
            "halo_forge.rlvr.raft_trainer:train_command", sections=("raft", "model", "generation", "verifier"),
            # --temperature and --seed are the training samples' (raft); the held-out evaluation samples
            # like benchmark run, with generation.temperature / generation.seed from the YAML.
            yaml_only=("generation.temperature", "generation.seed")),
    Command("grpo train", "GRPO on TRL's GRPOTrainer: sample a group of completions per task, reward each "
            "with the verifier, train the adapter on group-relative advantages, evaluate on held-out tasks "
            "every eval_steps; rerun to resume.", "halo_forge.rlvr.grpo:train_command",
            sections=("grpo", "model", "generation", "verifier"),
            # --temperature, --top-p and --seed are the training samples' (grpo); the held-out evaluation
            # samples like benchmark run, with the generation section from the YAML.
            yaml_only=("generation.temperature", "generation.top_p", "generation.seed")),
    Command("data prepare", "Write a registry dataset (bundled-c, bundled-cpp, humaneval, mbpp, codeforces) "
            "as task records or SFT data.", "halo_forge.data.prepare:prepare_command", sections=("data",)),
    Command("data validate", "Check a task or SFT data file: every bad line as file:line, then a summary "
            "(exit 0 valid, 2 invalid).", "halo_forge.data.validate:validate_command",
            args=(Arg(("file",), {"help": "JSONL file (task records, {text}, {prompt, response} or "
                                          "{messages})"}),
                  Arg(("--preview",), {"action": "store_true", "help": "also show the first records"}))),
    Command("data split", "Split a file into train and held-out, seeded and deduplicated (a prompt never "
            "on both sides).", "halo_forge.data.split:split_command", sections=("data",),
            args=(Arg(("file",), {"help": "JSONL file to split (any format data validate reads)"}),
                  Arg(("--train-out",), {"required": True, "metavar": "FILE", "help": "train side"}),
                  Arg(("--heldout-out",), {"required": True, "metavar": "FILE", "help": "held-out side"}))),
    Command("data generate", "Generate tasks with an LLM API; keep only those whose solution passes its "
            "own tests in the sandbox (resumable).", "halo_forge.data.generate:generate_command",
            sections=("data", "verifier")),
    Command("benchmark run", "Generate n samples per task, verify them, and write pass@k (compile@k for "
            "a compile-only verifier), compile rate and the error breakdown to results.json + samples.jsonl.",
            "halo_forge.benchmark.runner:benchmark_command",
            sections=("benchmark", "generation", "model", "verifier")),
    Command("benchmark compare", "Show several benchmark runs side by side (a markdown table).",
            "halo_forge.benchmark.report:compare_command",
            args=(Arg(("runs",), {"nargs": "+", "metavar": "RUN_DIR",
                                  "help": "output directories of `benchmark run`"}),
                  Arg(("--plot",), {"metavar": "FILE.png", "help": "also write the runs as a grouped bar chart"}))),
    Command("demo", "The whole pipeline offline on the embedded model and a bundled task set: base "
            "benchmark, SFT, benchmark, RAFT cycles with a benchmark after each, then a report with plots "
            "(make demo; rerun to resume).", "halo_forge.demo:demo_command",
            sections=("demo",), default_config=str(REPO_ROOT / "configs" / "demo.yaml"),
            args=(Arg(("--fresh",), {"action": "store_true",
                                     "help": "delete the run directory first and start over"}),)),
    Command("plot", "Write PNG plots of a benchmark or RAFT run directory (into RUN_DIR/plots).",
            "halo_forge.benchmark.plots:plot_command",
            args=(Arg(("run_dir",), {"metavar": "RUN_DIR", "help": "a benchmark or RAFT output directory"}),
                  Arg(("--output",), {"metavar": "DIR", "help": "where the PNGs go (default RUN_DIR/plots)"}))),
]


def _flag_names(field: dataclasses.Field) -> list[str]:
    return [f"--{field.name.replace('_', '-')}", *field.metadata.get("flags", ())]


def _add_section_flags(parser: argparse.ArgumentParser, section: str, taken: dict[str, str],
                       yaml_only: tuple[str, ...] = ()) -> None:
    hints = typing.get_type_hints(SECTIONS[section])
    group = parser.add_argument_group(f"{section} settings (override the config file)")
    for field in dataclasses.fields(SECTIONS[section]):
        tp = hints[field.name]
        if typing.get_origin(tp) is dict or tp is dict or f"{section}.{field.name}" in yaml_only:
            continue  # mappings (and the command's yaml_only keys) are written in YAML only
        names = _flag_names(field)
        for name in names:
            if name in taken:
                raise RuntimeError(f"flag {name} of {section}.{field.name} clashes with {taken[name]}")
            taken[name] = f"{section}.{field.name}"
        dest = f"{section}.{field.name}"
        default = field.default if field.default is not dataclasses.MISSING else field.default_factory()
        # argparse %-formats help strings: a literal % in a help text or default must be doubled.
        help_text = f"{field.metadata.get('help', '')} (default: {default})".replace("%", "%%")
        if tp is bool:
            group.add_argument(*names, dest=dest, action="store_const", const=True,
                               default=argparse.SUPPRESS, help=help_text)
            group.add_argument(f"--no-{field.name.replace('_', '-')}", dest=dest, action="store_const",
                               const=False, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        else:
            group.add_argument(*names, dest=dest, default=argparse.SUPPRESS, metavar="VALUE",
                               help=help_text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halo-forge", description="RLVR for code models: Data -> SFT -> RAFT -> Benchmark.",
        epilog="Exit codes: 0 ok, 1 failed, 2 bad input, 130 interrupted.")
    parser.add_argument("--version", action="version", version=f"halo-forge {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    groups: dict[str, argparse._SubParsersAction] = {}
    top = parser.add_subparsers(dest="command", metavar="COMMAND")
    top.required = True
    for command in COMMANDS:
        words = command.path.split()
        subparsers, prefix = top, ""
        for word in words[:-1]:
            prefix = f"{prefix} {word}".strip()
            if prefix not in groups:
                group_parser = subparsers.add_parser(word, help=f"{word} commands")
                groups[prefix] = group_parser.add_subparsers(dest=f"{prefix}_command", metavar="COMMAND")
                groups[prefix].required = True
            subparsers = groups[prefix]
        sub = subparsers.add_parser(words[-1], help=command.help, description=command.help)
        sub.set_defaults(_command=command)
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for arg in command.args:
            sub.add_argument(*arg.names, **arg.kwargs)
        if command.sections:
            default = (f" (default: {Path(command.default_config).relative_to(REPO_ROOT)})"
                       if command.default_config else "")
            sub.add_argument("--config", metavar="FILE", help=f"YAML config; flags you type override it{default}")
            taken: dict[str, str] = {}
            for section in command.sections:
                _add_section_flags(sub, section, taken, command.yaml_only)
    return parser


def typed_overrides(args: argparse.Namespace, sections: tuple[str, ...]) -> dict[str, dict]:
    """The config values of the flags that were actually typed: ``{section: {key: value}}``."""
    overrides: dict[str, dict] = {}
    for dest, value in vars(args).items():
        section, _, key = dest.partition(".")
        if key and section in sections:
            overrides.setdefault(section, {})[key] = value
    return overrides


def resolve(target: str) -> Callable:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    command: Command = args._command
    try:
        cfg = None
        if command.sections:
            cfg = load_config(args.config if args.config is not None else command.default_config,
                              typed_overrides(args, command.sections))
        code = resolve(command.target)(cfg, args)
        return EXIT_OK if code is None else int(code)
    except HaloForgeError as err:
        if args.debug:
            raise
        for line in str(err).splitlines() or [type(err).__name__]:
            print(f"halo-forge: error: {line}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("halo-forge: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
