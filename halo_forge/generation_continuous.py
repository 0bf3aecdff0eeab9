"""Continuous-batching decoding for Llama-family models (the HF engine's CPU path; see
:mod:`halo_forge.generation`).

``generation.batch_size`` *slots* decode together. When a sequence finishes, its slot is refilled at once
with the next pending sample, so every decode step runs a full batch until the work runs out (the pruned
path's batch shrinks as rows finish: profiled, its average batch over a demo run is well below half the
configured size). Three more things the profile of the pruned path pointed at (docs/hardware.md):

* **one KV buffer, written in place.** transformers' dynamic cache grows with ``torch.cat`` each step,
  which copies the whole cache of every layer per token (at batch 64 about as long as the matmuls); here
  each slot writes its new key and value into a preallocated buffer, and attention reads the columns in use.
* **a prompt is prefilled once**, not once per sample: its keys and values are copied into the ``n``
  slots of its samples.
* **fused projections**: q/k/v and gate/up are one matmul each, with the same weights (concatenated per
  call, so a model trained in place between calls is read fresh).

The forward pass is the Llama architecture written out (RMSNorm, rotary embeddings from the model's own
``rotary_emb``, grouped-query attention, SwiGLU); :func:`supports` says which models it covers, the others
decode on the pruned path. Sampling, stop rules and seeds are the engine's own
(:func:`halo_forge.decoding.next_tokens`, ``HFEngine._finish``): the same seed gives the same completions
for the same ``batch_size``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator

from halo_forge.config import GenerationConfig
from halo_forge.decoding import FINISH_EOS, Completion, Row, next_tokens
from halo_forge.models import prompt_add_special_tokens

_ARCHITECTURES = ("llama", "mistral", "qwen2")
_GROWTH = 128          # KV buffer columns added at a time


def supports(model: Any) -> bool:
    """Whether ``model`` (a plain transformers model, not a PEFT wrapper) is one this path decodes:
    a Llama-style decoder with SiLU MLPs and full (not sliding-window) attention."""
    cfg = getattr(model, "config", None)
    if hasattr(model, "peft_config") or cfg is None or getattr(cfg, "model_type", None) not in _ARCHITECTURES:
        return False
    sliding = getattr(cfg, "use_sliding_window", False) if cfg.model_type == "qwen2" else \
        getattr(cfg, "sliding_window", None) is not None
    inner = getattr(model, "model", None)
    return (getattr(cfg, "hidden_act", None) == "silu" and not sliding and inner is not None
            and hasattr(inner, "rotary_emb") and hasattr(model, "lm_head"))


@dataclass
class _Layer:
    norm1: Any
    qkv: Any
    qkv_bias: Any
    out: Any
    out_bias: Any
    norm2: Any
    gate_up: Any
    down: Any


class _Stack:
    """The model's weights arranged for decoding, and its forward pass for a prompt and for a step."""

    def __init__(self, model: Any):
        import torch

        cfg, inner = model.config, model.model
        self.rotary, self.eps = inner.rotary_emb, inner.norm.variance_epsilon
        self.embed, self.final_norm = inner.embed_tokens.weight, inner.norm.weight
        self.lm_head, self.lm_bias = model.lm_head.weight, model.lm_head.bias
        self.heads, self.kv_heads = cfg.num_attention_heads, cfg.num_key_value_heads
        first = inner.layers[0].self_attn
        self.head_dim, self.scaling = first.head_dim, first.scaling
        self.layers = []
        for layer in inner.layers:
            attn, mlp = layer.self_attn, layer.mlp
            projections = (attn.q_proj, attn.k_proj, attn.v_proj)
            bias = None if attn.q_proj.bias is None else torch.cat([p.bias for p in projections])
            self.layers.append(_Layer(
                layer.input_layernorm.weight, torch.cat([p.weight for p in projections]), bias,
                attn.o_proj.weight, attn.o_proj.bias, layer.post_attention_layernorm.weight,
                torch.cat([mlp.gate_proj.weight, mlp.up_proj.weight]), mlp.down_proj.weight))
        if any(layer.mlp.down_proj.bias is not None or layer.mlp.gate_proj.bias is not None
               for layer in inner.layers):
            raise ValueError("MLP biases are not supported")  # checked by the caller through supports()

    def _norm(self, x: Any, weight: Any) -> Any:
        import torch.nn.functional as F

        # transformers' LlamaRMSNorm: normalise in fp32, scale in the model's dtype
        return weight * F.rms_norm(x.float(), (x.shape[-1],), eps=self.eps).to(x.dtype)

    def _qkv(self, layer: _Layer, x: Any, cos: Any, sin: Any) -> tuple[Any, Any, Any]:
        import torch.nn.functional as F
        from transformers.models.llama.modeling_llama import apply_rotary_pos_emb

        batch, length, _ = x.shape
        qkv = F.linear(self._norm(x, layer.norm1), layer.qkv, layer.qkv_bias)
        q, k, v = qkv.split([self.heads * self.head_dim, self.kv_heads * self.head_dim,
                             self.kv_heads * self.head_dim], dim=-1)
        q = q.view(batch, length, self.heads, self.head_dim).transpose(1, 2)
        k = k.view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
        v = v.view(batch, length, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = apply_rotary_pos_emb(q, k, cos, sin)
        return q, k, v

    def _rest(self, layer: _Layer, x: Any, attended: Any) -> Any:
        import torch.nn.functional as F

        batch, length, _ = x.shape
        x = x + F.linear(attended.transpose(1, 2).reshape(batch, length, -1), layer.out, layer.out_bias)
        gate, up = F.linear(self._norm(x, layer.norm2), layer.gate_up).chunk(2, dim=-1)
        return x + F.linear(F.silu(gate) * up, layer.down)

    def _logits(self, x: Any) -> Any:
        import torch.nn.functional as F

        return F.linear(self._norm(x, self.final_norm), self.lm_head, self.lm_bias)

    def prompt(self, ids: Any) -> tuple[list[Any], list[Any], Any]:
        """One prompt's keys and values per layer (``[kv_heads, length, head_dim]``) and the logits of
        its last position."""
        import torch
        import torch.nn.functional as F

        x = self.embed[ids][None]
        cos, sin = self.rotary(x, torch.arange(len(ids), device=ids.device)[None])
        keys, values = [], []
        for layer in self.layers:
            q, k, v = self._qkv(layer, x, cos, sin)
            keys.append(k[0])
            values.append(v[0])
            attended = F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=self.scaling,
                                                      enable_gqa=True)
            x = self._rest(layer, x, attended)
        return keys, values, self._logits(x[0, -1])

    def step(self, tokens: Any, positions: Any, keys: list[Any], values: list[Any], width: int,
             rows: Any) -> Any:
        """One token per slot at ``positions``; writes its key and value into the buffers in place and
        attends over the first ``width`` columns. Returns the logits of slots ``rows``."""
        import torch
        import torch.nn.functional as F

        x = self.embed[tokens][:, None]
        cos, sin = self.rotary(x, positions[:, None])
        slots = torch.arange(len(tokens), device=tokens.device)
        # a slot sees its own columns up to its position; columns past it hold an older sequence's rest
        mask = (torch.arange(width, device=tokens.device)[None] <= positions[:, None])[:, None, None]
        for layer, key_buffer, value_buffer in zip(self.layers, keys, values):
            q, k, v = self._qkv(layer, x, cos, sin)
            key_buffer[slots, :, positions] = k[:, :, 0]
            value_buffer[slots, :, positions] = v[:, :, 0]
            attended = self._decode_attention(q, key_buffer[:, :, :width], value_buffer[:, :, :width], mask)
            x = self._rest(layer, x, attended)
        return self._logits(x[rows, 0])

    def _decode_attention(self, q: Any, keys: Any, values: Any, mask: Any) -> Any:
        """Attention of one query per slot, as two batched matmuls: each KV head's group of query heads
        is one ``[group, width]`` product. (SDPA with a mask took half of a bf16 decode step on CPU;
        docs/hardware.md.) The softmax is computed in fp32."""
        import torch

        batch, heads, _, dim = q.shape
        group = heads // self.kv_heads
        grouped = q.reshape(batch, self.kv_heads, group, dim)           # head h reads KV head h // group
        scores = torch.matmul(grouped, keys.transpose(-1, -2)).float() * self.scaling
        scores = scores.masked_fill(~mask, float("-inf"))                # mask: [batch, 1, 1, width]
        attended = torch.matmul(scores.softmax(dim=-1).to(q.dtype), values)
        return attended.reshape(batch, heads, 1, dim)


