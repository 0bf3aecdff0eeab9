"""The judge of the Python test verifiers, run in its own sandbox as ``python3 runner.py MODE JUDGE NONCE_FILE
FD [ENTRY_POINT]``; it never imports the candidate. ``MODE``: ``pytest``, ``unittest`` or ``asserts``
(HumanEval / MBPP: every top-level ``assert`` or call of the test code is one test, the rest is set-up).
``JUDGE`` holds ``tests/``, ``wire.py`` and ``pytest.ini``; ``FD`` is a Unix socket to the candidate
server (:mod:`halo_forge.rlvr.verifiers.python_wire`), which runs in a second sandbox without any of it.

Module ``solution`` here is a proxy: each function or class the candidate defines is a stub that sends
the call's arguments to the candidate process and returns the decoded result — plain data, or a handle
for an object that stays there (methods, iteration, ``len`` and indexing are forwarded; equality and
hashing are the judge's own, by identity). Exceptions come back as the same built-in class (or as a
class of the same name built here for the candidate's own exception classes); ``SystemExit`` and other
non-``Exception`` throwables come back as ``RuntimeError``. Names that would shadow a builtin, and
test-framework names (``test*``, ``pytest_*``, ``setup_module`` ...), are not exported by ``import *``.

Phases, each reported as the verdict's ``phase`` when it stops the run: ``syntax``, ``import`` (with
``died`` when the candidate process ended without a report), ``collect`` and ``run`` (``tests`` lists
one outcome per test: P pass, F assertion failure, E error, S skipped/xfail — only P counts). The
verdict is the single line ``HALO_VERDICT <nonce> <json>``; the nonce was read from a file deleted at
start-up. Nothing of the candidate runs in this process, so there is nothing here for it to patch.
"""

import builtins
import os
import sys

import _ast  # the C module behind ast: statement splitting without importing ast.py (and enum, re ...)

_MESSAGE_LIMIT = 600
_ONLY_AST = 0x400              # ast.PyCF_ONLY_AST
_NOT_EXPORTED = {"setup_module", "teardown_module", "setup_function", "teardown_function", "setup", "teardown",
                 "setUpModule", "tearDownModule", "load_tests", "unittest", "pytest"}
_OUTPUT_BUDGET = [1 << 18]      # forwarded candidate output, in characters, over the whole run


def _message(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    return text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT] + "..."


class CandidateGone(RuntimeError):
    """The candidate process died or broke the protocol: every later call fails too."""


class Remote:
    """The connection to the candidate server."""

    def __init__(self, fd, wire):
        self.fd, self.wire, self.gone, self.exceptions = fd, wire, None, {}

    def request(self, op, target, args=(), kwargs=None):
        wire = self.wire
        if self.gone:
            raise CandidateGone(self.gone)
        message = {"op": op, "target": target, "args": [wire.encode(a, _reference) for a in args],
                   "kwargs": {str(k): wire.encode(v, _reference) for k, v in (kwargs or {}).items()}}
        try:
            wire.send(self.fd, message)
            reply = wire.receive(self.fd)
            if type(reply) is not dict or ("ok" in reply) == ("raise" in reply):
                raise wire.WireError("malformed reply")
            for key, stream in (("out", sys.stdout), ("err", sys.stderr)):
                text = reply.get(key)
                if type(text) is str and text and _OUTPUT_BUDGET[0] > 0:
                    stream.write(text[:_OUTPUT_BUDGET[0]])
                    _OUTPUT_BUDGET[0] -= len(text)
            if "raise" in reply:
                error = self.exception(reply["raise"])
            else:
                error, value = None, wire.decode(reply["ok"], self.resolve)
                after = reply.get("after")
                if type(after) is list and len(after) == len(args):
                    for original, changed in zip(args, after):
                        if changed is not None and type(original) in (list, dict, set):
                            _update(original, wire.decode(changed, self.resolve))
        except (EOFError, OSError) as exc:
            self.gone = "the candidate process ended (%s)" % type(exc).__name__
            raise CandidateGone(self.gone) from None
        except (wire.WireError, RecursionError, ValueError, TypeError, KeyError) as exc:
            if isinstance(exc, wire.WireError) and "not plain data" in str(exc):
                raise TypeError("argument is not plain data: %s" % exc) from None
            self.gone = "the candidate broke the protocol: %s" % _message(exc)
            raise CandidateGone(self.gone) from None
        if error is not None:
            raise error
        return value

    def resolve(self, tag, payload):
        return Handle(self, {tag: payload})

    def exception(self, info):
        mro = info.get("mro") if type(info) is dict else None
        message = info.get("msg") if type(info) is dict and type(info.get("msg")) is str else ""
        names = [n for n in mro if type(n) is str] if type(mro) is list else []
        for name in names:
            if name in self.exceptions:
                return self.exceptions[name](message)
            cls = getattr(builtins, name, None)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                if not issubclass(cls, Exception):
                    return RuntimeError("the candidate raised %s" % message)
                return cls(message)
        return RuntimeError("the candidate raised %s" % message)


