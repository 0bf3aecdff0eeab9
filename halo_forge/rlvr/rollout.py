"""The rollout of one RAFT cycle: ``n`` completions for each ``(task, n)`` of the cycle's plan, each verified.

    samples = rollout(engine, verifier, plan, cycle_dir, sampling=sampling, seed=42, cycle=1, verify_chunk=32)

The engine yields completions as they finish. Every ``verify_chunk`` of them is appended to
``samples.jsonl`` and submitted to a one-thread :class:`~concurrent.futures.ThreadPoolExecutor` that runs
``verifier.verify_batch`` (the verifier's own process pool does the work) and appends the results to
``verified.jsonl``, so verification overlaps generation. The plan is generated in chunks of about one
engine batch, each seeded by :func:`chunk_seed`: a chunk cut short by a kill is generated again
identically and only its missing samples are added, so rerunning resumes from the cycle's files.
"""

from __future__ import annotations

import dataclasses
import hashlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from halo_forge import console
from halo_forge.config import GenerationConfig
from halo_forge.rlvr.raft_store import SAMPLES_FILE, VERIFIED_FILE, append_jsonl, read_jsonl, to_verified_sample
from halo_forge.rlvr.sample import Sample
from halo_forge.tasks import Task

Key = tuple[str, int]          # (task_id, sample_index)


def rollout(engine: Any, verifier: Any, plan: list[tuple[Task, int]], directory: Path, *,
            sampling: GenerationConfig, seed: int, cycle: int, verify_chunk: int,
            progress: bool = True) -> list[Sample]:
    """The verified samples of ``plan`` in plan order (task by task, sample by sample), generated with
    ``sampling`` (the cycle's temperature; each chunk's seed from :func:`chunk_seed`). Samples and
    results already in ``directory`` are kept, never made twice."""
    samples = {(r["task_id"], r["sample_index"]): r for r in read_jsonl(directory / SAMPLES_FILE)}
    verified = {(r["task_id"], r["sample_index"]): r for r in read_jsonl(directory / VERIFIED_FILE)}
    verify = _Verification(verifier, {t.task_id: t for t, _ in plan}, directory / VERIFIED_FILE,
                           total=sum(n for _, n in plan) - len(verified), progress=progress)
    verify.submit([r for key, r in samples.items() if key not in verified])
    try:
        for chunk, (group, n) in enumerate(task_chunks(plan, sampling.batch_size)):
            missing = {(t.task_id, j) for t in group for j in range(n) if (t.task_id, j) not in samples}
            if missing:
                chunk_sampling = dataclasses.replace(sampling, seed=chunk_seed(seed, cycle, chunk))
                _generate_chunk(engine, group, n, chunk_sampling, missing, samples, verify, directory,
                                verify_chunk)
    finally:
        verify.close()
    verified.update(verify.results)
    return [to_verified_sample(index, samples[(t.task_id, j)], verified[(t.task_id, j)], t)
            for index, (t, n) in enumerate(plan) for j in range(n)]


def task_chunks(plan: list[tuple[Task, int]], batch_size: int) -> list[tuple[list[Task], int]]:
    """Consecutive tasks of the plan with the same number of samples, about one engine batch each."""
    chunks: list[tuple[list[Task], int]] = []
    for task, n in plan:
        if chunks and chunks[-1][1] == n and len(chunks[-1][0]) < max(1, batch_size // n):
            chunks[-1][0].append(task)
        else:
            chunks.append(([task], n))
    return chunks


def chunk_seed(seed: int, cycle: int, chunk: int) -> int:
    """The sampling seed of one chunk: the same chunk is generated identically when it is redone."""
    digest = hashlib.sha256(f"{seed}/{cycle}/{chunk}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def _generate_chunk(engine: Any, group: list[Task], n: int, sampling: GenerationConfig, missing: set[Key],
                    samples: dict[Key, dict[str, Any]], verify: "_Verification", directory: Path,
                    verify_chunk: int) -> None:
    pending: list[dict[str, Any]] = []
    for prompt_index, sample_index, completion in engine.generate_iter([t.prompt for t in group], n, sampling):
        key = (group[prompt_index].task_id, sample_index)
        if key not in missing:
            continue                      # already on disk from the interrupted run: never twice
        row = {"task_id": key[0], "sample_index": sample_index, "completion": completion.text,
               "num_tokens": completion.num_tokens, "finish_reason": completion.finish_reason}
        samples[key] = row
        pending.append(row)
        if len(pending) >= verify_chunk:
            append_jsonl(directory / SAMPLES_FILE, pending)
            verify.submit(pending)
            pending = []
    append_jsonl(directory / SAMPLES_FILE, pending)
    verify.submit(pending)


class _Verification:
    """Chunks of finished samples verified one after another on a worker thread while the caller keeps
    generating; each result is appended to ``verified.jsonl``. After a chunk fails, nothing more is
    verified and the failure is raised in the caller (at its next :meth:`submit`, or :meth:`close`)."""

    def __init__(self, verifier: Any, tasks: dict[str, Task], path: Path, total: int, progress: bool):
        self.verifier, self.tasks, self.path = verifier, tasks, path
        self.results: dict[Key, dict[str, Any]] = {}
        self.failed = False
        self.futures: list[Future] = []
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raft-verify")
        self.bar_context = console.progress("verify", total=total, unit="sample", disable=not progress)
        self.bar = self.bar_context.__enter__()

    def submit(self, rows: list[dict[str, Any]]) -> None:
        if self.failed:
            self._raise_failure()
        if rows:
            self.futures.append(self.pool.submit(self._verify, list(rows)))

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.bar_context.__exit__(None, None, None)
        self._raise_failure()

    def _raise_failure(self) -> None:
        for future in self.futures:      # chunks run in order: waits at most for the one that failed
            if future.exception() is not None:
                future.result()

    def _verify(self, rows: list[dict[str, Any]]) -> None:
        if self.failed:
            return
        try:
            tasks = [self.tasks[r["task_id"]] for r in rows]
            results = self.verifier.verify_batch([r["completion"] for r in rows], tasks=tasks)
            records = [{"task_id": r["task_id"], "sample_index": r["sample_index"],
                        "status": res.status, "success": bool(res.success), "reward": float(res.reward),
                        "details": res.details, "error": res.error, "metadata": res.metadata}
                       for r, res in zip(rows, results)]
            append_jsonl(self.path, records)
            self.results.update({(r["task_id"], r["sample_index"]): r for r in records})
            self.bar.update(len(records))
        except BaseException:
            self.failed = True
            raise
