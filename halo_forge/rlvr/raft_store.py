"""The RAFT run directory: everything a cycle makes, written so that a killed run resumes exactly.

Layout (``halo-forge plot RUN_DIR`` reads ``metrics.jsonl`` and ``cycle_N/eval/``)::

    run.json                  what the run was made with (config, tasks, verifier); a restart must match
    metrics.jsonl             one row per finished cycle (cycle 0: the starting model's evaluation)
    tensorboard/              the same rows as TensorBoard scalars
    best.json, best/          the cycle with the best held-out score; best/ links to its adapter
    cycle_N/samples.jsonl     every completion, appended (and fsynced) in chunks as generation finishes them
    cycle_N/verified.jsonl    every verification result, appended as the verifier pool returns them
    cycle_N/plan.json         the cycle's tasks, samples per task and (frontier) each task's record (atomic)
    cycle_N/kept.jsonl        the selected samples (atomic)
    cycle_N/train/            the cycle's training logs
    cycle_N/adapter/          the adapter after the cycle (renamed into place when complete)
    cycle_N/eval/             results.json + samples.jsonl of the held-out evaluation (benchmark format)
    cycle_N/stats.json        the cycle's statistics; its presence means the cycle is finished

Append-only files are the only ones written in place. A kill can leave their last line torn (no
newline); :func:`read_jsonl` drops that line from the file, so it is made again, never duplicated.
Everything else is written to a temporary name and renamed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Sequence

from halo_forge.config import GenerationConfig, ModelConfig, RAFTConfig, to_dict
from halo_forge.errors import InputError
from halo_forge.rlvr.schedules import TaskRecord
from halo_forge.rlvr.sample import KEPT_FIELDS, Sample, to_jsonl
from halo_forge.tasks import Task, atomic_write_text, tasks_digest

log = logging.getLogger(__name__)

RUN_FILE, METRICS_FILE, STATS_FILE, BEST_FILE = "run.json", "metrics.jsonl", "stats.json", "best.json"
SAMPLES_FILE, VERIFIED_FILE, KEPT_FILE = "samples.jsonl", "verified.jsonl", "kept.jsonl"
PLAN_FILE = "plan.json"

# Settings that do not change any result, so a run may resume with different values.
RESUMABLE_KEYS = ("num_cycles", "output_dir", "prompts_file", "eval_file", "verify_chunk")
# Generation keys of the server engine: how a server is reached does not change the samples (a resumed
# run may reach it differently), and none of them matter to the in-process engines (hf, openvino).
SERVER_TRANSPORT_KEYS = ("base_url", "api_key_env", "concurrency", "max_retries", "retry_backoff",
                         "request_timeout")
SERVER_KEYS = (*SERVER_TRANSPORT_KEYS, "served_model", "stop_strings")


def run_fingerprint(raft: RAFTConfig, start_model: str, model: ModelConfig, generation: GenerationConfig,
                    verifier_settings: dict[str, Any], train: Sequence[Task],
                    heldout: Sequence[Task]) -> dict[str, Any]:
    """What a run is made with (``run.json``): a restart must match it (:meth:`RunStore.claim`). Settings
    that change no result are left out: ``RESUMABLE_KEYS``, the verifier's ``max_workers``, and how a
    generation server is reached (all server keys under the in-process engines)."""
    settings = {k: v for k, v in verifier_settings.items() if k != "max_workers"}
    from halo_forge.generation import LOCAL_ENGINES

    ignored = SERVER_KEYS if generation.engine in LOCAL_ENGINES else SERVER_TRANSPORT_KEYS
    return {"raft": {k: v for k, v in to_dict(raft).items() if k not in RESUMABLE_KEYS},
            "start_model": start_model, "model": to_dict(model),
            "generation": {k: v for k, v in to_dict(generation).items() if k not in ignored},
            "verifier": settings,
            "train_tasks_sha256": tasks_digest(train), "heldout_tasks_sha256": tasks_digest(heldout)}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The complete lines of an append-only JSONL file; a torn last line is cut off the file."""
    if not path.exists():
        return []
    data = path.read_bytes()
    complete = data[:data.rfind(b"\n") + 1]
    if len(complete) != len(data):
        log.warning("%s: dropping a torn last line (%d bytes) left by an interrupted run; it is made again",
                    path, len(data) - len(complete))
        with path.open("r+b") as handle:
            handle.truncate(len(complete))
            os.fsync(handle.fileno())
    rows = []
    for number, line in enumerate(complete.decode("utf-8").splitlines(), start=1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: corrupt line ({exc.msg}); delete the cycle directory to "
                             "redo it") from None
    return rows


