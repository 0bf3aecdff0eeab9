"""The only place where untrusted code is compiled or run.

Safety assumption, stated once: model output is hostile. Everything it controls — the source file, the
compiler invocation on it (``#include "/dev/zero"`` is model-controlled), the binary and the children it
forks — runs through :func:`run`, which gives it:

* **bubblewrap** (mode ``bwrap``) started as an unprivileged uid (``nobody`` when we are root: bwrap
  started by root is no privilege drop), every namespace unshared (user, pid, net, ipc, uts, cgroup),
  nested user namespaces disabled, all capabilities dropped, a new session, a seccomp filter
  (:func:`seccomp_program`: no ptrace, mount, unshare/setns, io_uring, bpf, perf, keyrings, userfaultfd,
  and no sockets other than Unix sockets); ``/usr`` and two loader files of ``/etc`` bound read-only; a
  private ``/tmp`` tmpfs; the per-sample work directory bound at ``/work`` — the only writable place.
  Nothing of ``$HOME``, the checkout or the caller's environment is visible: bwrap itself is started
  with a minimal environment (the parent's would leak through ``/proc/1/environ``).
* **limits** (:mod:`halo_forge.sandbox_limits`): CPU seconds, file size, open files and no core files as
  rlimits (set in the child by the single-threaded worker, or through ``prlimit`` from any other
  process, where a ``preexec_fn`` next to threads could deadlock); memory and process count through a
  cgroup that the worker process joins once (:func:`init_worker`, which also moves a root worker into an
  empty network namespace once, so launches skip building their own; without a cgroup,
  ``RLIMIT_AS``/``RLIMIT_NPROC`` stand in); a wall-clock timeout and an output cap enforced here;
  afterwards every process left in the worker's cgroup is killed and the worker (a child subreaper)
  reaps every zombie.

Fallbacks, chosen once per process by :func:`sandbox_mode` (``HALO_FORGE_SANDBOX=bwrap|namespaces|rlimits``
forces one): ``namespaces`` (``unshare``: user, pid and net namespaces, uid drop, no filesystem hiding) where
bwrap cannot start, and — logged loudly as a warning — ``rlimits`` (uid drop, limits, process-group kill)
as the last resort.

Using it from another verifier (e.g. pytest, rustc, go)::

    from halo_forge import sandbox

    limits = sandbox.Limits(timeout=20, memory_mb=1024)
    with sandbox.work_dir() as work:                   # host path, bound at /work inside
        (work / "test_solution.py").write_text(code)
        result = sandbox.run(["python3", "-I", "-m", "pytest", "-q", "-p", "no:cacheprovider"], work,
                             limits=limits, env={"PYTHONDONTWRITEBYTECODE": "1"},
                             ro_binds=[sys.prefix])     # a toolchain outside /usr, read-only, same path
    result.returncode, result.stdout, result.timed_out, result.status

* ``argv[0]`` is looked up on the sandbox's ``PATH`` (``/usr/local/bin:/usr/bin:/bin``); programs outside
  ``/usr`` need a read-only bind (``ro_binds=["/opt/toolchain"]`` or ``[("/host/path", "/inside/path")]``).
  Toolchains installed in root's home (rustup) are invisible to the sandbox uid: install them system-wide
  or bind them (they must be readable by ``nobody``).
* Call :func:`run` from a worker process that ran :func:`init_worker` (``Verifier.verify_batch`` does) to get
  the cgroup limits and zombie reaping; from the main process it still works, with rlimits instead.
* Paths inside are ``/work/...``; compiler messages therefore never show host paths.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from halo_forge.sandbox_limits import (Limits, WorkerCgroup, cgroup_version, collect_output, join_cgroup,
                                       mount_quota, private_mounts, prlimit_argv, remove_tree, rlimit_setter,
                                       rlimit_values, seccomp_program, unmount, used_bytes)

log = logging.getLogger(__name__)

MODES = ("bwrap", "namespaces", "rlimits")
SANDBOX_UID = 65534          # nobody; used when we are root
INSIDE_WORK = "/work"
SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin"
# /etc entries the loader and toolchains need (MinGW and wine are reached through /etc/alternatives);
# nothing with secrets (no passwd/shadow/ssh/ssl keys). Each extra mount costs launch time.
ETC_ENTRIES = ("alternatives", "ld.so.cache")
ROOT_LINKS = ("bin", "sbin", "lib", "lib64", "lib32", "libx32")


@dataclass
class RunResult:
    """What a sandboxed command did. ``status``: ok, exit (non-zero), signal, timeout, output_limit."""

    returncode: int | None                # None when we killed it (timeout, output cap)
    stdout: str
    stderr: str
    duration: float
    timed_out: bool = False
    output_exceeded: bool = False
    memory_exceeded: bool = False
    signal: int | None = None             # the signal that ended it, if any

    @property
    def status(self) -> str:
        if self.timed_out:
            return "timeout"
        if self.output_exceeded:
            return "output_limit"
        if self.signal is not None:
            return "signal"
        return "ok" if self.returncode == 0 else "exit"

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def describe(self) -> str:
        """One line for a VerifyResult's details."""
        if self.timed_out:
            return f"timed out after {self.duration:.1f}s"
        if self.output_exceeded:
            return "output limit exceeded"
        if self.memory_exceeded:
            return "memory limit exceeded"
        if self.signal is not None:
            try:
                name = signal.Signals(self.signal).name
            except ValueError:
                name = str(self.signal)
            return f"killed by {name}"
        return f"exit code {self.returncode}"


