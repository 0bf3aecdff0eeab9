"""Typed configuration for every stage, and the one loader that fills it.

Length: the one home of every default — a dataclass per section, each field with its help text and
range (docs/configuration.md and the CLI flags are generated from them) — and the loader that fills
them; the generic field machinery (opt, coerce, ranges, YAML) is in :mod:`halo_forge.config_fields`.

A config file is YAML with one section per stage; every section is optional::

    model:      {dtype: bf16, system_prompt: "..."}
    generation: {temperature: 0.8, max_new_tokens: 512}
    verifier:   {type: gcc, timeout: 10}
    sft:        {model_name: embedded:smollm2-135m, train_file: data/sft.jsonl, lora_r: 16}
    raft:       {num_cycles: 3, samples_per_prompt: 8}
    grpo:       {max_steps: 100, num_generations: 8}
    benchmark:  {samples: 10, k: [1, 5, 10]}
    data:       {backend: openai, model: gpt-4o-mini}

Precedence is defaults (the dataclass fields below, the only home of each default) -> YAML -> the flags a
person actually typed. Unknown keys are errors that name the closest known key; ``2e-4`` is a number;
every problem is reported at once, each naming its key (``cfg.yaml: raft.keep_top_pct: unknown key; did
you mean keep_top_percent?``).
"""

from __future__ import annotations

import dataclasses
import importlib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

# The field machinery is imported from here, like everything about configs.
from halo_forge.config_fields import (build_section, coerce, describe_value, did_you_mean, opt,  # noqa: F401
                                      read_yaml, to_dict)
from halo_forge.errors import ConfigError
from halo_forge.upstream import upstream_hint

DEFAULT_MODEL = "embedded:smollm2-135m"
DEFAULT_SYSTEM_PROMPT = (
    "You are an expert programmer. Answer with one complete solution in a single fenced code block."
)


# --------------------------------------------------------------------------------------------- sections

class Section:
    """``SFTConfig.from_yaml("sft.yaml")``: the section of that file (defaults for the rest)."""

    @classmethod
    def from_yaml(cls, path: str | Path):
        cfg = load_config(path)
        name = next(n for n, tp in SECTIONS.items() if tp is cls)
        return getattr(cfg, name)


@dataclass
class ModelConfig(Section):
    """How any model is loaded and prompted; shared by SFT, RAFT and the benchmark."""

    dtype: str = opt("auto", "Weights dtype: auto picks bf16 where it is faster (CUDA, ROCm, this CPU).",
                     choices=("auto", "bf16", "fp16", "fp32"))
    device: str = opt("auto", "Device: auto picks cuda (also ROCm), then mps, then cpu.",
                      choices=("auto", "cpu", "cuda", "mps"))
    system_prompt: str = opt(DEFAULT_SYSTEM_PROMPT, "System message put in front of every prompt by the "
                             "one chat-formatting function (SFT, RAFT and benchmark alike).")
    trust_remote_code: bool = opt(False, "Allow model repos that ship their own Python code.")
    attn_implementation: Optional[str] = opt(None, "Attention kernel passed to transformers "
                                             "(eager, sdpa, flash_attention_2); None lets it choose.",
                                             choices=(None, "eager", "sdpa", "flash_attention_2"))


