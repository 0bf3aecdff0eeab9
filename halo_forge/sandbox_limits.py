"""Resource limits for the sandbox (see :mod:`halo_forge.sandbox`): the :class:`Limits` of one command,
rlimits, the per-worker cgroup (memory and process count for a whole process tree) and the seccomp filter
given to bubblewrap.

Nothing here runs untrusted code; :func:`halo_forge.sandbox.run` applies these around every launch.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import os
import resource
import selectors
import subprocess
import time
import struct
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("halo_forge.sandbox")

_WORKER_SLACK_PIDS = 8       # the worker, bwrap and bwrap's own init
_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_DUMPABLE = 4


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed command. ``Limits(timeout=5, memory_mb=256)``."""

    timeout: float = 10.0                 # wall-clock seconds
    cpu_seconds: float | None = None      # None: timeout + 1
    memory_mb: int = 512                  # whole process tree (cgroup), else per process (RLIMIT_AS)
    max_processes: int = 64               # whole process tree (cgroup pids), else RLIMIT_NPROC
    file_size_mb: int = 64                # largest file it may write (RLIMIT_FSIZE)
    open_files: int = 256                 # RLIMIT_NOFILE
    output_bytes: int = 1 << 20           # stdout and stderr are each cut (and the run killed) beyond
    disk_mb: int | None = None            # size of each of its /tmp and /dev/shm (tmpfs, bwrap mode);
    #                                       None: memory_mb - 256, at least 256 (they count as its memory)

    def tmpfs_mb(self) -> int:
        return self.disk_mb if self.disk_mb is not None else max(256, self.memory_mb - 256)


def rlimit_values(limits: Limits, cgroup_limits: bool) -> dict[str, tuple[int, int]]:
    """The rlimits of a sandboxed command (prlimit names -> (soft, hard))."""
    cpu = max(int(limits.cpu_seconds if limits.cpu_seconds is not None else limits.timeout + 1), 1)
    fsize = limits.file_size_mb * 2**20
    values = {"cpu": (cpu, cpu + 1), "fsize": (fsize, fsize), "nofile": (limits.open_files,) * 2,
              "core": (0, 0)}
    if not cgroup_limits:
        memory = limits.memory_mb * 2**20
        values.update({"as": (memory, memory), "nproc": (limits.max_processes,) * 2})
    return values


_RESOURCES = {"cpu": resource.RLIMIT_CPU, "fsize": resource.RLIMIT_FSIZE, "nofile": resource.RLIMIT_NOFILE,
              "core": resource.RLIMIT_CORE, "as": resource.RLIMIT_AS, "nproc": resource.RLIMIT_NPROC}


def prlimit_argv(values: dict[str, tuple[int, int]]) -> list[str]:
    return ["prlimit", *(f"--{name}={soft}:{hard}" for name, (soft, hard) in values.items()), "--"]


def rlimit_setter(values: dict[str, tuple[int, int]]):
    """A preexec_fn setting the rlimits; used only in a worker process, which is single-threaded (a
    preexec_fn next to threads can deadlock), and saves the prlimit exec per launch."""
    def apply() -> None:
        for name, pair in values.items():
            resource.setrlimit(_RESOURCES[name], pair)
        # The OOM killer of the worker's cgroup must pick the sample, never the worker (raising one's own
        # score needs no privilege; the sample's processes inherit it). After the uid switch the process
        # is not dumpable and its /proc files belong to root: dumpable again (as exec would make it).
        _LIBC.prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)
        with contextlib.suppress(OSError):
            with open("/proc/self/oom_score_adj", "w") as handle:
                handle.write("1000")
    return apply


# ------------------------------------------------------------------------------------- output and time

