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
import sys
import typing
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable

from halo_forge import __version__, console
from halo_forge.config import DEFAULT_MODEL, SECTIONS, load_config, read_yaml
from halo_forge.errors import HaloForgeError

REPO_ROOT = Path(__file__).resolve().parent.parent
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass(frozen=True)
class Arg:
    """An argument that is not a config key (a positional file, a display switch)."""

    names: tuple[str, ...]
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)


class Replaced(argparse.Action):
    """A flag of the seed's CLI with no equivalent here: typing it is a usage error (exit 2) that says what
    to use instead, never a silent no-op. ``Arg(("--template",), {"action": Replaced, "instead": "..."})``."""

    def __init__(self, option_strings, dest, instead: str, nargs=None, help=None, metavar=None, **_):
        self.instead = instead
        super().__init__(option_strings, dest, nargs=nargs, default=argparse.SUPPRESS, metavar=metavar,
                         help=help or f"seed flag; here: {instead}")

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(f"{option_string}: {self.instead}")


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
    Command("config migrate", "Convert an upstream halo-forge config (model.name, lora:, training:, "
            "hardware:, output:, early_stopping: ...) into this project's sections, then validate it; keys "
            "with no equivalent are listed with the reason.", "halo_forge.migrate:migrate_command",
            args=(Arg(("file",), {"help": "upstream YAML config file"}),
                  Arg(("-o", "--output"), {"metavar": "FILE", "help": "write the new config here "
                                           "(default: print it)"}),
                  Arg(("--stage",), {"choices": ("sft", "raft", "benchmark"), "help": "which stage the file "
                                     "configures (default: read from its keys)"}),
                  Arg(("--force",), {"action": "store_true", "help": "overwrite --output if it exists"}))),
    Command("info", "Show versions, device, memory, toolchains and the sandbox mode.",
            "halo_forge.info:info_command",
            args=(Arg(("--gpu",), {"action": "store_true", "help": "only the accelerator: every device torch "
                                   "sees, its memory, architecture and the CUDA/ROCm version"}),
                  Arg(("--memory",), {"action": "store_true", "help": "only memory: system RAM (total, "
                                      "available) and each device's memory"}),
                  Arg(("--all",), {"action": "store_true", "help": "everything: the default report, the "
                                   "device and memory details and the environment variables that matter"}),
                  Arg(("--msvc",), {"metavar": "HOST", "help": "also check a Windows build server: connect "
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
                  Arg(("-v", "--verbose"), {"action": "store_true", "help": "first show the environment "
                                            "(versions, device, sandbox, toolchains), then the debug log"}),
                  Arg(("--model",), {"metavar": "MODEL", "default": DEFAULT_MODEL,
                                     "help": "model for standard/full: hub id, directory, GGUF or "
                                             f"embedded:NAME (default: {DEFAULT_MODEL})"}))),
    Command("sft train", "Supervised fine-tuning (LoRA, QLoRA or full) on text, prompt/response, messages "
            "or task records with reference solutions.", "halo_forge.sft.trainer:train_command",
            sections=("sft", "model"),
            args=(Arg(("--resume",), {"nargs": "?", "const": True, "default": False, "metavar": "CHECKPOINT",
                                      "help": "continue from the last checkpoint in OUTPUT/checkpoints, or "
                                              "from the checkpoint directory given (the seed's --resume "
                                              "PATH)"}),)),
    Command("raft train", "RAFT cycles: generate samples per task, verify them (overlapped), keep the best, "
            "train the adapter on them, evaluate on held-out tasks; rerun to resume.",
            "halo_forge.rlvr.raft_trainer:train_command", sections=("raft", "model", "generation", "verifier"),
            args=(Arg(("--resume",), {"action": "store_true", "help": "insist on resuming: fail unless OUTPUT "
                                      "holds a run (a rerun with the same --output resumes either way)"}),),
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
            "as task records or SFT data.", "halo_forge.data.prepare:prepare_command", sections=("data",),
            args=(Arg(("--list",), {"action": "store_true", "help": "list the datasets and exit"}),
                  Arg(("--template",), {"action": Replaced, "metavar": "NAME", "instead": "data files hold "
                                        "plain prompts and answers; the chat template is the model's own, "
                                        "applied when training (model.system_prompt sets the system turn)"}),
                  Arg(("--system-prompt",), {"action": Replaced, "metavar": "TEXT", "instead": "the system "
                                             "prompt is applied when training and evaluating: sft train / raft "
                                             "train / benchmark run --system-prompt TEXT (model.system_prompt)"}))),
    Command("data validate", "Check a task or SFT data file: every bad line as file:line, then a summary "
            "(exit 0 valid, 2 invalid).", "halo_forge.data.validate:validate_command",
            args=(Arg(("file",), {"help": "JSONL file (task records, {text}, {prompt, response}, "
                                          "{prompt, completion} or {messages})"}),
                  Arg(("-p", "--preview"), {"action": "store_true", "help": "also show the first records"}))),
    Command("data split", "Split a file into train and held-out, seeded and deduplicated (a prompt never "
            "on both sides).", "halo_forge.data.split:split_command", sections=("data",),
            args=(Arg(("file",), {"nargs": "?", "help": "JSONL file to split (any format data validate reads)"}),
                  Arg(("--input",), {"metavar": "FILE", "help": "the same as FILE (the seed's spelling)"}),
                  Arg(("--train-out", "--train"), {"required": True, "metavar": "FILE", "help": "train side"}),
                  Arg(("--heldout-out", "--test"), {"required": True, "metavar": "FILE",
                                                    "help": "held-out side"}))),
    Command("data generate", "Generate tasks with an LLM API; keep only those whose solution passes its "
            "own tests in the sandbox (resumable).", "halo_forge.data.generate:generate_command",
            sections=("data", "verifier"),
            args=(Arg(("--list",), {"action": "store_true", "help": "list the backends (address, API key "
                                    "variable) and exit; topics are free text"}),
                  Arg(("--template",), {"action": Replaced, "metavar": "NAME", "instead": "generated tasks "
                                        "hold plain prompts; the chat template is the model's own, applied "
                                        "when training"}))),
    Command("benchmark run", "Generate n samples per task, verify them, and write pass@k (compile@k for "
            "a compile-only verifier), compile rate and the error breakdown to results.json + samples.jsonl.",
            "halo_forge.benchmark.runner:benchmark_command",
            sections=("benchmark", "generation", "model", "verifier")),
    Command("benchmark full", "The seed's before/after benchmark: the demo pipeline (base benchmark, SFT, "
            "RAFT cycles each followed by a benchmark, report) on a bundled task set, with --model and --cycles.",
            "halo_forge.benchmark.full:full_command", sections=("demo",),
            default_config=str(REPO_ROOT / "configs" / "demo.yaml"),
            args=(Arg(("-m", "--model"), {"metavar": "MODEL", "help": "base model (sets sft.model_name; default: "
                                          "the demo config's; one not loaded from a GGUF file is generated "
                                          "by the hf engine)"}),
                  Arg(("--cycles",), {"metavar": "N", "help": "RAFT cycles (sets raft.num_cycles)"}),
                  Arg(("--fresh",), {"action": "store_true", "help": "delete the run directory first"}),
                  Arg(("--suite",), {"action": Replaced, "metavar": "NAME", "instead": "there are no built-in "
                                     "model-size suites; run benchmark full once per --model (configs/"
                                     "production/ has the Qwen2.5-Coder sizes)"}),
                  Arg(("-p", "--prompts"), {"action": Replaced, "metavar": "FILE", "instead": "on your own "
                                            "tasks use raft train --prompts FILE --verifier V: it benchmarks "
                                            "the starting model (cycle 0) and every cycle on the held-out "
                                            "tasks"}),
                  Arg(("--verifier",), {"action": Replaced, "metavar": "NAME", "instead": "benchmark full uses "
                                        "the demo config's verifier (gcc running the tests); for another one "
                                        "use raft train --prompts FILE --verifier NAME"}))),
    Command("benchmark compare", "Show several benchmark runs side by side (a markdown table).",
            "halo_forge.benchmark.report:compare_command",
            args=(Arg(("runs",), {"nargs": "+", "metavar": "RUN",
                                  "help": "outputs of `benchmark run` (directories or .json results files, "
                                          "upstream halo-forge's results JSON included)"}),
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


# Metavars named after what a flag takes, by key name first (the first rule that matches), then type.
_METAVARS_BY_NAME: tuple[tuple[str, str], ...] = (
    ("sft_checkpoint", "DIR"), ("_dir", "DIR"), ("_file", "FILE"), ("output", "FILE"),
    ("checkpoint", "FILE"), ("model_name", "MODEL"), ("served_model", "MODEL"), ("model", "MODEL"),
    ("learning_rate", "LR"), ("min_lr", "LR"), ("temperature", "TEMP"), ("seed", "SEED"),
    ("_url", "URL"), ("_address", "ADDRESS"), ("_env", "VAR"), ("timeout", "SECONDS"),
    ("backoff", "SECONDS"), ("system_prompt", "TEXT"), ("topic", "TEXT"), ("target_modules", "MODULE,..."),
    ("stop_strings", "TEXT,..."), ("categories", "CATEGORY,..."), ("dataset", "NAME"), ("type", "NAME"),
    ("val_split", "FRACTION"), ("split", "SPLIT"), ("epochs", "EPOCHS"), ("decay", "FACTOR"), ("per_minute", "RATE"),
)


def metavar(name: str, tp: Any, meta: dict) -> str:
    """What ``--flag`` takes, for --help: ``{lora,qlora,full}``, ``FILE``, ``LR``, ``N``, ``N,...``."""
    choices = [str(c) for c in meta.get("choices") or () if c is not None]
    if choices:
        return "{" + ",".join(choices) + "}"
    inner = next((a for a in typing.get_args(tp) if a is not type(None)), tp) if typing.get_args(tp) else tp
    if typing.get_origin(tp) is typing.Union:
        tp = inner
    if tp == list[int]:
        return "N,..."
    matched = next((shown for key, shown in _METAVARS_BY_NAME if name == key or name.endswith(key)), None)
    if matched is not None and (tp is str or matched.endswith(",...") or tp is float or tp is int):
        return matched
    if tp is int:
        return "N"
    if tp is float:
        return "FRACTION" if meta.get("max") is not None and meta["max"] <= 1 else "X"
    return "TEXT,..." if typing.get_origin(tp) is list else "TEXT"


def _shown(value: Any) -> str:
    """A default as you would type it: null, true, 1,5,10."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def _add_section_flags(parser: argparse.ArgumentParser, section: str, taken: dict[str, str],
                       yaml_only: tuple[str, ...] = (), file_values: dict | None = None,
                       file_name: str = "") -> None:
    """One flag per key of ``section``; ``file_values`` are the section's keys in the command's default
    config file, shown as the defaults (they are what the command uses when the flag is not typed)."""
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
        if file_values is not None and field.name in file_values:
            default = f"{_shown(file_values[field.name])}, from {file_name}"
        else:
            default = _shown(field.default if field.default is not dataclasses.MISSING else field.default_factory())
        # argparse %-formats help strings: a literal % in a help text or default must be doubled.
        help_text = f"{field.metadata.get('help', '')} (default: {default})".replace("%", "%%")
        if tp is bool:
            group.add_argument(*names, dest=dest, action="store_const", const=True,
                               default=argparse.SUPPRESS, help=help_text)
            group.add_argument(f"--no-{field.name.replace('_', '-')}", dest=dest, action="store_const",
                               const=False, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        else:
            group.add_argument(*names, dest=dest, default=argparse.SUPPRESS,
                               metavar=metavar(field.name, tp, dict(field.metadata)), help=help_text)


def _shown_path(path: str) -> str:
    """A shipped config as ``configs/demo.yaml`` (relative to the repository), another as given."""
    return str(Path(path).relative_to(REPO_ROOT)) if Path(path).is_relative_to(REPO_ROOT) else path


def _default_config_values(command: Command) -> dict:
    """The sections of a command's default config file as written (for --help; {} without one)."""
    if command.default_config is None:
        return {}
    try:
        data = read_yaml(command.default_config)
    except HaloForgeError:
        return {}                 # a broken file is reported when the command runs, not in --help
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="halo-forge", description="RLVR for code models: Data -> SFT -> RAFT -> Benchmark.",
        epilog="Exit codes: 0 ok, 1 failed, 2 bad input, 130 interrupted.")
    parser.add_argument("--version", action="version", version=f"halo-forge {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks, debug logs and everything the "
                        "libraries print")
    parser.add_argument("--quiet", action="store_true", help="print only warnings, errors and results")
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
        sub.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for arg in command.args:
            sub.add_argument(*arg.names, **arg.kwargs)
        if command.sections:
            file_name = _shown_path(command.default_config) if command.default_config else ""
            default = f" (default: {file_name})" if command.default_config else ""
            sub.add_argument("--config", metavar="FILE", help=f"YAML config; flags you type override it{default}")
            taken: dict[str, str] = {}
            file_values = _default_config_values(command)
            for section in command.sections:
                _add_section_flags(sub, section, taken, command.yaml_only,
                                   file_values.get(section) if command.default_config else None, file_name)
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
    console.configure(quiet=args.quiet, debug=args.debug)
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
