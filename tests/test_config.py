import dataclasses

import pytest

from halo_forge.config import (SECTIONS, HaloConfig, RAFTConfig, SFTConfig, coerce, load_config)
from halo_forge.errors import ConfigError


def write(tmp_path, text, name="cfg.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_defaults_without_file():
    cfg = load_config(None)
    assert cfg.raft.num_cycles == RAFTConfig().num_cycles
    assert cfg.sft.lora_r == 16


def test_yaml_overrides_defaults_and_flags_override_yaml(tmp_path):
    path = write(tmp_path, "raft:\n  num_cycles: 5\n  learning_rate: 1e-4\nsft:\n  lora_r: 8\n")
    cfg = load_config(path, overrides={"raft": {"num_cycles": "7"}})
    assert cfg.raft.num_cycles == 7          # flag wins
    assert cfg.raft.learning_rate == 1e-4    # YAML wins over default
    assert cfg.sft.lora_r == 8
    assert cfg.sft.lora_alpha == SFTConfig().lora_alpha  # default kept


def test_zero_is_a_value_not_missing(tmp_path):
    cfg = load_config(write(tmp_path, "generation:\n  temperature: 0\n  top_k: 0\n"))
    assert cfg.generation.temperature == 0.0 and cfg.generation.top_k == 0


@pytest.mark.parametrize("text,value", [("2e-4", 2e-4), ("5e-5", 5e-5), ("1E-3", 1e-3), ("'2e-4'", 2e-4),
                                        ("0.0002", 2e-4), ("3", 3.0)])
def test_scientific_numbers_parse(tmp_path, text, value):
    cfg = load_config(write(tmp_path, f"sft:\n  learning_rate: {text}\n"))
    assert cfg.sft.learning_rate == pytest.approx(value)
    assert isinstance(cfg.sft.learning_rate, float)


def test_unknown_key_names_closest(tmp_path):
    path = write(tmp_path, "raft:\n  keep_top_pct: 0.5\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == f"{path}: raft.keep_top_pct: unknown key; did you mean keep_top_percent?"


def test_unknown_section_names_closest(tmp_path):
    with pytest.raises(ConfigError, match=r"rafts: unknown section; did you mean raft\?"):
        load_config(write(tmp_path, "rafts:\n  num_cycles: 2\n"))


def test_all_problems_reported_at_once(tmp_path):
    path = write(tmp_path, "raft:\n  num_cycles: three\n  keep_top_percent: 1.5\n  selection: best\n"
                           "sft:\n  lora_r: -1\n  lora_rr: 4\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    problems = err.value.problems
    assert len(problems) == 5, problems
    text = "\n".join(problems)
    assert "raft.num_cycles: expected an integer, got 'three'" in text
    assert "raft.keep_top_percent: expected a number in (0.0, 1.0], got 1.5" in text
    assert "raft.selection: expected one of per_task_top_k, threshold, global_top_percent, got 'best'" in text
    assert "sft.lora_r: expected a number >= 1, got -1" in text
    assert "sft.lora_rr: unknown key; did you mean lora_r?" in text
    assert all(p.startswith(f"{path}: ") for p in problems)


def test_wrong_types(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, "sft:\n  gradient_checkpointing: maybe\n  target_modules: 3\n"
                                    "  lora_r: true\n"))
    text = str(err.value)
    assert "gradient_checkpointing: expected true or false, got 'maybe'" in text
    assert "target_modules: expected a list, got 3" in text
    assert "lora_r: expected an integer, got True" in text


def test_cross_key_check_benchmark_k(tmp_path):
    with pytest.raises(ConfigError, match=r"benchmark.k: 10 is larger than benchmark.samples \(5\)"):
        load_config(write(tmp_path, "benchmark:\n  samples: 5\n  k: [1, 10]\n"))


def test_verifier_extra_keys_are_options(tmp_path):
    cfg = load_config(write(tmp_path, "verifier:\n  type: gcc\n  timeout: 10\n  run_after_compile: true\n"))
    assert cfg.verifier.type == "gcc"
    assert cfg.verifier.options == {"timeout": 10, "run_after_compile": True}


def test_bad_yaml_is_one_line_with_line_number(tmp_path):
    path = write(tmp_path, "raft:\n  num_cycles: [1,\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert len(err.value.problems) == 1 and str(err.value).startswith(f"{path}:")


def test_missing_file_and_non_mapping(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="expected a mapping of sections"):
        load_config(write(tmp_path, "- a\n- b\n"))


def test_section_from_yaml(tmp_path):
    cfg = SFTConfig.from_yaml(write(tmp_path, "sft:\n  model_name: m\n  train_file: t.jsonl\n  num_epochs: 2\n"))
    assert isinstance(cfg, SFTConfig) and cfg.model_name == "m" and cfg.num_epochs == 2.0


def test_sft_config_api_fields():
    cfg = SFTConfig(model_name="x", train_file="t.jsonl", output_dir="o")
    for name in ("lora_r", "lora_alpha", "lora_dropout", "target_modules", "batch_size", "num_epochs"):
        assert hasattr(cfg, name)


def test_coerce_cli_strings():
    assert coerce("1,5,10", list[int]) == [1, 5, 10]
    assert coerce("none", int | None) is None
    with pytest.raises(ValueError):
        coerce("nan", float)


def test_every_field_has_help_and_section_is_dataclass():
    for name, cls in SECTIONS.items():
        assert dataclasses.is_dataclass(cls), name
        for f in dataclasses.fields(cls):
            assert f.metadata.get("help"), f"{name}.{f.name} has no help text"


def test_defaults_validate():
    # The defaults themselves must pass every check.
    load_config(None)
    assert isinstance(HaloConfig(), HaloConfig)


def test_keep_percent_selects_global_top_percent_or_is_refused_with_the_reason(tmp_path):
    assert load_config(None).raft.selection == "per_task_top_k"
    cfg = load_config(None, overrides={"raft": {"keep_top_percent": "0.3"}})        # --keep-percent 0.3
    assert (cfg.raft.selection, cfg.raft.keep_top_percent) == ("global_top_percent", 0.3)
    cfg = load_config(write(tmp_path, "raft:\n  keep_top_percent: 0.5\n"))           # explicit 0.5 too
    assert cfg.raft.selection == "global_top_percent"
    cfg = load_config(write(tmp_path, "raft:\n  selection: threshold\n", "t.yaml"))
    assert cfg.raft.selection == "threshold"
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, "raft:\n  selection: per_task_top_k\n", "p.yaml"),
                    overrides={"raft": {"keep_top_percent": "0.3"}})
    assert str(err.value) == ("raft.keep_top_percent: only used by raft.selection global_top_percent, but "
                              "selection is per_task_top_k; drop one of them (or use --selection "
                              "global_top_percent)")
