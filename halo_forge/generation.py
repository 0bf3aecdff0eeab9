"""Generation engines: task prompts in, ``n`` completions per prompt out.

Every engine takes task prompts (user messages), formats them with :func:`halo_forge.models.chat_prompt`
and the configured system prompt, and returns only what the model wrote::

    >>> engine = make_engine("embedded:smollm2-135m", ModelConfig(), GenerationConfig())  # doctest: +SKIP
    >>> engine.generate(["Write a C function that adds two ints."], n=2, sampling=GenerationConfig())
    [[Completion(text='```c\\nint add(int a, int b) { return a + b; }\\n```', num_tokens=24,
                 finish_reason='stop'), Completion(...)]]

A completion ends where the answer's first code block closes (``stop``), at EOS (``eos``) or at
``max_new_tokens`` (``length``).

``generation.engine`` picks the engine (:data:`ENGINES`): ``hf`` (below), ``openvino`` (OpenVINO GenAI on
8-bit weights of the same loaded model, :mod:`halo_forge.generation_openvino`) or a server
(:mod:`halo_forge.generation_server`).

The HF engine has three decoding paths, picked by ``generation.continuous_batching`` and
``generation.static_cache``:

* **continuous** (CPU, Llama-family models; :mod:`halo_forge.generation_continuous`): slots refilled with
  the next sample as soon as one finishes, an in-place KV buffer, one prefill per prompt.
* **pruned** (MPS, other CPU models; ``static_cache: off``): our own decoding loop over transformers'
  model and KV cache, drawing from each row's 256 most likely tokens (exact top-k/top-p; see
  :func:`halo_forge.decoding.candidate_probs`). A
  sequence that finishes is dropped from the batch and its KV cache at once, so it stops costing work,
  and it is handed to the caller right away (RAFT verifies it while the rest of the batch decodes).
* **static** (CUDA/ROCm; ``static_cache: on``): ``model.generate`` with a static KV cache and compiled
  decoding, which on a GPU is far faster per step than shrinking the batch; a stopping criterion marks
  rows done at their closing fence. Completions arrive per batch.
"""

from __future__ import annotations

import logging
from typing import Any, Iterator

from halo_forge import console
from halo_forge.config import GenerationConfig, ModelConfig
# Completion, FINISH_* and code_block_end are part of this module's interface (the engines' output).
from halo_forge.decoding import (FINISH_EOS, FINISH_LENGTH, FINISH_STOP, Completion, GenerationEngine,
                                 InProcessEngine, Row, backtick_tokens, code_block_end, next_tokens,
                                 weights_digest)
from halo_forge.errors import ConfigError, InputError
from halo_forge.generation_continuous import decode_continuous, supports
from halo_forge.generation_server import make_server_engine
from halo_forge.models import chat_prompt, load_model, prompt_add_special_tokens

log = logging.getLogger(__name__)

__all__ = ["FINISH_EOS", "FINISH_LENGTH", "FINISH_STOP", "Completion", "GenerationEngine", "HFEngine", "ENGINES",
           "LOCAL_ENGINES", "code_block_end", "engine_on", "make_engine"]


# ----------------------------------------------------------------------------------------------- engine

