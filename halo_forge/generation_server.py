"""The ``openai`` generation engine: completions from an OpenAI-compatible server (``generation.engine:
openai``, or its other name ``vllm``).

vLLM, SGLang, TGI, llama.cpp's server and Ollama all speak ``POST /v1/chat/completions``; this engine is
the same :class:`~halo_forge.decoding.GenerationEngine` as the HF one, so RAFT and the benchmark do not
know which one they use::

    engine = OpenAIEngine("http://127.0.0.1:8000/v1", ModelConfig(system_prompt="..."))
    engine.generate(["Write a C function that adds two ints."], n=4, sampling=GenerationConfig())
    engine.load_adapter("raft-cycle-1", "runs/raft/cycle_1/adapter")   # vLLM: later requests use it

* One request per prompt asks for all ``n`` samples (``n``); ``generation.concurrency`` requests are in
  flight at once, so the server batches them. A server that returns fewer choices than asked (Ollama
  ignores ``n``) is asked again for the rest.
* The system prompt is ``model.system_prompt`` and the task prompt is the user message; the server applies
  its model's chat template (the one :func:`halo_forge.models.chat_prompt` applies locally).
* Each prompt's request carries its own seed (``generation.seed + prompt index``), so a seeded server
  (vLLM) returns the same samples for the same run.
* Completions are cut at the end of their first closed code block (:func:`code_block_end`, as the HF
  engine stops there); ``generation.stop_strings`` are also sent to the server to save tokens. Finish
  reasons: ``stop`` (code block closed), ``eos`` (the server stopped: end of text or a stop string),
  ``length``. Token counts come from the server's ``usage``: with several choices per request each gets
  the request's mean (totals and means stay exact; the API reports usage per request only).
* 429, 408, 5xx, timeouts and refused connections are retried with exponential back-off (``Retry-After``
  wins); any other HTTP error is a one-line :class:`~halo_forge.data.llm_api.APIError`.
* LoRA hot-loading (vLLM started with ``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True`` and ``--enable-lora``):
  :meth:`OpenAIEngine.load_adapter` posts the adapter directory to ``/v1/load_lora_adapter`` and later
  requests name the adapter as their model. The path must be readable by the server (same machine or
  shared storage).
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, Iterator

from halo_forge import console

from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.data.llm_api import MAX_BACKOFF_SECONDS, APIError, _Transient, send
from halo_forge.errors import ConfigError, InputError
from halo_forge.decoding import FINISH_EOS, FINISH_LENGTH, FINISH_STOP, Completion, code_block_end, collect

log = logging.getLogger(__name__)


class OpenAIEngine:
    """Generation through an OpenAI-compatible server at ``base_url`` (e.g. ``http://HOST:8000/v1``).

    ``model``: the served model's name; None asks the server (the first entry of ``GET /v1/models``).
    """

    def __init__(self, base_url: str, model_cfg: ModelConfig, *, model: str | None = None,
                 api_key: str | None = None, concurrency: int = 8, stop_strings: list[str] | None = None,
                 max_retries: int = 5, retry_backoff: float = 1.0, timeout: float = 600.0,
                 progress: bool = True):
        self.base_url = base_url.rstrip("/")
        self.model_cfg = model_cfg
        self.api_key = api_key
        self.concurrency = concurrency
        self.stop_strings = list(stop_strings or [])
        self.max_retries, self.retry_backoff, self.timeout = max_retries, retry_backoff, timeout
        self.progress = progress
        self._model = model
        self.adapter: str | None = None          # the hot-loaded LoRA adapter requests go to, if any

    @classmethod
    def from_config(cls, model_cfg: ModelConfig, gen_cfg: GenerationConfig, progress: bool = True) -> "OpenAIEngine":
        api_key = None
        if gen_cfg.api_key_env is not None:
            api_key = os.environ.get(gen_cfg.api_key_env)
            if not api_key:
                raise ConfigError([f"generation.api_key_env: the environment variable {gen_cfg.api_key_env} "
                                   "is not set"])
        return cls(gen_cfg.base_url, model_cfg, model=gen_cfg.served_model, api_key=api_key,
                   concurrency=gen_cfg.concurrency, stop_strings=gen_cfg.stop_strings,
                   max_retries=gen_cfg.max_retries, retry_backoff=gen_cfg.retry_backoff,
                   timeout=gen_cfg.request_timeout, progress=progress)

    # -- the engine interface

    @property
    def model(self) -> str:
        """The model name requests use: the hot-loaded adapter, else the served base model."""
        return self.adapter if self.adapter is not None else self.base_model

    @property
    def base_model(self) -> str:
        if self._model is None:
            listing = json.loads(self._call("GET", "/models"))
            try:
                self._model = listing["data"][0]["id"]
            except (KeyError, IndexError, TypeError):
                raise APIError(f"{self.base_url}/models: the server lists no model "
                               "(set generation.served_model)") from None
            log.info("%s serves %s", self.base_url, self._model)
        return self._model

    def generate(self, prompts: list[str], n: int, sampling: GenerationConfig) -> list[list[Completion]]:
        return collect(self.generate_iter(prompts, n, sampling), len(prompts), n)

    def generate_iter(self, prompts: list[str], n: int,
                      sampling: GenerationConfig) -> Iterator[tuple[int, int, Completion]]:
        """Completions as each prompt's request returns (prompts in flight: ``concurrency``)."""
        if n < 1:
            raise InputError(f"samples per prompt must be at least 1, got {n}")
        model = self.model                       # resolved once, before the threads start
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="openai-engine")
        try:
            futures = {pool.submit(self._samples, model, prompt, n, sampling, sampling.seed + index): index
                       for index, prompt in enumerate(prompts)}
            with console.progress("generate", total=len(prompts) * n, unit="sample",
                                  disable=not self.progress) as bar:
                while futures:
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for future in done:
                        index = futures.pop(future)
                        for sample_index, completion in enumerate(future.result()):
                            bar.update(1)
                            yield index, sample_index, completion
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    # -- LoRA hot-loading (vLLM's runtime LoRA API)

    def load_adapter(self, name: str, path: str | Path) -> None:
        """Load the PEFT adapter directory ``path`` into the server as ``name``; later requests use it.
        The adapter loaded before (by this engine) is unloaded, so the server holds one per run."""
        body = {"lora_name": name, "lora_path": str(Path(path).resolve())}
        try:
            self._call("POST", "/load_lora_adapter", body)
        except APIError as exc:
            if "already" not in str(exc).lower():   # a rerun after a crash: the server still has it
                raise
            self.unload_adapter(name)
            self._call("POST", "/load_lora_adapter", body)
        previous, self.adapter = self.adapter, name
        if previous is not None and previous != name:
            self.unload_adapter(previous)
        log.info("%s: adapter %s loaded from %s", self.base_url, name, body["lora_path"])

    def unload_adapter(self, name: str) -> None:
        self._call("POST", "/unload_lora_adapter", {"lora_name": name})
        if self.adapter == name:
            self.adapter = None

    # -- requests

    def _samples(self, model: str, prompt: str, n: int, sampling: GenerationConfig,
                 seed: int) -> list[Completion]:
        """``n`` completions of one prompt; asks again while the server returns fewer choices."""
        messages = [{"role": "user", "content": prompt}]
        if self.model_cfg.system_prompt:
            messages.insert(0, {"role": "system", "content": self.model_cfg.system_prompt})
        completions: list[Completion] = []
        for attempt in range(n):                 # each answer brings at least one choice, or raises
            payload: dict[str, Any] = {
                "model": model, "messages": messages, "n": n - len(completions),
                "temperature": sampling.temperature, "top_p": sampling.top_p,
                "max_tokens": sampling.max_new_tokens, "seed": seed + attempt * 1_000_003}
            if sampling.top_k > 0:
                payload["top_k"] = sampling.top_k   # vLLM, SGLang, llama.cpp extension
            if self.stop_strings:
                payload["stop"] = self.stop_strings
            completions += self._parse_choices(self._call("POST", "/chat/completions", payload), sampling)
            if len(completions) >= n:
                return completions[:n]
        raise AssertionError("unreachable")

    def _parse_choices(self, raw: bytes, sampling: GenerationConfig) -> list[Completion]:
        where = f"{self.base_url}/chat/completions"
        try:
            data = json.loads(raw)
            choices = sorted(data["choices"], key=lambda c: c.get("index", 0))
            texts = [(c["message"].get("content") or "", c.get("finish_reason")) for c in choices]
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
            raise APIError(f"{where}: not a chat completion: {raw[:200].decode('utf-8', 'replace')}") from None
        if not texts:
            raise APIError(f"{where}: the server returned no choices")
        usage = (data.get("usage") or {}).get("completion_tokens")
        tokens = round(usage / len(texts)) if isinstance(usage, (int, float)) else 0
        return [_completion(text, reason, tokens, sampling) for text, reason in texts]

    def _call(self, method: str, path: str, body: dict | None = None) -> bytes:
        """The response body of one API call, retried on transient failures."""
        url = f"{self.base_url}{path}"
        for attempt in range(self.max_retries + 1):
            try:
                return self._send(method, url, body)
            except _Transient as exc:
                if attempt == self.max_retries:
                    raise APIError(f"{url}: giving up after {self.max_retries} retries: {exc}") from None
                delay = exc.retry_after if exc.retry_after is not None else self.retry_backoff * 2 ** attempt
                delay = min(delay, MAX_BACKOFF_SECONDS) * random.uniform(1.0, 1.1)  # de-syncs the threads
                log.warning("%s: %s; retry %d/%d in %.2fs", url, exc, attempt + 1, self.max_retries, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _send(self, method: str, url: str, body: dict | None) -> bytes:
        headers = {"Accept": "application/json", "User-Agent": "halo-forge"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return send(urllib.request.Request(url, data=data, headers=headers, method=method), self.timeout)


def _completion(text: str, server_reason: str | None, tokens: int, sampling: GenerationConfig) -> Completion:
    """A choice as the HF engine would have ended it: at its first closed code block when asked to."""
    if sampling.stop_at_code_end:
        end = code_block_end(text)
        if end is not None:
            return Completion(text[:end], tokens, FINISH_STOP)
    return Completion(text, tokens, FINISH_LENGTH if server_reason == "length" else FINISH_EOS)


def make_server_engine(model_name: str, model_cfg: ModelConfig, gen_cfg: GenerationConfig) -> OpenAIEngine:
    """``generation.engine: openai`` (or ``vllm``): nothing is loaded here; ``model_name`` is served by the
    server (``generation.served_model``), which must hold the same weights."""
    engine = OpenAIEngine.from_config(model_cfg, gen_cfg)
    log.info("generation through %s (the server's model stands for %s)", gen_cfg.base_url, model_name)
    return engine
