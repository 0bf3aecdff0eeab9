"""halo_forge.console: the learned ETA, the plain view's lines, and the libraries kept quiet.

The terminal view end to end (a pseudo-terminal, and piped) is tested on a tiny demo in test_demo.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import REPO
from halo_forge import console
from halo_forge.console import Planned, Reporter, _Stage, clock, estimate_remaining


def stages(*rows):
    """``(kind, cost, seconds or None, skipped)`` rows as stages."""
    out = []
    for index, (kind, cost, seconds, skipped) in enumerate(rows):
        out.append(_Stage(Planned(f"s{index}", f"stage {index}", kind, cost), started=0.0, seconds=seconds,
                          skipped=skipped))
    return out


def test_eta_uses_each_kinds_measured_speed_and_the_overall_speed_for_new_kinds():
    plan = stages(("benchmark", 100, 50.0, False), ("sft", 200, None, False), ("benchmark", 100, None, False),
                  ("raft", 300, None, False))
    plan[1].started = 90.0
    # sft and raft have no measurement yet: the overall 0.5 s per unit; the benchmark its own 0.5
    assert estimate_remaining(plan, plan[1], now=100.0) == pytest.approx(0.5 * 200 - 10 + 0.5 * 100 + 0.5 * 300)
    plan[1].seconds = 40.0                      # sft ran at 0.2 s per unit: kinds keep their own speed
    plan[2].started = 140.0
    assert estimate_remaining(plan, plan[2], now=140.0) == pytest.approx(50 + (50 + 40) / 300 * 300)


def test_eta_takes_the_costs_as_a_first_guess_and_needs_a_cost_for_every_stage_left():
    plan = stages(("benchmark", 100, None, False), ("sft", 200, None, False))
    plan[0].started = 0.0
    assert estimate_remaining(plan, plan[0], now=30.0) is None
    assert estimate_remaining(plan, plan[0], now=30.0, prior=1.0) == pytest.approx(70 + 200)
    plan[1].planned = Planned("s1", "unplanned", "sft", None)
    assert estimate_remaining(plan, plan[0], now=30.0, prior=1.0) is None


def test_eta_projects_the_current_bar_and_ignores_stages_finished_earlier():
    plan = stages(("benchmark", 100, 0.5, True), ("benchmark", 100, None, False), ("raft", 100, None, False))
    plan[1].started = 0.0
    assert estimate_remaining(plan, plan[1], now=5.0) is None            # a skipped stage teaches nothing
    # a quarter done after 20 s: 60 s left here, and the same speed for the rest
    assert estimate_remaining(plan, plan[1], now=20.0, bar_fraction=0.25, bar_elapsed=20.0) == pytest.approx(
        60 + 80)
    # a bar slower than the learned speed wins over it
    plan[0].skipped, plan[0].seconds = False, 10.0
    assert estimate_remaining(plan, plan[1], now=20.0, bar_fraction=0.25, bar_elapsed=20.0) == pytest.approx(
        60 + 10)


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (75, "1:15"), (3725, "1:02:05")])
def test_clock(seconds, shown):
    assert clock(seconds) == shown


@pytest.fixture
def plain(monkeypatch):
    reporter = Reporter("plain")
    monkeypatch.setattr(console, "_reporter", reporter)
    return reporter


def test_plain_view_prints_stage_lines_progress_at_most_once_a_minute_and_skips(plain, capsys, monkeypatch):
    plan = [Planned("a", "First", "x", 10), Planned("b", "Second", "x", 10), Planned("c", "Third", "x", 10),
            Planned("d", "Never", "x", 10)]
    with console.run("probe", plan):
        console.skip("a")
        with console.stage("b") as stage:
            with console.progress("generate", total=4, unit="sample") as bar:
                bar.update(1)                                   # within the first minute: no line
                monkeypatch.setattr(console, "PLAIN_PROGRESS_EVERY_S", 0.0)
                bar.update(1)
            stage.summary("all good")
        console.drop("d")
        with console.stage("c"):
            pass
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"\[1/4\] First · done earlier · ETA 0:30 \(\d\d:\d\d, a first guess\)", lines[0])
    assert lines[1] == "[2/4] Second ..."
    assert re.fullmatch(r"\[2/4\] Second: generate 2/4 samples, 0:00 elapsed, ETA .*", lines[2])
    assert re.fullmatch(r"\[2/4\] Second · 0:00 · all good · ETA 0:00 \(\d\d:\d\d\)", lines[3])
    assert lines[4:] == ["[3/3] Third ...", "[3/3] Third · 0:00", "probe: 3 stages in 0:00"]


def test_quiet_view_prints_nothing(monkeypatch, capsys):
    monkeypatch.setattr(console, "_reporter", Reporter("quiet"))
    with console.run("probe", [Planned("a", "First")]), console.stage("a"):
        with console.progress("x", total=1) as bar:
            bar.update(1)
    assert capsys.readouterr().out == ""


def test_without_configure_stages_do_nothing_and_progress_is_tqdm(monkeypatch, capsys):
    monkeypatch.setattr(console, "_reporter", None)
    with console.run("probe", [Planned("a", "First")]), console.stage("a") as stage:
        stage.summary("ignored")
        with console.progress("x", total=2, disable=True) as bar:
            bar.update(2)
            assert type(bar).__module__.startswith("tqdm")
    assert capsys.readouterr().out == ""


@pytest.mark.slow
def test_loading_and_saving_the_embedded_model_prints_no_library_noise():
    # The GGUF de-quantization bar, "Loading weights", peft's "Could not find a config file in embedded:..."
    # on save and transformers' FutureWarnings all appear here without console.configure (or with --debug).
    script = """
