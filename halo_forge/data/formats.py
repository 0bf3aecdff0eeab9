"""The JSONL record formats the project reads, recognised one JSON object at a time.

Four formats, told apart by their keys (one format per file)::

    task              {"task_id": ..., "prompt": ..., "tests": [...], ...}   see halo_forge.tasks
    text              {"text": "<a whole training sample>"}
    prompt_response   {"prompt": "...", "response": "..."}   (or "completion": TRL's name)
    messages          {"messages": [{"role": "user", "content": "..."}, ...]}

A bare ``{"prompt": ...}`` line is a task (a prompts file). ``scan_file`` parses every line and collects
every problem as ``file:line: reason`` (bad JSON, unknown keys, a line whose format differs from the
file's first record), so ``data validate``, ``data split`` and SFT loading report them all at once.

>>> detect_format({"prompt": "Say hi", "response": "hi"})
'prompt_response'
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from halo_forge.config import did_you_mean
from halo_forge.errors import TaskFileError
from halo_forge.tasks import Task

FORMATS = ("task", "text", "prompt_response", "messages")
SFT_FORMATS = ("text", "prompt_response", "messages")
MESSAGE_ROLES = ("system", "user", "assistant")

# The key that decides a format, checked in this order; a task is the fallback for anything with a prompt.
_FORMAT_KEYS = (("messages", "messages"), ("response", "prompt_response"), ("completion", "prompt_response"),
                ("text", "text"))
_TASK_KEYS = [f.name for f in dataclasses.fields(Task)]
_KEYS = {"text": ("text",), "prompt_response": ("prompt", "response", "completion"), "messages": ("messages",)}

# Fence tags for a solution in a chat answer: the tag the code extractor looks for first.
FENCE_TAGS = {"c": "c", "cpp": "cpp", "python": "python", "rust": "rust", "go": "go"}


@dataclass(frozen=True)
class Record:
    """One parsed line. ``task`` is set for task records; the SFT fields for the chat formats."""

    line: int
    format: str
    raw: dict
    task: Optional[Task] = None
    text: Optional[str] = None
    prompt: Optional[str] = None
    response: Optional[str] = None
    messages: Optional[tuple[dict, ...]] = None

    def prompt_text(self) -> str:
        """What a person would call this record's prompt (for dedup and summaries)."""
        if self.task is not None:
            return self.task.prompt
        if self.messages is not None:
            return "\n".join(m["content"] for m in self.messages if m["role"] != "assistant")
        return self.prompt if self.prompt is not None else self.text or ""

    def completion_text(self) -> str:
        """The answer part: response, last assistant turn, reference solution ('' when there is none)."""
        if self.task is not None:
            return self.task.reference_solution or ""
        if self.messages is not None:
            answers = [m["content"] for m in self.messages if m["role"] == "assistant"]
            return answers[-1] if answers else ""
        return self.response or ""


