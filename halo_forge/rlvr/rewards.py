"""The one reward table and status taxonomy of halo-forge (SPEC §4).

Every verifier maps its outcome to a :class:`Status` and a reward from :class:`RewardLevel` here; no other
module defines reward numbers. ``success`` (the outcome) and ``reward`` (the training signal) are different
things: a clean compile earns 0.5 but only counts as a success for a compile-only check.

=====================  ======  =============================================================
status                 reward  meaning
=====================  ======  =============================================================
``extraction_error``   0.0     no code could be extracted from the completion
``compile_error``      0.0     the code does not compile (with ``warn_as_error``, warnings too)
``compile_warning``    0.3     compiles, with warnings under the configured warning flags
``compile_ok``         0.5     compiles clean (compile-only verifiers stop here, success)
``runs``               0.7     ran without crashing; no expected output to compare (success)
``runtime_error``      0.5     crashed / non-zero exit / harness did not report (not success)
``timeout``            0.5     ran out of its time limit (not success)
``wrong_answer``       0.7     ran, output differs (not success); partial credit below
``pass``               1.0     every test passed (success)
``syntax_error``       0.0     Python: the candidate does not parse (Python's compile error)
``import_error``       0.0     Python: importing the candidate raised (its module could not be built)
``collection_error``   0.0     Python: the tests could not be loaded against it (e.g. a missing name)
``tampering``          0.0     the candidate attacked its tests or runner (exit tricks that forge a
                               verdict, patched test framework, edited test files); never a success
``verifier_error``     0.0     verifying this sample failed inside the verifier itself (an exception,
                               an unreadable verdict); the reason is in ``details``; never raised out
                               of ``verify_batch``, never a success
=====================  ======  =============================================================

Partial credit over several test cases (stdin/stdout tests or a harness's ``HALO_RESULT p t`` line)::

    reward = 1.0                                  if every test passed
           = 0.7 + 0.3 * passed / total           if at least one test ran to completion without crashing
           = 0.5                                  if every run crashed or timed out

so a program that passes 3 of 4 tests earns 0.925 and is *not* a success. ``compile_ok`` and ``runs``
are extra statuses beyond SPEC's seven: a benchmark counts them with ``pass`` only for compile-only or
run-only checks (``success``), never in pass@k.
"""

from __future__ import annotations

from enum import Enum


class RewardLevel(float, Enum):
    """The reward ladder. ``RewardLevel.COMPILE_CLEAN == 0.5``.

    >>> RewardLevel.from_execution_result(compiles=True, runs=True, correct=False)
    <RewardLevel.RUNS_NO_CRASH: 0.7>
    """

    FAILURE = 0.0
    COMPILE_WARNINGS = 0.3
    COMPILE_CLEAN = 0.5
    RUNS_NO_CRASH = 0.7
    CORRECT_OUTPUT = 1.0

    @classmethod
    def from_compile_result(cls, success: bool, has_warnings: bool = False) -> "RewardLevel":
        if not success:
            return cls.FAILURE
        return cls.COMPILE_WARNINGS if has_warnings else cls.COMPILE_CLEAN

    @classmethod
    def from_execution_result(cls, compiles: bool, runs: bool, correct: bool) -> "RewardLevel":
        if not compiles:
            return cls.FAILURE
        if not runs:
            return cls.COMPILE_CLEAN  # a crash or timeout still proves the code compiled
        return cls.CORRECT_OUTPUT if correct else cls.RUNS_NO_CRASH


class Status(str, Enum):
    """Outcome of one verification; the benchmark's error breakdown counts these."""

    EXTRACTION_ERROR = "extraction_error"
    COMPILE_ERROR = "compile_error"
    COMPILE_WARNING = "compile_warning"
    COMPILE_OK = "compile_ok"
    RUNS = "runs"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    WRONG_ANSWER = "wrong_answer"
    PASS = "pass"
    # Python test verifiers (halo_forge.rlvr.verifiers.python_tests): the "does not build" steps of
    # Python, and detected reward hacking.
    SYNTAX_ERROR = "syntax_error"
    IMPORT_ERROR = "import_error"
    COLLECTION_ERROR = "collection_error"
    TAMPERING = "tampering"
    # Verifying the sample failed in the verifier (an exception, an unreadable verdict): reward 0.
    VERIFIER_ERROR = "verifier_error"

    def __str__(self) -> str:
        return self.value


STATUSES = tuple(s.value for s in Status)
# Statuses that mean "every test passed" — the only ones pass@k may count.
PASSING_STATUSES = frozenset({Status.PASS.value})


def partial_credit(passed: int, total: int, any_completed: bool) -> float:
    """Reward for a program that compiled and ran ``total`` tests, ``passed`` of them correctly.

    ``any_completed``: at least one run finished without crashing or timing out (a wrong answer counts).

    >>> partial_credit(3, 4, True), partial_credit(0, 4, True), partial_credit(0, 4, False)
    (0.925, 0.7, 0.5)
    """
    if total > 0 and passed >= total:
        return float(RewardLevel.CORRECT_OUTPUT)
    if not any_completed and passed == 0:
        return float(RewardLevel.COMPILE_CLEAN)
    fraction = passed / total if total > 0 else 0.0
    return round(RewardLevel.RUNS_NO_CRASH + (RewardLevel.CORRECT_OUTPUT - RewardLevel.RUNS_NO_CRASH)
                 * fraction, 6)


def compile_reward(has_warnings: bool) -> tuple[float, Status]:
    """Reward and status of a successful compile that stops there."""
    if has_warnings:
        return float(RewardLevel.COMPILE_WARNINGS), Status.COMPILE_WARNING
    return float(RewardLevel.COMPILE_CLEAN), Status.COMPILE_OK


def infer_status(success: bool, reward: float) -> Status:
    """The status a result without one means: the rung of the reward ladder its reward stands on.
    Used for verifiers written for the original halo-forge, whose results carry no status.

    >>> infer_status(True, 1.0).value, infer_status(False, 0.7).value, infer_status(False, 0.0).value
    ('pass', 'wrong_answer', 'compile_error')
    """
    if success:
        if reward >= RewardLevel.CORRECT_OUTPUT:
            return Status.PASS
        if reward >= RewardLevel.RUNS_NO_CRASH:
            return Status.RUNS
        return Status.COMPILE_OK if reward >= RewardLevel.COMPILE_CLEAN else Status.COMPILE_WARNING
    if reward >= RewardLevel.RUNS_NO_CRASH:
        return Status.WRONG_ANSWER
    if reward >= RewardLevel.COMPILE_CLEAN:
        return Status.RUNTIME_ERROR
    return Status.COMPILE_ERROR
