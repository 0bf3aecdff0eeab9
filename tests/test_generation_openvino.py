"""The openvino engine and the GGUF export under it, on the real embedded model (SmolLM2-135M-Instruct):
a written GGUF loads back into the same weights, the engine generates sensible code from them, stops at
the end of the code block, is reproducible by seed, and sees LoRA updates (RAFT trains between calls)."""

import copy
import dataclasses
import sys

import pytest
import torch

from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.decoding import FINISH_EOS, FINISH_LENGTH, FINISH_STOP
from halo_forge.errors import ConfigError, InputError
from halo_forge.generation import code_block_end, engine_on, make_engine
from halo_forge.models import load_model, resolve_model

pytestmark = pytest.mark.slow
MODEL = "embedded:smollm2-135m"
MODEL_CFG = ModelConfig(device="cpu", dtype="fp32")
ADD = "Write a C function `int add(int a, int b)` that returns a + b. Do not write a main function."
MAX = "Write a C function `int max2(int a, int b)` that returns the larger of a and b."


def sampling(**changes) -> GenerationConfig:
    return dataclasses.replace(GenerationConfig(engine="openvino", max_new_tokens=24, batch_size=4, seed=0),
                               **changes)


@pytest.fixture(scope="module")
def model_and_tokenizer():
    return load_model(MODEL, MODEL_CFG)


@pytest.fixture(scope="module")
def engine(model_and_tokenizer):
    model, tokenizer = model_and_tokenizer
    return engine_on(model, tokenizer, MODEL_CFG, sampling(), MODEL, progress=False)


def lora_model(model):
    from peft import LoraConfig, get_peft_model

    return get_peft_model(copy.deepcopy(model), LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))


def randomise_lora(lora, seed: int = 0) -> None:
    """What a RAFT cycle's training does to the adapter (lora_B starts at zero)."""
    with torch.no_grad():
        for name, param in lora.named_parameters():
            if "lora_B" in name:
                param.normal_(std=0.5, generator=torch.Generator().manual_seed(seed))


# ------------------------------------------------------------------------------------------- GGUF export

def test_a_written_gguf_loads_back_into_the_same_weights(model_and_tokenizer, tmp_path):
    from transformers import AutoModelForCausalLM

    from halo_forge.gguf_export import write_gguf

    model, _ = model_and_tokenizer
    lora = lora_model(model)
    randomise_lora(lora)
    merged = lora.merge_and_unload()
    source = resolve_model(MODEL).weights.gguf_file
    path = write_gguf(merged, source, tmp_path / "m.gguf", dtype="f32")
    back = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=torch.float32)
    expected, got = merged.state_dict(), back.state_dict()
    assert set(got) <= set(expected) | {"lm_head.weight"}
    for name, tensor in got.items():
        torch.testing.assert_close(tensor, expected.get(name, expected["model.embed_tokens.weight"]),
                                   rtol=0, atol=0, msg=name)
    # the q/k projections changed by the adapter came back in transformers' order (the rotary permutation)
    assert not torch.equal(merged.state_dict()["model.layers.0.self_attn.q_proj.weight"],
                           model.state_dict()["model.layers.0.self_attn.q_proj.weight"])


def test_q8_0_weights_are_the_model_up_to_rounding(model_and_tokenizer, tmp_path):
    from transformers import AutoModelForCausalLM

    from halo_forge.gguf_export import write_gguf

    model, _ = model_and_tokenizer
    path = write_gguf(model, resolve_model(MODEL).weights.gguf_file, tmp_path / "q.gguf", dtype="q8_0")
    back = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=torch.float32)
    ours = model.state_dict()
    for name, tensor in back.state_dict().items():
        reference = ours.get(name, ours["model.embed_tokens.weight"])
        scale = reference.abs().max().item()
        assert (tensor - reference).abs().max().item() <= scale / 127 + 1e-6, name