import tempfile
from halo_forge import console
console.configure()
from halo_forge.config import ModelConfig, SFTConfig
from halo_forge.models import load_model
from halo_forge.sft.lora import add_lora, save_adapter
model, tokenizer = load_model("embedded:smollm2-135m", ModelConfig(), trainable=True)
model = add_lora(model, SFTConfig())
save_adapter(model, tokenizer, tempfile.mkdtemp() + "/adapter", "embedded:smollm2-135m")
print("saved")
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "saved\n"
    assert [line.split(" on ")[0] for line in proc.stderr.splitlines()] == [
        "INFO halo_forge.models: loaded embedded:smollm2-135m (embedded)"]     # our one line about it


@pytest.mark.parametrize("debug", [False, True])
def test_library_noise_is_silenced_and_debug_shows_it(debug):
    script = f"""
import logging, warnings
from halo_forge import console
console.configure(debug={debug})
from tqdm.auto import tqdm         # after configure, as in the CLI (tqdm reads its defaults on import)
warnings.warn("Could not find a config file in embedded:smollm2-135m - will assume ...")
warnings.warn("Could not find a config file in /some/model - will assume ...")   # not ours to hide
warnings.warn("old API", FutureWarning)
for _ in tqdm(range(3), desc="Converting and de-quantizing GGUF tensors..."):
    pass
logging.getLogger("matplotlib.category").info("Using categorical units")
logging.getLogger("halo_forge.demo").info("ours")
logging.getLogger("halo_forge.demo").warning("careful")
"""
    env = {k: v for k, v in os.environ.items() if k != "TQDM_DISABLE"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    shown = {noise: noise in proc.stderr for noise in ("embedded:smollm2-135m", "old API", "de-quantizing",
                                                        "Using categorical units")}
    assert shown == {noise: debug for noise in shown}
    assert "/some/model" in proc.stderr and "INFO halo_forge.demo: ours" in proc.stderr
    assert "WARNING halo_forge.demo: careful" in proc.stderr


def test_the_cli_configures_the_console_before_tqdm_is_imported():
    # quiet_libraries() hides library bars through TQDM_DISABLE, which tqdm reads when it is imported.
    code = "import sys, halo_forge.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'tqdm'))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stderr
