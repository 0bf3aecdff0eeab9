"""One full RAFT cycle on a tiny model through the real HF engine and the real gcc verifier: files, metrics,
overlap of verification with generation, the adapter trained further (never stacked), the CLI flags."""

import copy
import json
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from halo_forge.cli import build_parser, typed_overrides
from halo_forge.config import GenerationConfig, ModelConfig, RAFTConfig, SFTConfig, load_config
from halo_forge.errors import InputError
from halo_forge.generation import HFEngine
from halo_forge.rlvr import RAFTTrainer
from halo_forge.rlvr.verifiers import GCCVerifier

from raft_fixtures import SYSTEM, build_model_dir, write_tasks


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("raft") / "model")


@pytest.fixture(scope="module")
def sft_adapter(model_dir, tmp_path_factory):
    """A LoRA adapter on the tiny model, as SFT leaves it: RAFT must keep training this one."""
    from halo_forge.models import load_model
    from halo_forge.sft.lora import add_lora, save_adapter

    model, tokenizer = load_model(str(model_dir), ModelConfig(dtype="fp32", device="cpu"), trainable=True)
    torch.manual_seed(0)
    model = add_lora(model, SFTConfig(model_name=str(model_dir), lora_r=4, lora_alpha=8, lora_dropout=0.0,
                                      target_modules=["q_proj", "v_proj"]))
    return save_adapter(model, tokenizer, tmp_path_factory.mktemp("sft") / "adapter", base_model=str(model_dir))


def raft_config(output, **kw):
    return RAFTConfig(**{**dict(output_dir=str(output), num_cycles=1, samples_per_prompt=4, temperature=1.0,
                                learning_rate=1e-2, train_batch_size=4, max_seq_length=128, eval_samples=2,
                                bootstrap_samples=50, verify_chunk=3, seed=7), **kw})


