"""What each design choice of the demo changed: one run per choice, each from the same finished demo run.

    .venv/bin/python bench/raft_ablations.py --from runs/demo                      # every built-in variant
    .venv/bin/python bench/raft_ablations.py --from runs/demo --only rotate seed-43
    .venv/bin/python bench/raft_ablations.py --from runs/demo --variant lr-1e-4 raft.learning_rate=1e-4
    .venv/bin/python bench/raft_ablations.py --from runs/demo --table              # print, run nothing

A variant is the reference run's settings (its ``demo_config.json``) with a few keys changed. It runs as a
demo of its own in ``--output``/NAME, and everything the change cannot touch is copied from the reference
run instead of being recomputed: the base model's benchmarks always, the SFT adapter and the SFT baseline's
sampled evaluation when no SFT setting (``sft``, ``model``, ``demo.sft_fraction``/``sft_tasks``/
``dataset``) changed. So every variant has the same held-out tasks, seeds and scoring as the reference, and
its last cycle is compared with the reference's last cycle *paired* over tasks. A rerun resumes (a
variant's demo directory resumes like ``halo-forge demo``).

The built-in variants, one design choice each (``VARIANTS``):

    seed-43        raft.seed 43: the same design with other sampling seeds, the run-to-run noise yardstick
    rotate         raft.curriculum rotate: the previous curriculum instead of frontier
    shared-pools   demo.raft_pool all: RAFT samples the SFT tasks too, not only tasks it was never shown
    dedup-exact    raft.dedup exact: programs that differ only in comments or whitespace count as distinct
    partial-credit raft.selection threshold, raft.reward_threshold 0.85: samples that pass most of their
                   tests are kept too (under per_task_top_k a floor below 1.0 keeps nothing more: a task's
                   best sample is kept only when it passed)
    oracle-sft     demo.sft_fraction 1.0, demo.raft_pool all, raft.num_cycles 1: SFT on every train task's
                   reference solution, the ceiling of what RAFT's kept programs could teach

The table (``--table``, also written to ``--output``/ablations.md and ablations.json) has per variant: the
samples that passed and the programs kept (and from how many tasks), the SFT baseline's sampled pass@1 (and
its paired difference to the reference's SFT where SFT changed), the last cycle's sampled pass@1 and its
paired difference to its own SFT baseline, pass@n SFT -> last, the greedy and compile-rate differences, the
paired difference of the last cycle to the reference's last cycle, and RAFT's wall time.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from halo_forge.config import HaloConfig, config_from_dict, to_dict  # noqa: E402
from halo_forge.demo_report import paired_difference, read_json  # noqa: E402
from halo_forge.errors import InputError  # noqa: E402

log = logging.getLogger("raft_ablations")

VARIANTS: dict[str, dict[str, Any]] = {
    "seed-43": {"raft.seed": 43},
    "rotate": {"raft.curriculum": "rotate"},
    "shared-pools": {"demo.raft_pool": "all"},
    "dedup-exact": {"raft.dedup": "exact"},
    "partial-credit": {"raft.selection": "threshold", "raft.reward_threshold": 0.85},
    "oracle-sft": {"demo.sft_fraction": 1.0, "demo.raft_pool": "all", "raft.num_cycles": 1},
}
# What a variant must leave unchanged to reuse the reference's base benchmarks / SFT adapter.
BASE_KEYS = ("model", "generation", "verifier", "demo.dataset", "demo.heldout_tasks", "demo.eval_samples",
             "demo.eval_temperature")
SFT_KEYS = ("model", "sft", "demo.dataset", "demo.sft_fraction", "demo.sft_tasks")
TABLE, SUMMARY = "ablations.md", "ablations.json"


def reference_settings(run: Path) -> dict[str, Any]:
    """The finished demo run's settings, as a config mapping (verifier options back at the section's top)."""
    settings = read_json(run / "demo_config.json")
    if not settings or not (run / "demo.json").exists():
        raise InputError(f"{run}: not a finished demo run (no demo_config.json and demo.json); run "
                         "`halo-forge demo --output` there first")
    verifier = dict(settings["verifier"])
    settings["verifier"] = {**{k: v for k, v in verifier.items() if k != "options"}, **verifier["options"]}
    return settings


def variant_config(settings: dict[str, Any], changes: dict[str, Any], output_dir: Path) -> HaloConfig:
    data = json.loads(json.dumps(settings))
    for key, value in changes.items():
        section, _, name = key.partition(".")
        if section not in data or not name:
            raise InputError(f"variant key {key!r}: expected SECTION.KEY (e.g. raft.seed)")
        data[section][name] = value
    data["demo"]["output_dir"] = str(output_dir)
    return config_from_dict(data, where=f"variant {', '.join(f'{k}={v}' for k, v in changes.items())}: ")


def _value(cfg: dict[str, Any], key: str) -> Any:
    section, _, name = key.partition(".")
    return cfg[section] if not name else cfg[section].get(name)


def same(a: HaloConfig, b: HaloConfig, keys: tuple[str, ...]) -> bool:
    da, db = to_dict(a), to_dict(b)
    return all(_value(da, key) == _value(db, key) for key in keys)


def seed_from_reference(reference: Path, cfg: HaloConfig, ref_cfg: HaloConfig) -> list[str]:
    """Copy the stages the variant's changes cannot touch into its directory; returns their names."""
    root, copied = Path(cfg.demo.output_dir), []
    parts = []
    if same(cfg, ref_cfg, BASE_KEYS):
        parts += ["base", "sampled/base"]
        if same(cfg, ref_cfg, SFT_KEYS):
            parts += ["sft", "sampled/sft"]
    for part in parts:
        if (reference / part).exists() and not (root / part).exists():
            shutil.copytree(reference / part, root / part)
            copied.append(part)
    return copied


