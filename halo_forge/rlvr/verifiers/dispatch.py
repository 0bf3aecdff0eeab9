"""How a verifier's verdicts are computed in the worker processes: what a worker is sent
(:func:`portable`: the verifier, or the verifier pickled by value when its class lives in the caller's
``__main__``), which method judges there (:func:`judge`: ``check``, or a ``verify`` override written for the
original halo-forge), and :func:`run_in_pool`, which maps samples over a local or Ray pool. The
contract itself — the :class:`~halo_forge.rlvr.verifiers.base.Verifier` class — is in ``base``.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import pickle
import threading
from typing import Any

from halo_forge import sandbox
from halo_forge.errors import HaloForgeError, InputError
from halo_forge.rlvr.rewards import Status
from halo_forge.rlvr.verifiers.result import VerifyResult, checked_result, verifier_error, with_status
from halo_forge.rlvr.verifiers.workers import PayloadError, WorkerPool
from halo_forge.tasks import Task

log = logging.getLogger(__name__)


def _takes_positional(function: Any, count: int) -> bool:
    """Whether ``function`` accepts ``count`` positional arguments (``self`` included)."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return True
    if any(p.kind is p.VAR_POSITIONAL for p in params):
        return True
    return sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params) >= count


_JUDGING = threading.local()     # set while a worker runs a verdict (see judging_now)


def judging_now() -> bool:
    """Whether this thread is inside :func:`judge` (a worker computing a verdict)."""
    return getattr(_JUDGING, "active", False)


def judge(verifier: "Verifier", code: str, task: Task | None, entry: str = "auto") -> Any:
    """One verdict, in this (worker) process: the class's ``check``, or its ``verify`` where a class
    written for the original halo-forge overrides that (``verify(code)`` or ``verify(code, task)``).
    ``entry="check"``: ``check`` whatever the class overrides (the base class's ``verify`` reached
    through ``super()`` from an override)."""
    method = "check"
    for klass in type(verifier).__mro__ if entry == "auto" else ():
        if "_contract_root" in vars(klass):       # the Verifier base class itself
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


def _worker_died(payload: Any) -> VerifyResult:
    return VerifyResult(success=False, reward=0.0, details="the verifier worker was killed twice on this "
                        "sample (memory or process limits hit the worker itself)",
                        error="verifier worker died", status=Status.RUNTIME_ERROR.value)


def make_pool(pool_spec: tuple[str, str | None, int | None], max_workers: int, isolate_network: bool) -> Any:
    """The worker pool of ``pool_spec``: ``("local", None, None)`` or ``("ray", address, workers)``."""
    pool, address, workers = pool_spec
    if pool == "ray":
        from halo_forge.rlvr.verifiers.ray_pool import RayPool
        return RayPool(workers, isolate_network=isolate_network, address=address)
    return WorkerPool(max_workers, isolate_network=isolate_network)


def run_in_pool(pool: Any, verifier: Any, codes: list[str], tasks: list[Task | None],
                entry: str = "auto") -> list[VerifyResult]:
    """Verify samples in ``pool``'s workers, one sample at a time per worker; results in input order."""
    job, sent = portable(verifier)
    payloads = [(job, (sent, code, task, entry)) for code, task in zip(codes, tasks)]
    results = pool.map(payloads, on_death=_worker_died, on_error=_sample_error)
    return [checked_result(result) for result in results]
