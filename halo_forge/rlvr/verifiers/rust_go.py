"""Rust and Go verifiers: build one file fast, in the sandbox, then the same reward ladder as C.

Fast builds, no project per sample:

* **Rust**: one direct ``rustc`` call (no cargo) with ``-C prefer-dynamic`` and an rpath to the
  toolchain's ``libstd`` (``rustc --print target-libdir``, read-only under ``/usr`` inside the sandbox):
  linking against the shared ``libstd`` makes the build about 1.5x faster (``bench/verify_languages.py``:
  1.27 s vs 1.90 s median per sample on a loaded 2-core machine).
  The toolchain is Debian's ``rustc`` (``/usr/bin/rustc``; rustup's in root's home is invisible to the
  sandbox uid). Default flags ``-C opt-level=1``; warnings (rustc's lints, on by default) earn 0.3.
* **Go**: ``go tool compile`` + ``go tool link`` against the standard library that Debian's golang
  ships prebuilt in ``$GOROOT/pkg`` (0.67 s vs 0.77 s for ``go build`` with a fresh cache per sample); where
  that directory is missing (Go >= 1.20) it falls back to ``go build`` with a cache in the sandbox's
  private ``/tmp``. Go has no compiler warnings; ``vet=True`` adds ``go vet`` (about 3.7 s more per sample)
  and its findings earn 0.3.

Function-style tasks (a ``test_code`` harness): candidate and harness are still one crate / one
package, so the candidate is checked first and anything that would reach into the harness is
``tampering`` (reward 0): in Rust a ``macro_rules!`` or ``use ... as`` name the harness uses,
crate-level ``no_main``/``no_std``/``no_implicit_prelude``/``feature`` attributes, ``no_mangle``,
``export_name``, ``link_section``, ``used``, ``include!``/``include_str!``/``include_bytes!``, a trait impl
outside a short list (``PartialEq``, ``Not``, ``Deref``...: a return value that compares equal to
anything) and a macro that writes impls; in Go a ``func init`` and ``//go:`` directives other than
``build``/``noinline``/``nosplit`` (``linkname``, ``embed``). The harness's ``HALO_RESULT`` line is rewritten to carry this
run's nonce (:mod:`halo_forge.rlvr.verifiers.execution`), and the program runs in a directory holding
only itself. ``#[allow(...)]``/``#![allow(...)]`` in the candidate count as a warning each.

Rewards as for the compile verifiers (:mod:`halo_forge.rlvr.rewards`): compile error 0.0, warnings 0.3,
clean 0.5; with ``run_after_compile`` the task's stdin/stdout ``tests`` (or ``expected_output``, or a
``test_code`` harness printing ``HALO_RESULT passed total``) decide 0.5 / 0.7 + partial credit / 1.0,
through :mod:`halo_forge.rlvr.verifiers.execution`.

>>> RustVerifier(run_after_compile=True, expected_output="hi\\n").verify(
...     '```rust\\nfn main() { println!("hi"); }\\n```').reward          # doctest: +SKIP
1.0
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status, compile_reward
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, extraction_failure
from halo_forge.rlvr.verifiers.execution import RunOutcome, run_for_task
from halo_forge.rlvr.verifiers.harness import new_nonce
from halo_forge.tasks import COMPARE_MODES, Task

RUSTC = "/usr/bin/rustc"       # Debian's, readable by the sandbox uid (root's PATH may find rustup's first)
GO = "/usr/bin/go"
GO_ENV = {"GOCACHE": "/tmp/go-cache", "GOPATH": "/tmp/go", "GO111MODULE": "off", "CGO_ENABLED": "0",
          "GOFLAGS": "", "GOTOOLCHAIN": "local"}
_RUST_WARNING = re.compile(r"^warning: (?!\d+ warnings? emitted|unused manifest)")
_RUST_LOCATION = re.compile(r"^\s*--> solution\.rs:(\d+):")
_RUST_ALLOW = re.compile(r"#!?\[[^\]]*\b(?:allow|expect)\s*\(")
_RUST_FORBIDDEN = re.compile(
    r"#!\[\s*(?:no_main|no_std|no_core|no_implicit_prelude|feature|crate_type|crate_name|windows_subsystem)\b"
    r"|#\[\s*(?:unsafe\s*\(\s*)?(?:no_mangle|export_name|link_section|used)\b"
    r"|\binclude(?:_str|_bytes)?\s*!")
# Trait impls a candidate may write next to a harness: none of them can change what the harness's
# ``==``, ``!`` or ``if`` computes (``PartialEq``, ``PartialOrd``, ``Not``, ``Deref``... could).
_RUST_TRAITS_ALLOWED = frozenset({
    "Display", "Debug", "Default", "Clone", "Copy", "Hash", "Iterator", "IntoIterator", "DoubleEndedIterator",
    "ExactSizeIterator", "From", "FromStr", "Error", "Drop", "Add", "Sub", "Mul", "Div", "Rem", "Neg",
    "AddAssign", "SubAssign", "MulAssign", "DivAssign", "Index", "IndexMut", "AsRef"})
_RUST_TRAIT_IMPL = re.compile(r"\bimpl\b\s*(?:<[^{;]*?>)?\s*([\w:]+)[^{;]*?\bfor\b")
_RUST_MACRO = re.compile(r"\bmacro_rules\s*!\s*(\w+)")
_RUST_USE = re.compile(r"\buse\b[^;]*;")
_GO_FORBIDDEN = re.compile(r"^\s*func\s+init\s*\(|//go:(?!build\b|noinline\b|nosplit\b)\w+", re.M)


@functools.lru_cache(maxsize=None)
def rust_libdir() -> str | None:
    """The directory of the toolchain's shared ``libstd`` when it is visible inside the sandbox (``/usr``)."""
    try:
        out = subprocess.run([RUSTC, "--print", "target-libdir"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    libdir = out.stdout.strip()
    if out.returncode != 0 or not libdir.startswith("/usr/") or not list(Path(libdir).glob("libstd-*.so")):
        return None
    return libdir


@functools.lru_cache(maxsize=None)
def go_prebuilt_std() -> bool:
    """True when ``$GOROOT/pkg/<os>_<arch>`` holds the prebuilt standard library (Go <= 1.19 packages)."""
    try:
        out = subprocess.run([GO, "env", "GOROOT", "GOOS", "GOARCH"], capture_output=True, text=True,
                             timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    fields = out.stdout.split()
    if out.returncode != 0 or len(fields) != 3:
        return False
    goroot, goos, goarch = fields
    return goroot.startswith("/usr/") and (Path(goroot) / "pkg" / f"{goos}_{goarch}" / "fmt.a").exists()


def _rename_main(code: str, pattern: str, replacement: str) -> str:
    return re.sub(pattern, replacement, code, count=1, flags=re.M)


class NativeVerifier(Verifier):
    """Shared implementation of :class:`RustVerifier` and :class:`GoVerifier` (same parameters as the
    compile verifiers: ``flags``, ``timeout``, ``run_after_compile``, ``run_timeout``, ``expected_output``,
    ``stdin_input``, ``memory_limit_mb``, ``warn_as_error``, ``compare``)."""

    source_name = "solution"
    default_flags: tuple[str, ...] = ()

    def __init__(self, flags: list[str] | None = None, timeout: float = 60.0, run_after_compile: bool = False,
                 run_timeout: float = 5.0, expected_output: str | None = None, stdin_input: str | None = None,
                 memory_limit_mb: int = 512, compile_memory_mb: int = 2048, warn_as_error: bool = False,
                 compare: str = "exact", max_workers: int | None = None, cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        if timeout <= 0 or run_timeout <= 0:
            raise ValueError("timeout and run_timeout must be positive seconds")
        if memory_limit_mb < 16 or compile_memory_mb < 256:
            raise ValueError("memory_limit_mb must be >= 16 and compile_memory_mb >= 256")
        if compare not in COMPARE_MODES:
            raise ValueError(f"compare: expected one of {', '.join(COMPARE_MODES)}, got {compare!r}")
        self.flags = list(flags) if flags is not None else list(self.default_flags)
        self.timeout = float(timeout)
        self.run_after_compile = run_after_compile
        self.run_timeout = float(run_timeout)
        self.expected_output = expected_output
        self.stdin_input = stdin_input
        self.memory_limit_mb = memory_limit_mb
        self.compile_memory_mb = compile_memory_mb
        self.warn_as_error = warn_as_error
        self.compare = compare

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "flags": self.flags, "timeout": self.timeout,
                "run_after_compile": self.run_after_compile, "run_timeout": self.run_timeout,
                "expected_output": self.expected_output, "stdin_input": self.stdin_input,
                "memory_limit_mb": self.memory_limit_mb, "compile_memory_mb": self.compile_memory_mb,
                "warn_as_error": self.warn_as_error, "compare": self.compare}

    # --- what each language provides -----------------------------------------------------------------
    def write_sources(self, work: Path, program: str, test_code: str | None) -> dict[str, Any]:
        """Write the source file(s) into ``work``; returns what :meth:`build` needs to know about them."""
        raise NotImplementedError

    def build(self, work: Path, limits: sandbox.Limits, sources: dict[str, Any]) -> tuple[bool, str, int]:
        """Compile in ``work``: (built, diagnostics, number of warnings in the candidate's code)."""
        raise NotImplementedError

    def run_env(self) -> dict[str, str]:
        return {}

    def tampering(self, program: str, test_code: str) -> str | None:
        """Why ``program`` would reach into the harness it shares a crate/package with, or None."""
        return None

    def hidden_warnings(self, program: str) -> int:
        """Directives in ``program`` that silence warnings (each counts as one)."""
        return 0

    # --- the verification ------------------------------------------------------------------------------
    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        program = self.extract_program(code, self.language)
        if program is None:
            return extraction_failure(self.language)
        test_code = task.test_code if task is not None else None
        meta: dict[str, Any] = {"language": self.language}
        why = self.tampering(program, test_code) if test_code else None
        if why is not None:
            return VerifyResult(False, 0.0, f"tampering: {why}", error=why, metadata=meta,
                                status=Status.TAMPERING.value)
        nonce = new_nonce() if test_code else None
        if test_code:
            test_code = test_code.replace("HALO_RESULT ", f"HALO_VERDICT {nonce} ")
        with sandbox.work_dir() as work:
            sources = self.write_sources(work, program, test_code)
            limits = sandbox.Limits(timeout=self.timeout, memory_mb=self.compile_memory_mb, max_processes=64)
            start = time.monotonic()
            built, diagnostics, warnings = self.build(work, limits, sources)
            warnings += self.hidden_warnings(program)
            meta.update(compile_seconds=round(time.monotonic() - start, 4), compile_stderr=diagnostics[-2000:],
                        warnings=warnings)
            for path in work.iterdir():  # the program runs next to nothing but itself
                if path.name != "solution":
                    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            if not built or (self.warn_as_error and warnings):
                why = self.first_errors(diagnostics) or "warnings are errors (warn_as_error)"
                return VerifyResult(False, 0.0, f"compile failed: {why}", error=diagnostics[-2000:] or why,
                                    metadata=meta, status=Status.COMPILE_ERROR.value)
            reward, status = compile_reward(warnings > 0)
            note = f"compiled with {warnings} warning(s)" if warnings else "compiled clean"
            if not self.run_after_compile:
                return VerifyResult(True, reward, note, metadata=meta, status=status.value)
            outcome = self._run(work, task, nonce)
        meta.update(tests_passed=outcome.passed, tests_total=outcome.total,
                    run_seconds=round(outcome.run_seconds, 4))
        return VerifyResult(outcome.success, outcome.reward, f"{note}; {outcome.details}",
                            error=None if outcome.success else outcome.details, metadata=meta,
                            status=outcome.status.value)

    def _run(self, work: Path, task: Task | None, nonce: str | None = None) -> RunOutcome:
        limits = sandbox.Limits(timeout=self.run_timeout, memory_mb=self.memory_limit_mb)
        return run_for_task(["./solution"], work, task, limits, compare=self.compare,
                            expected_output=self.expected_output, stdin_input=self.stdin_input, env=self.run_env(),
                            nonce=nonce)

    @staticmethod
    def first_errors(diagnostics: str, limit: int = 3) -> str:
        lines = [line.strip() for line in diagnostics.splitlines() if "error" in line or ".go:" in line]
        return " | ".join(lines[:limit]) if lines else diagnostics.strip()[:300]


class RustVerifier(NativeVerifier):
    """Builds ``solution.rs`` with one direct ``rustc`` call (edition 2021). A ``test_code`` harness is
    appended to the candidate (its own ``fn main``; the candidate's is renamed)."""

    language = "rust"
    default_flags = ("-C", "opt-level=1")

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "rustc": RUSTC, "dynamic_std": rust_libdir() is not None}

    def tampering(self, program: str, test_code: str) -> str | None:
        forbidden = _RUST_FORBIDDEN.search(program)
        if forbidden:
            return f"the candidate uses {forbidden.group(0).strip()!r} next to the harness"
        for trait in _RUST_TRAIT_IMPL.findall(program):
            if trait.split("::")[-1] not in _RUST_TRAITS_ALLOWED:
                return f"the candidate implements {trait} (it could change what the harness's comparisons compute)"
        if re.search(r"\bimpl\b[^{;]*\$", program):
            return "the candidate's macro writes impl blocks"
        used = set(re.findall(r"\w+", test_code))
        aliases = [alias for use in _RUST_USE.findall(program) for alias in re.findall(r"\bas\s+(\w+)", use)]
        for name in _RUST_MACRO.findall(program) + aliases:
            if name in used:
                return f"the candidate defines {name!r}, a name the harness uses"
        return None

    def hidden_warnings(self, program: str) -> int:
        return len(_RUST_ALLOW.findall(program))

    def write_sources(self, work: Path, program: str, test_code: str | None) -> dict[str, Any]:
        if test_code:
            program = _rename_main(program, r"^(\s*(?:pub\s+)?)fn\s+main\s*\(",
                                   r"#[allow(dead_code)]\n\1fn halo_candidate_main(")
            program = f"{program}\n\n// ---- harness ----\n{test_code}\n"
        (work / "solution.rs").write_text(program, encoding="utf-8")
        return {"candidate_lines": program.split("// ---- harness ----")[0].count("\n") + 1}

    def build(self, work: Path, limits: sandbox.Limits, sources: dict[str, Any]) -> tuple[bool, str, int]:
        libdir = rust_libdir()
        link = ["-C", "prefer-dynamic", "-C", f"link-args=-Wl,-rpath,{libdir}"] if libdir else []
        argv = ["rustc", "--edition", "2021", "--color", "never", "-C", "debuginfo=0", *link, *self.flags,
                "-o", "solution", "solution.rs"]
        result = sandbox.run(argv, work, limits=limits)
        if result.returncode is None or result.memory_exceeded:
            return False, f"rustc {result.describe()}\n{result.stderr}", 0
        return result.returncode == 0, result.stderr, count_rust_warnings(result.stderr,
                                                                          sources["candidate_lines"])


def count_rust_warnings(stderr: str, candidate_lines: int) -> int:
    """Warnings located in the candidate's lines (a harness's own warnings do not count)."""
    count, lines = 0, stderr.splitlines()
    for i, line in enumerate(lines):
        if not _RUST_WARNING.match(line):
            continue
        where = next((m for m in (_RUST_LOCATION.match(x) for x in lines[i + 1:i + 4]) if m), None)
        # A line number too long to be one of the harness's counts as the candidate's (and never
        # reaches int(), which refuses more than 4300 digits).
        if where is None or len(where.group(1)) > 9 or int(where.group(1)) <= candidate_lines:
            count += 1
    return count


class GoVerifier(NativeVerifier):
    """Builds ``solution.go`` (package main) with ``go tool compile`` + ``go tool link``. A ``test_code``
    harness is a second file of package main (the candidate's ``main`` is renamed). ``vet=True`` runs
    ``go vet`` too; its findings count as warnings."""

    language = "go"

    def __init__(self, *args: Any, vet: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.vet = vet

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "vet": self.vet, "go": GO, "prebuilt_std": go_prebuilt_std()}

    def run_env(self) -> dict[str, str]:
        return {"GOMAXPROCS": "2"}

    def tampering(self, program: str, test_code: str) -> str | None:
        forbidden = _GO_FORBIDDEN.search(program)
        return None if forbidden is None else (
            f"the candidate uses {forbidden.group(0).strip()!r} (code that runs before the harness, or a "
            "binding to runtime internals)")

    def write_sources(self, work: Path, program: str, test_code: str | None) -> dict[str, Any]:
        if not re.search(r"^\s*package\s+\w+", program, re.M):
            program = "package main\n\n" + program
        files = ["solution.go"]
        if test_code:
            program = _rename_main(program, r"^func\s+main\s*\(", "func halo_candidate_main(")
            if not re.search(r"^\s*package\s+\w+", test_code, re.M):
                test_code = "package main\n\n" + test_code
            (work / "harness.go").write_text(test_code, encoding="utf-8")
            files.append("harness.go")
        (work / "solution.go").write_text(program, encoding="utf-8")
        return {"files": files}

    def build(self, work: Path, limits: sandbox.Limits, sources: dict[str, Any]) -> tuple[bool, str, int]:
        if go_prebuilt_std():
            steps = [["go", "tool", "compile", "-p", "main", "-o", "solution.o", *self.flags, *sources["files"]],
                     ["go", "tool", "link", "-o", "solution", "solution.o"]]
        else:
            steps = [["go", "build", "-o", "solution", *self.flags, *sources["files"]]]
        for argv in steps:
            result = sandbox.run(argv, work, limits=limits, env=GO_ENV)
            if result.returncode != 0 or result.memory_exceeded:
                return False, result.stderr or f"{argv[0]} {argv[2] if len(argv) > 2 else ''}: {result.describe()}", 0
        if not self.vet:
            return True, result.stderr, 0
        vet = sandbox.run(["go", "vet", "solution.go"], work, limits=limits, env=GO_ENV)
        findings = [line for line in vet.stderr.splitlines() if line.startswith(("./solution.go:", "solution.go:"))]
        return True, vet.stderr, len(findings)


def toolchain_available(language: str) -> bool:
    """Whether the sandbox can build ``language`` (``rust`` or ``go``) on this machine."""
    tool = {"rust": RUSTC, "go": GO}[language]
    return shutil.which(tool) is not None
