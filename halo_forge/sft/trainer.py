"""Supervised fine-tuning (``halo-forge sft train``): LoRA, QLoRA or full, on TRL's SFTTrainer.

Length: not yet split by responsibility (issue #18 is splitting it).

    from halo_forge.sft import SFTTrainer, SFTConfig
    result = SFTTrainer(SFTConfig(train_file="data/sft.jsonl", output_dir="runs/sft")).train()
    result["eval_loss_before"], result["eval_loss"], result["adapter_dir"]

Stages: setup (read and check the data, check the method, load the model, add the adapter) -> fit ->
save. Building an ``SFTTrainer`` loads nothing.

Layout of ``output_dir`` (every directory here loads with ``halo_forge.models.load_model``)::

    adapter/          LoRA/QLoRA adapter + tokenizer; its adapter_config.json names the base model
    merged/           merge_adapter: true -> the adapter folded into a plain full model + tokenizer
    model/            method: full -> the whole fine-tuned model + tokenizer
    checkpoints/      checkpoint-N/ with optimizer, scheduler and RNG state, for --resume
    tensorboard/      TensorBoard event files
    metrics.jsonl     one JSON object per log or evaluation: {"step", "epoch", "loss" | "eval_loss", ...}
    sft_result.json   final metrics and the paths above

RAFT reuse: :func:`train_on_pairs` trains the model it is given (the same PEFT adapter, cycle after
cycle, never a new one) on ``(prompt, response)`` pairs, with the same chat format, response-only loss,
dynamic padding and warmup-safe schedule as SFT, and returns its metrics::

    metrics = train_on_pairs(model, tokenizer, [(prompt, completion), ...], learning_rate=lr_c,
                             epochs=1.0, batch_size=8, max_seq_length=1024,
                             output_dir="runs/raft/cycle_2/train", system_prompt=cfg.model.system_prompt)
    save_adapter(model, tokenizer, "runs/raft/cycle_2/adapter", base_model="embedded:smollm2-135m")
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from halo_forge import console
from halo_forge.config import ModelConfig, SFTConfig, to_dict
from halo_forge.errors import ConfigError, InputError
from halo_forge.sft.progress import use_trainer_progress
from halo_forge.sft.data import (EncodeStats, SFTExample, encode_examples, read_sft_file,
                                 split_validation)
from halo_forge.tasks import atomic_write_text
from halo_forge.utils.distributed import bind_local_device, is_main_process
from halo_forge.utils.hardware import dataloader_pin_memory

log = logging.getLogger(__name__)


@dataclass
class TrainSettings:
    """The plain values of one training run (an SFT run or one RAFT cycle). Computed by the caller and
    passed in; nothing here is written back into a config."""

    learning_rate: float
    num_epochs: float
    batch_size: int
    max_seq_length: int
    gradient_accumulation_steps: int = 1
    max_steps: Optional[int] = None            # None: num_epochs decides
    lr_scheduler: str = "constant"             # cosine, linear or constant after the warmup
    warmup_ratio: float = 0.0
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    gradient_checkpointing: bool = False
    group_by_length: bool = False
    logging_steps: int = 10
    eval_steps: Optional[int] = None           # None: evaluate only before and after training
    save_steps: Optional[int] = None           # None: no checkpoints
    save_total_limit: Optional[int] = None
    early_stopping_patience: int = 0
    seed: int = 0
    pad_to_multiple_of: Optional[int] = None   # only bench/train_throughput.py's padded baseline sets it


# --------------------------------------------------------------------------------------------- schedule

def lr_factor(step: int, total_steps: int, warmup_ratio: float, kind: str) -> float:
    """The multiplier of the peak LR at optimizer step ``step`` (0-based) of ``total_steps``.

    Warmup is at most ``total_steps - 1`` steps and starts at ``1 / (warmup + 1)``, never at 0, so even
    a one-step run trains (the usual schedules spend step 0 at LR 0). The decay never reaches 0 before
    the last step either.

    >>> [round(lr_factor(s, 4, 0.5, "cosine"), 3) for s in range(4)]
    [0.333, 0.667, 1.0, 0.5]
    >>> lr_factor(0, 1, 0.5, "cosine")
    1.0
    """
    warmup = min(math.ceil(warmup_ratio * total_steps), max(total_steps - 1, 0))
    if step < warmup:
        return (step + 1) / (warmup + 1)
    if kind == "constant":
        return 1.0
    progress = (step - warmup) / max(1, total_steps - warmup)
    if kind == "linear":
        return 1.0 - progress
    return 0.5 * (1.0 + math.cos(math.pi * progress))


def _trainer_class() -> type:
    """TRL's SFTTrainer with our schedule: the one method the Trainer documents for overriding it."""
    import trl
    from torch.optim.lr_scheduler import LambdaLR

    class HaloSFTTrainer(trl.SFTTrainer):
        halo_schedule: tuple[str, float] = ("constant", 0.0)

        def create_scheduler(self, num_training_steps: int, optimizer: Any = None) -> Any:
            if self.lr_scheduler is None:
                kind, warmup_ratio = self.halo_schedule
                self.lr_scheduler = LambdaLR(
                    optimizer if optimizer is not None else self.optimizer,
                    lambda step: lr_factor(step, num_training_steps, warmup_ratio, kind))
                self._created_lr_scheduler = True
            return self.lr_scheduler

    return HaloSFTTrainer