class HFEngine(InProcessEngine):
    """Generation with a transformers model already loaded (see :func:`make_engine`).

    ``generation.batch_size`` sequences decode together; the ``n`` samples of a prompt are rows of the
    batch, and prompts are sorted by length so a batch holds similar lengths (little padding).
    """

    def __init__(self, model: Any, tokenizer: Any, model_cfg: ModelConfig, *, progress: bool = True):
        super().__init__(model, tokenizer, model_cfg, progress=progress)
        self._backticks = None
        self.decoder = model                   # what decodes: the model, or a merged copy (_decoder)
        self._merged: tuple[str, Any] | None = None   # (adapter weights digest, merged copy)

    # -- public interface

    def generate_iter(self, prompts: list[str], n: int,
                      sampling: GenerationConfig) -> Iterator[tuple[int, int, Completion]]:
        import torch

        if n < 1:
            raise InputError(f"samples per prompt must be at least 1, got {n}")
        texts = [chat_prompt(self.tokenizer, prompt, self.model_cfg.system_prompt) for prompt in prompts]
        rows = self._rows_by_length(texts, n)
        generator = torch.Generator(device=self.model.device).manual_seed(sampling.seed)
        # RAFT hands in the model it trains: dropout (LoRA's included) must be off while sampling.
        was_training = self.model.training
        self.model.eval()
        self.decoder = self._decoder(sampling)
        decode, size = self._decode_pruned, sampling.batch_size
        if self._use_static(sampling):
            decode = self._decode_static
        elif self._use_continuous(sampling):
            # one call decodes every row: its batch_size slots are refilled as rows finish
            decode, size = self._decode_continuous, max(len(rows), 1)
        try:
            with console.progress("generate", total=len(rows), unit="sample", disable=not self.progress) as bar:
                for start in range(0, len(rows), size):
                    for row, completion in decode(rows[start:start + size], sampling, generator):
                        bar.update(1)
                        yield row.prompt_index, row.sample_index, completion
        finally:
            self.model.train(was_training)

    # -- helpers shared by both decoding paths

    def _decoder(self, sampling: GenerationConfig) -> Any:
        """The model that decodes. A LoRA model on a CPU decodes through a copy with the adapter merged
        into the weights (``generation.merge_lora``): unmerged, every layer runs seven extra pairs of small
        matmuls per step. The copy is rebuilt only when the adapter's weights changed (RAFT trains them
        between generations), which a hash of the trainable weights tells (a few MB for a LoRA adapter;
        the optimizers' in-place updates do not reliably bump tensor version counters)."""
        import copy

        on_cpu = self.model.device.type == "cpu"
        if not hasattr(self.model, "merge_and_unload") or sampling.merge_lora == "off" or (
                sampling.merge_lora == "auto" and not on_cpu):
            return self.model
        digest = weights_digest(self.model)
        if self._merged is None or self._merged[0] != digest:
            self._merged = None                  # free the old copy before making the new one
            self._merged = (digest, copy.deepcopy(self.model).merge_and_unload().eval())
        return self._merged[1]

    def _rows_by_length(self, texts: list[str], n: int) -> list[Row]:
        lengths = [len(ids) for ids in self.tokenizer(
            texts, add_special_tokens=prompt_add_special_tokens(self.tokenizer))["input_ids"]]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])  # longest first: OOM shows early
        return [Row(i, j, texts[i]) for i in order for j in range(n)]

    def _use_static(self, sampling: GenerationConfig) -> bool:
        if sampling.static_cache == "auto":
            return self.model.device.type == "cuda"
        return sampling.static_cache == "on"

    def _use_continuous(self, sampling: GenerationConfig) -> bool:
        """Continuous batching where it is on (auto: on CPU) and the decoding model is a plain
        Llama-family model (a LoRA model decodes merged on CPU; see ``_decoder``)."""
        wanted = (sampling.continuous_batching == "on" or (
            sampling.continuous_batching == "auto" and self.model.device.type == "cpu"))
        return wanted and supports(self.decoder)

    def _decode_continuous(self, rows: list[Row], sampling: GenerationConfig,
                           generator: Any) -> Iterator[tuple[Row, Completion]]:
        return decode_continuous(self, rows, sampling, generator)

    def _encode(self, rows: list[Row]) -> Any:
        return self.tokenizer([row.text for row in rows], return_tensors="pt", padding=True,
                              padding_side="left",
                              add_special_tokens=prompt_add_special_tokens(self.tokenizer)).to(self.model.device)

    def _backtick_flags(self) -> Any:
        if self._backticks is None:
            vocab_size = max(self.model.get_output_embeddings().weight.shape[0], len(self.tokenizer))
            self._backticks = backtick_tokens(self.tokenizer, vocab_size).to(self.model.device)
        return self._backticks

    def _finish(self, token_ids: list[int], reason: str | None, sampling: GenerationConfig,
                check_fence: bool) -> tuple[Completion | None, bool]:
        """The completion if ``token_ids`` (generated so far) has ended, else None."""
        if reason is None and check_fence and sampling.stop_at_code_end:
            text = self.tokenizer.decode(token_ids, skip_special_tokens=True)
            end = code_block_end(text)
            if end is not None:
                return Completion(text[:end], len(token_ids), FINISH_STOP), True
        if reason is None and len(token_ids) >= sampling.max_new_tokens:
            reason = FINISH_LENGTH
        if reason is None:
            return None, False
        return Completion(self.tokenizer.decode(token_ids, skip_special_tokens=True), len(token_ids),
                          reason), True

    # -- pruned decoding (CPU / MPS)

    def _decode_pruned(self, rows: list[Row], sampling: GenerationConfig,
                       generator: Any) -> Iterator[tuple[Row, Completion]]:
        batch = _PrunedBatch(self, rows, sampling, generator)
        finished = batch.start()
        while True:
            yield from finished  # outside inference mode: the caller may do anything meanwhile
            if not batch.active:
                return
            finished = batch.step()

    # -- static-cache decoding (CUDA / ROCm)

    def _decode_static(self, rows: list[Row], sampling: GenerationConfig,
                       generator: Any) -> Iterator[tuple[Row, Completion]]:
        import torch
        from transformers import StoppingCriteriaList

        encoded = self._encode(rows)
        prompt_len = encoded["input_ids"].shape[1]
        stop = _CodeBlockStop(self, prompt_len, sampling)
        kwargs: dict[str, Any] = dict(
            max_new_tokens=sampling.max_new_tokens, do_sample=sampling.temperature > 0,
            cache_implementation="static", pad_token_id=self.tokenizer.pad_token_id,
            eos_token_id=sorted(self._eos), stopping_criteria=StoppingCriteriaList([stop]),
            # compiled decoding pays off on a GPU only; on CPU its warm-up costs more than it saves
            disable_compile=self.model.device.type != "cuda")
        if sampling.temperature > 0:
            kwargs.update(temperature=sampling.temperature, top_p=sampling.top_p, top_k=sampling.top_k)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        # generate() samples from the global RNG: seed it from our generator inside a forked RNG state,
        # so the same seed gives the same batch and nobody else's randomness is touched.
        seed = int(torch.randint(0, 2**62, (1,), generator=generator, device=generator.device).item())
        devices = [self.model.device] if self.model.device.type == "cuda" else []
        with torch.random.fork_rng(devices=devices), torch.inference_mode():
            torch.manual_seed(seed)
            output = self.decoder.generate(**encoded, **kwargs)
        for index, row in enumerate(rows):
            ids = output[index, prompt_len:].tolist()
            if index in stop.stopped_at:
                completion, _ = self._finish(ids[:stop.stopped_at[index]], None, sampling, check_fence=True)
            else:
                end = next((k for k, token in enumerate(ids) if token in self._eos), None)
                completion, _ = (self._finish(ids[:end + 1], FINISH_EOS, sampling, check_fence=False)
                                 if end is not None else
                                 self._finish(ids, FINISH_LENGTH, sampling, check_fence=False))
            yield row, completion


