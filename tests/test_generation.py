"""The HF generation engine on tiny models built here (random, or trained for a few seconds to answer
with a code block followed by an explanation). All three decoding paths run on CPU: ``continuous`` (the
CPU default), ``pruned`` (the fallback for other architectures) and ``static`` (the GPU default, here
without compilation). tests/test_generation_real.py runs the CPU default on the embedded model."""

import dataclasses

import pytest
import torch
from test_models import tiny_model, tiny_tokenizer

from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.errors import ConfigError, InputError
from halo_forge.generation import HFEngine, code_block_end, make_engine
from halo_forge.models import chat_example

SYSTEM = "Be terse."
MODEL_CFG = ModelConfig(device="cpu", dtype="fp32", system_prompt=SYSTEM)
# decoding path -> the generation settings that pick it
PATHS = {"pruned": dict(static_cache="off", continuous_batching="off"),
         "continuous": dict(static_cache="off", continuous_batching="on"),
         "static": dict(static_cache="on", continuous_batching="off")}

# The trained model answers FENCED with a code block and then keeps talking; RAMBLE has no code block.
FENCED = ("alpha", "```c\nint x;\n```\nThat is all, the variable is declared.")
RAMBLE = ("beta beta beta beta beta beta beta beta", "The quick brown fox jumps over the lazy dog again "
          "and again over the lazy dog.")


def sampling(**changes) -> GenerationConfig:
    return dataclasses.replace(GenerationConfig(max_new_tokens=24, batch_size=8, seed=0), **changes)


@pytest.fixture(scope="module")
def random_engine():
    tokenizer = tiny_tokenizer()
    return HFEngine(tiny_model(tokenizer), tokenizer, MODEL_CFG, progress=False)


