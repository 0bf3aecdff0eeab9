"""SFT on a tiny random-init model: data formats, response-only loss, LoRA/full, schedule, resume, CLI."""

import json

import pytest
import torch

from halo_forge.config import ModelConfig, SFTConfig
from halo_forge.errors import ConfigError, InputError, TaskFileError
from halo_forge.models import chat_prompt, load_model
from halo_forge.sft import SFTTrainer, save_adapter, train_on_pairs
from halo_forge.sft.data import SFTExample, encode_examples, read_sft_file, split_validation
from halo_forge.sft.fit import TrainSettings, build_trainer, lr_factor
from halo_forge.sft.lora import add_lora
from halo_forge.sft.trainer import check_method_available

CHATML = ("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
          "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
SYSTEM = "You write C."
PAIRS = [(f"Print the number {i}.", f"```c\n#include <stdio.h>\nint main(void){{printf(\"{i}\\n\");return 0;}}\n```")
         for i in range(6)]


def tiny_tokenizer():
    """A byte-level BPE tokenizer with a ChatML template, trained in milliseconds, offline."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=400, special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator([p + r for p, r in PAIRS] * 5 + ["system user assistant You write C."], trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    fast.chat_template = CHATML
    return fast


def tiny_model(tokenizer, seed=0):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id)
    return LlamaForCausalLM(config)


@pytest.fixture(scope="module")
def tokenizer():
    return tiny_tokenizer()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer):
    """A tiny model saved as an ordinary model directory, so load_model and the CLI can load it."""
    path = tmp_path_factory.mktemp("tiny") / "model"
    tiny_model(tokenizer).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def write_jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def lora_config(**kw):
    base = dict(lora_r=8, lora_alpha=16, lora_dropout=0.0, target_modules=["q_proj", "v_proj", "o_proj"])
    return SFTConfig(**{**base, **kw})


def response_loss(model, tokenizer, rows, with_accuracy=False):
    """Mean cross-entropy over the trained (mask 1) tokens (the loss SFT minimises), and optionally the
    share of those tokens the model predicts exactly (memorisation)."""
    model.eval()
    total, count, hits = 0.0, 0, 0
    with torch.no_grad():
        for row in rows:
            ids = torch.tensor([row["input_ids"]])
            labels = torch.tensor([[t if m else -100 for t, m in zip(row["input_ids"], row["completion_mask"])]])
            out = model(input_ids=ids, labels=labels)
            targets = labels[0, 1:]
            trained = targets != -100
            hits += int((out.logits[0, :-1].argmax(-1)[trained] == targets[trained]).sum())
            total += out.loss.item() * int(trained.sum())
            count += int(trained.sum())
    return (total / count, hits / count) if with_accuracy else total / count


# ------------------------------------------------------------------------------------------------- data

def test_every_format_is_read(tmp_path):
    files = {
        "text": [{"text": "int x;"}],
        "pairs": [{"prompt": "Say hi", "response": "hi"}],
        "completions": [{"prompt": "Say bye", "completion": "bye"}],       # upstream's / TRL's key
        "messages": [{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q"},
                                   {"role": "assistant", "content": "A"}]}],
        "tasks": [{"task_id": "t1", "prompt": "Print 1", "language": "c",
                   "reference_solution": "int main(void){return 0;}\n", "tests": []}],
    }
    got = {name: read_sft_file(write_jsonl(tmp_path / f"{name}.jsonl", rows))[0] for name, rows in files.items()}
    assert got["text"].prompt is None and got["text"].response == "int x;"
    assert (got["pairs"].prompt, got["pairs"].response) == ("Say hi", "hi")
    assert (got["completions"].prompt, got["completions"].response) == ("Say bye", "bye")
    assert (got["messages"].prompt, got["messages"].response, got["messages"].system_prompt) == ("Q", "A", "Be brief.")
    assert got["tasks"].response == "```c\nint main(void){return 0;}\n```"
    assert got["tasks"].source == f"{tmp_path / 'tasks.jsonl'}:1"


def test_bad_lines_are_all_reported_with_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "bad.jsonl", [
        {"prompt": "a", "response": "b"},
        {"text": "mixed in"},
        "{not json",
        {"prompt": "c", "response": "d"},
    ])
    with pytest.raises(TaskFileError) as err:
        read_sft_file(path)
    text = str(err.value)
    assert f"{path}:2:" in text and f"{path}:3:" in text and f"{path}:4" not in text


def test_task_without_solution_and_multi_turn_are_errors(tmp_path):
    tasks = write_jsonl(tmp_path / "tasks.jsonl", [{"task_id": "a", "prompt": "p", "reference_solution": "x"},
                                                   {"task_id": "b", "prompt": "p"}])
    with pytest.raises(TaskFileError, match=r"tasks.jsonl:2: task b: reference_solution: missing"):
        read_sft_file(tasks)
    turns = [{"role": r, "content": "x"} for r in ("user", "assistant", "user", "assistant")]
    chat = write_jsonl(tmp_path / "chat.jsonl", [{"messages": turns}])
    with pytest.raises(TaskFileError, match=r"chat.jsonl:1: messages: .*multi-turn"):
        read_sft_file(chat)


def test_validation_split_is_seeded_and_disjoint():
    examples = [SFTExample(prompt=str(i), response="r", source=f"f:{i}") for i in range(20)]
    train, val = split_validation(examples, 0.25, seed=3)
    assert len(val) == 5 and len(train) == 15 and not set(map(id, train)) & set(map(id, val))
    assert split_validation(examples, 0.25, seed=3)[1] == val
    assert split_validation(examples, 0.0, seed=3) == (examples, [])


# ---------------------------------------------------------------------------------------- loss masking

def test_prompt_tokens_carry_no_loss_and_batches_are_padded_dynamically(tmp_path, tokenizer):
    examples = [SFTExample(prompt=p, response=r, source="t") for p, r in PAIRS[:2]]
    examples.append(SFTExample(prompt="Longer prompt " * 5, response="ok", source="t"))
    rows, stats = encode_examples(tokenizer, examples, system_prompt=SYSTEM, max_seq_length=512)
    assert stats.examples == 3 and stats.truncated == 0
    for example, row in zip(examples, rows):
        n_prompt = row["completion_mask"].index(1)
        # The masked part is exactly the shared chat prompt; the trained part is the answer + end of turn.
        assert tokenizer.decode(row["input_ids"][:n_prompt]) == chat_prompt(tokenizer, example.prompt, SYSTEM)
        assert tokenizer.decode(row["input_ids"][n_prompt:]) == example.response + "<|im_end|>"
    model = add_lora(tiny_model(tokenizer), lora_config())
    settings = TrainSettings(learning_rate=1e-3, num_epochs=1, batch_size=3, max_seq_length=512)
    trainer = build_trainer(model, tokenizer, rows, [], settings, tmp_path)
    batch = trainer.data_collator([trainer.train_dataset[i] for i in range(3)])
    longest = max(len(r["input_ids"]) for r in rows)
    assert batch["input_ids"].shape == (3, longest)          # padded to the batch's longest, not 512
    for i, row in enumerate(rows):
        expected = [t if m else -100 for t, m in zip(row["input_ids"], row["completion_mask"])]
        expected += [-100] * (longest - len(expected))
        assert batch["labels"][i].tolist() == expected


def test_truncation_is_counted_and_prompt_only_samples_are_left_out_loudly(tokenizer, caplog):
    long_answer = SFTExample(prompt="p", response="int x; " * 200, source="f.jsonl:1")
    long_prompt = SFTExample(prompt="q " * 400, response="y", source="f.jsonl:2")
    rows, stats = encode_examples(tokenizer, [long_answer, long_prompt], system_prompt=SYSTEM, max_seq_length=64)
    assert (stats.examples, stats.truncated, stats.dropped) == (1, 2, 1)
    assert len(rows[0]["input_ids"]) == 64
    assert "f.jsonl:2: left out" in caplog.text


# ---------------------------------------------------------------------------------------------- schedule

@pytest.mark.parametrize("kind", ["cosine", "linear", "constant"])
@pytest.mark.parametrize("total", [1, 2, 3, 10])
@pytest.mark.parametrize("warmup", [0.0, 0.1, 0.5])
def test_no_step_trains_at_lr_zero(kind, total, warmup):
    factors = [lr_factor(s, total, warmup, kind) for s in range(total)]
    assert all(f > 0 for f in factors), factors
    assert max(factors) == 1.0


def test_trainer_uses_our_schedule(tmp_path, tokenizer):
    rows, _ = encode_examples(tokenizer, [SFTExample("p", "r", "t")], system_prompt=SYSTEM, max_seq_length=64)
    settings = TrainSettings(learning_rate=0.1, num_epochs=1, batch_size=1, max_seq_length=64,
                             lr_scheduler="cosine", warmup_ratio=0.5)
    trainer = build_trainer(add_lora(tiny_model(tokenizer), lora_config()), tokenizer, rows, [], settings, tmp_path)
    trainer.create_optimizer_and_scheduler(num_training_steps=1)
    assert trainer.lr_scheduler.get_last_lr()[0] == pytest.approx(0.1)   # a 1-step run is not spent at LR 0


# ------------------------------------------------------------------------------------------------ training

def test_lora_memorises_changes_only_the_adapter_and_saves_a_loadable_adapter(tmp_path, tokenizer, model_dir):
    model, tok = load_model(str(model_dir), ModelConfig(dtype="fp32", device="cpu"), trainable=True)
    model = add_lora(model, lora_config(target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                        "up_proj", "down_proj"]))
    rows, _ = encode_examples(tok, [SFTExample(p, r, "t") for p, r in PAIRS], system_prompt=SYSTEM,
                              max_seq_length=256)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    loss_before, accuracy_before = response_loss(model, tok, rows, with_accuracy=True)
    metrics = train_on_pairs(model, tok, PAIRS, learning_rate=1e-2, epochs=25, batch_size=3,
                             max_seq_length=256, output_dir=tmp_path / "run", system_prompt=SYSTEM)
    loss_after, accuracy_after = response_loss(model, tok, rows, with_accuracy=True)
    # A 48-wide random model cannot make its logits sharp in 50 steps, but it does learn the answers.
    assert loss_after < loss_before - 0.5, (loss_before, loss_after)
    assert accuracy_before < 0.2 and accuracy_after > 0.9, (accuracy_before, accuracy_after)
    assert metrics["global_step"] == 50 and metrics["examples"] == 6
    changed = {n for n, p in model.named_parameters() if not torch.equal(p, before[n])}
    assert changed and all("lora_" in n for n in changed)
    assert changed == {n for n, p in model.named_parameters() if p.requires_grad}
    adapter = save_adapter(model, tok, tmp_path / "adapter", base_model=str(model_dir))
    config = json.loads((adapter / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == str(model_dir.resolve())
    reloaded, _ = load_model(str(adapter), ModelConfig(dtype="fp32", device="cpu"))
    assert response_loss(reloaded, tok, rows) == pytest.approx(loss_after, rel=1e-4)
    lines = [json.loads(l) for l in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert lines[0]["step"] == 1 and "loss" in lines[0]
    assert list((tmp_path / "run" / "tensorboard").glob("events.out.tfevents.*"))


def test_gradient_checkpointing_still_trains_the_adapter(tmp_path, tokenizer):
    model = add_lora(tiny_model(tokenizer), lora_config())
    rows, _ = encode_examples(tokenizer, [SFTExample(p, r, "t") for p, r in PAIRS[:2]], system_prompt=SYSTEM,
                              max_seq_length=128)
    before = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
    # Three steps: LoRA's B starts at zero, so A only gets a gradient from the second step on.
    settings = TrainSettings(learning_rate=1e-2, num_epochs=3, batch_size=2, max_seq_length=128,
                             gradient_checkpointing=True)
    trainer = build_trainer(model, tokenizer, rows, [], settings, tmp_path)
    trainer.train()
    assert trainer.args.gradient_checkpointing and model.base_model.model.model.gradient_checkpointing
    assert all(not torch.equal(p, before[n]) for n, p in model.named_parameters() if n in before)


def test_sft_run_lowers_validation_loss_writes_layout_and_resumes(tmp_path, tokenizer, model_dir):
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS])
    out = tmp_path / "sft"
    cfg = lora_config(model_name=str(model_dir), train_file=str(data), val_file=str(data), output_dir=str(out),
                      learning_rate=1e-2, batch_size=3, max_steps=4, save_steps=2, eval_steps=2, logging_steps=1,
                      merge_adapter=True, warmup_ratio=0.25)
    model_cfg = ModelConfig(dtype="fp32", device="cpu", system_prompt=SYSTEM)
    first = SFTTrainer(cfg, model_cfg).train()
    assert first["global_step"] == 4 and first["eval_loss"] < first["eval_loss_before"]
    for key in ("adapter_dir", "merged_dir"):
        model, _ = load_model(first[key], model_cfg)
        assert model is not None
    saved = json.loads((out / "sft_result.json").read_text())
    assert saved["eval_loss"] == first["eval_loss"] and saved["config"]["lora_r"] == 8
    # Resume: continue the same run to step 8 from its last checkpoint (step 4), not from scratch.
    cfg.max_steps = 8
    second = SFTTrainer(cfg, model_cfg).train(resume=True)
    assert second["resumed_from"].endswith("checkpoint-4") and second["global_step"] == 8
    assert "eval_loss_before" not in second
    logged = [json.loads(l) for l in (out / "metrics.jsonl").read_text().splitlines()]
    train_steps = [l["step"] for l in logged if "loss" in l]
    assert train_steps == [1, 2, 3, 4, 5, 6, 7, 8]


def test_resume_without_checkpoint_is_a_clear_error(tmp_path, tokenizer, model_dir):
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS])
    cfg = lora_config(model_name=str(model_dir), train_file=str(data), output_dir=str(tmp_path / "o"))
    with pytest.raises(InputError, match="no checkpoint to resume from"):
        SFTTrainer(cfg, ModelConfig(dtype="fp32", device="cpu")).train(resume=True)


def test_full_fine_tuning_changes_base_weights_and_saves_a_model(tmp_path, tokenizer, model_dir):
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS])
    cfg = SFTConfig(model_name=str(model_dir), train_file=str(data), output_dir=str(tmp_path / "full"),
                    method="full", learning_rate=1e-3, batch_size=3, max_steps=2, val_split=0.0)
    model_cfg = ModelConfig(dtype="fp32", device="cpu")
    result = SFTTrainer(cfg, model_cfg).train()
    assert "adapter_dir" not in result
    trained, _ = load_model(result["model_dir"], model_cfg)
    original, _ = load_model(str(model_dir), model_cfg)
    name = "model.layers.0.self_attn.q_proj.weight"
    assert not torch.equal(dict(trained.named_parameters())[name], dict(original.named_parameters())[name])


def test_qlora_without_gpu_or_bitsandbytes_is_a_clear_error(tmp_path):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(ConfigError, match="qlora needs a CUDA or ROCm GPU"):
        check_method_available("qlora")
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": "a", "response": "b"}])
    cfg = SFTConfig(model_name="no/such-model", train_file=str(data), method="qlora")
    with pytest.raises(ConfigError, match="sft.method: qlora"):   # before any model is looked up
        SFTTrainer(cfg).train()


def test_unknown_target_module_names_the_real_ones(tokenizer):
    with pytest.raises(ConfigError, match=r"sft.target_modules: c_attn not in .* q_proj"):
        add_lora(tiny_model(tokenizer), lora_config(target_modules=["q_proj", "c_attn"]))


def test_config_cross_checks():
    assert any("needs validation data" in p for p in SFTConfig(early_stopping_patience=2, val_split=0).problems())
    assert any("multiple of sft.eval_steps" in p
               for p in SFTConfig(early_stopping_patience=2, eval_steps=30, save_steps=100).problems())
    assert SFTConfig(early_stopping_patience=2, eval_steps=50, save_steps=100).problems() == []


def test_early_stopping_stops_and_keeps_the_best(tmp_path, tokenizer, model_dir):
    train = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS])
    # Validation answers the model cannot learn from the training data: its loss rises once training
    # memorises, so early stopping must end the run long before max_steps.
    val = write_jsonl(tmp_path / "val.jsonl", [{"prompt": p, "response": "zzzz qqqq"} for p, _ in PAIRS[:2]])
    cfg = lora_config(model_name=str(model_dir), train_file=str(train), val_file=str(val),
                      output_dir=str(tmp_path / "es"), learning_rate=3e-2, batch_size=6, max_steps=60,
                      eval_steps=1, save_steps=1, early_stopping_patience=2, logging_steps=1)
    result = SFTTrainer(cfg, ModelConfig(dtype="fp32", device="cpu")).train()
    assert result["global_step"] < 60 and result["best_checkpoint"] is not None


def test_cli_trains_and_reports_bad_data(tmp_path, cli, model_dir):
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS])
    config = tmp_path / "sft.yaml"
    config.write_text(f"model: {{dtype: fp32, device: cpu}}\nsft:\n  model_name: {model_dir}\n  lora_r: 4\n"
                      f"  target_modules: [q_proj]\n  max_steps: 2\n  batch_size: 3\n  val_split: 0.34\n")
    proc = cli("sft", "train", "--config", str(config), "--data", str(data), "--output", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    assert "trained 2 steps" in proc.stdout and "validation loss" in proc.stdout
    assert (tmp_path / "o" / "adapter" / "adapter_config.json").is_file()
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"prompt": "a", "response": "b"}, {"prompt": "c", "respons": "d"}])
    proc = cli("sft", "train", "--config", str(config), "--data", str(bad), "--output", str(tmp_path / "b"))
    assert proc.returncode == 2 and f"{bad}:2:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_one_step_on_the_embedded_model(tmp_path):
    data = write_jsonl(tmp_path / "train.jsonl", [{"prompt": p, "response": r} for p, r in PAIRS[:2]])
    cfg = SFTConfig(train_file=str(data), output_dir=str(tmp_path / "emb"), max_steps=1, batch_size=2,
                    val_split=0.0, lora_r=4, target_modules=["q_proj", "v_proj"])
    result = SFTTrainer(cfg).train()
    assert result["global_step"] == 1 and result["train_loss"] > 0
    config = json.loads((tmp_path / "emb" / "adapter" / "adapter_config.json").read_text())
    assert config["base_model_name_or_path"] == "embedded:smollm2-135m"


def test_one_lora_shape_for_every_stage():
    """SFT, RAFT and GRPO read the same four LoRA keys into one LoraSettings; errors name the section."""
    from halo_forge.config import GRPOConfig, RAFTConfig, SFTConfig
    from halo_forge.sft.lora import LoraSettings

    for section, name in ((SFTConfig, "sft"), (RAFTConfig, "raft"), (GRPOConfig, "grpo")):
        cfg = section(lora_r=4, lora_alpha=8, lora_dropout=0.1, target_modules=["q_proj"])
        assert LoraSettings.of(cfg, name) == LoraSettings(4, 8, 0.1, ("q_proj",), name)
    tokenizer = tiny_tokenizer()
    with pytest.raises(ConfigError, match=r"^raft\.target_modules: c_attn not in tiny; its linear layers are"):
        add_lora(tiny_model(tokenizer), LoraSettings(4, 8, 0.0, ("c_attn",), "raft"), "tiny")
