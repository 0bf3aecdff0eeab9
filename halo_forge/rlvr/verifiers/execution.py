"""Running a built program against test cases, and the :class:`ExecutionVerifier`.

Each test case gives stdin, the expected stdout, the expected exit code (default 0) and a comparison mode
(``halo_forge.tasks.COMPARE_MODES``):

* ``exact`` (default): equal after stripping trailing whitespace from every line and trailing blank lines;
* ``whitespace``: equal as sequences of whitespace-separated tokens;
* ``numeric``: token by token; tokens that parse as numbers match within 1e-6 (relative or absolute);
* ``regex``: ``expected_stdout`` is a regular expression that must match the whole output (normalized as
  for ``exact``; ``.`` matches newlines).

A test passes when the output matches and the exit code is the expected one. A crash, a wrong exit code,
the memory or output limit is a ``runtime_error``; running past ``run_timeout`` is a ``timeout`` and the
remaining tests are skipped (counted as failed) so one hanging program cannot cost ``n × run_timeout``.
Rewards follow :func:`halo_forge.rlvr.rewards.partial_credit`.

Function-style tasks carry a ``test_code`` harness instead: the candidate is compiled first, then the
harness (its own ``main``) in the same translation unit; a ``main`` in the candidate is renamed
(``#define main halo_candidate_main``) so the harness's runs. The harness prints ``HALO_RESULT <passed>
<total>`` as its last such line and exits 0 only if all checks passed; the run passes only when that
line is present with passed == total and the exit code is 0 — a candidate calling ``exit(0)`` early
prints no result line and fails.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status, partial_credit
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task
from halo_forge.tasks import COMPARE_MODES, Task, TestCase

# How a built program is run: halo_forge.sandbox.run, or a stand-in with its signature (remote MSVC).
Runner = Callable[..., sandbox.RunResult]
HARNESS_RESULT = re.compile(r"^HALO_RESULT\s+(\d+)\s+(\d+)\s*$", re.M)
NUMERIC_TOLERANCE = 1e-6


# ------------------------------------------------------------------------------------------- comparison

def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def outputs_match(actual: str, expected: str, mode: str = "exact") -> bool:
    """Compare program output with the expected output under one of ``COMPARE_MODES``."""
    if mode == "exact":
        return _normalize(actual) == _normalize(expected)
    if mode == "whitespace":
        return actual.split() == expected.split()
    if mode == "numeric":
        got, want = actual.split(), expected.split()
        if len(got) != len(want):
            return False
        for a, b in zip(got, want):
            if _is_number(a) and _is_number(b):
                if not math.isclose(float(a), float(b), rel_tol=NUMERIC_TOLERANCE, abs_tol=NUMERIC_TOLERANCE):
                    return False
            elif a != b:
                return False
        return True
    if mode == "regex":
        try:
            return re.fullmatch(expected, _normalize(actual), re.S) is not None
        except re.error:
            return False
    raise ValueError(f"compare: expected one of {', '.join(COMPARE_MODES)}, got {mode!r}")


def as_test_case(raw: TestCase | dict) -> TestCase:
    """A TestCase from a TestCase or a dict (``expected_output`` is accepted for ``expected_stdout``)."""
    if isinstance(raw, TestCase):
        return raw
    if not isinstance(raw, dict):
        raise ValueError(f"test case: expected a dict or TestCase, got {type(raw).__name__}")
    data = dict(raw)
    if "expected_output" in data and "expected_stdout" not in data:
        data["expected_stdout"] = data.pop("expected_output")
    if "input" in data and "stdin" not in data:
        data["stdin"] = data.pop("input")
    known = {f.name for f in dataclasses.fields(TestCase)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"test case: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}")
    case = TestCase(**data)
    if case.compare is not None and case.compare not in COMPARE_MODES:
        raise ValueError(f"test case: compare: expected one of {', '.join(COMPARE_MODES)}, got {case.compare!r}")
    return case


# ------------------------------------------------------------------------------------------ running tests

@dataclass
class RunOutcome:
    """The verdict on running a built program: status, reward, success and a one-line account."""

    status: Status
    reward: float
    success: bool
    details: str
    passed: int
    total: int
    run_seconds: float


def _short(text: str, limit: int = 80) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _failure_kind(result: sandbox.RunResult) -> tuple[Status, str]:
    if result.timed_out:
        return Status.TIMEOUT, result.describe()
    stderr = f": {_short(result.stderr)}" if result.stderr.strip() else ""
    return Status.RUNTIME_ERROR, result.describe() + stderr


def _grade(result: sandbox.RunResult, test: TestCase, default_compare: str) -> tuple[Status, str] | None:
    """None for a pass, else the failure kind and why."""
    if result.returncode is None or result.memory_exceeded:
        return _failure_kind(result)
    if result.returncode != test.expected_exit_code and test.expected_exit_code == 0:
        return Status.RUNTIME_ERROR, f"exit code {result.returncode}" + (
            f": {_short(result.stderr)}" if result.stderr.strip() else "")
    if not outputs_match(result.stdout, test.expected_stdout, test.compare or default_compare):
        return Status.WRONG_ANSWER, (f"wrong answer: expected {_short(test.expected_stdout)}, "
                                     f"got {_short(result.stdout)}")
    if result.returncode != test.expected_exit_code:
        return Status.WRONG_ANSWER, f"exit code {result.returncode}, expected {test.expected_exit_code}"
    return None


def run_tests(argv: list[str], work, tests: Sequence[TestCase], limits: sandbox.Limits,
              default_compare: str = "exact", env: dict[str, str] | None = None,
              ro_binds: Sequence = (), run: Callable[..., sandbox.RunResult] = sandbox.run) -> RunOutcome:
    """Run ``argv`` once per test case (stdin in, stdout compared) and grade the runs.

    ``run`` has :func:`halo_forge.sandbox.run`'s signature; the remote MSVC verifier passes one that runs
    on its build server, so local and remote runs are graded by the same code.
    """
    passed, completed, first_failure = 0, False, None
    seconds = 0.0
    for index, test in enumerate(tests, start=1):
        result = run(argv, work, stdin=test.stdin, limits=limits, env=env, ro_binds=ro_binds)
        seconds += result.duration
        verdict = _grade(result, test, default_compare)
        if verdict is None:
            completed, passed = True, passed + 1
            continue
        kind, why = verdict
        completed = completed or kind is Status.WRONG_ANSWER
        first_failure = first_failure or (kind, f"test {index}: {why}")
        if kind is Status.TIMEOUT:
            break  # the rest would likely hang too
    total = len(tests)
    reward = partial_credit(passed, total, completed)
    if first_failure is None:
        return RunOutcome(Status.PASS, reward, True, f"passed {passed}/{total} tests", passed, total, seconds)
    status, why = first_failure
    return RunOutcome(status, reward, False, f"passed {passed}/{total} tests; {why}", passed, total, seconds)


def run_once(argv: list[str], work, stdin: str, limits: sandbox.Limits, env: dict[str, str] | None = None,
             ro_binds: Sequence = (), run: Callable[..., sandbox.RunResult] = sandbox.run) -> RunOutcome:
    """Run without an expected output: success means it exited 0 (``runs``, 0.7)."""
    result = run(argv, work, stdin=stdin, limits=limits, env=env, ro_binds=ro_binds)
    if result.ok and not result.memory_exceeded:
        return RunOutcome(Status.RUNS, partial_credit(0, 1, True), True, "ran without crashing", 0, 0,
                          result.duration)
    kind, why = _failure_kind(result) if result.returncode is None or result.memory_exceeded else \
        (Status.RUNTIME_ERROR, f"exit code {result.returncode}")
    return RunOutcome(kind, partial_credit(0, 1, False), False, why, 0, 0, result.duration)


def run_harness(argv: list[str], work, limits: sandbox.Limits, env: dict[str, str] | None = None,
                ro_binds: Sequence = (), run: Callable[..., sandbox.RunResult] = sandbox.run) -> RunOutcome:
    """Run a function-style task's harness binary and read its ``HALO_RESULT passed total`` line."""
    result = run(argv, work, limits=limits, env=env, ro_binds=ro_binds)
    found = HARNESS_RESULT.findall(result.stdout)
    if result.returncode is None or result.memory_exceeded:
        kind, why = _failure_kind(result)
        return RunOutcome(kind, partial_credit(0, 1, False), False, f"harness: {why}", 0, 0, result.duration)
    if not found:
        return RunOutcome(Status.RUNTIME_ERROR, partial_credit(0, 1, False), False,
                          f"harness printed no HALO_RESULT line (exit code {result.returncode}; did the "
                          "candidate exit early?)", 0, 0, result.duration)
    passed, total = (int(x) for x in found[-1])
    if total > 0 and passed == total and result.returncode == 0:
        return RunOutcome(Status.PASS, 1.0, True, f"passed {passed}/{total} checks", passed, total,
                          result.duration)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    if passed >= total:  # all checks "passed" but a non-zero exit: not a pass, no partial credit over 0.7
        return RunOutcome(Status.RUNTIME_ERROR, partial_credit(0, 1, True), False,
                          f"harness reported {passed}/{total} but exited {result.returncode}", passed, total,
                          result.duration)
    why = f"; {failures[0]}" if failures else ""
    return RunOutcome(Status.WRONG_ANSWER, partial_credit(passed, total, True), False,
                      f"passed {passed}/{total} checks{why}", passed, total, result.duration)


