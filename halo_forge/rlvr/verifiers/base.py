"""The verifier contract: ``verify(code, task) -> VerifyResult``, batching, caching, chaining.

A verifier subclass implements one method, ``check(code, task) -> VerifyResult``, which receives the raw
model completion (extraction happens inside, through :meth:`Verifier.extract_code`) and the task (tests,
entry point and language travel with it; never look a task up by its prompt). A class written for the
original halo-forge, which overrides ``verify(code)`` (and perhaps ``extract_code(text)``) instead, works
unchanged: its ``verify`` is what the workers call. The base class adds:

* ``verify_batch(codes, prompts=None, tasks=None)``: results in input order, computed in a pool of worker
  *processes* (``max_workers``, default: the core count; :mod:`halo_forge.rlvr.verifiers.workers`). Each
  worker ran :func:`halo_forge.sandbox.init_worker` (cgroup joined once, child subreaper) and verifies one
  sample at a time — threads would share a cgroup and kill each other's children. The workers live until
  ``cleanup()`` (or the end of a ``with`` block). ``use_pool("ray", address)`` runs the same workers on a
  Ray cluster instead (:mod:`halo_forge.rlvr.verifiers.ray_pool`).
* a content-addressed result cache keyed by (completion, :meth:`Verifier.settings`, the task's tests), so a
  duplicate in a batch or a re-verification in a later cycle costs nothing. Pass one :class:`ResultCache`
  to several verifiers to share it across a run.

Example::

    from halo_forge.rlvr.verifiers import GCCVerifier
    with GCCVerifier(run_after_compile=True) as verifier:
        result = verifier.verify("```c\\nint main(void) { return 0; }\\n```")
        result.success, result.reward, result.status     # (True, 0.7, 'runs')
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from halo_forge.errors import InputError
from halo_forge.rlvr.rewards import RewardLevel, Status
from halo_forge.rlvr.verifiers.cache import ResultCache, task_fingerprint, through_cache
from halo_forge.rlvr.verifiers.dispatch import (_takes_positional, judge, judging_now, make_pool, portable,
                                                run_in_pool)
from halo_forge.rlvr.verifiers.extract import extract_code
from halo_forge.rlvr.verifiers.result import (VerifyResult, checked_result, extraction_failure, verifier_error,
                                              with_status)
from halo_forge.tasks import Task

# Importable from here as in the original halo-forge and in earlier versions of this package.
__all__ = ["Verifier", "VerifyResult", "RewardLevel", "Status", "ChainedVerifier", "ResultCache", "as_task",
           "checked_result", "extraction_failure", "judge", "portable", "task_fingerprint", "verifier_error"]


def as_task(task: Task | dict | None) -> Task | None:
    """Accept a Task, a task dict (as in a JSONL line) or None."""
    if task is None or isinstance(task, Task):
        return task
    if isinstance(task, dict):
        # A verifier needs the tests, not the prompt: a dict without one is still a valid task here.
        return Task.from_dict({"prompt": "(no prompt)", **task} if not task.get("prompt") else task,
                              default_id="task")
    raise TypeError(f"task: expected a Task, a dict or None, got {type(task).__name__}")


class Verifier:
    """Base class: subclasses implement ``check(code, task) -> VerifyResult`` and ``settings()``.

    ``check`` runs in a worker process (never in the caller's), through ``verify`` and ``verify_batch``.
    A subclass in the original halo-forge's style overrides ``verify(code)`` or ``verify(code, task)``
    instead; the workers then call that.

    ``max_workers``: worker processes of ``verify_batch`` (None: the core count). ``cache``: a
    :class:`ResultCache` to share, None for a private one, False for none.
    """

    _contract_root = True        # where dispatch.judge stops looking for a subclass's method
    language: str | None = None  # extraction prefers blocks in this language when the task has none
    # Workers move into an empty network namespace once (cheaper sandbox launches). A verifier that needs
    # the network in its worker itself (e.g. a remote build server over SSH) sets this to False; sandboxed
    # commands then get a fresh network namespace per launch instead.
    isolate_worker_network: bool = True
    # Where verify_batch runs its workers: ("local", None, None), or ("ray", address, workers); see use_pool.
    pool_spec: tuple[str, str | None, int | None] = ("local", None, None)

    def __init__(self, max_workers: int | None = None, cache: ResultCache | None | bool = None):
        if max_workers is not None and max_workers < 1:
            raise ValueError(f"max_workers: expected at least 1, got {max_workers}")
        self.max_workers = max_workers if max_workers is not None else (os.cpu_count() or 1)
        self.cache: ResultCache | None = (None if cache is False else
                                          ResultCache() if cache is None or cache is True else cache)
        self._pool: WorkerPool | None = None

    # --- what subclasses provide -------------------------------------------------------------------
    def check(self, code: str, task: Task | None) -> VerifyResult:
        """The verdict on one completion; runs in a worker process. Subclasses implement this (or, in the
        original halo-forge's style, override ``verify``)."""
        raise InputError(f"{type(self).__name__}: implement check(code, task) (or, as in the original "
                         "halo-forge, verify(code)): the base class has nothing to check")

    def settings(self) -> dict[str, Any]:
        """Everything that identifies this verifier's verdicts (recorded in results, part of cache keys)."""
        return {"verifier": f"{type(self).__module__}.{type(self).__qualname__}"}

    # --- public API ---------------------------------------------------------------------------------
    def extract_code(self, text: str, language: str | None = None) -> str:
        """The program in a completion (fences, ``<code>`` tags or raw code); the text itself, stripped,
        when it holds nothing code-like (as in the original halo-forge). Override it to change extraction."""
        found = extract_code(text, language or self.language)
        return found if found is not None else text.strip()

    def extract_program(self, text: str, language: str | None = None) -> str | None:
        """The program the verifiers judge, or None when the completion holds no code: the default
        extraction, or the class's own ``extract_code`` (``extract_code(text)`` in the original
        halo-forge's style gets the text alone)."""
        override = type(self).extract_code
        if override is Verifier.extract_code:
            return extract_code(text, language or self.language)
        found = override(self, text, language) if _takes_positional(override, 3) else override(self, text)
        return found if found else None

    def verify(self, code: str, task: Task | dict | None = None) -> VerifyResult:
        """The verdict on one completion (in a worker process, through the cache)."""
        if judging_now():
            # Called from an override of verify() that a worker is running (``super().verify(code)``):
            # this process is the worker, so judge here rather than start workers of its own.
            return with_status(self.check(code, as_task(task)))
        # Reached through super() from an override of verify(): judge with check, not the override again.
        entry = "auto" if type(self).verify is Verifier.verify else "check"
        return self._verify_batch([code], [task], entry)[0]

    def verify_batch(self, codes: Sequence[str], prompts: Sequence[str] | None = None,
                     tasks: Sequence[Task | dict | None] | None = None) -> list[VerifyResult]:
        """Verify many completions in parallel; results come back in input order.

        ``prompts`` is accepted for the original halo-forge's signature and not used: tests travel with
        ``tasks``.
        """
        if tasks is not None and len(tasks) != len(codes):
            raise ValueError(f"verify_batch: {len(codes)} codes but {len(tasks)} tasks")
        return self._verify_batch(codes, tasks if tasks is not None else [None] * len(codes))

    def _verify_batch(self, codes: Sequence[str], tasks: Sequence[Task | dict | None],
                      entry: str = "auto") -> list[VerifyResult]:
        settings = self.settings() if entry == "auto" else {**self.settings(), "entry": entry}
        return through_cache(self.cache, codes, [as_task(t) for t in tasks], settings,
                             lambda fresh_codes, fresh_tasks: self._verify_many(fresh_codes, fresh_tasks, entry))

    def use_pool(self, pool: str, ray_address: str | None = None, ray_workers: int | None = None) -> "Verifier":
        """Run ``verify_batch``'s workers here (``"local"``) or on a Ray cluster (``"ray"``: the same worker
        processes, one per Ray actor; see :mod:`halo_forge.rlvr.verifiers.ray_pool`). Same verdicts."""
        self.cleanup()
        self.pool_spec = (pool, ray_address, ray_workers)
        return self

    def cleanup(self) -> None:
        """Stop the worker processes (a later call starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> "Verifier":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_pool"] = None       # workers get the settings, not the pool or the cache
        state["cache"] = None
        return state

    # --- parallel execution ---------------------------------------------------------------------------
    def _verify_many(self, codes: list[str], tasks: list[Task | None], entry: str = "auto") -> list[VerifyResult]:
        """Verify uncached samples in the worker processes (:mod:`halo_forge.rlvr.verifiers.dispatch`)."""
        if self._pool is None:
            self._pool = make_pool(self.pool_spec, self.max_workers, self.isolate_worker_network)
        return run_in_pool(self._pool, self, codes, tasks, entry)


class ChainedVerifier(Verifier):
    """Run verifiers in order, stopping at the first failure (its details say ``Stage N failed: ...``).

    The reward is the last stage's reward that ran; with ``weights`` it is the weighted mean of the stage
    rewards, stages that did not run counting 0. Success means every stage succeeded.
    """

    def __init__(self, verifiers: Sequence[Verifier], weights: Sequence[float] | None = None,
                 cache: ResultCache | None | bool = None):
        super().__init__(max_workers=1, cache=cache)
        if not verifiers:
            raise ValueError("ChainedVerifier: needs at least one verifier")
        if weights is not None and (len(weights) != len(verifiers) or sum(weights) <= 0
                                    or any(w < 0 for w in weights)):
            raise ValueError("ChainedVerifier: weights must be one non-negative number per verifier "
                             "with a positive sum")
        self.verifiers = list(verifiers)
        self.weights = list(weights) if weights is not None else None

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "stages": [v.settings() for v in self.verifiers],
                "weights": self.weights}

    def _verify_many(self, codes: list[str], tasks: list[Task | None], entry: str = "auto") -> list[VerifyResult]:
        stage_results: list[list[VerifyResult]] = [[] for _ in codes]
        alive = list(range(len(codes)))
        for verifier in self.verifiers:
            if not alive:
                break
            batch = verifier.verify_batch([codes[i] for i in alive], tasks=[tasks[i] for i in alive])
            for i, result in zip(alive, batch):
                stage_results[i].append(result)
            alive = [i for i, result in zip(alive, batch) if result.success]
        return [self._combine(stages) for stages in stage_results]

    def _combine(self, stages: list[VerifyResult]) -> VerifyResult:
        last = stages[-1]
        if self.weights is None:
            reward = last.reward
        else:
            reward = sum(w * r.reward for w, r in zip(self.weights, stages)) / sum(self.weights)
        success = last.success and len(stages) == len(self.verifiers)
        details = last.details if success else f"Stage {len(stages)} failed: {last.details}"
        return VerifyResult(success=success, reward=round(reward, 6), details=details, error=last.error,
                            metadata={"stages": [r.to_dict() for r in stages]}, status=last.status)

    def use_pool(self, pool: str, ray_address: str | None = None, ray_workers: int | None = None) -> "Verifier":
        for verifier in self.verifiers:     # the stages do the work (this class runs no workers itself)
            verifier.use_pool(pool, ray_address, ray_workers)
        return super().use_pool(pool, ray_address, ray_workers)

    def cleanup(self) -> None:
        for verifier in self.verifiers:
            verifier.cleanup()
        super().cleanup()
