"""The LoRA adapter, one shape for SFT, RAFT and GRPO: :class:`LoraSettings` (read from any config
section with ``lora_r``, ``lora_alpha``, ``lora_dropout`` and ``target_modules``), :func:`add_lora` and
:func:`save_adapter`.

    model = add_lora(model, LoraSettings.of(cfg.raft, "raft"), model_name="embedded:smollm2-135m")
    save_adapter(model, tokenizer, "runs/raft/cycle_1/adapter", base_model="embedded:smollm2-135m")
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from halo_forge.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoraSettings:
    """A fresh adapter's rank, scaling, dropout and target modules. ``section``: the config section they
    came from, named in errors (``sft.target_modules: ...``)."""

    r: int
    alpha: int
    dropout: float
    target_modules: tuple[str, ...]
    section: str = "sft"

    @classmethod
    def of(cls, cfg: Any, section: str = "sft") -> "LoraSettings":
        """The settings of a config section (``SFTConfig``, ``RaftConfig``, ``GRPOConfig``: the same keys)."""
        return cls(cfg.lora_r, cfg.lora_alpha, cfg.lora_dropout, tuple(cfg.target_modules), section)


def add_lora(model: Any, lora: LoraSettings | Any, model_name: str | None = None) -> Any:
    """Wrap ``model`` with a fresh LoRA adapter (a loaded adapter is kept and trained further, not
    stacked). ``lora``: :class:`LoraSettings`, or a config section holding them (read as ``sft``)."""
    from peft import LoraConfig, PeftModel, get_peft_model

    settings = lora if isinstance(lora, LoraSettings) else LoraSettings.of(lora)
    name = model_name or getattr(lora, "model_name", None) or "the model"
    if isinstance(model, PeftModel):
        log.info("%s is an adapter: training it further", name)
        return model
    present = {module_name.rsplit(".", 1)[-1] for module_name, _ in model.named_modules()}
    missing = [t for t in settings.target_modules if t not in present]
    if missing:
        linear = sorted({module_name.rsplit(".", 1)[-1] for module_name, module in model.named_modules()
                         if type(module).__name__ == "Linear"})
        raise ConfigError([f"{settings.section}.target_modules: {', '.join(missing)} not in {name}; its linear "
                           f"layers are {', '.join(linear)}"])
    config = LoraConfig(r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
                        target_modules=list(settings.target_modules), bias="none", task_type="CAUSAL_LM")
    return get_peft_model(model, config)


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
