"""`halo-forge test`: every level through the real CLI, real sandbox and real verifiers; standard and full on
a tiny random-init model saved to a directory (the embedded model would take minutes on a CPU)."""

import os
import re

import pytest

from halo_forge import selftest
from halo_forge.config import ModelConfig
from test_sft import tiny_model, tiny_tokenizer

LINE = re.compile(r"^(PASS|FAIL|SKIP)  (.+?)\s{2,}.*\(\d+\.\d+s\)$")


def statuses(stdout: str) -> dict[str, str]:
    """check name -> PASS/FAIL/SKIP from the command's output."""
    found = {}
    for line in stdout.splitlines():
        match = LINE.match(line)
        if match:
            found[match.group(2).strip()] = match.group(1)
    return found


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("selftest") / "tiny"
    tokenizer = tiny_tokenizer()
    tiny_model(tokenizer).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def test_smoke_passes_here_and_loads_no_model(cli):
    proc = cli("test", "--level", "smoke")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = statuses(proc.stdout)
    assert list(found) == [name for name, _ in selftest.CHECKS["smoke"]]      # one line per check, in order
    for name in ("python stack", "toolchains", "sandbox mode", "sandbox isolation", "gcc", "g++",
                 "embedded model", "bundled tasks"):
        assert found[name] == "PASS", proc.stdout
    assert "pass 1.0, no tests 0.7, wrong answer 0.7, crash 0.5, no compile 0.0" in proc.stdout
    assert re.search(r"^smoke: \d+ passed, 0 failed, \d+ skipped in", proc.stdout, re.M)


def test_full_level_loads_generates_verifies_and_trains(cli, model_dir):
    proc = cli("test", "--level", "full", "--model", str(model_dir), "--device", "cpu", "--dtype", "fp32")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = statuses(proc.stdout)
    assert [found[n] for n in ("model load", "generation", "verification", "training step")] == ["PASS"] * 4
    assert re.search(r"generation\s+\d+ tokens \((stop|eos|length)\)", proc.stdout)
    changed = re.search(r"loss (\d+\.\d+), (\d+)/(\d+) adapter tensors changed", proc.stdout)
    assert changed and int(changed.group(2)) > 0, proc.stdout


def test_a_model_that_does_not_load_fails_and_its_dependents_skip(tmp_path, monkeypatch):
    monkeypatch.setitem(selftest.CHECKS, "smoke", [])     # the smoke checks have their own test above
    results = selftest.run_selftest("full", str(tmp_path / "no-such-model"), ModelConfig(device="cpu"))
    by_name = {r.name: r for r in results}
    assert by_name["model load"].status == "FAIL" and "no such file or directory" in by_name["model load"].reason
    assert [by_name[n].status for n in ("generation", "verification", "training step")] == ["SKIP"] * 3


def test_the_reward_ladder_check_fails_when_a_reward_is_not_the_expected_one(monkeypatch):
    cases = selftest._ladder_cases()
    label, code, task, _, success = cases[2]                                # wrong answer: 0.7, not success
    monkeypatch.setattr(selftest, "_ladder_cases", lambda: [(label, code, task, 1.0, success)])
    result = selftest.run_check("gcc", selftest.check_gcc, selftest.State("m", ModelConfig()))
    assert result.status == "FAIL" and "wrong answer: got reward 0.7" in result.reason


def test_missing_compilers_and_sandbox_fail_the_command_with_exit_1(cli, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path)}          # no gcc, no bwrap, no unshare on this PATH
    proc = cli("test", "--level", "smoke", env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = statuses(proc.stdout)
    assert found["toolchains"] == "FAIL" and "not installed: gcc, g++" in proc.stdout
    assert found["sandbox mode"] == "FAIL" and "DEGRADED" in proc.stdout
    assert found["clang"] == "SKIP"
