"""Python test verifiers in the real sandbox: outcome tables, partial credit, and reward hacking.

Every hacking attempt below pairs a *wrong* solution (add returns a - b) with a trick that would make
plain pytest/unittest report success; each must come out not passed.
"""

import shutil

import pytest

from halo_forge.rlvr.rewards import STATUSES
from halo_forge.rlvr.verifiers import MBPPVerifier, PytestVerifier, UnittestVerifier
from halo_forge.tasks import Task, TestCase

pytestmark = pytest.mark.skipif(shutil.which("python3") is None or shutil.which("pytest-3") is None,
                                reason="needs the system python3 and python3-pytest (scripts/system-packages.txt)")

PYTEST_TESTS = """\
from solution import add


def test_small():
    assert add(1, 2) == 3

def test_zero():
    assert add(0, 0) == 0

def test_negative():
    assert add(-1, -1) == -2

def test_big():
    assert add(10**20, 1) == 10**20 + 1
"""
UNITTEST_TESTS = """\
import unittest
from solution import add

class AddTest(unittest.TestCase):
    def test_small(self):
        self.assertEqual(add(1, 2), 3)

    def test_zero(self):
        self.assertEqual(add(0, 0), 0)

    def test_negative(self):
        self.assertEqual(add(-1, -1), -2)

    def test_big(self):
        self.assertEqual(add(10**20, 1), 10**20 + 1)
"""
PYTEST_TASK = Task(task_id="py/add", prompt="Write add(a, b).", language="python", test_code=PYTEST_TESTS)
UNITTEST_TASK = Task(task_id="py/add-ut", prompt="Write add(a, b).", language="python",
                     test_code=UNITTEST_TESTS)
GOOD = "```python\ndef add(a, b):\n    return a + b\n```"
WRONG = "def add(a, b):\n    return a - b\n"          # passes only test_zero: 1 of 4


@pytest.fixture(scope="module")
def pytest_verifier():
    with PytestVerifier(timeout=30, max_workers=2) as verifier:
        yield verifier


@pytest.fixture(scope="module")
def unittest_verifier():
    with UnittestVerifier(timeout=30, max_workers=2) as verifier:
        yield verifier


def fence(code: str) -> str:
    return f"```python\n{code}```"


# ------------------------------------------------------------------------------------------ outcome table

OUTCOMES = [
    # (name, completion, expected status, expected reward)
    ("correct", GOOD, "pass", 1.0),
    ("wrong answer, partial credit 1/4", fence(WRONG), "wrong_answer", 0.775),
    ("three of four", fence("def add(a, b):\n    return a + b if a < 10 else 0\n"), "wrong_answer", 0.925),
    ("every test raises", fence("def add(a, b):\n    raise ValueError('no')\n"), "runtime_error", 0.5),
    ("syntax error", fence("def add(a, b)\n    return a + b\n"), "syntax_error", 0.0),
    ("import error", fence("import numpy_that_is_not_here\ndef add(a, b):\n    return a + b\n"),
     "import_error", 0.0),
    ("top-level crash is an import error", fence("x = 1 / 0\ndef add(a, b):\n    return a + b\n"),
     "import_error", 0.0),
    ("collection error: wrong name", fence("def plus(a, b):\n    return a + b\n"), "collection_error", 0.0),
    ("no code", "I cannot help with that.", "extraction_error", 0.0),
    ("infinite loop", fence("def add(a, b):\n    while True:\n        pass\n"), "timeout", 0.5),
]


def check_table(verifier, table, task):
    results = verifier.verify_batch([row[1] for row in table], tasks=[task] * len(table))
    wrong = [(name, (r.status, r.reward), (status, reward), r.details)
             for (name, _, status, reward), r in zip(table, results)
             if (r.status, round(r.reward, 6), r.success) != (status, reward, status == "pass")]
    assert wrong == []
    assert all(r.status in STATUSES for r in results)


def test_pytest_outcomes(pytest_verifier):
    check_table(pytest_verifier, OUTCOMES[:-1], PYTEST_TASK)
    with PytestVerifier(timeout=3, max_workers=1) as verifier:
        check_table(verifier, OUTCOMES[-1:], PYTEST_TASK)


def test_pytest_outcomes_in_one_batch_keep_order(pytest_verifier):
    completions = [GOOD, fence(WRONG), fence("def add(a, b)\n")]
    results = pytest_verifier.verify_batch(completions, tasks=[PYTEST_TASK] * 3)
    assert [r.status for r in results] == ["pass", "wrong_answer", "syntax_error"]
    assert results[1].metadata["tests_passed"] == 1 and results[1].metadata["tests_total"] == 4


