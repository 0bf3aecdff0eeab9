"""A real GRPO step on the embedded SmolLM2-135M-Instruct (the GGUF loaded through halo_forge.models, the
same path and chat format as SFT, RAFT and the benchmark), rewarded by the gcc verifier and by the pytest
verifier in the sandbox. Tiny sizes: 2 tasks x 2 completions of at most 48 tokens, one optimizer step."""

import json
import shutil

import pytest
import torch

from halo_forge.config import GenerationConfig, GRPOConfig, ModelConfig
from halo_forge.rlvr.grpo import GRPORun
from halo_forge.rlvr.verifiers import GCCVerifier, PytestVerifier
from halo_forge.tasks import Task, TestCase

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(autouse=True)
def one_thread():
    # Two OpenMP threads on a shared 2-core machine wait on each other at every op (minutes per step);
    # one thread keeps a step at about a minute here.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)

C_TASKS = [Task(task_id="c-hello", prompt="Write a C program that prints Hello.", language="c",
                tests=[TestCase(expected_stdout="Hello\n")]),
           Task(task_id="c-sum", prompt="Write a C program that reads two integers and prints their sum.",
                language="c", tests=[TestCase(stdin="2 3\n", expected_stdout="5\n")])]
PY_TASKS = [Task(task_id="py-add", prompt="Write a Python function add(a, b) that returns a + b.",
                 language="python", entry_point="add",
                 test_code="from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n"),
            Task(task_id="py-neg", prompt="Write a Python function neg(x) that returns -x.", language="python",
                 entry_point="neg", test_code="from solution import neg\n\ndef test_neg():\n    assert neg(4) == -4\n")]


def one_step(verifier, tasks, out):
    config = GRPOConfig(output_dir=str(out), max_steps=1, prompts_per_step=2,
                        num_generations=2, max_completion_length=48, temperature=1.0, learning_rate=1e-4,
                        lora_r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], eval_baseline=False,
                        save_steps=1, seed=0)
    run = GRPORun(verifier, config, model_config=ModelConfig(dtype="fp32", device="cpu"),
                  generation=GenerationConfig(max_new_tokens=48, temperature=0), progress=False)
    result = run.run(tasks)                # no held-out set in this test: it checks the training step
    rewards = [json.loads(line) for line in (out / "rewards.jsonl").read_text().splitlines()]
    logs = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return result, rewards, logs


def check(result, rewards, logs, tasks, verifier):
    assert result["global_step"] == 1
    assert len(rewards) == 4 and {r["task_id"] for r in rewards} == {t.task_id for t in tasks}
    # each recorded reward is the verifier's verdict on that very completion
    by_id = {t.task_id: t for t in tasks}
    again = verifier.verify_batch([r["completion"] for r in rewards], tasks=[by_id[r["task_id"]] for r in rewards])
    assert [(r["status"], r["reward"]) for r in rewards] == [(v.status, v.reward) for v in again]
    step = next(row for row in logs if "rewards/verifier/mean" in row)
    assert step["rewards/verifier/mean"] == pytest.approx(sum(r["reward"] for r in rewards) / 4)
    assert "loss" in step and "verifier/pass_rate" in step


def test_one_grpo_step_on_the_embedded_model_with_gcc(tmp_path):
    with GCCVerifier(run_after_compile=True, max_workers=2) as verifier:
        check(*one_step(verifier, C_TASKS, tmp_path / "c"), C_TASKS, verifier)
    assert (tmp_path / "c" / "checkpoints" / "checkpoint-1" / "adapter_model.safetensors").exists()


@pytest.mark.skipif(shutil.which("python3") is None or shutil.which("pytest-3") is None,
                    reason="needs the system python3 and python3-pytest (scripts/system-packages.txt)")
def test_one_grpo_step_on_the_embedded_model_with_a_python_verifier(tmp_path):
    with PytestVerifier(timeout=30, max_workers=2) as verifier:
        check(*one_step(verifier, PY_TASKS, tmp_path / "py"), PY_TASKS, verifier)