# ------------------------------------------------------------------------------------------ mode detection

def _sandbox_uid() -> int | None:
    """The uid sandboxed code runs as: nobody when we are root, else ourselves (None: no switch)."""
    return SANDBOX_UID if os.geteuid() == 0 else None


@functools.lru_cache(maxsize=None)
def _bwrap_supports(option: str) -> bool:
    try:
        out = subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in out.stdout + out.stderr


def _probe(argv: list[str]) -> bool:
    uid = _sandbox_uid()
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=20, env=_base_env({}),
                              stdin=subprocess.DEVNULL, cwd="/",
                              **({"user": uid, "group": uid, "extra_groups": []} if uid is not None else {}))
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


@functools.lru_cache(maxsize=None)
def sandbox_mode() -> str:
    """The active isolation mode of this process: ``bwrap``, ``namespaces`` or ``rlimits``."""
    forced = os.environ.get("HALO_FORGE_SANDBOX")
    if forced:
        if forced not in MODES:
            raise ValueError(f"HALO_FORGE_SANDBOX: expected one of {', '.join(MODES)}, got {forced!r}")
        mode = forced
    elif shutil.which("bwrap") and _probe(_bwrap_argv(Path("/"), [], ["true"], workdir_bind=False)):
        mode = "bwrap"
    elif shutil.which("unshare") and _probe(_unshare_argv(["true"])):
        mode = "namespaces"
    else:
        mode = "rlimits"
    if mode == "rlimits":
        log.warning("SANDBOX DEGRADED: neither bubblewrap nor user namespaces work here; untrusted code "
                    "runs with rlimits and a uid drop only (no network or filesystem isolation). Install "
                    "bubblewrap and allow unprivileged user namespaces.")
    elif mode == "namespaces":
        log.warning("sandbox: bubblewrap unavailable; using user/pid/net namespaces without filesystem "
                    "hiding")
    return mode


def describe_mode() -> str:
    """One line for ``halo-forge info``: the mode, the uid and the cgroup limits available."""
    mode = sandbox_mode()
    what = {"bwrap": "bubblewrap: all namespaces, read-only /usr, private /tmp and /work",
            "namespaces": "user/pid/net namespaces, no filesystem hiding",
            "rlimits": "DEGRADED: rlimits + uid drop only, no isolation"}[mode]
    uid = _sandbox_uid()
    cgroup = cgroup_version()
    return (f"{mode} ({what}; runs as uid {uid if uid is not None else os.geteuid()}; "
            f"memory/pids limits: {'cgroup ' + cgroup if cgroup else 'rlimits'})")


# ------------------------------------------------------------------------------------------------- argv

