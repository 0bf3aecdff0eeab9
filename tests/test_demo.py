"""`halo-forge demo` end to end on a tiny random model: every stage, the table, the report, resuming.

The real run (embedded SmolLM2, ~25 minutes) is `make demo`; its measured table is in docs/demo.md.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time

import pytest
import yaml

from conftest import REPO
from raft_fixtures import SYSTEM, build_model_dir

REPO_DEMO = REPO / "configs" / "demo.yaml"
STAGES = ["Base benchmark", "SFT", "SFT baseline benchmark", "RAFT cycle 1", "Sampled evaluation",
          "Report and plots"]            # the console's stages of demo_config's run
N = len(STAGES)
# What the libraries print when left alone (see halo_forge/console.py): none of it reaches the user.
NOISE = ["Could not find a config file", "de-quantizing", "Loading weights", "{'loss'", "{'eval_loss'",
         "INFO matplotlib", "Using categorical units", "FutureWarning", "Building labels", "it/s]",
         "Writing model shards"]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return build_model_dir(tmp_path_factory.mktemp("tiny") / "model", steps=20)


def demo_config(tmp_path, tiny_model, **changes) -> str:
    """configs/demo.yaml with the sizes cut down and the tiny model in place of SmolLM2."""
    cfg = yaml.safe_load(open(REPO_DEMO))
    cfg["demo"].update(output_dir=str(tmp_path / "run"), heldout_tasks=2, sft_tasks=4, eval_samples=2,
                       eval_temperature=1.0)
    cfg["model"]["system_prompt"] = SYSTEM
    cfg["generation"].update(max_new_tokens=12, batch_size=8, engine="hf")   # the tiny model is no GGUF file
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
    # piped (not a terminal): plain lines, each stage once when it starts and once when it is done
    assert "\x1b[" not in first.stdout + first.stderr and "\r" not in first.stdout + first.stderr
    assert [line for line in lines if line.endswith(" ...")] == [
        f"[{k}/{N}] {name} ..." for k, name in enumerate(STAGES, 1)]
    done = [line for line in lines if re.match(rf"\[\d/{N}\] .* · \d+:\d\d", line)]
    assert [line.split(" · ")[0] for line in done] == [f"[{k}/{N}] {name}" for k, name in enumerate(STAGES, 1)]
    assert all(re.search(r"ETA \d+:\d\d \(\d\d:\d\d\)$", line) for line in done[:-1]), done
    assert re.search(r"\d+ steps?, train loss \d\.\d+, validation loss", done[1])   # the loss, one line
    assert not [noise for noise in NOISE if noise in first.stdout + first.stderr]
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
    shown = [line.split(" · ") for line in again_lines if re.match(rf"\[\d/{N}\] .* · ", line)]
    assert [parts[:2] for parts in shown[:-1]] == [[f"[{k}/{N}] {name}", "done earlier"]
                                                   for k, name in enumerate(STAGES[:-1], 1)]
    assert [parts[0] for parts in shown[-1:]] == [f"[{N}/{N}] Report and plots"]   # the report is rewritten
    quiet = cli("demo", "--config", config, "--quiet")                          # only the results
    assert quiet.returncode == 0 and quiet.stderr == ""
    quiet_lines = quiet.stdout.splitlines()
    assert not [line for line in quiet_lines if line.startswith("[")]
    quiet_header = quiet_lines.index(lines[header])
    assert quiet_lines[quiet_header:quiet_header + 5] == lines[header:header + 5]
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


def run_in_terminal(argv: list[str], columns: int = 100) -> tuple[int, str]:
    """Run ``halo-forge ARGV`` with a pseudo-terminal as stdout and stderr; everything it wrote."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen([sys.executable, "-m", "halo_forge", *argv], stdin=slave, stdout=slave,
                            stderr=slave, cwd=REPO, env=env, close_fds=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break            # exited, and nothing more to read (a grandchild may hold the terminal)
            continue
        try:
            data = os.read(master, 65536)
        except OSError:          # EIO: every writer closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def screen_lines(raw: str) -> list[str]:
    """The lines a terminal shows after ``raw`` (its cursor-up, erase and carriage-return codes applied;
    colours dropped): what stays on the screen once the live view has gone."""
    lines, row, col = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+|\x1b", raw):
        if token == "\n":
            row += 1
            if row == len(lines):
                lines.append("")
        elif token == "\r":
            col = 0
        elif token.startswith("\x1b["):
            code, arg = token[-1], token[2:-1]
            if code == "A":
                row = max(0, row - int(arg or 1))
            elif code == "K":
                lines[row] = "" if arg == "2" else lines[row][:col]
        elif token != "\x1b":
            line = lines[row].ljust(col)
            lines[row] = line[:col] + token + line[col + len(token):]
            col += len(token)
    return [line.rstrip() for line in lines if line.strip()]


def test_demo_in_a_terminal_shows_stages_eta_and_a_table_and_no_library_noise(tmp_path, tiny_model):
    code, out = run_in_terminal(["demo", "--config", demo_config(tmp_path, tiny_model)], columns=140)
    assert code == 0, out[-3000:]
    frames = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out)       # every frame the live view drew
    assert re.search(rf"\[\d/{N}\] [^\r\n]* · \d+:\d\d elapsed, ETA \d+:\d\d \(\d\d:\d\d\)", frames)
    assert re.search(r"  (generate|verify|train) +━+ ", frames)         # the stage's bar
    assert not [noise for noise in NOISE if noise in frames]

    screen = screen_lines(out)                                 # what stays: one line per stage, the table
    done = [line for line in screen if line.startswith("✓ [")]
    assert [line.split(" · ")[0] for line in done] == [f"✓ [{k}/{N}] {name}" for k, name in enumerate(STAGES, 1)]
    assert not [line for line in screen if "elapsed, ETA" in line]   # the live view is gone
    assert f"demo: {N} stages in" in " ".join(screen) and len(screen) <= 25, screen
    header = next(i for i, line in enumerate(screen) if "Stage" in line and "Compile Rate" in line)
    assert [c.strip() for c in screen[header].strip("┃").split("┃")][:3] == ["Stage", "Compile Rate", "pass@1"]
    assert [line.split("│")[1].strip() for line in screen[header + 2:header + 5]] == [
        "Base", "SFT baseline", "RAFT cycle 1"]