@pytest.fixture(scope="module")
def trained_engine():
    """A tiny model overfit (a few seconds) to answer FENCED and RAMBLE exactly."""
    tokenizer = tiny_tokenizer()
    model = tiny_model(tokenizer)
    pairs = [chat_example(tokenizer, prompt, response, SYSTEM) for prompt, response in (FENCED, RAMBLE)]
    batch = tokenizer([full for _, full in pairs], return_tensors="pt", padding=True, add_special_tokens=False)
    labels = batch.input_ids.masked_fill(batch.attention_mask == 0, -100)
    for row, (prompt_text, _) in enumerate(pairs):  # learn the answers only, as SFT does
        labels[row, :len(tokenizer(prompt_text, add_special_tokens=False).input_ids)] = -100
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(300):
        loss = model(**batch, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if loss.item() < 0.01:
            break
    model.eval()
    return HFEngine(model, tokenizer, MODEL_CFG, progress=False)


# ------------------------------------------------------------------------------------------- stop rule

@pytest.mark.parametrize("text, end", [
    ("```c\nint x;\n```\nmore", len("```c\nint x;\n```")),
    ("Here it is:\n```\ncode\n```", len("Here it is:\n```\ncode\n```")),
    ("  ```python\nprint(1)\n  ```rest", len("  ```python\nprint(1)\n  ```")),
    ("```c\nint x;\n", None),                     # still open
    ("```c", None),                               # the opening line is not finished
    ("int x; ``` trailing", None),                # no opening fence: a lone fence closes nothing
    ("Use `x` then ```c\nint y;\n```", None),     # a fence must start its line
    ("```c\nchar *s = \"``\";\n```", len("```c\nchar *s = \"``\";\n```")),
])
def test_code_block_end(text, end):
    assert code_block_end(text) == end


@pytest.mark.parametrize("path", PATHS)
def test_stops_at_the_closing_fence(trained_engine, path):
    (completion,), = trained_engine.generate([FENCED[0]], 1, sampling(temperature=0, **PATHS[path],
                                                                      max_new_tokens=60))
    assert completion.text == "```c\nint x;\n```"
    assert completion.finish_reason == "stop"
    full = len(trained_engine.tokenizer(FENCED[1]).input_ids)
    assert 0 < completion.num_tokens < full


@pytest.mark.parametrize("path", PATHS)
def test_without_the_stop_rule_the_answer_runs_to_eos(trained_engine, path):
    (completion,), = trained_engine.generate([FENCED[0]], 1, sampling(
        temperature=0, **PATHS[path], max_new_tokens=60, stop_at_code_end=False))
    assert (completion.text, completion.finish_reason) == (FENCED[1], "eos")


# --------------------------------------------------------------------------------------- engine contract

@pytest.mark.parametrize("path", PATHS)
def test_completion_never_contains_the_prompt(random_engine, path):
    prompt = "Write a C function that adds two ints."
    results = random_engine.generate([prompt], 3, sampling(temperature=1.0, **PATHS[path]))
    for completion in results[0]:
        assert prompt not in completion.text and SYSTEM not in completion.text
        assert "<|im_start|>" not in completion.text
        assert 1 <= completion.num_tokens <= 24


@pytest.mark.parametrize("path", PATHS)
def test_same_seed_same_samples(random_engine, path):
    prompts = ["Write a C function that adds two ints.", "The quick brown fox."]
    first = random_engine.generate(prompts, 2, sampling(temperature=1.0, seed=7, **PATHS[path]))
    again = random_engine.generate(prompts, 2, sampling(temperature=1.0, seed=7, **PATHS[path]))
    other = random_engine.generate(prompts, 2, sampling(temperature=1.0, seed=8, **PATHS[path]))
    assert first == again
    assert first != other
    assert first[0][0] != first[0][1]  # two samples of one prompt are different draws


@pytest.mark.parametrize("path", PATHS)
def test_n_samples_per_prompt_across_batches(random_engine, path):
    """3 prompts x 3 samples in batches of 4 (a prompt's samples straddle batches, prompts of different
    lengths share a left-padded batch): greedy samples equal the prompt generated alone."""
    prompts = ["fox", "Write a C function that adds two ints.", "int main"]
    results = random_engine.generate(prompts, 3, sampling(temperature=0, batch_size=4, **PATHS[path]))
    assert [len(samples) for samples in results] == [3, 3, 3]
    for prompt, samples in zip(prompts, results):
        (alone,), = random_engine.generate([prompt], 1, sampling(temperature=0, batch_size=1,
                                                                 **PATHS[path]))
        assert samples == [alone] * 3


def test_greedy_is_deterministic_and_the_same_on_every_path(random_engine):
    prompts = ["Write a C function that adds two ints.", "fox"]
    pruned = random_engine.generate(prompts, 1, sampling(temperature=0, seed=1, **PATHS["pruned"]))
    assert random_engine.generate(prompts, 1, sampling(temperature=0, seed=2, **PATHS["pruned"])) == pruned
    assert random_engine.generate(prompts, 1, sampling(temperature=0, **PATHS["static"])) == pruned
    assert random_engine.generate(prompts, 1, sampling(temperature=0, **PATHS["continuous"])) == pruned


def test_continuous_logits_equal_the_model(random_engine):
    """The hand-written forward pass (prefill, then steps writing the KV buffer in place) gives the
    model's own logits, with another sequence of another length in the next slot."""
    from halo_forge.generation_continuous import _Slots, _Stack

    model = random_engine.model
    ids = torch.tensor(random_engine.tokenizer("Write a C function that adds two ints.").input_ids)
    with torch.inference_mode():
        expected = model(input_ids=ids[None]).logits[0]
        stack = _Stack(model)
        keys, values, last = stack.prompt(ids[:-3])
        torch.testing.assert_close(last, expected[-4], atol=1e-4, rtol=1e-4)
        slots = _Slots(stack, 2, 8, 64, model.dtype, ids.device)
        slots.reserve(len(ids) + 1)
        for layer in range(len(stack.layers)):
            slots.keys[layer][1, :, :len(ids) - 3] = keys[layer]
            slots.values[layer][1, :, :len(ids) - 3] = values[layer]
        positions = torch.tensor([0, len(ids) - 3])
        for k in range(len(ids) - 3, len(ids)):
            logits = stack.step(torch.tensor([7, ids[k]]), positions, slots.keys, slots.values,
                                int(positions.max()) + 1, torch.tensor([1]))
            torch.testing.assert_close(logits[0], expected[k], atol=1e-4, rtol=1e-4)
            positions = positions + 1


def test_continuous_refills_a_finished_slot(trained_engine, monkeypatch):
    """Two slots, three prompts: RAMBLE (the longest, first) keeps going while FENCED stops after a few
    tokens; its slot takes the second FENCED prompt at once, so both arrive before RAMBLE, and the batch
    stays full until no prompt waits."""
    from halo_forge.generation_continuous import _Stack

    sizes: list[int] = []
    step = _Stack.step
    monkeypatch.setattr(_Stack, "step", lambda self, tokens, *rest: sizes.append(len(tokens)) or
                        step(self, tokens, *rest))
    order = [(i, c.finish_reason) for i, _, c in trained_engine.generate_iter(
        [FENCED[0], FENCED[0], RAMBLE[0]], 1, sampling(temperature=0, max_new_tokens=60, batch_size=2,
                                                       **PATHS["continuous"]))]
    assert sorted(order[:2]) == [(0, "stop"), (1, "stop")] and order[2] == (2, "eos")
    fenced_steps = 2 * trained_engine.generate([FENCED[0]], 1, sampling(temperature=0))[0][0].num_tokens
    assert sizes[:fenced_steps - 2] == [2] * (fenced_steps - 2)
    assert sizes[-1] == 1                              # compacted once nothing waits


def test_top_k_and_top_p_are_honoured(random_engine):
    prompts = ["Write a C function that adds two ints.", "fox"]
    greedy = random_engine.generate(prompts, 1, sampling(temperature=0))
    assert random_engine.generate(prompts, 1, sampling(temperature=1.5, top_k=1, seed=3)) == greedy
    assert random_engine.generate(prompts, 1, sampling(temperature=1.5, top_p=1e-6, seed=3)) == greedy
    assert random_engine.generate(prompts, 1, sampling(temperature=1.5, seed=3)) != greedy


def test_max_new_tokens_ends_a_completion(random_engine):
    for completion in random_engine.generate(["fox"], 4, sampling(temperature=1.0, max_new_tokens=3))[0]:
        assert completion.num_tokens <= 3
        assert completion.finish_reason in ("length", "eos", "stop")
        assert completion.finish_reason != "length" or completion.num_tokens == 3


def test_finished_rows_leave_the_batch_and_arrive_first(trained_engine):
    """FENCED stops after a few tokens; RAMBLE (the longer prompt, so first in the batch) keeps going.
    The FENCED completion is handed out first and later decoding steps run on one row only."""
    batch_sizes: list[int] = []
    hook = trained_engine.model.register_forward_pre_hook(
        lambda module, args, kwargs: batch_sizes.append(kwargs["input_ids"].shape[0]), with_kwargs=True)
    try:
        order = [(i, c.finish_reason) for i, _, c in trained_engine.generate_iter(
            [FENCED[0], RAMBLE[0]], 1, sampling(temperature=0, max_new_tokens=60, **PATHS["pruned"]))]
    finally:
        hook.remove()
    assert order[0] == (0, "stop") and order[1][0] == 1
    assert batch_sizes[0] == 2 and batch_sizes[-1] == 1
    stopped_after = batch_sizes.index(1)
    assert all(size == 1 for size in batch_sizes[stopped_after:])


def test_bad_requests_are_clear_errors(random_engine):
    with pytest.raises(InputError, match="samples per prompt must be at least 1"):
        random_engine.generate(["fox"], 0, sampling())
    with pytest.raises(ConfigError, match="generation.engine: tgi is not available"):
        make_engine("embedded:smollm2-135m", MODEL_CFG, GenerationConfig(engine="tgi"))


@pytest.mark.parametrize("temperature,top_k,top_p", [(0.7, 0, 0.95), (1.0, 0, 0.5), (1.3, 40, 0.9),
                                                     (0.7, 300, 0.95), (1.0, 5, 1.0)])
def test_candidate_sampling_keeps_transformers_distribution(temperature, top_k, top_p):
    """The fast sampler draws from each row's top candidates; its distribution must equal transformers'
    temperature -> top_k -> top_p warpers on the full vocabulary, and rows whose nucleus does not fit
    (a flat row) must be reported for the full-vocabulary fallback."""
    import torch

    from halo_forge.decoding import TOP_CANDIDATES, candidate_probs, logits_warpers

    torch.manual_seed(0)
    vocab = 5000
    logits = torch.randn(6, vocab) * torch.tensor([[8.0], [4.0], [2.0], [1.0], [0.5], [0.01]])
    cfg = sampling(temperature=temperature, top_k=top_k, top_p=top_p)
    probs, ids, uncovered = candidate_probs(logits, cfg)
    expected = torch.softmax(logits_warpers(cfg)(None, logits.clone()), dim=-1)
    for row in range(len(logits)):
        if row in uncovered.tolist():
            assert (expected[row] > 0).sum() > TOP_CANDIDATES  # the nucleus really reaches past them
            continue
        ours = torch.zeros(vocab).scatter(0, ids[row], probs[row])
        torch.testing.assert_close(ours / ours.sum(), expected[row], atol=1e-5, rtol=1e-4)
    if top_k == 0 and top_p == 0.95:
        assert 5 in uncovered.tolist()  # a near-flat row: the 0.95 nucleus is most of the vocabulary


def test_fallback_rows_sample_from_the_whole_nucleus():
    import torch

    from halo_forge.decoding import TOP_CANDIDATES, next_tokens

    flat = torch.zeros(2000, 4 * TOP_CANDIDATES)  # every token equally likely: the nucleus is 95% of them
    tokens = next_tokens(flat, sampling(temperature=1.0, top_p=0.95), torch.Generator().manual_seed(0))
    assert tokens.max() >= TOP_CANDIDATES  # drawn past the candidates, from the full-vocabulary path


def test_lora_model_decodes_through_a_merged_copy_rebuilt_when_the_adapter_changes(tmp_path):
    from peft import LoraConfig, get_peft_model

    from halo_forge.sft.fit import train_on_pairs

    tokenizer = tiny_tokenizer()
    model = get_peft_model(tiny_model(tokenizer), LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"]))
    for name, param in model.named_parameters():       # a non-zero adapter, so merging changes the weights
        if "lora_B" in name:
            torch.nn.init.normal_(param, std=0.5)
    engine = HFEngine(model, tokenizer, MODEL_CFG, progress=False)
    prompts = ["Write a C function that adds two ints.", "fox"]
    merged = engine.generate(prompts, 1, sampling(temperature=0, merge_lora="on"))
    copy_one = engine.decoder
    assert copy_one is not model and not hasattr(copy_one, "peft_config")   # a plain merged model decoded
    assert engine.generate(prompts, 1, sampling(temperature=0, merge_lora="off")) == merged   # same answers
    assert engine.decoder is model
    engine.generate(prompts, 1, sampling(temperature=0, merge_lora="on"))
    assert engine.decoder is copy_one                  # adapter unchanged: the copy is reused
    # RAFT's training step changes the adapter (the Trainer's updates leave tensor versions alone)
    train_on_pairs(model, tokenizer, [(prompts[0], "```c\nint x;\n```")] * 4, learning_rate=0.5, epochs=1,
                   batch_size=2, max_seq_length=64, output_dir=tmp_path / "train", system_prompt=SYSTEM)
    changed = engine.generate(prompts, 1, sampling(temperature=0, merge_lora="on"))
    assert engine.decoder is not copy_one
    assert changed == engine.generate(prompts, 1, sampling(temperature=0, merge_lora="off"))
