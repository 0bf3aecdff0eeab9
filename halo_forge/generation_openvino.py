"""The OpenVINO engine (``generation.engine: openvino``): OpenVINO GenAI's continuous-batching pipeline on
CPU, decoding the weights of the transformers model it is given.

The model (its LoRA adapter merged in) is written as a GGUF file with 8-bit weights (Q8_0, see
:mod:`halo_forge.gguf_export`) in the layout of the GGUF it was loaded from, and OpenVINO GenAI builds its
graph from that file. The file and the pipeline are rebuilt only when the adapter's weights change (RAFT
trains them between generations; a hash of the trainable weights tells). Prompts are tokenized by the
model's own tokenizer and completions decoded by it, so a completion's text and token count mean what
they mean for the HF engine; sampling is OpenVINO's (same seed, same completions on the same machine, but
not the HF engine's completions). OpenVINO stops a sample at a line starting with a code fence; when that
fence opened the code block rather than closing it, the sample continues as a new request from its text.

8-bit weights are what makes this engine fast on a CPU and also why it is not the library's default (the
demo uses it): its outputs are the model's up to weight rounding, not bit for bit.
``bench/generation_engines.py`` measures its speed, greedy agreement and (``--pass-rate``) its held-out pass
rate beside the HF engine's; docs/hardware.md has the numbers.

Needs the ``openvino`` extra (``pip install 'halo-forge[openvino]'``) and a Llama-family model loaded
from a GGUF file (the embedded model, or an adapter trained on one).
"""

from __future__ import annotations

import copy
import itertools
import logging
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any, Iterator

from halo_forge import console
from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.decoding import (FINISH_EOS, FINISH_LENGTH, FINISH_STOP, Completion, InProcessEngine, code_block_end,
                                 weights_digest)
from halo_forge.errors import ConfigError, InputError
from halo_forge.models import chat_prompt, prompt_add_special_tokens, resolve_model

log = logging.getLogger(__name__)

FENCE_STOP = "\n```"        # a line starting with a fence: the end of the code block, or its start
WEIGHTS = "q8_0"            # the GGUF weight type written for OpenVINO (its GGUF reader takes no f32/f16)
KV_BYTES = {"f32": 4, "bf16": 2}


def gguf_source(model_name: str) -> str:
    """The GGUF file ``model_name``'s base weights come from; a one-line error when there is none."""
    source = resolve_model(model_name).weights
    if source.gguf_file is None:
        raise ConfigError([f"generation.engine: openvino decodes models loaded from a GGUF file (such as "
                           f"embedded:smollm2-135m or an adapter trained on one); {model_name} is not one: "
                           f"use generation.engine: hf for it"])
    return source.gguf_file


def require_openvino() -> tuple[Any, Any]:
    try:
        import openvino
        import openvino_genai
    except ImportError:
        raise ConfigError(["generation.engine: openvino needs OpenVINO GenAI: pip install "
                           "'halo-forge[openvino]'"]) from None
    return openvino, openvino_genai


