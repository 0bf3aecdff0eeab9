"""What every generation engine shares: the :class:`Completion` record and its finish reasons, the
engine interface, the stop rule (the answer's first closed code block) and the sampling step.

The engines themselves are in :mod:`halo_forge.generation` (the HF engine and the engine registry),
:mod:`halo_forge.generation_continuous` (its CPU continuous-batching path),
:mod:`halo_forge.generation_openvino` (OpenVINO GenAI) and :mod:`halo_forge.generation_server` (an
OpenAI-compatible server).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Protocol

from halo_forge.config import GenerationConfig, ModelConfig

FINISH_STOP, FINISH_EOS, FINISH_LENGTH = "stop", "eos", "length"


@dataclass
class Completion:
    """What the model wrote for one sample (never the prompt), its generated-token count (EOS
    included) and why it ended: ``stop`` (code block closed), ``eos`` or ``length``."""

    text: str
    num_tokens: int
    finish_reason: str


class GenerationEngine(Protocol):
    """The interface RAFT and the benchmark use; see :class:`halo_forge.generation.HFEngine`."""

    def generate(self, prompts: list[str], n: int, sampling: GenerationConfig) -> list[list[Completion]]:
        """``n`` completions for each task prompt, ``result[i][j]`` is sample ``j`` of prompt ``i``."""

    def generate_iter(self, prompts: list[str], n: int,
                      sampling: GenerationConfig) -> Iterator[tuple[int, int, Completion]]:
        """The same completions as ``(prompt_index, sample_index, completion)``, as they finish."""


class InProcessEngine:
    """What the engines that decode a model loaded in this process share (the HF engine, the openvino
    engine): the model, its tokenizer and EOS ids, and ``generate`` over the subclass's ``generate_iter``."""

    def __init__(self, model: Any, tokenizer: Any, model_cfg: ModelConfig, *, progress: bool = True):
        self.model = model
        self.tokenizer = tokenizer
        self.model_cfg = model_cfg
        self.progress = progress
        self._eos = eos_token_ids(model, tokenizer)

    def generate(self, prompts: list[str], n: int, sampling: GenerationConfig) -> list[list[Completion]]:
        return collect(self.generate_iter(prompts, n, sampling), len(prompts), n)

    def generate_iter(self, prompts: list[str], n: int,
                      sampling: GenerationConfig) -> Iterator[tuple[int, int, Completion]]:
        raise NotImplementedError


def weights_digest(model: Any) -> str:
    """A hash of every trainable weight of ``model`` (its LoRA adapter): equal exactly when unchanged."""
    import hashlib

    import torch

    digest = hashlib.blake2b(digest_size=16)
    with torch.no_grad():
        for param in model.parameters():
            if param.requires_grad:
                digest.update(param.detach().float().cpu().numpy().tobytes())
    return digest.hexdigest()


def collect(finished: Iterator[tuple[int, int, Completion]], prompts: int, n: int) -> list[list[Completion]]:
    """``generate`` from ``generate_iter``: the completions in ``result[prompt][sample]`` order."""
    results: list[list[Completion | None]] = [[None] * n for _ in range(prompts)]
    for prompt_index, sample_index, completion in finished:
        results[prompt_index][sample_index] = completion
    return results  # type: ignore[return-value]


# ------------------------------------------------------------------------------------------ stop rule

# An opening fence is a line starting with ``` (an info string such as "c" may follow); the first
# later line starting with ``` closes it.
_OPENING_FENCE = re.compile(r"^[ \t]*```[^`\n]*\n", re.MULTILINE)
_CLOSING_FENCE = re.compile(r"^[ \t]*```", re.MULTILINE)


def code_block_end(text: str) -> int | None:
    """Index just past the closing fence of ``text``'s first code block; None while none has closed.

    >>> code_block_end("Here:\\n```c\\nint x;\\n```\\nExplanation")
    19
    >>> code_block_end("```python\\nprint(1)\\n") is None
    True
    """
    opening = _OPENING_FENCE.search(text)
    if opening is None:
        return None
    closing = _CLOSING_FENCE.search(text, opening.end())
    return closing.end() if closing is not None else None


