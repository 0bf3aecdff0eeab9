"""Shared test helpers."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run_cli(*argv: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``halo-forge ARGV`` as a real process (the installed entry point's code path)."""
    return subprocess.run([sys.executable, "-m", "halo_forge", *argv], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(autouse=True)
def _undo_console_configure(monkeypatch):
    """``main()`` called in-process configures the console for the whole process (``halo_forge.console``:
    the reporter, and TQDM_DISABLE that subprocesses would inherit): undone after each test."""
    from halo_forge import console

    monkeypatch.setenv("TQDM_DISABLE", "")      # records the original state, restored at teardown
    monkeypatch.delenv("TQDM_DISABLE")
    monkeypatch.setattr(console, "_reporter", console._reporter)
