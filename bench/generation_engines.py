"""The generation engines side by side on the demo's workload: useful tokens/s, the fraction of this
machine's matmul roofline, greedy agreement, the speed-up of each over the pruned HF path, and (with
``--pass-rate``) the held-out pass rate of the HF and OpenVINO engines on the same tasks and seeds.

    .venv/bin/python bench/generation_engines.py                   # fp32, 16 held-out prompts x 4, 256 tokens
    .venv/bin/python bench/generation_engines.py --dtypes fp32 bf16 --profile
    .venv/bin/python bench/generation_engines.py --repeats 0 --pass-rate runs/demo/sft/adapter

Engines (same weights, same seeds, run interleaved, median of ``--repeats``):

* ``pruned``: the HF engine before continuous batching (``generation.continuous_batching: off``): batches
  of ``batch_size`` rows that shrink as rows finish, transformers' dynamic KV cache.
* ``continuous``: the default on CPU (``continuous_batching: auto``): refilled slots, in-place KV buffer.
* ``openvino``: ``generation.engine: openvino`` (OpenVINO GenAI on 8-bit weights; only where the
  ``openvino`` extra is installed and the model was loaded from a GGUF file).

``--pass-rate MODEL`` runs the demo's sampled protocol (every held-out bundled C task, 8 samples at
temperature 0.2, 384 new tokens, gcc with the tests) with the continuous HF engine under seeds 0 and 1 (the
sampling noise between two seeds of one engine) and the OpenVINO engine under seed 0, and prints the
paired differences with 95% bootstrap intervals over tasks.

*Useful* tokens are the tokens a completion keeps (up to its closing code fence, EOS included). The
roofline is the measured fp32/bf16 ``torch.mm`` rate on the model's layer shapes divided by the model's
matmul FLOPs per token (2 x the parameters every token multiplies, the output projection included).
``--profile`` profiles a short run of each path and prints where the time goes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import torch

from halo_forge.config import DEFAULT_MODEL, GenerationConfig, ModelConfig, VerifierConfig
from halo_forge.generation import engine_on
from halo_forge.models import load_model
from halo_forge.tasks import Task

HELDOUT = Path(__file__).resolve().parents[1] / "halo_forge" / "data" / "bundled" / "c.jsonl"
# name -> the generation settings that pick it
ENGINES = {"pruned": {"continuous_batching": "off"}, "continuous": {"continuous_batching": "on"},
           "openvino": {"engine": "openvino"}}


def heldout_tasks() -> list[Task]:
    tasks = [Task.from_dict(json.loads(line)) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    return [task for task in tasks if task.metadata["split"] == "heldout"]


def heldout_prompts(count: int) -> list[str]:
    return [task.prompt for task in heldout_tasks()][:count]


def available_engines(model_name: str) -> dict[str, dict]:
    try:
        from halo_forge.generation_openvino import gguf_source, require_openvino

        require_openvino()
        gguf_source(model_name)
        return ENGINES
    except Exception as exc:      # noqa: BLE001 - the bench runs the engines it can, and says why not
        print(f"openvino engine left out: {str(exc).splitlines()[0]}")
        return {name: changes for name, changes in ENGINES.items() if name != "openvino"}


def matmul_gflops(dtype: torch.dtype, hidden: int, intermediate: int, repeats: int = 20) -> float:
    """Median torch.mm GFLOPS over the decode batch sizes 64..512 on an MLP-shaped weight."""
    rates = []
    for rows in (64, 128, 256, 512):
        a, b = torch.randn(rows, hidden, dtype=dtype), torch.randn(hidden, intermediate, dtype=dtype)
        torch.mm(a, b)
        start = time.perf_counter()
        for _ in range(repeats):
            torch.mm(a, b)
        rates.append(2 * rows * hidden * intermediate * repeats / (time.perf_counter() - start) / 1e9)
    return statistics.median(rates)


def flops_per_token(model) -> float:
    """2 x the weights one token multiplies: every linear layer, the output projection included (the
    input embedding is a lookup)."""
    return 2.0 * sum(m.weight.numel() for m in model.modules() if isinstance(m, torch.nn.Linear))


def run(engine: Any, prompts: list[str], samples: int, sampling: GenerationConfig):
    start = time.perf_counter()
    results = engine.generate(prompts, samples, sampling)
    seconds = time.perf_counter() - start
    return sum(c.num_tokens for per in results for c in per) / seconds, results


def profile_step(engine: Any, prompts: list[str], samples: int, sampling: GenerationConfig) -> None:
    """Where the time of a short run (48 new tokens, prefill included) goes: torch.profiler's self
    time per operator group, for each path."""
    from torch.profiler import ProfilerActivity, profile

    groups = {"matmul": ("aten::mm", "aten::addmm", "aten::bmm"), "KV cache cat": ("aten::cat",),
              "attention": ("aten::_scaled_dot_product_flash_attention_for_cpu",),
              "elementwise (norm, rope, silu, mask)": ("aten::mul", "aten::add", "aten::pow", "aten::mean",
                                                       "aten::silu", "aten::rsqrt", "aten::neg", "aten::sub",
                                                       "aten::_fused_rms_norm", "aten::cos", "aten::sin",
                                                       "aten::le", "aten::div", "aten::copy_"),
              "sampling (topk, softmax, multinomial)": ("aten::topk", "aten::exp", "aten::exp_",
                                                        "aten::multinomial", "aten::cumsum", "aten::logsumexp",
                                                        "aten::amax", "aten::sum"),
              "cache re-indexing": ("aten::index_select", "aten::index", "aten::index_put_")}
    for name in ("pruned", "continuous"):
        sampling_here = dataclasses.replace(sampling, max_new_tokens=48, **ENGINES[name])
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            start = time.perf_counter()
            engine.generate(prompts, samples, sampling_here)
            seconds = time.perf_counter() - start
        totals = {group: 0.0 for group in groups}
        everything = 0.0
        for event in prof.key_averages():
            everything += event.self_cpu_time_total
            for group, ops in groups.items():
                if event.key in ops:
                    totals[group] += event.self_cpu_time_total
        print(f"profile {name}: {seconds:.1f}s for {len(prompts) * samples} samples x 48 tokens")
        for group, value in totals.items():
            print(f"  {group:40s} {100 * value / everything:5.1f}%")
        print(f"  {'other (Python, framework, allocation)':40s} "
              f"{100 * (1 - sum(totals.values()) / everything):5.1f}%")


def pass_rates(model_name: str, dtype_name: str) -> None:
    """The demo's sampled protocol on every held-out task: HF continuous (seeds 0 and 1), OpenVINO (seed 0);
    paired differences with 95% bootstrap intervals over tasks."""
    import random

    from halo_forge.benchmark.runner import evaluate
    from halo_forge.rlvr.verifiers.registry import build_verifier

    tasks = heldout_tasks()
    model, tokenizer = load_model(model_name, ModelConfig(dtype=dtype_name))
    base = dataclasses.replace(GenerationConfig(), temperature=0.2, max_new_tokens=384, batch_size=64)
    runs = {"hf seed 0": dataclasses.replace(base, seed=0), "hf seed 1": dataclasses.replace(base, seed=1),
            "openvino seed 0": dataclasses.replace(base, seed=0, engine="openvino")}
    per_task: dict[str, list[float]] = {}
    verifier_cfg = VerifierConfig(type="gcc", options={"run_after_compile": True, "timeout": 30, "run_timeout": 5})
    with build_verifier(verifier_cfg, training=True) as verifier:
        for name, sampling in runs.items():
            engine = engine_on(model, tokenizer, ModelConfig(), sampling, model_name, progress=False)
            start = time.perf_counter()
            result = evaluate(engine, verifier, tasks, n=8, sampling=sampling, ks=[1, 8], seed=sampling.seed)
            per_task[name] = [row["correct"] / row["samples"] for row in result.per_task]
            print(f"  {name}: pass@1 (n=8) {result.at_1:.3f}, pass@8 {result.scores['pass@8']:.3f}, "
                  f"compile {result.compile_rate:.3f} ({time.perf_counter() - start:.0f}s)", flush=True)
    rng = random.Random(0)
    for name in ("hf seed 1", "openvino seed 0"):
        diffs = [b - a for a, b in zip(per_task["hf seed 0"], per_task[name])]
        boots = sorted(sum(rng.choice(diffs) for _ in diffs) / len(diffs) for _ in range(4000))
        print(f"{name} - hf seed 0: pass@1 {statistics.mean(diffs):+.3f} "
              f"[{boots[100]:+.3f}, {boots[3899]:+.3f}] over {len(tasks)} tasks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--dtypes", nargs="+", default=["fp32"], choices=("fp32", "bf16"))
    parser.add_argument("--prompts", type=int, default=16, help="held-out C tasks (bundled-c)")
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--max-new-tokens", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--greedy-prompts", type=int, default=16, help="prompts of the greedy agreement check")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--pass-rate", metavar="MODEL", help="also compare held-out pass rates (see above) "
                        "of MODEL (the embedded model or an adapter trained on it)")
    args = parser.parse_args()

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    flags = sorted({f for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("flags")
                    for f in line.split() if f.startswith(("avx512_bf16", "avx512_vnni", "amx", "avx2"))})
    print(f"CPU {cpu}; flags {' '.join(flags)}; torch {torch.__version__}, threads {torch.get_num_threads()}")
    prompts = heldout_prompts(args.prompts)
    sampling = dataclasses.replace(GenerationConfig(), temperature=args.temperature,
                                   max_new_tokens=args.max_new_tokens, batch_size=args.batch_size)
    table = []
    engines = available_engines(args.model)
    for dtype_name in args.dtypes:
        model, tokenizer = load_model(args.model, ModelConfig(dtype=dtype_name))
        by_engine = {name: engine_on(model, tokenizer, ModelConfig(), dataclasses.replace(sampling, **changes),
                                     args.model, progress=False) for name, changes in engines.items()}
        gflops = matmul_gflops(model.dtype, model.config.hidden_size, model.config.intermediate_size)
        roofline = gflops * 1e9 / flops_per_token(model)
        print(f"{dtype_name}: matmul {gflops:.0f} GFLOPS, {flops_per_token(model) / 1e9:.3f} GFLOP/token -> "
              f"roofline {roofline:.0f} tok/s", flush=True)
        if args.profile:
            profile_step(by_engine["pruned"], prompts, args.samples, sampling)
        rates: dict[str, list[float]] = {name: [] for name in engines}
        for repeat in range(args.repeats):
            for name, changes in engines.items():
                rate, _ = run(by_engine[name], prompts, args.samples,
                              dataclasses.replace(sampling, seed=repeat, **changes))
                rates[name].append(rate)
                print(f"  {dtype_name} repeat {repeat + 1} {name}: {rate:.1f} useful tok/s", flush=True)
        if not args.repeats:
            continue
        greedy = {name: run(by_engine[name], prompts[:args.greedy_prompts], 1, dataclasses.replace(
            sampling, temperature=0.0, **changes))[1] for name, changes in engines.items()}
        for name in engines:
            same = sum(a[0].text == b[0].text for a, b in zip(greedy["pruned"], greedy[name]))
            median = statistics.median(rates[name])
            table.append((dtype_name, name, median, median / roofline, f"{same}/{len(greedy[name])}"))
        del by_engine
    print("\n| dtype | engine | useful tok/s (median) | of roofline | greedy identical to pruned |")
    print("|---|---|---|---|---|")
    for dtype_name, name, median, fraction, same in table:
        print(f"| {dtype_name} | {name} | {median:.1f} | {100 * fraction:.0f}% | {same} |")
    for dtype_name in args.dtypes:
        by_name = {name: median for d, name, median, _, _ in table if d == dtype_name}
        for name in [n for n in by_name if n != "pruned"]:
            print(f"{dtype_name}: speed-up {by_name[name] / by_name['pruned']:.1f}× "
                  f"({name} vs pruned, the HF engine before continuous batching)")
    if args.pass_rate:
        pass_rates(args.pass_rate, args.dtypes[0])


if __name__ == "__main__":
    main()
