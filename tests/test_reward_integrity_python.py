"""Reward integrity of the Python judges and denial of service, tried as an attacker would: through the public
API exactly as training calls it (``verify_batch`` with tasks), each attack asserting its exact status and
reward. The compiled languages' table is tests/test_reward_integrity.py."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from halo_forge.rlvr.verifiers import HumanEvalVerifier, MBPPVerifier, PytestVerifier, UnittestVerifier
from halo_forge.tasks import Task

pytestmark = pytest.mark.skipif(shutil.which("python3") is None or shutil.which("pytest-3") is None,
                                reason="needs the system python3 and python3-pytest (scripts/system-packages.txt)")

ADD_TESTS = "from solution import add\n\n" + "".join(
    f"def test_{i}():\n    assert add({a}, {b}) == {a + b}\n\n" for i, (a, b) in enumerate([(1, 2), (0, 0), (-1, -1), (5, 6)]))
UNITTEST_ADD = ("import unittest\nfrom solution import add\n\nclass AddTest(unittest.TestCase):\n" + "".join(
    f"    def test_{i}(self):\n        self.assertEqual(add({a}, {b}), {a + b})\n\n"
    for i, (a, b) in enumerate([(1, 2), (0, 0), (-1, -1), (5, 6)])))
SHADOW_TESTS = """from solution import *

def test_sorted():
    assert sorted(items()) == [1, 2, 3]

def test_abs():
    assert abs(delta()) == 5

def test_set():
    assert set(items()) == {1, 2, 3}