@dataclass
class GenerationConfig(Section):
    """Sampling settings for the generation engine (benchmark; RAFT overrides the temperature per cycle)."""

    engine: str = opt("hf", "Generation engine: hf (transformers, in this process), openvino (OpenVINO "
                      "GenAI in this process on CPU, 8-bit weights of a GGUF-loaded model; the openvino "
                      "extra; docs/hardware.md) or openai (an OpenAI-compatible server: vLLM, SGLang, TGI, "
                      "llama.cpp, Ollama; see docs/scaling-out.md); vllm is another name for openai.",
                      choices=("hf", "openvino", "openai", "vllm"))
    temperature: float = opt(0.7, "Sampling temperature; 0 means greedy.", min=0.0)
    top_p: float = opt(0.95, "Nucleus sampling mass.", min=0.0, max=1.0, min_exclusive=True)
    top_k: int = opt(0, "Keep only the k most likely tokens; 0 disables.", min=0)
    max_new_tokens: int = opt(512, "Most tokens generated per completion.", min=1)
    batch_size: int = opt(64, "Sequences decoded together in one forward pass.", min=1)
    seed: int = opt(0, "Seed for sampling; same seed, same completions on the same device.")
    stop_at_code_end: bool = opt(True, "Stop a completion when its first code block closes.")
    merge_lora: str = opt("auto", "Decode a LoRA model through a copy with the adapter merged into its "
                          "weights (hf engine; rebuilt when the adapter changes): auto does on CPU, where "
                          "the adapter's extra matmuls dominate small batches; on GPU the copy would cost "
                          "the model's memory again.", choices=("auto", "on", "off"))
    static_cache: str = opt("auto", "Static KV cache with torch.compile'd decoding (hf engine): auto "
                            "turns it on for CUDA/ROCm, where it is faster, and off on CPU and MPS, where "
                            "finished sequences are dropped from the batch instead.",
                            choices=("auto", "on", "off"))
    continuous_batching: str = opt("auto", "Decode through batch_size slots, each refilled with the next "
                                   "sample as soon as its sequence finishes, with an in-place KV cache and "
                                   "each prompt prefilled once (hf engine; Llama, Mistral and Qwen2 models, "
                                   "others use the pruned path): auto turns it on for CPU; "
                                   "docs/hardware.md has the measurements.", choices=("auto", "on", "off"))
    base_url: str = opt("http://127.0.0.1:8000/v1", "openai engine: the server's API base (vLLM's "
                        "default address here).")
    api_key_env: Optional[str] = opt(None, "openai engine: environment variable holding the server's API "
                                     "key (sent as a Bearer token); None sends none.")
    served_model: Optional[str] = opt(None, "openai engine: model name at the server; None takes the "
                                      "first model the server lists (GET /v1/models).")
    concurrency: int = opt(8, "openai engine: requests in flight at once (one per prompt, each asking "
                           "for all its samples).", min=1)
    stop_strings: list[str] = opt(help="openai engine: stop strings sent to the server (fewer wasted "
                                  "tokens); the completion is cut at its first closed code block "
                                  "either way.", factory=list)
    max_retries: int = opt(5, "openai engine: retries per request on 429/5xx/timeouts/refused "
                           "connections, with exponential back-off.", min=0)
    retry_backoff: float = opt(1.0, "openai engine: seconds before the first retry; doubled on each "
                               "further one (a Retry-After header wins).", min=0.0)
    request_timeout: float = opt(600.0, "openai engine: seconds to wait for one answer (all n samples "
                                 "of a prompt).", min=0.0, min_exclusive=True)


@dataclass
class VerifierConfig(Section):
    """Which verifier judges a completion, and where it runs. Every key other than ``type``, ``pool``,
    ``ray_address`` and ``ray_workers`` is a constructor argument of that verifier class (``verifier: {type: gcc, timeout: 10, run_after_compile: true}``); the verifier
    registry checks them against the class."""

    type: str = opt("gcc", "Verifier name from the registry, or a dotted path to a user class.",
                    flags=("--verifier",))
    options: dict = opt(help="Constructor arguments of the verifier (written inline in YAML).",
                        factory=dict)
    pool: str = opt("local", "Where verify_batch runs: local worker processes, or ray (a Ray cluster; "
                    "every node needs the toolchains and bubblewrap; extra: ray).", choices=("local", "ray"))
    ray_address: Optional[str] = opt(None, "pool: ray: the cluster to join (auto, or ray://HOST:10001); "
                                     "None starts a Ray instance on this machine.")
    ray_workers: Optional[int] = opt(None, "pool: ray: verifier workers (one CPU each); None means one "
                                     "per CPU of the cluster.", min=1)

    EXTRA_KEYS_INTO: typing.ClassVar[str] = "options"


