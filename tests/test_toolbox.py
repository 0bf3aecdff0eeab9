"""toolbox/: the Containerfile cannot drift from scripts/system-packages.txt, the scripts parse, build.sh
fails with one clear line where no engine works (as here), and verify.sh runs the real self-check.
The image itself is not built in CI: there is no container engine (docs/toolbox.md)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

TOOLBOX = REPO / "toolbox"
SCRIPTS = [TOOLBOX / "build.sh", TOOLBOX / "verify.sh"]


def system_packages() -> set[str]:
    lines = (REPO / "scripts" / "system-packages.txt").read_text().splitlines()
    return {line.split()[0] for line in lines if line.strip() and not line.startswith("#")}


def containerfile_apt_packages() -> set[str]:
    text = (TOOLBOX / "Containerfile").read_text().replace("\\\n", " ")
    installs = re.findall(r"apt-get install ([^&]*)", text)
    assert installs, "the Containerfile installs no Debian packages"
    # Debian package names: lower-case letters, digits, + - . (options are not)
    return {w for w in " ".join(installs).split() if re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", w)}


def test_the_containerfile_installs_every_system_package():
    missing = system_packages() - containerfile_apt_packages()
    assert not missing, f"toolbox/Containerfile lacks packages of scripts/system-packages.txt: {sorted(missing)}"


def test_the_containerfile_builds_the_venv_with_the_projects_bootstrap():
    text = (TOOLBOX / "Containerfile").read_text().replace("\\\n", " ")   # one line per instruction
    runs = [line for line in text.splitlines() if line.startswith("RUN ")]
    bootstrap = [run for run in runs if "bash scripts/bootstrap.sh" in run]
    assert bootstrap, "the venv must come from bootstrap.sh"
    assert 'TORCH_VERSION="${TORCH_VERSION}"' in bootstrap[0]              # bootstrap.sh's torch pin is the arg


def test_build_sh_passes_exactly_the_containerfiles_build_arguments():
    args = set(re.findall(r"^ARG (\w+)", (TOOLBOX / "Containerfile").read_text(), re.M))
    passed = re.search(r"for name in ([\w ]+); do", (TOOLBOX / "build.sh").read_text())
    assert passed and set(passed.group(1).split()) == args
    header = (TOOLBOX / "Containerfile").read_text().split("\nARG ")[0]
    assert all(name in header for name in args), "every build argument is explained in the header"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse_and_are_executable(script):
    proc = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert os.access(script, os.X_OK)
    if shutil.which("shellcheck"):
        check = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("engine, message", [("no-such-engine", "no container engine found"),
                                             ("/bin/false", "is installed but not working")])
def test_build_sh_says_in_one_line_when_no_engine_works(engine, message):
    proc = subprocess.run([str(TOOLBOX / "build.sh")], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "ENGINE": engine})
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_verify_sh_rejects_an_unknown_level():
    proc = subprocess.run([str(TOOLBOX / "verify.sh"), "quick"], capture_output=True, text=True)
    assert proc.returncode == 2 and "smoke, standard or full" in proc.stderr


def test_verify_sh_runs_info_and_the_smoke_self_check():
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    proc = subprocess.run([str(TOOLBOX / "verify.sh")], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^sandbox\s+\w+", proc.stdout, re.M)                 # halo-forge info
    assert re.search(r"^smoke: \d+ passed, 0 failed", proc.stdout, re.M)     # halo-forge test --level smoke