# ------------------------------------------------------------------------------------------- callbacks

def _jsonl_callback(path: Path) -> Any:
    from transformers import TrainerCallback

    class JsonlMetrics(TrainerCallback):
        """Appends every log and evaluation as one JSON line (the TensorBoard data, greppable)."""

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and state.is_world_process_zero:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps({"step": state.global_step, "epoch": state.epoch, **logs}) + "\n")

    return JsonlMetrics()


def _callbacks(settings: TrainSettings, output_dir: Path, has_validation: bool) -> list[Any]:
    from torch.utils.tensorboard import SummaryWriter
    from transformers import EarlyStoppingCallback
    from transformers.integrations import TensorBoardCallback

    callbacks = [_jsonl_callback(output_dir / "metrics.jsonl")]
    if is_main_process():                       # one event file per run, not one per launched rank
        callbacks.append(TensorBoardCallback(tb_writer=SummaryWriter(log_dir=str(output_dir / "tensorboard"))))
    if settings.early_stopping_patience > 0 and has_validation:
        callbacks.append(EarlyStoppingCallback(early_stopping_patience=settings.early_stopping_patience))
    return callbacks


# ------------------------------------------------------------------------------------------------- fit

def _training_args(model: Any, settings: TrainSettings, checkpoint_dir: Path, has_validation: bool) -> Any:
    import torch
    import trl

    param = next(model.parameters())
    on_gpu = param.device.type == "cuda"
    evaluate_during = has_validation and settings.eval_steps is not None
    early_stop = settings.early_stopping_patience > 0 and evaluate_during
    return trl.SFTConfig(
        output_dir=str(checkpoint_dir),
        per_device_train_batch_size=settings.batch_size,
        per_device_eval_batch_size=settings.batch_size,
        gradient_accumulation_steps=settings.gradient_accumulation_steps,
        num_train_epochs=settings.num_epochs,
        max_steps=settings.max_steps if settings.max_steps is not None else -1,
        learning_rate=settings.learning_rate,
        weight_decay=settings.weight_decay,
        max_grad_norm=settings.max_grad_norm,
        activation_checkpointing=settings.gradient_checkpointing,
        train_sampling_strategy="group_by_length" if settings.group_by_length else "random",
        logging_steps=settings.logging_steps,
        logging_first_step=True,
        eval_strategy="steps" if evaluate_during else "no",
        eval_steps=settings.eval_steps if evaluate_during else None,
        save_strategy="steps" if settings.save_steps is not None else "no",
        save_steps=settings.save_steps if settings.save_steps is not None else 500,
        save_total_limit=settings.save_total_limit,
        load_best_model_at_end=early_stop,
        metric_for_best_model="eval_loss" if early_stop else None,
        greater_is_better=False if early_stop else None,
        seed=settings.seed,
        data_seed=settings.seed,
        report_to="none",                       # our own TensorBoard + JSONL callbacks, fixed directories
        use_cpu=param.device.type == "cpu",
        bf16=on_gpu and param.dtype == torch.bfloat16,
        fp16=on_gpu and param.dtype == torch.float16,
        # The rows are already tokenized with the shared chat format; TRL only builds labels from the
        # completion mask and pads each batch to its longest row.
        completion_only_loss=True,
        max_length=settings.max_seq_length,
        pad_to_multiple_of=settings.pad_to_multiple_of,
        include_num_input_tokens_seen="non_padding",
        dataloader_pin_memory=dataloader_pin_memory(param.device.type),   # off on Strix Halo
    )