def collect_output(proc: subprocess.Popen, limits: Limits, start: float) -> tuple[bytes, bytes, bool, bool]:
    """Read stdout/stderr until both close, the deadline passes or a stream exceeds the output cap
    (the wall-clock timeout and output limit of :func:`halo_forge.sandbox.run`)."""
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    sizes = dict.fromkeys(chunks, 0)
    deadline = start + limits.timeout
    timed_out = exceeded = False
    with selectors.DefaultSelector() as selector:
        for stream in (proc.stdout, proc.stderr):
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in selector.select(timeout=remaining):
                data = os.read(key.fd, 65536)
                if not data:
                    selector.unregister(key.fileobj)
                    continue
                room = limits.output_bytes - sizes[key.fd]
                chunks[key.fd].append(data[:max(room, 0)])
                sizes[key.fd] += len(data)
                if sizes[key.fd] > limits.output_bytes:
                    exceeded = True
            if exceeded:
                break
    if not timed_out and not exceeded:
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            timed_out = True  # closed its output but kept running
    proc.stdout.close()
    proc.stderr.close()
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd]), timed_out, exceeded


# ----------------------------------------------------------------------------------------------- seccomp

# x86_64 system calls no test program needs and that widen the kernel attack surface or escape routes:
# ptrace, mount/umount2, pivot_root, chroot, unshare, setns, kexec_load, init/finit/delete_module, acct,
# swapon/off, reboot, add_key/request_key/keyctl, perf_event_open, bpf, userfaultfd, io_uring_*.
_BLOCKED_X86_64 = (101, 165, 166, 155, 161, 272, 308, 246, 175, 313, 176, 163, 167, 168, 169,
                   248, 249, 250, 298, 321, 323, 425, 426, 427)
_SYS_SOCKET_X86_64 = 41
_AF_UNIX = 1


@functools.lru_cache(maxsize=None)
def seccomp_program() -> bytes | None:
    """A classic-BPF seccomp filter for bwrap's ``--seccomp``: the calls above and sockets other than
    Unix sockets fail with EPERM; everything else is allowed. None off x86_64 (numbers differ)."""
    if os.uname().machine != "x86_64":
        return None
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    allow, eperm = 0x7FFF0000, 0x00050000 | errno.EPERM
    audit_arch_x86_64 = 0xC000003E
    prog: list[tuple[int, int, int, int]] = []   # (code, jt, jf, k); jumps are filled in relative
    prog.append((ld_w_abs, 0, 0, 4))                                  # A = arch
    prog.append((jeq_k, 1, 0, audit_arch_x86_64))                     # x86_64? skip the deny
    prog.append((ret_k, 0, 0, eperm))
    prog.append((ld_w_abs, 0, 0, 0))                                  # A = syscall number
    prog.append((jge_k, 0, 1, 0x40000000))                            # x32 ABI numbers: deny
    prog.append((ret_k, 0, 0, eperm))
    for number in _BLOCKED_X86_64:
        prog.append((jeq_k, 0, 1, number))
        prog.append((ret_k, 0, 0, eperm))
    prog.append((jeq_k, 0, 3, _SYS_SOCKET_X86_64))                    # socket(domain, ...)
    prog.append((ld_w_abs, 0, 0, 16))                                 # A = low word of args[0]
    prog.append((jeq_k, 1, 0, _AF_UNIX))
    prog.append((ret_k, 0, 0, eperm))
    prog.append((ret_k, 0, 0, allow))
    return b"".join(struct.pack("HBBI", code, jt, jf, k) for code, jt, jf, k in prog)


# ----------------------------------------------------------------------------------------------- cgroups

@functools.lru_cache(maxsize=None)
def cgroup_version() -> str | None:
    """``v2``, ``v1`` (memory + pids controllers) or None, for cgroups this process may create."""
    if os.geteuid() != 0:
        return None  # delegated user cgroups are possible but not set up here; rlimits stand in
    if Path("/sys/fs/cgroup/cgroup.controllers").exists():
        controllers = Path("/sys/fs/cgroup/cgroup.controllers").read_text().split()
        return "v2" if {"memory", "pids"} <= set(controllers) else None
    if Path("/sys/fs/cgroup/memory").is_dir() and Path("/sys/fs/cgroup/pids").is_dir():
        return "v1"
    return None


