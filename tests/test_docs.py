import subprocess
import sys

from conftest import REPO


def test_generated_reference_docs_are_current():
    proc = subprocess.run([sys.executable, str(REPO / "scripts/gen_reference_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