def _update(original, changed):
    if type(original) is not type(changed):
        return
    if type(original) is list:
        original[:] = changed
    else:
        original.clear()
        original.update(changed)


def _reference(obj):
    return obj._target if isinstance(obj, (Handle, Stub)) else None


class Handle:
    """An object that lives in the candidate process. Equality and hashing stay the judge's (identity)."""

    __slots__ = ("_remote", "_target")

    def __init__(self, remote, target):
        object.__setattr__(self, "_remote", remote)
        object.__setattr__(self, "_target", target)

    def _ask(self, op, *args, **kwargs):
        return self._remote.request(op, self._target, args, kwargs)

    def __getattr__(self, name):
        if name.startswith("_"):      # framework probes (__test__, _pytestfixturefunction): not forwarded
            raise AttributeError(name)
        return self._ask("getattr", name)

    def __setattr__(self, name, value):
        self._ask("setattr", name, value)

    def __call__(self, *args, **kwargs):
        return self._ask("call", *args, **kwargs)

    def __iter__(self):
        return self._ask("iter")

    def __next__(self):
        return self._ask("next")

    def __len__(self):
        return self._ask("len")

    def __getitem__(self, key):
        return self._ask("getitem", key)

    def __setitem__(self, key, value):
        self._ask("setitem", key, value)

    def __contains__(self, item):
        return self._ask("contains", item)

    def __bool__(self):
        return self._ask("bool") is True

    def __str__(self):
        return str(self._ask("str"))

    def __repr__(self):
        return str(self._ask("repr"))


class Stub(Handle):
    """A function or class of the candidate module, by name; ``isinstance(x, Stub)`` asks the candidate."""

    __slots__ = ()

    def __instancecheck__(self, obj):
        return isinstance(obj, Handle) and obj._remote.request("isinstance", obj._target, (self,)) is True


def _exportable(name, entry_point):
    if name == entry_point:
        return True
    return not (name.startswith(("_", "test", "Test", "pytest")) or name in _NOT_EXPORTED
                or hasattr(builtins, name))


