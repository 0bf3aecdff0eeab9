"""The Task record: one coding task, the same JSONL schema for every stage.

One JSON object per line::

    {"task_id": "c/sum-two", "language": "c", "prompt": "Read two integers ...",
     "tests": [{"stdin": "1 2\\n", "expected_stdout": "3\\n"}],
     "reference_solution": "#include <stdio.h> ...", "category": "arithmetic", "difficulty": "easy"}

Function-style tasks carry ``test_code`` (a harness, e.g. C with its own ``main`` or Python asserts) and
``entry_point`` (the function it calls). A prompts file may also hold bare ``{"prompt": ...}`` lines;
such a task gets the id ``<file stem>-<line>``. A task's tests always travel with the task object.

Reading never drops a line silently: every bad line is reported as ``file:line: reason``, all at once.
Writing is atomic (temp file + rename), so a crash never leaves half a file. A training run's tasks
(:func:`train_and_heldout`, used by RAFT and GRPO) are its training tasks and its held-out tasks, never
sharing a prompt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from halo_forge.config import did_you_mean
from halo_forge.errors import ConfigError, InputError, TaskFileError

log = logging.getLogger(__name__)

LANGUAGES = ("c", "cpp", "python", "rust", "go")
LANGUAGE_ALIASES = {"c++": "cpp", "cxx": "cpp", "cc": "cpp", "py": "python", "python3": "python",
                    "rs": "rust", "golang": "go"}
COMPARE_MODES = ("exact", "whitespace", "numeric", "regex")


@dataclass
class TestCase:
    """One stdin/stdout test. ``compare`` None means the verifier's default comparison."""

    __test__ = False  # not a pytest test class

    stdin: str = ""
    expected_stdout: str = ""
    expected_exit_code: int = 0
    compare: Optional[str] = None


@dataclass
class Task:
    task_id: str
    prompt: str
    language: Optional[str] = None
    tests: list[TestCase] = field(default_factory=list)
    test_code: Optional[str] = None
    entry_point: Optional[str] = None
    reference_solution: Optional[str] = None
    category: Optional[str] = None
    difficulty: Optional[str] = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; empty optional fields are left out."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or (f.name in ("tests", "metadata") and not value):
                continue
            out[f.name] = [dataclasses.asdict(t) for t in value] if f.name == "tests" else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any], default_id: str | None = None) -> "Task":
        """Build and check a task; raises ValueError with a one-line reason."""
        return _parse_task(data, default_id)


_TASK_FIELDS = [f.name for f in dataclasses.fields(Task)]
_TEST_FIELDS = [f.name for f in dataclasses.fields(TestCase)]


