"""Model resolution and loading, the chat format, device/dtype choice.

The tiny model and tokenizer built here (``tiny_tokenizer``, ``tiny_model``) are also used by
test_generation.py. One slow test loads the real embedded SmolLM2 GGUF.
"""

import json

import pytest
import torch
from peft import LoraConfig, get_peft_model
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from halo_forge.config import ModelConfig
from halo_forge.errors import ConfigError, InputError
from halo_forge.models import (PLAIN_PROMPT_FORMAT, chat_example, chat_prompt, end_of_turn, load_model,
                               load_tokenizer, resolve_model)
from halo_forge.utils import hardware

CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
          "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}"
          "{% endif %}")
CORPUS = ["Write a C function that adds two ints.", "```c\nint add(int a, int b) { return a + b; }\n```",
          "The quick brown fox jumps over the lazy dog.", "#include <stdio.h>\nint main(void) { return 0; }",
          "You are an expert programmer. Answer with one complete solution in a single fenced code block.",
          "```c\nint x;\n```\nThat is all, the variable is declared.", "alpha beta",
          "The quick brown fox jumps over the lazy dog again and again over the lazy dog."]
CPU_FP32 = ModelConfig(device="cpu", dtype="fp32")


def tiny_tokenizer(chat_template: str | None = CHATML) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer (about 500 tokens) trained in milliseconds on a few code lines."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=512, special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(CORPUS * 4, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|im_end|>",
                                   pad_token="<|endoftext|>", chat_template=chat_template)


def tiny_model(tokenizer, seed: int = 0, hidden: int = 64) -> LlamaForCausalLM:
    """A 2-layer random-init Llama for ``tokenizer``, float32 on CPU, in eval mode."""
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=2 * hidden,
                         num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                         max_position_embeddings=512, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id)
    model = LlamaForCausalLM(config).eval()
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory):
    """A tiny model and its tokenizer saved as a local model directory."""
    path = tmp_path_factory.mktemp("tiny-model")
    tokenizer = tiny_tokenizer()
    tiny_model(tokenizer).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


# --------------------------------------------------------------------------------------------- resolving

def test_resolve_kinds(saved_model, tmp_path):
    assert resolve_model(str(saved_model)).kind == "dir"
    assert resolve_model("HuggingFaceTB/SmolLM2-135M-Instruct").kind == "hub"
    gguf = tmp_path / "m.Q8_0.gguf"
    gguf.write_bytes(b"GGUF")
    source = resolve_model(str(gguf))
    assert (source.kind, source.gguf_file, source.location) == ("gguf", str(gguf), str(tmp_path))


def test_resolve_embedded_finds_the_packaged_gguf():
    source = resolve_model("embedded:smollm2-135m")
    assert source.kind == "embedded"
    assert source.gguf_file.endswith("SmolLM2-135M-Instruct.Q4_1.gguf")


@pytest.mark.parametrize("name, message", [
    ("embedded:gpt-17", "unknown embedded model; known: embedded:smollm2-135m"),
    ("./no/such/model", "no such file or directory"),
    ("missing.gguf", "no such file or directory"),
    ("", "model name is empty"),
])
def test_resolve_errors_are_one_line(name, message):
    with pytest.raises(InputError, match=message) as err:
        resolve_model(name)
    assert "\n" not in str(err.value)


def test_resolve_rejects_directories_that_hold_no_model(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(InputError, match="no config.json, adapter_config.json"):
        resolve_model(str(tmp_path))
    (tmp_path / "adapter_config.json").write_text(json.dumps({"r": 8}))
    with pytest.raises(InputError, match="adapter_config.json: base_model_name_or_path is missing"):
        resolve_model(str(tmp_path))


# ----------------------------------------------------------------------------------------------- adapters

def _save_adapter(base_dir, path):
    """A LoRA adapter on the saved tiny model, with non-zero B so it changes the outputs."""
    base = LlamaForCausalLM.from_pretrained(base_dir)
    peft_model = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.5)
    peft_model.save_pretrained(path)
    return peft_model.eval()


def test_adapter_dir_resolves_and_loads_onto_its_base(saved_model, tmp_path):
    reference = _save_adapter(saved_model, tmp_path / "adapter")
    source = resolve_model(str(tmp_path / "adapter"))
    assert (source.kind, source.base.kind, source.base.location) == ("adapter", "dir", str(saved_model))

    model, tokenizer = load_model(str(tmp_path / "adapter"), CPU_FP32)
    ids = tokenizer("int main", return_tensors="pt").input_ids
    with torch.no_grad():
        assert torch.allclose(model(ids).logits, reference(ids).logits, atol=1e-5)
        plain = LlamaForCausalLM.from_pretrained(saved_model)(ids).logits
    assert not torch.allclose(model(ids).logits, plain, atol=1e-3)  # the adapter really applies
    assert not any(p.requires_grad for p in model.parameters())


def test_trainable_adapter_keeps_training_the_same_adapter(saved_model, tmp_path):
    _save_adapter(saved_model, tmp_path / "adapter")
    model, _ = load_model(str(tmp_path / "adapter"), CPU_FP32, trainable=True)
    assert list(model.peft_config) == ["default"]            # one adapter, not a new one stacked
    trainable = [name for name, p in model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in name for name in trainable)
    assert model.training


# ------------------------------------------------------------------------------------------- chat format