def build_trainer(model: Any, tokenizer: Any, train_rows: list[dict], val_rows: list[dict],
                  settings: TrainSettings, output_dir: str | Path, callbacks: Sequence[Any] = ()) -> Any:
    """The TRL trainer :func:`fit` runs: our rows, arguments, schedule and callbacks."""
    from datasets import Dataset

    output_dir = Path(output_dir)
    has_validation = bool(val_rows)
    trainer = _trainer_class()(
        model=model, args=_training_args(model, settings, output_dir / "checkpoints", has_validation),
        train_dataset=Dataset.from_list(train_rows),
        eval_dataset=Dataset.from_list(val_rows) if has_validation else None,
        processing_class=tokenizer,
        callbacks=[*_callbacks(settings, output_dir, has_validation), *callbacks])
    trainer.halo_schedule = (settings.lr_scheduler, settings.warmup_ratio)
    use_trainer_progress(trainer)       # one bar with the loss, not the Trainer's printed dicts
    return trainer


def resume_checkpoint(resume: bool | str, checkpoint_dir: str | Path) -> str | None:
    """The checkpoint to resume from: None for ``False``, the last one in ``checkpoint_dir`` for ``True``,
    or the directory given (the seed's ``--resume PATH``); a one-line InputError when there is none."""
    from transformers.trainer_utils import get_last_checkpoint

    if resume is False or resume is None:
        return None
    if isinstance(resume, str):
        if not (Path(resume) / "trainer_state.json").is_file():
            raise InputError(f"{resume}: not a training checkpoint (no trainer_state.json); give a "
                             f"checkpoint-N directory of {checkpoint_dir}, or --resume alone for the last one")
        return resume
    checkpoint_dir = Path(checkpoint_dir)
    found = get_last_checkpoint(str(checkpoint_dir)) if checkpoint_dir.is_dir() else None
    if found is None:
        raise InputError(f"{checkpoint_dir}: no checkpoint to resume from (run without --resume)")
    return found


def run_trainer(trainer: Any, *, resume: bool | str = False) -> dict[str, Any]:
    """Run a trainer from :func:`build_trainer`: validate, train (from the last checkpoint when
    ``resume`` is True, from that checkpoint directory when it is a path), validate again.

    Returns ``train_loss``, ``global_step``, ``epoch``, ``train_runtime``, ``tokens_trained`` (non-pad
    input tokens), ``resumed_from``, and with validation data ``eval_loss_before`` (not on resume),
    ``eval_loss`` and ``best_checkpoint``.
    """
    resume_from = resume_checkpoint(resume, trainer.args.output_dir)
    has_validation = trainer.eval_dataset is not None
    metrics: dict[str, Any] = {}
    if has_validation and resume_from is None:
        metrics["eval_loss_before"] = trainer.evaluate()["eval_loss"]
        log.info("validation loss before training: %.4f", metrics["eval_loss_before"])
    output = trainer.train(resume_from_checkpoint=resume_from)
    metrics.update(train_loss=output.training_loss, global_step=output.global_step,
                   epoch=trainer.state.epoch, train_runtime=output.metrics.get("train_runtime"),
                   tokens_trained=trainer.state.num_input_tokens_seen,
                   resumed_from=resume_from)
    if has_validation:
        metrics["eval_loss"] = trainer.evaluate()["eval_loss"]
        metrics["best_checkpoint"] = trainer.state.best_model_checkpoint
    for handler in trainer.callback_handler.callbacks:
        if getattr(handler, "tb_writer", None) is not None:
            handler.tb_writer.close()
    return metrics


