"""``halo-forge data validate FILE``: is this a file the project can read, and what is in it?

Recognises task records and the SFT formats (``{text}``, ``{prompt, response}``, ``{messages}``), reports
every bad line as ``file:line: reason`` at once, and prints a summary: counts, prompt and answer lengths,
languages, categories, difficulties and splits. Exit 0 when valid, 2 when not::

    $ halo-forge data validate data/c_train.jsonl
    data/c_train.jsonl: valid, 120 task records
      prompt length (chars): min 88, median 190, max 412
      ...
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from halo_forge.data.formats import Record, scan_file
from halo_forge.errors import TaskFileError

PREVIEW_RECORDS = 3
PREVIEW_CHARS = 160


def _lengths(values: list[int]) -> str:
    if not values:
        return "none"
    return f"min {min(values)}, median {statistics.median(values):g}, max {max(values)}"


def _counts(counter: Counter) -> str:
    return ", ".join(f"{name} {n}" for name, n in counter.most_common()) or "none"


def summarize(records: list[Record]) -> list[str]:
    """The summary lines of a list of records of one format."""
    fmt = records[0].format
    lines = [f"  prompt length (chars): {_lengths([len(r.prompt_text()) for r in records])}"]
    answers = [len(r.completion_text()) for r in records if r.completion_text()]
    label = "reference solution" if fmt == "task" else "response" if fmt != "text" else None
    if label:
        lines.append(f"  {label} length (chars): {_lengths(answers)} ({len(answers)} of {len(records)})")
    if fmt == "messages":
        lines.append(f"  turns per conversation: {_lengths([len(r.messages or ()) for r in records])}")
    if fmt != "task":
        return lines
    tasks = [r.task for r in records]
    lines += [
        f"  languages: {_counts(Counter(t.language or 'unset' for t in tasks))}",
        f"  categories: {_counts(Counter(t.category or 'unset' for t in tasks))}",
        f"  difficulties: {_counts(Counter(t.difficulty or 'unset' for t in tasks))}",
        f"  splits: {_counts(Counter(str(t.metadata.get('split', 'unset')) for t in tasks))}",
        f"  checks: {sum(1 for t in tasks if t.tests)} with stdin/stdout tests "
        f"({sum(len(t.tests) for t in tasks)} in all), {sum(1 for t in tasks if t.test_code)} with a test "
        f"harness, {sum(1 for t in tasks if not t.tests and not t.test_code)} without tests",
    ]
    return lines


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[:PREVIEW_CHARS - 3] + "..."


def preview(records: list[Record], count: int = PREVIEW_RECORDS) -> list[str]:
    """The first few records, shortened to one line per field."""
    lines = []
    for record in records[:count]:
        head = f"  line {record.line}"
        if record.task is not None:
            head += f" [{record.task.task_id}, {record.task.language or 'no language'}]"
        lines.append(head)
        if record.format == "text":
            lines.append(f"    text: {_short(record.text or '')}")
            continue
        lines.append(f"    prompt: {_short(record.prompt_text())}")
        if record.completion_text():
            label = "solution" if record.task else "response"
            lines.append(f"    {label}: {_short(record.completion_text())}")
    return lines


def validate_command(cfg: Any, args: Any) -> int:
    """``halo-forge data validate FILE [--preview]``: exit 0 valid, 2 invalid (every problem listed)."""
    path = Path(args.file)
    records, problems = scan_file(path)
    if records:
        fmt = records[0].format
        status = "valid" if not problems else f"INVALID ({len(problems)} problems)"
        print(f"{path}: {status}, {len(records)} {fmt.replace('_', '/')} records")
        for line in summarize(records) + (preview(records) if args.preview else []):
            print(line)
    if problems:
        raise TaskFileError(problems)
    return 0