def connect(fd, wire, entry_point):
    """The proxy module ``solution``, or a failure verdict."""
    remote = Remote(fd, wire)
    try:
        report = wire.receive(fd)
    except (EOFError, OSError):
        return None, {"phase": "import", "died": True,
                      "error": "the candidate process ended before it was imported"}
    except wire.WireError as exc:
        return None, {"phase": "import", "error": _message(exc)}
    phase = report.get("phase") if type(report) is dict else None
    if phase in ("syntax", "import"):
        return None, {"phase": phase, "error": str(report.get("error"))[:_MESSAGE_LIMIT]}
    names = report.get("names") if phase == "ready" else None
    if type(names) is not dict:
        return None, {"phase": "import", "error": "malformed report from the candidate process"}
    module = type(sys)("solution")
    exported = []
    for name, info in names.items():
        kind = info.get("kind") if type(info) is dict else None
        if type(name) is not str or not name.isidentifier():
            continue
        if kind == "exception" and type(info.get("mro")) is list:
            bases = [getattr(builtins, n) for n in info["mro"] if type(n) is str and
                     isinstance(getattr(builtins, n, None), type) and issubclass(getattr(builtins, n), Exception)]
            value = remote.exceptions[name] = type(name, (bases[0] if bases else Exception,), {})
        elif kind == "data":
            try:
                value = wire.decode(info.get("value"), remote.resolve)
            except (wire.WireError, ValueError, RecursionError):
                continue
        elif kind in ("callable", "object"):
            value = (Stub if kind == "callable" else Handle)(remote, {"n": name})
        else:
            continue
        setattr(module, name, value)
        if _exportable(name, entry_point):
            exported.append(name)
    module.__all__ = exported
    module.__halo_kinds__ = {n: (i.get("kind") if type(i) is dict else None) for n, i in names.items()}
    sys.modules["solution"] = module
    return module, None


# ------------------------------------------------------------------------------------------------ asserts