def normalize_language(language: str) -> str:
    """``"C++"`` -> ``"cpp"``; raises ValueError for a language we do not know."""
    lang = language.strip().lower()
    lang = LANGUAGE_ALIASES.get(lang, lang)
    if lang not in LANGUAGES:
        raise ValueError(f"language: unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


def _expect_str(data: dict, key: str, optional: bool = True) -> Optional[str]:
    value = data.get(key)
    if value is None:
        if optional:
            return None
        raise ValueError(f"{key}: missing")
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string, got {type(value).__name__}")
    return value


def _parse_test(raw: Any, index: int) -> TestCase:
    where = f"tests[{index}]"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object with stdin and expected_stdout")
    unknown = [k for k in raw if k not in _TEST_FIELDS]
    if unknown:
        raise ValueError(f"{where}.{unknown[0]}: unknown key{did_you_mean(unknown[0], _TEST_FIELDS)}")
    if "expected_stdout" not in raw:
        raise ValueError(f"{where}.expected_stdout: missing")
    for key in ("stdin", "expected_stdout"):
        if key in raw and not isinstance(raw[key], str):
            raise ValueError(f"{where}.{key}: expected a string, got {type(raw[key]).__name__}")
    code = raw.get("expected_exit_code", 0)
    if isinstance(code, bool) or not isinstance(code, int):
        raise ValueError(f"{where}.expected_exit_code: expected an integer, got {code!r}")
    compare = raw.get("compare")
    if compare is not None and compare not in COMPARE_MODES:
        raise ValueError(f"{where}.compare: expected one of {', '.join(COMPARE_MODES)}, got {compare!r}")
    return TestCase(stdin=raw.get("stdin", ""), expected_stdout=raw["expected_stdout"],
                    expected_exit_code=code, compare=compare)


def _parse_task(data: dict[str, Any], default_id: str | None) -> Task:
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    unknown = [k for k in data if k not in _TASK_FIELDS]
    if unknown:
        raise ValueError(f"{unknown[0]}: unknown key{did_you_mean(unknown[0], _TASK_FIELDS)}")
    prompt = _expect_str(data, "prompt", optional=False)
    if not prompt.strip():
        raise ValueError("prompt: empty")
    task_id = data.get("task_id", default_id)
    if isinstance(task_id, int) and not isinstance(task_id, bool):
        task_id = str(task_id)
    if not isinstance(task_id, str) or not task_id.strip():
        raise ValueError("task_id: missing or empty")
    language = _expect_str(data, "language")
    tests_raw = data.get("tests") or []
    if not isinstance(tests_raw, list):
        raise ValueError("tests: expected a list of {stdin, expected_stdout}")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise ValueError("metadata: expected an object")
    return Task(
        task_id=task_id,
        prompt=prompt,
        language=normalize_language(language) if language is not None else None,
        tests=[_parse_test(t, i) for i, t in enumerate(tests_raw)],
        test_code=_expect_str(data, "test_code"),
        entry_point=_expect_str(data, "entry_point"),
        reference_solution=_expect_str(data, "reference_solution"),
        category=_expect_str(data, "category"),
        difficulty=_expect_str(data, "difficulty"),
        metadata=metadata,
    )


def read_tasks(path: str | Path) -> list[Task]:
    """Read a task JSONL file; raises TaskFileError listing every bad line as ``file:line: reason``.

    Blank lines are skipped (they hold no data); duplicate task ids are errors.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TaskFileError([f"{path}: cannot read task file: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise TaskFileError([f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    tasks: list[Task] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: invalid JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            task = _parse_task(data, default_id=f"{path.stem}-{number}")
        except ValueError as exc:
            problems.append(f"{path}:{number}: {exc}")
            continue
        if task.task_id in seen:
            problems.append(f"{path}:{number}: task_id: duplicate {task.task_id!r} (first on line "
                            f"{seen[task.task_id]})")
            continue
        seen[task.task_id] = number
        tasks.append(task)
    if problems:
        raise TaskFileError(problems)
    return tasks


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tasks(path: str | Path, tasks: Iterable[Task]) -> None:
    """Write tasks as JSONL, atomically."""
    atomic_write_text(path, "".join(json.dumps(t.to_dict(), ensure_ascii=False) + "\n" for t in tasks))


# ------------------------------------------------------------------------------- the tasks of a run

def load_task_list(source: str | Path | Sequence[Task | str | dict], where: str) -> list[Task]:
    """Tasks from a JSONL file, Task objects, task dicts or plain prompt strings."""
    if isinstance(source, (str, Path)):
        return read_tasks(source)
    tasks = []
    for index, item in enumerate(source):
        if isinstance(item, Task):
            tasks.append(item)
        elif isinstance(item, str):
            tasks.append(Task(task_id=f"prompt-{index}", prompt=item))
        elif isinstance(item, dict):
            try:
                tasks.append(Task.from_dict(item, default_id=f"task-{index}"))
            except ValueError as exc:
                raise InputError(f"{where}[{index}]: {exc}") from None
        else:
            raise InputError(f"{where}[{index}]: expected a task or a prompt, got {type(item).__name__}")
    return tasks


def split_train_heldout(tasks: list[Task]) -> tuple[list[Task], list[Task]]:
    """Tasks marked ``metadata.split: heldout`` are never trained on; they are the evaluation set."""
    heldout = [t for t in tasks if t.metadata.get("split") == "heldout"]
    return [t for t in tasks if t.metadata.get("split") != "heldout"], heldout


def train_and_heldout(source: Any, eval_source: Any, section: str) -> tuple[list[Task], list[Task]]:
    """The training and held-out tasks of a run (RAFT's and GRPO's): ``eval_source`` if given, else the
    source's ``metadata.split: heldout`` tasks; a held-out prompt that is also a training prompt is an error."""
    if source is None:
        raise ConfigError([f"{section}.prompts_file: required (--prompts TASKS.jsonl)"])
    tasks = load_task_list(source, "tasks")
    if eval_source is not None:
        heldout = load_task_list(eval_source, "eval_tasks")
        train = [t for t in tasks if t.metadata.get("split") != "heldout"]
    else:
        train, heldout = split_train_heldout(tasks)
    where = source if isinstance(source, (str, Path)) else "tasks"
    if not train:
        raise InputError(f"{where}: no training tasks (every task is marked metadata.split: heldout)")
    overlap = {t.prompt for t in train} & {t.prompt for t in heldout}
    if overlap:
        raise InputError(f"{eval_source if isinstance(eval_source, (str, Path)) else where}: {len(overlap)} "
                         "held-out prompt(s) are also training prompts; the held-out score would not be honest")
    if not heldout:
        log.warning("no held-out tasks (set %s.eval_file or mark tasks metadata.split: heldout): the run is "
                    "not evaluated", section)
    return train, heldout


def tasks_digest(tasks: Sequence[Task]) -> str:
    blob = json.dumps([t.to_dict() for t in tasks], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
