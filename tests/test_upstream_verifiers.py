"""The cases of the original halo-forge's own verifier tests, against this package.

The original project (github.com/professor-moody/halo-forge, MIT) checks its verifiers in
``tests/test_verifiers.py`` and ``tests/test_graduated_rewards.py``. Their cases are reproduced here as
tables — the same constructor calls, the same code, the same expected reward and success — so a user
coming from it gets the verdicts its tests promise. One deliberate difference: a pytest completion
that carries its own tests is judged by them only with ``tests_in_completion=True`` (that mode can be
gamed by the model, so it is never the default).

Beyond those files: the way that project teaches custom verifiers (override ``verify(code)``, and
perhaps ``extract_code(text)``) works in ``verify_batch`` and its worker processes, a class defined in
a script's ``__main__`` included, and results without a ``status`` get the one their reward means.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from halo_forge.errors import InputError
from halo_forge.rlvr.verifiers import (ChainedVerifier, ClangVerifier, GCCVerifier, GoVerifier, MinGWVerifier,
                                       PytestVerifier, RustVerifier, Verifier, VerifyResult)
from halo_forge.rlvr.verifiers.base import RewardLevel

ROOT = Path(__file__).resolve().parents[1]

CPP_HELLO = '#include <iostream>\n\nint main() {\n    std::cout << "Hello, World!" << std::endl;\n    return 0;\n}\n'
CPP_MISSING_SEMICOLON = CPP_HELLO.replace("std::endl;", "std::endl")
CPP_NULL_DEREF = ('#include <iostream>\n\nint main() {\n    int* p = nullptr;\n    std::cout << *p << std::endl;\n'
                  '    return 0;\n}\n')
CPP_42 = '#include <iostream>\n\nint main() {\n    std::cout << "42" << std::endl;\n    return 0;\n}\n'
CPP_IN_PROSE = f"Here is the solution:\n\n```cpp\n{CPP_HELLO}```\n\nThis code prints Hello to the console.\n"
C_RETURN = "#include <stdio.h>\nint main() {\n    return 0;\n}\n"
C_HELLO = '#include <stdio.h>\nint main() {\n    printf("Hello");\n    return 0;\n}\n'
C_42 = '#include <stdio.h>\nint main() {\n    printf("42");\n    return 0;\n}\n'
C_99 = '#include <stdio.h>\nint main() {\n    printf("99");  // wrong output\n    return 0;\n}\n'
C_SEGV = "#include <stdio.h>\nint main() {\n    int *p = 0;\n    *p = 42;\n    return 0;\n}\n"
NOT_C = "int main() { this is not valid C++ syntax }"
PY_PASSING = ("def add(a, b):\n    return a + b\n\ndef test_add():\n    assert add(2, 3) == 5\n\n"
              "def test_add_negative():\n    assert add(-1, 1) == 0\n")
PY_HALF = ("def add(a, b):\n    return a - b  # bug\n\ndef test_add():\n    assert add(2, 3) == 5\n\n"
           "def test_add_zero():\n    assert add(0, 0) == 0\n")
RUST_HELLO = 'fn main() {\n    println!("Hello, World!");\n}\n'
GO_HELLO = 'package main\n\nimport "fmt"\n\nfunc main() {\n    fmt.Println("Hello, World!")\n}\n'


def test_reward_levels_as_the_original_defines_them():
    assert [level.value for level in RewardLevel] == [0.0, 0.3, 0.5, 0.7, 1.0]
    assert (RewardLevel.FAILURE, RewardLevel.COMPILE_WARNINGS, RewardLevel.COMPILE_CLEAN, RewardLevel.RUNS_NO_CRASH,
            RewardLevel.CORRECT_OUTPUT) == (0.0, 0.3, 0.5, 0.7, 1.0)
    assert RewardLevel.from_compile_result(False) == 0.0
    assert RewardLevel.from_compile_result(success=True) == 0.5
    assert RewardLevel.from_compile_result(True, has_warnings=True) == 0.3
    assert RewardLevel.from_compile_result(True, has_warnings=False) == 0.5
    assert RewardLevel.from_execution_result(False, False, False) == 0.0
    assert RewardLevel.from_execution_result(True, False, False) == 0.5
    assert RewardLevel.from_execution_result(True, True, False) == 0.7
    assert RewardLevel.from_execution_result(compiles=True, runs=True, correct=True) == 1.0


# (verifier, completion, expected reward, expected success (None: not asserted), text in details)
CASES = [
    # test_verifiers.py: TestGCCVerifier
    ("gcc-valid", lambda: GCCVerifier(), CPP_HELLO, 0.5, True, "successful"),
    ("gcc-syntax", lambda: GCCVerifier(), CPP_MISSING_SEMICOLON, 0.0, False, None),
    ("gcc-extracted", lambda: GCCVerifier(), CPP_IN_PROSE, 0.5, True, None),
    ("gcc-runs", lambda: GCCVerifier(run_after_compile=True), CPP_HELLO, 0.7, True, None),
    ("gcc-crash", lambda: GCCVerifier(run_after_compile=True, run_timeout=2), CPP_NULL_DEREF, 0.5, None, None),
    ("gcc-output", lambda: GCCVerifier(run_after_compile=True, expected_output="42"), CPP_42, 1.0, True, None),
    ("gcc-wrong-output", lambda: GCCVerifier(run_after_compile=True, expected_output="99"), CPP_42, 0.7, None, None),
    ("clang-valid", lambda: ClangVerifier(), CPP_HELLO, 0.5, True, None),
    ("mingw-valid", lambda: MinGWVerifier(), CPP_HELLO, 0.5, True, None),
    # test_verifiers.py: TestPytestVerifier (the completion carries its tests: the explicit opt-in here)
    ("pytest-pass", lambda: PytestVerifier(timeout=30, tests_in_completion=True), PY_PASSING, 1.0, True, None),
    ("pytest-half", lambda: PytestVerifier(timeout=30, tests_in_completion=True), PY_HALF, 0.85, False, None),
    # test_verifiers.py: TestChainedVerifier
    ("chain-pass", lambda: ChainedVerifier([GCCVerifier(), GCCVerifier()]), CPP_HELLO, 0.5, True, None),
    ("chain-first-fails", lambda: ChainedVerifier([GCCVerifier(), GCCVerifier()]), CPP_MISSING_SEMICOLON, 0.0,
     False, "Stage 1 failed"),
    ("chain-weights", lambda: ChainedVerifier(verifiers=[GCCVerifier(), GCCVerifier()], weights=[0.3, 0.7]),
     CPP_HELLO, 0.5, True, None),
    # test_graduated_rewards.py: GCC, compile-only ("MVP") and compile-and-run ("MVR")
    ("mvp-syntax", lambda: GCCVerifier(run_after_compile=False, timeout=10), NOT_C, 0.0, False, "compile"),
    ("mvp-clean", lambda: GCCVerifier(run_after_compile=False, timeout=10), C_RETURN, 0.5, True, None),
    ("mvp-max", lambda: GCCVerifier(run_after_compile=False, timeout=10), C_HELLO, 0.5, True, None),
    ("mvr-syntax", lambda: GCCVerifier(run_after_compile=True, timeout=10, run_timeout=5), NOT_C, 0.0, False, None),
    ("mvr-runs", lambda: GCCVerifier(run_after_compile=True, timeout=10, run_timeout=5), C_HELLO, 0.7, True, None),
    ("mvr-correct", lambda: GCCVerifier(run_after_compile=True, timeout=10, run_timeout=5, expected_output="42"),
     C_42, 1.0, True, None),
    ("mvr-wrong", lambda: GCCVerifier(run_after_compile=True, timeout=10, run_timeout=5, expected_output="42"),
     C_99, 0.7, False, None),
    ("mvr-crash", lambda: GCCVerifier(run_after_compile=True, timeout=10, run_timeout=5), C_SEGV, 0.5, None, None),
    ("mvr-reaches-1", lambda: GCCVerifier(run_after_compile=True, timeout=10, expected_output="Hello"), C_HELLO,
     1.0, True, None),
]


@pytest.mark.parametrize("make, code, reward, success, text", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_original_verifier_cases(make, code, reward, success, text):
    with make() as verifier:
        result = verifier.verify(code)
    assert result.reward == pytest.approx(reward), result
    if success is not None:
        assert result.success is success, result
    if text is not None:
        assert text.lower() in result.details.lower(), result
    if not result.success:
        assert result.error is not None


def test_batch_keeps_order():
    with GCCVerifier(max_workers=4) as verifier:
        results = verifier.verify_batch([CPP_HELLO, CPP_MISSING_SEMICOLON, CPP_HELLO])
    assert [r.success for r in results] == [True, False, True]


@pytest.mark.parametrize("make, bad, good", [
    (lambda: RustVerifier(run_after_compile=True, timeout=30, run_timeout=5), "fn main() { this is not valid rust }",
     RUST_HELLO),
    (lambda: GoVerifier(run_after_compile=True, timeout=30, run_timeout=5), "func main() { this is not valid go }",
     GO_HELLO),
], ids=["rust", "go"])
def test_original_rust_and_go_cases(make, bad, good):
    with make() as verifier:
        failed, ran = verifier.verify_batch([bad, good])
    assert (failed.reward, failed.success) == (0.0, False)
    assert ran.reward >= 0.5


def test_compiler_attribute():
    assert GCCVerifier().compiler == "g++"
    assert ClangVerifier().compiler == "clang++"
    assert MinGWVerifier().compiler == "x86_64-w64-mingw32-g++"


# ------------------------------------------------------------------ custom verifiers the original way

class ReturnsVerifier(Verifier):
    """The original project's documented shape: override ``verify(code)``, no status in the result."""

    def verify(self, code):
        found = "return" in self.extract_code(code)
        return VerifyResult(success=found, reward=RewardLevel.CORRECT_OUTPUT.value if found else 0.0,
                            details="has a return" if found else "no return", error=None if found else "none")


