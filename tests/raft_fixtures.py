"""A tiny random-init model that half-learned to answer small C tasks, for the RAFT tests.

The model (2 layers, hidden 48) is trained for a few steps on the reference answers, so that sampling at
temperature 1 gives a mix of passing, wrong and broken programs: real signal for selection, through the
real HF engine and the real gcc verifier.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
SYSTEM = "You write C."


def answer(i: int) -> str:
    return f'```c\n#include <stdio.h>\nint main(void){{printf("{i}\\n");return 0;}}\n```'


def task(i: int, split: str) -> dict:
    return {"task_id": f"print-{i}", "prompt": f"Print the number {i}.", "language": "c",
            "category": "io" if i % 2 else "arith", "difficulty": ["easy", "medium", "hard"][i % 3],
            "tests": [{"stdin": "", "expected_stdout": f"{i}\n"}], "metadata": {"split": split}}


def write_tasks(path: Path, train: int = 4, heldout: int = 2) -> Path:
    rows = [task(i, "train") for i in range(train)] + [task(100 + i, "heldout") for i in range(heldout)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def tiny_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=360, special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    corpus = [f"Print the number {i}." + answer(i) for i in list(range(10)) + [100, 101, 102]]
    tok.train_from_iterator(corpus * 5 + ["system user assistant " + SYSTEM], trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    fast.chat_template = CHATML
    return fast


def build_model_dir(path: Path, steps: int = 60, lr: float = 5e-3) -> Path:
    """Train a 2-layer model a little on the answers of train tasks 0-5 and save it as a model dir."""
    from transformers import LlamaConfig, LlamaForCausalLM

    from halo_forge.models import chat_example

    tokenizer = tiny_tokenizer()
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    model = LlamaForCausalLM(config)
    texts = [chat_example(tokenizer, f"Print the number {i}.", answer(i), SYSTEM)[1] for i in range(6)]
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)      # a tiny model: threads only fight the other processes for the cores
    try:
        for _ in range(steps):
            loss = model(**batch, labels=labels).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
    finally:
        torch.set_num_threads(threads)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def raft_yaml(path: Path, model_dir: Path, tasks: Path, output: Path, **raft) -> Path:
    """A RAFT config for the tiny model: small, fast, fp32 on CPU."""
    import yaml

    settings = {"model_name": str(model_dir), "prompts_file": str(tasks), "output_dir": str(output),
                "num_cycles": 2, "samples_per_prompt": 4, "temperature": 1.0, "learning_rate": 1e-2,
                "lr_decay": 0.5, "min_lr": 1e-4, "train_batch_size": 4, "max_seq_length": 128,
                "lora_r": 4, "lora_alpha": 8, "lora_dropout": 0.1, "target_modules": ["q_proj", "v_proj"],
                "eval_samples": 2, "bootstrap_samples": 50, "verify_chunk": 3, "seed": 7, **raft}
    config = {"model": {"dtype": "fp32", "device": "cpu", "system_prompt": SYSTEM},
              "generation": {"max_new_tokens": 48, "batch_size": 8, "temperature": 1.0, "seed": 3},
              "verifier": {"type": "gcc", "run_after_compile": True, "max_workers": 2},
              "raft": settings}
    path.write_text(yaml.safe_dump(config))
    return path
