"""The ``openai`` engine against a real OpenAI-compatible HTTP server on 127.0.0.1 (tests/openai_server.py),
backed by the real HF engine and a tiny random model: n samples in order, seeds, stop handling, retries,
errors, LoRA hot-loading, and one RAFT cycle whose trained adapter is hot-loaded into the server."""

import dataclasses
import json

import pytest
import torch
from openai_server import OpenAIServer
from test_models import tiny_model, tiny_tokenizer

from halo_forge.config import GenerationConfig, ModelConfig, RAFTConfig, SFTConfig
from halo_forge.data.llm_api import APIError
from halo_forge.errors import ConfigError
from halo_forge.generation import FINISH_EOS, FINISH_LENGTH, FINISH_STOP, HFEngine, make_engine
from halo_forge.generation_server import OpenAIEngine, _completion

SYSTEM = "Be terse."
MODEL_CFG = ModelConfig(device="cpu", dtype="fp32", system_prompt=SYSTEM)
PROMPTS = ["Write int add(int a, int b).", "Print hello.", "Sort an array of ints in C."]


def sampling(**changes) -> GenerationConfig:
    return dataclasses.replace(GenerationConfig(max_new_tokens=12, temperature=1.0, seed=5), **changes)


def engine_for(server, **kw) -> OpenAIEngine:
    kw = {"concurrency": 2, "retry_backoff": 0.0, "max_retries": 3, "timeout": 30.0, "progress": False, **kw}
    return OpenAIEngine(server.url, MODEL_CFG, **kw)


@pytest.fixture(scope="module")
def tiny():
    tokenizer = tiny_tokenizer()
    return tiny_model(tokenizer, hidden=32), tokenizer


@pytest.fixture
def server(tiny):
    with OpenAIServer(*tiny) as running:
        yield running


def local_samples(tiny, prompt, n, sampling_cfg):
    """What the server's HF engine makes of one request: the reference for the engine's answers."""
    engine = HFEngine(*tiny, MODEL_CFG, progress=False)
    cfg = dataclasses.replace(sampling_cfg, stop_at_code_end=False, static_cache="off")
    return [c.text for c in engine.generate([prompt], n, cfg)[0]]


# ---------------------------------------------------------------------------------------------- samples

def test_n_samples_per_prompt_in_order_with_per_prompt_seeds(server, tiny):
    engine = engine_for(server)
    out = engine.generate(PROMPTS, 3, sampling())
    assert [len(row) for row in out] == [3, 3, 3]
    chats = [body for path, body in server.requests if path == "/v1/chat/completions"]
    assert len(chats) == 3                                        # one request per prompt, n in it
    by_prompt = {body["messages"][1]["content"]: body for body in chats}
    for index, prompt in enumerate(PROMPTS):
        body = by_prompt[prompt]
        assert body["messages"][0] == {"role": "system", "content": SYSTEM}
        assert (body["model"], body["n"], body["seed"], body["max_tokens"], body["temperature"]) == (
            "tiny-base", 3, 5 + index, 12, 1.0)
        # prompt i's samples are the server's answer to prompt i, samples in order
        assert [c.text for c in out[index]] == local_samples(tiny, prompt, 3, sampling(seed=5 + index))
    assert all(c.num_tokens > 0 for row in out for c in row)
    assert len({c.text for row in out for c in row}) > 3          # sampled, not one answer copied
    assert engine.generate(PROMPTS, 3, sampling()) == out          # seeded: the same again
    assert engine.generate(PROMPTS, 3, sampling(seed=6)) != out


def test_generate_iter_yields_every_sample_once(server):
    items = list(engine_for(server, concurrency=3).generate_iter(PROMPTS, 2, sampling()))
    assert sorted((p, s) for p, s, _ in items) == [(p, s) for p in range(3) for s in range(2)]


def test_a_server_that_ignores_n_is_asked_again(server, monkeypatch):
    real_chat = server.chat

    def one_choice(body):                               # like Ollama: always a single choice
        return real_chat({**body, "n": 1})

    monkeypatch.setattr(server, "chat", one_choice)
    out = engine_for(server).generate(PROMPTS[:1], 3, sampling())
    assert len(out[0]) == 3
    seeds = [body["seed"] for path, body in server.requests if path == "/v1/chat/completions"]
    assert len(seeds) == 3 and len(set(seeds)) == 3               # each retry samples anew


@pytest.mark.parametrize("text, server_reason, expected_text, reason", [
    ("Here:\n```c\nint x;\n```\nIt declares x.", "stop", "Here:\n```c\nint x;\n```", FINISH_STOP),
    ("```c\nint x;\n```", "length", "```c\nint x;\n```", FINISH_STOP),     # closed before the cut
    ("```c\nint x;\n", "length", "```c\nint x;\n", FINISH_LENGTH),
    ("No code at all.", "stop", "No code at all.", FINISH_EOS),
])
def test_completion_ends_at_the_first_closed_code_block(text, server_reason, expected_text, reason):
    completion = _completion(text, server_reason, 7, sampling())
    assert (completion.text, completion.finish_reason, completion.num_tokens) == (expected_text, reason, 7)
    assert _completion(text, server_reason, 7, sampling(stop_at_code_end=False)).text == text


