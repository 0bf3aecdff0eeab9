"""MSVC on a Windows build server, reached over SSH: :class:`RemoteMSVCVerifier`.

Training runs on Linux; ``cl.exe`` runs on a Windows machine. Each verifier worker process keeps ONE SSH
connection open for all its samples (not one or more per sample): ``ssh`` starts the server script
(``toolbox/windows/msvc_server.ps1``) once, and the two sides then talk JSON lines over that session.

The protocol (version 1), one JSON object per line, client -> server -> client:

=========================================================  ===============================================
request                                                    response
=========================================================  ===============================================
``{"op": "hello"}``                                        ``{"ok": true, "protocol": 1, "compiler": "..."}``
``{"op": "compile", "job": J, "language": "c"|"cpp",``     ``{"ok": bool, "returncode": int|null,``
``"source": S, "flags": [...], "timeout": s}``             ``"timed_out": bool, "output": "<cl diagnostics>"}``
``{"op": "run", "job": J, "stdin": S, "timeout": s}``      ``{"ok": true, "returncode": int|null, "stdout": S,``
                                                           ``"stderr": S, "timed_out": bool, "duration": s}``
``{"op": "cleanup", "job": J}``                            ``{"ok": true}``
=========================================================  ===============================================

Every request carries an ``id`` that the response echoes. The server keeps a job's folder (source,
``.obj``, ``.exe``) between ``compile`` and ``cleanup``; a ``run`` past its ``timeout`` has its whole process
tree killed *on the server* (``taskkill /T /F``), and the verifier removes the job's folder after every
sample. stdout travels as a JSON string, so multi-line output arrives exactly as printed (Windows programs
print ``\\r\\n``; the output comparison ignores trailing whitespace per line, so that is not a mismatch).

Warnings are counted from ``cl``'s own diagnostics (``file(line): warning C4013: ...``) with the configured
warning level (``/W3`` by default), so 0.3 is reachable; ``warn_as_error`` adds ``/WX``. Runs and test
grading reuse :mod:`halo_forge.rlvr.verifiers.execution` (the same rewards as the local compilers).

A lost connection fails only the sample in flight (``error: connection lost``, reward 0, status
``runtime_error`` — it is not the candidate's fault, so callers may re-verify); the next sample opens a
fresh connection. Where the server cannot be reached at all, every sample says so and the batch ends.

``toolbox/windows/msvc_server_posix.py`` implements the same protocol with gcc standing in for ``cl.exe``
(same flags accepted, cl-style diagnostics, runs inside :mod:`halo_forge.sandbox`); the tests drive this
verifier against it through a real ``sshd`` on 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import selectors
import shlex
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status, compile_reward
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, extraction_failure
from halo_forge.rlvr.verifiers.compile import build_source, guess_language
from halo_forge.rlvr.verifiers.execution import run_for_task
from halo_forge.tasks import COMPARE_MODES, Task

log = logging.getLogger(__name__)

PROTOCOL = 1
DEFAULT_FLAGS = ["/nologo", "/W3", "/EHsc", "/O2"]
LANGUAGE_FLAGS = {"c": ["/TC"], "cpp": ["/TP", "/std:c++17"]}
DEFAULT_REMOTE_COMMAND = ("powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass "
                          "-File C:\\halo-forge\\msvc_server.ps1")
_CL_WARNING = re.compile(r"\bwarning [A-Z]+\d+\s*:")
_CL_ERROR = re.compile(r"\b(?:fatal )?error [A-Z]+\d+\s*:")
_HARNESS_FILES = ("harness.c", "harness.cpp")
_SLACK = 15.0  # seconds the client waits beyond a server-side limit before calling the connection dead


class ConnectionLost(Exception):
    """The SSH session ended or stopped answering."""


def count_cl_warnings(output: str) -> int:
    """Warnings in ``cl`` output outside the task's harness."""
    return sum(1 for line in output.splitlines()
               if _CL_WARNING.search(line) and not line.lstrip().startswith(_HARNESS_FILES))