def test_one_cycle_end_to_end(tmp_path, model_dir, sft_adapter, monkeypatch):
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=4, heldout=2)
    cfg = raft_config(tmp_path / "run")
    before = copy.deepcopy(cfg)
    events = []   # (time, what): when completions were yielded and when verifier chunks started

    real_iter = HFEngine.generate_iter

    def recording_iter(self, *args, **kwargs):
        for item in real_iter(self, *args, **kwargs):
            events.append((time.perf_counter(), "generated"))
            yield item

    real_batch = GCCVerifier.verify_batch

    def recording_batch(self, codes, prompts=None, tasks=None):
        events.append((time.perf_counter(), "verify"))
        return real_batch(self, codes, prompts=prompts, tasks=tasks)

    monkeypatch.setattr(HFEngine, "generate_iter", recording_iter)
    monkeypatch.setattr(GCCVerifier, "verify_batch", recording_batch)
    with GCCVerifier(run_after_compile=True, max_workers=2) as verifier:
        trainer = RAFTTrainer(verifier=verifier, sft_checkpoint=str(sft_adapter), config=cfg,
                              model_config=ModelConfig(dtype="fp32", device="cpu", system_prompt=SYSTEM),
                              generation=GenerationConfig(max_new_tokens=48, batch_size=8, temperature=1.0),
                              progress=False)
        rows = trainer.run(str(tasks))

    assert cfg == before                                          # per-cycle values never written back
    run = tmp_path / "run"
    assert [r["cycle"] for r in rows] == [0, 1]
    metrics = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    assert [m["cycle"] for m in metrics] == [0, 1]
    row = metrics[1]
    for key in ("pass_at_1", "pass_at_1_ci", "compile_rate", "mean_reward", "train_loss", "learning_rate",
                "temperature", "reward_floor", "kept", "train_success_rate", "eval_statuses"):
        assert key in row, key
    assert row["samples"] == 16 and row["num_tasks"] == 4

    # every sample generated once and verified once, in the cycle's files
    samples = [json.loads(line) for line in (run / "cycle_1" / "samples.jsonl").read_text().splitlines()]
    verified = [json.loads(line) for line in (run / "cycle_1" / "verified.jsonl").read_text().splitlines()]
    assert len(samples) == 16 == len({(s["task_id"], s["sample_index"]) for s in samples})
    assert sorted((v["task_id"], v["sample_index"]) for v in verified) == sorted(
        (s["task_id"], s["sample_index"]) for s in samples)
    assert {s["task_id"] for s in samples} == {f"print-{i}" for i in range(4)}   # held-out never trained on

    # kept: successful samples only (per_task_top_k), matching the logged composition
    kept = [json.loads(line) for line in (run / "cycle_1" / "kept.jsonl").read_text().splitlines()]
    assert kept, "the half-trained model passes some tasks; nothing kept means selection is broken"
    assert all(k["success"] and k["status"] == "pass" and k["reward"] >= 0.5 for k in kept)
    assert row["kept"]["kept"] == len(kept) == row["kept"]["passed"]
    assert row["train_examples"] == len(kept) and row["train_loss"] > 0

    # verification ran while generation went on: a verifier chunk started before the last completion
    first_verify = min(t for t, what in events if what == "verify")
    last_generated = max(t for t, what in events if what == "generated")
    assert first_verify < last_generated

    # the SFT adapter was trained further: same tensors (not a second adapter on top), new values
    start = load_file(str(sft_adapter / "adapter_model.safetensors"))
    after = load_file(str(run / "cycle_1" / "adapter" / "adapter_model.safetensors"))
    assert set(start) == set(after)
    assert any(not torch.equal(start[k], after[k]) for k in start)
    config = json.loads((run / "cycle_1" / "adapter" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == str(model_dir.resolve())
    assert config["r"] == 4

    # held-out evaluation in the benchmark format, best cycle recorded, TensorBoard written
    results = json.loads((run / "cycle_1" / "eval" / "results.json").read_text())
    assert results["num_tasks"] == 2 and results["samples_per_task"] == 2 and results["metric"] == "pass"
    assert len((run / "cycle_1" / "eval" / "samples.jsonl").read_text().splitlines()) == 4
    best = json.loads((run / "best.json").read_text())
    assert best["cycle"] in (0, 1)
    assert (best["cycle"] == 1) == (run / "best").is_symlink()
    assert list((run / "tensorboard").glob("events.out.tfevents.*"))

    # `halo-forge plot RUN_DIR` reads what the loop wrote
    from halo_forge.benchmark.plots import plot_run
    written = plot_run(run, tmp_path / "plots")
    assert {p.name for p in written} == {"pass_at_1.png", "train_loss.png", "error_breakdown.png"}

    # a finished run asked for the same cycles does nothing more
    again = RAFTTrainer(verifier=GCCVerifier(run_after_compile=True), sft_checkpoint=str(sft_adapter),
                        config=cfg, model_config=ModelConfig(dtype="fp32", device="cpu", system_prompt=SYSTEM),
                        generation=GenerationConfig(max_new_tokens=48, batch_size=8, temperature=1.0))
    assert again.run(str(tasks)) == rows
    assert again.model is None


def test_building_a_trainer_loads_nothing(tmp_path):
    trainer = RAFTTrainer(verifier=GCCVerifier(), sft_checkpoint=str(tmp_path / "missing"),
                          config=RAFTConfig(output_dir=str(tmp_path / "run")))
    assert trainer.model is None and not (tmp_path / "run").exists()


def test_training_on_held_out_prompts_is_refused(tmp_path):
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=2, heldout=0)
    trainer = RAFTTrainer(verifier=GCCVerifier(), config=RAFTConfig(output_dir=str(tmp_path / "run")))
    with pytest.raises(InputError, match="also training prompts"):
        trainer.run(str(tasks), eval_tasks=str(tasks))
    with pytest.raises(InputError, match="prompts_file"):
        RAFTTrainer(verifier=GCCVerifier(), config=RAFTConfig(output_dir=str(tmp_path / "r2"))).run()


def test_seed_cli_flags_reach_the_config():
    argv = ["raft", "train", "--model", "m", "--checkpoint", "ck", "--prompts", "p.jsonl", "--output", "out",
            "--cycles", "5", "--verifier", "clang", "--samples-per-prompt", "6", "--temperature", "0.9",
            "--keep-percent", "0.3", "--reward-threshold", "0.7", "--curriculum", "progressive",
            "--reward-shaping", "annealing", "--lr", "2e-5", "--seed", "11"]
    args = build_parser().parse_args(argv)
    cfg = load_config(None, typed_overrides(args, args._command.sections))
    r = cfg.raft
    assert (r.model_name, r.sft_checkpoint, r.prompts_file, r.output_dir, r.num_cycles) == ("m", "ck", "p.jsonl",
                                                                                          "out", 5)
    assert (r.samples_per_prompt, r.temperature, r.keep_top_percent, r.reward_threshold) == (6, 0.9, 0.3, 0.7)
    assert (r.curriculum, r.reward_shaping, r.learning_rate, r.seed) == ("progressive", "annealing", 2e-5, 11)
    assert cfg.verifier.type == "clang"
    assert cfg.generation.temperature == GenerationConfig().temperature   # evaluation sampling is YAML-only


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[1] / "configs").glob("raft_*.yaml"))
                         + sorted((Path(__file__).parents[1] / "configs").glob("lr_*.yaml")), ids=lambda p: p.name)
def test_shipped_raft_configs_load_and_build_a_trainer(path):
    cfg = load_config(path)
    trainer = RAFTTrainer(verifier=GCCVerifier(), config=cfg.raft, model_config=cfg.model,
                          generation=cfg.generation)
    assert trainer.config is cfg.raft and trainer.model is None
