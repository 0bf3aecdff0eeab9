"""`halo-forge demo` end to end on a tiny random model: every stage, the table, the report, resuming.

The real run (embedded SmolLM2, ~25 minutes) is `make demo`; its measured table is in docs/demo.md.
"""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import REPO
from raft_fixtures import SYSTEM, build_model_dir

REPO_DEMO = REPO / "configs" / "demo.yaml"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("tiny") / "model", steps=20)


def demo_config(tmp_path, tiny_model, **changes) -> str:
    """configs/demo.yaml with the sizes cut down and the tiny model in place of SmolLM2."""
    cfg = yaml.safe_load(open(REPO_DEMO))
    cfg["demo"].update(output_dir=str(tmp_path / "run"), heldout_tasks=2, sft_tasks=4, eval_samples=2,
                       eval_temperature=1.0)
    cfg["model"]["system_prompt"] = SYSTEM
    cfg["generation"].update(max_new_tokens=12, batch_size=8)
    cfg["sft"].update(model_name=str(tiny_model), num_epochs=1, batch_size=2, val_split=0.25, save_steps=1,
                      logging_steps=1)
    cfg["raft"].update(num_cycles=1, max_prompts=2, samples_per_prompt=2, train_batch_size=2,
                       bootstrap_samples=50, reward_threshold=0.0)
    for key, value in changes.items():
        section, _, name = key.partition("__")
        cfg[section][name] = value
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return str(path)


def test_shipped_demo_config_is_the_default(cli):
    result = cli("demo", "--help")
    assert result.returncode == 0 and "(default: configs/demo.yaml)" in " ".join(result.stdout.split())


def test_demo_runs_every_stage_reports_and_resumes(cli, tmp_path, tiny_model):
    config = demo_config(tmp_path, tiny_model)
    run = tmp_path / "run"
    first = cli("demo", "--config", config)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Stage"))
    assert [c.strip() for c in lines[header].split("|")] == ["Stage", "Compile Rate", "pass@1",
                                                             "pass@1 (n=2, T=1)", "pass@2"]
    stages = [line.split("|")[0].strip() for line in lines[header + 2:header + 5]]
    assert stages == ["Base", "SFT baseline", "RAFT cycle 1"]
    for line in lines[header + 2:header + 5]:       # value [low, high]: greedy compile, greedy and sampled pass@1
        assert line.count("[") == 3, line
    assert any(line.startswith("last cycle vs SFT baseline (paired 95% intervals): pass@1 (n=2) ")
               for line in lines)

    # the pools: SFT's tasks, RAFT's tasks and the held-out tasks are disjoint
    pools = {name: {json.loads(x)["task_id"] for x in (run / "data" / f"{name}.jsonl").read_text().splitlines()}
             for name in ("sft", "raft", "heldout")}
    assert len(pools["sft"]) == 4 and len(pools["raft"]) > 60 and len(pools["heldout"]) == 2
    assert not (pools["sft"] & pools["raft"]) and not ((pools["sft"] | pools["raft"]) & pools["heldout"])
    plan = json.loads((run / "raft" / "cycle_1" / "plan.json").read_text())
    assert plan["curriculum"] == "frontier" and {t["task_id"] for t in plan["tasks"]} <= pools["raft"]
    for name in ("base", "sft", "cycle_1"):        # the sampled evaluation: n samples, the same seeds
        data = json.loads((run / "sampled" / name / "results.json").read_text())
        assert data["samples_per_task"] == 2 and set(data["scores"]) == {"pass@1", "pass@2"}

    # every stage's files, scored on the same held-out tasks
    for results in (run / "base", run / "raft" / "cycle_0" / "eval", run / "raft" / "cycle_1" / "eval"):
        data = json.loads((results / "results.json").read_text())
        assert data["num_tasks"] == 2 and data["compile_rate_ci"] is not None
    assert (run / "sft" / "adapter" / "adapter_config.json").exists()
    assert json.loads((run / "sft" / "sft_result.json").read_text())["global_step"] >= 1
    summary = json.loads((run / "demo.json").read_text())
    assert [s["stage"] for s in summary["stages"]] == stages
    assert "at_1_vs_sft_ci" in summary["stages"][2] and "at_1_vs_sft" not in summary["stages"][1]
    assert "sampled_at_1_vs_sft_ci" in summary["stages"][2] and "compile_rate_vs_base" in summary["stages"][2]
    assert set(summary["timings_s"]) == {"base benchmark", "sft", "raft", "sampled evaluation"}
    assert [c["cycle"] for c in summary["cycles"]] == [1]
    report = (run / "report.md").read_text()
    assert "| Stage | Compile Rate | pass@1 | pass@1 (n=2, T=1) | pass@2 |" in report
    assert "![stages](plots/stages.png)" in report and "## What each RAFT cycle sampled and kept" in report
    assert (run / "plots" / "stages.png").stat().st_size > 0

    # a rerun resumes: nothing is generated or trained again, the same table comes out
    before = {p: p.stat().st_mtime_ns for p in (run / "base" / "results.json", run / "sft" / "sft_result.json",
                                                run / "raft" / "cycle_1" / "eval" / "results.json")}
    again = cli("demo", "--config", config)
    assert again.returncode == 0, again.stderr
    assert {p: p.stat().st_mtime_ns for p in before} == before
    again_lines = again.stdout.splitlines()
    again_header = next(i for i, line in enumerate(again_lines) if line.startswith("Stage"))
    assert again_lines[again_header:again_header + 5] == lines[header:header + 5]

    # other settings in the same directory would make the stages incomparable: refused, by key
    changed = demo_config(tmp_path, tiny_model, raft__samples_per_prompt=3)
    refused = cli("demo", "--config", changed)
    assert refused.returncode == 2
    assert "raft.samples_per_prompt" in refused.stderr and "--fresh" in refused.stderr


def test_fresh_never_deletes_a_directory_that_is_not_a_demo_run(cli, tmp_path, tiny_model):
    victim = tmp_path / "run"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me")
    result = cli("demo", "--config", demo_config(tmp_path, tiny_model), "--fresh")
    assert result.returncode == 2 and "not a demo run directory" in result.stderr
    assert (victim / "precious.txt").read_text() == "keep me"
