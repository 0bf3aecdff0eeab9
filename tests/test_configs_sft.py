"""Every key of every shipped configs/sft_*.yaml reaches the trainer.

Each config is built into the real TRL trainer (``SFTTrainer.build``, the path ``train`` runs) on a
tiny model that has the same module names as the configured one; each YAML key is then checked where
it takes effect. A key without a check below fails the test, so a new key cannot be shipped unhonoured.
"""

import json
import math
from pathlib import Path

import pytest
import torch
from peft import PeftModel
from transformers import EarlyStoppingCallback
from transformers.integrations import TensorBoardCallback

from conftest import REPO
from halo_forge.config import load_config, read_yaml
from halo_forge.errors import ConfigError
from halo_forge.models import resolve_model
from halo_forge.sft import SFTTrainer
from halo_forge.sft.trainer import check_method_available
from halo_forge.utils.hardware import choose_dtype
from test_sft import tiny_model, tiny_tokenizer

# The SFT configs, and the sft section of each production config (which also holds raft, benchmark, ...).
CONFIGS = (sorted((REPO / "configs").glob("sft_*.yaml"))
           + sorted((REPO / "configs" / "production").glob("*.yaml")))
N_RECORDS = 40


def _callback(trainer, cls):
    return next((c for c in trainer.callback_handler.callbacks if isinstance(c, cls)), None)


def _lr_multipliers(trainer, total=100):
    trainer.create_optimizer_and_scheduler(num_training_steps=total)
    return [trainer.lr_scheduler.lr_lambdas[0](s) for s in range(total)]