UNITTEST_OUTCOMES = [
    ("correct", GOOD, "pass", 1.0),
    ("wrong answer", fence(WRONG), "wrong_answer", 0.775),
    ("syntax error", fence("def add(a, b) return a\n"), "syntax_error", 0.0),
    ("import error", fence("from nowhere_module import add\n"), "import_error", 0.0),
    ("collection error", fence("def plus(a, b):\n    return a + b\n"), "collection_error", 0.0),
]


def test_unittest_outcomes(unittest_verifier):
    check_table(unittest_verifier, UNITTEST_OUTCOMES, UNITTEST_TASK)


def test_mbpp_asserts_each_count():
    task = Task(task_id="MBPP/x", prompt="add", language="python", entry_point="add",
                test_code="import math\nassert add(1, 2) == 3\nassert add(0, 0) == 0\nassert add(2, 2) == 4\n")
    with MBPPVerifier(max_workers=1) as verifier:
        good, wrong, crash = verifier.verify_batch(
            [GOOD, fence("def add(a, b):\n    return a * b\n"), fence("def add(a, b):\n    return a.x\n")],
            tasks=[task] * 3)
    assert (good.status, good.reward) == ("pass", 1.0)
    assert (wrong.status, wrong.reward) == ("wrong_answer", pytest.approx(0.9))   # 0*0 and 2*2 pass
    assert (crash.status, crash.reward) == ("runtime_error", 0.5)


def test_python_program_with_stdio_tests():
    task = Task(task_id="py/sum", prompt="sum two numbers", language="python",
                tests=[TestCase(stdin="1 2\n", expected_stdout="3\n"), TestCase(stdin="5 5\n", expected_stdout="10\n")])
    with PytestVerifier(max_workers=1) as verifier:
        good = verifier.verify(fence("a, b = map(int, input().split())\nprint(a + b)\n"), task)
        bad = verifier.verify(fence("print(3)\n"), task)
        broken = verifier.verify(fence("print(3\n"), task)
    assert (good.status, good.reward) == ("pass", 1.0)
    assert (bad.status, bad.reward) == ("wrong_answer", 0.85)
    assert (broken.status, broken.reward) == ("syntax_error", 0.0)


def test_test_code_without_import_gets_the_candidate_names(pytest_verifier):
    task = Task(task_id="py/star", prompt="p", language="python",
                test_code="def test_add():\n    assert add(2, 2) == 4\n")
    assert pytest_verifier.verify(GOOD, task).status == "pass"
    missing = pytest_verifier.verify(fence("def plus(a, b):\n    return a + b\n"), task)
    assert (missing.status, missing.reward) == ("runtime_error", 0.5)   # NameError inside the test


def test_task_without_tests_is_an_input_error():
    from halo_forge.errors import InputError
    with PytestVerifier(max_workers=1) as verifier, pytest.raises(InputError, match="no test_code"):
        verifier.verify(GOOD, Task(task_id="t", prompt="p", language="python"))


# ------------------------------------------------------------------------------------------ reward hacking

FORCE_PASS_CONFTEST = '''
import pytest
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
'''

