"""Compile verifiers: GCC, Clang and MinGW (a Windows PE, run under wine when wine is installed).

The compiler runs inside the sandbox too (``#include "/dev/zero"`` is model-controlled). C or C++ comes
from the task's language (C is built as C), else from the ``language`` argument, else from the code
(``#include <iostream>``, ``std::``, ``class``... mean C++). Default flags are ``-O1 -Wall -Wextra`` plus
``-std=gnu17`` for C and ``-std=c++17`` for C++, so the 0.3 warning level is reachable; ``flags``
replaces the ``-O1 -Wall -Wextra`` part. Only warnings of the candidate's own compile count; a
directive that hides warnings (``#pragma GCC diagnostic``, ``#pragma clang diagnostic``, ``#pragma
warning``, ``_Pragma``, ``#line`` and ``# 12 "file"`` markers) counts as one more warning.

A function-style task (``test_code``) is built in three steps so that the judge never shares a translation
unit or a readable file with the candidate (:mod:`halo_forge.rlvr.verifiers.harness`): the candidate
alone to an object, the harness as its own unit, a symbol check of both, then the link. The program then
runs in a directory that holds nothing but itself.

Rewards (the table in :mod:`halo_forge.rlvr.rewards`): clean compile 0.5, warnings 0.3 (both successes
when nothing runs); with ``run_after_compile``: exit 0 without an expected output 0.7 success; expected
output matched 1.0; wrong output 0.7; crash or timeout 0.5. A task's ``tests`` or ``test_code`` replace
``expected_output`` and ``stdin_input``; see :mod:`halo_forge.rlvr.verifiers.execution` for the
comparison modes and partial credit.

:class:`ExecutionVerifier` is this family's verifier that always runs: a compile verifier chosen by name
(``compiler``) with test cases of its own.

Length: one family of verifiers (the build, its binary cache and the three compilers) and the
ExecutionVerifier that wraps them; split, their shared build steps would be read in two places.

>>> GCCVerifier(run_after_compile=True, expected_output="hi\\n").verify(
...     '```c\\n#include <stdio.h>\\nint main(void) { puts("hi"); }\\n```').reward   # doctest: +SKIP
1.0
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any, Sequence

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status, compile_reward
from halo_forge.rlvr.verifiers import harness
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, extraction_failure
from halo_forge.rlvr.verifiers.declarations import candidate_text, declarations_only
from halo_forge.rlvr.verifiers.execution import RunOutcome, as_test_case, run_for_task
from halo_forge.tasks import COMPARE_MODES, Task, TestCase, normalize_language

DEFAULT_FLAGS = ("-O1", "-Wall", "-Wextra")
STD_FLAGS = {"c": ("-std=gnu17",), "cpp": ("-std=c++17",)}
LINK_FLAGS = {"c": ("-lm",), "cpp": ("-lm",)}
SOURCE_NAMES = {"c": "solution.c", "cpp": "solution.cpp"}
HARNESS_NAMES = {"c": "harness.c", "cpp": "harness.cpp"}
_CPP_HINTS = re.compile(r"#\s*include\s*<(iostream|vector|string|map|set|algorithm|bits/stdc\+\+\.h|"
                        r"unordered_map|queue|stack|sstream|fstream|memory|array|utility|numeric)>|"
                        r"\bstd::|\busing\s+namespace\b|\bclass\s+\w+\s*[{:]|\btemplate\s*<|\bcout\s*<<")
_WARNING = re.compile(r"\bwarning:")
# Directives that silence or relocate diagnostics (checked on the source with comments and line
# splices removed, so ``#/**/pragma`` and ``#pra\\<newline>gma`` are found too).
_HIDING = re.compile(r"^[ \t]*#[ \t]*(?:pragma[ \t]+(?:(?:GCC|clang)[ \t]+(?:diagnostic|system_header)|warning|"
                     r"system_header)|line\b|\d)|\b_Pragma\s*\(|\b__pragma\s*\(", re.M)


def guess_language(code: str) -> str:
    """``cpp`` if the code uses C++ (iostream, std::, classes, templates), else ``c``."""
    return "cpp" if _CPP_HINTS.search(code) else "c"


def build_source(code: str, language: str, test_code: str | None) -> str:
    """One translation unit: the candidate alone, or candidate then harness. Only the remote MSVC
    verifier still builds function-style tasks this way (it trusts the candidate not to attack the
    harness); the local verifiers use :mod:`halo_forge.rlvr.verifiers.harness`.
    """
    if test_code is None:
        return code if code.endswith("\n") else code + "\n"
    return (f"#define main halo_candidate_main\n#line 1 \"{SOURCE_NAMES[language]}\"\n{code}\n"
            f"#undef main\n#line 1 \"{HARNESS_NAMES[language]}\"\n{test_code}\n")


def count_warnings(stderr: str) -> int:
    """Warning lines of a compile or link of the candidate (the harness is never in that compile)."""
    return sum(1 for line in stderr.splitlines() if _WARNING.search(line))


def hiding_directives(code: str) -> int:
    """How many directives in ``code`` hide or relocate warnings (each counts as a warning)."""
    code = re.sub(r"\\\r?\n", "", code)
    code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
    code = re.sub(r"//[^\n]*", "", code)
    return len(_HIDING.findall(code))


def first_errors(stderr: str, limit: int = 3) -> str:
    lines = [line.strip() for line in stderr.splitlines() if "error" in line]
    return " | ".join(lines[:limit]) if lines else stderr.strip()[:300]


class CompileVerifier(Verifier):
    """Shared implementation; use :class:`GCCVerifier`, :class:`ClangVerifier` or :class:`MinGWVerifier`."""

    compilers: dict[str, str] = {}
    binary_name = "solution"
    extra_flags: tuple[str, ...] = ()
    # Rebuilding a function-style candidate whose link missed an inline entry point: every inline
    # function emitted (3x slower for C++, so not the first try; clang has no such flag).
    object_flags: tuple[str, ...] = ("-fkeep-inline-functions",)
    binutils_prefix = ""  # nm and objdump for this target's objects
    # Plain diagnostics without source excerpts: the excerpt of a #line-shifted file would be wrong.
    diagnostic_flags: tuple[str, ...] = ("-fdiagnostics-color=never", "-fno-diagnostics-show-caret")

    def __init__(self, flags: list[str] | None = None, timeout: float = 30.0, max_workers: int | None = None,
                 run_after_compile: bool = False, run_timeout: float = 5.0, expected_output: str | None = None,
                 stdin_input: str | None = None, memory_limit_mb: int = 512, warn_as_error: bool = False,
                 binary_cache_dir: str | None = None, language: str | None = None, compare: str = "exact",
                 compile_memory_mb: int = 1024, cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        if timeout <= 0 or run_timeout <= 0:
            raise ValueError("timeout and run_timeout must be positive seconds")
        if memory_limit_mb < 16 or compile_memory_mb < 64:
            raise ValueError("memory_limit_mb must be >= 16 and compile_memory_mb >= 64")
        if compare not in COMPARE_MODES:
            raise ValueError(f"compare: expected one of {', '.join(COMPARE_MODES)}, got {compare!r}")
        if language is not None:
            language = normalize_language(language)
            if language not in self.compilers:
                raise ValueError(f"language: {type(self).__name__} builds {' or '.join(self.compilers)}, "
                                 f"not {language}")
        self.flags = list(flags) if flags is not None else list(DEFAULT_FLAGS)
        self.timeout = float(timeout)
        self.run_after_compile = run_after_compile
        self.run_timeout = float(run_timeout)
        self.expected_output = expected_output
        self.stdin_input = stdin_input
        self.memory_limit_mb = memory_limit_mb
        self.compile_memory_mb = compile_memory_mb
        self.warn_as_error = warn_as_error
        self.binary_cache_dir = str(binary_cache_dir) if binary_cache_dir is not None else None
        self.language = language
        self.compare = compare

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "compilers": self.compilers, "flags": self.flags,
                "extra_flags": list(self.extra_flags), "timeout": self.timeout,
                "run_after_compile": self.run_after_compile, "run_timeout": self.run_timeout,
                "expected_output": self.expected_output, "stdin_input": self.stdin_input,
                "memory_limit_mb": self.memory_limit_mb, "compile_memory_mb": self.compile_memory_mb,
                "warn_as_error": self.warn_as_error, "language": self.language, "compare": self.compare,
                "runner": self.runner(), "sandbox": sandbox.sandbox_mode()}

    # --- hooks for MinGW ---------------------------------------------------------------------------
    def runner(self) -> list[str] | None:
        """argv prefix that runs the built binary (None: this verifier cannot run what it builds)."""
        return [f"./{self.binary_name}"]

    def run_env(self) -> dict[str, str]:
        return {}

    # --- the verification --------------------------------------------------------------------------
    def compile_argv(self, language: str, object_only: bool = False) -> list[str]:
        """The candidate's compile: to the binary, or (function-style tasks) to ``solution.o`` alone,
        its ``main`` renamed and its preprocessed text kept (``-save-temps``) for the harness's declarations."""
        warn = ["-Werror"] if self.warn_as_error else []
        head = [self.compilers[language], *STD_FLAGS[language], *self.flags, *warn, *self.extra_flags,
                *self.diagnostic_flags]
        if object_only:  # the last three arguments stay these (an inline-keeping rebuild inserts before them)
            return [*head, "-Dmain=halo_candidate_main", "-c", "-save-temps=obj", SOURCE_NAMES[language], "-o",
                    "solution.o"]
        return [*head, SOURCE_NAMES[language], "-o", self.binary_name, *LINK_FLAGS[language]]

    @property
    def compiler(self) -> str:
        """The C++ compiler driver (``g++``, ``clang++``, ``x86_64-w64-mingw32-g++``); a C task is built
        by ``compilers["c"]``."""
        return self.compilers["cpp"]

    def _language_of(self, task: Task | None, code: str) -> str:
        if task is not None and task.language in self.compilers:
            return task.language
        return self.language or guess_language(code)

    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        hint = task.language if task is not None and task.language else self.language
        program = self.extract_program(code, hint)
        if program is None:
            return extraction_failure(hint)
        language = self._language_of(task, program)
        meta: dict[str, Any] = {"language": language, "compiler": self.compilers[language]}
        with sandbox.work_dir() as work:
            failed = self._build(work, program, language, task, meta)
            if failed is not None:
                return failed
            warnings = meta["warnings"]
            reward, status = compile_reward(warnings > 0)
            compile_note = f"compiled with {warnings} warning(s)" if warnings else "compiled clean"
            if not self.run_after_compile:
                done = f"compilation successful, {warnings} warning(s)" if warnings else "compilation successful"
                return VerifyResult(True, reward, done, metadata=meta, status=status.value)
            argv = self.runner()
            if argv is None:
                meta["run_skipped"] = "wine is not installed or use_wine=False"
                return VerifyResult(True, reward, f"{compile_note}; not run (no wine)",
                                    metadata=meta, status=status.value)
            outcome = self._run(argv, work, task)
        meta.update(tests_passed=outcome.passed, tests_total=outcome.total,
                    run_seconds=round(outcome.run_seconds, 4))
        return VerifyResult(outcome.success, outcome.reward, f"{compile_note}; {outcome.details}",
                            error=None if outcome.success else outcome.details, metadata=meta,
                            status=outcome.status.value)

    def run_limits(self) -> sandbox.Limits:
        return sandbox.Limits(timeout=self.run_timeout, memory_mb=self.memory_limit_mb)

    def compile_limits(self) -> sandbox.Limits:
        return sandbox.Limits(timeout=self.timeout, memory_mb=self.compile_memory_mb, max_processes=32)

    def _run(self, argv: list[str], work: Path, task: Task | None) -> RunOutcome:
        nonce = harness.new_nonce() if task is not None and task.test_code else None
        return run_for_task(argv, work, task, self.run_limits(), compare=self.compare,
                            expected_output=self.expected_output, stdin_input=self.stdin_input,
                            env=self.run_env(), nonce=nonce)

    def _build(self, work: Path, program: str, language: str, task: Task | None,
               meta: dict[str, Any]) -> VerifyResult | None:
        """Build into ``work`` (which then holds the binary and nothing else); None on success (meta
        gets the warnings), else the failed result."""
        test_code = task.test_code if task is not None else None
        argv = self.compile_argv(language, object_only=test_code is not None)
        key = [argv, program, test_code, task.entry_point if task is not None else None, harness.JUDGE_VERSION]
        record = self._cached_binary(key, work)
        seconds = 0.0
        if record is not None:
            meta["binary_cache"] = "hit"
        else:
            start = time.monotonic()
            record = (self._build_plain(work, program, language, argv) if test_code is None else
                      self._build_with_harness(work, program, language, argv, task))
            seconds = time.monotonic() - start
            if "limit" not in record:
                self._store_binary(key, work, record)
        stderr = record["stderr"]
        hidden = hiding_directives(program)
        meta.update(compile_seconds=round(seconds, 4), compile_stderr=stderr[-2000:],
                    warnings=count_warnings(stderr) + hidden)
        if hidden:
            meta["hiding_directives"] = hidden
        if "limit" in record:
            why = f"compiler {record['limit']}"
            return VerifyResult(False, 0.0, f"compile failed: {why}", error=why, metadata=meta,
                                status=Status.COMPILE_ERROR.value)
        if record.get("tampering"):
            why = record["tampering"]
            return VerifyResult(False, 0.0, f"tampering: {why}", error=why, metadata=meta,
                                status=Status.TAMPERING.value)
        if record["returncode"] != 0 or (self.warn_as_error and hidden):
            why = first_errors(stderr) if record["returncode"] != 0 else "a directive hides warnings (warn_as_error)"
            return VerifyResult(False, 0.0, f"compile failed: {why}", error=stderr[-2000:] or why, metadata=meta,
                                status=Status.COMPILE_ERROR.value)
        return None

    def _build_plain(self, work: Path, program: str, language: str, argv: list[str]) -> dict[str, Any]:
        source = SOURCE_NAMES[language]
        (work / source).write_text(program if program.endswith("\n") else program + "\n", encoding="utf-8")
        result = sandbox.run(argv, work, limits=self.compile_limits())
        (work / source).unlink(missing_ok=True)
        if result.returncode is None or result.memory_exceeded:
            return {"limit": result.describe(), "stderr": result.stderr}
        return {"returncode": result.returncode, "stderr": result.stderr}

    def _build_with_harness(self, work: Path, program: str, language: str, argv: list[str],
                            task: Task) -> dict[str, Any]:
        """The steps of :mod:`halo_forge.rlvr.verifiers.harness`: the candidate alone, then (one launch)
        the harness alone, both symbol tables, the link; the check decides before anything runs."""
        compiler, limits = self.compilers[language], self.compile_limits()
        with sandbox.work_dir(work) as alone, sandbox.work_dir(work) as judge:
            (alone / SOURCE_NAMES[language]).write_text(program + "\n", encoding="utf-8")
            result = sandbox.run(argv, alone, limits=limits)
            if result.returncode is None or result.memory_exceeded:
                return {"limit": result.describe(), "stderr": result.stderr}
            if result.returncode != 0:
                return {"returncode": result.returncode, "stderr": result.stderr}
            suffix = ".ii" if language == "cpp" else ".i"
            try:
                preprocessed = (alone / f"solution{suffix}").read_text(encoding="utf-8", errors="replace")
            except OSError as exc:  # the candidate cannot remove it, but say so if it ever happens
                return {"returncode": 1, "stderr": f"{result.stderr}\nbuild error: {exc}"}
            includes, own = candidate_text(preprocessed, SOURCE_NAMES[language],
                                           harness.include_dirs(compiler, language))
            unit = harness.judge_source(includes, declarations_only(own), task.test_code or "")
            (judge / HARNESS_NAMES[language]).write_text(unit, encoding="utf-8")
            compile_harness = [compiler, *STD_FLAGS[language], *self.flags, "-w", *self.extra_flags,
                               *self.diagnostic_flags, "-c", HARNESS_NAMES[language], "-o", "harness.o"]
            link = [compiler, *self.flags, *self.extra_flags, "harness.o", "solution.o", "-o", self.binary_name,
                    *LINK_FLAGS[language]]
            script = harness.judge_script(compile_harness, link, self.binutils_prefix)
            key = harness.HarnessObjects.key(unit, compile_harness)
            cached = _HARNESS_OBJECTS.get(key)
            if cached is not None:
                (judge / "harness.o").write_bytes(cached)
            exports = harness.library_exports(compiler) if not self.binutils_prefix else frozenset()
            for attempt in range(2):
                shutil.copyfile(alone / "solution.o", judge / "solution.o")
                done = sandbox.run(script, judge, limits=limits)
                if done.returncode is None or done.memory_exceeded:
                    return {"limit": done.describe(), "stderr": result.stderr + done.stderr}
                if _read(judge / "harness.rc") != "0":
                    return {"returncode": 1, "stderr": f"{result.stderr}\nthe harness does not compile against the "
                            f"candidate's declarations: error: {_read(judge / 'harness.err')}"}
                if cached is None:
                    _HARNESS_OBJECTS.put(key, (judge / "harness.o").read_bytes())
                    cached = b""
                inspected = harness.inspect_objects(
                    {name: _read(judge / name, limit=16 << 20) for name in ("cand.sym", "cand.dem", "harness.sym",
                                                                            "cand.sec")}, elf=not self.binutils_prefix)
                why = harness.check_objects(inspected, language, task.entry_point, exports)
                if why is not None:
                    return {"returncode": 0, "stderr": result.stderr, "tampering": why}
                link_error = _read(judge / "link.err")
                if _read(judge / "link.rc") == "0":
                    break
                if attempt or not self.object_flags or "undefined reference" not in link_error:
                    return {"returncode": 1, "stderr": f"{result.stderr}\nlink error: error: {link_error}"}
                # An inline/constexpr entry point the candidate never calls has no out-of-line copy:
                # build the candidate again emitting every inline function (slow for C++, so only now).
                retry = sandbox.run([*argv[:-3], *self.object_flags, *argv[-3:]], alone, limits=limits)
                if retry.returncode != 0 or retry.memory_exceeded:
                    return {"returncode": 1, "stderr": f"{result.stderr}\nlink error: error: {link_error}"}
            shutil.copyfile(judge / self.binary_name, work / self.binary_name)
            (work / self.binary_name).chmod(0o755)
            return {"returncode": 0, "stderr": result.stderr + link_error}

    # --- binary cache (optional, on disk) -----------------------------------------------------------
    def _binary_key(self, key: list[Any]) -> str:
        return hashlib.sha256(json.dumps(key).encode("utf-8", "surrogatepass")).hexdigest()

    def _cached_binary(self, key: list[Any], work: Path) -> dict[str, Any] | None:
        if self.binary_cache_dir is None:
            return None
        base = Path(self.binary_cache_dir) / self._binary_key(key)
        try:
            record = json.loads(base.with_suffix(".json").read_text())
            if record["returncode"] == 0 and not record.get("tampering"):
                shutil.copyfile(base.with_suffix(".bin"), work / self.binary_name)
                (work / self.binary_name).chmod(0o755)
        except (OSError, ValueError, KeyError):
            return None
        return record

    def _store_binary(self, key: list[Any], work: Path, record: dict[str, Any]) -> None:
        if self.binary_cache_dir is None:
            return
        directory = Path(self.binary_cache_dir)
        directory.mkdir(parents=True, exist_ok=True)
        base = directory / self._binary_key(key)
        tmp = f".{os.getpid()}.tmp"
        try:
            if record["returncode"] == 0 and not record.get("tampering"):
                shutil.copyfile(work / self.binary_name, str(base.with_suffix(".bin")) + tmp)
                os.replace(str(base.with_suffix(".bin")) + tmp, base.with_suffix(".bin"))
            Path(str(base.with_suffix(".json")) + tmp).write_text(json.dumps(record))
            os.replace(str(base.with_suffix(".json")) + tmp, base.with_suffix(".json"))
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _read(path: Path, limit: int = 1 << 20) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read(limit).strip()
    except OSError:
        return ""