def _own_cgroup_path(controller: str) -> str:
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if (controller == "" and controllers == "") or controller in controllers.split(","):
            return path
    return "/"


@dataclass
class WorkerCgroup:
    """The cgroup(s) this worker joined; limits are rewritten per run (cheap), membership is once."""

    dirs: dict[str, Path]                 # controller ("memory", "pids", or "" for v2) -> directory
    base_memory: int                      # the worker's own usage when it joined, added to every limit
    memory_limit: int = -1
    pids_limit: int = -1

    def _file(self, controller: str, v1: str, v2: str) -> Path:
        return self.dirs[""] / v2 if "" in self.dirs else self.dirs[controller] / v1

    def apply(self, limits: Limits, files_bytes: int = 0) -> None:
        """``files_bytes``: what the sample keeps in its work dir's tmpfs (charged here too), added so
        that its files never eat into the memory limit of its next command."""
        memory = self.base_memory + limits.memory_mb * 2**20 + files_bytes
        if memory != self.memory_limit:
            if "" in self.dirs:
                (self.dirs[""] / "memory.max").write_text(str(memory))
                with contextlib.suppress(OSError):
                    (self.dirs[""] / "memory.swap.max").write_text("0")
            else:
                limit = self.dirs["memory"] / "memory.limit_in_bytes"
                memsw = self.dirs["memory"] / "memory.memsw.limit_in_bytes"
                # memsw must stay >= limit; writing limit, memsw, limit works whichever way it moves.
                for path in (limit, memsw, limit):
                    with contextlib.suppress(OSError):
                        path.write_text(str(memory))
            self.memory_limit = memory
        pids = limits.max_processes + _WORKER_SLACK_PIDS
        if pids != self.pids_limit:
            self._file("pids", "pids.max", "pids.max").write_text(str(pids))
            self.pids_limit = pids

    def oom_count(self) -> int:
        try:
            events = (self.dirs[""] / "memory.events" if "" in self.dirs
                      else self.dirs["memory"] / "memory.oom_control").read_text()
            for line in events.splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1])
            return 0
        except (OSError, ValueError):
            return 0

    def pids(self) -> list[int]:
        procs: set[int] = set()
        for directory in self.dirs.values():
            with contextlib.suppress(OSError, ValueError):
                procs.update(int(p) for p in (directory / "cgroup.procs").read_text().split())
        return sorted(procs)


def join_cgroup() -> WorkerCgroup | None:
    version = cgroup_version()
    if version is None:
        return None
    name = f"halo-forge-w{os.getpid()}"
    dirs: dict[str, Path] = {}
    try:
        if version == "v2":
            parent = Path("/sys/fs/cgroup") / _own_cgroup_path("").lstrip("/")
            _clean_stale(parent)
            with contextlib.suppress(OSError):
                (parent / "cgroup.subtree_control").write_text("+memory +pids")
            dirs[""] = parent / name
        else:
            for controller in ("memory", "pids"):
                parent = Path("/sys/fs/cgroup") / controller / _own_cgroup_path(controller).lstrip("/")
                _clean_stale(parent)
                dirs[controller] = parent / name
        for directory in dirs.values():
            directory.mkdir(exist_ok=True)
        # Without delegated controllers (cgroup v2 in some containers) the limit files do not exist.
        needed = ([dirs[""] / "memory.max", dirs[""] / "pids.max"] if "" in dirs else
                  [dirs["memory"] / "memory.limit_in_bytes", dirs["pids"] / "pids.max"])
        missing = [path for path in needed if not path.exists()]
        if missing:
            raise OSError(f"{missing[0]} does not exist (memory/pids controllers not delegated here)")
        for directory in dirs.values():
            (directory / "cgroup.procs").write_text(str(os.getpid()))
    except OSError as exc:
        log.info("sandbox: no cgroup limits (%s); memory and processes limited by rlimits", exc)
        for directory in dirs.values():
            with contextlib.suppress(OSError):
                directory.rmdir()
        return None
    usage_file = dirs[""] / "memory.current" if "" in dirs else dirs["memory"] / "memory.usage_in_bytes"
    try:
        base = int(usage_file.read_text())
    except (OSError, ValueError):
        base = 0
    return WorkerCgroup(dirs=dirs, base_memory=max(base, 64 * 2**20))


