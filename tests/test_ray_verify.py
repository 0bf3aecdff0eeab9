"""``verifier.pool: ray``: verify_batch on a real local Ray instance (2 CPUs), through the real sandbox and
real gcc: the same verdicts as the local pool, in input order, the result cache honoured, and a verifier
bug raised in the caller as itself."""

from pathlib import Path

import pytest
import ray  # in the dev extra: these tests run in CI, never skipped

from halo_forge.config import config_from_dict
from halo_forge.errors import ConfigError
from halo_forge.rlvr.verifiers import GCCVerifier, Verifier
from halo_forge.rlvr.verifiers.ray_pool import RayPool
from halo_forge.rlvr.verifiers.registry import build_verifier
from halo_forge.tasks import Task, TestCase

ECHO = '#include <stdio.h>\nint main(void) {{ printf("{}\\n"); return 0; }}'


def task(i: int) -> Task:
    return Task(task_id=f"print-{i}", prompt=f"Print {i}.", language="c", tests=[TestCase("", f"{i}\n")])


def completion(i: int, printed: int | None = None) -> str:
    return f"```c\n{ECHO.format(i if printed is None else printed)}\n```"


class BrokenVerifier(Verifier):
    """A verifier with a bug: the caller must see its exception (in the sample's details), not a Ray wrapper."""

    def check(self, code, task):
        raise KeyError(f"no such test: {code}")


@pytest.fixture(scope="module")
def local_ray():
    # A user verifier class must be importable on every node (as on a real cluster): here, this file.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).parent)}})
    yield
    ray.shutdown()


def test_same_verdicts_as_the_local_pool_in_order(local_ray):
    # 6 samples on 2 actors: passes, a wrong answer and a compile error interleaved, so order matters.
    codes = [completion(0), completion(1, printed=7), "```c\nint main(void) { return x; }\n```",
             completion(3), completion(4, printed=5), completion(5)]
    tasks = [task(i) for i in range(6)]
    with GCCVerifier(run_after_compile=True, max_workers=2) as local:
        expected = local.verify_batch(codes, tasks=tasks)
    with GCCVerifier(run_after_compile=True).use_pool("ray") as remote:
        got = remote.verify_batch(codes, tasks=tasks)
        assert isinstance(remote._pool, RayPool) and len(remote._pool.actors) == 2   # one per Ray CPU
    assert [r.status for r in got] == ["pass", "wrong_answer", "compile_error", "pass", "wrong_answer", "pass"]
    assert [(r.status, r.reward, r.success) for r in got] == [(r.status, r.reward, r.success) for r in expected]
    assert "error" in got[2].details.lower()                 # gcc's own diagnostic, from the Ray worker


def test_cache_answers_without_ray(local_ray):
    with GCCVerifier(run_after_compile=True).use_pool("ray", ray_workers=1) as verifier:
        first = verifier.verify_batch([completion(2), completion(2)], tasks=[task(2), task(2)])
        assert [r.metadata.get("cached", False) for r in first] == [False, True]   # duplicate verified once
        verifier.cleanup()                                                     # actors gone
        again = verifier.verify(completion(2), task(2))
        assert again.status == "pass" and again.metadata["cached"] is True and verifier._pool is None


def test_a_verifier_bug_is_that_samples_verifier_error_naming_itself(local_ray):
    """A sample-level failure never stops the batch (reward integrity): it is the sample's result."""
    with BrokenVerifier().use_pool("ray", ray_workers=1) as verifier:
        result = verifier.verify_batch(["int x;"])[0]
    assert (result.status, result.reward, result.success) == ("verifier_error", 0.0, False)
    assert "KeyError" in result.details and "no such test" in result.details


def test_config_builds_a_ray_verifier(local_ray):
    cfg = config_from_dict({"verifier": {"type": "gcc", "run_after_compile": True, "pool": "ray",
                                         "ray_workers": 1}})
    assert cfg.verifier.options == {"run_after_compile": True}        # pool keys are not verifier options
    with build_verifier(cfg.verifier) as verifier:
        assert verifier.pool_spec == ("ray", None, 1)
        assert verifier.verify(completion(9), task(9)).status == "pass"
    with pytest.raises(ConfigError, match="verifier.pool: expected one of local, ray"):
        config_from_dict({"verifier": {"pool": "dask"}})
