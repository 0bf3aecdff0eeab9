"""The training step shared by SFT and RAFT: a run's plain :class:`TrainSettings`, the LR schedule
(:func:`lr_factor`), TRL's SFTTrainer with our arguments and callbacks (:func:`build_trainer`), and
:func:`fit`, which trains a model in place on encoded rows. :func:`train_on_pairs` is RAFT's entry point:
``(prompt, response)`` pairs with SFT's chat format, response-only loss and dynamic padding.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from halo_forge.errors import InputError
from halo_forge.sft.data import SFTExample, encode_examples
from halo_forge.sft.progress import use_trainer_progress
from halo_forge.utils.distributed import is_main_process
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

def jsonl_metrics(path: Path) -> Any:
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

    callbacks = [jsonl_metrics(output_dir / "metrics.jsonl")]
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