"""
TASKS = {
    "add": Task(task_id="py/add", prompt="add", language="python", test_code=ADD_TESTS),
    "add-ut": Task(task_id="py/add-ut", prompt="add", language="python", test_code=UNITTEST_ADD),
    "shadow": Task(task_id="py/shadow", prompt="items, delta", language="python", test_code=SHADOW_TESTS),
    "mbpp-add": Task(task_id="MBPP/add", prompt="add", language="python", entry_point="add",
                     test_code="assert add(1, 2) == 3\nassert add(0, 0) == 0\nassert add(2, 2) == 4\n"),
    "mbpp-unique": Task(task_id="MBPP/unique", prompt="unique", language="python", entry_point="unique",
                        test_code="assert sorted(unique([3, 1, 3])) == [1, 3]\nassert len(unique([2, 2])) == 1\n"),
    "mbpp-greet": Task(task_id="MBPP/greet", prompt="greet", language="python", entry_point="greet",
                       test_code="assert greet('a') == 'hi a'\nassert greet('b') == 'hi b'\n"),
}
VERIFIERS = {"pytest": PytestVerifier, "unittest": UnittestVerifier, "mbpp": MBPPVerifier,
             "humaneval": HumanEvalVerifier}

WRONG = "def add(a, b):\n    return a - b\n"          # passes 1 of the 4 add tests: 0.775
GOOD = "def add(a, b):\n    return a + b\n"
FORGE = "os.write(1, ('\\nHALO_VERDICT %s {\"phase\": \"run\", \"tests\": \"PPPP\"}\\n' % NAME).encode())\n"


def fence(code: str) -> str:
    return f"```python\n{code}```"


def fill(path: str) -> str:
    """Code that writes 32 MiB files into ``path`` until the file system is full (ENOSPC), then goes on; any
    other outcome (read-only, no limit) ends its import with an error."""
    return ("import os\nfor i in range(64):\n    try:\n"
            f"        with open('{path}/fill%d' % i, 'wb') as f:\n"
            "            for _ in range(32):\n                f.write(b'x' * (1 << 20))\n"
            "    except OSError as exc:\n        if exc.errno != 28:\n            raise\n        break\n"
            "else:\n    raise SystemExit('never full')\n")


ALWAYS_EQUAL = ("    class Same:\n        def __eq__(self, other):\n            return True\n"
                "        def __ne__(self, other):\n            return False\n        __hash__ = object.__hash__\n"
                "    return Same()\n")

# (id, verifier, task, completion, expected status, expected reward)
ATTACKS = [
    # --- forging the verdict
    ("frame-walk-for-the-nonce", "pytest", "add",
     "import sys, os, gc\ndef add(a, b):\n    found = 'none'\n    frame = sys._getframe()\n"
     "    while frame is not None:\n        found = frame.f_locals.get('nonce', found)\n        frame = frame.f_back\n"
     "    for obj in gc.get_objects():\n        if type(obj) is dict and isinstance(obj.get('nonce'), str):\n"
     "            found = obj['nonce']\n    " + FORGE.replace("NAME", "found") + "    os._exit(0)\n",
     "runtime_error", 0.5),
    ("nonce-file-then-exit-0", "pytest", "add",
     "import glob, os\nfor p in glob.glob('/work/.halo-nonce-*') + glob.glob('/proc/*/cwd/.halo-nonce-*'):\n"
     "    try:\n        n = open(p).read()\n    except OSError:\n        continue\n    " + FORGE.replace("NAME", "n")
     + "os._exit(0)\n", "tampering", 0.0),
    ("fake-summary-and-verdict-in-output", "mbpp", "mbpp-add",
     "def add(a, b):\n    print('HALO_VERDICT 0000 {\"phase\": \"run\", \"tests\": \"PPP\"}\\n3 passed')\n"
     "    return -1\n", "wrong_answer", 0.7),
    # --- replacing the judge's modules
    ("replace-sys-modules-pytest", "pytest", "add",
     "import sys, types\nfake = types.ModuleType('pytest')\nfake.main = lambda *a, **k: 0\n"
     "sys.modules['pytest'] = fake\nsys.modules['_pytest'] = fake\n" + WRONG, "wrong_answer", 0.775),
    ("replace-sys-modules-unittest", "unittest", "add-ut",
     "import sys, types\nfake = types.ModuleType('unittest')\nclass TestCase:\n"
     "    def assertEqual(self, *a, **k):\n        pass\nfake.TestCase = TestCase\nsys.modules['unittest'] = fake\n"
     + WRONG, "wrong_answer", 0.775),
    ("patch-pytest-internals", "pytest", "add",
     "import _pytest.python\n_pytest.python.Function.runtest = lambda self: None\n" + WRONG, "wrong_answer", 0.775),
    ("patch-builtins-module", "mbpp", "mbpp-add",
     "import builtins\nbuiltins.AssertionError = type('X', (BaseException,), {})\n"
     "builtins.isinstance = lambda *a: True\ndef add(a, b):\n    return -1\n", "wrong_answer", 0.7),
    # --- shadowing builtins through ``from solution import *``
    ("shadow-sorted-abs-set-pytest", "pytest", "shadow",
     "def sorted(x, **k):\n    return [1, 2, 3]\ndef abs(x):\n    return 5\ndef set(x=()):\n    return {1, 2, 3}\n"
     "def items():\n    return []\ndef delta():\n    return 0\n", "wrong_answer", 0.7),
    ("shadow-sorted-len-mbpp", "mbpp", "mbpp-unique",
     "def sorted(x):\n    return [1, 3]\ndef len(x):\n    return 1\ndef unique(xs):\n    return []\n",
     "wrong_answer", 0.7),
    ("shadow-abs-humaneval", "humaneval", "HumanEval/2",          # check: abs(candidate(3.5) - 0.5) < 1e-6
     "def abs(x):\n    return 0\ndef truncate_number(number):\n    return 0.0\n", "wrong_answer", 0.7),
    # --- objects that compare equal to anything
    ("always-equal-humaneval", "humaneval", "HumanEval/0", ALWAYS_EQUAL, "wrong_answer", 0.7),
    ("str-subclass-equal", "mbpp", "mbpp-greet",
     "class S(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n"
     "def greet(name):\n    return S('nope')\n", "wrong_answer", 0.7),
    ("int-subclass-equal", "mbpp", "mbpp-add",
     "class I(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n"
     "def add(a, b):\n    return I(-1)\n", "wrong_answer", 0.7),
    # --- reading the tests
    ("read-mbpp-tests-file", "mbpp", "mbpp-add",
     "import glob, re\ndef add(a, b):\n"
     "    for p in glob.glob('/judge/tests/*.py') + glob.glob('/proc/*/root/judge/tests/*.py') + "
     "glob.glob('/**/tests.py', recursive=False) + glob.glob('/tmp/**/*.py', recursive=True):\n"
     "        try:\n            m = re.search(r'add\\(%d, %d\\) == (\\d+)' % (a, b), open(p).read())\n"
     "        except OSError:\n            continue\n        if m:\n            return int(m.group(1))\n"
     "    return -1\n", "wrong_answer", 0.7),
    ("inspect-caller-for-expected", "humaneval", "HumanEval/0",
     "    import sys\n    frame = sys._getframe(1)\n    return frame.f_locals.get('expected', 'x')\n",
     "wrong_answer", 0.7),
    # --- inflating the test count or hooking the framework
    ("exit-0-inside-check", "humaneval", "HumanEval/2", "    import os\n    os._exit(0)\n", "runtime_error", 0.5),
    ("extra-test-functions-exported", "pytest", "add",
     "".join(f"def test_free_{i}():\n    pass\n" for i in range(6)) + WRONG, "wrong_answer", 0.775),
    ("pytest-hook-exported", "pytest", "add",
     "def pytest_runtest_makereport(item, call):\n    return None\npytest_plugins = []\n" + WRONG,
     "wrong_answer", 0.775),
    ("testcase-subclass-exported", "unittest", "add-ut",
     "import unittest\nclass TestFree(unittest.TestCase):\n" + "".join(
         f"    def test_{i}(self):\n        pass\n" for i in range(6)) + WRONG, "wrong_answer", 0.775),
    ("load-tests-hook", "unittest", "add-ut",
     "import unittest\ndef load_tests(loader, tests, pattern):\n    return unittest.TestSuite()\n" + WRONG,
     "wrong_answer", 0.775),
    ("sys-exit-in-every-call", "unittest", "add-ut", "import sys\ndef add(a, b):\n    sys.exit(0)\n",
     "runtime_error", 0.5),
    # --- denial of service: each is this sample's own result, the run goes on
    ("huge-int-answer", "mbpp", "mbpp-add", "def add(a, b):\n    return 10 ** 5000\n", "wrong_answer", 0.7),
    ("self-referencing-list", "mbpp", "mbpp-add", "def add(a, b):\n    x = []\n    x.append(x)\n    return x\n",
     "runtime_error", 0.5),
    ("output-flood", "mbpp", "mbpp-add", "def add(a, b):\n    print('y' * (10 << 20))\n    return a + b\n",
     "pass", 1.0),
    ("deep-directory-tree", "pytest", "add",
     "import os\nfor _ in range(1500):\n    os.mkdir('d')\n    os.chdir('d')\nos.chdir('/work')\n" + GOOD,
     "pass", 1.0),
    ("fill-tmp", "pytest", "add", fill("/tmp") + GOOD, "pass", 1.0),
    ("fill-dev-shm", "pytest", "add", fill("/dev/shm") + GOOD, "pass", 1.0),
    ("fill-work-dir", "pytest", "add", fill("/work") + GOOD, "pass", 1.0),
    ("write-outside-the-quotas", "pytest", "add",
     "for p in ('/x', '/dev/x', '/usr/x', '/etc/x'):\n    try:\n        open(p, 'w').write('x')\n"
     "        raise SystemExit('wrote ' + p)\n    except OSError:\n        pass\n" + GOOD, "pass", 1.0),
]


@pytest.fixture(scope="module")
def humaneval():
    from halo_forge.data.humaneval import load_humaneval
    return {t.task_id: t for t in load_humaneval()}


def test_attack_table(humaneval):
    """Every attack gets exactly its honest reward; one batch per verifier, as training runs them."""
    assert len(ATTACKS) >= 18 and len({row[0] for row in ATTACKS}) == len(ATTACKS)
    tasks = {**TASKS, **humaneval}
    wrong = []
    for kind, verifier_class in VERIFIERS.items():
        rows = [row for row in ATTACKS if row[1] == kind]
        with verifier_class(timeout=30, max_workers=2, cache=False) as verifier:
            results = verifier.verify_batch([f"```python\n{r[3]}```" if kind != "humaneval" else r[3] for r in rows],
                                            tasks=[tasks[r[2]] for r in rows])
        wrong += [(r[0], (res.status, res.reward), (r[4], r[5]), res.details) for r, res in zip(rows, results)
                  if (res.status, round(res.reward, 6), res.success) != (r[4], r[5], r[4] == "pass")]
    assert wrong == []


def test_the_always_equal_body_passes_no_humaneval_problem(humaneval):
    """The body that passed 157 of 164 HumanEval problems before passes none (each check fails on its first
    comparison: a wrong answer, 0.7)."""
    tasks = list(humaneval.values())
    with HumanEvalVerifier(timeout=30, max_workers=2, cache=False) as verifier:
        results = verifier.verify_batch([ALWAYS_EQUAL] * len(tasks), tasks=tasks)
    assert [t.task_id for t, r in zip(tasks, results) if r.success or r.reward >= 1.0] == []
    assert {r.status for r in results} <= {"wrong_answer", "runtime_error"}


def test_the_table_is_not_vacuous(humaneval):
    """The honest solutions of the attacked tasks pass: a failure above is the attack's, not the task's."""
    honest = [("pytest", "shadow", "def items():\n    return [3, 1, 2]\ndef delta():\n    return -5\n"),
              ("mbpp", "mbpp-unique", "def unique(xs):\n    return list(set(xs))\n"),
              ("mbpp", "mbpp-greet", "def greet(name):\n    return 'hi ' + name\n"),
              ("mbpp", "mbpp-add", GOOD), ("unittest", "add-ut", GOOD)]
    for kind, task, code in honest:
        with VERIFIERS[kind](max_workers=1, cache=False) as verifier:
            result = verifier.verify(f"```python\n{code}```", TASKS[task])
        assert (result.status, result.reward) == ("pass", 1.0), (task, result.details)


def test_classes_exceptions_and_in_place_changes_cross_the_wire():
    """Handles keep class-based, exception and mutation tests working under the value-only judge."""
    tests = """import pytest