def _run_asserts(module, test_path, entry_point):
    """HumanEval / MBPP: set-up statements, then every top-level assert or call is one test."""
    if entry_point and module.__halo_kinds__.get(entry_point) != "callable":
        return {"phase": "collect", "error": "the candidate defines no function %r" % entry_point}
    with open(test_path, encoding="utf-8") as handle:
        source = handle.read()
    try:
        tree = compile(source, "tests.py", "exec", _ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        return {"phase": "collect", "error": "test code: " + _message(exc)}
    namespace = {"__name__": "__halo_tests__", "__builtins__": builtins}
    namespace.update({name: getattr(module, name) for name in module.__all__})
    outcomes, first_error = [], None
    for statement in tree.body:
        is_test = isinstance(statement, (_ast.Assert, _ast.Expr))
        code = compile(_ast.Module(body=[statement], type_ignores=[]), "tests.py", "exec", dont_inherit=True)
        try:
            exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 - a test's failure, whatever it raised
            if not is_test:
                return {"phase": "collect", "error": "test set-up failed: " + _message(exc)}
            outcomes.append("F" if isinstance(exc, AssertionError) else "E")
            first_error = first_error or "line %d: %s" % (statement.lineno, _message(exc))
            continue
        if is_test:
            outcomes.append("P")
    return {"phase": "run", "tests": "".join(outcomes), "error": first_error}


# ------------------------------------------------------------------------------------- pytest / unittest

class _PytestRecorder:
    """A pytest plugin that records one outcome per collected test."""

    def __init__(self):
        self.collect_errors, self.items, self.outcomes, self.errors = [], [], {}, {}

    def pytest_collectreport(self, report):
        if report.failed:
            text = str(report.longrepr)
            errors = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
            self.collect_errors.append((errors[-1] if errors else text.strip())[-_MESSAGE_LIMIT:])

    def pytest_collection_finish(self, session):
        self.items = [item.nodeid for item in session.items]

    def pytest_runtest_makereport(self, item, call):
        if call.excinfo is not None and item.nodeid not in self.errors:
            kind = "F" if call.excinfo.errisinstance(AssertionError) and call.when == "call" else "E"
            lines = call.excinfo.exconly().strip().splitlines() or [call.excinfo.typename]
            self.errors[item.nodeid] = (kind, lines[0][:_MESSAGE_LIMIT])

    def pytest_runtest_logreport(self, report):
        previous = self.outcomes.get(report.nodeid)
        if report.outcome == "skipped":
            outcome = "S"
        elif report.outcome != "passed":
            outcome = self.errors.get(report.nodeid, ("E", ""))[0]
        elif report.when == "call":
            outcome = "P"
        else:
            return
        if previous in (None, "P"):
            self.outcomes[report.nodeid] = outcome


def _run_pytest(judge, test_path):
    import pytest
    recorder = _PytestRecorder()
    args = ["-q", "--noconftest", "-p", "no:cacheprovider", "-p", "no:pastebin", "-c",
            os.path.join(judge, "pytest.ini"), "--rootdir", os.path.join(judge, "tests"),
            "--import-mode=importlib", "--tb=no", "-W", "ignore::pytest.PytestAssertRewriteWarning",
            test_path]
    code = pytest.main(args, plugins=[recorder])
    if recorder.collect_errors:
        return {"phase": "collect", "error": recorder.collect_errors[0]}
    if not recorder.items:
        return {"phase": "collect", "error": "no tests collected (pytest exit code %s)" % int(code)}
    outcomes = "".join(recorder.outcomes.get(nodeid, "E") for nodeid in recorder.items)
    first = next((recorder.errors[n][1] for n in recorder.items if n in recorder.errors), None)
    return {"phase": "run", "tests": outcomes, "error": first}


def _run_unittest(test_path):
    import importlib.util
    import unittest

    spec = importlib.util.spec_from_file_location("halo_unittest_tests", test_path)
    tests_module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(tests_module)
    except BaseException as exc:  # noqa: BLE001
        return {"phase": "collect", "error": _message(exc)}
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(tests_module)
    if loader.errors:
        return {"phase": "collect", "error": str(loader.errors[0])[-_MESSAGE_LIMIT:]}
    ids = []

    def walk(node):
        for child in node:
            walk(child) if isinstance(child, unittest.TestSuite) else ids.append(child.id())
    walk(suite)
    if not ids:
        return {"phase": "collect", "error": "no tests found (no unittest.TestCase test_* methods)"}
    outcomes, errors = {}, {}

    class Recorder(unittest.TestResult):
        def _set(self, test, outcome, err=None):
            key = test.id()
            if outcomes.get(key) in (None, "P"):
                outcomes[key] = outcome
            if err is not None and key not in errors:
                errors[key] = _message(err[1])

        def addSuccess(self, test):
            outcomes.setdefault(test.id(), "P")

        def addFailure(self, test, err):
            self._set(test, "F", err)

        def addError(self, test, err):
            self._set(test, "E", err)

        def addSkip(self, test, reason):
            self._set(test, "S")

        def addExpectedFailure(self, test, err):
            self._set(test, "S")

        def addUnexpectedSuccess(self, test):
            self._set(test, "F")

        def addSubTest(self, test, subtest, err):
            if err is not None:
                self._set(test, "F" if issubclass(err[0], test.failureException) else "E", err)

    suite.run(Recorder())
    first = next((errors[i] for i in ids if i in errors), None)
    return {"phase": "run", "tests": "".join(outcomes.get(i, "E") for i in ids), "error": first}


# ------------------------------------------------------------------------------------------------- main

def main():
    mode, judge, nonce_file, fd = sys.argv[1:5]
    entry_point = sys.argv[5] if len(sys.argv) > 5 else ""
    with open(nonce_file) as handle:
        nonce = handle.read().strip()
    os.unlink(nonce_file)
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    sys.path.insert(0, judge)     # the judge's own read-only directory: wire.py
    import wire
    verdict_fd = os.dup(1)
    try:
        module, verdict = connect(int(fd), wire, entry_point)
        tests = os.path.join(judge, "tests")
        if module is None:
            pass
        elif mode == "asserts":
            verdict = _run_asserts(module, os.path.join(tests, "tests.py"), entry_point)
        elif mode == "pytest":
            verdict = _run_pytest(judge, os.path.join(tests, "test_solution.py"))
        else:
            verdict = _run_unittest(os.path.join(tests, "test_solution.py"))
    except BaseException as exc:  # noqa: BLE001 - a failure of the run itself is still a verdict
        verdict = {"phase": "run", "error": "runner: " + _message(exc), "tests": ""}
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass
    os.write(verdict_fd, ("\nHALO_VERDICT %s %s\n" % (nonce, wire.dumps(verdict))).encode())
    os._exit(0)


if __name__ == "__main__":
    main()