def test_export_refuses_a_bad_dtype(model_and_tokenizer, tmp_path):
    from halo_forge.gguf_export import write_gguf

    with pytest.raises(InputError, match="dtype must be one of f32, f16, q8_0"):
        write_gguf(model_and_tokenizer[0], resolve_model(MODEL).weights.gguf_file, tmp_path / "x.gguf", "q4")


# ------------------------------------------------------------------------------------------- the engine

def test_generates_correct_code_and_stops_at_the_end_of_the_code_block(engine):
    (completion,), = engine.generate([ADD], 1, sampling(temperature=0, max_new_tokens=96))
    assert completion.finish_reason == FINISH_STOP
    assert code_block_end(completion.text) == len(completion.text) and completion.text.endswith("```")
    assert "int add(int a, int b)" in completion.text and "return a + b" in completion.text
    assert 0 < completion.num_tokens < 96


def test_same_seed_same_samples(engine):
    first = engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=3))
    assert engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=3)) == first
    assert engine.generate([ADD, MAX], 2, sampling(temperature=0.7, seed=4)) != first
    assert len(first) == 2 and all(len(samples) == 2 for samples in first)
    assert all(c.num_tokens <= 24 and c.finish_reason in (FINISH_STOP, FINISH_EOS, FINISH_LENGTH)
               for samples in first for c in samples)


def test_length_and_no_stop(engine):
    (completion,), = engine.generate([ADD], 1, sampling(temperature=0, max_new_tokens=5))
    assert completion.finish_reason == FINISH_LENGTH and completion.num_tokens == 5
    (whole,), = engine.generate([ADD], 1, sampling(temperature=0, max_new_tokens=96, stop_at_code_end=False))
    assert whole.finish_reason in (FINISH_EOS, FINISH_LENGTH)


def test_a_lora_update_changes_the_outputs(model_and_tokenizer):
    model, tokenizer = model_and_tokenizer
    lora = lora_model(model)
    engine = engine_on(lora, tokenizer, MODEL_CFG, sampling(), MODEL, progress=False)
    greedy = sampling(temperature=0, max_new_tokens=16)
    base = engine.generate([ADD, MAX], 1, greedy)        # lora_B starts at zero: the base model's answers
    pipeline = engine._pipeline[1]
    assert engine.generate([ADD, MAX], 1, greedy) == base and engine._pipeline[1] is pipeline   # cached
    randomise_lora(lora)
    updated = engine.generate([ADD, MAX], 1, greedy)
    assert updated != base and engine._pipeline[1] is not pipeline
    assert len(list(engine._dir.glob("*.gguf"))) == 1      # the old file is gone


def test_needs_a_gguf_model_and_openvino(monkeypatch):
    with pytest.raises(ConfigError, match="loaded from a GGUF file .* use generation.engine: hf for it"):
        make_engine("HuggingFaceTB/SmolLM2-135M-Instruct", MODEL_CFG, sampling())
    monkeypatch.setitem(sys.modules, "openvino_genai", None)
    with pytest.raises(ConfigError, match=r"pip install 'halo-forge\[openvino\]'"):
        make_engine(MODEL, MODEL_CFG, sampling())


def test_raft_samples_through_the_openvino_engine(model_and_tokenizer, tmp_path):
    from halo_forge.config import RAFTConfig
    from halo_forge.generation_openvino import OpenVINOEngine
    from halo_forge.rlvr import RAFTTrainer
    from halo_forge.rlvr.verifiers import GCCVerifier

    trainer = RAFTTrainer(verifier=GCCVerifier(), config=RAFTConfig(output_dir=str(tmp_path)),
                          model_config=MODEL_CFG, generation=sampling(), sft_checkpoint=MODEL)
    trainer.model, trainer.tokenizer = model_and_tokenizer
    trainer._start_engine(None)
    assert isinstance(trainer.engine, OpenVINOEngine) and trainer.engine.model is trainer.model
