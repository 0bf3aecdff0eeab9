"""Useful (non-pad) training tokens per second: our SFT vs padding every sample to 2048 tokens.

Both runs use the same model (the embedded SmolLM2-135M-Instruct, LoRA with the default SFT settings),
the same samples (reference solutions of the bundled C tasks as chat turns), the same batch size and the
same trainer code (``halo_forge.sft.fit.build_trainer``). The only difference is the padding:

* ours      each batch padded to its longest sample, samples of similar length batched together;
* baseline  every sample padded to 2048 tokens (``pad_to_multiple_of=2048``, random order), as upstream
            halo-forge did.

Each optimizer step is timed (data loading, forward, backward, update) in wall-clock seconds and in
CPU seconds of this process (all its threads): on a shared machine other jobs stretch the wall clock
unevenly between the two runs, CPU time much less. The first step of each run is warm-up and not
counted (unless it is the only one, ``--steps 1``, for a machine too busy for more). The two runs alternate ``--repeats`` times; prints each run's median step
time and useful tokens/s, the medians over repeats and their ratios. Usage::

    .venv/bin/python bench/train_throughput.py                 # ~5 minutes on an idle 2-core CPU
    .venv/bin/python bench/train_throughput.py --steps 10 --batch-size 16   # a GPU
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transformers import TrainerCallback  # noqa: E402

from halo_forge.config import DEFAULT_MODEL, ModelConfig, SFTConfig  # noqa: E402
from halo_forge.data.prepare import BUNDLED_DIR  # noqa: E402
from halo_forge.models import load_model  # noqa: E402
from halo_forge.sft.data import encode_examples, read_sft_file  # noqa: E402
from halo_forge.sft.fit import TrainSettings, build_trainer  # noqa: E402
from halo_forge.sft.trainer import add_lora  # noqa: E402


class StepTimer(TrainerCallback):
    """Wall time, CPU time and non-pad input tokens of every optimizer step."""

    def __init__(self) -> None:
        self.steps: list[tuple[float, float, int]] = []
        self._mark = (0.0, 0.0, 0)

    def on_train_begin(self, args, state, control, **kwargs):
        self._mark = (time.perf_counter(), time.process_time(), state.num_input_tokens_seen)

    def on_step_end(self, args, state, control, **kwargs):
        now = (time.perf_counter(), time.process_time(), state.num_input_tokens_seen)
        self.steps.append(tuple(b - a for a, b in zip(self._mark, now)))
        self._mark = now


def measure(model, tokenizer, rows, *, batch_size: int, steps: int, pad_to: int | None, seed: int) -> dict:
    settings = TrainSettings(learning_rate=1e-4, num_epochs=1, batch_size=batch_size,
                             max_seq_length=pad_to or 2048, max_steps=steps, group_by_length=pad_to is None,
                             logging_steps=steps, pad_to_multiple_of=pad_to, seed=seed)
    timer = StepTimer()
    with tempfile.TemporaryDirectory() as out:
        trainer = build_trainer(model, tokenizer, rows, [], settings, out, callbacks=[timer])
        trainer.args.disable_tqdm = True
        trainer.train()
    # The first step pays for warm-up (allocations, kernel selection); with --steps 1 it is all there is.
    counted = timer.steps[1:] or timer.steps
    return {"step_s": statistics.median(w for w, _, _ in counted),
            "tokens_per_step": statistics.median(t for _, _, t in counted),
            "tokens_per_s": statistics.median(t / w for w, _, t in counted),
            "tokens_per_cpu_s": statistics.median(t / c for _, c, t in counted),
            "steps": len(counted)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--data", default=str(BUNDLED_DIR / "c.jsonl"),
                        help="SFT data (any format); default: the bundled C tasks' solutions")
    parser.add_argument("--batch-size", type=int, default=1)
    parser.add_argument("--steps", type=int, default=3, help="optimizer steps per run (first is warm-up)")
    parser.add_argument("--pad-to", type=int, default=2048, help="the baseline's padded length")
    parser.add_argument("--repeats", type=int, default=3, help="baseline/ours pairs, alternating")
    parser.add_argument("--lora-dropout", type=float, default=SFTConfig().lora_dropout)
    parser.add_argument("--dtype", default="auto", choices=("auto", "bf16", "fp16", "fp32"))
    args = parser.parse_args()

    model_cfg = ModelConfig(dtype=args.dtype)
    model, tokenizer = load_model(args.model, model_cfg, trainable=True)
    model = add_lora(model, SFTConfig(model_name=args.model, lora_dropout=args.lora_dropout))
    examples = read_sft_file(args.data)
    rows, stats = encode_examples(tokenizer, examples, system_prompt=model_cfg.system_prompt,
                                  max_seq_length=args.pad_to)
    print(f"model {args.model} ({next(model.parameters()).dtype}, {next(model.parameters()).device}); "
          f"data {args.data}: {stats.examples} samples, mean {stats.tokens / stats.examples:.0f} tokens; "
          f"batch {args.batch_size}, {args.steps} steps per run")
    runs = (("baseline (pad to %d)" % args.pad_to, args.pad_to), ("ours (dynamic padding)", None))
    results: dict[str, list[dict]] = {name: [] for name, _ in runs}
    for repeat in range(args.repeats):          # alternate, so machine noise falls on both alike
        for name, pad_to in runs:
            r = measure(model, tokenizer, rows, batch_size=args.batch_size, steps=args.steps, pad_to=pad_to,
                        seed=repeat)
            results[name].append(r)
            print(f"repeat {repeat + 1} {name:26s} median step {r['step_s']:7.2f} s  useful tokens/step "
                  f"{r['tokens_per_step']:6.0f}  useful tokens/s {r['tokens_per_s']:7.1f}  per CPU-s "
                  f"{r['tokens_per_cpu_s']:7.1f}  ({r['steps']} timed steps)", flush=True)
    medians = {name: {key: statistics.median(r[key] for r in rs) for key in ("tokens_per_s", "tokens_per_cpu_s")}
               for name, rs in results.items()}
    for name, m in medians.items():
        print(f"median {name:26s} useful tokens/s {m['tokens_per_s']:7.1f}  per CPU-s {m['tokens_per_cpu_s']:7.1f}")
    base, ours = medians.values()
    print(f"ratio ours/baseline, useful tokens per wall-second: {ours['tokens_per_s'] / base['tokens_per_s']:.2f}x; "
          f"per CPU-second: {ours['tokens_per_cpu_s'] / base['tokens_per_cpu_s']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