def backtick_tokens(tokenizer: Any, vocab_size: int) -> Any:
    """A bool tensor over token ids: does the token contain a backtick? A fence can only close on such
    a token, so rows are decoded and checked only then (not every step)."""
    import torch

    flags = torch.zeros(vocab_size, dtype=torch.bool)
    pieces = tokenizer.convert_ids_to_tokens(list(range(min(vocab_size, len(tokenizer)))))
    for token_id, piece in enumerate(pieces):
        # "<0x60>" is a backtick in SentencePiece byte-fallback vocabularies.
        flags[token_id] = piece is not None and ("`" in piece or piece == "<0x60>")
    return flags


def eos_token_ids(model: Any, tokenizer: Any) -> set[int]:
    ids: set[int] = set()
    configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    if configured is not None:
        ids.update([configured] if isinstance(configured, int) else configured)
    if tokenizer.eos_token_id is not None:
        ids.add(tokenizer.eos_token_id)
    return ids


# ------------------------------------------------------------------------------------------- batching

@dataclass
class Row:
    """One sequence in a batch: sample ``sample_index`` of prompt ``prompt_index``."""

    prompt_index: int
    sample_index: int
    text: str


# ------------------------------------------------------------------------------------------- sampling

# A nucleus (top_p) of a code model almost always lies within its 256 most likely tokens, so sampling
# sorts and draws from those per row instead of the whole vocabulary (at batch 128 on a 49k vocabulary,
# the full sort and draw cost more than the forward pass). A row whose nucleus does not fit falls back to
# the full vocabulary, so the result is exactly top-k-then-top-p sampling either way.
TOP_CANDIDATES = 256


def logits_warpers(sampling: GenerationConfig) -> Any:
    """transformers' logits warpers for the sampling settings (the full-vocabulary fallback)."""
    from transformers import LogitsProcessorList, TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper

    warpers = LogitsProcessorList([TemperatureLogitsWarper(sampling.temperature)])
    if sampling.top_k > 0:
        warpers.append(TopKLogitsWarper(sampling.top_k))
    if sampling.top_p < 1.0:
        warpers.append(TopPLogitsWarper(sampling.top_p))
    return warpers


def candidate_probs(logits: Any, sampling: GenerationConfig) -> tuple[Any, Any, Any]:
    """Per row, the tokens top-k-then-top-p sampling may draw and their (unnormalised) probabilities:
    ``(probs, ids, uncovered)``, both ``[rows, candidates]``; ``uncovered`` lists the rows whose nucleus
    reaches past the candidates (their ``probs`` are not the answer). Needs ``top_k > 0 or top_p < 1``."""
    import torch

    scores = logits / sampling.temperature
    values, ids = scores.topk(min(sampling.top_k or TOP_CANDIDATES, scores.shape[-1]), dim=-1)  # descending
    if sampling.top_k > 0:
        probs = torch.softmax(values, dim=-1)          # top_k keeps exactly these; renormalise over them
    else:
        probs = torch.exp(values - torch.logsumexp(scores, dim=-1, keepdim=True))
    # top_p keeps a token while the mass of the tokens before it is below top_p (transformers' rule).
    probs = probs.masked_fill(probs.cumsum(dim=-1) - probs >= sampling.top_p, 0.0)
    uncovered = (probs.sum(dim=-1) < sampling.top_p).nonzero().flatten()
    return probs, ids, uncovered[:0] if sampling.top_k > 0 else uncovered


def next_tokens(logits: Any, sampling: GenerationConfig, generator: Any) -> Any:
    """Next token per row: argmax when greedy, else a draw after temperature, top_k, then top_p."""
    import torch

    if sampling.temperature == 0:
        return logits.argmax(dim=-1)
    if sampling.top_k == 0 and sampling.top_p >= 1.0:  # plain sampling needs the whole distribution
        probs = torch.softmax(logits / sampling.temperature, dim=-1)
        return torch.multinomial(probs, 1, generator=generator).squeeze(1)
    probs, ids, uncovered = candidate_probs(logits, sampling)
    tokens = ids.gather(-1, torch.multinomial(probs, 1, generator=generator)).squeeze(1)
    if len(uncovered):
        warped = logits_warpers(sampling)(None, logits[uncovered])
        tokens[uncovered] = torch.multinomial(torch.softmax(warped, dim=-1), 1, generator=generator).squeeze(1)
    return tokens
