"""Running a built program against test cases and grading it (used by every verifier that runs code;
:class:`~halo_forge.rlvr.verifiers.compile.ExecutionVerifier` is a compile verifier that always runs).

Each test case gives stdin, the expected stdout, the expected exit code (default 0) and a comparison mode
(``halo_forge.tasks.COMPARE_MODES``):

* ``exact`` (default): equal after stripping trailing whitespace from every line and trailing blank lines;
* ``whitespace``: equal as sequences of whitespace-separated tokens;
* ``numeric``: token by token. A token the expected output writes as an integer (``-12``, ``1000000000``)
  must be the same integer (``12.0`` for ``12`` is accepted, ``1000000999`` or ``1_000`` is not); a
  token it writes as a decimal or exponent number matches within ``NUMERIC_ABS_TOLERANCE`` (1e-6) plus
  ``NUMERIC_REL_TOLERANCE`` (1e-9) times its magnitude. Only ASCII digits, an optional sign, one ``.``
  and an ``e`` exponent make a number (no ``_``, ``inf``, ``nan``, ``0x``); other tokens compare as text;
  a token over 100 characters never matches a number;
* ``regex``: ``expected_stdout`` is a regular expression that must match the whole output (normalized as
  for ``exact``; ``.`` matches newlines).

A test passes when the output matches and the exit code is the expected one. A crash, a wrong exit code,
the memory or output limit is a ``runtime_error``; running past ``run_timeout`` is a ``timeout`` and the
remaining tests are skipped (counted as failed) so one hanging program cannot cost ``n × run_timeout``.
Rewards follow :func:`halo_forge.rlvr.rewards.partial_credit`.

Function-style tasks carry a ``test_code`` harness instead. The compile verifiers build it as its own
translation unit next to the candidate's object (:mod:`halo_forge.rlvr.verifiers.harness`); Rust and Go
rewrite its ``HALO_RESULT`` line. Either way the verdict is a line ``HALO_VERDICT <nonce> <passed>
<total> [<exit code>]`` carrying a nonce that is new for every run (``nonce=``): lines without it are
ignored, no such line (the candidate exited early) is a ``runtime_error``, two are ``tampering``. The
run passes only when passed == total > 0 and the exit code is 0. Without a nonce (the remote MSVC
verifier) the last ``HALO_RESULT <passed> <total>`` line is read as before.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Sequence

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status, partial_credit
from halo_forge.tasks import COMPARE_MODES, Task, TestCase

# How a built program is run: halo_forge.sandbox.run, or a stand-in with its signature (remote MSVC).
Runner = Callable[..., sandbox.RunResult]
# Counts are at most 9 digits: a 5000-digit "count" must not reach int() (ValueError past 4300 digits).
HARNESS_RESULT = re.compile(r"^HALO_RESULT[ \t]+(\d{1,9})[ \t]+(\d{1,9})[ \t]*$", re.M)
VERDICT = re.compile(r"^HALO_VERDICT[ \t]+(\S{1,64})[ \t]+(-?\d{1,9})[ \t]+(-?\d{1,9})(?:[ \t]+(-?\d{1,9}))?[ \t]*$",
                     re.M)
NUMERIC_ABS_TOLERANCE = 1e-6
NUMERIC_REL_TOLERANCE = 1e-9
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")


# ------------------------------------------------------------------------------------------- comparison

def _normalize(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).rstrip("\n")


def numbers_match(actual: str, expected: str) -> bool:
    """One ``numeric`` token pair (see the module docstring): integers exact, decimals within tolerance."""
    if len(actual) > 100 or len(expected) > 100 or not _NUMBER.fullmatch(actual):
        return False
    if _INTEGER.fullmatch(expected):
        return Decimal(actual) == Decimal(expected)  # exact: 12.0 == 12, 1000000999 != 1000000000
    got, want = float(actual), float(expected)
    return math.isfinite(got) and abs(got - want) <= NUMERIC_ABS_TOLERANCE + NUMERIC_REL_TOLERANCE * abs(want)


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
        return all(numbers_match(a, b) if _NUMBER.fullmatch(b) else a == b for a, b in zip(got, want))
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
                ro_binds: Sequence = (), run: Callable[..., sandbox.RunResult] = sandbox.run,
                nonce: str | None = None) -> RunOutcome:
    """Run a function-style task's harness binary and read its verdict (module docstring); ``nonce``
    goes to its stdin."""
    result = run(argv, work, stdin=f"{nonce}\n" if nonce else "", limits=limits, env=env, ro_binds=ro_binds)

    def outcome(status: Status, reward: float, why: str, passed: int = 0, total: int = 0) -> RunOutcome:
        return RunOutcome(status, reward, status is Status.PASS, why, passed, total, result.duration)

    if result.returncode is None or result.memory_exceeded:
        kind, why = _failure_kind(result)
        return outcome(kind, partial_credit(0, 1, False), f"harness: {why}")
    if nonce is None:
        found = [(m.group(1), m.group(2)) for m in HARNESS_RESULT.finditer(result.stdout)][-1:]
    else:
        verdicts = [m for m in VERDICT.finditer(result.stdout) if m.group(1) == nonce]
        if len(verdicts) > 1:
            return outcome(Status.TAMPERING, 0.0, f"{len(verdicts)} verdict lines with this run's nonce")
        found = []
        if verdicts and verdicts[0].group(2) != "-1":
            found = [(verdicts[0].group(2), verdicts[0].group(3))]
        elif verdicts:  # a harness without halo_passed/halo_total: its one HALO_RESULT line counts
            found = [(m.group(1), m.group(2)) for m in HARNESS_RESULT.finditer(result.stdout[:verdicts[0].start()])]
            if len(found) > 1:
                return outcome(Status.TAMPERING, 0.0, f"{len(found)} HALO_RESULT lines before the verdict")
    if not found:
        return outcome(Status.RUNTIME_ERROR, partial_credit(0, 1, False),
                       f"the harness gave no verdict (exit code {result.returncode}; did the candidate exit "
                       "early?)")
    passed, total = (int(x) for x in found[0])
    if total > 0 and passed == total and result.returncode == 0:
        return outcome(Status.PASS, 1.0, f"passed {passed}/{total} checks", passed, total)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    if passed >= total:  # all checks "passed" but a non-zero exit: not a pass, no partial credit over 0.7
        return outcome(Status.RUNTIME_ERROR, partial_credit(0, 1, True),
                       f"harness reported {passed}/{total} but exited {result.returncode}", passed, total)
    why = f"; {failures[0][:200]}" if failures else ""
    return outcome(Status.WRONG_ANSWER, partial_credit(passed, total, True), f"passed {passed}/{total} checks{why}",
                   passed, total)


def run_for_task(argv: list[str], work, task: Task | None, limits: sandbox.Limits, *, compare: str = "exact",
                 expected_output: str | None = None, stdin_input: str | None = None,
                 env: dict[str, str] | None = None, run: Callable[..., sandbox.RunResult] = sandbox.run,
                 nonce: str | None = None) -> RunOutcome:
    """Grade a built program the way its task asks: the task's ``test_code`` harness (its verdict
    carrying ``nonce``), else its ``tests``, else the verifier's ``expected_output`` (with
    ``stdin_input``), else one run that must not crash."""
    if task is not None and task.test_code:
        return run_harness(argv, work, limits, env=env, run=run, nonce=nonce)
    if task is not None and task.tests:
        return run_tests(argv, work, task.tests, limits, default_compare=compare, env=env, run=run)
    if expected_output is not None:
        test = TestCase(stdin=stdin_input or "", expected_stdout=expected_output)
        return run_tests(argv, work, [test], limits, default_compare=compare, env=env, run=run)
    return run_once(argv, work, stdin_input or "", limits, env=env, run=run)
