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

import dataclasses
import hashlib
import inspect
import json
import logging
import os
import pickle
import threading
from dataclasses import dataclass, field
from typing import Any, Sequence

from halo_forge import sandbox
from halo_forge.errors import HaloForgeError, InputError
from halo_forge.rlvr.rewards import RewardLevel, Status, infer_status
from halo_forge.rlvr.verifiers.extract import extract_code
from halo_forge.rlvr.verifiers.workers import PayloadError, WorkerPool
from halo_forge.tasks import Task

log = logging.getLogger(__name__)

__all__ = ["Verifier", "VerifyResult", "RewardLevel", "Status", "ChainedVerifier", "ResultCache"]


@dataclass
class VerifyResult:
    """The outcome of verifying one completion. ``success`` is the outcome, ``reward`` the training
    signal (see :mod:`halo_forge.rlvr.rewards`); ``status`` is one of its :class:`Status` values."""

    success: bool
    reward: float
    details: str
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    status: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "VerifyResult":
        return cls(**data)


def extraction_failure(language: str | None) -> VerifyResult:
    """The result for a completion that holds no code."""
    return VerifyResult(success=False, reward=0.0, details="no code found in the completion",
                        error=f"no {language or 'source'} code block or code-like text",
                        status=Status.EXTRACTION_ERROR.value)


def as_task(task: Task | dict | None) -> Task | None:
    """Accept a Task, a task dict (as in a JSONL line) or None."""
    if task is None or isinstance(task, Task):
        return task
    if isinstance(task, dict):
        # A verifier needs the tests, not the prompt: a dict without one is still a valid task here.
        return Task.from_dict({"prompt": "(no prompt)", **task} if not task.get("prompt") else task,
                              default_id="task")
    raise TypeError(f"task: expected a Task, a dict or None, got {type(task).__name__}")


def task_fingerprint(task: Task | None) -> dict[str, Any] | None:
    """What of a task can change a verdict: its language and tests (not its prompt)."""
    if task is None:
        return None
    return {"language": task.language, "tests": [dataclasses.asdict(t) for t in task.tests],
            "test_code": task.test_code, "entry_point": task.entry_point}