@dataclass
class DataConfig(Section):
    """Task data preparation, splitting and LLM generation (``halo-forge data ...``)."""

    dataset: Optional[str] = opt(None, "data prepare: dataset name from the registry (bundled-c, "
                                 "bundled-cpp, humaneval, mbpp, codeforces).")
    split: str = opt("all", "data prepare: which fixed split of the dataset to write.",
                     choices=("all", "train", "heldout"))
    format: str = opt("tasks", "data prepare: task records, or SFT {prompt, response} records made from "
                      "the reference solutions.", choices=("tasks", "sft"))
    max_tasks: Optional[int] = opt(None, "data prepare: keep at most this many tasks (in dataset order).",
                                   flags=("--limit",), min=1)
    output: Optional[str] = opt(None, "Output JSONL file of data prepare and data generate.", flags=("-o",))
    backend: str = opt("openai", "LLM API used by data generate.",
                       choices=("openai", "deepseek", "ollama", "vllm", "anthropic"))
    model: Optional[str] = opt(None, "Model name at the generation backend.")
    base_url: Optional[str] = opt(None, "API base URL; None uses the backend's environment variable "
                                  "(OPENAI_BASE_URL, ...) or its usual address.")
    api_key_env: Optional[str] = opt(None, "Environment variable holding the API key; None uses the "
                                     "backend's usual one (OPENAI_API_KEY, ...).")
    topic: Optional[str] = opt(None, "What the generated tasks are about.")
    language: str = opt("c", "Language of generated tasks (and of CodeForces tasks in data prepare).",
                        choices=("c", "cpp", "python", "rust", "go"))
    style: str = opt("stdio", "Generated task style: stdio (a program with stdin/stdout tests) or function "
                     "(a function called by a test harness).", choices=("stdio", "function"))
    num_tasks: int = opt(50, "How many verified tasks to generate.", min=1)
    min_tests: int = opt(3, "Fewest tests a generated task must carry.", min=1)
    max_attempts: Optional[int] = opt(None, "Most generation requests in all (resumed runs included); None "
                                      "means 3 x num_tasks.", min=1)
    temperature: float = opt(0.8, "Sampling temperature asked of the generation backend.", min=0.0)
    max_tokens: int = opt(4096, "Most tokens per generated answer.", min=1)
    max_retries: int = opt(5, "Retries per request on 429/5xx/timeouts, with exponential back-off.", min=0)
    retry_backoff: float = opt(1.0, "Seconds before the first retry; doubled on each further retry "
                               "(a Retry-After header wins).", min=0.0)
    request_timeout: float = opt(120.0, "Seconds to wait for one answer.", min=0.0, min_exclusive=True)
    requests_per_minute: float = opt(60.0, "Client-side rate limit.", min=0.0, min_exclusive=True)
    checkpoint: Optional[str] = opt(None, "Append-only progress file of data generate; None means "
                                    "<output>.checkpoint.jsonl. A rerun continues from it.")
    train_ratio: float = opt(0.8, "data split: share of tasks in the train split.", flags=("--ratio",),
                             min=0.0, max=1.0, min_exclusive=True)
    split_by: str = opt("ratio", "data split: ratio (seeded shuffle), stratified (the ratio within each "
                        "category) or category (the heldout_categories go to held-out).",
                        choices=("ratio", "stratified", "category"))
    heldout_categories: list[str] = opt(help="data split --split-by category: categories that go to the "
                                        "held-out side.", factory=list)
    seed: int = opt(0, "data split: seed of the shuffle.")