class _PrunedBatch:
    """One batch decoded step by step; finished rows leave the batch and the KV cache."""

    def __init__(self, engine: HFEngine, rows: list[Row], sampling: GenerationConfig, generator: Any):
        self.engine, self.rows, self.sampling, self.generator = engine, rows, sampling, generator
        self.active = list(range(len(rows)))      # batch position -> row index
        self.generated: list[list[int]] = [[] for _ in rows]

    def _inference(self, fn):
        import torch

        with torch.inference_mode():
            return fn()

    def start(self) -> list[tuple[Row, Completion]]:
        return self._inference(self._prefill)

    def step(self) -> list[tuple[Row, Completion]]:
        return self._inference(self._decode_one)

    def _prefill(self) -> list[tuple[Row, Completion]]:
        import torch
        from transformers import DynamicCache

        encoded = self.engine._encode(self.rows)
        self.mask = encoded["attention_mask"]
        positions = (self.mask.cumsum(-1) - 1).clamp(min=0)
        self.cache = DynamicCache(config=self.engine.decoder.config)
        # logits_to_keep=1: only the last position's logits, not a [batch, length, vocab] tensor.
        out = self.engine.decoder(input_ids=encoded["input_ids"], attention_mask=self.mask,
                                position_ids=positions, past_key_values=self.cache, use_cache=True,
                                logits_to_keep=1)
        self.next_position = positions[:, -1] + 1
        self.backticks = self.engine._backtick_flags()
        self.ones = torch.ones((len(self.rows), 1), dtype=self.mask.dtype, device=self.mask.device)
        return self._sample_and_prune(out.logits[:, -1, :])

    def _decode_one(self) -> list[tuple[Row, Completion]]:
        import torch

        self.mask = torch.cat([self.mask, self.ones[:len(self.active)]], dim=-1)
        out = self.engine.decoder(input_ids=self.tokens[:, None], attention_mask=self.mask,
                                position_ids=self.next_position[:, None], past_key_values=self.cache,
                                use_cache=True)
        self.next_position = self.next_position + 1
        return self._sample_and_prune(out.logits[:, -1, :])

    def _sample_and_prune(self, logits: Any) -> list[tuple[Row, Completion]]:
        import torch

        self.tokens = next_tokens(logits.float(), self.sampling, self.generator)
        token_list = self.tokens.tolist()
        check = self.backticks[self.tokens].tolist()
        finished, keep = [], []
        for position, row_index in enumerate(self.active):
            ids = self.generated[row_index]
            ids.append(token_list[position])
            reason = FINISH_EOS if token_list[position] in self.engine._eos else None
            completion, done = self.engine._finish(ids, reason, self.sampling, check[position])
            if done:
                finished.append((self.rows[row_index], completion))
            else:
                keep.append(position)
        if finished and keep:
            index = torch.tensor(keep, device=self.tokens.device)
            self.cache.batch_select_indices(index)
            self.mask, self.tokens = self.mask[index], self.tokens[index]
            self.next_position = self.next_position[index]
        self.active = [self.active[position] for position in keep]
        return finished