def _check_schedule(built, _):
    """Warmup ramps from above zero to the peak in ceil(ratio * steps) steps, then the named decay."""
    cfg, trainer = built["cfg"].sft, built["trainer"]
    lr = _lr_multipliers(trainer)
    warmup = math.ceil(cfg.warmup_ratio * 100)
    assert lr[0] > 0 and lr[warmup] == pytest.approx(1.0)
    assert all(a < b for a, b in zip(lr[:warmup], lr[1:warmup + 1]))
    quarter = lr[warmup + (100 - warmup) // 4]
    expected = {"cosine": 0.5 * (1 + math.cos(math.pi / 4)), "linear": 0.75, "constant": 1.0}
    assert quarter == pytest.approx(expected[cfg.lr_scheduler], abs=0.02)


def _check_saved(built, value, tmp):
    """What ``train`` saves at the end: the adapter names its base; merged only when asked for."""
    trainer, sft = built["trainer"], built["sft"]
    paths = sft._save(trainer.model, built["tokenizer"], tmp / "saved")
    if built["cfg"].sft.method == "full":
        return paths, None
    adapter_config = json.loads((Path(paths["adapter_dir"]) / "adapter_config.json").read_text())
    return paths, adapter_config


def _check_method(built, value):
    model = built["trainer"].model
    if value == "full":
        assert not isinstance(model, PeftModel) and all(p.requires_grad for p in model.parameters())
        return
    assert isinstance(model, PeftModel)
    assert all("lora_" in n for n, p in model.named_parameters() if p.requires_grad)
    if value == "qlora" and not torch.cuda.is_available():
        with pytest.raises(ConfigError, match="qlora needs a CUDA or ROCm GPU"):
            check_method_available(value)


def _peft(built):
    return built["trainer"].model.peft_config["default"]


SFT_CHECKS = {
    "model_name": lambda b, v: (resolve_model(v).name == v
                                and _check_saved(b, v, b["tmp"])[1]["base_model_name_or_path"] == v),
    "train_file": lambda b, v: (b["stats"]["train_data"]["examples"] + b["stats"]["validation_data"]["examples"]
                                == N_RECORDS and Path(v).is_file()),
    "val_split": lambda b, v: b["stats"]["validation_data"]["examples"] == round(N_RECORDS * v)
                              and len(b["trainer"].eval_dataset) == round(N_RECORDS * v),
    "output_dir": lambda b, v: (b["trainer"].args.output_dir == str(Path(v) / "checkpoints")
                                and Path(_callback(b["trainer"], TensorBoardCallback).tb_writer.log_dir)
                                == Path(v) / "tensorboard"),
    "method": _check_method,
    "lora_r": lambda b, v: _peft(b).r == v,
    "lora_alpha": lambda b, v: _peft(b).lora_alpha == v,
    "lora_dropout": lambda b, v: _peft(b).lora_dropout == v,
    "target_modules": lambda b, v: set(_peft(b).target_modules) == set(v),
    "max_seq_length": lambda b, v: (b["trainer"].args.max_length == v and b["stats"]["train_data"]["truncated"]
                                    + b["stats"]["validation_data"]["truncated"] == 1
                                    and max(len(r) for r in b["trainer"].train_dataset["input_ids"]) <= v),
    "batch_size": lambda b, v: b["trainer"].args.per_device_train_batch_size == v
                               and len(next(iter(b["trainer"].get_train_dataloader()))["input_ids"]) == v,
    "gradient_accumulation_steps": lambda b, v: b["trainer"].args.gradient_accumulation_steps == v,
    "num_epochs": lambda b, v: b["trainer"].args.num_train_epochs == v,
    "learning_rate": lambda b, v: b["trainer"].args.learning_rate == v
                                  and b["trainer"].create_optimizer().param_groups[0]["lr"] == v,
    "lr_scheduler": _check_schedule,
    "warmup_ratio": _check_schedule,
    "weight_decay": lambda b, v: b["trainer"].args.weight_decay == v,
    "max_grad_norm": lambda b, v: b["trainer"].args.max_grad_norm == v,
    "gradient_checkpointing": lambda b, v: b["trainer"].args.activation_checkpointing == v,
    "eval_steps": lambda b, v: b["trainer"].args.eval_steps == v and b["trainer"].args.eval_strategy == "steps",
    "save_steps": lambda b, v: b["trainer"].args.save_steps == v and b["trainer"].args.save_strategy == "steps",
    "save_total_limit": lambda b, v: b["trainer"].args.save_total_limit == v,
    "logging_steps": lambda b, v: b["trainer"].args.logging_steps == v,
    "early_stopping_patience": lambda b, v: (_callback(b["trainer"], EarlyStoppingCallback)
                                             .early_stopping_patience == v
                                             and b["trainer"].args.load_best_model_at_end),
    "merge_adapter": lambda b, v: ("merged_dir" in _check_saved(b, v, b["tmp"])[0]) == v,
    "seed": lambda b, v: b["trainer"].args.seed == v and b["trainer"].args.data_seed == v,
    "group_by_length": lambda b, v: (b["trainer"].args.train_sampling_strategy == "group_by_length") == v,
    "max_steps": lambda b, v: b["trainer"].args.max_steps == v,
}

MODEL_CHECKS = {
    "system_prompt": lambda b, v: v in b["tokenizer"].decode(b["trainer"].train_dataset[0]["input_ids"]),
    "dtype": lambda b, v: choose_dtype(v, "cpu") == {"bf16": torch.bfloat16, "fp16": torch.float16,
                                                     "fp32": torch.float32}[v],
}


def _write_data(path: Path, tokenizer) -> None:
    rows = [{"prompt": f"Print {i}.", "response": f"```c\nint main(void){{return {i};}}\n```"}
            for i in range(N_RECORDS - 1)]
    rows.append({"prompt": "Print a lot.", "response": "int x; " * 2000})   # longer than any max_seq_length
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.name for p in CONFIGS])
def test_every_key_of_a_shipped_sft_config_reaches_the_trainer(path, tmp_path, monkeypatch):
    raw = read_yaml(path)
    if path.name.startswith("sft_"):
        assert set(raw) <= {"sft", "model"}, f"{path.name}: an SFT config holds sft and model sections only"
    cfg = load_config(path)
    monkeypatch.chdir(tmp_path)            # relative paths of the config land in this test's directory
    tokenizer = tiny_tokenizer()
    if cfg.sft.train_file is None:         # production configs take --data on the command line
        cfg.sft.train_file = str(tmp_path / "cli_data.jsonl")
    _write_data(Path(cfg.sft.train_file), tokenizer)
    cfg.model.device = "cpu"
    sft = SFTTrainer(cfg.sft, cfg.model)
    trainer, stats = sft.build(tiny_model(tokenizer), tokenizer)
    built = {"cfg": cfg, "sft": sft, "trainer": trainer, "stats": stats, "tokenizer": tokenizer, "tmp": tmp_path}
    unchecked = [f"{s}.{k}" for s, checks in (("sft", SFT_CHECKS), ("model", MODEL_CHECKS))
                 for k in raw.get(s) or {} if k not in checks]
    assert not unchecked, f"{path.name}: no check that these keys reach the trainer: {unchecked}"
    for section, checks in (("sft", SFT_CHECKS), ("model", MODEL_CHECKS)):
        for key, value in (raw.get(section) or {}).items():
            expected = getattr(getattr(cfg, section), key)
            assert checks[key](built, expected) in (True, None), f"{path.name}: {section}.{key}={value!r} not honoured"


def test_there_are_shipped_sft_configs():
    assert {p.name for p in CONFIGS} >= {"sft_example.yaml", "sft_qwen_0.5b.yaml", "sft_qwen_7b.yaml"}
