"""The seed's CLI (the original halo-forge's CLI reference): every flag it documents is accepted here and does what
it said, or is a usage error naming the replacement; docs/cli.md lists each one."""

from __future__ import annotations

import argparse
import json

import pytest
import yaml

from conftest import REPO
from halo_forge.cli import Replaced, build_parser, typed_overrides
from halo_forge.config import load_config

# (command, flag) of the seed's CLI reference: its command pages and the RAFT guide's short flags.
SEED_FLAGS = [
    ("test", "--level"), ("test", "--verbose"), ("test", "--model"),
    ("info", "--gpu"), ("info", "--memory"), ("info", "--all"),
    ("data prepare", "--dataset"), ("data prepare", "--output"), ("data prepare", "--template"),
    ("data prepare", "--system-prompt"), ("data prepare", "--limit"), ("data prepare", "--list"),
    ("data generate", "--topic"), ("data generate", "--backend"), ("data generate", "--model"),
    ("data generate", "--output"), ("data generate", "--template"), ("data generate", "--list"),
    ("data validate", "--preview"), ("data validate", "-p"),
    ("data split", "--input"), ("data split", "--train"), ("data split", "--test"), ("data split", "--ratio"),
    ("sft train", "--config"), ("sft train", "--data"), ("sft train", "--output"), ("sft train", "--model"),
    ("sft train", "--epochs"), ("sft train", "--batch-size"), ("sft train", "--lr"), ("sft train", "--resume"),
    ("raft train", "--config"), ("raft train", "--checkpoint"), ("raft train", "--model"), ("raft train", "-m"),
    ("raft train", "--prompts"), ("raft train", "-p"), ("raft train", "--verifier"), ("raft train", "--cycles"),
    ("raft train", "--samples-per-prompt"), ("raft train", "--reward-threshold"),
    ("raft train", "--keep-percent"), ("raft train", "--temperature"), ("raft train", "--output"),
    ("raft train", "-o"), ("raft train", "--curriculum"), ("raft train", "--reward-shaping"),
    ("raft train", "--resume"),
    ("benchmark run", "--model"), ("benchmark run", "--prompts"), ("benchmark run", "--verifier"),
    ("benchmark run", "--samples"), ("benchmark run", "--k"), ("benchmark run", "--temperature"),
    ("benchmark run", "--output"), ("benchmark run", "--max-prompts"),
    ("benchmark full", "--model"), ("benchmark full", "--prompts"), ("benchmark full", "--verifier"),
    ("benchmark full", "--cycles"), ("benchmark full", "--suite"), ("benchmark full", "--output"),
]


def subparser(path: str) -> argparse.ArgumentParser:
    parser = build_parser()
    for word in path.split():
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[word]
    return parser


@pytest.mark.parametrize("command,flag", SEED_FLAGS, ids=lambda v: v.replace(" ", "-"))
def test_every_seed_flag_is_accepted_and_documented(command, flag):
    options = {o: a for a in subparser(command)._actions for o in a.option_strings}
    assert flag in options, f"halo-forge {command} lacks the seed's {flag}"
    section = (REPO / "docs" / "cli.md").read_text().split("## The seed's flags")[1]
    assert f"| `halo-forge {command}` | `{flag}` |" in section, (command, flag)


def parse(*argv):
    args = build_parser().parse_args(list(argv))
    return args, load_config(None, typed_overrides(args, args._command.sections))


def test_short_flags_and_seed_spellings_set_the_same_keys():
    _, cfg = parse("raft", "train", "-m", "M", "-p", "p.jsonl", "-o", "out")
    assert (cfg.raft.model_name, cfg.raft.prompts_file, cfg.raft.output_dir) == ("M", "p.jsonl", "out")
    _, cfg = parse("benchmark", "run", "-m", "M", "-p", "t.jsonl", "-o", "r.json")
    assert (cfg.benchmark.model_name, cfg.benchmark.prompts_file, cfg.benchmark.output_dir) == ("M", "t.jsonl", "r.json")
    _, cfg = parse("data", "prepare", "--dataset", "bundled-c", "--limit", "3", "-o", "x.jsonl")
    assert (cfg.data.max_tasks, cfg.data.output) == (3, "x.jsonl")
    args, cfg = parse("data", "split", "--input", "a.jsonl", "--train", "t.jsonl", "--test", "h.jsonl",
                      "--ratio", "0.9")
    assert (args.input, args.train_out, args.heldout_out, cfg.data.train_ratio) == ("a.jsonl", "t.jsonl", "h.jsonl", 0.9)
    args, _ = parse("sft", "train", "--resume", "runs/sft/checkpoints/checkpoint-500")
    assert args.resume == "runs/sft/checkpoints/checkpoint-500"
    assert parse("sft", "train", "--resume")[0].resume is True and parse("sft", "train")[0].resume is False


