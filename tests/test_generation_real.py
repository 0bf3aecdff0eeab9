"""The CPU default decoding path (continuous batching) on the real embedded model, SmolLM2-135M-Instruct:
it generates, stops at the end of the code block, is reproducible by seed, and sees LoRA updates."""

import copy
import dataclasses

import pytest
import torch

from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.generation import HFEngine, code_block_end
from halo_forge.models import load_model

pytestmark = pytest.mark.slow
MODEL_CFG = ModelConfig(device="cpu", dtype="fp32")
ADD = "Write a C function `int add(int a, int b)` that returns a + b. Do not write a main function."
MAX = "Write a C function `int max2(int a, int b)` that returns the larger of a and b."


def sampling(**changes) -> GenerationConfig:
    return dataclasses.replace(GenerationConfig(max_new_tokens=24, batch_size=4, seed=0), **changes)


@pytest.fixture(scope="module")
def model_and_tokenizer():
    return load_model("embedded:smollm2-135m", MODEL_CFG)


@pytest.fixture(scope="module")
def engine(model_and_tokenizer):
    return HFEngine(*model_and_tokenizer, MODEL_CFG, progress=False)


def test_the_cpu_default_is_continuous_batching(engine):
    engine.decoder = engine.model
    assert engine._use_continuous(GenerationConfig())


def test_generates_and_stops_at_the_end_of_the_code_block(engine):
    (completion,), = engine.generate([ADD], 1, sampling(temperature=0, max_new_tokens=96))
    assert completion.finish_reason == "stop"
    assert code_block_end(completion.text) == len(completion.text)
    assert "int add(int a, int b)" in completion.text and completion.text.endswith("```")
    assert 0 < completion.num_tokens < 96


def test_same_seed_same_samples(engine):
    first = engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=3))
    assert engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=3)) == first
    assert engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=4)) != first
    assert all(c.num_tokens <= 24 and c.finish_reason in ("stop", "eos", "length") for p in first for c in p)


def test_a_lora_update_changes_the_outputs(model_and_tokenizer):
    from peft import LoraConfig, get_peft_model

    model, tokenizer = model_and_tokenizer
    lora = get_peft_model(copy.deepcopy(model), LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    engine = HFEngine(lora, tokenizer, MODEL_CFG, progress=False)
    greedy = sampling(temperature=0, max_new_tokens=16)
    base = engine.generate([ADD, MAX], 1, greedy)         # lora_B starts at zero: the base model's answers
    assert engine._use_continuous(greedy) and engine.decoder is not lora   # merged copy, continuous path
    with torch.no_grad():                                 # what a RAFT cycle's training does to the adapter
        for name, param in lora.named_parameters():
            if "lora_B" in name:
                param.normal_(std=0.5, generator=torch.Generator().manual_seed(0))
    updated = engine.generate([ADD, MAX], 1, greedy)
    assert updated != base
    assert engine.generate([ADD, MAX], 1, dataclasses.replace(greedy, merge_lora="off")) == updated
