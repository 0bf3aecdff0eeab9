"""``halo-forge data split FILE --train-out A --heldout-out B``: seeded, deduplicated train / held-out.

Records are grouped by normalised prompt (case, Unicode form and whitespace ignored) and a group always
goes to one side, so the same prompt is never both trained on and evaluated. A line that repeats an
earlier one exactly (apart from its ``task_id``) is dropped; both are reported. Works on every format
``data validate`` reads; each line is written back with the keys and values it had::

    halo-forge data split tasks.jsonl --train-out train.jsonl --heldout-out heldout.jsonl --train-ratio 0.8
    halo-forge data split tasks.jsonl --train-out t.jsonl --heldout-out h.jsonl \\
        --split-by category --heldout-categories parsing,recursion
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_forge.config import DataConfig
from halo_forge.data.formats import Record, normalize_prompt, read_records
from halo_forge.errors import InputError
from halo_forge.tasks import atomic_write_text

NO_CATEGORY = "none"


@dataclass
class Group:
    """Records sharing one normalised prompt."""

    key: str
    records: list[Record] = field(default_factory=list)

    @property
    def category(self) -> str:
        task = self.records[0].task
        return task.category if task is not None and task.category else NO_CATEGORY


@dataclass
class SplitResult:
    train: list[Record]
    heldout: list[Record]
    dropped: list[tuple[int, int]]            # (line dropped, line it repeats)
    shared_prompts: list[list[int]]           # lines of distinct records that share one prompt


def _content_key(record: Record) -> str:
    """What makes two lines the same record: everything but the task id."""
    return json.dumps({k: v for k, v in record.raw.items() if k != "task_id"}, sort_keys=True)


def group_records(records: list[Record]) -> tuple[list[Group], list[tuple[int, int]]]:
    """Groups by normalised prompt in first-seen order, and the exact repeats that were dropped."""
    groups: dict[str, Group] = {}
    seen: dict[str, int] = {}
    dropped = []
    for record in records:
        content = _content_key(record)
        if content in seen:
            dropped.append((record.line, seen[content]))
            continue
        seen[content] = record.line
        key = normalize_prompt(record.prompt_text())
        groups.setdefault(key, Group(key)).records.append(record)
    return list(groups.values()), dropped


def _cut(groups: list[Group], ratio: float, rng: random.Random) -> tuple[list[Group], list[Group]]:
    """Shuffle and cut; with two or more groups and ratio < 1 each side gets at least one."""
    order = list(groups)
    rng.shuffle(order)
    n_train = round(len(order) * ratio)
    if ratio < 1.0 and len(order) >= 2:
        n_train = min(max(n_train, 1), len(order) - 1)
    return order[:n_train], order[n_train:]


def split_groups(groups: list[Group], cfg: DataConfig) -> tuple[list[Group], list[Group]]:
    """Assign each group to train or held-out by ``cfg.split_by``."""
    rng = random.Random(cfg.seed)
    if cfg.split_by == "ratio":
        return _cut(groups, cfg.train_ratio, rng)
    by_category: dict[str, list[Group]] = {}
    for group in groups:
        by_category.setdefault(group.category, []).append(group)
    if cfg.split_by == "category":
        if not cfg.heldout_categories:
            raise InputError("data.heldout_categories: empty; --split-by category needs the categories "
                             f"to hold out (this file has: {', '.join(sorted(by_category))})")
        unknown = [c for c in cfg.heldout_categories if c not in by_category]
        if unknown:
            raise InputError(f"data.heldout_categories: {', '.join(unknown)} not in this file "
                             f"(it has: {', '.join(sorted(by_category))})")
        held = set(cfg.heldout_categories)
        return ([g for g in groups if g.category not in held], [g for g in groups if g.category in held])
    train, heldout = [], []
    for category in sorted(by_category):  # sorted: the same seed gives the same split in any input order
        t, h = _cut(by_category[category], cfg.train_ratio, rng)
        train += t
        heldout += h
    return train, heldout


def split_records(records: list[Record], cfg: DataConfig) -> SplitResult:
    """Deduplicate, group and split; each side keeps the file's line order."""
    groups, dropped = group_records(records)
    train, heldout = split_groups(groups, cfg)

    def flat(side: list[Group]) -> list[Record]:
        return sorted((r for g in side for r in g.records), key=lambda r: r.line)

    shared = [[r.line for r in g.records] for g in groups if len(g.records) > 1]
    return SplitResult(flat(train), flat(heldout), dropped, shared)


def _write(path: str, records: list[Record]) -> None:
    atomic_write_text(path, "".join(json.dumps(r.raw, ensure_ascii=False) + "\n" for r in records))


def split_command(cfg: Any, args: Any) -> int:
    """``halo-forge data split FILE --train-out A --heldout-out B``."""
    if (args.file is None) == (args.input is None):
        raise InputError("data split: give the file to split once: FILE or --input FILE")
    if Path(args.train_out).resolve() == Path(args.heldout_out).resolve():
        raise InputError("--train-out and --heldout-out name the same file")
    records = read_records(args.file if args.file is not None else args.input)
    result = split_records(records, cfg.data)
    _write(args.train_out, result.train)
    _write(args.heldout_out, result.heldout)
    for line, first in result.dropped:
        print(f"{args.file}:{line}: duplicate of line {first}, dropped")
    for lines in result.shared_prompts:
        print(f"{args.file}: lines {', '.join(map(str, lines))} share one prompt; kept on the same side")
    print(f"{args.train_out}: {len(result.train)} records; {args.heldout_out}: {len(result.heldout)} records "
          f"({len(result.dropped)} duplicates dropped, split by {cfg.data.split_by}, seed {cfg.data.seed})")
    return 0