from solution import *

def test_stack():
    s = Stack()
    s.push(3)
    s.push(4)
    assert s.pop() == 4 and len(s) == 1 and isinstance(s, Stack) and list(iter(s)) == [3]

def test_raises():
    with pytest.raises(ValueError, match="negative"):
        root(-1)
    with pytest.raises(Empty):
        Stack().pop()

def test_in_place():
    xs = [3, 1, 2]
    sort_in_place(xs)
    assert xs == [1, 2, 3]

def test_generator_and_types():
    assert list(count_to(3)) == [1, 2, 3]
    assert pair() == (1, 2) and type(pair()) is tuple and squares() == {1: 1, 2: 4}
    assert LIMIT == 10 and big() == 2 ** 20000

def test_value_types():
    from decimal import Decimal
    from fractions import Fraction
    assert numbers() == (2 + 3j, Fraction(1, 3), Decimal("0.1"), float("inf")) and stamp() != stamp()
"""
    code = """class Empty(Exception):
    pass
class Stack:
    def __init__(self):
        self.items = []
    def push(self, x):
        self.items.append(x)
    def pop(self):
        if not self.items:
            raise Empty("empty")
        return self.items.pop()
    def __len__(self):
        return len(self.items)
    def __iter__(self):
        return iter(self.items)