class _Slots:
    """The decoding state: which row each slot holds, its length, its next input token, the KV buffers."""

    def __init__(self, stack: _Stack, count: int, columns: int, limit: int, dtype: Any, device: Any):
        import torch

        # zeros, not empty: a masked column still meets the values (0 x NaN garbage would be NaN)
        shape = (count, stack.kv_heads, columns, stack.head_dim)
        self.keys = [torch.zeros(shape, dtype=dtype, device=device) for _ in stack.layers]
        self.values = [torch.zeros(shape, dtype=dtype, device=device) for _ in stack.layers]
        self.limit = limit                  # columns a sequence can need: its prompt + max_new_tokens
        self.row: list[int | None] = [None] * count
        self.positions = torch.zeros(count, dtype=torch.long, device=device)
        self.tokens = torch.zeros(count, dtype=torch.long, device=device)

    def active(self) -> list[int]:
        return [slot for slot, row in enumerate(self.row) if row is not None]

    def reserve(self, columns: int) -> None:
        """Room for ``columns`` columns: the buffers grow in steps (most completions stop early)."""
        import torch

        have = self.keys[0].shape[2]
        if columns <= have:
            return
        grown = min(max(columns, have + _GROWTH), self.limit)
        for buffers in (self.keys, self.values):
            for i, buffer in enumerate(buffers):
                extra = buffer.new_zeros((*buffer.shape[:2], grown - have, buffer.shape[3]))
                buffers[i] = torch.cat([buffer, extra], dim=2)

    def compact(self) -> None:
        """Drop the free slots (once no sample waits for one): fewer rows per step."""
        import torch

        keep = self.active()
        index = torch.tensor(keep, device=self.positions.device)
        width = int(self.positions[index].max()) + 1
        for buffers in (self.keys, self.values):
            for i, buffer in enumerate(buffers):
                fresh = buffer.new_zeros((len(keep), *buffer.shape[1:]))
                fresh[:, :, :width] = buffer[index, :, :width]
                buffers[i] = fresh
        self.row = [self.row[slot] for slot in keep]
        self.positions, self.tokens = self.positions[index], self.tokens[index]