class _CodeBlockStop:
    """A transformers stopping criterion: marks a row done when its first code block closes and records
    how many tokens it had then (``stopped_at[row]``)."""

    def __init__(self, engine: HFEngine, prompt_len: int, sampling: GenerationConfig):
        self.engine, self.prompt_len, self.sampling = engine, prompt_len, sampling
        self.stopped_at: dict[int, int] = {}
        self.done = None

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        if self.done is None:
            self.done = torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
        if not self.sampling.stop_at_code_end:
            return self.done
        backticks = self.engine._backtick_flags()
        candidates = (backticks[input_ids[:, -1]] & ~self.done).nonzero().flatten().tolist()
        for row in candidates:
            ids = input_ids[row, self.prompt_len:].tolist()
            text = self.engine.tokenizer.decode(ids, skip_special_tokens=True)
            if code_block_end(text) is not None:
                self.stopped_at[row] = len(ids)
                self.done[row] = True
        return self.done


# ------------------------------------------------------------------------------------------- registry

LOCAL_ENGINES = ("hf", "openvino")     # engines that decode a model loaded in this process


def engine_on(model: Any, tokenizer: Any, model_cfg: ModelConfig, gen_cfg: GenerationConfig, model_name: str,
              *, progress: bool = True) -> GenerationEngine:
    """The in-process engine named by ``gen_cfg.engine`` (one of ``LOCAL_ENGINES``) on a model already
    loaded from ``model_name``; it samples from the model's weights as they are at each call (RAFT trains
    them between calls)."""
    if gen_cfg.engine == "openvino":
        from halo_forge.generation_openvino import OpenVINOEngine, gguf_source

        return OpenVINOEngine(model, tokenizer, model_cfg, gguf_source(model_name), progress=progress)
    return HFEngine(model, tokenizer, model_cfg, progress=progress)


def _make_local(model_name: str, model_cfg: ModelConfig, gen_cfg: GenerationConfig) -> GenerationEngine:
    if gen_cfg.engine == "openvino":
        from halo_forge.generation_openvino import gguf_source, require_openvino

        require_openvino()
        gguf_source(model_name)              # refused before the model is loaded
    model, tokenizer = load_model(model_name, model_cfg)
    return engine_on(model, tokenizer, model_cfg, gen_cfg, model_name)


def _make_server(model_name: str, model_cfg: ModelConfig, gen_cfg: GenerationConfig) -> Any:
    return make_server_engine(model_name, model_cfg, gen_cfg)


# name -> factory(model_name, model_cfg, gen_cfg); "vllm" is a vLLM server reached as "openai".
ENGINES = {"hf": _make_local, "openvino": _make_local, "openai": _make_server, "vllm": _make_server}


def make_engine(model_name: str, model_cfg: ModelConfig, gen_cfg: GenerationConfig) -> GenerationEngine:
    """Load ``model_name`` and return the engine named by ``gen_cfg.engine``."""
    if gen_cfg.engine not in ENGINES:
        raise ConfigError([f"generation.engine: {gen_cfg.engine} is not available in this version "
                           f"(available: {', '.join(ENGINES)})"])
    return ENGINES[gen_cfg.engine](model_name, model_cfg, gen_cfg)