class UppercaseGCC(GCCVerifier):
    """``verify`` + ``extract_code(text)`` over a built-in verifier, calling ``super().verify``."""

    def extract_code(self, text):
        return text.replace("RETURN", "return")

    def verify(self, code):
        result = super().verify(code)
        result.details = "checked: " + result.details
        return result


class CheckVerifier(Verifier):
    """This package's shape: ``check(code, task)``."""

    def check(self, code, task):
        return VerifyResult(True, 1.0, f"task {task.task_id if task else None}", status="pass")


class EmptyVerifier(Verifier):
    pass


def test_verify_override_runs_in_the_workers_with_inferred_status():
    with ReturnsVerifier(max_workers=2) as verifier:
        results = verifier.verify_batch(["int f(void) { return 1; }", "nothing here", "int f(void) { return 1; }"])
    assert [(r.success, r.reward, r.status) for r in results] == [
        (True, 1.0, "pass"), (False, 0.0, "compile_error"), (True, 1.0, "pass")]
    assert results[0].metadata["status_inferred"] is True
    assert results[2].metadata["cached"] is True          # a duplicate is judged once, as for built-ins


def test_verify_and_extract_code_override_of_a_builtin():
    with UppercaseGCC() as verifier:
        batch = verifier.verify_batch(["int main(void) { RETURN 0; }"])[0]
        direct = verifier.verify("int main(void) { RETURN 0; }")
    for result in (batch, direct):      # the override applied once, in the batch and called directly
        assert (result.success, result.status, result.details) == (True, "compile_ok",
                                                                   "checked: compilation successful")