def run_for_task(argv: list[str], work, task: Task | None, limits: sandbox.Limits, *, compare: str = "exact",
                 expected_output: str | None = None, stdin_input: str | None = None,
                 env: dict[str, str] | None = None, run: Callable[..., sandbox.RunResult] = sandbox.run) -> RunOutcome:
    """Grade a built program the way its task asks: the task's ``test_code`` harness, else its ``tests``,
    else the verifier's ``expected_output`` (with ``stdin_input``), else one run that must not crash."""
    if task is not None and task.test_code:
        return run_harness(argv, work, limits, env=env, run=run)
    if task is not None and task.tests:
        return run_tests(argv, work, task.tests, limits, default_compare=compare, env=env, run=run)
    if expected_output is not None:
        test = TestCase(stdin=stdin_input or "", expected_stdout=expected_output)
        return run_tests(argv, work, [test], limits, default_compare=compare, env=env, run=run)
    return run_once(argv, work, stdin_input or "", limits, env=env, run=run)


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
        from halo_forge.rlvr.verifiers.compile import COMPILERS  # compile imports this module
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

    def _verify(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        if self.test_cases and (task is None or (not task.tests and not task.test_code)):
            task = (dataclasses.replace(task, tests=list(self.test_cases)) if task is not None else
                    Task(task_id="test_cases", prompt="(ExecutionVerifier test cases)", language=self.language,
                         tests=list(self.test_cases)))
        return self.compiler._verify(code, task)