def fit(model: Any, tokenizer: Any, train_rows: list[dict], val_rows: list[dict], settings: TrainSettings,
        output_dir: str | Path, *, resume: bool = False, callbacks: Sequence[Any] = ()) -> dict[str, Any]:
    """Train ``model`` in place on encoded rows (see :func:`halo_forge.sft.data.encode_examples`);
    returns :func:`run_trainer`'s metrics."""
    trainer = build_trainer(model, tokenizer, train_rows, val_rows, settings, output_dir, callbacks)
    return run_trainer(trainer, resume=resume)


def train_on_pairs(model: Any, tokenizer: Any, pairs: Iterable[tuple[str, str]], *, learning_rate: float,
                   epochs: float, batch_size: int, max_seq_length: int, output_dir: str | Path,
                   system_prompt: str, gradient_accumulation_steps: int = 1, lr_scheduler: str = "constant",
                   warmup_ratio: float = 0.0, seed: int = 0) -> dict[str, Any]:
    """Train ``model`` (e.g. the PEFT adapter RAFT keeps training) on ``(prompt, response)`` pairs.

    Same chat format, response-only loss and dynamic padding as SFT; no validation, no checkpoints.
    Returns :func:`fit`'s metrics plus ``examples``, ``truncated`` and ``dropped``.
    """
    examples = [SFTExample(prompt=p, response=r, source=f"pair {i}") for i, (p, r) in enumerate(pairs)]
    rows, stats = encode_examples(tokenizer, examples, system_prompt=system_prompt,
                                  max_seq_length=max_seq_length)
    if not rows:
        raise InputError(f"{output_dir}: no training pairs to learn from ({stats.dropped} too long)")
    settings = TrainSettings(learning_rate=learning_rate, num_epochs=epochs, batch_size=batch_size,
                             max_seq_length=max_seq_length,
                             gradient_accumulation_steps=gradient_accumulation_steps,
                             lr_scheduler=lr_scheduler, warmup_ratio=warmup_ratio, seed=seed)
    metrics = fit(model, tokenizer, rows, [], settings, output_dir)
    metrics.update(examples=stats.examples, truncated=stats.truncated, dropped=stats.dropped)
    return metrics


# ------------------------------------------------------------------------------------------------ save

def portable_model_name(name: str) -> str:
    """How an adapter names its base: local paths made absolute (the adapter may be loaded from another
    working directory), hub ids and ``embedded:`` names unchanged."""
    path = Path(name).expanduser()
    return str(path.resolve()) if not name.startswith("embedded:") and path.exists() else name


def save_adapter(model: Any, tokenizer: Any, directory: str | Path, base_model: str) -> Path:
    """Save a PEFT adapter + tokenizer so that ``load_model(directory)`` finds its base again."""
    directory = Path(directory)
    for peft_config in model.peft_config.values():
        peft_config.base_model_name_or_path = portable_model_name(base_model)
    model.save_pretrained(str(directory))
    tokenizer.save_pretrained(str(directory))
    return directory


def _save_full(model: Any, tokenizer: Any, directory: Path) -> Path:
    model.save_pretrained(str(directory))
    tokenizer.save_pretrained(str(directory))
    return directory


# --------------------------------------------------------------------------------------------- SFT run

def check_method_available(method: str) -> None:
    """QLoRA needs bitsandbytes and a CUDA/ROCm GPU: say so before anything is loaded."""
    if method != "qlora":
        return
    import torch

    problems = []
    if importlib.util.find_spec("bitsandbytes") is None:
        problems.append("sft.method: qlora needs the bitsandbytes package: pip install 'halo-forge[gpu]' "
                        "(or use method: lora)")
    if not torch.cuda.is_available():
        problems.append("sft.method: qlora needs a CUDA or ROCm GPU and none was found "
                        "(use method: lora or full on this machine)")
    if problems:
        raise ConfigError(problems)


