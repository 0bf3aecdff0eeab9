"""bench/raft_ablations.py: a variant of a finished demo run reuses what its changes cannot touch, runs the
rest, and is compared with the reference paired over the same held-out tasks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from conftest import REPO
from test_demo import demo_config

SCRIPT = REPO / "bench" / "raft_ablations.py"


@pytest.fixture(scope="module")
def ablations():
    sys.path.insert(0, str(REPO / "bench"))
    import raft_ablations
    return raft_ablations


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    from raft_fixtures import build_model_dir

    tmp = tmp_path_factory.mktemp("ablations")
    model = build_model_dir(tmp / "model", steps=20)
    config = demo_config(tmp, model)
    done = subprocess.run([sys.executable, "-m", "halo_forge", "demo", "--config", config], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return tmp / "run"


def _digest(directory):
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_variant_reuses_base_and_sft_runs_raft_and_is_compared_paired(ablations, reference, tmp_path):
    out = tmp_path / "abl"
    code = ablations.main(["--from", str(reference), "--output", str(out),
                           "--variant", "other-seed", "raft.seed=7", "raft.temperature=1.0"])
    assert code == 0
    run = out / "other-seed"
    settings = json.loads((run / "demo_config.json").read_text())
    assert settings["raft"]["seed"] == 7 and settings["raft"]["temperature"] == 1.0
    assert settings["sft"] == json.loads((reference / "demo_config.json").read_text())["sft"]
    # base and SFT are the reference's, byte for byte; RAFT ran anew, with the variant's seed
    assert _digest(run / "sft" / "adapter") == _digest(reference / "sft" / "adapter")
    assert _digest(run / "sampled" / "base") == _digest(reference / "sampled" / "base")
    assert json.loads((run / "raft" / "run.json").read_text())["raft"]["seed"] == 7
    assert "raft" in json.loads((run / "timings.json").read_text())
    assert json.loads((run / "timings.json").read_text())["sft"] == 0.0       # copied, not trained
    rows = json.loads((out / "ablations.json").read_text())
    assert [r["variant"] for r in rows] == ["reference", "other-seed"]
    variant = rows[1]
    assert variant["changes"] == {"raft.seed": 7, "raft.temperature": 1.0}
    assert variant["last_vs_reference"] is not None and len(variant["last_vs_reference"]) == 2
    assert "sft_vs_reference" not in variant                                   # the same SFT baseline
    table = (out / "ablations.md").read_text()
    assert "| other-seed | raft.seed=7, raft.temperature=1.0 |" in table and "| reference |" in table
    # a rerun resumes: nothing is run again (the variant's files untouched), the table is the same
    before = {p: p.stat().st_mtime_ns for p in run.rglob("*") if p.is_file()}
    assert ablations.main(["--from", str(reference), "--output", str(out),
                           "--variant", "other-seed", "raft.seed=7", "raft.temperature=1.0"]) == 0
    assert {p: p.stat().st_mtime_ns for p in run.rglob("*") if p.is_file()} == before
    assert (out / "ablations.md").read_text() == table


def test_demo_pools_follow_sft_seed_not_raft_seed(tmp_path):
    """A RAFT-only change (raft.seed) keeps the SFT pool, so the reference's SFT adapter still applies."""
    from halo_forge.config import load_config
    from halo_forge.demo import DemoRun

    def pools(name, **overrides):
        cfg = load_config(REPO / "configs" / "demo.yaml",
                          {"demo": {"output_dir": str(tmp_path / name)}, **overrides})
        DemoRun(cfg).write_data()
        return (tmp_path / name / "data" / "sft.jsonl").read_text()

    reference = pools("a")
    assert pools("b", raft={"seed": 43}) == reference
    assert pools("c", sft={"seed": 43}) != reference


def test_what_a_change_touches_decides_what_is_reused(ablations, reference, tmp_path):
    settings = ablations.reference_settings(reference)
    ref_cfg = ablations.variant_config(settings, {}, reference)

    def reused(changes):
        cfg = ablations.variant_config(settings, changes, tmp_path / str(len(list(tmp_path.iterdir()))))
        return ablations.seed_from_reference(reference, cfg, ref_cfg)

    assert reused({"raft.curriculum": "rotate"}) == ["base", "sampled/base", "sft", "sampled/sft"]
    assert reused({"demo.raft_pool": "all"}) == ["base", "sampled/base", "sft", "sampled/sft"]
    assert reused({"demo.sft_fraction": 1.0}) == ["base", "sampled/base"]        # SFT learns other tasks
    assert reused({"sft.learning_rate": 1e-3}) == ["base", "sampled/base"]
    assert reused({"generation.max_new_tokens": 8}) == []                         # scored differently


def test_bad_input_is_one_line_naming_the_problem(tmp_path):
    def run(*argv):
        return subprocess.run([sys.executable, str(SCRIPT), *argv], capture_output=True, text=True, timeout=120)

    not_a_run = run("--from", str(tmp_path), "--table")
    assert not_a_run.returncode == 2 and "not a finished demo run" in not_a_run.stderr
    assert len(not_a_run.stderr.strip().splitlines()) == 1 and "Traceback" not in not_a_run.stderr


def test_bad_variant_keys_are_refused(ablations, reference, tmp_path, capsys):
    out = str(tmp_path / "abl")
    assert ablations.main(["--from", str(reference), "--output", out, "--variant", "x", "raft.seed"]) == 2
    assert "is not KEY=VALUE" in capsys.readouterr().err
    assert ablations.main(["--from", str(reference), "--output", out, "--variant", "x", "raft.sed=1"]) == 2
    err = capsys.readouterr().err
    assert "raft.sed" in err and "Traceback" not in err
    assert not (tmp_path / "abl" / "x").exists()                                  # refused before running