@dataclass
class SFTConfig(Section):
    """Supervised fine-tuning (``halo-forge sft train``)."""

    model_name: str = opt(DEFAULT_MODEL, "Base model: hub id, directory, GGUF file or embedded:NAME.",
                          flags=("--model", "-m"))
    train_file: Optional[str] = opt(None, "Training data (JSONL: text, prompt/response, messages or task "
                                    "records with reference solutions).", flags=("--data",))
    val_file: Optional[str] = opt(None, "Validation data; None splits val_split off the training data.")
    val_split: float = opt(0.1, "Share of training data held out for validation when val_file is None.",
                           min=0.0, max=0.5)
    output_dir: str = opt("runs/sft", "Where checkpoints, the adapter and metrics go.",
                          flags=("--output", "-o"))
    method: str = opt("lora", "lora, qlora (needs bitsandbytes and a GPU) or full fine-tuning.",
                      choices=("lora", "qlora", "full"))
    lora_r: int = opt(16, "LoRA rank.", min=1)
    lora_alpha: int = opt(32, "LoRA scaling numerator (scale = alpha / r).", min=1)
    lora_dropout: float = opt(0.05, "Dropout on the LoRA path.", min=0.0, max=1.0)
    target_modules: list[str] = opt(help="Module names that get LoRA adapters.", factory=lambda: [
        "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
    max_seq_length: int = opt(1024, "Longer samples are truncated (and counted in the log).", min=16)
    batch_size: int = opt(8, "Samples per device step; each batch is padded only to its longest sample.",
                          min=1)
    group_by_length: bool = opt(True, "Batch samples of similar length together (less padding).")
    gradient_accumulation_steps: int = opt(1, "Steps accumulated per optimizer update.", min=1)
    num_epochs: float = opt(3.0, "Passes over the training data.", flags=("--epochs",), min=0.0,
                            min_exclusive=True)
    max_steps: Optional[int] = opt(None, "Stop after this many optimizer steps (wins over num_epochs); "
                                   "None trains num_epochs.", min=1)
    learning_rate: float = opt(2e-4, "Peak learning rate.", flags=("--lr",), min=0.0, min_exclusive=True)
    lr_scheduler: str = opt("cosine", "Schedule after warmup.", choices=("cosine", "linear", "constant"))
    warmup_ratio: float = opt(0.05, "Share of steps spent warming up (never the whole run).",
                              min=0.0, max=0.5)
    weight_decay: float = opt(0.0, "AdamW weight decay.", min=0.0)
    max_grad_norm: float = opt(1.0, "Gradient clipping norm.", min=0.0, min_exclusive=True)
    gradient_checkpointing: bool = opt(False, "Trade compute for memory.")
    early_stopping_patience: int = opt(0, "Stop after this many evaluations without improvement; 0 off.",
                                       min=0)
    eval_steps: int = opt(50, "Evaluate every N optimizer steps.", min=1)
    save_steps: int = opt(100, "Checkpoint every N optimizer steps.", min=1)
    logging_steps: int = opt(10, "Log metrics every N optimizer steps.", min=1)
    save_total_limit: Optional[int] = opt(2, "Keep only the newest N checkpoints (plus the best one when "
                                          "early stopping); None keeps all.", min=1)
    merge_adapter: bool = opt(False, "Also save a merged full model next to the adapter.")
    seed: int = opt(42, "Seed for data order and initialisation.")

    def problems(self) -> list[str]:
        out = []
        if self.early_stopping_patience > 0:
            if self.val_file is None and self.val_split == 0:
                out.append("sft.early_stopping_patience: needs validation data (set val_file or val_split > 0)")
            if self.save_steps % self.eval_steps:
                out.append(f"sft.save_steps: must be a multiple of sft.eval_steps ({self.eval_steps}) when "
                           "early stopping keeps the best checkpoint")
        if self.merge_adapter and self.method == "full":
            out.append("sft.merge_adapter: only for lora/qlora; full fine-tuning saves the whole model")
        return out


@dataclass
class RAFTConfig(Section):
    """Reward-ranked fine-tuning cycles (``halo-forge raft train``). Per-cycle values (learning rate,
    temperature, reward floor, tasks) are computed from these by ``halo_forge.rlvr.schedules``."""

    model_name: str = opt(DEFAULT_MODEL, "Base model; a fresh LoRA adapter is added to it when no "
                          "sft_checkpoint is given.", flags=("--model", "-m"))
    sft_checkpoint: Optional[str] = opt(None, "Adapter (or model) directory from SFT to start from; an "
                                        "adapter keeps training (never a second one stacked on it).",
                                        flags=("--checkpoint",))
    prompts_file: Optional[str] = opt(None, "Training tasks (JSONL task records or plain prompts). Tasks "
                                      "with metadata.split use only the train split when eval_file is "
                                      "None.", flags=("--prompts", "-p"))
    eval_file: Optional[str] = opt(None, "Held-out tasks evaluated after every cycle; None uses the "
                                   "prompts file's metadata.split == heldout tasks (if any).")
    output_dir: str = opt("runs/raft", "Where cycles, samples, adapters and metrics go; rerunning with "
                          "the same directory resumes.", flags=("--output", "-o"))
    num_cycles: int = opt(3, "RAFT cycles to run (a finished run given more cycles continues).",
                          flags=("--cycles",), min=1)
    samples_per_prompt: int = opt(8, "Completions generated per task per cycle.", min=1)
    max_prompts: Optional[int] = opt(None, "Use at most this many training tasks per cycle (after the "
                                     "curriculum).", min=1)
    temperature: float = opt(0.7, "Sampling temperature of cycle 1 (training samples; the held-out "
                             "evaluation samples with the generation section, like benchmark run).",
                             min=0.0)
    temperature_decay: float = opt(1.0, "Temperature of cycle c is temperature * decay^(c-1).",
                                   min=0.0, min_exclusive=True)
    min_temperature: float = opt(0.1, "Floor of the per-cycle temperature.", min=0.0)
    selection: str = opt("per_task_top_k", "How samples are kept: per_task_top_k (up to keep_per_task "
                         "successful samples per task), threshold (every sample with reward >= the "
                         "floor) or global_top_percent (the best keep_top_percent of all samples).",
                         choices=("per_task_top_k", "threshold", "global_top_percent"))
    keep_per_task: int = opt(4, "per_task_top_k: most samples kept per task (also the most kept by "
                             "fallback).", min=1)
    keep_top_percent: float = opt(0.5, "global_top_percent: share of all samples kept. Set in a file or "
                                  "with --keep-percent while raft.selection is not, it selects "
                                  "global_top_percent (the seed's meaning of --keep-percent).",
                                  flags=("--keep-percent",), min=0.0, max=1.0, min_exclusive=True)
    reward_threshold: float = opt(0.5, "Reward floor: the least reward a kept sample has (reward "
                                  "shaping may start lower).", min=0.0, max=1.0)
    fallback: str = opt("none", "When no sample of a task is kept: keep none, or its best compiling "
                        "samples (up to keep_per_task).", choices=("none", "best_compiling"))
    reward_shaping: str = opt("fixed", "How the reward floor moves over cycles: fixed, warmup, annealing, "
                              "adaptive (see docs/raft.md).",
                              choices=("fixed", "warmup", "annealing", "adaptive"))
    shaping_start_threshold: float = opt(0.3, "warmup/annealing/adaptive: the reward floor at the start "
                                         "(0.3 keeps code that compiles with warnings).", min=0.0, max=1.0)
    shaping_warmup_cycles: int = opt(1, "warmup: cycles that use shaping_start_threshold.", min=0)
    shaping_adaptive_rate: float = opt(0.25, "adaptive: below this share of successful training samples "
                                       "in the previous cycle, the floor stays at the start value.",
                                       min=0.0, max=1.0)
    curriculum: str = opt("none", "Which tasks a cycle trains on: none, complexity, progressive, "
                          "adaptive, rotate, frontier (see docs/raft.md).",
                          choices=("none", "complexity", "progressive", "adaptive", "rotate", "frontier"))
    max_samples_per_prompt: int = opt(16, "frontier: most samples a frontier task gets in a cycle (the "
                                      "least certain pass rates get the most).", min=1)
    frontier_min_attempts: int = opt(4, "frontier: attempts, all passed, before a task counts as solved.",
                                     min=1)
    frontier_hopeless_after: int = opt(12, "frontier: attempts without a pass or partial credit before a "
                                       "task counts as hopeless.", min=1)
    frontier_revisit_rate: float = opt(0.1, "frontier: chance per cycle that a solved or hopeless task is "
                                       "sampled again.", min=0.0, max=1.0)
    dedup: str = opt("normalized", "Kept samples of a task that are the same program are kept once: "
                     "normalized compares the extracted code without comments and whitespace, exact the "
                     "completion text.", choices=("normalized", "exact"))
    learning_rate: float = opt(5e-5, "Learning rate of cycle 1.", flags=("--lr",), min=0.0,
                               min_exclusive=True)
    lr_decay: float = opt(0.85, "LR of cycle c is learning_rate * lr_decay^(c-1); 1.0 keeps it "
                          "constant.", min=0.0, max=1.0, min_exclusive=True)
    min_lr: float = opt(1e-6, "Floor of the per-cycle learning rate.", min=0.0)
    lr_scheduler: str = opt("constant", "LR schedule within a cycle, after the warmup.",
                            choices=("constant", "cosine", "linear"))
    warmup_ratio: float = opt(0.0, "Share of a cycle's steps spent warming up (never at LR 0).",
                              min=0.0, max=0.5)
    epochs_per_cycle: float = opt(1.0, "Passes over the kept samples per cycle.", min=0.0,
                                  min_exclusive=True)
    train_batch_size: int = opt(8, "Kept samples per training step.", min=1)
    gradient_accumulation_steps: int = opt(1, "Steps accumulated per optimizer update.", min=1)
    max_seq_length: int = opt(1024, "Longer samples are truncated.", min=16)
    lora_r: int = opt(16, "LoRA rank of the adapter added when starting from a plain model.", min=1)
    lora_alpha: int = opt(32, "LoRA scaling numerator of that adapter.", min=1)
    lora_dropout: float = opt(0.05, "LoRA dropout of that adapter.", min=0.0, max=1.0)
    target_modules: list[str] = opt(help="Module names that get LoRA adapters (plain start model only).",
                                    factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                     "up_proj", "down_proj"])
    eval_samples: int = opt(1, "Completions per held-out task in the per-cycle evaluation.", min=1)
    eval_baseline: bool = opt(True, "Also evaluate the starting model (cycle 0), so the first cycle's "
                              "gain is visible.")
    bootstrap_samples: int = opt(1000, "Resamples for the 95 percent interval of held-out pass@1.",
                                 min=0)
    verify_chunk: int = opt(8, "Finished samples handed to the verifier pool at a time while generation "
                            "goes on (also how often samples are flushed to disk).", min=1)
    seed: int = opt(42, "Seed for training samples, selection tie-breaks and training.")

    def problems(self) -> list[str]:
        out = []
        if self.reward_shaping != "fixed" and self.shaping_start_threshold > self.reward_threshold:
            out.append(f"raft.shaping_start_threshold: {self.shaping_start_threshold} is above "
                       f"raft.reward_threshold ({self.reward_threshold}); shaping raises the floor")
        if self.curriculum == "frontier" and self.max_samples_per_prompt < self.samples_per_prompt:
            out.append(f"raft.max_samples_per_prompt: {self.max_samples_per_prompt} is below "
                       f"raft.samples_per_prompt ({self.samples_per_prompt})")
        if self.min_lr > self.learning_rate:
            out.append(f"raft.min_lr: {self.min_lr} is above raft.learning_rate ({self.learning_rate})")
        return out


@dataclass
class GRPOConfig(Section):
    """GRPO on TRL's GRPOTrainer (``halo-forge grpo train``): the same tasks, verifier, model loading and
    held-out evaluation as RAFT; rewards from the verifier through ``halo_forge.rlvr.verifier_reward``."""

    model_name: str = opt(DEFAULT_MODEL, "Base model; a fresh LoRA adapter is added to it when no "
                          "sft_checkpoint is given.", flags=("--model",))
    sft_checkpoint: Optional[str] = opt(None, "Adapter (or model) directory from SFT to start from; an "
                                        "adapter keeps training.", flags=("--checkpoint",))
    prompts_file: Optional[str] = opt(None, "Training tasks (JSONL task records); tasks marked "
                                      "metadata.split: heldout are never trained on.", flags=("--prompts",))
    eval_file: Optional[str] = opt(None, "Held-out tasks evaluated every eval_steps; None uses the prompts "
                                   "file's metadata.split == heldout tasks (if any).")
    output_dir: str = opt("runs/grpo", "Run directory (checkpoints, evaluations, adapter, metrics); "
                          "rerunning with it resumes from the last checkpoint.", flags=("--output",))
    max_steps: int = opt(100, "Optimizer steps to train (a finished run given more steps continues).",
                         flags=("--steps",), min=1)
    prompts_per_step: int = opt(4, "Tasks per optimizer step; each gets num_generations completions "
                                "whose rewards are compared within the group.", min=1)
    num_generations: int = opt(8, "Completions per task (the group of group-relative advantages).", min=2)
    gradient_accumulation_steps: int = opt(1, "Micro-batches per optimizer step (prompts_per_step is "
                                           "split evenly among them).", min=1)
    max_completion_length: int = opt(512, "Most tokens generated per completion (the verifier extracts the "
                                     "first code block, so text after it costs time only).", min=1)
    temperature: float = opt(1.0, "Sampling temperature of the training completions (the held-out "
                             "evaluation samples with the generation section, like benchmark run).",
                             min=0.0, min_exclusive=True)
    top_p: float = opt(1.0, "Nucleus sampling mass of the training completions.", min=0.0, max=1.0,
                       min_exclusive=True)
    learning_rate: float = opt(2e-5, "Peak learning rate.", flags=("--lr",), min=0.0, min_exclusive=True)
    lr_scheduler: str = opt("constant", "Schedule after the warmup.", choices=("constant", "cosine", "linear"))
    warmup_ratio: float = opt(0.0, "Share of the steps spent warming up.", min=0.0, max=0.5)
    weight_decay: float = opt(0.0, "AdamW weight decay.", min=0.0)
    max_grad_norm: float = opt(1.0, "Gradient clipping norm.", min=0.0, min_exclusive=True)
    beta: float = opt(0.0, "KL coefficient against the starting model; 0 loads no reference model.",
                      min=0.0)
    epsilon: float = opt(0.2, "Clipping range of the policy ratio.", min=0.0, min_exclusive=True)
    num_iterations: int = opt(1, "Optimizer passes over each generated batch (mu in the GRPO paper).",
                              min=1)
    loss_type: str = opt("dapo", "TRL's loss aggregation: dapo (tokens of the whole batch), grpo (per "
                         "sequence), dr_grpo (a constant), bnpo (tokens of the local batch).",
                         choices=("dapo", "grpo", "dr_grpo", "bnpo"))
    scale_rewards: str = opt("group", "Divide advantages by the reward std of the group, of the batch, or "
                             "not at all (Dr. GRPO).", choices=("group", "batch", "none"))
    mask_truncated_completions: bool = opt(False, "Leave completions cut at max_completion_length out of "
                                           "the loss.")
    gradient_checkpointing: bool = opt(False, "Trade compute for memory.")
    lora_r: int = opt(16, "LoRA rank of the adapter added when starting from a plain model.", min=1)
    lora_alpha: int = opt(32, "LoRA scaling numerator of that adapter.", min=1)
    lora_dropout: float = opt(0.0, "LoRA dropout of that adapter (0: the sampled and the trained policy "
                              "are the same function).", min=0.0, max=1.0)
    target_modules: list[str] = opt(help="Module names that get LoRA adapters (plain start model only).",
                                    factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                     "up_proj", "down_proj"])
    eval_steps: int = opt(25, "Evaluate on the held-out tasks every N optimizer steps (and at the end).",
                          min=1)
    eval_samples: int = opt(1, "Completions per held-out task in each evaluation.", min=1)
    eval_baseline: bool = opt(True, "Also evaluate the starting model (step 0).")
    bootstrap_samples: int = opt(1000, "Resamples for the 95 percent interval of held-out pass@1.", min=0)
    save_steps: int = opt(25, "Checkpoint (adapter, optimizer, scheduler, RNG) every N optimizer steps.",
                          min=1)
    save_total_limit: Optional[int] = opt(2, "Keep only the newest N checkpoints; None keeps all.", min=1)
    logging_steps: int = opt(1, "Log rewards, loss and KL every N optimizer steps.", min=1)
    seed: int = opt(42, "Seed for task order, sampling, the fresh adapter and training.")

    def problems(self) -> list[str]:
        if self.prompts_per_step % self.gradient_accumulation_steps:
            return [f"grpo.prompts_per_step: {self.prompts_per_step} is not a multiple of "
                    f"grpo.gradient_accumulation_steps ({self.gradient_accumulation_steps})"]
        return []


