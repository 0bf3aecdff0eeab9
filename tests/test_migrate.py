"""`halo-forge config migrate`: every upstream-shaped config (tests/upstream_configs/, the shapes of upstream
halo-forge's configs/) migrates to a config that validates, with its values where the table says."""

import dataclasses

import pytest
import yaml

from conftest import REPO
from halo_forge.cli import main
from halo_forge.config import SECTIONS, config_from_dict, load_config, read_yaml
from halo_forge.errors import ConfigError
from halo_forge.migrate import MAPPING, STAGES, Dropped, migrate

UPSTREAM = sorted((REPO / "tests" / "upstream_configs").glob("*.yaml"))


def test_the_upstream_shapes_are_all_here():
    names = {p.stem for p in UPSTREAM}
    assert {"sft_example", "raft_example", "production_0.5b", "raft_windows", "benchmark"} <= names


@pytest.mark.parametrize("path", UPSTREAM, ids=lambda p: p.stem)
def test_upstream_file_is_rejected_as_is_then_migrates_and_validates(path, tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"halo-forge config migrate {path}" in err.value.problems[0]   # the hint comes first
    out = tmp_path / "new.yaml"
    assert main(["config", "migrate", str(path), "-o", str(out)]) == 0
    cfg = load_config(out)                                                 # raises if not valid
    assert out.read_text().startswith(f"# Migrated from {path}")
    data = read_yaml(path)
    stage = "benchmark" if "benchmark" in data else ("sft" if "lora" in data and "raft" not in data else "raft")
    name = (data.get("model") or {}).get("name") or data.get("base_model")
    if name:
        assert getattr(cfg, stage).model_name == name


def values(path):
    return migrate(read_yaml(REPO / "tests" / "upstream_configs" / path)).config


def test_sft_values_land_where_the_table_says():
    cfg = config_from_dict(values("sft_example.yaml"))
    assert (cfg.sft.model_name, cfg.sft.train_file, cfg.sft.val_split) == \
        ("Qwen/Qwen2.5-Coder-7B", "data/train.jsonl", 0.05)
    assert (cfg.sft.num_epochs, cfg.sft.batch_size, cfg.sft.learning_rate) == (3, 2, 2e-4)
    assert (cfg.sft.lora_r, cfg.sft.lora_alpha, cfg.sft.early_stopping_patience) == (16, 32, 3)
    assert (cfg.model.dtype, cfg.model.attn_implementation, cfg.model.trust_remote_code) == ("bf16", "eager", True)
    docs = config_from_dict(values("sft_docs.yaml"))
    assert (docs.sft.output_dir, docs.sft.save_steps, docs.model.dtype) == ("models/sft_docs", 200, "fp32")


def test_raft_values_and_keep_percent_selects_global_top_percent():
    cfg = config_from_dict(values("raft_example.yaml"))
    assert (cfg.raft.sft_checkpoint, cfg.raft.prompts_file, cfg.raft.output_dir) == \
        ("models/sft/final_model", "data/prompts.jsonl", "models/raft")
    assert (cfg.raft.selection, cfg.raft.keep_top_percent) == ("global_top_percent", 0.5)
    assert (cfg.raft.temperature, cfg.generation.top_p, cfg.raft.train_batch_size) == (0.7, 0.95, 2)
    assert cfg.verifier.type == "gcc" and cfg.verifier.options["memory_limit_mb"] == 256
    flat = config_from_dict(values("raft_windows.yaml"))
    assert flat.raft.sft_checkpoint is None                       # upstream's "" meant: none
    assert (flat.raft.curriculum, flat.raft.reward_shaping, flat.raft.num_cycles) == ("progressive", "warmup", 6)
    assert flat.verifier.type == "msvc" and flat.verifier.options["host"] == "10.0.0.152"


def test_dropped_keys_are_reported_with_their_reason_never_guessed():
    result = migrate({"raft": {"num_cycles": 2, "min_samples": 100}, "training": {"warmup_steps": 10},
                      "verifier": {"type": "gcc", "reward_partial": True}, "mystery": {"x": 1}})
    dropped = dict(result.dropped)
    assert set(dropped) == {"raft.min_samples", "training.warmup_steps", "verifier.reward_partial", "mystery.x"}
    assert "no option 'reward_partial'" in dropped["verifier.reward_partial"]
    assert "not a key of upstream" in dropped["mystery.x"]
    assert result.config == {"raft": {"num_cycles": 2}, "verifier": {"type": "gcc"}}


def test_every_rule_of_the_table_names_a_real_key_for_some_stage():
    fields = {f"{s}.{f.name}" for s, tp in SECTIONS.items() for f in dataclasses.fields(tp)}
    for key, rule in MAPPING.items():
        if isinstance(rule, Dropped):
            assert rule.reason, key
            continue
        targets = [rule.target] if isinstance(rule.target, str) else list(rule.target.values())
        for target in targets:
            if target == "verifier.*":
                continue
            assert any(target.replace("{stage}", s) in fields for s in STAGES), (key, target)
        for extra, _ in rule.also:
            assert extra in fields, (key, extra)


def test_migrate_to_stdout_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "old.yaml"
    path.write_text("model:\n  name: m\nlora:\n  r: 4\n")
    assert main(["config", "migrate", str(path)]) == 0
    assert yaml.safe_load(capsys.readouterr().out) == {"sft": {"model_name": "m", "lora_r": 4}}
    out = tmp_path / "new.yaml"
    out.write_text("keep me")
    assert main(["config", "migrate", str(path), "-o", str(out)]) == 2
    assert out.read_text() == "keep me" and "--force" in capsys.readouterr().err


def test_config_validate_names_the_migrate_command(cli):
    proc = cli("config", "validate", str(REPO / "tests" / "upstream_configs" / "sft_example.yaml"))
    assert proc.returncode == 2
    assert "halo-forge config migrate" in proc.stderr.splitlines()[0]


def test_our_own_configs_are_not_mistaken_for_upstream_ones():
    for path in (REPO / "configs").glob("*.yaml"):
        load_config(path)                                    # no upstream hint, no error
