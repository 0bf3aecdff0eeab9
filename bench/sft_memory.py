"""Peak memory and time of one LoRA training step on the embedded model, per setting, on this machine.

    .venv/bin/python bench/sft_memory.py                     # ~3 minutes on an idle 2-core CPU
    .venv/bin/python bench/sft_memory.py --batch-size 4 --length 384

One forward + backward of SmolLM2-135M-Instruct with a LoRA adapter (the SFT defaults: r 16 on all seven
projections) on a batch of ``--batch-size`` x ``--length`` tokens, in the dtype ``auto`` picks (bf16 on
this CPU). Each setting runs in its own process, so the peak resident memory (``ru_maxrss``) is that
setting's alone: LoRA dropout 0.05 (the config default), dropout 0, dropout 0 with gradient checkpointing,
and dropout 0.05 with eager attention instead of SDPA.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

SETTINGS = {
    "dropout 0.05 (default)": {"dropout": 0.05},
    "dropout 0": {"dropout": 0.0},
    "dropout 0 + gradient checkpointing": {"dropout": 0.0, "checkpointing": True},
    "dropout 0.05, eager attention": {"dropout": 0.05, "attn": "eager"},
}


def one_step(setting: dict, batch_size: int, length: int) -> dict:
    import torch

    from halo_forge.config import DEFAULT_MODEL, ModelConfig, SFTConfig
    from halo_forge.models import load_model
    from halo_forge.sft.trainer import add_lora

    model, _ = load_model(DEFAULT_MODEL, ModelConfig(attn_implementation=setting.get("attn")), trainable=True)
    if setting.get("checkpointing"):
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    model = add_lora(model, SFTConfig(lora_dropout=setting["dropout"]))
    model.train()
    loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(0, model.config.vocab_size, (batch_size, length), generator=generator)
    mask = torch.ones_like(ids)
    mask[batch_size // 2:, length * 3 // 5:] = 0            # half the rows padded, as in a real batch
    started = time.perf_counter()
    model(input_ids=ids, attention_mask=mask, labels=ids.masked_fill(mask == 0, -100)).loss.backward()
    return {"seconds": time.perf_counter() - started, "loaded_gb": loaded,
            "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--length", type=int, default=512)
    parser.add_argument("--one", help=argparse.SUPPRESS)      # internal: run one setting, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_step(SETTINGS[args.one], args.batch_size, args.length)))
        return 0
    print(f"one LoRA step (forward + backward) of the embedded model, batch {args.batch_size} x {args.length} "
          "tokens")
    for name in SETTINGS:
        out = subprocess.run([sys.executable, __file__, "--one", name, "--batch-size", str(args.batch_size),
                              "--length", str(args.length)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:38s} step {r['seconds']:6.1f} s   peak RSS {r['peak_gb']:5.1f} GB "
              f"(after loading {r['loaded_gb']:.1f} GB)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