HACKS_PYTEST = [
    ("os._exit(0) before the tests", "import os\nos._exit(0)\n"),
    ("sys.exit(0) before the tests", "import sys\nsys.exit(0)\n"),
    ("os._exit(0) during a test", "import os\ndef add(a, b):\n    os._exit(0)\n"),
    ("sys.exit(0) during a test", "import sys\ndef add(a, b):\n    sys.exit(0)\n"),
    ("raise SystemExit in every test", "def add(a, b):\n    raise SystemExit(0)\n"),
    ("conftest.py in every reachable directory",
     "import os, sys\nCONF = " + repr(FORCE_PASS_CONFTEST) + "\n"
     "for d in {os.getcwd(), '/tmp', os.path.dirname(sys.argv[0]), os.path.join(os.path.dirname(sys.argv[0]), 'tests'),"
     " os.path.join(os.path.dirname(sys.argv[0]), 'candidate')}:\n"
     "    try:\n        open(os.path.join(d, 'conftest.py'), 'w').write(CONF)\n    except OSError:\n        pass\n"
     + WRONG),
    ("pytest.ini / tox.ini / setup.cfg / pyproject.toml deselecting everything",
     "import os\nfor name, text in [('pytest.ini', '[pytest]\\naddopts = -k nothing_matches\\n'),\n"
     "    ('tox.ini', '[pytest]\\naddopts = -k nothing_matches\\n'), ('setup.cfg', '[tool:pytest]\\naddopts = -k none\\n'),\n"
     "    ('pyproject.toml', '[tool.pytest.ini_options]\\naddopts = \"-k none\"\\n')]:\n"
     "    for d in ('.', '/judge', '/judge/tests', '/tmp'):\n"
     "        try:\n            open(os.path.join(d, name), 'w').write(text)\n        except OSError:\n            pass\n"
     + WRONG),
    ("rewrite the test file",
     "import glob, os\nfor path in glob.glob('/judge/tests/*.py') + glob.glob(os.path.dirname(__file__) + '/../tests/*.py'):\n"
     "    try:\n        open(path, 'w').write('def test_ok():\\n    assert True\\n')\n    except OSError:\n        pass\n"
     + WRONG),
    ("delete the test file",
     "import glob, os\nfor path in glob.glob('/judge/tests/*.py'):\n"
     "    try:\n        os.remove(path)\n    except OSError:\n        pass\n" + WRONG),
    ("monkeypatch pytest's Function.runtest",
     "import _pytest.python\n_pytest.python.Function.runtest = lambda self: None\n" + WRONG),
    ("monkeypatch TestReport to always pass",
     "import _pytest.reports\n_pytest.reports.TestReport.passed = property(lambda self: True)\n"
     "_pytest.reports.TestReport.failed = property(lambda self: False)\n" + WRONG),
    ("monkeypatch pytest's call_and_report",
     "import _pytest.runner\n_orig = _pytest.runner.call_and_report\n"
     "def fake(item, when, log=True, **kw):\n    rep = _orig(item, when, log=False, **kw)\n"
     "    rep.outcome = 'passed'\n    item.ihook.pytest_runtest_logreport(report=rep)\n    return rep\n"
     "_pytest.runner.call_and_report = fake\n" + WRONG),
    ("replace builtins.AssertionError handling via isinstance",
     "import builtins\n_real = builtins.isinstance\nbuiltins.isinstance = lambda o, t: _real(o, t)\n" + WRONG),
    ("PYTEST_ADDOPTS set at import", "import os\nos.environ['PYTEST_ADDOPTS'] = '-k nothing'\n" + WRONG),
    ("pytest_plugins pulled in by the star import", "pytest_plugins = ['evil_plugin']\n" + WRONG),
    ("a hook function exported to the test module",
     "def pytest_runtest_makereport(item, call):\n    return None\n" + WRONG),
    ("print a fake summary and fake verdicts",
     "import sys\nprint('=' * 20 + ' 4 passed in 0.01s ' + '=' * 20)\nprint('HALO_RESULT 4 4')\n"
     "print('HALO_VERDICT 00000000000000000000000000000000 {\"phase\": \"run\", \"tests\": \"PPPP\"}')\n"
     "sys.stdout.flush()\n" + WRONG),
    ("read the nonce file and forge the verdict",
     "import sys, os\ntry:\n    nonce = open(sys.argv[3]).read()\nexcept OSError:\n    nonce = 'unknown'\n"
     "os.write(1, ('\\nHALO_VERDICT %s {\"phase\": \"run\", \"tests\": \"PPPP\"}\\n' % nonce).encode())\n"
     "os._exit(0)\n"),
    ("forge a verdict from inside a test, then exit",
     "import os, sys\ndef add(a, b):\n    os.write(1, b'\\nHALO_VERDICT x {\"phase\": \"run\", \"tests\": \"PPPP\"}\\n')\n    os._exit(0)\n"),
    ("pytest.skip inside the function", "import pytest\ndef add(a, b):\n    pytest.skip('later')\n"),
    ("pytest.xfail inside the function", "import pytest\ndef add(a, b):\n    pytest.xfail('later')\n"),
    ("register a plugin during a test",
     "import gc\ndef add(a, b):\n    import _pytest.config\n"
     "    for obj in gc.get_objects():\n        if isinstance(obj, _pytest.config.Config):\n"
     "            class P:\n                def pytest_runtest_logreport(self, report):\n"
     "                    report.outcome = 'passed'\n"
     "            obj.pluginmanager.register(P(), 'evil')\n            break\n    return a - b\n"),
    ("install an import hook that rewrites the tests",
     "import sys\nclass Finder:\n    def find_spec(self, name, path=None, target=None):\n        return None\n"
     "sys.meta_path.insert(0, Finder())\n" + WRONG),
]