def root(x):
    if x < 0:
        raise ValueError("negative input")
    return x ** 0.5
def sort_in_place(xs):
    xs.sort()
def count_to(n):
    yield from range(1, n + 1)
from collections import namedtuple
def pair():
    return namedtuple("P", "a b")(1, 2)
def squares():
    return {i: i * i for i in (1, 2)}
LIMIT = 10
def big():
    return 2 ** 20000
def numbers():
    from decimal import Decimal
    from fractions import Fraction
    return complex(2, 3), Fraction(1, 3), Decimal("0.1"), float("inf")
def stamp():
    import datetime
    return datetime.date(2020, 1, 1)   # not a value type here: a handle, equal only to itself
"""
    task = Task(task_id="py/classes", prompt="p", language="python", test_code=tests)
    with PytestVerifier(max_workers=1, cache=False) as verifier:
        result = verifier.verify(f"```python\n{code}```", task)
    assert (result.status, result.reward) == ("pass", 1.0), result.details


# ------------------------------------------------------------------------------------ denial of service

@pytest.fixture
def private_tmp(monkeypatch):
    """A temp dir of the workers' own (TMPDIR), traversable by the sandbox uid, to check it ends empty."""
    path = Path(tempfile.mkdtemp(prefix="halo-integrity-", dir="/tmp"))
    path.chmod(0o755)
    monkeypatch.setenv("TMPDIR", str(path))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_a_full_tmp_costs_the_sample_not_the_worker_and_leaves_nothing(private_tmp):
    task = TASKS["add"]
    with PytestVerifier(max_workers=1, cache=False) as verifier:
        first = verifier.verify_batch([fence(GOOD)], tasks=[task])
        worker = verifier._pool._idle[0].proc
        results = verifier.verify_batch([
            fence(fill("/tmp") + GOOD),                                   # ENOSPC at 256 MiB, then passes
            fence(fill("/tmp") + fill("/dev/shm") + fill("/work") + GOOD),  # 3 x 256 MiB > its 512 MiB of memory
            fence("with open('/tmp/x', 'wb') as f:\n    f.write(b'x' * (300 << 20))\n"),   # one file > 64 MiB
            fence(WRONG)], tasks=[task] * 4)
        assert verifier._pool._idle[0].proc is worker and worker.poll() is None      # the same worker lives
    assert first[0].status == "pass"
    assert [(r.status, r.reward) for r in results] == [
        ("pass", 1.0), ("runtime_error", 0.5), ("import_error", 0.0), ("wrong_answer", 0.775)], [
        r.details for r in results]
    assert list(private_tmp.iterdir()) == []                          # nothing left on the host's disk


