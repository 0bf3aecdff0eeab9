"""The in-sandbox half of the Python test verifiers: runs a candidate's tests and reports one verdict.

This file is copied into the read-only judge directory and run by the sandbox's system Python
(``python3 -I -B runner.py MODE JUDGE NONCE_FILE [ENTRY_POINT]``); it imports nothing from halo_forge. ``MODE`` is
``pytest``, ``unittest`` or ``asserts`` (HumanEval / MBPP: every top-level ``assert`` or call of the test
code is one test, the rest is set-up). ``JUDGE`` holds ``candidate/solution.py`` and ``tests/``.

Phases, in order, each reported as the verdict's ``phase`` when it stops the run: ``syntax`` (the
candidate does not compile), ``import`` (importing it raised), ``collect`` (the tests could not be loaded
against it), ``run`` (the tests ran; ``tests`` lists one outcome per test: P pass, F assertion failure,
E error, S skipped/xfail — only P counts). ``tampering`` names a detected cheat.

The verdict is the single line ``HALO_VERDICT <nonce> <json>`` written to a private duplicate of the
original stdout after every test ran, followed by ``os._exit(0)``. The nonce was read from a file that
is deleted before the candidate is imported; see :mod:`halo_forge.rlvr.verifiers.python_tests` for the
whole safety argument.
"""

import ast
import builtins
import importlib.util
import json
import os
import sys
import types

# Bound before any candidate code runs, so rebinding the public names later changes nothing here.
_write, _exit, _dumps, _vars, _id, _isinstance = os.write, os._exit, json.dumps, vars, id, isinstance
_callable, _sorted, _getattr = callable, sorted, getattr
_FUNCTION_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
                   types.MethodDescriptorType, types.WrapperDescriptorType, classmethod, staticmethod,
                   property)
_MESSAGE_LIMIT = 600


def _fingerprint(modules):
    """Identity of every function and class of ``modules`` and of the methods of those classes:
    replacing one, or adding a method to a class (shadowing an inherited one), shows up as a diff."""
    prints = {}
    for module in modules:
        name = module.__name__
        for attr, value in list(_vars(module).items()):
            if not _isinstance(value, _FUNCTION_TYPES):
                continue
            prints[name + "." + attr] = _id(value)
            if _isinstance(value, type) and _getattr(value, "__module__", None) == name:
                for member, inner in list(_vars(value).items()):
                    if _isinstance(inner, _FUNCTION_TYPES):  # methods; pytest changes data attributes
                        prints[name + "." + attr + ":" + member] = _id(inner)
    return prints


def _changed(before, modules):
    after = _fingerprint(modules)
    changed = [key for key, ident in before.items() if after.get(key, ident) != ident]
    added = [key for key in after if key not in before and ":" in key]
    return [key.replace(":", ".") for key in changed + added]


def _message(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    return text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT] + "..."


