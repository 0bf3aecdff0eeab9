"""The content-addressed result cache of the verifiers: a verdict is keyed by (completion, the
verifier's settings, the task's tests), so a duplicate in a batch or a re-verification in a later cycle
costs nothing. :func:`through_cache` is how ``verify_batch`` uses it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from typing import Any, Callable, Sequence

from halo_forge.rlvr.rewards import Status
from halo_forge.rlvr.verifiers.result import VerifyResult
from halo_forge.tasks import Task


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


def through_cache(cache: ResultCache | None, codes: Sequence[str], tasks: Sequence[Task | None],
                  settings: dict[str, Any],
                  verify_fresh: Callable[[list[str], list[Task | None]], list[VerifyResult]]) -> list[VerifyResult]:
    """Results for ``codes`` in input order: cached ones from ``cache``, the rest from ``verify_fresh``
    (each distinct sample once; duplicates get a copy marked ``cached``). A ``verifier_error`` may be
    transient (e.g. the host's disk was full), so it is never cached."""
    results: list[VerifyResult | None] = [None] * len(codes)
    pending: dict[str, list[int]] = {}  # cache key -> positions; duplicates are verified once
    for i, (code, task) in enumerate(zip(codes, tasks)):
        key = ResultCache.key(code, settings, task)
        cached = cache.get(key) if cache is not None and key not in pending else None
        if cached is not None:
            results[i] = cached
        else:
            pending.setdefault(key, []).append(i)
    if pending:
        first = [positions[0] for positions in pending.values()]
        fresh = verify_fresh([codes[i] for i in first], [tasks[i] for i in first])
        for (key, positions), result in zip(pending.items(), fresh):
            if cache is not None and result.status != Status.VERIFIER_ERROR.value:
                cache.put(key, result)
            results[positions[0]] = result
            for extra in positions[1:]:
                copy = VerifyResult.from_dict(json.loads(json.dumps(result.to_dict())))
                copy.metadata["cached"] = True
                results[extra] = copy
    return results  # type: ignore[return-value]