def run_variant(reference: Path, output: Path, name: str, changes: dict[str, Any]) -> Path:
    from halo_forge.demo import DemoRun

    settings = reference_settings(reference)
    ref_cfg = variant_config(settings, {}, reference)
    root = output / name
    cfg = variant_config(settings, changes, root)
    if (root / "demo.json").exists():
        log.info("%s: done already (%s)", name, root)
        return root
    root.mkdir(parents=True, exist_ok=True)
    (root / "variant.json").write_text(json.dumps({"name": name, "changes": changes,
                                                   "reference": str(reference)}, indent=2) + "\n")
    copied = seed_from_reference(reference, cfg, ref_cfg)
    log.info("%s: %s; reused from %s: %s", name, changes, reference, ", ".join(copied) or "nothing")
    started = time.perf_counter()
    DemoRun(cfg).run()
    log.info("%s: %.0f s", name, time.perf_counter() - started)
    return root


# ------------------------------------------------------------------------------------------------ table

def _results(run: Path, stage: str) -> dict[str, Any] | None:
    from halo_forge.benchmark.schema import load_results

    path = run / "sampled" / stage
    return load_results(path) if path.exists() else None


def _last_stage(run: Path) -> str:
    return f"cycle_{int(read_json(run / 'demo_config.json')['raft']['num_cycles'])}"


def summarize_variant(name: str, run: Path, reference: Path, resamples: int, seed: int) -> dict[str, Any]:
    demo = read_json(run / "demo.json")
    stages, cycles, timings = demo["stages"], demo["cycles"], demo.get("timings_s", {})
    sft, last = stages[1], stages[-1]
    row: dict[str, Any] = {
        "variant": name, "changes": (read_json(run / "variant.json") or {}).get("changes", {}),
        "passed": sum(c["passed"] for c in cycles), "kept": sum(c["kept"] for c in cycles),
        "kept_tasks": sorted({t for c in cycles for t in c["kept_tasks"]}),
        "sft_at_1": sft.get("sampled_at_1"), "last_at_1": last.get("sampled_at_1"),
        "sft_at_n": sft.get("sampled_at_n"), "last_at_n": last.get("sampled_at_n"), "n": last.get("sampled_n"),
        "last_vs_sft": [last.get("sampled_at_1_vs_sft"), last.get("sampled_at_1_vs_sft_ci")],
        "greedy_vs_sft": [last.get("at_1_vs_sft"), last.get("at_1_vs_sft_ci")],
        "compile_vs_sft": [last.get("compile_rate_vs_sft"), last.get("compile_rate_vs_sft_ci")],
        "raft_s": timings.get("raft"),
    }
    mine_sft, ref_sft = _results(run, "sft"), _results(reference, "sft")
    if run != reference and mine_sft and ref_sft and mine_sft != ref_sft:
        row["sft_vs_reference"] = paired_difference(mine_sft, ref_sft, "at_1", resamples, seed)
    mine_last, ref_last = _results(run, _last_stage(run)), _results(reference, _last_stage(reference))
    if run != reference and mine_last and ref_last:
        row["last_vs_reference"] = paired_difference(mine_last, ref_last, "at_1", resamples, seed)
    return row