def test_chat_prompt_uses_template_and_system_prompt():
    tokenizer = tiny_tokenizer()
    text = chat_prompt(tokenizer, "Add two ints.", "Be terse.")
    assert text == ("<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\nAdd two ints.<|im_end|>\n"
                    "<|im_start|>assistant\n")


def test_chat_example_extends_exactly_the_generation_prompt():
    tokenizer = tiny_tokenizer()
    prompt_text, full_text = chat_example(tokenizer, "Add two ints.", "```c\nint x;\n```", "Be terse.")
    assert prompt_text == chat_prompt(tokenizer, "Add two ints.", "Be terse.")
    assert full_text == prompt_text + "```c\nint x;\n```<|im_end|>"
    assert end_of_turn(tokenizer) == "<|im_end|>"


def test_plain_fallback_without_template():
    tokenizer = tiny_tokenizer(chat_template=None)
    assert chat_prompt(tokenizer, "Add.", "Sys.") == PLAIN_PROMPT_FORMAT.format(system="Sys.", prompt="Add.")
    prompt_text, full_text = chat_example(tokenizer, "Add.", "code", "Sys.")
    assert full_text == prompt_text + "code" + tokenizer.eos_token


def test_load_tokenizer_sets_a_pad_token(tmp_path):
    tokenizer = tiny_tokenizer()
    tokenizer.pad_token = None
    tokenizer.save_pretrained(tmp_path)
    tiny_model(tiny_tokenizer()).config.save_pretrained(tmp_path)
    loaded = load_tokenizer(str(tmp_path), CPU_FP32)
    assert loaded.pad_token == loaded.eos_token == "<|im_end|>"


# ------------------------------------------------------------------------------------------ device/dtype

def test_dtype_choice():
    assert hardware.choose_dtype("fp32", "cpu") is torch.float32
    assert hardware.choose_dtype("bf16", "cpu") is torch.bfloat16
    expected = torch.bfloat16 if hardware.cpu_has_native_bf16() else torch.float32
    assert hardware.choose_dtype("auto", "cpu") is expected


def test_device_choice():
    assert hardware.choose_device("cpu") == "cpu"
    if not torch.cuda.is_available():
        assert hardware.choose_device("auto") in ("cpu", "mps")
        with pytest.raises(ConfigError, match="model.device: cuda was asked for"):
            hardware.choose_device("cuda")


def test_strix_halo_environment_only_on_gfx1151(tmp_path, monkeypatch):
    node = tmp_path / "nodes" / "1"
    node.mkdir(parents=True)
    (node / "properties").write_text("cpu_cores_count 0\ngfx_target_version 110000\n")
    monkeypatch.setattr(hardware, "KFD_NODES", str(tmp_path / "nodes"))
    for key in hardware.STRIX_HALO_ENV:
        monkeypatch.delenv(key, raising=False)
    assert hardware.apply_strix_halo_environment() == {}
    assert hardware.dataloader_pin_memory("cuda") and not hardware.dataloader_pin_memory("cpu")
    (node / "properties").write_text("cpu_cores_count 0\ngfx_target_version 110501\n")
    monkeypatch.setenv("HSA_ENABLE_SDMA", "1")            # the user's own value wins
    applied = hardware.apply_strix_halo_environment()
    assert "HSA_ENABLE_SDMA" not in applied and applied["HSA_OVERRIDE_GFX_VERSION"] == "11.5.1"
    assert hardware.default_attn_implementation("cuda") == "eager"
    assert not hardware.dataloader_pin_memory("cuda")     # unified memory: nothing to pin (seed docs)


def test_info_shows_the_default_model(cli):
    result = cli("info")
    assert result.returncode == 0, result.stderr
    assert "embedded:smollm2-135m -> " in result.stdout and "SmolLM2-135M-Instruct.Q4_1.gguf" in result.stdout


# ------------------------------------------------------------------------------------------ real GGUF

@pytest.mark.slow
def test_embedded_gguf_round_trip(tmp_path):
    """GGUF load -> save as an ordinary model -> reload gives the same logits, and it can train."""
    model, tokenizer = load_model("embedded:smollm2-135m", ModelConfig(device="cpu", dtype="fp32"))
    assert model.hf_quantizer is None and getattr(model.config, "quantization_config", None) is None
    ids = tokenizer(chat_prompt(tokenizer, "Write hello world in C.", "Be brief."), return_tensors="pt",
                    add_special_tokens=False).input_ids
    with torch.no_grad():
        before = model(ids).logits
    model.save_pretrained(tmp_path / "saved")
    tokenizer.save_pretrained(tmp_path / "saved")
    assert (tmp_path / "saved" / "model.safetensors").is_file()
    reloaded, _ = load_model(str(tmp_path / "saved"), ModelConfig(device="cpu", dtype="fp32"))
    with torch.no_grad():
        assert torch.equal(reloaded(ids).logits, before)

    reloaded.train()
    reloaded(ids, labels=ids).loss.backward()
    assert reloaded.model.layers[0].self_attn.q_proj.weight.grad is not None

    # An adapter trained on it names a base that resolves again anywhere (not a site-packages path).
    lora = get_peft_model(model, LoraConfig(r=2, target_modules=["q_proj"])).peft_config["default"]
    assert lora.base_model_name_or_path == "embedded:smollm2-135m"
