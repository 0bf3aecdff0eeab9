"""GRPO: the verifier as a TRL reward function (a table of completions through the real gcc sandbox), and
``halo-forge grpo train`` on a tiny 2-layer model: files, held-out evaluations, kill-and-resume through
TRL's checkpoints, a refused resume with other settings, and a plain TRL script using only
``trl.GRPOTrainer`` and our reward."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from safetensors.torch import load_file

from halo_forge.config import load_config
from halo_forge.errors import ConfigError, InputError
from halo_forge.rlvr import trl_reward
from halo_forge.rlvr.verifiers import GCCVerifier
from halo_forge.rlvr.verifiers.base import Verifier, VerifyResult
from raft_fixtures import SYSTEM, answer, build_model_dir, task, write_tasks

pytestmark = pytest.mark.timeout(600)
REPO = Path(__file__).resolve().parents[1]


def env():
    # one thread: the same arithmetic in every process, and no fight with the verifier pool for 2 cores
    return {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}


@pytest.fixture(scope="module")
def gcc():
    with GCCVerifier(run_after_compile=True, max_workers=2) as verifier:
        yield verifier


# ------------------------------------------------------------------------------------- reward function

def test_reward_maps_completions_to_tasks_by_id_not_by_prompt(gcc, tmp_path):
    # Two tasks share one prompt text; only task_id can tell which test a completion must pass.
    same_prompt = [dict(task(3, "train"), task_id="a"), dict(task(4, "train"), task_id="b", prompt=task(3, "train")["prompt"])]
    reward = trl_reward(gcc, same_prompt, log_file=tmp_path / "rewards.jsonl")
    metrics, extra = [], []
    completions = [answer(3), answer(3), "no code here", [{"role": "assistant", "content": answer(4)}],
                   '```c\nint main(void){return 0\n```', None]
    rewards = reward(prompts=["p"] * 6, completions=completions, task_id=["a", "b", "a", "b", "a", "b"],
                     log_metric=lambda name, value: metrics.append((name, value)),
                     log_extra=lambda column, values: extra.append((column, values)))
    assert rewards == [1.0, 0.7, 0.0, 1.0, 0.0, 0.0]
    assert all(isinstance(r, float) for r in rewards)
    assert dict(metrics) == {"verifier/pass_rate": 2 / 6, "verifier/compile_rate": 3 / 6}
    assert extra == [("status", ["pass", "wrong_answer", "extraction_error", "pass", "compile_error",
                                 "extraction_error"])]
    logged = [json.loads(line) for line in (tmp_path / "rewards.jsonl").read_text().splitlines()]
    assert [(r["task_id"], r["status"], r["reward"]) for r in logged][:2] == [("a", "pass", 1.0),
                                                                              ("b", "wrong_answer", 0.7)]


def test_reward_is_named_for_trl_logs(gcc):
    assert trl_reward(gcc, [task(1, "train")]).__name__ == "verifier"
    assert trl_reward(gcc, [task(1, "train")], name="gcc").__name__ == "gcc"


@pytest.mark.parametrize("kwargs, message", [
    (dict(completions=["x"]), "no task_id column"),
    (dict(completions=["x"], task_id=["print-9"]), "task_id 'print-9' is not one of the 1 tasks"),
    (dict(completions=["x", "y"], task_id=["print-1"]), "2 completions but 1 task ids"),
])
def test_a_dataset_that_cannot_name_its_tasks_is_a_setup_error(gcc, kwargs, message):
    with pytest.raises(InputError, match=message):
        trl_reward(gcc, [task(1, "train")])(prompts=["p"] * len(kwargs["completions"]), **kwargs)


class ExplodesOnMarker(Verifier):
    """A verifier whose check crashes on one sample (in the worker process, like a real bug would)."""

    def check(self, code, task):
        if "EXPLODE" in code:
            raise RuntimeError("verifier bug")
        return VerifyResult(success=True, reward=1.0, details="ok", status="pass")


def test_one_sample_that_breaks_the_verifier_scores_zero_and_the_rest_count(monkeypatch):
    # verifier workers are fresh interpreters that unpickle the verifier: they must find this module
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(REPO / "tests"), str(REPO)]))
    with ExplodesOnMarker(max_workers=1) as verifier:
        reward = trl_reward(verifier, [task(1, "train")])
        rewards = reward(prompts=["p"] * 3, completions=["fine", "EXPLODE", "also fine"],
                         task_id=["print-1"] * 3)
    assert rewards == [1.0, 0.0, 1.0]


# ------------------------------------------------------------------------------------------- the CLI

@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("grpo")
    return root, build_model_dir(root / "model"), write_tasks(root / "tasks.jsonl", train=4, heldout=2)


def grpo_yaml(path, model, tasks, output, **grpo):
    settings = {"model_name": str(model), "prompts_file": str(tasks), "output_dir": str(output), "max_steps": 2,
                "prompts_per_step": 2, "num_generations": 2, "max_completion_length": 40, "learning_rate": 1e-2,
                "lora_r": 4, "lora_alpha": 8, "target_modules": ["q_proj", "v_proj"], "eval_steps": 1,
                "save_steps": 1, "eval_samples": 2, "bootstrap_samples": 50, "seed": 7, **grpo}
    path.write_text(yaml.safe_dump({
        "model": {"dtype": "fp32", "device": "cpu", "system_prompt": SYSTEM},
        "generation": {"max_new_tokens": 40, "batch_size": 8, "temperature": 1.0, "seed": 3},
        "verifier": {"type": "gcc", "run_after_compile": True, "max_workers": 2}, "grpo": settings}))
    return path


def run(config, *flags):
    return subprocess.run([sys.executable, "-m", "halo_forge", "grpo", "train", "--config", str(config), *flags],
                          capture_output=True, text=True, env=env(), timeout=500)


def test_grpo_train_end_to_end(setup):
    root, model, tasks = setup
    out = root / "run"
    result = run(grpo_yaml(root / "run.yaml", model, tasks, out))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert "trained to step 2" in result.stdout and "step 2: held-out pass@1" in result.stdout
    for name in ("run.json", "metrics.jsonl", "rewards.jsonl", "eval.jsonl", "grpo_result.json",
                 "adapter/adapter_config.json", "eval/step_0/results.json", "eval/step_2/samples.jsonl"):
        assert (out / name).exists(), name
    assert list((out / "tensorboard").iterdir())
    assert [r["step"] for r in map(json.loads, (out / "eval.jsonl").read_text().splitlines())] == [0, 1, 2]
    logs = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    rewards = [json.loads(line) for line in (out / "rewards.jsonl").read_text().splitlines()]
    assert len(rewards) == 2 * 4                          # 2 steps x 2 tasks x 2 completions
    assert {r["task_id"] for r in rewards} <= {f"print-{i}" for i in range(4)}   # never a held-out task
    by_step = [r for r in logs if "rewards/verifier/mean" in r]
    assert by_step and all(0.0 <= r["rewards/verifier/mean"] <= 1.0 for r in by_step)
    first = [r["reward"] for r in rewards[:4]]
    assert by_step[0]["rewards/verifier/mean"] == pytest.approx(sum(first) / 4)
    # training changed the adapter (LoRA B starts at zero)
    weights = load_file(out / "adapter" / "adapter_model.safetensors")
    assert any(t.abs().sum() > 0 for name, t in weights.items() if "lora_B" in name)
    # the adapter loads through the shared path and names its base
    assert json.loads((out / "adapter" / "adapter_config.json").read_text())["base_model_name_or_path"] == str(model)


def test_killed_run_resumes_from_its_last_checkpoint(setup):
    root, model, tasks = setup
    reference = grpo_yaml(root / "ref.yaml", model, tasks, root / "ref", max_steps=4, eval_steps=2)
    assert run(reference).returncode == 0
    config = grpo_yaml(root / "killed.yaml", model, tasks, root / "killed", max_steps=4, eval_steps=2)
    checkpoints = root / "killed" / "checkpoints"
    with open(root / "killed.log", "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "halo_forge", "grpo", "train", "--config", str(config)],
                                stdout=log, stderr=subprocess.STDOUT, env=env(), start_new_session=True)
        deadline = time.monotonic() + 400
        while proc.poll() is None and time.monotonic() < deadline:
            if (checkpoints / "checkpoint-1" / "trainer_state.json").exists():
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, (root / "killed.log").read_text()[-3000:]
    assert not (root / "killed" / "grpo_result.json").exists()
    resumed = run(config)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    result = json.loads((root / "killed" / "grpo_result.json").read_text())
    assert result["global_step"] == 4 and result["resumed_from"].endswith("checkpoint-1")
    assert [r["step"] for r in result["evaluations"]] == [0, 2, 4]
    # TRL restored the optimizer, scheduler, data order and RNG: the same adapter as the uninterrupted run
    ours = load_file(root / "killed" / "adapter" / "adapter_model.safetensors")
    theirs = load_file(root / "ref" / "adapter" / "adapter_model.safetensors")
    assert ours.keys() == theirs.keys()
    assert all((ours[k] - theirs[k]).abs().max() < 1e-5 for k in ours)


def test_a_run_directory_made_with_other_settings_is_refused(setup):
    root, model, tasks = setup
    first = grpo_yaml(root / "a.yaml", model, tasks, root / "other", max_steps=1, eval_steps=5)
    assert run(first).returncode == 0
    changed = grpo_yaml(root / "b.yaml", model, tasks, root / "other", max_steps=1, eval_steps=5,
                        learning_rate=5e-3)
    result = run(changed)
    assert result.returncode == 2
    assert "holds a GRPO run made with different settings (grpo.learning_rate 0.01 -> 0.005)" in result.stderr


def test_config_checks_and_flags(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("grpo: {prompts_per_step: 3, gradient_accumulation_steps: 2, num_generations: 1}\n")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert "grpo.num_generations: expected a number >= 2, got 1" in str(err.value)
    bad.write_text("grpo: {prompts_per_step: 3, gradient_accumulation_steps: 2}\n")
    with pytest.raises(ConfigError, match="prompts_per_step: 3 is not a multiple of"):
        load_config(bad)
    from halo_forge.cli import build_parser, typed_overrides

    args = build_parser().parse_args(["grpo", "train", "--steps", "5", "--temperature", "0.9", "--prompts", "t.jsonl"])
    assert typed_overrides(args, ("grpo", "generation")) == {"grpo": {"max_steps": "5", "temperature": "0.9",
                                                                      "prompts_file": "t.jsonl"}}


def test_a_generation_server_is_refused_before_anything_loads():
    from halo_forge.config import GenerationConfig, GRPOConfig
    from halo_forge.rlvr.grpo import GRPORun

    with pytest.raises(ConfigError, match="generation.engine: openai: grpo train samples and evaluates"):
        GRPORun(None, GRPOConfig(prompts_file="missing.jsonl"), generation=GenerationConfig(engine="openai")).run()


# --------------------------------------------------------------------------------- a plain TRL script

def test_the_reward_in_a_plain_trl_script(setup, tmp_path):
    _, model, tasks = setup
    result = subprocess.run(
        [sys.executable, str(REPO / "docs" / "examples" / "grpo_with_trl.py"), "--model", str(model),
         "--tasks", str(tasks), "--output", str(tmp_path / "trl"), "--steps", "1", "--max-completion-length", "40",
         "--lora-targets", "q_proj,v_proj"],
        capture_output=True, text=True, env={**env(), "PYTHONPATH": str(REPO)}, timeout=500)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "step 1: mean reward" in result.stdout
