"""A pool of verifier worker *processes*: fresh interpreters running :func:`main`.

Why not ``multiprocessing``: its spawn/forkserver start methods re-run the caller's ``__main__`` module in
every worker (a script without an ``if __name__ == "__main__"`` guard recurses), and ``fork`` is unsafe
next to the threads of tokenizers, torch and tqdm. A worker here is a fresh interpreter started with
``subprocess`` (no ``preexec_fn``), which joins its cgroup once (:func:`halo_forge.sandbox.init_worker`),
then verifies one sample at a time: ``(verifier, code, task)`` in, ``VerifyResult`` out, as
length-prefixed pickles over its stdin/stdout. One parent thread per worker only moves bytes.

A worker that dies mid-sample (e.g. killed by its cgroup's OOM killer) is restarted and the sample is
tried once more; if it dies again the sample gets a ``runtime_error`` result saying so.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from typing import Any, Callable

from halo_forge.errors import HaloForgeError

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!Q")
_WORKER_MAIN = "from halo_forge.rlvr.verifiers.workers import main; main(isolate_network={})"


def _send(stream, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive_bytes(stream) -> bytes:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("worker closed its pipe")
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker closed its pipe mid-message")
    return data


def _receive(stream) -> Any:
    return pickle.loads(_receive_bytes(stream))


class PayloadError(HaloForgeError):
    """A worker could not load what it was sent (e.g. a class it cannot import): nothing a retry fixes."""


def worker_path() -> list[str]:
    """The workers' ``sys.path``: this package's root, then the caller's own path (its script's
    directory included), so that a verifier class the caller can import, a worker can import too."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    entries = [root] + [os.path.abspath(entry or os.curdir) for entry in sys.path]
    return [entry for i, entry in enumerate(entries) if entry not in entries[:i] and os.path.isdir(entry)]


class _Worker:
    def __init__(self, isolate_network: bool) -> None:
        self.isolate_network = isolate_network
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(worker_path())
        self.proc = subprocess.Popen([sys.executable, "-c", _WORKER_MAIN.format(isolate_network)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)

    def call(self, payload: Any) -> Any:
        _send(self.proc.stdin, payload)
        status, value = _receive(self.proc.stdout)
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def call_with_restart(worker: _Worker, payload: Any, on_death: Callable[[Any], Any]) -> tuple[_Worker, Any]:
    """``(worker, result)``: ``payload`` run by ``worker``; a worker that dies is replaced and the payload
    tried once more, and if that one dies too the result is ``on_death(payload)``. The worker returned is
    the one to use next (the same, or its replacement)."""
    for attempt in range(2):
        try:
            return worker, worker.call(payload)
        except (EOFError, BrokenPipeError, OSError, pickle.UnpicklingError):
            log.warning("verifier worker %d died (attempt %d); restarting it", worker.proc.pid, attempt + 1)
            worker.close()
            worker = _Worker(worker.isolate_network)
    return worker, on_death(payload)


class WorkerPool:
    """``pool.map(payloads, on_death)`` -> results in order; payloads go to ``_handle`` in a worker."""

    def __init__(self, max_workers: int, isolate_network: bool = True) -> None:
        self.max_workers = max_workers
        self.isolate_network = isolate_network
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker(self.isolate_network)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def map(self, payloads: list[Any], on_death: Callable[[Any], Any],
            on_error: Callable[[Any, BaseException], Any] | None = None) -> list[Any]:
        """``on_error(payload, exc)``: the result for a payload whose call raised (it may re-raise)."""
        results: list[Any] = [None] * len(payloads)
        errors: list[BaseException] = []
        jobs: queue.Queue = queue.Queue()
        for item in enumerate(payloads):
            jobs.put(item)

        def drain() -> None:
            worker = self._take()
            try:
                while not errors:
                    try:
                        index, payload = jobs.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        worker, results[index] = call_with_restart(worker, payload, on_death)
                    except Exception as exc:  # noqa: BLE001 - on_error decides: a result or a raise
                        if on_error is None:
                            raise
                        results[index] = on_error(payload, exc)
            except BaseException as exc:  # a bug in a verifier: surface it in the caller
                errors.append(exc)
            finally:
                self._give_back(worker)

        threads = [threading.Thread(target=drain, daemon=True)
                   for _ in range(min(self.max_workers, len(payloads)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return results

    def shutdown(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.close()


def _handle(payload: Any) -> Any:
    function, args = payload
    return function(*args)


def main(isolate_network: bool = True) -> None:
    """Worker loop: read a payload, run it, write ``("ok", result)`` or ``("error", exception)``."""
    channel_in = sys.stdin.buffer
    channel_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the channel
    from halo_forge import sandbox
    sandbox.init_worker(isolate_network=isolate_network)
    while True:
        try:
            data = _receive_bytes(channel_in)
        except EOFError:
            return
        try:
            payload = pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - e.g. a class defined where this process cannot import it
            reason = f"{type(exc).__name__}: {exc}"[:500]
            _send(channel_out, ("error", PayloadError(f"a verifier worker could not load its job ({reason}); "
                                                      "define the verifier class in an importable module")))
            continue
        try:
            reply = ("ok", _handle(payload))
        except Exception as exc:  # noqa: BLE001 - sent back to the parent (map's on_error)
            reply = ("error", exc)
        try:
            _send(channel_out, reply)
        except Exception as exc:  # noqa: BLE001 - unpicklable result or exception: say so, keep serving
            _send(channel_out, ("error", RuntimeError(f"unpicklable verifier result: {exc}"[:1000])))