def append_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Append rows and fsync, so what is on disk is exactly what was reported as done."""
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if not text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _differences(old: Any, new: Any, prefix: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(set(old) | set(new), key=str):
            out += _differences(old.get(key), new.get(key), f"{prefix}{key}." if prefix or key else "")
        return out
    if old != new:
        shown = [json.dumps(v, default=str) for v in (old, new)]
        shown = [s if len(s) <= 40 else s[:37] + "..." for s in shown]
        return [f"{prefix.rstrip('.')} {shown[0]} -> {shown[1]}"]
    return []


class RunStore:
    """Paths and atomic reads/writes of one RAFT run directory."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def cycle_dir(self, cycle: int) -> Path:
        return self.root / f"cycle_{cycle}"

    def adapter_dir(self, cycle: int) -> Path:
        return self.cycle_dir(cycle) / "adapter"

    # -- the run's identity

    def claim(self, fingerprint: dict[str, Any]) -> bool:
        """Record what this run is made with, or check that an existing run was made with the same.

        Returns True when the directory already held this run (a resume). Raises a one-line InputError
        naming what differs otherwise.
        """
        path = self.root / RUN_FILE
        if not path.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            write_json(path, fingerprint)
            return False
        recorded = json.loads(path.read_text(encoding="utf-8"))
        differences = _differences(recorded, json.loads(json.dumps(fingerprint, default=str)))
        if differences:
            raise InputError(f"{self.root}: holds a RAFT run made with different settings "
                             f"({'; '.join(differences[:4])}{'; ...' if len(differences) > 4 else ''}); "
                             "rerun with the same settings to resume, or choose another --output")
        return True

    # -- cycles

    def stats(self, cycle: int) -> dict[str, Any] | None:
        path = self.cycle_dir(cycle) / STATS_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def finished_cycles(self) -> list[dict[str, Any]]:
        """Statistics of the finished cycles (cycle 0 included when evaluated), in order."""
        rows = []
        cycle = 0
        while True:
            stats = self.stats(cycle)
            if stats is None and cycle > 0:
                return rows
            if stats is not None:
                rows.append(stats)
            cycle += 1

    def finish_cycle(self, cycle: int, stats: dict[str, Any]) -> None:
        """Write the cycle's statistics, then rebuild metrics.jsonl from every finished cycle."""
        write_json(self.cycle_dir(cycle) / STATS_FILE, stats)
        rows = self.finished_cycles()
        atomic_write_text(self.root / METRICS_FILE,
                          "".join(json.dumps(metrics_row(r), default=str) + "\n" for r in rows))

    def task_records(self, before_cycle: int) -> dict[str, TaskRecord]:
        """Per task, what the cycles before ``before_cycle`` saw: attempts, successes, best reward (from
        their ``verified.jsonl``, so the record is the same after a resume)."""
        totals: dict[str, list] = {}
        for cycle in range(1, before_cycle):
            for row in read_jsonl(self.cycle_dir(cycle) / VERIFIED_FILE):
                entry = totals.setdefault(row["task_id"], [0, 0, 0.0])
                entry[0] += 1
                entry[1] += bool(row["success"])
                entry[2] = max(entry[2], float(row["reward"]))
        return {task_id: TaskRecord(*entry) for task_id, entry in totals.items()}

    def save_adapter(self, cycle: int, save: Any) -> Path:
        """``save(directory)`` into a temporary directory, then rename it to ``cycle_N/adapter``."""
        final = self.adapter_dir(cycle)
        tmp = final.with_name(final.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        save(tmp)
        _fsync_tree(tmp)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        return final

    def record_best(self, best: dict[str, Any]) -> None:
        """``best.json`` and a ``best`` link to the best cycle's adapter (none for the starting model)."""
        link = self.root / "best"
        tmp = self.root / ".best.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        if best.get("adapter"):
            os.symlink(os.path.relpath(best["adapter"], self.root), tmp)
            os.replace(tmp, link)
        elif link.is_symlink():
            link.unlink()
        write_json(self.root / BEST_FILE, best)


def metrics_row(stats: dict[str, Any]) -> dict[str, Any]:
    """A ``metrics.jsonl`` row: the statistics without the per-task table."""
    return {k: v for k, v in stats.items() if k != "task_success"}


def _fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


# ------------------------------------------------------------------------------------------- statistics

def to_verified_sample(task_index: int, sample: dict[str, Any], result: dict[str, Any],
                       task: Task) -> Sample:
    return Sample(task_index=task_index, task_id=task.task_id, sample_index=sample["sample_index"],
                          prompt=task.prompt, completion=sample["completion"], status=result["status"],
                          success=result["success"], reward=result["reward"], category=task.category,
                          language=task.language,
                          num_tokens=sample["num_tokens"], finish_reason=sample["finish_reason"],
                          details=result.get("details", ""))


def write_kept(path: Path, samples: Sequence[Sample]) -> None:
    atomic_write_text(path, to_jsonl(samples, KEPT_FIELDS))


def sample_statistics(samples: Sequence[Sample]) -> dict[str, Any]:
    """Training-sample numbers of a cycle (the held-out numbers have no ``train_`` prefix)."""
    total = max(1, len(samples))
    per_task: dict[str, list[Sample]] = {}
    for sample in samples:
        per_task.setdefault(sample.task_id, []).append(sample)
    statuses: dict[str, int] = {}
    for sample in samples:
        statuses[sample.status] = statuses.get(sample.status, 0) + 1
    return {"num_tasks": len(per_task), "samples": len(samples),
            "train_success_rate": sum(s.success for s in samples) / total,
            "train_pass_rate": sum(s.passed for s in samples) / total,
            "train_compile_rate": sum(s.compiled for s in samples) / total,
            "train_mean_reward": sum(s.reward for s in samples) / total,
            "generated_tokens": sum(s.num_tokens for s in samples),
            "train_statuses": dict(sorted(statuses.items())),
            "task_success": {tid: sum(s.success for s in group) / len(group)
                             for tid, group in per_task.items()}}


def flat_numbers(data: dict[str, Any], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key != "task_success":
            out.update(flat_numbers(value, f"{prefix}{key}/"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f"{prefix}{key}"] = float(value)
    return out