def detect_format(obj: Any) -> str:
    """The format of one JSON object; raises ValueError when it is none of them."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
    for key, name in _FORMAT_KEYS:
        if key in obj:
            return name
    if "prompt" in obj:
        return "task"
    keys = ", ".join(sorted(obj)) or "none"
    raise ValueError(f"unknown record format (keys: {keys}); expected a task with a prompt, "
                     "{text}, {prompt, response}, {prompt, completion} or {messages}")


def _expect_text(obj: dict, key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string, got {type(value).__name__ if key in obj else 'nothing'}")
    if not value.strip():
        raise ValueError(f"{key}: empty")
    return value


def _parse_messages(value: Any) -> tuple[dict, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("messages: expected a non-empty list of {role, content}")
    out = []
    for i, message in enumerate(value):
        if not isinstance(message, dict):
            raise ValueError(f"messages[{i}]: expected an object with role and content")
        unknown = [k for k in message if k not in ("role", "content")]
        if unknown:
            hint = did_you_mean(unknown[0], ["role", "content"])
            raise ValueError(f"messages[{i}].{unknown[0]}: unknown key{hint}")
        role = message.get("role")
        if role not in MESSAGE_ROLES:
            raise ValueError(f"messages[{i}].role: expected one of {', '.join(MESSAGE_ROLES)}, got {role!r}")
        if not isinstance(message.get("content"), str):
            raise ValueError(f"messages[{i}].content: expected a string")
        out.append({"role": role, "content": message["content"]})
    if not any(m["role"] == "assistant" for m in out):
        raise ValueError("messages: no assistant turn to learn from")
    return tuple(out)


def parse_record(obj: Any, line: int, default_id: str) -> Record:
    """Parse one JSON object into a Record; raises ValueError with a one-line reason."""
    fmt = detect_format(obj)
    if fmt == "task":
        unknown = [k for k in obj if k not in _TASK_KEYS]
        if unknown:  # hint across every format: "respnse" is a misspelt SFT record, not a task
            hint = did_you_mean(unknown[0], _TASK_KEYS + ["response"])
            raise ValueError(f"{unknown[0]}: unknown key{hint}")
        return Record(line, fmt, obj, task=Task.from_dict(obj, default_id=default_id))
    unknown = [k for k in obj if k not in _KEYS[fmt]]
    if unknown:
        hint = did_you_mean(unknown[0], list(_KEYS[fmt]))
        raise ValueError(f"{unknown[0]}: unknown key in a {fmt} record{hint}")
    if fmt == "text":
        return Record(line, fmt, obj, text=_expect_text(obj, "text"))
    if fmt == "prompt_response":
        if "response" in obj and "completion" in obj:
            raise ValueError("response and completion: give one of them (they mean the same)")
        return Record(line, fmt, obj, prompt=_expect_text(obj, "prompt"),
                      response=_expect_text(obj, "response" if "response" in obj else "completion"))
    return Record(line, fmt, obj, messages=_parse_messages(obj["messages"]))


def scan_file(path: str | Path) -> tuple[list[Record], list[str]]:
    """Parse every line of a JSONL file: (records, problems), each problem ``file:line: reason``.

    The first record fixes the file's format; a later line of another format is a problem. Blank lines
    are skipped; duplicate task ids are problems.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        return [], [f"{path}: cannot read: {exc.strerror or exc}"]
    except UnicodeDecodeError as exc:
        return [], [f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]
    records: list[Record] = []
    problems: list[str] = []
    first: Optional[Record] = None
    seen_ids: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = parse_record(json.loads(line), number, default_id=f"{path.stem}-{number}")
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        except ValueError as exc:
            problems.append(f"{path}:{number}: {exc}")
            continue
        if first is None:
            first = record
        elif record.format != first.format:
            problems.append(f"{path}:{number}: {record.format} record in a file of {first.format} records "
                            f"(line {first.line}); use one format per file")
            continue
        if record.task is not None:
            task_id = record.task.task_id
            if task_id in seen_ids:
                problems.append(f"{path}:{number}: task_id: duplicate {task_id!r} (first on line "
                                f"{seen_ids[task_id]})")
                continue
            seen_ids[task_id] = number
        records.append(record)
    if not records and not problems:
        problems.append(f"{path}: no records (the file is empty)")
    return records, problems


def read_records(path: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Record]:
    """All records of a file; raises TaskFileError listing every problem, or when the file's format is
    not one of ``formats``."""
    records, problems = scan_file(path)
    if not problems and records[0].format not in formats:
        problems.append(f"{path}: {records[0].format} records, expected one of {', '.join(formats)}")
    if problems:
        raise TaskFileError(problems)
    return records


def fence(code: str, language: Optional[str]) -> str:
    """A solution as a chat answer: one fenced block tagged with its language.

    >>> fence("int main(void){}", "c")
    '```c\\nint main(void){}\\n```'
    """
    tag = FENCE_TAGS.get(language or "", "")
    return f"```{tag}\n{code.rstrip()}\n```"


def task_to_sft(task: Task) -> dict:
    """A task with a reference solution as a ``{"prompt", "response"}`` SFT record."""
    if not task.reference_solution:
        raise ValueError(f"task {task.task_id}: no reference_solution to learn from")
    return {"prompt": task.prompt, "response": fence(task.reference_solution, task.language)}


_SPACE = re.compile(r"\s+")


def normalize_prompt(text: str) -> str:
    """The form two prompts are compared in: Unicode-normalised, case-folded, whitespace collapsed.

    >>> normalize_prompt("  Print  the SUM\\n of two ints. ")
    'print the sum of two ints.'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
