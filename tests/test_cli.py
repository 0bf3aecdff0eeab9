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