@dataclass
class BenchmarkConfig(Section):
    """Held-out evaluation (``halo-forge benchmark run``)."""

    model_name: str = opt(DEFAULT_MODEL, "Model, directory, GGUF or adapter directory to evaluate.",
                          flags=("--model", "-m"))
    prompts_file: Optional[str] = opt(None, "Tasks to evaluate (JSONL).", flags=("--prompts", "-p"))
    output_dir: str = opt("runs/benchmark", "Where results.json and samples.jsonl go; a path ending in "
                          ".json is the results file itself (samples in NAME.samples.jsonl next to it).",
                          flags=("--output", "-o"))
    samples: int = opt(10, "Completions per task (n).", min=1)
    k: list[int] = opt(help="pass@k values reported; each must be <= samples.", factory=lambda: [1, 5, 10])
    split: Optional[str] = opt(None, "Evaluate only tasks whose metadata.split equals this (the bundled "
                               "sets mark train / heldout); None uses every task in the file.")
    max_prompts: Optional[int] = opt(None, "Evaluate at most this many tasks (the first ones, after "
                                     "split).", min=1)
    bootstrap_samples: int = opt(1000, "Resamples (of tasks, with replacement) for the 95 percent "
                                 "interval of pass@1; 0 reports no interval.", min=0)
    run_tests: str = opt("auto", "Whether a compile verifier (gcc, clang, mingw, msvc) also runs the program "
                         "against the tasks' tests: auto does when the tasks carry tests and the verifier's "
                         "run_after_compile is not set in the config; on always (pass@k); off never "
                         "(compile@k).", choices=("auto", "on", "off"))

    def problems(self) -> list[str]:
        return [f"benchmark.k: {k} is larger than benchmark.samples ({self.samples}); pass@k needs k <= n "
                f"(e.g. --k {','.join(str(v) for v in self.k if 1 <= v <= self.samples) or 1})"
                for k in self.k if k > self.samples] + [
            f"benchmark.k: {k} must be at least 1" for k in self.k if k < 1]