def test_remove_tree_handles_depth_and_locked_directories(tmp_path):
    from halo_forge.sandbox_limits import remove_tree
    top = tmp_path / "tree"
    top.mkdir()
    here = os.getcwd()
    try:
        os.chdir(top)
        for _ in range(3000):          # 6000 characters deep: beyond PATH_MAX and the recursion limit
            os.mkdir("d")
            os.chdir("d")
            Path("f").write_text("x")
        os.chmod(".", 0)
    finally:
        os.chdir(here)
    with pytest.raises(RecursionError):
        shutil.rmtree(top)             # what the sandbox used before
    remove_tree(top)
    assert not top.exists()


RAISING_MODULE = '''
from halo_forge.rlvr.verifiers.base import VerifyResult
from halo_forge.rlvr.verifiers.compile import GCCVerifier
from halo_forge.rlvr.verifiers.python_tests import PytestVerifier


class RaisingPytest(PytestVerifier):
    def check(self, code, task):
        if "BOOM" in code:
            raise RecursionError("maximum recursion depth exceeded (a 1500-deep tree)")
        if "HUGE" in code:
            return VerifyResult(True, 1.0, "ok", metadata={"line": 10 ** 5000})
        if "INPUT" in code:
            from halo_forge.errors import InputError
            raise InputError("task x: no tests")
        return super().check(code, task)


class RaisingGCC(GCCVerifier):
    def check(self, code, task):
        if task is not None and task.task_id == "print-1":
            raise RecursionError("maximum recursion depth exceeded (a 1500-deep tree)")
        return super().check(code, task)
'''