def test_check_and_a_verifier_with_neither():
    with CheckVerifier() as verifier:
        assert verifier.verify("x", {"task_id": "t1", "tests": [{"stdin": "", "expected_stdout": "1"}]}).details \
            == "task t1"
    with pytest.raises(InputError, match="EmptyVerifier: implement check"):
        EmptyVerifier().verify_batch(["x"])


def test_verifier_classes_in_a_script_main(tmp_path):
    """A class defined in the user's script: the workers get it by value; the verdicts are its own."""
    script = tmp_path / "my_run.py"
    script.write_text(textwrap.dedent('''
        import re
        from halo_forge.rlvr.verifiers import GCCVerifier, Verifier, VerifyResult

        PATTERN = re.compile(r"return")            # a global the class uses

        class MainVerifier(Verifier):
            def verify(self, code):
                ok = bool(PATTERN.search(code))
                return VerifyResult(ok, 1.0 if ok else 0.0, "main class")

        class MainGCC(GCCVerifier):
            def check(self, code, task):
                result = super().check(code, task)
                result.details = "main gcc: " + result.details
                return result

        with MainVerifier(max_workers=2) as v:
            print([(r.reward, r.status, r.details) for r in v.verify_batch(["return 1", "x"])])
        with MainGCC() as v:
            print(v.verify_batch(["int main(void) { return 0; }"])[0].details)
    '''))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    assert lines == ["[(1.0, 'pass', 'main class'), (0.0, 'compile_error', 'main class')]",
                     "main gcc: compilation successful"]
    assert "killed twice" not in run.stderr


