"""Useful completion tokens per second: halo-forge's HF engine vs a naive baseline, same model, same prompts.

    .venv/bin/python bench/generation.py                      # embedded SmolLM2-135M, CPU, a few minutes
    .venv/bin/python bench/generation.py --random-init --batch-size 512 --prompts 64   # on a GPU

*Useful* tokens are the tokens a verifier needs: a completion up to the end of its first code block, or
up to EOS. The baseline is upstream's generation: 8 prompts per ``model.generate`` call with
``num_return_sequences=8``, no stop criterion, so every call runs until its longest sample hits EOS or
``max_new_tokens``; its useful tokens are counted with the same rule after the fact. Ours is
``HFEngine.generate`` (``generation.batch_size`` sequences per batch, prompts sorted by length, rows
leave the batch when their code block closes). Both run alternately ``--repeats`` times with the same
seed per repeat; the script prints per-run numbers, the medians and their ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

import torch

from halo_forge.config import DEFAULT_MODEL, GenerationConfig, ModelConfig
from halo_forge.generation import HFEngine, code_block_end
from halo_forge.models import chat_prompt, load_model, load_tokenizer, prompt_add_special_tokens, resolve_model

PROMPTS = [
    "Write a C function `int sum_array(const int *a, int n)` that returns the sum of the array.",
    "Write a C program that reads two integers from stdin and prints their greatest common divisor.",
    "Write a C function `void reverse(char *s)` that reverses a string in place.",
    "Write a C function `int is_prime(int n)` that returns 1 if n is prime and 0 otherwise.",
    "Write a C program that prints the first 20 Fibonacci numbers, one per line.",
    "Write a C function `int count_vowels(const char *s)` that counts the vowels in a string.",
    "Write a C function `int max_of(const int *a, int n)` that returns the largest element.",
    "Write a C program that reads a line from stdin and prints it in upper case.",
]


def useful_tokens(tokenizer, ids: list[int], eos: set[int]) -> int:
    """Tokens up to the first EOS (included) or up to the token that closes the first code block."""
    end = next((k + 1 for k, token in enumerate(ids) if token in eos), len(ids))
    ids = ids[:end]
    closed = lambda k: code_block_end(tokenizer.decode(ids[:k], skip_special_tokens=True)) is not None
    if not closed(len(ids)):
        return len(ids)
    lo, hi = 1, len(ids)  # a closed block stays closed as tokens are added: binary search the first k
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if closed(mid) else (mid + 1, hi)
    return lo


def run_baseline(model, tokenizer, prompts: list[str], samples: int, sampling: GenerationConfig,
                 system_prompt: str, eos: set[int]) -> tuple[int, int]:
    """Upstream's style: 8 prompts x ``samples`` per generate() call, no stop criterion.
    Returns (useful tokens, generated tokens)."""
    useful = generated = 0
    torch.manual_seed(sampling.seed)
    for start in range(0, len(prompts), 8):
        texts = [chat_prompt(tokenizer, p, system_prompt) for p in prompts[start:start + 8]]
        inputs = tokenizer(texts, return_tensors="pt", padding=True, padding_side="left",
                           add_special_tokens=prompt_add_special_tokens(tokenizer)).to(model.device)
        with torch.inference_mode():
            out = model.generate(**inputs, do_sample=True, temperature=sampling.temperature,
                                 top_p=sampling.top_p, max_new_tokens=sampling.max_new_tokens,
                                 num_return_sequences=samples, pad_token_id=tokenizer.pad_token_id)
        for row in out[:, inputs["input_ids"].shape[1]:].tolist():
            useful += useful_tokens(tokenizer, row, eos)
            generated += len(row)
    return useful, generated


def run_ours(engine: HFEngine, prompts: list[str], samples: int, sampling: GenerationConfig) -> int:
    results = engine.generate(prompts, samples, sampling)
    return sum(c.num_tokens for per_prompt in results for c in per_prompt)


def load(args):
    model_cfg = ModelConfig(dtype=args.dtype, device=args.device)
    if not args.random_init:
        return load_model(args.model, model_cfg)
    # GPU throughput without shipping weights: SmolLM2's architecture, random weights.
    from transformers import AutoConfig, AutoModelForCausalLM

    from halo_forge.utils.hardware import choose_device, choose_dtype

    source = resolve_model(args.model).weights
    config = AutoConfig.from_pretrained(source.location, gguf_file=source.gguf_file)
    device = choose_device(args.device)
    model = AutoModelForCausalLM.from_config(config, dtype=choose_dtype(args.dtype, device)).to(device).eval()
    return model, load_tokenizer(args.model, model_cfg)


def compare_dtypes(args) -> None:
    """Our engine with the same weights in fp32 and in bf16, alternately, same prompts and seeds."""
    prompts = [PROMPTS[i % len(PROMPTS)] for i in range(args.prompts)]
    engines = {}
    for dtype in ("fp32", "bf16"):
        args.dtype = dtype
        model, tokenizer = load(args)
        engines[dtype] = HFEngine(model, tokenizer, ModelConfig(), progress=False)
    print(f"dtype comparison on {model.device}: {len(prompts)} prompts x {args.samples} samples, "
          f"max_new_tokens {args.max_new_tokens}, batch {args.batch_size}", flush=True)
    rates: dict[str, list[float]] = {dtype: [] for dtype in engines}
    for repeat in range(args.repeats):
        sampling = dataclasses.replace(GenerationConfig(), temperature=args.temperature, seed=repeat,
                                       max_new_tokens=args.max_new_tokens, batch_size=args.batch_size)
        for dtype, engine in engines.items():
            start = time.perf_counter()
            useful = run_ours(engine, prompts, args.samples, sampling)
            seconds = time.perf_counter() - start
            rates[dtype].append(useful / seconds)
            print(f"repeat {repeat + 1} {dtype}: {useful} useful tokens in {seconds:.1f}s = "
                  f"{useful / seconds:.1f} useful tok/s", flush=True)
    for dtype, values in rates.items():
        print(f"median {dtype}: {statistics.median(values):.1f} useful tok/s")
    print(f"ratio bf16/fp32: {statistics.median(rates['bf16']) / statistics.median(rates['fp32']):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--random-init", action="store_true", help="random weights of --model's architecture")
    parser.add_argument("--dtype", default="auto", choices=("auto", "bf16", "fp16", "fp32"))
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda", "mps"))
    parser.add_argument("--prompts", type=int, default=8, help="prompts used (cycling the built-in 8)")
    parser.add_argument("--samples", type=int, default=8, help="samples per prompt")
    parser.add_argument("--max-new-tokens", type=int, default=GenerationConfig().max_new_tokens)
    parser.add_argument("--batch-size", type=int, default=GenerationConfig().batch_size,
                        help="our engine's batch (sequences)")
    parser.add_argument("--temperature", type=float, default=0.7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--compare-dtypes", action="store_true",
                        help="instead: our engine in fp32 vs bf16 (the auto dtype choice on CPU)")
    args = parser.parse_args()
    if args.compare_dtypes:
        compare_dtypes(args)
        return

    model, tokenizer = load(args)
    model_cfg = ModelConfig()
    prompts = [PROMPTS[i % len(PROMPTS)] for i in range(args.prompts)]
    engine = HFEngine(model, tokenizer, model_cfg, progress=False)
    eos = engine._eos
    base_sampling = dataclasses.replace(GenerationConfig(), temperature=args.temperature,
                                        max_new_tokens=args.max_new_tokens, batch_size=args.batch_size)
    print(f"model {args.model}{' (random init)' if args.random_init else ''} on {model.device} "
          f"in {str(model.dtype).replace('torch.', '')}; {len(prompts)} prompts x {args.samples} samples, "
          f"max_new_tokens {args.max_new_tokens}, temperature {args.temperature}, "
          f"our batch {args.batch_size}, torch threads {torch.get_num_threads()}", flush=True)

    rates: dict[str, list[float]] = {"baseline": [], "ours": []}
    for repeat in range(args.repeats):
        sampling = dataclasses.replace(base_sampling, seed=repeat)
        if not args.skip_baseline:
            start = time.perf_counter()
            useful, generated = run_baseline(model, tokenizer, prompts, args.samples, sampling,
                                             model_cfg.system_prompt, eos)
            seconds = time.perf_counter() - start
            rates["baseline"].append(useful / seconds)
            print(f"repeat {repeat + 1} baseline: {useful} useful of {generated} generated tokens in "
                  f"{seconds:.1f}s = {useful / seconds:.1f} useful tok/s", flush=True)
        start = time.perf_counter()
        useful = run_ours(engine, prompts, args.samples, sampling)
        seconds = time.perf_counter() - start
        rates["ours"].append(useful / seconds)
        print(f"repeat {repeat + 1} ours:     {useful} useful tokens in {seconds:.1f}s = "
              f"{useful / seconds:.1f} useful tok/s", flush=True)

    ours = statistics.median(rates["ours"])
    print(f"median ours:     {ours:.1f} useful tok/s")
    if rates["baseline"]:
        baseline = statistics.median(rates["baseline"])
        print(f"median baseline: {baseline:.1f} useful tok/s")
        print(f"ratio ours/baseline: {ours / baseline:.2f}x")


if __name__ == "__main__":
    main()