def test_stop_strings_are_sent_and_honoured(server, tiny):
    free = engine_for(server).generate(PROMPTS[:1], 2, sampling())[0]
    # a stop string taken from the middle of what the model writes: the server must cut there
    text = free[0].text
    stop = text[len(text) // 2:len(text) // 2 + 2]
    cut = engine_for(server, stop_strings=[stop]).generate(PROMPTS[:1], 2, sampling())[0]
    assert cut[0].text == text[:text.find(stop)] and cut[0].finish_reason == FINISH_EOS
    assert server.requests[-1][1]["stop"] == [stop]


# ------------------------------------------------------------------------------------- retries, errors

def test_retries_rate_limits_and_server_errors(server):
    server.fail_next(429, 500, 503)
    out = engine_for(server, model="tiny-base", max_retries=3).generate(PROMPTS[:1], 2, sampling())
    assert len(out[0]) == 2
    assert len([p for p, _ in server.requests if p == "/v1/chat/completions"]) == 4


def test_gives_up_after_max_retries_with_one_line(server):
    server.fail_next(500, 500, 500)
    with pytest.raises(APIError, match=r"chat/completions: giving up after 2 retries: HTTP 500") as info:
        engine_for(server, model="tiny-base", max_retries=2).generate(PROMPTS[:1], 1, sampling())
    assert "\n" not in str(info.value)


def test_permanent_errors_are_not_retried(server):
    with pytest.raises(APIError, match=r"HTTP 404 .*`no-such-model` does not exist"):
        engine_for(server, model="no-such-model").generate(PROMPTS[:1], 1, sampling())
    assert len(server.requests) == 1


def test_unreachable_server(tiny):
    with OpenAIServer(*tiny) as stopped:
        url = stopped.url
    engine = OpenAIEngine(url, MODEL_CFG, max_retries=1, retry_backoff=0.0, progress=False)
    with pytest.raises(APIError, match="giving up after 1 retries: cannot connect"):
        engine.generate(PROMPTS[:1], 1, sampling())


def test_config_builds_the_engine(server, monkeypatch):
    cfg = GenerationConfig(engine="vllm", base_url=server.url, api_key_env="HALO_TEST_KEY", concurrency=4)
    with pytest.raises(ConfigError, match="generation.api_key_env: the environment variable HALO_TEST_KEY"):
        make_engine("tiny", MODEL_CFG, cfg)
    monkeypatch.setenv("HALO_TEST_KEY", "secret")
    engine = make_engine("tiny", MODEL_CFG, cfg)
    assert isinstance(engine, OpenAIEngine) and engine.concurrency == 4 and engine.api_key == "secret"
    assert engine.model == "tiny-base"                             # asked the server: GET /v1/models


# ------------------------------------------------------------------------------------------------- LoRA

def test_adapter_hot_load_changes_the_samples(server, tiny, tmp_path):
    from peft import LoraConfig, get_peft_model

    model, tokenizer = tiny
    peft_model = get_peft_model(tiny_model(tokenizer, hidden=32), LoraConfig(
        r=4, lora_alpha=16, target_modules=["q_proj", "v_proj"], init_lora_weights=False))   # not a no-op
    peft_model.save_pretrained(tmp_path / "adapter")
    engine = engine_for(server)
    greedy = sampling(temperature=0.0)
    before = engine.generate(PROMPTS, 1, greedy)
    engine.load_adapter("sql-1", tmp_path / "adapter")
    assert engine.model == "sql-1" and server.adapter_paths == {"sql-1": str((tmp_path / "adapter").resolve())}
    after = engine.generate(PROMPTS, 1, greedy)
    assert server.requests[-1][1]["model"] == "sql-1"
    assert after != before
    engine.load_adapter("sql-1", tmp_path / "adapter")            # already loaded (a rerun): reloaded
    engine.load_adapter("sql-2", tmp_path / "adapter")            # the previous one is unloaded
    assert list(server.adapter_paths) == ["sql-2"] and engine.model == "sql-2"
    engine.unload_adapter("sql-2")
    assert engine.model == "tiny-base" and engine.generate(PROMPTS, 1, greedy) == before
    with pytest.raises(APIError, match="HTTP 400 .*no adapter at"):
        engine.load_adapter("missing", tmp_path / "nowhere")


# ------------------------------------------------------------------------------------------------- RAFT

def test_raft_cycle_through_the_server_hot_loads_each_adapter(tmp_path):
    from halo_forge.models import load_model
    from halo_forge.rlvr import RAFTTrainer
    from halo_forge.rlvr.verifiers import GCCVerifier
    from raft_fixtures import SYSTEM as RAFT_SYSTEM, build_model_dir, write_tasks

    model_dir = build_model_dir(tmp_path / "model")
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=3, heldout=2)
    model_cfg = ModelConfig(dtype="fp32", device="cpu", system_prompt=RAFT_SYSTEM)
    with OpenAIServer(*load_model(str(model_dir), model_cfg)) as server:
        cfg = RAFTConfig(output_dir=str(tmp_path / "run"), num_cycles=1, samples_per_prompt=4, temperature=1.0,
                         learning_rate=1e-2, train_batch_size=4, max_seq_length=128, eval_samples=2,
                         bootstrap_samples=20, verify_chunk=3, seed=7, lora_r=4, lora_alpha=8,
                         target_modules=["q_proj", "v_proj"])
        generation = GenerationConfig(engine="openai", base_url=server.url, max_new_tokens=48, temperature=1.0,
                                      concurrency=2, retry_backoff=0.0)
        with GCCVerifier(run_after_compile=True, max_workers=2) as verifier:
            rows = RAFTTrainer(verifier=verifier, sft_checkpoint=str(model_dir), config=cfg,
                               model_config=model_cfg, generation=generation, progress=False).run(str(tasks))

    run = tmp_path / "run"
    assert [r["cycle"] for r in rows] == [0, 1] and rows[1]["train_steps"] >= 1
    samples = [json.loads(line) for line in (run / "cycle_1" / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 12 and all(s["completion"] for s in samples)
    models = [body["model"] for path, body in server.requests if path == "/v1/chat/completions"]
    # baseline evaluation and the cycle's samples come from the base model, the evaluation after
    # training from the adapter the cycle saved, hot-loaded by name
    assert server.adapter_paths == {"run-cycle1": str((run / "cycle_1" / "adapter").resolve())}
    assert models[0] == "tiny-base" and models[-1] == "run-cycle1"
    assert models.count("run-cycle1") == 2                       # two held-out tasks, one request each
    trained = torch.cat([p.flatten() for n, p in server.models["run-cycle1"].named_parameters() if "lora_B" in n])
    assert trained.abs().sum() > 0                                # the server holds the trained weights


# -------------------------------------------------------------------------------------------------- CLI

def test_benchmark_run_through_the_server_from_the_cli(tmp_path, cli):
    from halo_forge.models import load_model
    from raft_fixtures import SYSTEM as RAFT_SYSTEM, build_model_dir, write_tasks

    model_dir = build_model_dir(tmp_path / "model")
    tasks = write_tasks(tmp_path / "tasks.jsonl", train=3, heldout=0)
    (tmp_path / "cfg.yaml").write_text(json.dumps({"model": {"system_prompt": RAFT_SYSTEM},
                                                   "verifier": {"type": "gcc", "run_after_compile": True}}))
    model_cfg = ModelConfig(dtype="fp32", device="cpu", system_prompt=RAFT_SYSTEM)
    with OpenAIServer(*load_model(str(model_dir), model_cfg)) as server:
        args = ["benchmark", "run", "--config", str(tmp_path / "cfg.yaml"), "--model", "served-elsewhere",
                "--prompts", str(tasks), "--samples", "2", "--k", "1,2", "--engine", "openai",
                "--max-new-tokens", "48", "--concurrency", "3", "--max-retries", "1", "--retry-backoff", "0"]
        server.fail_next(503)
        ok = cli(*args, "--base-url", server.url, "--output", str(tmp_path / "bench"))
        down = cli(*args, "--base-url", "http://127.0.0.1:9/v1", "--output", str(tmp_path / "down"))
    assert ok.returncode == 0, ok.stderr[-2000:]
    results = json.loads((tmp_path / "bench" / "results.json").read_text())
    assert results["sampling"]["engine"] == "openai" and results["sampling"]["base_url"] == server.url
    assert len((tmp_path / "bench" / "samples.jsonl").read_text().splitlines()) == 6
    assert sum(1 for path, _ in server.requests if path == "/v1/chat/completions") == 3
    assert down.returncode != 0 and "giving up after 1 retries: cannot connect" in down.stderr
    assert "Traceback" not in down.stderr


def test_a_run_resumes_when_the_server_is_reached_differently(tmp_path):
    from halo_forge.rlvr import RAFTTrainer
    from halo_forge.rlvr.verifiers import GCCVerifier

    def fingerprint(**generation):
        trainer = RAFTTrainer(verifier=GCCVerifier(), config=RAFTConfig(output_dir=str(tmp_path)),
                              generation=GenerationConfig(**generation))
        return trainer._fingerprint([], [])["generation"]

    server = dict(engine="openai", served_model="m")
    assert fingerprint(**server, base_url="http://a:1/v1", concurrency=4) == fingerprint(
        **server, base_url="http://b:2/v1", concurrency=64, max_retries=0)
    assert fingerprint(**server, temperature=0.5) != fingerprint(**server)          # what it samples counts
    assert fingerprint(engine="openai", served_model="m") != fingerprint(engine="openai", served_model="n")
    assert "served_model" not in fingerprint(engine="hf")       # hf runs: the same identity as before
    assert "served_model" not in fingerprint(engine="openvino")  # in-process too: no server keys
    assert fingerprint(engine="openvino") != fingerprint(engine="hf")    # the engine samples differently