def passed_hacks(verifier, hacks, task):
    """The hacking attempts that came out as a pass (run as one parallel batch: it is a long table)."""
    results = verifier.verify_batch([fence(code) for _, code in hacks], tasks=[task] * len(hacks))
    return [(name, r.status, r.reward, r.details) for (name, _), r in zip(hacks, results)
            if r.success or r.status == "pass" or r.reward >= 1.0]


def test_pytest_reward_hacking_is_never_a_pass(pytest_verifier):
    assert passed_hacks(pytest_verifier, HACKS_PYTEST, PYTEST_TASK) == []


HACKS_UNITTEST = [
    ("os._exit(0) before the tests", "import os\nos._exit(0)\n"),
    ("sys.exit(0) during a test", "import sys\ndef add(a, b):\n    sys.exit(0)\n"),
    ("TestCase.run replaced by a no-op", "import unittest\nunittest.TestCase.run = lambda self, result=None: result\n"
     + WRONG),
    ("assertEqual replaced", "import unittest\nunittest.TestCase.assertEqual = lambda self, a, b, msg=None: None\n"
     + WRONG),
    ("failures reported as successes",
     "import unittest\nunittest.TestResult.addFailure = unittest.TestResult.addSuccess\n" + WRONG),
    ("TestSuite.run skips everything", "import unittest\nunittest.TestSuite.run = lambda self, r, debug=False: r\n"
     + WRONG),
    ("print a fake OK", "print('Ran 4 tests in 0.001s\\n\\nOK')\n" + WRONG),
    ("rewrite the test file",
     "import glob\nfor path in glob.glob('/judge/tests/*.py'):\n    try:\n"
     "        open(path, 'w').write('import unittest\\nclass T(unittest.TestCase):\\n    def test_ok(self): pass\\n')\n"
     "    except OSError:\n        pass\n" + WRONG),
    ("skipTest inside the function",
     "import unittest\ndef add(a, b):\n    raise unittest.SkipTest('later')\n"),
]


def test_unittest_reward_hacking_is_never_a_pass(unittest_verifier):
    assert passed_hacks(unittest_verifier, HACKS_UNITTEST, UNITTEST_TASK) == []


def test_exit_zero_without_a_verdict_is_tampering_and_a_crash_is_not(pytest_verifier):
    exited = pytest_verifier.verify(fence("import os\nos._exit(0)\n"), PYTEST_TASK)
    assert (exited.status, exited.reward) == ("tampering", 0.0), exited.details
    crashed = pytest_verifier.verify(fence("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n"), PYTEST_TASK)
    assert (crashed.status, crashed.reward) == ("runtime_error", 0.5), crashed.details


def test_patching_internals_changes_nothing(pytest_verifier, unittest_verifier):
    """The candidate's process holds no test framework of the judge's: patching its own copy leaves the
    wrong solution with exactly its honest reward (1 of 4 tests)."""
    patched = pytest_verifier.verify(fence(HACKS_PYTEST[9][1]), PYTEST_TASK)
    assert (patched.status, patched.reward) == ("wrong_answer", 0.775), patched.details
    patched = unittest_verifier.verify(fence(HACKS_UNITTEST[2][1]), UNITTEST_TASK)
    assert (patched.status, patched.reward) == ("wrong_answer", 0.775), patched.details


def test_hacks_would_work_without_the_defences(tmp_path):
    """The conftest and the Function.runtest patch really turn plain pytest green: the table is not vacuous."""
    import subprocess
    import sys
    (tmp_path / "solution.py").write_text("import _pytest.python\n_pytest.python.Function.runtest = "
                                          "lambda self: None\n" + WRONG)
    (tmp_path / "test_solution.py").write_text("from solution import *\n" + PYTEST_TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # config discovery stops here, not in /tmp or /
    plain = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path,
                           env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": "/usr/bin:/bin"})
    assert plain.returncode == 0 and "4 passed" in plain.stdout
    (tmp_path / "solution.py").write_text(WRONG)
    (tmp_path / "conftest.py").write_text(FORCE_PASS_CONFTEST)
    plain = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                           capture_output=True, text=True, cwd=tmp_path,
                           env={"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": "/usr/bin:/bin"})
    assert plain.returncode == 0 and "4 passed" in plain.stdout
