"""SubprocessVerifier, user verifier classes by dotted path, MultiLanguageVerifier and the registry."""

import os
import shutil
import tempfile
import textwrap

import pytest

from halo_forge.config import load_config
from halo_forge.errors import ConfigError
from halo_forge.rlvr.verifiers import MultiLanguageVerifier, SubprocessVerifier
from halo_forge.rlvr.verifiers.multi_language import detect_language, python_route
from halo_forge.rlvr.verifiers.registry import REGISTRY, build_verifier, resolve_type
from halo_forge.tasks import Task, TestCase

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADD = "```python\ndef add(a, b):\n    return a + b\n```"


# ------------------------------------------------------------------------------------ SubprocessVerifier

def test_file_placeholder_holds_the_extracted_code():
    checker = ["python3", "-I", "-c", "import sys; src = open(sys.argv[1]).read(); "
               "sys.exit(0 if src.startswith('def add') and sys.argv[1].endswith('.py') else 3)", "{file}"]
    with SubprocessVerifier(checker, language="python", max_workers=1) as verifier:
        good = verifier.verify("Sure!\n" + ADD)
        bad = verifier.verify("```python\nprint('no add here')\n```")
    assert (good.status, good.reward, good.success) == ("pass", 1.0, True)
    assert (bad.status, bad.reward, bad.success) == ("wrong_answer", 0.0, False)
    assert bad.metadata["returncode"] == 3


def test_code_and_output_placeholders_and_success_codes():
    echo = ["python3", "-I", "-c", "import sys; print(repr(sys.argv[1:])); sys.exit(2)", "code={code}", "{output}"]
    with SubprocessVerifier(echo, success_codes=[0, 2], language="python", max_workers=1) as verifier:
        result = verifier.verify("Here you go:\n" + ADD)
    assert result.success and result.status == "pass"
    args = eval(result.metadata["stdout"])           # the argv the command received, as Python literals
    assert args == ["code=def add(a, b):\n    return a + b", "Here you go:\n" + ADD]


def test_no_shell_metacharacters_are_plain_text():
    code = "```\nx; touch pwned && echo $(id) `id` '{file}' \"quoted\"\n```"
    lister = ["python3", "-I", "-c", "import os, sys; print(repr(sys.argv[1:])); print(sorted(os.listdir('.')))",
              "{code}"]
    with SubprocessVerifier(lister, extract=False, max_workers=1) as verifier:
        result = verifier.verify(code)
    args, listing = result.metadata["stdout"].splitlines()
    assert eval(args) == [code]                                 # the whole completion, literally, one argument
    assert listing == "['solution.txt']"                        # nothing was touched
    assert result.success


def test_runs_in_the_sandbox_and_times_out():
    # The checkout is not visible inside the sandbox: listing it fails.
    with SubprocessVerifier(["ls", REPO], max_workers=1) as verifier:
        assert verifier.verify(ADD).status == "wrong_answer"
    with SubprocessVerifier(["sleep", "10"], timeout=1, max_workers=1) as verifier:
        slow = verifier.verify(ADD)
    assert (slow.status, slow.reward) == ("timeout", 0.0)


def test_binds_make_a_checker_script_visible():
    checks = tempfile.mkdtemp(prefix="halo-test-checks-")     # readable by the sandbox uid (pytest's tmp is not)
    try:
        script = os.path.join(checks, "check.py")
        with open(script, "w") as handle:
            handle.write("import sys\nsys.exit(0 if 'return a + b' in open(sys.argv[1]).read() else 1)\n")
        os.chmod(checks, 0o755)
        os.chmod(script, 0o644)
        with SubprocessVerifier(["python3", "-I", script, "{file}"], binds=[checks], max_workers=1) as verifier:
            assert verifier.verify(ADD).success
            assert not verifier.verify("```python\ndef add(a, b):\n    return a - b\n```").success
        with SubprocessVerifier(["python3", "-I", script, "{file}"], max_workers=1) as unbound:
            assert not unbound.verify(ADD).success                # without the bind the script is invisible
    finally:
        shutil.rmtree(checks)


