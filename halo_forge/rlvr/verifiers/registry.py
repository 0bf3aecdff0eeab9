"""Verifier registration: one explicit dict, plus a dotted path for user classes (STYLE principle 7).

``verifier: {type: gcc, timeout: 10}`` builds ``REGISTRY["gcc"](timeout=10)``; ``type:
mypkg.checks:MyVerifier`` (or ``mypkg.checks.MyVerifier``) imports a user class. Classes are imported on
first use, so naming a verifier never imports the others. To add a verifier, add one line to ``REGISTRY``
(config name) and, for a public class, one to ``CLASSES`` (the names ``halo_forge.rlvr.verifiers``
exports).
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from typing import Any

from halo_forge.errors import ConfigError

_V = "halo_forge.rlvr.verifiers"

# config name (``verifier.type``) -> "module:Class"
REGISTRY: dict[str, str] = {
    "gcc": f"{_V}.compile:GCCVerifier",
    "clang": f"{_V}.compile:ClangVerifier",
    "mingw": f"{_V}.compile:MinGWVerifier",
    "execution": f"{_V}.compile:ExecutionVerifier",
    "msvc": f"{_V}.remote_msvc:RemoteMSVCVerifier",
    "pytest": f"{_V}.python_tests:PytestVerifier",
    "unittest": f"{_V}.python_tests:UnittestVerifier",
    "humaneval": f"{_V}.python_tests:HumanEvalVerifier",
    "mbpp": f"{_V}.python_tests:MBPPVerifier",
    "rust": f"{_V}.rust_go:RustVerifier",
    "go": f"{_V}.rust_go:GoVerifier",
    "subprocess": f"{_V}.custom:SubprocessVerifier",
    "custom": f"{_V}.custom:SubprocessVerifier",
    "multi": f"{_V}.multi_language:MultiLanguageVerifier",
}

# public class name -> "module:Class"; modules written by later work are imported only when asked for.
CLASSES: dict[str, str] = {
    "GCCVerifier": f"{_V}.compile:GCCVerifier",
    "ClangVerifier": f"{_V}.compile:ClangVerifier",
    "MinGWVerifier": f"{_V}.compile:MinGWVerifier",
    "ExecutionVerifier": f"{_V}.compile:ExecutionVerifier",
    "RemoteMSVCVerifier": f"{_V}.remote_msvc:RemoteMSVCVerifier",
    "RustVerifier": f"{_V}.rust_go:RustVerifier",
    "GoVerifier": f"{_V}.rust_go:GoVerifier",
    "PytestVerifier": f"{_V}.python_tests:PytestVerifier",
    "UnittestVerifier": f"{_V}.python_tests:UnittestVerifier",
    "HumanEvalVerifier": f"{_V}.python_tests:HumanEvalVerifier",
    "MBPPVerifier": f"{_V}.python_tests:MBPPVerifier",
    "SubprocessVerifier": f"{_V}.custom:SubprocessVerifier",
    "MultiLanguageVerifier": f"{_V}.multi_language:MultiLanguageVerifier",
}


def load_class(target: str, what: str | None = None) -> type:
    """Import ``"package.module:Class"`` (or ``"package.module.Class"``); ImportError names what is missing."""
    module_name, sep, attr = target.partition(":")
    if not sep:
        module_name, _, attr = target.rpartition(".")
    if not module_name or not attr:
        raise ImportError(f"{target!r} is not a 'package.module:Class' path")
    label = what or target
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ImportError(f"{label}: module {exc.name!r} is not available (needed for {target})") from exc
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ImportError(f"{label}: module {module_name!r} has no class {attr!r}") from None


def resolve_type(name: str) -> type:
    """The verifier class for a config ``type``: a registry name or a dotted path."""
    if name in REGISTRY:
        return load_class(REGISTRY[name], what=f"verifier {name!r}")
    if "." in name or ":" in name:
        return load_class(name)
    raise ValueError(f"unknown verifier {name!r}{_suggest(name, list(REGISTRY))}; known: "
                     f"{', '.join(sorted(REGISTRY))}, or a dotted path package.module:Class")


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def constructor_params(cls: type) -> dict[str, inspect.Parameter]:
    """Named constructor parameters; a ``**kwargs`` passed on to a base class adds the base's (MRO order).
    A ``**kwargs`` remains only if no class up the chain names its parameters."""
    params: dict[str, inspect.Parameter] = {}
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        own = dict(inspect.signature(klass.__init__).parameters)
        own.pop("self", None)
        forwards = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in own.values())
        params.update({n: p for n, p in own.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
                       and n not in params})
        if not forwards:
            return params
        if klass.__mro__[1] is object:
            break
    params["**"] = inspect.Parameter("kwargs", inspect.Parameter.VAR_KEYWORD)
    return params


def check_verifier_config(section: Any) -> list[str]:
    """Problems of a ``verifier`` config section: an unknown type, unknown or missing options."""
    try:
        cls = resolve_type(section.type)
    except ValueError as exc:
        return [f"verifier.type: {exc}"]
    except ImportError as exc:
        return [f"verifier.type: cannot import {section.type!r}: {exc}"]
    params = constructor_params(cls)
    if "**" in params:
        return []  # takes any keyword: nothing to check against
    known = list(params)
    problems = []
    for key in section.options:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]}?" if close else f"; {cls.__name__} takes {', '.join(known)}"
            problems.append(f"verifier.{key}: unknown option for {section.type} ({cls.__name__}){hint}")
    missing = [n for n, p in params.items() if p.default is inspect.Parameter.empty
               and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and n not in section.options]
    problems += [f"verifier.{n}: required by {section.type} ({cls.__name__})" for n in missing]
    return problems


def _gameable(options: Any) -> bool:
    """Whether ``tests_in_completion`` is on anywhere in the options (routes of ``multi`` included)."""
    if isinstance(options, dict):
        return bool(options.get("tests_in_completion")) or any(_gameable(v) for v in options.values())
    return isinstance(options, list) and any(_gameable(v) for v in options)


def build_verifier(cfg: Any, training: bool = False, **overrides: Any):
    """A verifier from a ``VerifierConfig`` (``type`` + ``options``); ``overrides`` win over options.
    ``training``: the verifier's rewards train a model, which refuses ``tests_in_completion`` (a model
    judged by the tests it writes itself learns to write tests that pass)."""
    problems = check_verifier_config(cfg)
    if training and _gameable({**cfg.options, **overrides}):
        problems.append("verifier.tests_in_completion: a completion judged by its own tests is a reward any "
                        "model can game; it is refused for training (use it with benchmark run or verify)")
    if problems:
        raise ConfigError(problems)
    cls = resolve_type(cfg.type)
    try:
        verifier = cls(**{**cfg.options, **overrides})
    except (TypeError, ValueError) as exc:
        raise ConfigError([f"verifier: {cfg.type}: {exc}"]) from None
    if cfg.pool != "local":
        verifier.use_pool(cfg.pool, cfg.ray_address, cfg.ray_workers)
    return verifier
