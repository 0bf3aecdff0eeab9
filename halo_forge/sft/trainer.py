"""Supervised fine-tuning (``halo-forge sft train``): LoRA, QLoRA or full, on TRL's SFTTrainer.

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

The LoRA adapter (its settings, :func:`~halo_forge.sft.lora.add_lora`, :func:`~halo_forge.sft.lora.save_adapter`)
is :mod:`halo_forge.sft.lora`, shared by SFT, RAFT and GRPO.

RAFT reuse: :func:`halo_forge.sft.fit.train_on_pairs` trains the model it is given (the same PEFT
adapter, cycle after cycle, never a new one) on ``(prompt, response)`` pairs, with the same chat format,
response-only loss, dynamic padding and warmup-safe schedule as SFT, and returns its metrics::

    metrics = train_on_pairs(model, tokenizer, [(prompt, completion), ...], learning_rate=lr_c,
                             epochs=1.0, batch_size=8, max_seq_length=1024,
                             output_dir="runs/raft/cycle_2/train", system_prompt=cfg.model.system_prompt)
    save_adapter(model, tokenizer, "runs/raft/cycle_2/adapter", base_model="embedded:smollm2-135m")
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

from halo_forge import console
from halo_forge.config import ModelConfig, SFTConfig, to_dict
from halo_forge.errors import ConfigError, InputError
from halo_forge.sft.data import SFTExample, encode_examples, read_sft_file, split_validation
from halo_forge.sft.fit import TrainSettings, build_trainer, resume_checkpoint, run_trainer
from halo_forge.sft.lora import LoraSettings, add_lora, save_adapter
from halo_forge.tasks import atomic_write_text
from halo_forge.utils.distributed import bind_local_device, is_main_process

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------------ save

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
            model = add_lora(model, LoraSettings.of(cfg, "sft"), cfg.model_name)
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
