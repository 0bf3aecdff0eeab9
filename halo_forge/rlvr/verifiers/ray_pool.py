"""``verifier.pool: ray``: ``verify_batch`` on a Ray cluster, with the same worker processes as on one machine.

Each Ray actor (one CPU) owns one verifier worker of :mod:`halo_forge.rlvr.verifiers.workers`: a fresh
interpreter that ran :func:`halo_forge.sandbox.init_worker` (cgroup, child subreaper, empty network
namespace) and verifies one sample at a time through :mod:`halo_forge.sandbox`, exactly as the local pool's
workers do. The sandbox is set up in that child, never in the actor itself: the actor's network is how
Ray reaches it.

Safety assumption, stated where it matters: every node that runs an actor has the same toolchains and
bubblewrap as this one (the ``toolbox/`` image); the sandbox mode of each worker is detected on its node
and logged there. The result cache stays in the calling process (:meth:`Verifier.verify_batch` consults
it before anything is sent), and results come back in input order.

    verifier = GCCVerifier(run_after_compile=True).use_pool("ray", ray_address="auto")
    results = verifier.verify_batch(completions, tasks=tasks)     # same verdicts as the local pool
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from halo_forge.errors import ConfigError
from halo_forge.rlvr.verifiers.workers import _Worker, call_with_restart

log = logging.getLogger(__name__)


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(["verifier.pool: ray needs the ray package: pip install 'halo-forge[ray]'"]) from None
    return ray


class VerifierActor:
    """One verifier worker process, owned by a Ray actor; replies ``("ok", result)`` or ``("error", exc)``
    so an exception reaches the caller as itself, not wrapped by Ray (``on_error`` of :meth:`RayPool.map`
    makes a sample's exception its ``verifier_error``; bad input is raised)."""

    def __init__(self, isolate_network: bool) -> None:
        self.worker = _Worker(isolate_network)

    def run(self, payload: Any, on_death: Callable[[Any], Any]) -> tuple[str, Any]:
        try:
            self.worker, result = call_with_restart(self.worker, payload, on_death)
            return "ok", result
        except Exception as exc:  # noqa: BLE001 - handed to on_error, or re-raised, by RayPool.map
            return "error", exc

    def close(self) -> None:
        self.worker.close()


class RayPool:
    """The :class:`~halo_forge.rlvr.verifiers.workers.WorkerPool` interface (``map``, ``shutdown``) on Ray.

    ``address``: None starts a Ray instance on this machine unless one is running in this process already
    (``ray.init`` was called); ``"auto"`` or ``ray://HOST:10001`` joins a cluster. ``workers``: actors to
    start, one CPU each; None means one per CPU of the cluster.
    """

    def __init__(self, workers: int | None = None, isolate_network: bool = True, address: str | None = None):
        ray = import_ray()
        if not ray.is_initialized():
            try:
                ray.init(address=address, include_dashboard=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = address if address is not None else "a local Ray instance"
                raise ConfigError([f"verifier.ray_address: cannot start or join {where}: "
                                   f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"]) from None
        count = workers if workers is not None else max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(VerifierActor)
        self.actors = [actor.remote(isolate_network) for _ in range(count)]
        self.max_workers = count
        log.info("verifying on Ray: %d worker actors", count)

    def map(self, payloads: list[Any], on_death: Callable[[Any], Any],
            on_error: Callable[[Any, BaseException], Any] | None = None) -> list[Any]:
        from ray.util import ActorPool

        replies = ActorPool(self.actors).map(lambda actor, payload: actor.run.remote(payload, on_death),
                                             payloads)
        results = []
        for payload, (status, value) in zip(payloads, replies):   # ActorPool.map yields in input order
            if status == "error":
                if on_error is None:
                    raise value
                value = on_error(payload, value)
            results.append(value)
        return results

    def shutdown(self) -> None:
        ray = import_ray()
        actors, self.actors = self.actors, []
        if not ray.is_initialized():
            return                                 # Ray is gone, and its actors with it
        try:
            ray.get([actor.close.remote() for actor in actors], timeout=30)
        except ray.exceptions.RayError as exc:     # an actor already dead: its worker died with it
            log.warning("closing Ray verifier workers: %s", str(exc).splitlines()[0])
        for actor in actors:
            ray.kill(actor)