def _import_candidate(path):
    """The candidate as module ``solution``; returns (module, None) or (None, (phase, message))."""
    try:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        compile(source, "solution.py", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        line = _getattr(exc, "lineno", None)
        return None, ("syntax", _message(exc) + (" (line %s)" % line if line else ""))
    spec = importlib.util.spec_from_file_location("solution", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included: a verdict
        sys.modules.pop("solution", None)
        return None, ("import", _message(exc))
    return module, None


def _candidate_cheats(module):
    """Names no honest solution defines: they would turn the test module into a pytest plugin host."""
    names = [n for n in _vars(module) if n == "pytest_plugins" or n.startswith("pytest_")]
    return "the candidate defines pytest hooks/plugins: %s" % ", ".join(names) if names else None


# ------------------------------------------------------------------------------------------------ asserts

def _run_asserts(module, test_path, entry_point):
    """HumanEval / MBPP: set-up statements, then every top-level assert or call is one test."""
    if entry_point and not _callable(_vars(module).get(entry_point)):
        return {"phase": "collect", "error": "the candidate defines no function %r" % entry_point}
    with open(test_path, encoding="utf-8") as handle:
        source = handle.read()
    try:
        tree = ast.parse(source, "tests.py")
    except SyntaxError as exc:
        return {"phase": "collect", "error": "test code: " + _message(exc)}
    namespace = {"__name__": "__halo_tests__", "__builtins__": builtins}
    namespace.update({k: v for k, v in _vars(module).items() if not k.startswith("__")})
    outcomes, first_error = [], None
    for statement in tree.body:
        is_test = _isinstance(statement, (ast.Assert, ast.Expr))
        code = compile(ast.Module(body=[statement], type_ignores=[]), "tests.py", "exec")
        try:
            exec(code, namespace)
        except AssertionError as exc:
            if not is_test:
                return {"phase": "collect", "error": "test set-up failed: " + _message(exc)}
            outcomes.append("F")
            first_error = first_error or "line %d: %s" % (statement.lineno, _message(exc))
            continue
        except BaseException as exc:  # noqa: BLE001 - the candidate's crash, exit or interrupt
            if not is_test:
                return {"phase": "collect", "error": "test set-up failed: " + _message(exc)}
            outcomes.append("E")
            first_error = first_error or "line %d: %s" % (statement.lineno, _message(exc))
            continue
        if is_test:
            outcomes.append("P")
    return {"phase": "run", "tests": "".join(outcomes), "error": first_error}


# ------------------------------------------------------------------------------------------------- pytest

class _PytestRecorder:
    """A pytest plugin that records one outcome per collected test, independent of pytest's summary."""

    def __init__(self):
        self.collect_errors = []
        self.items = []
        self.outcomes = {}
        self.errors = {}
        self.config = None
        self.plugins_at_start = None
        self.plugins_at_end = None

    def pytest_configure(self, config):
        self.config = config

    def pytest_collectreport(self, report):
        if report.failed:
            text = str(report.longrepr)
            errors = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
            self.collect_errors.append((errors[-1] if errors else text.strip())[-_MESSAGE_LIMIT:])

    def pytest_collection_finish(self, session):
        self.items = [item.nodeid for item in session.items]
        # Plugins are legitimately registered up to here; one added while tests run is the candidate's.
        self.plugins_at_start = {_id(p) for p in self.config.pluginmanager.get_plugins()}

    def pytest_runtest_makereport(self, item, call):
        if call.excinfo is not None and item.nodeid not in self.errors:
            kind = "F" if call.excinfo.errisinstance(AssertionError) and call.when == "call" else "E"
            lines = call.excinfo.exconly().strip().splitlines() or [call.excinfo.typename]
            self.errors[item.nodeid] = (kind, lines[0][:_MESSAGE_LIMIT])

    def pytest_runtest_logreport(self, report):
        previous = self.outcomes.get(report.nodeid)
        state = _vars(report).get("outcome")  # the instance's field, not a (patchable) class property
        if state == "skipped":
            outcome = "S"
        elif state != "passed":
            outcome = self.errors.get(report.nodeid, ("E", ""))[0]
        elif report.when == "call":
            outcome = "P"
        else:
            return
        if previous in (None, "P"):
            self.outcomes[report.nodeid] = outcome

    def pytest_sessionfinish(self, session):
        self.plugins_at_end = {_id(p) for p in self.config.pluginmanager.get_plugins()}


def _pytest_modules():
    import pytest  # noqa: F401 - loaded now, before the candidate, so it is fingerprinted
    from _pytest.config import default_plugins
    for name in default_plugins:
        try:
            importlib.import_module("_pytest." + name)
        except ImportError:
            pass
    return [m for n, m in _sorted(sys.modules.items()) if n == "pytest" or n.startswith(("_pytest", "pluggy"))]


def _run_pytest(judge, test_path, env_before):
    import pytest
    # The candidate may have set PYTEST_ADDOPTS & co. at import: pytest reads them now, so put them back.
    for key in [k for k in os.environ if k.startswith("PYTEST")]:
        if env_before.get(key) != os.environ[key]:
            del os.environ[key]
    for key, value in env_before.items():
        if key.startswith("PYTEST"):
            os.environ[key] = value
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
    if recorder.plugins_at_start is None or recorder.plugins_at_end is None or \
            not recorder.plugins_at_end <= recorder.plugins_at_start:
        return {"phase": "run", "tampering": "a pytest plugin was registered during the run"}
    outcomes = "".join(recorder.outcomes.get(nodeid, "E") for nodeid in recorder.items)
    first = next((recorder.errors[n][1] for n in recorder.items if n in recorder.errors), None)
    return {"phase": "run", "tests": outcomes, "error": first}


# ----------------------------------------------------------------------------------------------- unittest

def _run_unittest(test_path):
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
        if _isinstance(node, unittest.TestSuite):
            for child in node:
                walk(child)
        else:
            ids.append(node.id())
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
    tests = "".join(outcomes.get(i, "E") for i in ids)
    first = next((errors[i] for i in ids if i in errors), None)
    return {"phase": "run", "tests": tests, "error": first}


# ------------------------------------------------------------------------------------------------- main

def _judge(mode, judge, entry_point):
    watched = [builtins, os, json, json.encoder, ast, importlib.util, sys.modules[__name__]]
    if mode == "pytest":
        watched += _pytest_modules()
    if mode == "unittest":
        import unittest
        watched += [m for n, m in _sorted(sys.modules.items()) if n.startswith("unittest")]
    before = _fingerprint(watched)
    env_before = dict(os.environ)
    hooks_before = (list(sys.meta_path), list(sys.path_hooks))
    sys.path.insert(0, os.path.join(judge, "candidate"))
    module, failure = _import_candidate(os.path.join(judge, "candidate", "solution.py"))
    if failure is not None:
        return {"phase": failure[0], "error": failure[1]}
    cheat = _candidate_cheats(module) if mode == "pytest" else None
    changed = _changed(before, watched)
    if changed:
        cheat = "the candidate replaced %s" % ", ".join(changed[:5])
    elif (list(sys.meta_path), list(sys.path_hooks)) != hooks_before:
        cheat = "the candidate installed an import hook"
    if cheat:
        return {"phase": "import", "tampering": cheat}
    tests = os.path.join(judge, "tests")
    if mode == "asserts":
        verdict = _run_asserts(module, os.path.join(tests, "tests.py"), entry_point)
    elif mode == "pytest":
        verdict = _run_pytest(judge, os.path.join(tests, "test_solution.py"), env_before)
    else:
        verdict = _run_unittest(os.path.join(tests, "test_solution.py"))
    changed = _changed(before, watched)
    if changed and not verdict.get("tampering"):
        verdict["tampering"] = "the candidate replaced %s" % ", ".join(changed[:5])
    return verdict


def main():
    mode, judge, nonce_file = sys.argv[1:4]
    entry_point = sys.argv[4] if len(sys.argv) > 4 else ""
    with open(nonce_file) as handle:
        nonce = handle.read().strip()
    os.unlink(nonce_file)
    verdict_fd = os.dup(1)
    try:
        verdict = _judge(mode, judge, entry_point)
    except BaseException as exc:  # noqa: BLE001 - a failure of the run itself is still a verdict
        verdict = {"phase": "run", "error": "runner: " + _message(exc), "tests": ""}
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the candidate may have closed or replaced them
            pass
    _write(verdict_fd, ("\nHALO_VERDICT %s %s\n" % (nonce, _dumps(verdict))).encode())
    _exit(0)


if __name__ == "__main__":
    main()
