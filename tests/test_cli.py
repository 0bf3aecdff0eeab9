import pytest

from halo_forge.cli import COMMANDS, build_parser, main


def test_help_exits_zero(cli):
    proc = cli("--help")
    assert proc.returncode == 0 and "config" in proc.stdout and "info" in proc.stdout


def test_every_command_has_help(cli):
    build_parser()  # flag clashes between sections raise here
    for command in COMMANDS:
        proc = cli(*command.path.split(), "--help")
        assert proc.returncode == 0, (command.path, proc.stderr)


def test_unknown_command_is_usage_error(cli):
    proc = cli("frobnicate")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_config_validate_ok(cli, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("raft:\n  num_cycles: 2\n  learning_rate: 5e-5\n")
    proc = cli("config", "validate", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "valid" in proc.stdout


def test_config_validate_misspelled_key_one_line(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("raft:\n  keep_top_pct: 0.5\n")
    proc = cli("config", "validate", str(path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"halo-forge: error: {path}: raft.keep_top_pct: unknown key; did you mean keep_top_percent?"]
    assert "Traceback" not in proc.stderr


def test_config_validate_missing_file(cli, tmp_path):
    proc = cli("config", "validate", str(tmp_path / "none.yaml"))
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_info_runs(cli):
    proc = cli("info")
    assert proc.returncode == 0, proc.stderr
    for word in ("python", "torch", "device", "memory", "gcc", "x86_64-w64-mingw32-gcc" if False else "mingw",
                 "wine", "cargo", "go", "ssh"):
        assert word in proc.stdout


def test_typed_flags_override_yaml_untyped_do_not(tmp_path, monkeypatch):
    # A throwaway command that takes the raft section, to check precedence end to end in the parser.
    from halo_forge import cli as cli_mod
    seen = {}

    def capture(cfg, args):
        seen["cfg"] = cfg

    monkeypatch.setattr(cli_mod, "COMMANDS", [cli_mod.Command("probe", "probe", "x:y", sections=("raft",))])
    monkeypatch.setattr(cli_mod, "resolve", lambda target: capture)
    path = tmp_path / "c.yaml"
    path.write_text("raft:\n  num_cycles: 5\n  temperature: 0.9\n")
    assert main(["probe", "--config", str(path), "--cycles", "2"]) == 0
    assert seen["cfg"].raft.num_cycles == 2          # typed flag (alias) wins
    assert seen["cfg"].raft.temperature == 0.9       # untyped flag leaves the YAML alone
    assert main(["probe", "--config", str(path), "--num-cycles", "x"]) == 2


def _value_actions(parser):
    """(command path, action) for every option that takes a value, over every (sub)command."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                for path, inner in _value_actions(sub):
                    yield f"{name} {path}".strip(), inner
        elif action.option_strings and action.nargs != 0 and action.help != argparse.SUPPRESS:
            yield "", action


def test_every_value_flag_names_what_it_takes():
    bare = [f"{path}: {action.option_strings[0]} ({action.metavar})" for path, action in
            _value_actions(build_parser())
            if action.choices is None and (action.metavar in (None, "VALUE", "M") or not action.metavar.strip())]
    assert bare == []


@pytest.mark.parametrize("name, tp, meta, expected", [
    ("train_file", "str", {}, "FILE"), ("output_dir", "str", {}, "DIR"), ("model_name", "str", {}, "MODEL"),
    ("learning_rate", "float", {}, "LR"), ("num_cycles", "int", {}, "N"), ("k", "list[int]", {}, "N,..."),
    ("method", "str", {"choices": ("lora", "qlora", "full")}, "{lora,qlora,full}"),
    ("attn_implementation", "Optional[str]", {"choices": (None, "eager", "sdpa")}, "{eager,sdpa}"),
    ("warmup_ratio", "float", {"max": 0.5}, "FRACTION"), ("request_timeout", "float", {}, "SECONDS"),
    ("max_prompts", "Optional[int]", {"min": 1}, "N"), ("sft_checkpoint", "Optional[str]", {}, "DIR"),
])
def test_metavar_from_key_name_and_type(name, tp, meta, expected):
    from typing import Optional  # noqa: F401  (the type strings above)

    from halo_forge.cli import metavar
    assert metavar(name, eval(tp), meta) == expected


def test_help_defaults_are_the_default_config_files_values(tmp_path, monkeypatch):
    # A command with a default config shows that file's values: they are what it uses when the flag is
    # not typed (the shipped demo.yaml happens to match the field defaults, so a file that does not).
    from halo_forge import cli as cli_mod

    path = tmp_path / "probe.yaml"
    path.write_text("demo:\n  output_dir: runs/elsewhere\n  heldout_tasks: 7\n")
    monkeypatch.setenv("COLUMNS", "1000")            # argparse would wrap the long path at its hyphens
    monkeypatch.setattr(cli_mod, "COMMANDS", [cli_mod.Command("probe", "probe", "x:y", sections=("demo",),
                                                              default_config=str(path))])
    text = " ".join(cli_mod.build_parser()._subparsers._group_actions[0].choices["probe"].format_help().split())
    assert f"(default: runs/elsewhere, from {path})" in text
    assert f"(default: 7, from {path})" in text
    assert "(default: bundled-c)" in text          # a key the file does not set: the field's default


def test_demo_help_shows_configs_demo_yaml(cli):
    import yaml

    from conftest import REPO
    from halo_forge.cli import _shown

    text = " ".join(cli("demo", "--help").stdout.split())
    for key, value in yaml.safe_load(open(REPO / "configs" / "demo.yaml"))["demo"].items():
        assert f"(default: {_shown(value)}, from configs/demo.yaml)" in text, key
    assert "VALUE" not in text and "None)" not in text