def _base_env(extra: dict[str, str]) -> dict[str, str]:
    """The whole environment sandboxed code sees: no API keys, no proxies, no caller variables."""
    env = {"PATH": SANDBOX_PATH, "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.update(extra)
    return env


def _bind_spec(bind: str | os.PathLike | tuple) -> tuple[str, str]:
    if isinstance(bind, tuple):
        return str(bind[0]), str(bind[1])
    return str(bind), str(bind)


def _bwrap_argv(workdir: Path, ro_binds: Sequence, argv: list[str], workdir_bind: bool = True,
                seccomp_fd: int | None = None, disk_mb: int = 256) -> list[str]:
    if _WORKER.get("private_net"):
        # This worker already sits in an empty network namespace (init_worker): no new one per launch.
        unshare = ["--unshare-user", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"]
    else:
        unshare = ["--unshare-all", "--unshare-user"]
    cmd = ["bwrap", *unshare, "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    if _bwrap_supports("--disable-userns"):
        cmd.append("--disable-userns")     # no nested user namespaces inside
    if seccomp_fd is not None:
        cmd += ["--seccomp", str(seccomp_fd)]
    cmd += ["--ro-bind", "/usr", "/usr"]
    for name in ROOT_LINKS:               # merged-/usr systems link these; others get read-only binds
        path = Path("/") / name
        if path.is_symlink():
            cmd += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            cmd += ["--ro-bind", str(path), str(path)]
    for name in ETC_ENTRIES:
        cmd += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    size = ["--size", str(disk_mb * 2**20)] if _bwrap_supports("--size") else []
    # /tmp and /dev/shm are tmpfs of disk_mb each, charged to the sample's memory cgroup.
    cmd += ["--proc", "/proc", "--dev", "/dev", *size, "--tmpfs", "/dev/shm", *size, "--tmpfs", "/tmp"]
    for bind in ro_binds:
        src, dst = _bind_spec(bind)
        cmd += ["--ro-bind", src, dst]
    if workdir_bind:
        cmd += ["--bind", str(workdir), INSIDE_WORK, "--chdir", INSIDE_WORK]
    # bwrap's own root and /dev are unlimited tmpfs writable by the sandbox uid: read-only once set up.
    cmd += ["--remount-ro", "/dev", "--remount-ro", "/"]
    return cmd + ["--", *argv]


def _unshare_argv(argv: list[str]) -> list[str]:
    return ["unshare", "--user", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
            "--mount", "--mount-proc", "--", *argv]


# State of this process as a sandbox worker (see init_worker): subreaper, cgroup, private network.
_WORKER: dict[str, object] = {}


def init_worker(isolate_network: bool = True) -> None:
    """Prepare this (dedicated, single-threaded) process to run sandboxed commands: become a child
    subreaper, so that orphaned sandbox processes are ours to reap; join a fresh cgroup once, so that
    every later command inherits its memory and process limits; and (as root, unless
    ``isolate_network=False``) move into an empty network namespace once, so that each launch need not
    build its own (the costliest part of a bwrap start). Idempotent."""
    if _WORKER.get("ready"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_child_subreaper = 36
    _WORKER["subreaper"] = libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0
    _WORKER["cgroup"] = join_cgroup()
    clone_newnet = 0x40000000
    _WORKER["private_net"] = bool(isolate_network and os.geteuid() == 0 and libc.unshare(clone_newnet) == 0)
    _WORKER["private_mounts"] = private_mounts()
    if not _WORKER["private_mounts"]:
        log.info("sandbox: no private mount namespace (not root); work dirs have no disk quota")
    _WORKER["ready"] = True
    sandbox_mode()  # detect (and warn) once per worker, not per sample


# --------------------------------------------------------------------------------------------- work dirs

WORK_DIR_MB = 256   # the disk quota of one sample's work dir


@contextlib.contextmanager
def work_dir(root: str | os.PathLike | None = None, size_mb: int = WORK_DIR_MB) -> Iterator[Path]:
    """A fresh private directory, writable by the sandbox uid, bound at ``/work`` by :func:`run`;
    removed (with everything the sandboxed code wrote) on exit. In a root worker (:func:`init_worker`)
    it is a tmpfs of ``size_mb`` in the worker's own mount namespace: a per-sample disk quota that never
    touches the host's disk, freed at once by unmounting."""
    path = Path(tempfile.mkdtemp(prefix="halo-sbx-", dir=root))
    uid = _sandbox_uid()
    mounted = bool(_WORKER.get("private_mounts")) and mount_quota(path, size_mb, uid)
    try:
        if uid is not None and not mounted:
            os.chown(path, uid, uid)
        path.chmod(0o700)
        yield path
    finally:
        if not (mounted and unmount(path)):
            remove_tree(path)
        with contextlib.suppress(OSError):
            path.rmdir()


# --------------------------------------------------------------------------------------------------- run

def _memfd(data: bytes | None) -> int | None:
    """A memfd holding ``data``, positioned at its start: stdin without a pipe writer to deadlock on a
    program that never reads, and the seccomp program for bwrap."""
    if not data:
        return None
    fd = os.memfd_create("halo-sandbox", 0)
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _launch(argv: Sequence[str], workdir: Path, limits: Limits, env: dict[str, str] | None, ro_binds: Sequence,
            stdin: bytes, pass_fds: Sequence[int], quiet: bool) -> subprocess.Popen:
    """Start ``argv`` sandboxed (see :func:`run`); ``quiet``: its stdout and stderr go to /dev/null."""
    mode = sandbox_mode()
    cgroup: WorkerCgroup | None = _WORKER.get("cgroup")  # type: ignore[assignment]
    if cgroup is not None:
        try:
            # What the sample keeps in its quota tmpfs is charged to this cgroup too: never to its limit.
            files = used_bytes(workdir) if _WORKER.get("private_mounts") else 0
            cgroup.apply(limits, files_bytes=-(-files // (16 << 20)) * (16 << 20))
        except OSError as exc:  # e.g. the cgroup was removed under us: rlimits from now on
            log.warning("sandbox: cannot set cgroup limits (%s); using rlimits instead", exc)
            _WORKER["cgroup"] = cgroup = None
    argv = [str(a) for a in argv]
    seccomp_fd = _memfd(seccomp_program()) if mode == "bwrap" else None
    if mode == "bwrap":
        command = _bwrap_argv(workdir, ro_binds, argv, seccomp_fd=seccomp_fd, disk_mb=limits.tmpfs_mb())
        cwd = "/"
        inside_env = _base_env(env or {})
    else:
        # Without bwrap the program sees host paths: /work does not exist, so point it at the real dir.
        argv = [a.replace(INSIDE_WORK, str(workdir), 1) if a.startswith(INSIDE_WORK) else a for a in argv]
        command = _unshare_argv(argv) if mode == "namespaces" else argv
        cwd = str(workdir)
        inside_env = _base_env({"HOME": str(workdir), "TMPDIR": str(workdir), **(env or {})})
    rlimits = rlimit_values(limits, cgroup_limits=cgroup is not None)
    in_worker = bool(_WORKER.get("ready"))
    if not in_worker:
        command = prlimit_argv(rlimits) + command
    stdin_fd = _memfd(stdin)
    uid = _sandbox_uid()
    output = subprocess.DEVNULL if quiet else subprocess.PIPE
    try:
        return subprocess.Popen(
            command, stdin=stdin_fd if stdin_fd is not None else subprocess.DEVNULL,
            stdout=output, stderr=output, cwd=cwd, env=inside_env, start_new_session=True, close_fds=True,
            pass_fds=tuple(pass_fds) + ((seccomp_fd,) if seccomp_fd is not None else ()),
            preexec_fn=rlimit_setter(rlimits) if in_worker else None,
            **({"user": uid, "group": uid, "extra_groups": []} if uid is not None else {}))
    finally:
        # pass_fds are handed over: the process holds them now (a socket's peer sees EOF when it exits).
        for fd in (stdin_fd, seccomp_fd, *pass_fds):
            if fd is not None:
                os.close(fd)


def start(argv: Sequence[str], workdir: str | os.PathLike, *, limits: Limits = Limits(),
          env: dict[str, str] | None = None, ro_binds: Sequence = (), pass_fds: Sequence[int] = ()
          ) -> subprocess.Popen:
    """Start a sandboxed companion process in the background (stdout/stderr discarded), e.g. a server
    that a command of :func:`run` talks to over an inherited socket in ``pass_fds``. The caller ends it
    with :func:`stop` (a :func:`run` in the same worker also kills it with the cgroup). ``pass_fds`` are
    handed over: closed here once it started."""
    return _launch(argv, Path(workdir), limits, env, ro_binds, b"", pass_fds, quiet=True)


def stop(proc: subprocess.Popen) -> int | None:
    """Kill a process of :func:`start` with its whole tree; its exit status if it had already ended."""
    code = proc.poll()
    _kill_tree(proc, _WORKER.get("cgroup"))  # type: ignore[arg-type]
    return code


def run(argv: Sequence[str], workdir: str | os.PathLike, *, stdin: str | bytes = b"",
        limits: Limits = Limits(), env: dict[str, str] | None = None,
        ro_binds: Sequence = (), pass_fds: Sequence[int] = (), companion: subprocess.Popen | None = None
        ) -> RunResult:
    """Run ``argv`` in the sandbox with ``workdir`` as its only writable directory (``/work`` inside,
    also the working directory). Never raises for anything the program does; raises OSError only if the
    sandbox itself cannot start. ``pass_fds``: descriptors handed over (same numbers inside; closed here
    once it started).
    ``companion``: a process of :func:`start` that serves this one; unless this one timed out, it gets up
    to a second to exit on its own afterwards (so that its exit status is its own, not our kill) before
    everything is killed."""
    mode = sandbox_mode()
    cgroup: WorkerCgroup | None = _WORKER.get("cgroup")  # type: ignore[assignment]
    oom_before = cgroup.oom_count() if cgroup is not None else 0
    data = stdin.encode() if isinstance(stdin, str) else stdin
    start_time = time.monotonic()
    proc = _launch(argv, Path(workdir), limits, env, ro_binds, data, pass_fds, quiet=False)
    cgroup = _WORKER.get("cgroup")  # type: ignore[assignment]
    try:
        stdout, stderr, timed_out, exceeded = collect_output(proc, limits, start_time)
        if companion is not None and not (timed_out or exceeded):
            with contextlib.suppress(subprocess.TimeoutExpired):
                companion.wait(timeout=1.0)
    finally:
        _kill_tree(proc, cgroup)
    duration = time.monotonic() - start_time
    code = proc.returncode
    sig = -code if code is not None and code < 0 else None
    if mode != "rlimits" and code is not None and code > 128 and code - 128 in signal.valid_signals():
        sig = code - 128  # bwrap and unshare report a child killed by signal N as exit code 128 + N
    memory_exceeded = cgroup is not None and cgroup.oom_count() > oom_before
    killed_by_us = timed_out or exceeded
    return RunResult(
        returncode=None if killed_by_us else (code if sig is None else None),
        stdout=stdout.decode("utf-8", errors="replace"), stderr=stderr.decode("utf-8", errors="replace"),
        duration=duration, timed_out=timed_out, output_exceeded=exceeded,
        memory_exceeded=memory_exceeded, signal=None if killed_by_us else sig)


def _kill_tree(proc: subprocess.Popen, cgroup: WorkerCgroup | None) -> None:
    """Kill the command's process group, reap, then kill and reap anything still in the worker's cgroup."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        proc.wait()
    _reap_all()
    if cgroup is None:
        return
    me = os.getpid()
    others: list[int] = []
    for attempt in range(300):  # a fork bomb may fork between listing and killing: repeat until empty
        others = [p for p in cgroup.pids() if p != me]
        if not others:
            return
        for pid in others:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.001 if attempt < 20 else 0.01)
        _reap_all()
    log.warning("sandbox: %d process(es) survived in the worker's cgroup: %s", len(others), others)


def _reap_all() -> None:
    """Reap every exited child (as a subreaper we inherit the sandbox's orphans)."""
    if not _WORKER.get("subreaper"):
        return
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        except OSError as exc:
            if exc.errno == errno.EINTR:
                continue
            return
        if pid == 0:
            return