class ResultCache:
    """Content-addressed verification results: ``key(code, settings, task) -> VerifyResult``.

    One instance may be shared by every verifier of a run (keys include the verifier settings).
    """

    def __init__(self) -> None:
        self._results: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(code: str, settings: dict[str, Any], task: Task | None) -> str:
        blob = json.dumps([code, settings, task_fingerprint(task)], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8", errors="surrogatepass")).hexdigest()

    def get(self, key: str) -> VerifyResult | None:
        with self._lock:
            data = self._results.get(key)
            if data is None:
                self.misses += 1
                return None
            self.hits += 1
        result = VerifyResult.from_dict(json.loads(json.dumps(data)))  # a copy callers may mutate
        result.metadata["cached"] = True
        return result

    def put(self, key: str, result: VerifyResult) -> None:
        with self._lock:
            self._results[key] = result.to_dict()

    def __len__(self) -> int:
        return len(self._results)


def verifier_error(reason: str) -> VerifyResult:
    """The result of a sample whose verification failed inside the verifier: reward 0, the reason in
    ``details`` (a sample-level failure never stops a batch, a RAFT cycle or a benchmark)."""
    reason = reason if len(reason) <= 500 else reason[:500] + "..."
    return VerifyResult(success=False, reward=0.0, details=f"verifier error: {reason}", error=reason,
                        status=Status.VERIFIER_ERROR.value)


def with_status(result: Any) -> Any:
    """A result without a ``status`` (a verifier written for the original halo-forge sets none) gets
    the one its success and reward mean (:func:`halo_forge.rlvr.rewards.infer_status`)."""
    if isinstance(result, VerifyResult) and not result.status:
        try:
            result.status = infer_status(bool(result.success), float(result.reward)).value
            result.metadata = {**(result.metadata or {}), "status_inferred": True}
        except (TypeError, ValueError):
            pass          # checked_result names what is wrong with the result
    return result


def _takes_positional(function: Any, count: int) -> bool:
    """Whether ``function`` accepts ``count`` positional arguments (``self`` included)."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return True
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return True
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params) >= count


_JUDGING = threading.local()     # set while a worker runs a verdict (see Verifier.verify)


def checked_result(result: Any) -> VerifyResult:
    """``result`` as a plain, picklable VerifyResult of sane field types, or a ``verifier_error``."""
    if not isinstance(result, VerifyResult):
        return verifier_error(f"the verifier returned {type(result).__name__}, not a VerifyResult")
    try:
        reward = float(result.reward)
        if not 0.0 <= reward <= 1.0:
            return verifier_error(f"reward {reward!r} outside [0, 1]")
        data = json.loads(json.dumps(result.to_dict(), default=str))   # plain JSON types all the way down
        data["reward"] = reward
        data["success"] = bool(result.success)
        for key in ("details", "status"):
            data[key] = str(data[key])
        data["error"] = None if data["error"] is None else str(data["error"])
        data["metadata"] = data["metadata"] if isinstance(data["metadata"], dict) else {}
        return VerifyResult.from_dict(data)
    except Exception as exc:  # noqa: BLE001 - huge ints, cycles, odd objects in metadata
        return verifier_error(f"unreadable result: {type(exc).__name__}: {exc}")


def judge(verifier: "Verifier", code: str, task: Task | None, entry: str = "auto") -> Any:
    """One verdict, in this (worker) process: the class's ``check``, or its ``verify`` where a class
    written for the original halo-forge overrides that (``verify(code)`` or ``verify(code, task)``).
    ``entry="check"``: ``check`` whatever the class overrides (the base class's ``verify`` reached
    through ``super()`` from an override)."""
    method = "check"
    for klass in type(verifier).__mro__ if entry == "auto" else ():
        if klass is Verifier:
            break
        own = [name for name in ("verify", "check", "_verify") if name in vars(klass)]
        if own:
            method = own[0]     # _verify: this package's name for check before it was public
            break
    previous, _JUDGING.active = getattr(_JUDGING, "active", False), True
    try:
        if method != "verify":
            return with_status(getattr(verifier, method)(code, task))
        override = type(verifier).verify
        return with_status(override(verifier, code, task) if _takes_positional(override, 3)
                           else override(verifier, code))
    finally:
        _JUDGING.active = previous


def _verify_in_worker(verifier: "Verifier", code: str, task: Task | None, entry: str = "auto") -> VerifyResult:
    sandbox.init_worker()
    try:
        return checked_result(judge(verifier, code, task, entry))
    except HaloForgeError:
        raise                      # bad input or config (e.g. a task without tests): the caller's to fix
    except Exception as exc:  # noqa: BLE001 - whatever one sample provokes is that sample's result
        log.warning("verifier error on one sample (%s): %s", type(exc).__name__, exc, exc_info=True)
        return verifier_error(f"{type(exc).__name__}: {exc}")


_LOADED: dict[str, "Verifier"] = {}     # in a worker: the last verifier sent by value


def _verify_by_value(blob: bytes, code: str, task: Task | None, entry: str = "auto") -> VerifyResult:
    """:func:`_verify_in_worker` for a verifier sent by value (see :func:`portable`)."""
    key = hashlib.sha256(blob).hexdigest()
    if key not in _LOADED:
        import dill
        try:
            verifier = dill.loads(blob)
        except Exception as exc:  # noqa: BLE001 - what the class needs is missing in the worker
            raise PayloadError(f"a verifier worker could not rebuild the verifier ({type(exc).__name__}: "
                               f"{exc}); define its class in an importable module") from None
        _LOADED.clear()
        _LOADED[key] = verifier
    return _verify_in_worker(_LOADED[key], code, task, entry)


def portable(verifier: "Verifier") -> tuple[Any, Any]:
    """``(job, verifier)`` to send a worker: the verifier itself, or, when its class (or anything it
    holds) lives in the caller's ``__main__`` — which a worker, a fresh interpreter, cannot import —
    the verifier pickled by value with ``dill``. A verifier that cannot be sent at all is an input
    error naming why."""
    name = type(verifier).__name__
    try:
        data = pickle.dumps(verifier, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a local class, a lambda, an open file...
        data, reason = None, f"{type(exc).__name__}: {exc}"
    if data is not None and b"__main__" not in data:
        return _verify_in_worker, verifier
    import dill
    try:
        return _verify_by_value, dill.dumps(verifier, recurse=True)
    except Exception as exc:  # noqa: BLE001
        reason = reason if data is None else f"{type(exc).__name__}: {exc}"
        raise InputError(f"verifier {name}: it cannot be sent to the verifier worker processes ({reason}); "
                         "define the class at the top level of an importable module") from None


def _sample_error(payload: Any, exc: BaseException) -> VerifyResult:
    """A worker's exception for one sample, in the parent: bad input is raised, the rest is the sample's."""
    if isinstance(exc, HaloForgeError):
        raise exc
    return verifier_error(f"{type(exc).__name__}: {exc}")


class Verifier:
    """Base class: subclasses implement ``check(code, task) -> VerifyResult`` and ``settings()``.

    ``check`` runs in a worker process (never in the caller's), through ``verify`` and ``verify_batch``.
    A subclass in the original halo-forge's style overrides ``verify(code)`` or ``verify(code, task)``
    instead; the workers then call that.

    ``max_workers``: worker processes of ``verify_batch`` (None: the core count). ``cache``: a
    :class:`ResultCache` to share, None for a private one, False for none.
    """

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
        if getattr(_JUDGING, "active", False):
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
        task_list = [as_task(t) for t in tasks]
        settings = self.settings() if entry == "auto" else {**self.settings(), "entry": entry}
        results: list[VerifyResult | None] = [None] * len(codes)
        pending: dict[str, list[int]] = {}  # cache key -> positions; duplicates are verified once
        for i, (code, task) in enumerate(zip(codes, task_list)):
            key = ResultCache.key(code, settings, task)
            cached = self.cache.get(key) if self.cache is not None and key not in pending else None
            if cached is not None:
                results[i] = cached
            else:
                pending.setdefault(key, []).append(i)
        if pending:
            first = [positions[0] for positions in pending.values()]
            fresh = self._verify_many([codes[i] for i in first], [task_list[i] for i in first], entry)
            for (key, positions), result in zip(pending.items(), fresh):
                # A verifier error may be transient (e.g. the host's disk was full): never cached.
                if self.cache is not None and result.status != Status.VERIFIER_ERROR.value:
                    self.cache.put(key, result)
                results[positions[0]] = result
                for extra in positions[1:]:
                    copy = VerifyResult.from_dict(json.loads(json.dumps(result.to_dict())))
                    copy.metadata["cached"] = True
                    results[extra] = copy
        return results  # type: ignore[return-value]

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
        """Verify uncached samples in the worker processes, one sample at a time per worker."""
        if self._pool is None:
            pool, address, workers = self.pool_spec
            if pool == "ray":
                from halo_forge.rlvr.verifiers.ray_pool import RayPool
                self._pool = RayPool(workers, isolate_network=self.isolate_worker_network, address=address)
            else:
                self._pool = WorkerPool(self.max_workers, isolate_network=self.isolate_worker_network)
        job, verifier = portable(self)
        payloads = [(job, (verifier, code, task, entry)) for code, task in zip(codes, tasks)]
        results = self._pool.map(payloads, on_death=_worker_died, on_error=_sample_error)
        return [checked_result(result) for result in results]


def _worker_died(payload: Any) -> VerifyResult:
    return VerifyResult(success=False, reward=0.0, details="the verifier worker was killed twice on this "
                        "sample (memory or process limits hit the worker itself)",
                        error="verifier worker died", status=Status.RUNTIME_ERROR.value)


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
