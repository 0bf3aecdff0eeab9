"""The one reward table and status taxonomy of halo-forge.

Every verifier maps its outcome to a :class:`Status` and a reward from :class:`RewardLevel` here; no other
module defines reward numbers. ``success`` (the outcome) and ``reward`` (the training signal) are different
things: a clean compile earns 0.5 but only counts as a success for a compile-only check.

=====================  ======  ========  ======  ===================================================
status                 reward  compiled  passed  meaning
=====================  ======  ========  ======  ===================================================
``extraction_error``   0.0     no        no      no code could be extracted from the completion
``compile_error``      0.0     no        no      the code does not compile (with ``warn_as_error``,
                                                 warnings too)
``compile_warning``    0.3     yes       no      compiles, with warnings under the configured flags
``compile_ok``         0.5     yes       no      compiles clean (compile-only verifiers stop here,
                                                 success)
``runs``               0.7     yes       no      ran without crashing; no expected output to compare
                                                 (success)
``runtime_error``      0.5     yes       no      crashed / non-zero exit / harness did not report
``timeout``            0.5     yes       no      ran out of its time limit
``wrong_answer``       0.7     yes       no      ran, output differs; partial credit below
``pass``               1.0     yes       yes     every test passed (success)
``syntax_error``       0.0     no        no      Python: the candidate does not parse (Python's
                                                 compile error)
``import_error``       0.0     no        no      Python: importing the candidate raised (its module
                                                 could not be built)
``collection_error``   0.0     yes       no      Python: the module imported, but the tests could not
                                                 be loaded against it (e.g. a missing name)
``tampering``          0.0     no        no      the candidate attacked its tests or runner (exit
                                                 tricks that forge a verdict, patched test framework,
                                                 edited test files); proves nothing, never a success
``verifier_error``     0.0     no        no      verifying this sample failed inside the verifier
                                                 (an exception, an unreadable verdict); the reason is
                                                 in ``details``; never raised out of
                                                 ``verify_batch``, never a success
=====================  ======  ========  ======  ===================================================

``success`` (the verifier's whole check passed) is the result's own field. The *compiled* and *passed*
columns are the one classification that the benchmark (compile rate, pass@k, compile@k), RAFT's
selection and statistics, and the GRPO reward logs all use: :data:`NOT_COMPILED_STATUSES`,
:data:`COMPILED_STATUSES`, :data:`PASSED_STATUSES`, :func:`compiled`, :func:`passed`,
:func:`counts_as_correct`. A status a custom verifier invents counts as compiled and not passed.

Partial credit over several test cases (stdin/stdout tests or a harness's ``HALO_RESULT p t`` line)::

    reward = 1.0                                  if every test passed
           = 0.7 + 0.3 * passed / total           if at least one test ran to completion without crashing
           = 0.5                                  if every run crashed or timed out

so a program that passes 3 of 4 tests earns 0.925 and is *not* a success. ``compile_ok`` and ``runs``
are the statuses of checks that stop before any test (compile-only, or a run with nothing to compare):
a benchmark counts them as correct only for a compile-only check (compile@k), never in pass@k (see
:func:`counts_as_correct`).
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

# What a status means for counting (the compiled and passed columns of the module docstring's table).
NOT_COMPILED_STATUSES = frozenset({Status.EXTRACTION_ERROR.value, Status.COMPILE_ERROR.value,
                                   Status.SYNTAX_ERROR.value, Status.IMPORT_ERROR.value,
                                   Status.TAMPERING.value, Status.VERIFIER_ERROR.value})
COMPILED_STATUSES = frozenset(STATUSES) - NOT_COMPILED_STATUSES
# "Every test passed": the only status pass@k counts.
PASSED_STATUSES = frozenset({Status.PASS.value})


def compiled(status: str) -> bool:
    """Whether a sample with this status built (the module docstring's table).

    >>> compiled("wrong_answer"), compiled("syntax_error"), compiled("my_custom_status")
    (True, False, True)
    """
    return str(status) not in NOT_COMPILED_STATUSES


def passed(status: str) -> bool:
    """Whether a sample with this status passed every test.

    >>> passed("pass"), passed("runs")
    (True, False)
    """
    return str(status) in PASSED_STATUSES


def counts_as_correct(status: str, success: bool, compile_only: bool) -> bool:
    """Whether a verified sample counts for pass@k or, for a compile-only check, compile@k: a success
    that passed every test, or (compile-only) a success that built.

    >>> counts_as_correct("compile_ok", True, compile_only=True), counts_as_correct("compile_ok", True, False)
    (True, False)
    """
    return bool(success) and (compiled(status) if compile_only else passed(status))


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