class OpenVINOEngine(InProcessEngine):
    """Generation through OpenVINO GenAI, on the weights of ``model`` as they are at each call (see the
    module docstring). ``source`` is the GGUF file the model's base weights were loaded from."""

    def __init__(self, model: Any, tokenizer: Any, model_cfg: ModelConfig, source: str, *,
                 progress: bool = True):
        require_openvino()
        super().__init__(model, tokenizer, model_cfg, progress=progress)
        self.source = source
        self._dir = Path(tempfile.mkdtemp(prefix="halo-forge-openvino-"))
        weakref.finalize(self, shutil.rmtree, self._dir, True)
        self._pipeline: tuple[tuple[str, int, int], Any] | None = None  # ((digest, slots, KV GB), pipeline)

    # -- public interface

    def generate_iter(self, prompts: list[str], n: int,
                      sampling: GenerationConfig) -> Iterator[tuple[int, int, Completion]]:
        import numpy as np

        openvino, _ = require_openvino()
        if n < 1:
            raise InputError(f"samples per prompt must be at least 1, got {n}")
        special = prompt_add_special_tokens(self.tokenizer)
        prompt_ids = [self.tokenizer(chat_prompt(self.tokenizer, p, self.model_cfg.system_prompt),
                                     add_special_tokens=special)["input_ids"] for p in prompts]
        pipe = self._pipe(sampling, max((len(ids) for ids in prompt_ids), default=0))
        # request id -> (prompt index, sample index or None for all n, tokens so far, handle)
        requests: dict[int, tuple[int, int | None, list[int], Any]] = {}
        ids_in_order = itertools.count()

        def submit(prompt_index: int, sample: int | None, so_far: list[int]) -> None:
            config = self._config(sampling, 1 if sample is not None else n,
                                  sampling.max_new_tokens - len(so_far), sampling.seed + prompt_index)
            ids = openvino.Tensor(np.array([prompt_ids[prompt_index] + so_far], dtype=np.int64))
            request_id = next(ids_in_order)
            handle = pipe.add_request(request_id, ids, config)
            requests[request_id] = (prompt_index, sample, so_far, handle)

        for index in sorted(range(len(prompts)), key=lambda i: -len(prompt_ids[i])):
            submit(index, None, [])
        with console.progress("generate", total=len(prompts) * n, unit="sample",
                              disable=not self.progress) as bar:
            while requests:
                if pipe.has_non_finished_requests():
                    pipe.step()
                for request_id in [r for r, (_, _, _, h) in requests.items() if _finished(h)]:
                    prompt_index, sample, so_far, handle = requests.pop(request_id)
                    outputs = handle.read_all()
                    if len(outputs) != (1 if sample is not None else n):
                        raise RuntimeError(f"openvino: request for prompt {prompt_index} ended "
                                           f"{handle.get_status().name} with {len(outputs)} samples")
                    for position, output in enumerate(outputs):
                        sample_index = sample if sample is not None else position
                        tokens = so_far + list(output.generated_ids)
                        completion = self._finish(tokens, sampling)
                        if completion is None and not output.generated_ids:     # nothing new: never loop
                            completion = Completion(self.tokenizer.decode(tokens, skip_special_tokens=True),
                                                    len(tokens), FINISH_EOS)
                        if completion is None:             # stopped at the opening fence: go on
                            submit(prompt_index, sample_index, tokens)
                            continue
                        bar.update(1)
                        yield prompt_index, sample_index, completion

    # -- the pipeline

    def _pipe(self, sampling: GenerationConfig, longest_prompt: int) -> Any:
        """The pipeline on the model's current weights, with ``batch_size`` sequences decoding together
        and a KV cache that holds them all at full length. The GGUF file is rewritten only when the
        weights changed, the pipeline also when the batch or the cache it needs grew."""
        import torch

        from halo_forge.gguf_export import write_gguf

        _, genai = require_openvino()
        precision = "bf16" if self.model.dtype == torch.bfloat16 else "f32"
        config = self.model.config
        heads = config.num_attention_heads
        per_token = (2 * config.num_hidden_layers * getattr(config, "num_key_value_heads", heads)
                     * (config.hidden_size // heads) * KV_BYTES[precision])
        cache_gb = max(1, -(-sampling.batch_size * (longest_prompt + sampling.max_new_tokens + 64) * per_token
                            // 2**30))
        digest = weights_digest(self.model)
        if self._pipeline is not None:
            (old_digest, slots, old_gb), pipe = self._pipeline
            if old_digest == digest and slots == sampling.batch_size and old_gb >= cache_gb:
                return pipe
        self._pipeline = None
        path = self._dir / f"model-{digest}.gguf"
        if not path.exists():
            for old in self._dir.glob("*.gguf"):
                old.unlink()
            model = self.model
            if hasattr(model, "merge_and_unload"):
                model = copy.deepcopy(model).merge_and_unload()
            write_gguf(model, self.source, path, dtype=WEIGHTS)
            del model
        scheduler = genai.SchedulerConfig()
        scheduler.max_num_seqs = sampling.batch_size
        scheduler.cache_size = cache_gb
        properties = {"INFERENCE_PRECISION_HINT": precision, "KV_CACHE_PRECISION": precision,
                      "INFERENCE_NUM_THREADS": torch.get_num_threads()}
        pipe = genai.ContinuousBatchingPipeline(str(path), scheduler, "CPU", properties)
        log.debug("openvino: pipeline on %s (%s, KV cache %d GB)", path.name, precision, cache_gb)
        self._pipeline = ((digest, sampling.batch_size, cache_gb), pipe)
        return pipe

    def _config(self, sampling: GenerationConfig, n: int, max_new_tokens: int, seed: int) -> Any:
        _, genai = require_openvino()
        config = genai.GenerationConfig(max_new_tokens=max_new_tokens, num_return_sequences=n)
        config.stop_token_ids = set(self._eos)
        config.ignore_eos = False
        if sampling.stop_at_code_end:
            config.stop_strings = {FENCE_STOP}
            config.include_stop_str_in_output = True
        if sampling.temperature > 0:
            config.do_sample = True
            config.temperature = sampling.temperature
            config.top_p = sampling.top_p
            if sampling.top_k > 0:
                config.top_k = sampling.top_k
            config.rng_seed = seed
        else:
            config.do_sample = False
        return config

    def _finish(self, tokens: list[int], sampling: GenerationConfig) -> Completion | None:
        """The completion of a sample that stopped with ``tokens``, or None when it stopped at the fence
        that opened its code block (it goes on)."""
        text = self.tokenizer.decode(tokens, skip_special_tokens=True)
        if sampling.stop_at_code_end:
            end = code_block_end(text)
            if end is not None:
                return Completion(text[:end], len(tokens), FINISH_STOP)
        if tokens and tokens[-1] in self._eos:
            return Completion(text, len(tokens), FINISH_EOS)
        if len(tokens) >= sampling.max_new_tokens:
            return Completion(text, len(tokens), FINISH_LENGTH)
        if sampling.stop_at_code_end and text.rsplit("\n", 1)[-1].startswith("```"):
            return None                     # the stop string matched the fence that opened the block
        return Completion(text, len(tokens), FINISH_EOS)     # a stop token left out of the ids


def _finished(handle: Any) -> bool:
    import openvino_genai as genai

    return handle.get_status() != genai.GenerationStatus.RUNNING