@dataclass
class DemoConfig(Section):
    """``halo-forge demo``: the whole pipeline on a bundled task set (sizes in configs/demo.yaml). The
    demo writes its own data files, so the file keys of the other sections are not read."""

    output_dir: str = opt("runs/demo", "Run directory: data, base benchmark, SFT, RAFT, report; rerunning "
                          "resumes.", flags=("--output", "-o"))
    dataset: str = opt("bundled-c", "Bundled task set: its train split trains, its held-out split scores.",
                       choices=("bundled-c", "bundled-cpp"))
    heldout_tasks: Optional[int] = opt(None, "Held-out tasks scored at every stage (the first N of the "
                                       "split); None scores all of them.", min=1)
    sft_fraction: float = opt(0.5, "Share of the train split whose reference solutions SFT learns (drawn "
                              "with sft.seed, the same share of each difficulty); the rest is RAFT's pool.",
                              min=0.0, max=1.0, min_exclusive=True)
    sft_tasks: Optional[int] = opt(None, "At most this many SFT tasks (the first N of SFT's share); None "
                                   "uses all of it.", min=1)
    raft_pool: str = opt("rest", "Tasks RAFT samples: rest (the train tasks SFT did not learn, so RAFT "
                         "must solve tasks it was never shown) or all (the whole train split).",
                         choices=("rest", "all"))
    eval_samples: int = opt(8, "Completions per held-out task in the sampled evaluation of the base model, "
                            "the SFT baseline and the last cycle (pass@1 estimated from n, pass@n); 0 skips "
                            "it. Every stage also gets the greedy evaluation of the generation section.",
                            min=0)
    eval_temperature: float = opt(0.2, "Sampling temperature of that evaluation (the generation section's "
                                  "seed, top_p and lengths; the same seeds for every stage).", min=0.0)

    def problems(self) -> list[str]:
        if self.eval_samples > 1 and self.eval_temperature == 0:
            return [f"demo.eval_temperature: 0 (greedy) would give {self.eval_samples} identical samples "
                    "per task; set it above 0 or demo.eval_samples to 1"]
        return []


