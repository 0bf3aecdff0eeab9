"""What a verifier returns: :class:`VerifyResult`, and the checks every result passes on its way out of a
worker (:func:`checked_result`) — plain picklable fields, a reward in [0, 1], a status (inferred for a
result that carries none, :func:`with_status`) — or the ``verifier_error`` that replaces it.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from halo_forge.rlvr.rewards import Status, infer_status


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