def settings_from_config(cfg: SFTConfig) -> TrainSettings:
    return TrainSettings(
        learning_rate=cfg.learning_rate, num_epochs=cfg.num_epochs, batch_size=cfg.batch_size,
        max_seq_length=cfg.max_seq_length, gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        max_steps=cfg.max_steps, lr_scheduler=cfg.lr_scheduler, warmup_ratio=cfg.warmup_ratio,
        weight_decay=cfg.weight_decay, max_grad_norm=cfg.max_grad_norm,
        gradient_checkpointing=cfg.gradient_checkpointing, group_by_length=cfg.group_by_length,
        logging_steps=cfg.logging_steps, eval_steps=cfg.eval_steps, save_steps=cfg.save_steps,
        save_total_limit=cfg.save_total_limit, early_stopping_patience=cfg.early_stopping_patience,
        seed=cfg.seed)


def add_lora(model: Any, cfg: SFTConfig) -> Any:
    """Wrap ``model`` with a fresh LoRA adapter from the config (a loaded adapter is kept, not stacked)."""
    from peft import LoraConfig, PeftModel, get_peft_model

    if isinstance(model, PeftModel):
        log.info("%s is an adapter: training it further", cfg.model_name)
        return model
    present = {name.rsplit(".", 1)[-1] for name, _ in model.named_modules()}
    missing = [t for t in cfg.target_modules if t not in present]
    if missing:
        linear = sorted({name.rsplit(".", 1)[-1] for name, module in model.named_modules()
                         if type(module).__name__ == "Linear"})
        raise ConfigError([f"sft.target_modules: {', '.join(missing)} not in {cfg.model_name}; its linear "
                           f"layers are {', '.join(linear)}"])
    lora = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=list(cfg.target_modules), bias="none", task_type="CAUSAL_LM")
    return get_peft_model(model, lora)


def _load_quantized(cfg: SFTConfig, model_cfg: ModelConfig) -> tuple[Any, Any]:
    """The base in 4-bit NF4 (QLoRA), prepared for k-bit training."""
    import torch
    from peft import prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    from halo_forge.models import load_tokenizer, resolve_model

    source = resolve_model(cfg.model_name).weights
    if source.gguf_file is not None:
        raise ConfigError([f"sft.method: qlora quantizes hub or directory models; {cfg.model_name} is a "
                           "GGUF file (use method: lora)"])
    quant = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
                               bnb_4bit_compute_dtype=torch.bfloat16)
    model = AutoModelForCausalLM.from_pretrained(source.location, quantization_config=quant,
                                                 device_map={"": torch.cuda.current_device()},  # this rank's GPU
                                                 trust_remote_code=model_cfg.trust_remote_code)
    model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg.gradient_checkpointing)
    return model, load_tokenizer(cfg.model_name, model_cfg)