@dataclass
class HaloConfig:
    """A whole config file: one field per section."""

    model: ModelConfig = field(default_factory=ModelConfig)
    generation: GenerationConfig = field(default_factory=GenerationConfig)
    verifier: VerifierConfig = field(default_factory=VerifierConfig)
    data: DataConfig = field(default_factory=DataConfig)
    sft: SFTConfig = field(default_factory=SFTConfig)
    raft: RAFTConfig = field(default_factory=RAFTConfig)
    grpo: GRPOConfig = field(default_factory=GRPOConfig)
    benchmark: BenchmarkConfig = field(default_factory=BenchmarkConfig)
    demo: DemoConfig = field(default_factory=DemoConfig)

    @classmethod
    def from_yaml(cls, path: str | Path) -> "HaloConfig":
        return load_config(path)


SECTIONS: dict[str, type] = {f.name: typing.get_type_hints(HaloConfig)[f.name]
                             for f in dataclasses.fields(HaloConfig)}

# Checks of a section beyond types and ranges, owned by the module that has the knowledge (e.g. the
# verifier registry checks verifier options against the verifier class): ``section -> "module:function"``,
# the function taking the section object and returning a list of problems. Imported only when a config
# is checked, so config.py stays free of heavy imports.
SECTION_CHECKS: dict[str, str] = {}
SECTION_CHECKS["verifier"] = "halo_forge.rlvr.verifiers.registry:check_verifier_config"


