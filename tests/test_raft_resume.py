"""Kill-and-resume: a RAFT run SIGKILLed at several points (mid-generation with torn lines, mid-training,
after a cycle) and restarted each time ends exactly like an uninterrupted run with the same seed; a run
directory made with other settings or tasks is refused with one line naming the difference."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from safetensors.torch import load_file

from raft_fixtures import build_model_dir, raft_yaml, write_tasks

pytestmark = pytest.mark.timeout(600)

SMALL = dict(samples_per_prompt=3, eval_samples=2, eval_baseline=False, verify_chunk=2)


def env():
    # one thread: the same arithmetic in every process, and no fight with the verifier pool for 2 cores
    return {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}


def start(config, log):
    return subprocess.Popen([sys.executable, "-m", "halo_forge", "raft", "train", "--config", str(config)],
                            stdout=log, stderr=subprocess.STDOUT, env=env(), start_new_session=True)


def finish(proc):
    proc.wait()
    try:
        os.killpg(proc.pid, signal.SIGKILL)      # verifier workers of a killed run, if any are left
    except ProcessLookupError:
        pass


def kill_when(config, log, condition, what):
    """Start a run, SIGKILL it the moment ``condition()`` holds; fail if it finished first."""
    proc = start(config, log)
    deadline = time.monotonic() + 400
    while proc.poll() is None and time.monotonic() < deadline:
        if condition():
            proc.send_signal(signal.SIGKILL)
            finish(proc)
            return
        time.sleep(0.01)
    finish(proc)
    pytest.fail(f"the run ended (rc {proc.returncode}) before {what}; log:\n{log.name}")


def lines(path):
    return path.read_text().splitlines() if path.exists() else []


def comparable(stats):
    return {k: v for k, v in stats.items() if k != "timings"}


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    model = build_model_dir(root / "model")
    tasks = write_tasks(root / "tasks.jsonl", train=3, heldout=1)
    return root, model, tasks


def test_killed_run_resumes_exactly_like_an_uninterrupted_one(setup):
    root, model, tasks = setup
    generation = {"batch_size": 3}      # one task per chunk: several chunks per cycle
    reference = raft_yaml(root / "reference.yaml", model, tasks, root / "reference", **SMALL)
    _with_generation(reference, generation)
    with open(root / "reference.log", "w") as log:
        proc = start(reference, log)
        finish(proc)
    assert proc.returncode == 0, (root / "reference.log").read_text()[-3000:]

    config = raft_yaml(root / "killed.yaml", model, tasks, root / "killed", **SMALL)
    _with_generation(config, generation)
    run = root / "killed"
    cycle_1 = run / "cycle_1"
    with open(root / "killed.log", "w") as log:
        # 1. during generation, after some samples were written
        kill_when(config, log, lambda: len(lines(cycle_1 / "samples.jsonl")) >= 4, "4 samples were written")
        assert not (cycle_1 / "adapter").exists()
        # a kill in the middle of a write leaves a torn line: it must be dropped and made again
        with open(cycle_1 / "samples.jsonl", "a") as handle:
            handle.write('{"task_id": "print-0", "sample_index": 0, "compl')
        with open(cycle_1 / "verified.jsonl", "a") as handle:
            handle.write('{"task_id": "print-2", "sta')
        # 2. during training of cycle 1
        kill_when(config, log, lambda: (cycle_1 / "train").exists() and not (cycle_1 / "adapter").exists(),
                  "cycle 1 started training")
        assert not (cycle_1 / "adapter").exists() and not (cycle_1 / "stats.json").exists()
        # 3. right after cycle 1 finished
        kill_when(config, log, lambda: (cycle_1 / "stats.json").exists(), "cycle 1 finished")
        # 4. to the end
        proc = start(config, log)
        finish(proc)
    assert proc.returncode == 0, (root / "killed.log").read_text()[-3000:]

    ref = root / "reference"
    for cycle in (1, 2):
        a, b = ref / f"cycle_{cycle}", run / f"cycle_{cycle}"
        samples = [json.loads(line) for line in lines(b / "samples.jsonl")]
        assert len(samples) == 9 == len({(s["task_id"], s["sample_index"]) for s in samples})   # none twice
        key = lambda r: (r["task_id"], r["sample_index"])                                       # noqa: E731
        assert sorted(samples, key=key) == sorted(map(json.loads, lines(a / "samples.jsonl")), key=key)
        verified = sorted(map(json.loads, lines(b / "verified.jsonl")), key=key)
        assert [(v["status"], v["reward"]) for v in verified] == [
            (v["status"], v["reward"]) for v in sorted(map(json.loads, lines(a / "verified.jsonl")), key=key)]
        assert len(verified) == 9
        assert lines(b / "kept.jsonl") == lines(a / "kept.jsonl")
        assert comparable(json.loads((b / "stats.json").read_text())) == comparable(
            json.loads((a / "stats.json").read_text()))
        weights_a = load_file(str(a / "adapter" / "adapter_model.safetensors"))
        weights_b = load_file(str(b / "adapter" / "adapter_model.safetensors"))
        assert set(weights_a) == set(weights_b)
        for name in weights_a:
            assert (weights_a[name] - weights_b[name]).abs().max().item() < 1e-5, name
        assert json.loads((b / "eval" / "results.json").read_text())["scores"] == json.loads(
            (a / "eval" / "results.json").read_text())["scores"]
    assert [comparable(json.loads(x)) for x in lines(run / "metrics.jsonl")] == [
        comparable(json.loads(x)) for x in lines(ref / "metrics.jsonl")]
    assert json.loads((run / "best.json").read_text())["cycle"] == json.loads((ref / "best.json").read_text())["cycle"]
    assert any(json.loads(x)["kept"]["kept"] for x in lines(ref / "metrics.jsonl")), "nothing was ever kept"


def _with_generation(path, values):
    import yaml

    data = yaml.safe_load(path.read_text())
    data["generation"].update(values)
    path.write_text(yaml.safe_dump(data))


def test_a_run_made_with_other_settings_or_tasks_is_refused(setup, cli, tmp_path):
    root, model, tasks = setup
    out = tmp_path / "run"
    config = raft_yaml(tmp_path / "raft.yaml", model, tasks, out, **SMALL)
    out.mkdir()
    # the identity of a run with these settings, as the first run would have recorded it
    from halo_forge.config import load_config
    from halo_forge.rlvr.raft_trainer import RAFTTrainer
    from halo_forge.rlvr.verifiers.registry import build_verifier

    cfg = load_config(config)
    trainer = RAFTTrainer(verifier=build_verifier(cfg.verifier), config=cfg.raft, model_config=cfg.model,
                          generation=cfg.generation)
    train, heldout = trainer._tasks(None, None)
    trainer.store.claim(trainer._fingerprint(train, heldout))

    result = cli("raft", "train", "--config", str(config), "--samples-per-prompt", "4")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "raft.samples_per_prompt 3 -> 4" in result.stderr and str(out) in result.stderr

    changed = tmp_path / "tasks.jsonl"
    changed.write_text(tasks.read_text().replace("Print the number 1.", "Print the number one."))
    result = cli("raft", "train", "--config", str(config), "--prompts", str(changed))
    assert result.returncode == 2 and "train_tasks_sha256" in result.stderr

    # settings that change no result may differ: more cycles continue the same run
    assert trainer.store.claim(trainer._fingerprint(train, heldout)) is True


def test_frontier_records_carry_across_cycles_and_survive_a_kill(setup):
    """The frontier curriculum plans cycle 2 from what cycle 1 verified; a run killed in cycle 2's
    generation resumes with the same plan and ends like an uninterrupted run."""
    root, model, tasks = setup
    frontier = dict(SMALL, curriculum="frontier", max_samples_per_prompt=6, frontier_min_attempts=2,
                    frontier_hopeless_after=3, max_prompts=2)
    reference = raft_yaml(root / "f-reference.yaml", model, tasks, root / "f-reference", **frontier)
    with open(root / "f-reference.log", "w") as log:
        proc = start(reference, log)
        finish(proc)
    assert proc.returncode == 0, (root / "f-reference.log").read_text()[-3000:]
    config = raft_yaml(root / "f-killed.yaml", model, tasks, root / "f-killed", **frontier)
    run = root / "f-killed"
    with open(root / "f-killed.log", "w") as log:
        kill_when(config, log, lambda: len(lines(run / "cycle_2" / "samples.jsonl")) >= 2,
                  "cycle 2 wrote samples")
        plan_before = json.loads((run / "cycle_2" / "plan.json").read_text())
        proc = start(config, log)
        finish(proc)
    assert proc.returncode == 0, (root / "f-killed.log").read_text()[-3000:]
    ref = root / "f-reference"
    for cycle in (1, 2):
        assert json.loads((run / f"cycle_{cycle}" / "plan.json").read_text()) == json.loads(
            (ref / f"cycle_{cycle}" / "plan.json").read_text())
        assert lines(run / f"cycle_{cycle}" / "kept.jsonl") == lines(ref / f"cycle_{cycle}" / "kept.jsonl")
    assert json.loads((run / "cycle_2" / "plan.json").read_text()) == plan_before
    # cycle 1: two unseen tasks (max_prompts), 3 samples each; cycle 2 plans from their verified records
    first = json.loads((ref / "cycle_1" / "plan.json").read_text())
    assert [(t["group"], t["samples"], t["attempts"]) for t in first["tasks"]] == [("unseen", 3, 0)] * 2
    verified = [json.loads(x) for x in lines(ref / "cycle_1" / "verified.jsonl")]
    second = json.loads((ref / "cycle_2" / "plan.json").read_text())["tasks"]
    for row in second:
        mine = [v for v in verified if v["task_id"] == row["task_id"]]
        assert row["attempts"] == len(mine) and row["successes"] == sum(v["success"] for v in mine)
        assert row["best_reward"] == max([v["reward"] for v in mine], default=0.0)
    samples_2 = [json.loads(x) for x in lines(ref / "cycle_2" / "samples.jsonl")]
    assert len(samples_2) == sum(row["samples"] for row in second)
    assert len({(s["task_id"], s["sample_index"]) for s in samples_2}) == len(samples_2)