def decode_continuous(engine: Any, rows: list[Row], sampling: GenerationConfig,
                      generator: Any) -> Iterator[tuple[Row, Completion]]:
    """Every row of ``rows`` decoded through ``generation.batch_size`` refilled slots of ``engine`` (the
    :class:`halo_forge.generation.HFEngine` calling this), completions yielded as they finish (outside
    inference mode, so the caller may train or verify meanwhile)."""
    import torch

    tokenizer, model = engine.tokenizer, engine.decoder
    add_special = prompt_add_special_tokens(tokenizer)
    prompt_ids: dict[str, Any] = {}
    for row in rows:
        if row.text not in prompt_ids:
            prompt_ids[row.text] = torch.tensor(tokenizer(row.text, add_special_tokens=add_special)["input_ids"],
                                                device=model.device)
    with torch.inference_mode():
        stack = _Stack(model)
        longest = max(len(ids) for ids in prompt_ids.values())
        slots = _Slots(stack, min(sampling.batch_size, len(rows)),
                       longest + min(_GROWTH, sampling.max_new_tokens), longest + sampling.max_new_tokens,
                       model.dtype, model.device)
    backticks = engine._backtick_flags()
    pending = deque(range(len(rows)))
    prefilled: dict[str, tuple[list[Any], list[Any], Any, int]] = {}   # text -> kv, logits, rows left
    waiting = {}
    for index in pending:
        waiting[rows[index].text] = waiting.get(rows[index].text, 0) + 1
    generated: list[list[int]] = [[] for _ in rows]

    def advance(slot_list: list[int], tokens: Any) -> list[tuple[Row, Completion]]:
        """Append each slot's new token; free the slots whose row finished."""
        token_list, check = tokens.tolist(), backticks[tokens].tolist()
        finished = []
        for position, slot in enumerate(slot_list):
            row_index = slots.row[slot]
            ids = generated[row_index]
            ids.append(token_list[position])
            reason = FINISH_EOS if token_list[position] in engine._eos else None
            completion, done = engine._finish(ids, reason, sampling, check[position])
            if done:
                finished.append((rows[row_index], completion))
                slots.row[slot] = None
                slots.positions[slot] = 0
        slots.tokens[slot_list] = tokens
        return finished

    def refill() -> list[tuple[Row, Completion]]:
        """Free slots take pending rows: the prompt's cache copied in, a first token sampled."""
        filled, logits = [], []
        for slot in range(len(slots.row)):
            if slots.row[slot] is not None or not pending:
                continue
            row_index = pending.popleft()
            text = rows[row_index].text
            if text not in prefilled:
                prefilled[text] = (*stack.prompt(prompt_ids[text]), waiting[text])
            keys, values, last_logits, left = prefilled[text]
            length = keys[0].shape[1]
            for layer in range(len(stack.layers)):
                slots.keys[layer][slot, :, :length] = keys[layer]
                slots.values[layer][slot, :, :length] = values[layer]
            slots.row[slot], slots.positions[slot] = row_index, length
            filled.append(slot)
            logits.append(last_logits)
            if left == 1:
                del prefilled[text]           # its last sample has a slot: free its cache
            else:
                prefilled[text] = (keys, values, last_logits, left - 1)
        if not filled:
            return []
        return advance(filled, next_tokens(torch.stack(logits).float(), sampling, generator))

    while True:
        with torch.inference_mode():
            finished = refill()           # a row may end on its first token: yield, then refill again
            active = slots.active()
            if active and not finished:
                if not pending and len(active) <= len(slots.row) // 2:
                    slots.compact()
                    active = slots.active()
                index = torch.tensor(active, device=model.device)
                width = int(slots.positions[index].max()) + 1
                slots.reserve(width)
                logits = stack.step(slots.tokens, slots.positions, slots.keys, slots.values, width, index)
                slots.positions[index] += 1
                finished = advance(active, next_tokens(logits.float(), sampling, generator))
        yield from finished
        if not pending and all(row is None for row in slots.row):
            return
