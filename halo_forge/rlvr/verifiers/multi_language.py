"""``MultiLanguageVerifier``: one verifier for a mixed task set, routed by each task's language.

>>> verifier = MultiLanguageVerifier()                                   # doctest: +SKIP
>>> verifier.verify_batch(completions, tasks=tasks)                      # C, C++, Python, Rust, Go tasks

The language is the task's ``language``; only when the task has none (or there is no task) is it
detected from the completion: a fenced block's tag first, then the code itself (``fn main``/``let mut``
is Rust, ``package``/``func`` Go, ``def``/``import`` without semicolons Python, ``#include`` with C++
features C++, else C).

Default routes, all running the task's tests: ``c``/``cpp`` → :class:`GCCVerifier`, ``rust`` →
:class:`RustVerifier`, ``go`` → :class:`GoVerifier` (all with ``run_after_compile=True``), ``python`` →
by the task's tests: HumanEval (``check(candidate)``), unittest (``unittest.TestCase``), pytest (``def
test_``), else MBPP-style asserts; a Python sample without any tests is run once (``runs``, 0.7).
``verifiers={"python": {"type": "pytest", "timeout": 60}, ...}``
replaces routes (a Verifier, a registry name, or a ``{type: ..., options}`` dict, as in YAML).
"""

from __future__ import annotations

import re
from typing import Any

from halo_forge.errors import InputError
from halo_forge.rlvr.rewards import Status
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, checked_result, judge
from halo_forge.rlvr.verifiers.compile import guess_language
from halo_forge.rlvr.verifiers.extract import fenced_blocks
from halo_forge.tasks import LANGUAGES, Task, normalize_language

_RUST = re.compile(r"\bfn\s+\w+\s*\(|\blet\s+mut\b|\bprintln!\s*\(|\bimpl\b|\buse\s+std::")
_GO = re.compile(r"^\s*package\s+\w+|^\s*func\s+(\(\w+\s+\*?\w+\)\s*)?\w+\s*\(|\bfmt\.Print", re.M)
_PYTHON = re.compile(r"^\s*(def\s+\w+\s*\(.*\)\s*(->.*)?:|import\s+\w+\s*$|from\s+\S+\s+import\s|class\s+\w+.*:\s*$|"
                     r"print\()", re.M)
_C_FAMILY = re.compile(r"#\s*include\b|\bint\s+main\s*\(|;\s*$", re.M)


def detect_language(code: str) -> str | None:
    """The language of a completion: a fence tag, else the code's look; None when nothing fits."""
    for block in fenced_blocks(code):
        if block.tag in LANGUAGES:
            return block.tag
    if _RUST.search(code):
        return "rust"
    if _GO.search(code):
        return "go"
    if _C_FAMILY.search(code):
        return guess_language(code)
    if _PYTHON.search(code):
        return "python"
    return None


def python_route(task: Task | None) -> str:
    """Which Python verifier judges ``task``: humaneval, unittest, pytest or mbpp (plain asserts)."""
    test_code = task.test_code if task is not None and task.test_code else ""
    if task is not None and (task.metadata.get("source") == "humaneval" or "def check(candidate" in test_code):
        return "humaneval"
    if re.search(r"unittest\.TestCase|\(TestCase\)", test_code):
        return "unittest"
    if re.search(r"^\s*def\s+test_|^class\s+Test", test_code, re.M):
        return "pytest"
    return "mbpp" if test_code else "pytest"  # stdin/stdout Python tasks run under any of them


def _build(spec: Any, where: str) -> Verifier:
    """A Verifier from an instance, a registry name or a ``{type: ..., **options}`` dict."""
    from halo_forge.rlvr.verifiers.registry import resolve_type
    if isinstance(spec, Verifier):
        return spec
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, dict) or "type" not in spec:
        raise ValueError(f"{where}: expected a verifier, a registry name or {{type: ..., options}}, got {spec!r}")
    options = {k: v for k, v in spec.items() if k != "type"}
    options.setdefault("max_workers", 1)
    return resolve_type(spec["type"])(**options)


class MultiLanguageVerifier(Verifier):
    """Route each sample to the verifier of its task's language (see the module docstring)."""

    def __init__(self, verifiers: dict[str, Any] | None = None, default_language: str | None = None,
                 max_workers: int | None = None, cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        from halo_forge.rlvr.verifiers.compile import GCCVerifier
        from halo_forge.rlvr.verifiers.python_tests import (HumanEvalVerifier, MBPPVerifier, PytestVerifier,
                                                            UnittestVerifier)
        from halo_forge.rlvr.verifiers.rust_go import GoVerifier, RustVerifier
        inner = {"max_workers": 1, "cache": False}     # they run inside this verifier's workers
        gcc = GCCVerifier(run_after_compile=True, **inner)
        self.routes: dict[str, Verifier] = {
            "c": gcc, "cpp": gcc, "rust": RustVerifier(run_after_compile=True, **inner),
            "go": GoVerifier(run_after_compile=True, **inner),
        }
        python = {**inner, "require_tests": False}      # like run_after_compile: no tests, run once
        self.python_routes: dict[str, Verifier] = {
            "humaneval": HumanEvalVerifier(**python), "unittest": UnittestVerifier(**python),
            "pytest": PytestVerifier(**python), "mbpp": MBPPVerifier(**python)}
        self.python_override: Verifier | None = None
        for language, spec in (verifiers or {}).items():
            try:
                language = normalize_language(language)
            except ValueError as exc:
                raise ValueError(f"verifiers: {exc}") from None
            built = _build(spec, f"verifiers.{language}")
            if language == "python":
                self.python_override = built
            else:
                self.routes[language] = built
        self.default_language = normalize_language(default_language) if default_language else None

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "default_language": self.default_language,
                "routes": {k: v.settings() for k, v in sorted(self.routes.items())},
                "python": (self.python_override.settings() if self.python_override is not None else
                           {k: v.settings() for k, v in sorted(self.python_routes.items())})}

    def route(self, code: str, task: Task | None) -> tuple[str | None, Verifier | None]:
        """The language of a sample and the verifier that judges it."""
        language = task.language if task is not None and task.language else detect_language(code)
        language = language or self.default_language
        if language == "python":
            return language, self.python_override or self.python_routes[python_route(task)]
        return language, self.routes.get(language) if language else None

    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        language, verifier = self.route(code, task)
        if verifier is None:
            if task is not None and task.language:
                raise InputError(f"MultiLanguageVerifier: no verifier for language {language!r} "
                                 f"(task {task.task_id!r})")
            return VerifyResult(False, 0.0, "could not tell the completion's language",
                                error="language not detected", metadata={"routed_to": None},
                                status=Status.EXTRACTION_ERROR.value)
        result = checked_result(judge(verifier, code, task))    # a route may be a user's class
        result.metadata.update(routed_to=language, verifier=type(verifier).__name__)
        return result

    def cleanup(self) -> None:
        for verifier in {id(v): v for v in [*self.routes.values(), *self.python_routes.values(),
                                            *([self.python_override] if self.python_override else [])]}.values():
            verifier.cleanup()
        super().cleanup()