@pytest.fixture
def raising_module(tmp_path, monkeypatch):
    (tmp_path / "raising_verifier.py").write_text(RAISING_MODULE)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def test_a_sample_that_breaks_the_verifier_is_its_own_verifier_error(raising_module):
    from halo_forge.errors import InputError
    from raising_verifier import RaisingPytest
    with RaisingPytest(max_workers=2) as verifier:
        results = verifier.verify_batch([fence(GOOD), fence("# BOOM\n" + GOOD), fence("# HUGE\n" + GOOD),
                                         fence(WRONG)], tasks=[TASKS["add"]] * 4)
        assert [(r.status, r.reward, r.success) for r in results] == [
            ("pass", 1.0, True), ("verifier_error", 0.0, False), ("verifier_error", 0.0, False),
            ("wrong_answer", 0.775, False)]
        assert "RecursionError" in results[1].details and "limit" in results[2].details
        assert len(verifier.cache) == 2                                  # verifier errors are not cached
        with pytest.raises(InputError, match="no tests"):                # bad input is still the caller's
            verifier.verify(fence("# INPUT\n" + GOOD), TASKS["add"])


def test_odd_verdicts_are_read_safely():
    from halo_forge import sandbox
    from halo_forge.rlvr.verifiers.python_tests import grade, read_verdict
    done = sandbox.RunResult(returncode=0, stdout="", stderr="", duration=0.1)
    for line in ['{"phase": ["run"], "tests": {"P": 1}, "error": [1], "died": "yes"}',
                 '{"phase": "run", "tests": "P", "x": ' + "9" * 5000 + "}", '["PPPP"]', "{" * 100000]:
        verdict, count = read_verdict(f"HALO_VERDICT n {line}\n", "n")
        status, reward, _, _ = grade(verdict, count, done, None)
        assert reward < 1.0 and status.value != "pass"


@pytest.mark.timeout(600)
def test_raft_cycle_with_a_raising_sample_finishes_and_resumes(raising_module, tmp_path):
    """A real RAFT cycle (tiny model, gcc) where every sample of one task makes the verifier raise: the
    cycle finishes with those samples as verifier_error; killed after verifying and resumed, it ends."""
    import yaml
    from raft_fixtures import build_model_dir, raft_yaml, write_tasks
    model = build_model_dir(tmp_path / "model", steps=30)
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=3, heldout=1)
    config = raft_yaml(tmp_path / "raft.yaml", model, tasks, tmp_path / "run", num_cycles=1, samples_per_prompt=2,
                       eval_samples=1, eval_baseline=False, verify_chunk=2)
    data = yaml.safe_load(config.read_text())
    data["verifier"]["type"] = "raising_verifier:RaisingGCC"
    config.write_text(yaml.safe_dump(data))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    argv = [sys.executable, "-m", "halo_forge", "raft", "train", "--config", str(config)]
    verified = tmp_path / "run" / "cycle_1" / "verified.jsonl"

    def rows():
        return [json.loads(x) for x in verified.read_text().splitlines() if x.endswith("}")] if verified.exists() else []

    with open(tmp_path / "log", "w") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        deadline = time.monotonic() + 400
        while proc.poll() is None and time.monotonic() < deadline and not any(
                r["status"] == "verifier_error" for r in rows()):
            time.sleep(0.02)
        killed = proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert killed, (tmp_path / "log").read_text()[-3000:]
        proc = subprocess.run(argv, stdout=log, stderr=subprocess.STDOUT, env=env, timeout=500)
    assert proc.returncode == 0, (tmp_path / "log").read_text()[-3000:]
    statuses = {(r["task_id"], r["status"]) for r in rows()}
    assert ("print-1", "verifier_error") in statuses
    assert all(status != "verifier_error" for task, status in statuses if task != "print-1")
    assert len(rows()) == len({(r["task_id"], r["sample_index"]) for r in rows()}) == 6
    assert (tmp_path / "run" / "cycle_1" / "stats.json").exists()