@pytest.mark.parametrize("argv,names", [
    (["data", "prepare", "--template", "qwen"], "the chat template is the model's own"),
    (["data", "prepare", "--system-prompt", "x"], "--system-prompt TEXT (model.system_prompt)"),
    (["data", "generate", "--template", "llama"], "the chat template is the model's own"),
    (["benchmark", "full", "--suite", "all"], "once per --model"),
    (["benchmark", "full", "--prompts", "p.jsonl"], "raft train --prompts FILE --verifier V"),
    (["benchmark", "full", "--verifier", "mbpp"], "raft train --prompts FILE --verifier NAME"),
])
def test_seed_flags_without_equivalent_are_usage_errors_naming_the_replacement(cli, argv, names):
    proc = cli(*argv)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].startswith(f"halo-forge {' '.join(argv[:2])}: error: {argv[2]}: ")
    assert names in proc.stderr


def test_replaced_flags_are_marked_in_help():
    replaced = [a for a in subparser("data prepare")._actions if isinstance(a, Replaced)]
    assert {o for a in replaced for o in a.option_strings} == {"--template", "--system-prompt"}


def test_info_parts(cli):
    gpu = cli("info", "--gpu")
    assert gpu.returncode == 0 and gpu.stdout.startswith("gpu") and "toolchains" not in gpu.stdout
    memory = cli("info", "--memory")
    assert memory.returncode == 0 and memory.stdout.startswith("ram ") and "GiB total" in memory.stdout
    everything = cli("info", "--all")
    assert everything.returncode == 0
    for part in ("toolchains:", "\ngpu", "\nram ", "environment:", "HSA_OVERRIDE_GFX_VERSION"):
        assert part in everything.stdout


def test_selftest_verbose_shows_the_environment(cli):
    quiet, verbose = cli("test", "--level", "smoke"), cli("test", "--level", "smoke", "-v")
    assert quiet.returncode == verbose.returncode == 0, verbose.stdout + verbose.stderr
    assert "toolchains:" not in quiet.stdout and "toolchains:" in verbose.stdout
    assert "sandbox " in verbose.stdout.split("self-check")[0]


def test_data_prepare_and_generate_list(cli, tmp_path):
    datasets = cli("data", "prepare", "--list")
    assert datasets.returncode == 0 and [l.split()[0] for l in datasets.stdout.splitlines()] == \
        ["bundled-c", "bundled-cpp", "humaneval", "mbpp", "codeforces"]
    backends = cli("data", "generate", "--list")
    assert backends.returncode == 0 and "ollama" in backends.stdout and "topics are free text" in backends.stdout
    out = tmp_path / "c.jsonl"
    limited = cli("data", "prepare", "--dataset", "bundled-c", "--limit", "3", "-o", str(out))
    assert limited.returncode == 0 and len(out.read_text().splitlines()) == 3
    seed_name = cli("data", "prepare", "--dataset", "codeforces_cpp", "-o", str(out))
    assert seed_name.returncode == 2 and "here: codeforces --language cpp" in seed_name.stderr


def test_resume_errors_name_what_is_missing(cli, tmp_path):
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"prompt": "p", "completion": "c"}) + "\n")
    proc = cli("sft", "train", "--data", str(data), "-o", str(tmp_path / "sft"), "--resume", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "not a training checkpoint (no trainer_state.json)" in proc.stderr
    proc = cli("raft", "train", "-p", str(data), "-o", str(tmp_path / "raft"), "--resume")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"halo-forge: error: {tmp_path / 'raft'}: no RAFT run to resume (run without " \
                                  "--resume to start one)"


@pytest.mark.slow
def test_benchmark_full_is_the_demo_with_the_seeds_model_and_cycles(cli, tmp_path):
    from raft_fixtures import SYSTEM, build_model_dir
    tiny = build_model_dir(tmp_path / "tiny", steps=20)
    cfg = yaml.safe_load((REPO / "configs" / "demo.yaml").read_text())
    cfg["demo"].update(heldout_tasks=2, sft_tasks=4, eval_samples=0)
    cfg["model"]["system_prompt"] = SYSTEM
    cfg["generation"].update(max_new_tokens=12, batch_size=8)   # engine openvino: --model (no GGUF) gets hf
    cfg["sft"].update(model_name="not-a-model", num_epochs=1, batch_size=2, val_split=0.25, save_steps=1)
    cfg["raft"].update(num_cycles=5, max_prompts=2, samples_per_prompt=2, train_batch_size=2,
                       bootstrap_samples=50, reward_threshold=0.0)
    config = tmp_path / "full.yaml"
    config.write_text(yaml.safe_dump(cfg))
    out = tmp_path / "full"
    proc = cli("benchmark", "full", "--config", str(config), "--model", str(tiny), "--cycles", "1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "RAFT cycle 1" in proc.stdout and "RAFT cycle 2" not in proc.stdout   # --cycles won over the YAML's 5
    base = json.loads((out / "base" / "results.json").read_text())
    assert base["model"] == str(tiny)                                           # --model won over the YAML
    assert base["sampling"]["engine"] == "hf" and "generation.engine: hf for" in proc.stderr
