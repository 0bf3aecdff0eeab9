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