# ----------------------------------------------------------------------------------------------- loading

def config_from_dict(data: dict, where: str = "", base: HaloConfig | None = None) -> HaloConfig:
    """Build a HaloConfig from a mapping of sections; raises ConfigError listing every problem."""
    problems: list[str] = []
    cfg = base if base is not None else HaloConfig()
    for section, body in data.items():
        if section not in SECTIONS:
            problems.append(f"{where}{section}: unknown section{did_you_mean(str(section), list(SECTIONS))}")
            continue
        if body is None:
            continue
        if not isinstance(body, dict):
            problems.append(f"{where}{section}: expected a mapping of keys, got {describe_value(body)}")
            continue
        build_section(SECTIONS[section], body, where, f"{section}.", problems, getattr(cfg, section))
    problems += [f"{where}{p}" for p in check_config(cfg)] if not problems else []
    if problems:
        hint = upstream_hint(where.rstrip(": ") or "this config", data)
        raise ConfigError(([hint] if hint else []) + problems)
    return cfg


def check_config(cfg: HaloConfig) -> list[str]:
    """Checks across keys of one section (run after types and ranges are known to be right)."""
    problems: list[str] = []
    for name in SECTIONS:
        section = getattr(cfg, name)
        if hasattr(section, "problems"):
            problems += section.problems()
        if name in SECTION_CHECKS:
            module, _, function = SECTION_CHECKS[name].partition(":")
            problems += getattr(importlib.import_module(module), function)(section)
    return problems


def _implied_settings(cfg: HaloConfig, given: set[str]) -> list[str]:
    """Settings implied by the keys a person gave: the seed's ``--keep-percent P`` meant "keep the top P",
    so giving raft.keep_top_percent without raft.selection selects global_top_percent (under the default
    per_task_top_k it would do nothing); giving it with another selection is a contradiction."""
    if "raft.keep_top_percent" not in given:
        return []
    if "raft.selection" not in given:
        cfg.raft.selection = "global_top_percent"
    elif cfg.raft.selection != "global_top_percent":
        return [f"raft.keep_top_percent: only used by raft.selection global_top_percent, but selection is "
                f"{cfg.raft.selection}; drop one of them (or use --selection global_top_percent)"]
    return []


def load_config(path: str | Path | None, overrides: dict[str, dict] | None = None) -> HaloConfig:
    """Defaults -> the YAML file at ``path`` (if any) -> ``overrides`` (``{section: {key: value}}``)."""
    cfg = HaloConfig()
    problems: list[str] = []
    given = {f"{section}.{key}" for section, values in (overrides or {}).items() for key in values}
    if path is not None:
        try:
            data = read_yaml(path)
            given |= {f"{section}.{key}" for section, body in data.items() if isinstance(body, dict)
                      for key in body}
            cfg = config_from_dict(data, where=f"{path}: ")
        except ConfigError as err:
            problems += err.problems
    for section, values in (overrides or {}).items():
        build_section(SECTIONS[section], values, "", f"{section}.", problems, getattr(cfg, section))
    if not problems:
        problems = _implied_settings(cfg, given) + check_config(cfg)
    if problems:
        raise ConfigError(problems)
    return cfg


def validate_command(cfg: None, args: Any) -> int:
    """``halo-forge config validate FILE``: load and check, run nothing."""
    data = read_yaml(args.file)
    load_config(args.file)
    sections = ", ".join(str(s) for s in data) or "no sections (all defaults)"
    print(f"{args.file}: valid ({sections})")
    return 0
