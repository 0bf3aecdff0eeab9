"""Verifiers: ``verify(code, task) -> VerifyResult`` with the graduated rewards of
:mod:`halo_forge.rlvr.rewards`.

>>> from halo_forge.rlvr.verifiers import GCCVerifier, RewardLevel
>>> RewardLevel.COMPILE_CLEAN
<RewardLevel.COMPILE_CLEAN: 0.5>

The base API (``Verifier``, ``VerifyResult``, ``RewardLevel``, ``ChainedVerifier``) is imported here;
every verifier class is loaded on first use from :data:`halo_forge.rlvr.verifiers.registry.CLASSES`, so
importing this package stays cheap and a verifier whose module is missing fails with an ImportError
naming that module.
"""

from __future__ import annotations

from halo_forge.rlvr.rewards import RewardLevel, Status
from halo_forge.rlvr.verifiers.base import ChainedVerifier, ResultCache, Verifier, VerifyResult
from halo_forge.rlvr.verifiers.registry import CLASSES, load_class

__all__ = ["Verifier", "VerifyResult", "RewardLevel", "Status", "ChainedVerifier", "ResultCache",
           "GCCVerifier", "ClangVerifier", "MinGWVerifier", "RemoteMSVCVerifier", "RustVerifier",
           "GoVerifier", "PytestVerifier", "UnittestVerifier", "HumanEvalVerifier", "MBPPVerifier",
           "ExecutionVerifier", "SubprocessVerifier", "MultiLanguageVerifier"]


def __getattr__(name: str):
    if name in CLASSES:
        cls = load_class(CLASSES[name], what=name)
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
