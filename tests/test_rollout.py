"""The rollout of a RAFT cycle: every planned sample generated once and verified by the real gcc verifier
while generation goes on, resumed from its files, and a verifier failure raised in the caller."""

import json

import pytest

from halo_forge.config import GenerationConfig
from halo_forge.decoding import Completion, collect
from halo_forge.rlvr.rollout import chunk_seed, rollout, task_chunks
from halo_forge.rlvr.verifiers import GCCVerifier
from halo_forge.tasks import Task, TestCase

GOOD = ("```c\n#include <stdio.h>\n"
        "int main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }\n```")
BAD = "```c\nint main(void) { return x; }\n```"
TASKS = [Task(task_id=f"t{i}", prompt=f"add, version {i}", language="c",
              tests=[TestCase(stdin="1 2\n", expected_stdout="3\n")]) for i in range(2)]


class ScriptedEngine:
    """A generation engine whose completions are given: sample j of every prompt is ``texts[j]``."""

    def __init__(self, texts):
        self.texts, self.seeds = texts, []

    def generate_iter(self, prompts, n, sampling):
        self.seeds.append(sampling.seed)
        for j in range(n):
            for i in range(len(prompts)):
                yield i, j, Completion(self.texts[j], 10, "stop")

    def generate(self, prompts, n, sampling):
        return collect(self.generate_iter(prompts, n, sampling), len(prompts), n)


def run(engine, verifier, directory, **kw):
    return rollout(engine, verifier, [(t, 2) for t in TASKS], directory, sampling=GenerationConfig(batch_size=2),
                   seed=3, cycle=1, verify_chunk=1, progress=False, **kw)


def test_every_planned_sample_is_generated_and_verified_once_and_resumed_from_its_files(tmp_path):
    with GCCVerifier(run_after_compile=True, max_workers=2) as verifier:
        engine = ScriptedEngine([GOOD, BAD])
        samples = run(engine, verifier, tmp_path)
        assert [(s.task_id, s.sample_index, s.status) for s in samples] == [
            ("t0", 0, "pass"), ("t0", 1, "compile_error"), ("t1", 0, "pass"), ("t1", 1, "compile_error")]
        # batch_size 2 // 2 samples: one task per chunk, each seeded by its position
        assert engine.seeds == [chunk_seed(3, 1, 0), chunk_seed(3, 1, 1)]
        again = run(ScriptedEngine([]), verifier, tmp_path)      # nothing is generated or verified twice
    assert [(s.task_id, s.status, s.reward) for s in again] == [(s.task_id, s.status, s.reward) for s in samples]
    assert len((tmp_path / "verified.jsonl").read_text().splitlines()) == 4


class BrokenVerifier(GCCVerifier):
    def verify_batch(self, codes, tasks=None):
        raise RuntimeError("verifier broke")


def test_a_verifier_failure_is_raised_in_the_caller_and_the_samples_are_kept(tmp_path):
    with BrokenVerifier(run_after_compile=True, max_workers=1) as verifier, \
            pytest.raises(RuntimeError, match="verifier broke"):
        run(ScriptedEngine([GOOD, BAD]), verifier, tmp_path)
    assert not (tmp_path / "verified.jsonl").exists()
    assert len([json.loads(line) for line in (tmp_path / "samples.jsonl").read_text().splitlines()]) >= 1


def test_chunks_hold_one_engine_batch_of_tasks_with_the_same_sample_count():
    plan = [(TASKS[0], 2), (TASKS[1], 2), (TASKS[0], 4)]
    assert [([t.task_id for t in group], n) for group, n in task_chunks(plan, 4)] == [
        (["t0", "t1"], 2), (["t0"], 4)]