# Per worker process: harness objects by unit text (harness.HarnessObjects).
_HARNESS_OBJECTS = harness.HarnessObjects()


class GCCVerifier(CompileVerifier):
    """``gcc`` for C, ``g++`` for C++. ``GCCVerifier(run_after_compile=True, expected_output="3\\n")``."""

    compilers = {"c": "gcc", "cpp": "g++"}


class ClangVerifier(CompileVerifier):
    """``clang`` for C, ``clang++`` for C++."""

    compilers = {"c": "clang", "cpp": "clang++"}
    object_flags = ()
    diagnostic_flags = ("-fno-color-diagnostics", "-fno-caret-diagnostics")


class MinGWVerifier(CompileVerifier):
    """Cross-compiles a static Windows PE with MinGW-w64 and runs it under wine when wine is installed
    (compile-only otherwise, noted in ``metadata['run_skipped']``; ``use_wine=False`` forces that).

    Each run gets a fresh wine prefix in the sandbox's private ``/tmp`` (nothing persists between
    samples); building it costs seconds, so ``wine_startup`` seconds are added to ``run_timeout``.
    """

    compilers = {"c": "x86_64-w64-mingw32-gcc", "cpp": "x86_64-w64-mingw32-g++"}
    binary_name = "solution.exe"
    extra_flags = ("-static",)
    binutils_prefix = "x86_64-w64-mingw32-"

    def __init__(self, *args: Any, use_wine: bool | None = None, wine_startup: float = 30.0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.use_wine = use_wine
        self.wine_startup = float(wine_startup)

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "use_wine": self.use_wine, "wine_startup": self.wine_startup}

    def runner(self) -> list[str] | None:
        wine = shutil.which("wine") or shutil.which("wine64")
        if self.use_wine is False or wine is None:
            return None
        return [os.path.basename(wine), f"./{self.binary_name}"]

    def run_limits(self) -> sandbox.Limits:
        return dataclasses.replace(super().run_limits(), timeout=self.run_timeout + self.wine_startup,
                                   cpu_seconds=self.run_timeout + self.wine_startup,
                                   memory_mb=max(self.memory_limit_mb, 1024), max_processes=128)

    def run_env(self) -> dict[str, str]:
        return {"WINEPREFIX": "/tmp/wine", "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}


# ExecutionVerifier's ``compiler`` argument -> class
COMPILERS: dict[str, type[CompileVerifier]] = {"gcc": GCCVerifier, "clang": ClangVerifier, "mingw": MinGWVerifier}


# ------------------------------------------------------------------------------------- ExecutionVerifier

class ExecutionVerifier(Verifier):
    """Compile and run against test cases: a task's ``tests`` (or ``test_code`` harness) when it has
    them, else the ``test_cases`` given here.

    >>> v = ExecutionVerifier(test_cases=[{"stdin": "2 3\\n", "expected_stdout": "5\\n"}])  # doctest: +SKIP
    >>> v.verify(completion).reward                                                        # doctest: +SKIP
    1.0

    ``compiler``: gcc, clang or mingw; the other keyword arguments go to that compile verifier
    (``flags``, ``timeout``, ``run_timeout``, ``memory_limit_mb``, ``warn_as_error``, ...).
    """

    def __init__(self, test_cases: Sequence[TestCase | dict] | None = None, compiler: str = "gcc",
                 compare: str = "exact", language: str | None = None, flags: list[str] | None = None,
                 timeout: float = 30.0, run_timeout: float = 5.0, memory_limit_mb: int = 512,
                 warn_as_error: bool = False, binary_cache_dir: str | None = None,
                 max_workers: int | None = None, cache: ResultCache | None | bool = None):
        if compiler not in COMPILERS:
            raise ValueError(f"compiler: expected one of {', '.join(COMPILERS)}, got {compiler!r}")
        if compare not in COMPARE_MODES:
            raise ValueError(f"compare: expected one of {', '.join(COMPARE_MODES)}, got {compare!r}")
        super().__init__(max_workers=max_workers, cache=cache)
        self.test_cases = [as_test_case(t) for t in (test_cases or [])]
        self.compiler = COMPILERS[compiler](
            flags=flags, timeout=timeout, run_after_compile=True, run_timeout=run_timeout,
            memory_limit_mb=memory_limit_mb, warn_as_error=warn_as_error, binary_cache_dir=binary_cache_dir,
            language=language, compare=compare, max_workers=1, cache=False)
        self.language = self.compiler.language

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "compiler": self.compiler.settings(),
                "test_cases": [dataclasses.asdict(t) for t in self.test_cases]}

    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        if self.test_cases and (task is None or (not task.tests and not task.test_code)):
            task = (dataclasses.replace(task, tests=list(self.test_cases)) if task is not None else
                    Task(task_id="test_cases", prompt="(ExecutionVerifier test cases)", language=self.language,
                         tests=list(self.test_cases)))
        return self.compiler.check(code, task)
