"""SFT data: every record format of the project turned into token ids with a response-only loss mask.

Accepted JSONL formats (one per file; parsing and ``file:line`` problems come from
:mod:`halo_forge.data.formats`, the same reader ``data validate`` uses)::

    {"text": "..."}                                    loss on every token (no prompt to mask)
    {"prompt": "...", "response": "..."}               loss on the response only
    {"prompt": "...", "completion": "..."}             the same (TRL's key name)
    {"messages": [{"role": "system", ...}, {"role": "user", ...}, {"role": "assistant", ...}]}
    {"task_id": ..., "prompt": ..., "language": "c", "reference_solution": "..."}
                                                       response = the solution in a ```c fenced block

A chat example is rendered by :func:`halo_forge.models.chat_example`, the one chat format SFT, RAFT and
the benchmark share; the prompt part (system prompt + user turn + generation prompt) carries label -100.

>>> examples = read_sft_file("data/sft.jsonl")                   # doctest: +SKIP
>>> rows, stats = encode_examples(tokenizer, examples, system_prompt="...", max_seq_length=1024)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from halo_forge.data.formats import Record, fence, read_records
from halo_forge.errors import TaskFileError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SFTExample:
    """One training sample. ``prompt`` None means plain text (``response`` is the whole text, all of it
    trained). ``system_prompt`` None means the configured one; a messages record's own system turn wins.
    ``source`` is ``file:line`` (or ``pair N``) for messages about this sample."""

    prompt: Optional[str]
    response: str
    source: str
    system_prompt: Optional[str] = None


@dataclass
class EncodeStats:
    """What encoding did to the data, so nothing is lost without a line in the log and the metrics."""

    examples: int = 0
    tokens: int = 0
    response_tokens: int = 0
    truncated: int = 0
    dropped: int = 0


def _from_messages(messages: tuple[dict, ...], where: str) -> SFTExample:
    # The shared chat format takes one system prompt, one user turn and one answer; longer conversations
    # would need a different format than the one RAFT and the benchmark use, so they are refused.
    roles = [m["role"] for m in messages]
    if roles not in (["user", "assistant"], ["system", "user", "assistant"]):
        raise ValueError(f"messages: expected [system], user, assistant turns; got {', '.join(roles)} "
                         "(multi-turn conversations are not supported)")
    system = messages[0]["content"] if roles[0] == "system" else None
    return SFTExample(prompt=messages[-2]["content"], response=messages[-1]["content"], source=where,
                      system_prompt=system)


def record_to_example(record: Record, where: str) -> SFTExample:
    """An SFT example from a parsed record; raises ValueError when the record has nothing to learn."""
    if record.format == "text":
        return SFTExample(prompt=None, response=record.text, source=where)
    if record.format == "prompt_response":
        return SFTExample(prompt=record.prompt, response=record.response, source=where)
    if record.format == "messages":
        return _from_messages(record.messages, where)
    task = record.task
    if not task.reference_solution or not task.reference_solution.strip():
        raise ValueError(f"task {task.task_id}: reference_solution: missing; SFT needs a solution to learn")
    return SFTExample(prompt=task.prompt, response=fence(task.reference_solution, task.language),
                      source=where)


def read_sft_file(path: str | Path) -> list[SFTExample]:
    """Every example of a JSONL file; raises TaskFileError listing every bad line as ``file:line``."""
    path = Path(path)
    records = read_records(path)
    examples, problems = [], []
    for record in records:
        where = f"{path}:{record.line}"
        try:
            examples.append(record_to_example(record, where))
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise TaskFileError(problems)
    return examples


def split_validation(examples: list[SFTExample], share: float, seed: int
                     ) -> tuple[list[SFTExample], list[SFTExample]]:
    """``(train, validation)``: a seeded random ``share`` held out (at least one sample when share > 0
    and there are two or more)."""
    if share <= 0 or len(examples) < 2:
        return list(examples), []
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    n_val = min(len(examples) - 1, max(1, round(len(examples) * share)))
    held = set(order[:n_val])
    return ([e for i, e in enumerate(examples) if i not in held],
            [e for i, e in enumerate(examples) if i in held])


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def encode_example(tokenizer: Any, example: SFTExample, system_prompt: str) -> tuple[list[int], int]:
    """``(input_ids, prompt_length)``: the tokens of the whole sample and how many leading ones are
    prompt (no loss)."""
    if example.prompt is None:
        ids = tokenizer(example.response, add_special_tokens=True)["input_ids"]
        if tokenizer.eos_token_id is not None and (not ids or ids[-1] != tokenizer.eos_token_id):
            ids = ids + [tokenizer.eos_token_id]
        return ids, 0
    from halo_forge.models import chat_example

    system = example.system_prompt if example.system_prompt is not None else system_prompt
    prompt_text, full_text = chat_example(tokenizer, example.prompt, example.response, system)
    # The rendered chat text already holds its special tokens (BOS, turn markers): adding them again
    # would double the BOS.
    prompt_ids = tokenizer(prompt_text, add_special_tokens=False)["input_ids"]
    full_ids = tokenizer(full_text, add_special_tokens=False)["input_ids"]
    # Tokens can merge across the prompt/response boundary; the loss starts where the two tokenizations
    # part, so no prompt token is ever trained on.
    return full_ids, _common_prefix(prompt_ids, full_ids)


def encode_examples(tokenizer: Any, examples: Iterable[SFTExample], *, system_prompt: str,
                    max_seq_length: int) -> tuple[list[dict], EncodeStats]:
    """Rows ``{"input_ids", "completion_mask"}`` for TRL (mask 1 = the token is trained on).

    A sample longer than ``max_seq_length`` is cut at the end (counted); one whose prompt alone fills
    the limit has nothing left to learn and is left out with a warning naming its ``file:line``.
    """
    rows, stats = [], EncodeStats()
    for example in examples:
        ids, prompt_len = encode_example(tokenizer, example, system_prompt)
        if len(ids) > max_seq_length:
            stats.truncated += 1
            ids = ids[:max_seq_length]
        response_len = len(ids) - prompt_len
        if response_len <= 0:
            stats.dropped += 1
            log.warning("%s: left out: the prompt alone is %d tokens, max_seq_length is %d",
                        example.source, prompt_len, max_seq_length)
            continue
        rows.append({"input_ids": ids, "completion_mask": [0] * prompt_len + [1] * response_len})
        stats.examples += 1
        stats.tokens += len(ids)
        stats.response_tokens += response_len
    if stats.truncated:
        log.info("%d of %d samples were longer than max_seq_length=%d and were truncated",
                 stats.truncated, stats.examples + stats.dropped, max_seq_length)
    return rows, stats
