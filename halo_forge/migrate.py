"""Upstream halo-forge config files -> this project's config (``halo-forge config migrate OLD.yaml``).

Upstream (the original halo-forge, whose configs/ this project's seed documents) wrote one file per stage
with its own sections: an SFT file has ``model.name``, ``data.train_file``, ``lora:``, ``training:``
(Hugging Face TrainingArguments names) and ``output:``; a RAFT file has top-level ``sft_checkpoint``,
``prompts``, ``output_dir`` plus ``raft:``, ``generation:``, ``training:``, ``hardware:`` and
``verifier:``. Here every stage is one section of one typed config (halo_forge/config.py).

``MAPPING`` is the one table of what becomes what (docs/configuration.md shows it): an upstream dotted
key -> a :class:`Rule` naming this project's key, or a :class:`Dropped` with the reason it has no
equivalent. ``{stage}`` in a target is the stage the file is for (sft, raft or benchmark), read from its
shape (:func:`halo_forge.upstream.detect_stage`) or given with ``--stage``. The migration assumes
upstream's key names as its docs and shipped configs spell them; a key the table does not know is
reported, not guessed.

>>> migrate({"model": {"name": "Qwen/Qwen2.5-Coder-0.5B"}, "lora": {"r": 8}}).config
{'sft': {'model_name': 'Qwen/Qwen2.5-Coder-0.5B', 'lora_r': 8}}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from halo_forge.config import SECTIONS, config_from_dict, read_yaml
from halo_forge.errors import ConfigError, InputError
from halo_forge.upstream import detect_stage

STAGES = ("sft", "raft", "benchmark")


@dataclass(frozen=True)
class Rule:
    """``target`` gets the (converted) value; ``also`` sets further keys that upstream implied."""

    target: str | dict[str, str]      # a dict: the target per stage, "*" for the other stages
    convert: Callable[[Any], Any] | None = None
    also: tuple[tuple[str, Any], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    reason: str


def _dtype(bf16: Any) -> str:
    return "bf16" if bf16 else "fp32"


_VERIFIER_NAMES = {"rlvr_pytest": "pytest"}   # upstream's experimental name of the pytest verifier
_HF_ONLY = "an argument of Hugging Face's Trainer that halo-forge's own training loop does not have"
_STRIX = ("set by halo-forge itself: the dataloader runs in the training process and pins no memory on "
          "Strix Halo (gfx1151), see docs/hardware.md")

MAPPING: dict[str, Rule | Dropped] = {
    # --- model -------------------------------------------------------------------------------------
    "model.name": Rule("{stage}.model_name"),
    "model.trust_remote_code": Rule("model.trust_remote_code"),
    "model.attn_implementation": Rule("model.attn_implementation"),
    # --- top-level paths of a RAFT / benchmark file ---------------------------------------------------
    "sft_checkpoint": Rule("raft.sft_checkpoint", lambda path: None if path == "" else path,
                           note='"" (none) -> null'),
    "base_model": Rule("{stage}.model_name"),
    "prompts": Rule("{stage}.prompts_file"),
    "output_dir": Rule("{stage}.output_dir"),
    # --- data (SFT file; the experimental RAFT files put prompts here) -----------------------------------
    "data.train_file": Rule("sft.train_file"),
    "data.validation_split": Rule("sft.val_split"),
    "data.max_seq_length": Rule("{stage}.max_seq_length"),
    "data.prompts": Rule("{stage}.prompts_file"),
    "data.tests": Dropped("tests travel inside the task records of the prompts file (docs/data-generation.md)"),
    # --- LoRA ----------------------------------------------------------------------------------------
    "lora.r": Rule("{stage}.lora_r"),
    "lora.alpha": Rule("{stage}.lora_alpha"),
    "lora.dropout": Rule("{stage}.lora_dropout"),
    "lora.target_modules": Rule("{stage}.target_modules"),
    # --- training: SFT (TrainingArguments names) ----------------------------------------------------
    "training.output_dir": Rule("{stage}.output_dir"),
    "training.num_train_epochs": Rule("sft.num_epochs"),
    "training.per_device_train_batch_size": Rule("sft.batch_size"),
    "training.per_device_eval_batch_size": Dropped("evaluation batches use sft.batch_size"),
    "training.lr_scheduler_type": Rule("{stage}.lr_scheduler"),
    "training.warmup_ratio": Rule("{stage}.warmup_ratio"),
    "training.max_steps": Rule("sft.max_steps"),
    "training.save_strategy": Dropped("checkpoints are written every sft.save_steps optimizer steps"),
    "training.save_steps": Rule("sft.save_steps"),
    "training.save_total_limit": Rule("sft.save_total_limit"),
    "training.eval_strategy": Dropped("validation runs every sft.eval_steps optimizer steps"),
    "training.evaluation_strategy": Dropped("validation runs every sft.eval_steps optimizer steps"),
    "training.eval_steps": Rule("sft.eval_steps"),
    "training.logging_steps": Rule("sft.logging_steps"),
    "training.load_best_model_at_end": Dropped("with early stopping on, the best checkpoint is the one "
                                               "kept and saved (sft.early_stopping_patience)"),
    "training.early_stopping_patience": Rule("sft.early_stopping_patience"),
    "training.seed": Rule("{stage}.seed"),
    "training.optim": Dropped("AdamW is the optimizer"),
    "training.report_to": Dropped(_HF_ONLY),
    # --- training: both stages ----------------------------------------------------------------------
    "training.learning_rate": Rule("{stage}.learning_rate"),
    "training.gradient_accumulation_steps": Rule("{stage}.gradient_accumulation_steps"),
    "training.weight_decay": Rule("{stage}.weight_decay"),
    "training.max_grad_norm": Rule("{stage}.max_grad_norm"),
    "training.gradient_checkpointing": Rule("{stage}.gradient_checkpointing"),
    "training.bf16": Rule("model.dtype", _dtype, note="true -> bf16, false -> fp32"),
    "training.max_seq_length": Rule("{stage}.max_seq_length"),
    "training.dataloader_num_workers": Dropped(_STRIX),
    "training.dataloader_pin_memory": Dropped(_STRIX),
    # --- training: RAFT (per cycle) -----------------------------------------------------------------
    "training.epochs": Rule("raft.epochs_per_cycle"),
    "training.epochs_per_cycle": Rule("raft.epochs_per_cycle"),
    "training.batch_size": Rule("raft.train_batch_size"),
    "training.base_learning_rate": Rule("raft.learning_rate"),
    "training.lr_decay_factor": Rule("raft.lr_decay"),
    "training.learning_rate_schedule": Dropped("the per-cycle learning rate is computed: "
                                               "raft.learning_rate * raft.lr_decay^(cycle-1)"),
    "training.lr_decay_per_cycle": Rule("raft.lr_decay"),
    "training.min_lr": Rule("raft.min_lr"),
    "training.warmup_steps": Dropped("a cycle warms up for a share of its steps (raft.warmup_ratio); "
                                     "the step count is not known before selection"),
    # --- hardware -----------------------------------------------------------------------------------
    "hardware.bf16": Rule("model.dtype", _dtype, note="true -> bf16, false -> fp32"),
    "hardware.gradient_checkpointing": Rule("{stage}.gradient_checkpointing"),
    "hardware.attn_implementation": Rule("model.attn_implementation"),
    "hardware.load_in_4bit": Dropped("QLoRA is sft.method: qlora"),
    # --- output (SFT) -------------------------------------------------------------------------------
    "output.dir": Rule("{stage}.output_dir"),
    "output.save_steps": Rule("sft.save_steps"),
    "output.logging_steps": Rule("sft.logging_steps"),
    # --- early stopping (SFT) -----------------------------------------------------------------------
    "early_stopping.patience": Rule("sft.early_stopping_patience"),
    "early_stopping.enabled": Dropped("early stopping is on when sft.early_stopping_patience > 0"),
    "early_stopping.threshold": Dropped("any improvement of the validation loss counts"),
    "early_stopping.metric": Dropped("early stopping watches the validation loss"),
    # --- raft ---------------------------------------------------------------------------------------
    "raft.num_cycles": Rule("raft.num_cycles"),
    "raft.samples_per_prompt": Rule("raft.samples_per_prompt"),
    "raft.reward_threshold": Rule("raft.reward_threshold"),
    # upstream kept the top share of the samples above the threshold; global_top_percent keeps the top
    # share of all samples, taken from those above the floor.
    "raft.keep_top_percent": Rule("raft.keep_top_percent", also=(("raft.selection", "global_top_percent"),),
                                  note="also sets raft.selection: global_top_percent"),
    "raft.temperature": Rule("raft.temperature"),
    "raft.top_p": Rule("generation.top_p"),
    "raft.curriculum": Rule("raft.curriculum"),
    "raft.curriculum_strategy": Rule("raft.curriculum"),
    "raft.reward_shaping": Rule("raft.reward_shaping"),
    "raft.reward_shaping_strategy": Rule("raft.reward_shaping"),
    "raft.min_samples": Dropped("no minimum count; raft.fallback: best_compiling keeps the best compiling "
                                "samples of tasks where nothing passed"),
    # --- the flat RAFT file (configs/raft_windows.yaml upstream): raft keys at the top ------------------
    "num_cycles": Rule("raft.num_cycles"),
    "samples_per_prompt": Rule("raft.samples_per_prompt"),
    "reward_threshold": Rule("raft.reward_threshold"),
    "keep_top_percent": Rule("raft.keep_top_percent", also=(("raft.selection", "global_top_percent"),),
                             note="also sets raft.selection: global_top_percent"),
    "curriculum_strategy": Rule("raft.curriculum"),
    "reward_shaping_strategy": Rule("raft.reward_shaping"),
    # --- generation ---------------------------------------------------------------------------------
    "generation.max_new_tokens": Rule("generation.max_new_tokens"),
    "generation.temperature": Rule({"raft": "raft.temperature", "*": "generation.temperature"},
                                   note="raft: the training samples' temperature"),
    "generation.top_p": Rule("generation.top_p"),
    "generation.top_k": Rule("generation.top_k"),
    "generation.batch_size": Rule("generation.batch_size"),
    "generation.do_sample": Dropped("temperature 0 means greedy decoding"),
    # --- verifier: type, then every other key is an option of that verifier class -------------------------
    "verifier.type": Rule("verifier.type", lambda name: _VERIFIER_NAMES.get(name, name)),
    "verifier.*": Rule("verifier.*", note="a constructor option of the verifier; dropped if that class has "
                       "no such option"),
    # --- benchmark (flags of upstream's benchmark run, written as a section) --------------------------
    "benchmark.samples": Rule("benchmark.samples"),
    "benchmark.k": Rule("benchmark.k"),
    "benchmark.max_prompts": Rule("benchmark.max_prompts"),
    "benchmark.output": Rule("benchmark.output_dir"),
    # --- whole sections with no equivalent ----------------------------------------------------------
    "rewards.*": Dropped("the reward levels are fixed in one table (halo_forge/rlvr/rewards.py)"),
    "logging.*": Dropped("every cycle is logged, saved and evaluated on the held-out tasks"),
    "checkpointing.output_dir": Rule("{stage}.output_dir"),
    "checkpointing.*": Dropped("every cycle's adapter is kept in its cycle directory"),
    "experiment.*": Dropped("description only"),
}

@dataclass
class Migration:
    config: dict[str, dict]                        # this project's config, section -> key -> value
    moved: list[tuple[str, str]] = field(default_factory=list)      # (upstream key, new key)
    dropped: list[tuple[str, str]] = field(default_factory=list)    # (upstream key, reason)


def _flatten(data: dict) -> list[tuple[str, Any]]:
    """Upstream files are two levels deep: ``section.key`` for the keys of a section, ``key`` at the top."""
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) and f"{key}" not in MAPPING:
            out += [(f"{key}.{sub}", sub_value) for sub, sub_value in value.items()]
        else:
            out.append((str(key), value))
    return out


def _rule_for(key: str) -> Rule | Dropped | None:
    if key in MAPPING:
        return MAPPING[key]
    section = key.split(".")[0]
    return MAPPING.get(f"{section}.*")


def _field_exists(target: str) -> bool:
    section, _, key = target.partition(".")
    return section in SECTIONS and key in {f.name for f in dataclasses.fields(SECTIONS[section])}


def _verifier_options(verifier_type: str) -> set[str] | None:
    """Option names the verifier class takes; None when it takes any (or cannot be imported)."""
    from halo_forge.rlvr.verifiers.registry import constructor_params, resolve_type
    try:
        params = constructor_params(resolve_type(verifier_type))
    except (ValueError, ImportError):
        return None
    return None if "**" in params else set(params)


def migrate(data: dict, stage: str | None = None) -> Migration:
    """Map an upstream config mapping to this project's sections (not yet validated)."""
    stage = stage or detect_stage(data)
    if stage not in STAGES:
        raise InputError(f"config migrate: --stage must be one of {', '.join(STAGES)}, got {stage!r}")
    result = Migration(config={})

    def put(target: str, value: Any) -> None:
        section, _, key = target.partition(".")
        result.config.setdefault(section, {})[key] = value

    verifier = data.get("verifier") if isinstance(data.get("verifier"), dict) else {}
    options = _verifier_options(_VERIFIER_NAMES.get(verifier.get("type", "gcc"), verifier.get("type", "gcc")))
    for key, value in _flatten(data):
        rule = _rule_for(key)
        if rule is None:
            result.dropped.append((key, "not a key of upstream halo-forge's documented configs"))
            continue
        if isinstance(rule, Dropped):
            result.dropped.append((key, rule.reason))
            continue
        target = rule.target if isinstance(rule.target, str) else rule.target.get(stage, rule.target["*"])
        if target == "verifier.*":
            option = key.partition(".")[2]
            if options is not None and option not in options:
                result.dropped.append((key, f"the {verifier.get('type', 'gcc')} verifier has no option "
                                            f"{option!r}"))
                continue
            target = f"verifier.{option}"
        else:
            target = target.replace("{stage}", stage)
            if not _field_exists(target):
                result.dropped.append((key, f"{target} does not exist: the {stage} stage has no such "
                                            "setting"))
                continue
        put(target, rule.convert(value) if rule.convert else value)
        for extra, extra_value in rule.also:
            put(extra, extra_value)
        result.moved.append((key, target))
    return result


