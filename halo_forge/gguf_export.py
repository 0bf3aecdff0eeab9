"""Write a transformers Llama-family model (a LoRA adapter merged in) as a GGUF file, in the layout of the
GGUF it was loaded from, so GGUF runtimes (OpenVINO GenAI, llama.cpp) decode the weights RAFT trains.

The source GGUF gives everything but the weights: its metadata (architecture, shapes, tokenizer, chat
template) is copied as it is, and each of its tensors is replaced by the model's tensor of the same role
in float32, float16 or 8-bit Q8_0 (norms stay float32), with the query/key rows permuted back into
llama.cpp's rotary layout (transformers undoes that permutation when it loads a GGUF). Tensors the model
does not have (none for Llama) are copied unchanged. ``tests/test_generation_openvino.py`` loads a written
file back with transformers and compares every weight.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from halo_forge.errors import InputError

# GGUF tensor name (block index as {i}) -> transformers parameter name
_NAMES = {
    "token_embd.weight": "model.embed_tokens.weight",
    "output_norm.weight": "model.norm.weight",
    "output.weight": "lm_head.weight",
    "blk.{i}.attn_norm.weight": "model.layers.{i}.input_layernorm.weight",
    "blk.{i}.attn_q.weight": "model.layers.{i}.self_attn.q_proj.weight",
    "blk.{i}.attn_k.weight": "model.layers.{i}.self_attn.k_proj.weight",
    "blk.{i}.attn_v.weight": "model.layers.{i}.self_attn.v_proj.weight",
    "blk.{i}.attn_output.weight": "model.layers.{i}.self_attn.o_proj.weight",
    "blk.{i}.ffn_norm.weight": "model.layers.{i}.post_attention_layernorm.weight",
    "blk.{i}.ffn_gate.weight": "model.layers.{i}.mlp.gate_proj.weight",
    "blk.{i}.ffn_up.weight": "model.layers.{i}.mlp.up_proj.weight",
    "blk.{i}.ffn_down.weight": "model.layers.{i}.mlp.down_proj.weight",
}
_BLOCK = re.compile(r"^blk\.(\d+)\.")
ARCHITECTURES = ("llama",)          # the layouts mapped above (SmolLM, Llama, Mistral-style GGUFs)
DTYPES = ("f32", "f16", "q8_0")


def hf_name(gguf_name: str) -> str | None:
    """The transformers parameter behind a GGUF tensor name, or None when there is none."""
    match = _BLOCK.match(gguf_name)
    key = _BLOCK.sub("blk.{i}.", gguf_name) if match else gguf_name
    name = _NAMES.get(key)
    return name.format(i=match.group(1)) if name and match else name


def rope_permute(weight: Any, heads: int) -> Any:
    """llama.cpp's order of a query/key projection's rows (pairs of rotary halves interleaved); the
    inverse of what transformers applies when it reads a Llama GGUF."""
    rows = weight.shape[0]
    return weight.reshape(heads, 2, rows // heads // 2, *weight.shape[1:]).swapaxes(1, 2).reshape(weight.shape)


def write_gguf(model: Any, source: str | Path, path: str | Path, dtype: str = "f32") -> Path:
    """Write ``model``'s weights (a plain transformers model: merge a PEFT adapter first) to ``path`` in
    the layout and with the metadata of the GGUF file ``source``."""
    import gguf
    import numpy as np

    if dtype not in DTYPES:
        raise InputError(f"GGUF export: dtype must be one of {', '.join(DTYPES)}, got {dtype}")
    reader = gguf.GGUFReader(str(source))
    arch = str(reader.fields["general.architecture"].contents())
    if arch not in ARCHITECTURES:
        raise InputError(f"{source}: GGUF architecture {arch} cannot be written back (supported: "
                         f"{', '.join(ARCHITECTURES)})")
    heads = int(reader.fields[f"{arch}.attention.head_count"].contents())
    kv_heads = int(reader.fields[f"{arch}.attention.head_count_kv"].contents())
    state = {name: tensor.detach() for name, tensor in model.state_dict().items()}
    ggml_type = {"f32": gguf.GGMLQuantizationType.F32, "f16": gguf.GGMLQuantizationType.F16,
                 "q8_0": gguf.GGMLQuantizationType.Q8_0}[dtype]
    writer = gguf.GGUFWriter(str(path), arch)
    for key, field in reader.fields.items():
        if key.startswith("GGUF.") or key in ("general.architecture", "general.file_type"):
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(key, field.contents(), value_type, sub_type=sub_type)
    writer.add_file_type({"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16,
                          "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[dtype])
    for tensor in reader.tensors:
        name = hf_name(tensor.name)
        if name is not None and name not in state and name == "lm_head.weight":
            name = "model.embed_tokens.weight"       # tied output projection
        if name is None or name not in state:
            if name is not None:
                raise InputError(f"{source}: the model has no weight {name} for GGUF tensor {tensor.name}")
            writer.add_tensor(tensor.name, tensor.data, raw_shape=tensor.data.shape, raw_dtype=tensor.tensor_type)
            continue
        weight = state[name].float().cpu().numpy()
        expected = tuple(int(n) for n in reversed(tensor.shape))
        if weight.shape != expected:
            raise InputError(f"{source}: GGUF tensor {tensor.name} is {expected}, the model's {name} is "
                             f"{weight.shape}")
        if tensor.name.endswith("attn_q.weight"):
            weight = rope_permute(weight, heads)
        elif tensor.name.endswith("attn_k.weight"):
            weight = rope_permute(weight, kv_heads)
        if weight.ndim == 1:          # norms stay float32, as llama.cpp writes them
            writer.add_tensor(tensor.name, np.ascontiguousarray(weight, dtype=np.float32))
        elif ggml_type == gguf.GGMLQuantizationType.F16:
            writer.add_tensor(tensor.name, np.ascontiguousarray(weight, dtype=np.float16), raw_dtype=ggml_type)
        else:
            data = gguf.quants.quantize(np.ascontiguousarray(weight, dtype=np.float32), ggml_type)
            writer.add_tensor(tensor.name, data, raw_shape=data.shape, raw_dtype=ggml_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return Path(path)
