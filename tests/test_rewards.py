"""One classification of statuses: the benchmark, RAFT's selection and the GRPO reward logs agree on what
compiled and what passed, for every status of the taxonomy (and for one a custom verifier invents)."""

import pytest

from halo_forge.benchmark.runner import sample_records
from halo_forge.generation import Completion
from halo_forge.rlvr.rewards import COMPILED_STATUSES, NOT_COMPILED_STATUSES, PASSED_STATUSES, STATUSES
from halo_forge.rlvr.sample import Sample
from halo_forge.rlvr.verifier_reward import _log
from halo_forge.rlvr.verifiers.base import VerifyResult
from halo_forge.tasks import Task

# The decision itself, written out: a Python syntax or import error did not build.
NOT_BUILT = {"extraction_error", "compile_error", "syntax_error", "import_error", "tampering", "verifier_error"}


def test_every_status_is_classified_once():
    assert NOT_COMPILED_STATUSES == NOT_BUILT
    assert COMPILED_STATUSES | NOT_COMPILED_STATUSES == set(STATUSES)
    assert not COMPILED_STATUSES & NOT_COMPILED_STATUSES
    assert PASSED_STATUSES == {"pass"} and PASSED_STATUSES <= COMPILED_STATUSES


def _benchmark(status, compile_only):
    task = Task(task_id="t", prompt="p")
    [record] = sample_records([task], [[Completion("x", 1, "stop")]],
                              [VerifyResult(success=True, reward=0.0, details="", status=status)], compile_only)
    return record


def _raft(status):
    return Sample(task_index=0, task_id="t", sample_index=0, prompt="p", completion="x",
                          status=status, success=True, reward=0.0)


def _grpo_rates(status):
    metrics = {}
    _log([0.0], [status], ["t"], ["x"], lambda name, value: metrics.__setitem__(name, value), None, None, None)
    return metrics["verifier/compile_rate"] == 1.0, metrics["verifier/pass_rate"] == 1.0


@pytest.mark.parametrize("status", [*STATUSES, "my_custom_status"])
def test_benchmark_raft_and_grpo_classify_every_status_identically(status):
    built = status not in NOT_BUILT
    passed = status == "pass"
    bench = _benchmark(status, compile_only=False)
    raft = _raft(status)
    assert (bench.compiled, bench.correct) == (raft.compiled, raft.passed) == (built, passed)
    assert _grpo_rates(status) == (built, passed)
    assert _benchmark(status, compile_only=True).correct == built     # compile@k: a success that built