def test_workers_import_what_the_caller_can_and_fail_in_one_line_otherwise(tmp_path):
    """A __main__ class using a module from a directory the script put on sys.path works (the workers
    get the caller's path); one using a module that exists only in the caller's memory is one line."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "helper_mod.py").write_text("def ok(code):\n    return code == 'a'\n")
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent('''
        import sys, types
        sys.path.insert(0, sys.argv[1])
        import helper_mod
        from halo_forge.errors import HaloForgeError
        from halo_forge.rlvr.verifiers import Verifier, VerifyResult

        ghost = types.ModuleType("ghost_mod")
        ghost.ok = lambda code: True
        sys.modules["ghost_mod"] = ghost
        import ghost_mod

        class Uses(Verifier):
            def verify(self, code):
                return VerifyResult(helper_mod.ok(code), 1.0, "x")

        class UsesGhost(Verifier):
            def verify(self, code):
                return VerifyResult(ghost_mod.ok(code), 1.0, "x")

        print([r.success for r in Uses().verify_batch(["a", "b"])])
        try:
            UsesGhost().verify_batch(["a"])
        except HaloForgeError as exc:
            print("ERROR:", exc)
    '''))
    run = subprocess.run([sys.executable, str(script), str(elsewhere)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    first, error = run.stdout.strip().splitlines()
    assert first == "[True, False]"
    assert error.startswith("ERROR: a verifier worker could not rebuild the verifier (")
    assert "ghost_mod" in error and "importable module" in error


def test_a_verifier_that_cannot_be_sent_is_an_input_error():
    class Holder(CheckVerifier):
        def __init__(self):
            super().__init__()
            self.numbers = (i for i in range(3))      # neither pickle nor dill can send a generator

    with pytest.raises(InputError, match=r"verifier Holder: it cannot be sent to the verifier worker processes"):
        Holder().verify_batch(["x"])


def test_tests_in_completion_is_an_opt_in_with_a_clear_message():
    with pytest.raises(InputError) as error:
        PytestVerifier().verify(PY_PASSING)
    message = str(error.value)
    assert "no task has" not in message
    assert message.startswith("PytestVerifier: no tests to run: the sample has no task")
    assert "tests_in_completion: true" in message
    with pytest.raises(InputError, match="task 'add-1' carries no test_code"):
        PytestVerifier().verify(PY_PASSING, {"task_id": "add-1", "prompt": "add"})
    with pytest.raises(ValueError, match="only for pytest and unittest"):
        from halo_forge.rlvr.verifiers import MBPPVerifier
        MBPPVerifier(tests_in_completion=True)
    with PytestVerifier(tests_in_completion=True) as verifier:
        result = verifier.verify(PY_PASSING)
    assert result.metadata["tests_from"] == "completion"


def test_a_class_of_the_earlier_private_name_still_works():
    class Legacy(Verifier):
        def _verify(self, code, task):
            return VerifyResult(True, 1.0, "legacy", status="pass")

    with Legacy() as verifier:
        assert verifier.verify("x").details == "legacy"


def test_tests_in_completion_is_refused_for_training(tmp_path):
    """The gameable mode judges benchmarks, never a training reward: raft train (and grpo train, the demo)
    stop with one line before loading anything; a nested route of ``multi`` counts too."""
    from halo_forge.config import VerifierConfig
    from halo_forge.errors import ConfigError
    from halo_forge.rlvr.verifiers.registry import build_verifier

    gameable = VerifierConfig(type="pytest", options={"tests_in_completion": True})
    with build_verifier(gameable) as verifier:                   # fine for a benchmark
        assert verifier.tests_in_completion is True
    with pytest.raises(ConfigError, match=r"^verifier\.tests_in_completion: .* refused for training"):
        build_verifier(gameable, training=True)
    nested = VerifierConfig(type="multi", options={"verifiers": {"python": {"type": "pytest",
                                                                           "tests_in_completion": True}}})
    with pytest.raises(ConfigError, match="refused for training"):
        build_verifier(nested, training=True)
    config = tmp_path / "run.yaml"
    config.write_text("verifier:\n  type: pytest\n  tests_in_completion: true\n"
                      f"raft:\n  output_dir: {tmp_path / 'run'}\n  prompts_file: {tmp_path / 'none.jsonl'}\n")
    run = subprocess.run([sys.executable, "-m", "halo_forge", "raft", "train", "--config", str(config)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 2, run.stderr[-2000:]
    assert "verifier.tests_in_completion" in run.stderr and "Traceback" not in run.stderr