def _render(source: str, stage: str, result: Migration) -> str:
    lines = [f"# Migrated from {source} (upstream halo-forge, {stage} file) by `halo-forge config migrate`.",
             "# Mapping table: docs/configuration.md#migrating-upstream-configs"]
    if result.dropped:
        lines.append("# Upstream keys with no equivalent here (not carried over):")
        lines += [f"#   {key}: {reason}" for key, reason in result.dropped]
    body = yaml.safe_dump(result.config, sort_keys=False, default_flow_style=False)
    return "\n".join(lines) + "\n" + (body if result.config else "{}\n")


def migrate_command(cfg: None, args: Any) -> int:
    """``halo-forge config migrate OLD.yaml [-o NEW.yaml] [--stage S]``: write the equivalent config,
    then validate it; the dropped keys are listed in its header and on stderr."""
    import sys

    data = read_yaml(args.file)
    stage = args.stage or detect_stage(data)
    result = migrate(data, stage)
    text = _render(str(args.file), stage, result)
    try:
        config_from_dict(yaml.safe_load(text) or {}, where=f"{args.output or args.file} (migrated): ")
    except ConfigError as err:
        raise ConfigError([*err.problems, "the migrated config is not valid; fix the upstream file or the "
                                          "migrated one"]) from None
    if args.output:
        out = Path(args.output)
        if out.exists() and not args.force:
            raise InputError(f"{out}: exists; pass --force to overwrite it")
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out} ({stage} config: {len(result.moved)} keys carried over, "
              f"{len(result.dropped)} dropped)")
    else:
        sys.stdout.write(text)   # the dropped keys are in its header
        return 0
    for key, reason in result.dropped:
        print(f"note: {key}: not carried over: {reason}")
    return 0