@pytest.mark.parametrize("kwargs,match", [
    ({"command": "python3 check.py {file}"}, "no shell"),
    ({"command": []}, "non-empty list"),
    ({"command": ["true"], "timeout": 0}, "timeout"),
    ({"command": ["true"], "file_name": "../x.py"}, "plain file name"),
    ({"command": ["true"], "binds": ["/does/not/exist"]}, "does not exist"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SubprocessVerifier(**kwargs)


# ----------------------------------------------------------------------- registry, YAML and user classes

USER_MODULE = '''
from halo_forge.rlvr.verifiers import Verifier, VerifyResult


class ShortCodeVerifier(Verifier):
    """Passes completions of at most max_chars characters."""

    def __init__(self, max_chars: int, max_workers=None, cache=None):
        super().__init__(max_workers=max_workers, cache=cache)
        self.max_chars = max_chars

    def settings(self):
        return {**super().settings(), "max_chars": self.max_chars}

    def check(self, code, task):
        ok = len(code) <= self.max_chars
        return VerifyResult(ok, 1.0 if ok else 0.0, f"{len(code)} chars", status="pass" if ok else "wrong_answer")
'''


@pytest.fixture
def user_package(tmp_path, monkeypatch):
    (tmp_path / "my_checks.py").write_text(USER_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    # verify_batch's worker processes import the class too: it must be on their PYTHONPATH.
    monkeypatch.setenv("PYTHONPATH", str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return tmp_path


def write_config(path, body):
    path.write_text(textwrap.dedent(body))
    return path


def test_user_class_by_dotted_path_in_yaml(user_package, cli):
    config = write_config(user_package / "run.yaml", """\
        verifier:
          type: my_checks:ShortCodeVerifier
          max_chars: 40
    """)
    env = {**os.environ}
    ok = cli("config", "validate", str(config), env=env, cwd=user_package)
    assert ok.returncode == 0, ok.stderr
    cfg = load_config(config)
    with build_verifier(cfg.verifier, max_workers=1) as verifier:
        short, long = verifier.verify_batch(["x = 1", "x" * 100])
    assert (short.success, long.success) == (True, False)

    bad = write_config(user_package / "bad.yaml", """\
        verifier:
          type: my_checks.ShortCodeVerifier
          max_char: 40
    """)
    result = cli("config", "validate", str(bad), env=env, cwd=user_package)
    assert result.returncode == 2
    assert "verifier.max_char" in result.stderr and "max_chars" in result.stderr


def test_unknown_type_is_a_config_error_listing_the_known_ones(tmp_path, cli):
    config = write_config(tmp_path / "x.yaml", "verifier:\n  type: pytset\n")
    result = cli("config", "validate", str(config))
    assert result.returncode == 2
    assert "pytest" in result.stderr and "did you mean" in result.stderr
    for name in ("gcc", "rust", "go", "humaneval", "mbpp", "subprocess", "multi", "unittest"):
        assert name in result.stderr
    with pytest.raises(ConfigError, match="unknown verifier"):
        build_verifier(load_config(config).verifier)


def test_registry_names_resolve_to_their_classes():
    expected = {"pytest": "PytestVerifier", "unittest": "UnittestVerifier", "humaneval": "HumanEvalVerifier",
                "mbpp": "MBPPVerifier", "rust": "RustVerifier", "go": "GoVerifier",
                "subprocess": "SubprocessVerifier", "custom": "SubprocessVerifier",
                "multi": "MultiLanguageVerifier"}
    for name, cls in expected.items():
        assert name in REGISTRY and resolve_type(name).__name__ == cls
    from halo_forge.rlvr import verifiers
    for cls in set(expected.values()):
        assert getattr(verifiers, cls).__name__ == cls


def test_subprocess_verifier_from_yaml(tmp_path, cli):
    config = write_config(tmp_path / "s.yaml", """\
        verifier:
          type: subprocess
          command: [python3, -I, -m, py_compile, "{file}"]
          language: python
          timeout: 20
    """)
    assert cli("config", "validate", str(config)).returncode == 0
    with build_verifier(load_config(config).verifier, max_workers=1) as verifier:
        assert verifier.verify(ADD).success
        assert not verifier.verify("```python\ndef add(:\n```").success


# ------------------------------------------------------------------------------------ MultiLanguageVerifier

@pytest.mark.parametrize("code,language", [
    ("```rust\nfn main() {}\n```", "rust"),
    ("fn main() {\n    let mut x = 1;\n}\n", "rust"),
    ("package main\n\nfunc main() {\n}\n", "go"),
    ("def f(x):\n    return x\n", "python"),
    ("#include <stdio.h>\nint main(void) { return 0; }\n", "c"),
    ("#include <iostream>\nint main() { std::cout << 1; }\n", "cpp"),
    ("hello there", None),
])
def test_detect_language(code, language):
    assert detect_language(code) == language


def test_python_route_by_tests():
    assert python_route(Task("h", "p", "python", test_code="def check(candidate):\n    pass\ncheck(f)\n")) == "humaneval"
    assert python_route(Task("u", "p", "python", test_code="import unittest\nclass T(unittest.TestCase): pass")) == "unittest"
    assert python_route(Task("t", "p", "python", test_code="def test_x():\n    assert f()\n")) == "pytest"
    assert python_route(Task("m", "p", "python", test_code="assert f(1) == 2\n")) == "mbpp"


@pytest.mark.skipif(shutil.which("pytest-3") is None, reason="needs python3-pytest")
def test_multi_language_routes_by_task_language_then_by_code():
    stdio = [TestCase(stdin="2 3\n", expected_stdout="5\n")]
    c_task = Task("c/add", "add", "c", tests=stdio)
    py_task = Task("py/add", "add", "python", test_code="def test_add():\n    assert add(2, 3) == 5\n")
    mbpp_task = Task("mbpp/add", "add", "python", test_code="assert add(2, 3) == 5\n", entry_point="add")
    c_code = "```c\n#include <stdio.h>\nint main(void) { int a, b; scanf(\"%d %d\", &a, &b); printf(\"%d\\n\", a + b); }\n```"
    # A C program given to a Python task is judged as Python: the task's language wins over the code.
    completions = [c_code, ADD, ADD, c_code, "```python\nprint(5)\n```", "no code at all"]
    tasks = [c_task, py_task, mbpp_task, py_task, None, None]
    with MultiLanguageVerifier(max_workers=2) as verifier:
        results = verifier.verify_batch(completions, tasks=tasks)
    routed = [(r.metadata.get("routed_to"), r.metadata.get("verifier"), r.status) for r in results]
    assert routed == [
        ("c", "GCCVerifier", "pass"),
        ("python", "PytestVerifier", "pass"),
        ("python", "MBPPVerifier", "pass"),
        ("python", "PytestVerifier", "syntax_error"),
        ("python", "PytestVerifier", "runs"),              # no task, no tests: detected Python, run once
        (None, None, "extraction_error"),
    ]


def test_multi_language_routes_from_yaml(tmp_path, cli):
    config = write_config(tmp_path / "m.yaml", """\
        verifier:
          type: multi
          verifiers:
            c: {type: clang, run_after_compile: true}
            python: {type: subprocess, command: [python3, -I, -m, py_compile, "{file}"]}
          default_language: python
    """)
    assert cli("config", "validate", str(config)).returncode == 0
    with build_verifier(load_config(config).verifier, max_workers=1) as verifier:
        c_result = verifier.verify("```c\nint main(void) { return 0; }\n```", Task("c/x", "x", "c"))
        py_result = verifier.verify("x = (1,\n", None)      # nothing detected: the default language
    assert (c_result.metadata["verifier"], c_result.status) == ("ClangVerifier", "runs")
    assert (py_result.metadata["routed_to"], py_result.metadata["verifier"]) == ("python", "SubprocessVerifier")
    assert not py_result.success
    with pytest.raises(ValueError, match="unknown language"):
        MultiLanguageVerifier(verifiers={"cobol": "gcc"})
