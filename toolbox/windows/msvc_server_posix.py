#!/usr/bin/env python3
"""POSIX stand-in for the Windows build server: the same protocol as ``msvc_server.ps1``, with gcc/g++
standing in for ``cl.exe``.

It accepts ``cl`` flags (``/W0``-``/W4``, ``/Wall``, ``/WX``, ``/O1``, ``/O2``, ``/Od``, ``/TC``, ``/TP``,
``/std:...``, ``/D``, ``/I``, ``/EHsc``, ``/nologo``), prints ``cl``-style diagnostics (``solution.c(3):
warning C4013: ...``) and compiles and runs inside :mod:`halo_forge.sandbox`, so a run past its timeout has
its whole process tree killed here, on the "remote" side. It exists so that the
:class:`~halo_forge.rlvr.verifiers.remote_msvc.RemoteMSVCVerifier` can be tested end to end over a real
``sshd`` without a Windows machine; it is not a substitute for MSVC's own diagnostics.

Usage (as the verifier's ``remote_command``): ``python3 toolbox/windows/msvc_server_posix.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from pathlib import Path

from halo_forge import sandbox

PROTOCOL = 1
SOURCE = {"c": "solution.c", "cpp": "solution.cpp"}
COMPILER = {"c": "gcc", "cpp": "g++"}
# gcc warning option -> the cl warning number that means the same (C4000 when there is none).
CL_CODES = {"-Wunused-variable": "C4101", "-Wimplicit-function-declaration": "C4013",
            "-Wreturn-type": "C4715", "-Wsign-compare": "C4018", "-Wuninitialized": "C4700",
            "-Wmaybe-uninitialized": "C4701", "-Wunused-parameter": "C4100", "-Wformat=": "C4477",
            "-Wformat": "C4477", "-Wint-conversion": "C4047", "-Wparentheses": "C4706"}
_GCC_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?:\d+:)?\s*(?P<kind>fatal error|error|warning):\s*"
                       r"(?P<msg>.*?)(?:\s+\[(?P<opt>-W[^\]]+)\])?$")
_UNDEFINED = re.compile(r"undefined reference to [`'](?P<sym>[^'`]+)'")


def translate_flags(flags: list[str]) -> tuple[list[str], str | None, list[str]]:
    """cl flags -> (gcc flags, language override, cl command-line warnings)."""
    out, language, notes = [], None, []
    args = iter(flags)
    for flag in args:
        low = flag.lower()
        if low in ("/nologo", "/ehsc", "/ehs", "/eha", "/permissive-", "/utf-8", "/mt", "/md"):
            continue
        if low == "/tc":
            language = "c"
        elif low == "/tp":
            language = "cpp"
        elif low == "/w0":
            out.append("-w")
        elif low in ("/w1", "/w2", "/w3"):
            out.append("-Wall")
        elif low in ("/w4", "/wall"):
            out += ["-Wall", "-Wextra"]
        elif low == "/wx":
            out.append("-Werror")
        elif low in ("/o1", "/o2", "/ox"):
            out.append("-O2")
        elif low == "/od":
            out.append("-O0")
        elif low.startswith("/std:"):
            std = low[5:]
            out.append({"c++14": "-std=c++14", "c++17": "-std=c++17", "c++20": "-std=c++20",
                        "c++latest": "-std=c++2b", "c11": "-std=c11", "c17": "-std=c17"}.get(std, f"-std={std}"))
        elif low in ("/d", "/i"):
            value = next(args, "")
            out.append(("-D" if low == "/d" else "-I") + value)
        elif low.startswith(("/d", "/i")) and len(flag) > 2:
            out.append(("-D" if low.startswith("/d") else "-I") + flag[2:])
        else:
            notes.append(f"cl : Command line warning D9002 : ignoring unknown option '{flag}'")
    return out, language, notes


def cl_diagnostics(stderr: str) -> str:
    """gcc diagnostics in cl's shape: ``file(line): warning C4101: message``."""
    lines = []
    for raw in stderr.splitlines():
        match = _GCC_LINE.match(raw.strip())
        if match:
            kind = match["kind"]
            code = CL_CODES.get(match["opt"] or "", "C4000") if kind == "warning" else (
                "C1083" if kind == "fatal error" else "C2000")
            lines.append(f"{match['file']}({match['line']}): {kind} {code}: {match['msg']}")
            continue
        undefined = _UNDEFINED.search(raw)
        if undefined:
            lines.append(f"solution.obj : error LNK2019: unresolved external symbol {undefined['sym']}")
    return "\n".join(lines)


class Server:
    def __init__(self) -> None:
        self.jobs: dict[str, tuple[contextlib.ExitStack, Path]] = {}

    def job_dir(self, job: str, create: bool = False) -> Path:
        if job not in self.jobs:
            if not create:
                raise KeyError(f"unknown job {job!r}")
            stack = contextlib.ExitStack()
            self.jobs[job] = (stack, stack.enter_context(sandbox.work_dir()))
        return self.jobs[job][1]

    def hello(self, request: dict) -> dict:
        return {"ok": True, "protocol": PROTOCOL, "compiler": "gcc standing in for cl.exe (POSIX stand-in)",
                "sandbox": sandbox.sandbox_mode(), "pid": os.getpid()}

    def compile(self, request: dict) -> dict:
        gcc_flags, override, notes = translate_flags(list(request.get("flags", [])))
        language = override or request.get("language", "c")
        work = self.job_dir(request["job"], create=True)
        (work / SOURCE[language]).write_text(request["source"], encoding="utf-8")
        argv = [COMPILER[language], *gcc_flags, "-fdiagnostics-color=never", "-fno-diagnostics-show-caret",
                SOURCE[language], "-o", "solution", *(["-lm"] if language == "c" else [])]
        limits = sandbox.Limits(timeout=float(request.get("timeout", 60)), memory_mb=1024, max_processes=32)
        result = sandbox.run(argv, work, limits=limits)
        output = "\n".join([*notes, cl_diagnostics(result.stderr)]).strip()
        return {"ok": result.returncode == 0, "returncode": result.returncode, "timed_out": result.timed_out,
                "output": output}

    def run(self, request: dict) -> dict:
        work = self.job_dir(request["job"])
        limits = sandbox.Limits(timeout=float(request.get("timeout", 10)))
        result = sandbox.run(["./solution"], work, stdin=request.get("stdin", ""), limits=limits)
        return {"ok": True, "returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr,
                "timed_out": result.timed_out, "duration": round(result.duration, 4)}

    def cleanup(self, request: dict) -> dict:
        entry = self.jobs.pop(request["job"], None)
        if entry is not None:
            entry[0].close()
        return {"ok": True}

    def close(self) -> None:
        for stack, _ in self.jobs.values():
            stack.close()
        self.jobs.clear()


def main() -> int:
    sandbox.init_worker()
    server = Server()
    handlers = {"hello": server.hello, "compile": server.compile, "run": server.run, "cleanup": server.cleanup}
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            started = time.monotonic()
            request: dict = {}
            try:
                request = json.loads(line)
                response = handlers[request["op"]](request)
            except (KeyError, ValueError, TypeError, AttributeError, OSError) as exc:
                response = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            response["id"] = request.get("id") if isinstance(request, dict) else None
            response["server_seconds"] = round(time.monotonic() - started, 4)
            sys.stdout.write(json.dumps(response) + "\n")
            sys.stdout.flush()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