def _clean_stale(parent: Path) -> None:
    """Remove empty cgroups of workers that have exited (a cgroup cannot be removed by its member)."""
    with contextlib.suppress(OSError):
        for child in parent.glob("halo-forge-w*"):
            pid = child.name.removeprefix("halo-forge-w")
            if pid.isdigit() and not Path(f"/proc/{pid}").exists():
                with contextlib.suppress(OSError):
                    child.rmdir()


# -------------------------------------------------------------------------------------------------- disk

_CLONE_NEWNS, _MS_REC, _MS_PRIVATE, _MNT_DETACH = 0x00020000, 0x4000, 0x40000, 2
_MS_NOSUID, _MS_NODEV = 0x2, 0x4


def private_mounts() -> bool:
    """Move this (worker) process into a mount namespace of its own, with nothing propagating back, so
    that the size-limited tmpfs of each work dir (:func:`mount_quota`) is invisible to the host and dies
    with the worker. Needs root (CAP_SYS_ADMIN); False where it is not allowed."""
    if os.geteuid() != 0 or _LIBC.unshare(_CLONE_NEWNS) != 0:
        return False
    return _LIBC.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None) == 0


def mount_quota(path: Path, size_mb: int, uid: int | None) -> bool:
    """Mount a tmpfs of ``size_mb`` on ``path`` (owned by ``uid``, mode 0700): a sample that writes more
    gets ENOSPC, and unmounting frees everything it wrote however deep or odd the tree."""
    owner = f",uid={uid},gid={uid}" if uid is not None else ""
    options = f"size={size_mb}m,mode=0700{owner}".encode()
    return _LIBC.mount(b"halo-work", str(path).encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV, options) == 0


def unmount(path: Path) -> bool:
    return _LIBC.umount2(str(path).encode(), _MNT_DETACH) == 0


def used_bytes(path: Path) -> int:
    """Bytes in use on the file system of ``path`` (a quota tmpfs: what the sample wrote)."""
    try:
        stat = os.statvfs(path)
    except OSError:
        return 0
    return (stat.f_blocks - stat.f_bfree) * stat.f_frsize


def remove_tree(top: Path) -> None:
    """Remove ``top`` and everything under it without recursion: each subdirectory met is first renamed
    to a direct child of ``top``, so paths stay two levels deep whatever the tree's depth (a 1500-deep
    tree makes ``shutil.rmtree`` raise RecursionError; a deeper one exceeds PATH_MAX), and a directory
    the sandboxed code made unreadable (chmod 000) is made accessible again first."""
    if not top.is_dir() or top.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            top.unlink()
        return
    pending, emptied, counter = [str(top)], [], 0
    while pending:
        directory = pending.pop()
        with contextlib.suppress(OSError):
            os.chmod(directory, 0o700)
        try:
            entries = list(os.scandir(directory))
        except OSError:
            entries = []
        for entry in entries:
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                counter += 1
                flat = os.path.join(top, f".halo-rm-{counter}")
                with contextlib.suppress(OSError):
                    os.rename(entry.path, flat)
                    pending.append(flat)
                    continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        if directory != str(top):
            emptied.append(directory)
    for directory in emptied:
        with contextlib.suppress(OSError):
            os.rmdir(directory)
    with contextlib.suppress(OSError):
        os.rmdir(top)