def _d(pair: Any) -> str:
    if not pair or pair[0] is None:
        return "—"
    value, interval = pair
    return f"{value:+.3f}" + (f" [{interval[0]:+.2f}, {interval[1]:+.2f}]" if interval else "")


def _f(value: Any) -> str:
    return "—" if value is None else f"{value:.3f}"


def markdown(rows: list[dict[str, Any]]) -> str:
    n = next((r["n"] for r in rows if r["n"]), "n")
    header = ["variant", "changes", "passed", "kept (tasks)", f"SFT pass@1 (n={n})", "SFT vs reference SFT",
              f"last pass@1 (n={n})", "Δ vs own SFT", f"pass@{n} SFT → last", "Δ greedy pass@1",
              "Δ compile rate", "last vs reference last", "RAFT s"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        changes = ", ".join(f"{k}={v}" for k, v in r["changes"].items()) or "(configs as run)"
        cells = [r["variant"], changes, str(r["passed"]), f"{r['kept']} ({len(r['kept_tasks'])})",
                 _f(r["sft_at_1"]), _d(r.get("sft_vs_reference")), _f(r["last_at_1"]), _d(r["last_vs_sft"]),
                 f"{_f(r['sft_at_n'])} → {_f(r['last_at_n'])}", _d(r["greedy_vs_sft"]), _d(r["compile_vs_sft"]),
                 _d(r.get("last_vs_reference")), "—" if r["raft_s"] is None else f"{r['raft_s']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_table(reference: Path, output: Path, names: list[str]) -> str:
    ref = read_json(reference / "demo_config.json")
    resamples, seed = ref["raft"]["bootstrap_samples"], ref["generation"]["seed"]
    rows = [summarize_variant("reference", reference, reference, resamples, seed)]
    rows += [summarize_variant(name, output / name, reference, resamples, seed) for name in names
             if (output / name / "demo.json").exists()]
    text = markdown(rows)
    output.mkdir(parents=True, exist_ok=True)
    (output / TABLE).write_text(text, encoding="utf-8")
    (output / SUMMARY).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return text


# -------------------------------------------------------------------------------------------------- CLI

def parse_changes(pairs: list[str]) -> dict[str, Any]:
    changes = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise InputError(f"--variant: {pair!r} is not KEY=VALUE (e.g. raft.seed=43)")
        changes[key] = yaml.safe_load(value)
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="reference", type=Path, required=True,
                        help="a finished demo run (halo-forge demo --output DIR)")
    parser.add_argument("--output", type=Path, help="where the variants run (default: FROM-ablations)")
    parser.add_argument("--only", nargs="+", choices=sorted(VARIANTS), help="these built-in variants only")
    parser.add_argument("--variant", nargs="+", action="append", default=[], metavar="NAME KEY=VALUE",
                        help="a variant of your own: a name and the keys it changes (repeatable)")
    parser.add_argument("--table", action="store_true", help="print the table of what has run; run nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    reference = args.reference
    output = args.output or reference.with_name(reference.name + "-ablations")
    try:
        own = {spec[0]: parse_changes(spec[1:]) for spec in args.variant}
        variants = {name: VARIANTS[name] for name in (args.only or ([] if own else VARIANTS))} | own
        reference_settings(reference)
        if not args.table:
            for name, changes in variants.items():
                run_variant(reference, output, name, changes)
        print(write_table(reference, output, list(variants)))
    except InputError as err:
        print(f"raft_ablations: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
