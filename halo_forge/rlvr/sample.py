"""One completion and its verification: the record RAFT's ``kept.jsonl`` and the benchmark's
``samples.jsonl`` are made of (each file writes the fields it needs, :data:`KEPT_FIELDS` and
:data:`BENCHMARK_FIELDS`). What a status *means* — compiled, passed — comes from
:mod:`halo_forge.rlvr.rewards`, never from the record.

    Sample(task_id="c/sum", sample_index=0, completion="```c ...", status="pass", success=True, reward=1.0)
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Iterable

from halo_forge.rlvr import rewards


@dataclass
class Sample:
    """A completion of a task and its verdict. ``task_index``, ``prompt``, ``category`` and ``language``
    are filled by RAFT (selection groups by task); ``correct`` by the benchmark (what pass@k — or compile@k
    for a compile-only verifier — counts)."""

    task_id: str
    sample_index: int
    completion: str
    status: str
    success: bool
    reward: float
    num_tokens: int = 0
    finish_reason: str | None = None
    details: str = ""
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    task_index: int = 0
    prompt: str = ""
    category: str | None = None
    language: str | None = None
    correct: bool = False

    @property
    def compiled(self) -> bool:
        return rewards.compiled(self.status)

    @property
    def passed(self) -> bool:
        return rewards.passed(self.status)

    @property
    def key(self) -> tuple[int, int]:
        return self.task_index, self.sample_index

    def to_dict(self, fields: Iterable[str]) -> dict[str, Any]:
        """The named fields (and properties), in that order."""
        data = dataclasses.asdict(self)
        return {name: data[name] if name in data else getattr(self, name) for name in fields}


# A line of RAFT's cycle_N/kept.jsonl, and of the benchmark's samples.jsonl (docs/raft.md, docs/benchmarking.md).
KEPT_FIELDS = ("task_index", "task_id", "sample_index", "prompt", "completion", "status", "success", "reward",
               "category", "language", "num_tokens", "finish_reason", "details", "metadata")
BENCHMARK_FIELDS = ("task_id", "sample_index", "completion", "num_tokens", "finish_reason", "status", "success",
                    "reward", "correct", "compiled", "details", "error", "metadata")


def to_jsonl(samples: Iterable[Sample], fields: Iterable[str]) -> str:
    fields = tuple(fields)
    return "".join(json.dumps(s.to_dict(fields), ensure_ascii=False) + "\n" for s in samples)
