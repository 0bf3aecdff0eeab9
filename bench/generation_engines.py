"""The generation engines side by side on the demo's workload: useful tokens/s, the fraction of this
machine's matmul roofline, greedy agreement, and the speed-up of the default over the pruned HF path.

    .venv/bin/python bench/generation_engines.py                   # fp32, 16 held-out prompts x 4, 256 tokens
    .venv/bin/python bench/generation_engines.py --dtypes fp32 bf16 --profile

Engines (all ``HFEngine``, same weights, same seeds, run interleaved, median of ``--repeats``):

* ``pruned``: the HF engine before continuous batching (``generation.continuous_batching: off``): batches
  of ``batch_size`` rows that shrink as rows finish, transformers' dynamic KV cache.
* ``continuous``: the default on CPU (``continuous_batching: auto``): refilled slots, in-place KV buffer.

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

import torch

from halo_forge.config import DEFAULT_MODEL, GenerationConfig, ModelConfig
from halo_forge.generation import HFEngine
from halo_forge.models import load_model

HELDOUT = Path(__file__).resolve().parents[1] / "halo_forge" / "data" / "bundled" / "c.jsonl"
ENGINES = {"pruned": "off", "continuous": "on"}   # name -> generation.continuous_batching


def heldout_prompts(count: int) -> list[str]:
    tasks = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines()]
    return [task["prompt"] for task in tasks if task["metadata"]["split"] == "heldout"][:count]


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


def run(engine: HFEngine, prompts: list[str], samples: int, sampling: GenerationConfig):
    start = time.perf_counter()
    results = engine.generate(prompts, samples, sampling)
    seconds = time.perf_counter() - start
    return sum(c.num_tokens for per in results for c in per) / seconds, results


def profile_step(engine: HFEngine, prompts: list[str], samples: int, sampling: GenerationConfig) -> None:
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
    for name, setting in ENGINES.items():
        sampling_here = dataclasses.replace(sampling, continuous_batching=setting, max_new_tokens=48)
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
    for dtype_name in args.dtypes:
        model, tokenizer = load_model(args.model, ModelConfig(dtype=dtype_name))
        engine = HFEngine(model, tokenizer, ModelConfig(), progress=False)
        gflops = matmul_gflops(model.dtype, model.config.hidden_size, model.config.intermediate_size)
        roofline = gflops * 1e9 / flops_per_token(model)
        print(f"{dtype_name}: matmul {gflops:.0f} GFLOPS, {flops_per_token(model) / 1e9:.3f} GFLOP/token -> "
              f"roofline {roofline:.0f} tok/s", flush=True)
        if args.profile:
            profile_step(engine, prompts, args.samples, sampling)
        rates: dict[str, list[float]] = {name: [] for name in ENGINES}
        for repeat in range(args.repeats):
            for name, setting in ENGINES.items():
                rate, _ = run(engine, prompts, args.samples,
                              dataclasses.replace(sampling, seed=repeat, continuous_batching=setting))
                rates[name].append(rate)
                print(f"  {dtype_name} repeat {repeat + 1} {name}: {rate:.1f} useful tok/s", flush=True)
        greedy = {name: run(engine, prompts[:args.greedy_prompts], 1, dataclasses.replace(
            sampling, temperature=0.0, continuous_batching=setting))[1] for name, setting in ENGINES.items()}
        same = sum(a[0].text == b[0].text for a, b in zip(greedy["pruned"], greedy["continuous"]))
        for name in ENGINES:
            median = statistics.median(rates[name])
            table.append((dtype_name, name, median, median / roofline, f"{same}/{len(greedy[name])}"))
    print("\n| dtype | engine | useful tok/s (median) | of roofline | greedy identical to pruned |")
    print("|---|---|---|---|---|")
    for dtype_name, name, median, fraction, same in table:
        print(f"| {dtype_name} | {name} | {median:.1f} | {100 * fraction:.0f}% | {same} |")
    for dtype_name in args.dtypes:
        by_name = {name: median for d, name, median, _, _ in table if d == dtype_name}
        print(f"{dtype_name}: speed-up {by_name['continuous'] / by_name['pruned']:.1f}× "
              f"(continuous, the default on CPU, vs pruned, the HF engine before it)")


if __name__ == "__main__":
    main()