def first_cl_errors(output: str, limit: int = 3) -> str:
    lines = [line.strip() for line in output.splitlines() if _CL_ERROR.search(line)]
    return " | ".join(lines[:limit]) if lines else output.strip()[:300]


class BuildServerConnection:
    """One SSH session running the build-server script; requests are JSON lines."""

    def __init__(self, ssh_argv: list[str], connect_timeout: float):
        self.ssh_argv = ssh_argv
        self.connect_timeout = connect_timeout
        self.proc: subprocess.Popen | None = None
        self._buffer = b""
        self._ids = itertools.count(1)
        self.server_info: dict[str, Any] = {}

    def _open(self) -> None:
        log.debug("opening build-server session: %s", shlex.join(self.ssh_argv))
        self.proc = subprocess.Popen(self.ssh_argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True)
        self._buffer = b""
        try:
            self.server_info = self._exchange({"op": "hello"}, self.connect_timeout)
        except ConnectionLost:
            self.close()
            raise
        if self.server_info.get("protocol") != PROTOCOL:
            self.close()
            raise ConnectionLost(f"build server speaks protocol {self.server_info.get('protocol')!r}, "
                                 f"expected {PROTOCOL}")

    def ensure_open(self) -> None:
        """Open the session unless it is alive (a dead one is closed and replaced)."""
        if self.proc is None or self.proc.poll() is not None:
            self.close()
            self._open()

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request (opening the session if needed) and wait for its response."""
        self.ensure_open()
        return self._exchange(message, timeout)

    def _exchange(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdin is not None
        message = {**message, "id": next(self._ids)}
        try:
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise ConnectionLost(self._why(f"write failed: {exc}")) from None
        while True:
            line = self._read_line(time.monotonic() + timeout)
            try:
                response = json.loads(line)
            except json.JSONDecodeError:
                log.debug("build server said (not protocol): %r", line[:200])
                continue  # a login banner or profile output before the server starts
            if response.get("id") == message["id"]:
                if "error" in response and not response.get("ok", False):
                    raise ConnectionLost(f"build server refused {message['op']}: {response['error']}")
                return response

    def _read_line(self, deadline: float) -> bytes:
        assert self.proc is not None and self.proc.stdout is not None
        stdout = self.proc.stdout
        with selectors.DefaultSelector() as selector:
            selector.register(stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    raise ConnectionLost("build server did not answer in time")
                if not selector.select(left):
                    continue
                chunk = os.read(stdout.fileno(), 1 << 16)
                if not chunk:
                    raise ConnectionLost(self._why("connection closed"))
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def _why(self, what: str) -> str:
        stderr = b""
        if self.proc is not None and self.proc.poll() is not None and self.proc.stderr is not None:
            try:
                stderr = self.proc.stderr.read() or b""
            except OSError:
                pass
        self.close()
        text = stderr.decode(errors="replace").strip().splitlines()
        return f"{what}" + (f": {text[-1]}" if text else "")

    def close(self) -> None:
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
        if proc.poll() is None:
            proc.kill()
        proc.wait()


# One session per worker process and server; the worker pool keeps processes alive across samples.
_SESSIONS: dict[tuple, BuildServerConnection] = {}


class RemoteMSVCVerifier(Verifier):
    """Compile (and optionally run) with MSVC ``cl.exe`` on a Windows build server over SSH.

    >>> v = RemoteMSVCVerifier(host="winbuild", user="builder", ssh_key="~/.ssh/id_ed25519",
    ...                        run_after_compile=True)                      # doctest: +SKIP
    >>> v.verify("```c\\n#include <stdio.h>\\nint main(void){puts(\\"hi\\");}\\n```").status  # doctest: +SKIP
    'runs'

    The reward ladder is the local compilers': ``cl`` warnings (at ``/W3`` unless ``flags`` say otherwise)
    -> 0.3, clean -> 0.5, runs -> 0.7, correct output -> 1.0. A task's ``tests`` or ``test_code`` harness
    decide correctness, else ``expected_output``/``stdin_input``.
    """

    isolate_worker_network = False  # its workers talk SSH; nothing untrusted runs on this machine

    def __init__(self, host: str, user: str | None = None, ssh_key: str | None = None, port: int = 22,
                 timeout: float = 60.0, run_after_compile: bool = False, run_timeout: float = 10.0,
                 expected_output: str | None = None, stdin_input: str | None = None,
                 max_workers: int | None = None, flags: list[str] | None = None, warn_as_error: bool = False,
                 language: str | None = None, compare: str = "exact",
                 remote_command: str = DEFAULT_REMOTE_COMMAND, connect_timeout: float = 30.0,
                 ssh_options: list[str] | None = None, known_hosts_file: str | None = None,
                 cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        if not host:
            raise ValueError("host: the build server's name or address is required")
        if not 0 < port < 65536:
            raise ValueError(f"port: expected 1-65535, got {port}")
        if timeout <= 0 or run_timeout <= 0 or connect_timeout <= 0:
            raise ValueError("timeout, run_timeout and connect_timeout must be positive seconds")
        if compare not in COMPARE_MODES:
            raise ValueError(f"compare: expected one of {', '.join(COMPARE_MODES)}, got {compare!r}")
        if language not in (None, "c", "cpp"):
            raise ValueError(f"language: MSVC builds c or cpp, not {language!r}")
        self.host, self.user, self.port = host, user, int(port)
        self.ssh_key = str(Path(ssh_key).expanduser()) if ssh_key else None
        self.timeout, self.run_timeout, self.connect_timeout = float(timeout), float(run_timeout), float(connect_timeout)
        self.run_after_compile = run_after_compile
        self.expected_output, self.stdin_input = expected_output, stdin_input
        self.flags = list(flags) if flags is not None else list(DEFAULT_FLAGS)
        self.warn_as_error = warn_as_error
        self.language, self.compare = language, compare
        self.remote_command = remote_command
        self.ssh_options = list(ssh_options or [])
        self.known_hosts_file = known_hosts_file

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "host": self.host, "user": self.user, "port": self.port,
                "flags": self.flags, "warn_as_error": self.warn_as_error, "timeout": self.timeout,
                "run_after_compile": self.run_after_compile, "run_timeout": self.run_timeout,
                "expected_output": self.expected_output, "stdin_input": self.stdin_input,
                "language": self.language, "compare": self.compare, "remote_command": self.remote_command}

    # --- the connection ------------------------------------------------------------------------------
    def ssh_argv(self) -> list[str]:
        """``ssh`` with key auth only, keep-alives, and the server script as the remote command."""
        argv = ["ssh", "-T", "-p", str(self.port), "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15",
                "-o", "ServerAliveCountMax=3", "-o", f"ConnectTimeout={int(self.connect_timeout)}"]
        if self.ssh_key:
            argv += ["-i", self.ssh_key, "-o", "IdentitiesOnly=yes"]
        if self.known_hosts_file:
            argv += ["-o", f"UserKnownHostsFile={self.known_hosts_file}", "-o", "StrictHostKeyChecking=accept-new"]
        argv += self.ssh_options
        argv += [f"{self.user}@{self.host}" if self.user else self.host, self.remote_command]
        return argv

    def connection(self) -> BuildServerConnection:
        key = (self.host, self.port, self.user, self.ssh_key, self.remote_command, tuple(self.ssh_options))
        if key not in _SESSIONS:
            _SESSIONS[key] = BuildServerConnection(self.ssh_argv(), self.connect_timeout)
        return _SESSIONS[key]

    def check_server(self) -> dict[str, Any]:
        """Connect and ask the server who it is (``halo-forge info --msvc``); raises ConnectionLost."""
        return self.connection().request({"op": "hello"}, self.connect_timeout)

    # --- the verification ----------------------------------------------------------------------------
    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        hint = task.language if task is not None and task.language in ("c", "cpp") else self.language
        program = self.extract_program(code, hint)
        if program is None:
            return extraction_failure(hint)
        language = hint or guess_language(program)
        source = build_source(program, language, task.test_code if task is not None else None)
        job = uuid.uuid4().hex
        meta: dict[str, Any] = {"language": language, "compiler": "cl", "host": self.host}
        connection = self.connection()
        try:
            connection.ensure_open()
            meta["server_session"] = connection.server_info.get("pid")
            result = self._compile_and_run(connection, job, source, language, task, meta)
        except ConnectionLost as exc:
            log.warning("build server %s: %s", self.host, exc)
            return VerifyResult(False, 0.0, f"build server unavailable: {exc}", error=f"connection lost: {exc}",
                                metadata={**meta, "infrastructure_error": True}, status=Status.RUNTIME_ERROR.value)
        try:  # the verdict stands even if removing the job's folder fails; the server also cleans at exit
            connection.request({"op": "cleanup", "job": job}, self.connect_timeout)
        except ConnectionLost as exc:
            log.warning("build server %s: cleanup of job %s failed: %s", self.host, job, exc)
        return result

    def _compile_and_run(self, connection: BuildServerConnection, job: str, source: str, language: str,
                         task: Task | None, meta: dict[str, Any]) -> VerifyResult:
        flags = [*LANGUAGE_FLAGS[language], *self.flags, *(["/WX"] if self.warn_as_error else [])]
        start = time.monotonic()
        reply = connection.request({"op": "compile", "job": job, "language": language, "source": source,
                                    "flags": flags, "timeout": self.timeout}, self.timeout + _SLACK)
        output = reply.get("output", "")
        warnings = count_cl_warnings(output)
        meta.update(compile_seconds=round(time.monotonic() - start, 4), compile_stderr=output[-2000:],
                    warnings=warnings)
        if not reply.get("ok"):
            why = "timed out" if reply.get("timed_out") else first_cl_errors(output)
            return VerifyResult(False, 0.0, f"compile failed: {why}", error=output[-2000:] or why,
                                metadata=meta, status=Status.COMPILE_ERROR.value)
        reward, status = compile_reward(warnings > 0)
        note = f"compiled with {warnings} warning(s)" if warnings else "compiled clean"
        if not self.run_after_compile:
            return VerifyResult(True, reward, note, metadata=meta, status=status.value)

        def run_remote(argv, work, *, stdin="", limits, env=None, ro_binds=()) -> sandbox.RunResult:
            answer = connection.request({"op": "run", "job": job, "stdin": stdin, "timeout": limits.timeout},
                                        limits.timeout + _SLACK)
            return sandbox.RunResult(returncode=answer.get("returncode"), stdout=answer.get("stdout", ""),
                                     stderr=answer.get("stderr", ""), duration=float(answer.get("duration", 0.0)),
                                     timed_out=bool(answer.get("timed_out")))

        outcome = run_for_task([], None, task, sandbox.Limits(timeout=self.run_timeout), compare=self.compare,
                               expected_output=self.expected_output, stdin_input=self.stdin_input, run=run_remote)
        meta.update(tests_passed=outcome.passed, tests_total=outcome.total, run_seconds=round(outcome.run_seconds, 4))
        return VerifyResult(outcome.success, outcome.reward, f"{note}; {outcome.details}",
                            error=None if outcome.success else outcome.details, metadata=meta,
                            status=outcome.status.value)

    def cleanup(self) -> None:
        super().cleanup()
        for key in [k for k in _SESSIONS if k[0] == self.host and k[1] == self.port]:
            _SESSIONS.pop(key).close()
