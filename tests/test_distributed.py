"""Multi-process training on this CPU: ``accelerate launch`` with the shipped DDP config and 2 processes
(gloo), as real subprocesses. SFT must end with the same weights as one process with the same global
batch; a RAFT cycle must complete, rank 0 alone writing the run and both ranks training."""

import json
import math
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import yaml
from safetensors.torch import load_file

from halo_forge.config import load_config
from halo_forge.sft.trainer import SFTTrainer

from raft_fixtures import SYSTEM, answer, build_model_dir, raft_yaml, write_tasks

REPO = Path(__file__).resolve().parents[1]
ACCELERATE = str(Path(sys.executable).with_name("accelerate"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(*argv: str, processes: int = 2) -> subprocess.CompletedProcess:
    """``accelerate launch --config_file configs/accelerate/ddp.yaml -m halo_forge ARGV`` on the CPU."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    cmd = [ACCELERATE, "launch", "--config_file", str(REPO / "configs/accelerate/ddp.yaml"),
           "--num_processes", str(processes), "--main_process_port", str(free_port()),
           "-m", "halo_forge", *argv]
    result = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("dist") / "model")


def sft_config(tmp_path: Path, model_dir: Path, batch_size: int, output: str) -> Path:
    data = tmp_path / "sft.jsonl"
    data.write_text("".join(json.dumps({"prompt": f"Print the number {i}.", "response": answer(i)}) + "\n"
                            for i in range(8)))
    cfg = {"model": {"dtype": "fp32", "device": "cpu", "system_prompt": SYSTEM},
           "sft": {"model_name": str(model_dir), "train_file": str(data), "val_split": 0.0,
                   "output_dir": str(tmp_path / output), "batch_size": batch_size, "max_steps": 2,
                   "lora_r": 4, "lora_alpha": 8, "lora_dropout": 0.0, "target_modules": ["q_proj", "v_proj"],
                   "group_by_length": False, "learning_rate": 1e-2, "lr_scheduler": "constant",
                   "warmup_ratio": 0.0, "logging_steps": 1, "max_seq_length": 128, "seed": 3}}
    path = tmp_path / f"{output}.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return path


def test_sft_two_processes_match_one_process(tmp_path, model_dir):
    # global batch 4 either way: 1 process x 4, or 2 processes x 2
    one = load_config(sft_config(tmp_path, model_dir, 4, "one"))
    single = SFTTrainer(one.sft, one.model).train()
    result = launch("sft", "train", "--config", str(sft_config(tmp_path, model_dir, 2, "two")))

    assert result.stdout.count("trained 2 steps") == 1                  # rank 0 prints, rank 1 does not
    two = tmp_path / "two"
    metrics = [json.loads(line) for line in (two / "metrics.jsonl").read_text().splitlines()]
    # both ranks' tokens were seen: the same as one process with twice the per-device batch
    assert metrics[-1]["num_input_tokens_seen"] == single["tokens_trained"]
    assert len(list((two / "tensorboard").glob("events.*"))) == 1       # one writer, rank 0's
    assert json.loads((two / "sft_result.json").read_text())["global_step"] == 2
    expected = load_file(tmp_path / "one" / "adapter" / "adapter_model.safetensors")
    got = load_file(two / "adapter" / "adapter_model.safetensors")
    assert expected.keys() == got.keys()
    for name in expected:
        torch.testing.assert_close(got[name], expected[name], rtol=1e-4, atol=1e-5)
    start = load_file(tmp_path / "one" / "adapter" / "adapter_model.safetensors")
    assert any(t.abs().sum() > 0 for n, t in start.items() if "lora_B" in n)    # training moved LoRA B


def test_raft_cycle_under_two_processes(tmp_path, model_dir):
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=4, heldout=2)
    config = raft_yaml(tmp_path / "raft.yaml", model_dir, tasks, tmp_path / "run", num_cycles=1,
                       train_batch_size=2)
    result = launch("raft", "train", "--config", str(config))

    assert result.stdout.count("cycle 1: kept") == 1                    # rank 0 reports, rank 1 does not
    run = tmp_path / "run"
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [r["cycle"] for r in rows] == [0, 1]
    cycle = rows[1]
    kept = cycle["kept"]["kept"]
    assert kept >= 3 and (run / "cycle_1" / "adapter" / "adapter_model.safetensors").exists()
    # each optimizer step took 2 samples per rank (one process alone: ceil(kept / 2) steps)
    assert cycle["train_steps"] == math.ceil(kept / 4)
    samples = (run / "cycle_1" / "samples.jsonl").read_text().splitlines()
    assert len(samples) == 16                                           # generated once, by rank 0


@pytest.mark.parametrize("name, kind", [("ddp", "MULTI_GPU"), ("fsdp", "FSDP"), ("deepspeed_zero2", "DEEPSPEED")])
def test_shipped_accelerate_configs_load(name, kind):
    """Every launcher config under configs/accelerate/ is read by accelerate's own loader (unknown keys
    fail there). Only ddp.yaml is run here (above); FSDP and DeepSpeed need GPUs."""
    from accelerate.commands.config.config_args import load_config_from_file

    config = load_config_from_file(str(REPO / "configs" / "accelerate" / f"{name}.yaml"))
    assert config.distributed_type.name == kind and config.num_processes == 8 and not config.use_cpu


def test_raft_under_two_processes_with_a_generation_server(tmp_path, model_dir):
    """The scaled-out layout: a server samples (tests/openai_server.py), 2 processes train, and each
    trained adapter is hot-loaded into the server by rank 0 alone."""
    from openai_server import OpenAIServer

    from halo_forge.config import ModelConfig
    from halo_forge.models import load_model

    tasks = write_tasks(tmp_path / "tasks.jsonl", train=4, heldout=2)
    config = raft_yaml(tmp_path / "raft.yaml", model_dir, tasks, tmp_path / "run", num_cycles=1,
                       train_batch_size=2)
    model = load_model(str(model_dir), ModelConfig(dtype="fp32", device="cpu", system_prompt=SYSTEM))
    with OpenAIServer(*model) as server:
        result = launch("raft", "train", "--config", str(config), "--engine", "openai",
                        "--base-url", server.url, "--concurrency", "2")
    assert result.stdout.count("cycle 1: kept") == 1
    run = tmp_path / "run"
    assert server.adapter_paths == {"run-cycle1": str((run / "cycle_1" / "adapter").resolve())}
    loads = [path for path, _ in server.requests if path == "/v1/load_lora_adapter"]
    assert len(loads) == 1                                                # rank 0 only
    models = [body["model"] for path, body in server.requests if path == "/v1/chat/completions"]
    assert models[0] == "tiny-base" and models[-2:] == ["run-cycle1", "run-cycle1"]   # held-out eval
    cycle = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()][-1]
    assert cycle["kept"]["kept"] > 0 and cycle["train_steps"] == math.ceil(cycle["kept"]["kept"] / 4)