class SFTTrainer:
    """One SFT run from an :class:`SFTConfig` (and the shared :class:`ModelConfig`)."""

    def __init__(self, config: SFTConfig, model_config: ModelConfig | None = None):
        self.config = config
        self.model_config = model_config if model_config is not None else ModelConfig()

    def load_data(self) -> tuple[list[SFTExample], list[SFTExample]]:
        """``(train, validation)`` examples; every bad line of both files reported at once."""
        cfg = self.config
        if cfg.train_file is None:
            raise ConfigError(["sft.train_file: required (--data FILE)"])
        examples = read_sft_file(cfg.train_file)
        if cfg.val_file is not None:
            return examples, read_sft_file(cfg.val_file)
        return split_validation(examples, cfg.val_split, cfg.seed)

    def load_model(self) -> tuple[Any, Any]:
        """The base model and tokenizer (4-bit for QLoRA); :meth:`build` adds the adapter."""
        from halo_forge.models import load_model

        bind_local_device()
        if self.config.method == "qlora":
            return _load_quantized(self.config, self.model_config)
        return load_model(self.config.model_name, self.model_config, trainable=True)

    def build(self, model: Any, tokenizer: Any) -> tuple[Any, dict[str, Any]]:
        """``(trainer, data_stats)``: the TRL trainer every key of the config went into, with the data
        read, split and encoded and the LoRA adapter added (full fine-tuning trains ``model`` itself)."""
        cfg = self.config
        train_examples, val_examples = self.load_data()
        if cfg.method in ("lora", "qlora"):
            import torch

            torch.manual_seed(cfg.seed)     # sft.seed: the adapter's initialisation is part of the run
            model = add_lora(model, cfg)
        encode = dict(system_prompt=self.model_config.system_prompt, max_seq_length=cfg.max_seq_length)
        train_rows, train_stats = encode_examples(tokenizer, train_examples, **encode)
        val_rows, val_stats = encode_examples(tokenizer, val_examples, **encode)
        if not train_rows:
            raise InputError(f"{cfg.train_file}: no sample fits max_seq_length={cfg.max_seq_length}")
        log.info("training on %d samples (%d response tokens), validating on %d", train_stats.examples,
                 train_stats.response_tokens, val_stats.examples)
        trainer = build_trainer(model, tokenizer, train_rows, val_rows, settings_from_config(cfg),
                                cfg.output_dir)
        return trainer, {"train_data": asdict(train_stats), "validation_data": asdict(val_stats)}

    def train(self, resume: bool | str = False) -> dict[str, Any]:
        """Run SFT; returns the metrics and paths also written to ``sft_result.json``. ``resume``: True
        continues from the last checkpoint, a path from that checkpoint directory."""
        cfg = self.config
        self.load_data()                                        # every data problem before the model loads
        resume_checkpoint(resume, Path(cfg.output_dir) / "checkpoints")   # and a bad --resume too
        check_method_available(cfg.method)
        model, tokenizer = self.load_model()
        trainer, data_stats = self.build(model, tokenizer)
        output_dir = Path(cfg.output_dir)
        metrics = run_trainer(trainer, resume=resume)
        if not is_main_process():               # accelerate launch / torchrun: rank 0 saves and writes
            return metrics
        result = {**metrics, **self._save(trainer.model, tokenizer, output_dir), **data_stats,
                  "config": to_dict(cfg)}
        atomic_write_text(output_dir / "sft_result.json", json.dumps(result, indent=2, default=str) + "\n")
        return result

    def _save(self, model: Any, tokenizer: Any, output_dir: Path) -> dict[str, str]:
        cfg = self.config
        if cfg.method == "full":
            return {"model_dir": str(_save_full(model, tokenizer, output_dir / "model"))}
        paths = {"adapter_dir": str(save_adapter(model, tokenizer, output_dir / "adapter", cfg.model_name))}
        if cfg.merge_adapter:
            # Folding the adapter in changes the model in place, so it comes after the adapter is saved.
            paths["merged_dir"] = str(_save_full(model.merge_and_unload(), tokenizer, output_dir / "merged"))
        return paths


def sft_line(result: dict[str, Any]) -> str:
    """A finished SFT run in a line: ``34 steps, train loss 0.7120, validation loss 0.943 -> 0.611``."""
    steps = result["global_step"]
    line = f"{steps} step{'s' if steps != 1 else ''}, train loss {result['train_loss']:.4f}"
    if "eval_loss" in result:
        before = result.get("eval_loss_before")
        line += f", validation loss {f'{before:.3f} -> ' if before is not None else ''}{result['eval_loss']:.3f}"
    return line


def train_command(cfg: Any, args: Any) -> int:
    """``halo-forge sft train``."""
    with console.run("sft train", [console.Planned("sft", "SFT", "sft")]), console.stage("sft") as stage:
        result = SFTTrainer(cfg.sft, cfg.model).train(resume=args.resume)
        stage.summary(sft_line(result))
    if not is_main_process():
        return 0
    print(f"trained {result['global_step']} steps, train loss {result['train_loss']:.4f}")
    if "eval_loss" in result:
        before = result.get("eval_loss_before")
        start = f"{before:.4f} -> " if before is not None else ""
        print(f"validation loss {start}{result['eval_loss']:.4f}")
    for key in ("adapter_dir", "merged_dir", "model_dir"):
        if key in result:
            print(f"{key.replace('_dir', '')}: {result[key]}")
    print(f"metrics: {Path(cfg.sft.output_dir) / 'metrics.jsonl'}")
    return 0
