"""Every YAML under configs/ (any depth, whoever added it) loads and validates, builds what it configures,
and the commands in its comments exist. The production configs cover the four Qwen2.5-Coder sizes and chain
SFT -> RAFT -> benchmark. (Each sft key reaching the trainer: tests/test_configs_sft.py.)"""

import re
import shlex

import pytest

from conftest import REPO
from halo_forge.cli import build_parser
from halo_forge.config import load_config, read_yaml
from halo_forge.rlvr import RAFTTrainer
from halo_forge.rlvr.verifiers.registry import build_verifier
from test_docs import _check

# configs/accelerate/ holds accelerate launcher configs, not halo-forge ones (tests/test_distributed.py)
CONFIGS = sorted(p for p in (REPO / "configs").rglob("*.yaml") if p.relative_to(REPO / "configs").parts[0] != "accelerate")
PRODUCTION = sorted((REPO / "configs" / "production").glob("*.yaml"))
QWEN_SIZES = ("0.5b", "1.5b", "3b", "7b")


def _name(path):
    return str(path.relative_to(REPO / "configs"))


def test_the_shipped_configs_are_all_found():
    names = {_name(p) for p in CONFIGS}
    assert {"sft_example.yaml", "raft_example.yaml", "lr_constant.yaml", "lr_decay.yaml", "lr_cosine_cycle.yaml",
            "verifier_msvc.yaml", *(f"production/qwen2.5-coder-{s}.yaml" for s in QWEN_SIZES)} <= names


@pytest.mark.parametrize("path", CONFIGS, ids=_name)
def test_every_config_loads_validates_and_builds_its_verifier_and_trainer(path, tmp_path, monkeypatch):
    raw = read_yaml(path)
    cfg = load_config(path)          # types, ranges, unknown keys, cross-key and verifier-option checks
    assert raw, f"{_name(path)}: an empty config"
    monkeypatch.chdir(tmp_path)      # building a RAFT trainer only names its output dir; keep it out of the repo
    if "verifier" in raw:
        with build_verifier(cfg.verifier) as verifier:          # constructing connects and loads nothing
            assert type(verifier).__name__
    if "raft" in raw:
        trainer = RAFTTrainer(verifier=None, config=cfg.raft, model_config=cfg.model, generation=cfg.generation)
        assert trainer.config is cfg.raft and trainer.model is None


def _comment_commands(path):
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = re.match(r"\s*#\s*(halo-forge\s.*)$", line)
        if match:
            yield number, shlex.split(match.group(1).split(" #")[0])[1:]


@pytest.mark.parametrize("path", CONFIGS, ids=_name)
def test_commands_in_config_comments_exist_and_name_existing_configs(path):
    parser = build_parser()
    for number, argv in _comment_commands(path):
        assert _check(parser, argv) is None, f"{_name(path)}:{number}: {_check(parser, argv)}"
        for flag, value in zip(argv, argv[1:]):
            if flag == "--config":
                assert (REPO / value).is_file(), f"{_name(path)}:{number}: --config {value} does not exist"


def test_production_configs_cover_the_qwen_sizes_and_chain_their_stages():
    assert [p.name for p in PRODUCTION] == [f"qwen2.5-coder-{s}.yaml" for s in QWEN_SIZES]
    for path, size in zip(PRODUCTION, QWEN_SIZES):
        cfg = load_config(path)
        hub_id = f"Qwen/Qwen2.5-Coder-{size.upper()}-Instruct"
        assert cfg.sft.model_name == cfg.raft.model_name == hub_id, path.name
        assert set(read_yaml(path)) == {"model", "sft", "raft", "generation", "verifier", "benchmark"}, path.name
        # each stage starts from the previous stage's output
        assert cfg.raft.sft_checkpoint == f"{cfg.sft.output_dir}/adapter", path.name
        assert cfg.benchmark.model_name == f"{cfg.raft.output_dir}/best", path.name
        assert cfg.sft.train_file == cfg.raft.prompts_file and cfg.raft.eval_file == cfg.benchmark.prompts_file
        assert cfg.raft.prompts_file != cfg.raft.eval_file, f"{path.name}: trains on its held-out tasks"
        # RAFT continues the SFT adapter on the unquantized base, so SFT must train one there
        assert cfg.sft.method == "lora" and cfg.model.dtype == "bf16", path.name
        assert cfg.verifier.options.get("run_after_compile") is True, f"{path.name}: pass@k needs the tests run"
        command = f"halo-forge sft train --config configs/production/{path.name}"
        assert command in path.read_text(), f"{path.name}: the header shows how to run it"


def test_production_configs_scale_down_step_sizes_and_batches_as_models_grow():
    cfgs = [load_config(p) for p in PRODUCTION]
    for small, large in zip(cfgs, cfgs[1:]):
        assert large.sft.learning_rate <= small.sft.learning_rate
        assert large.raft.learning_rate <= small.raft.learning_rate
        assert large.generation.batch_size <= small.generation.batch_size
        assert large.sft.lora_r >= small.sft.lora_r
