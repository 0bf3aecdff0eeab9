"""``halo-forge data generate``: new tasks from an LLM, each kept only if its own solution passes its tests.

One request asks for one task as JSON — the prompt, a reference solution and tests together. Each answer
is parsed, deduplicated by normalised prompt, and its solution is run against its tests through the
project verifier (in the sandbox); only passing tasks are kept::

    export OPENAI_API_KEY=...
    halo-forge data generate --backend openai --model gpt-4o-mini --topic "string parsing" \\
        --language c --num-tasks 100 --output data/generated_c.jsonl

Every attempt (kept or rejected, with the reason) is appended to a checkpoint file as it happens, so an
interrupted run continues where it stopped: kept tasks are never asked for or written twice, and the
attempt budget (``max_attempts``) counts the earlier attempts too. The output file is written atomically
at the end from the checkpoint.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from tqdm import tqdm

from halo_forge.config import DataConfig, to_dict
from halo_forge.data.formats import normalize_prompt
from halo_forge.data.llm_api import BACKENDS, ChatClient, ResponseError
from halo_forge.errors import InputError, TaskFileError
from halo_forge.rlvr.rewards import passed
from halo_forge.tasks import Task, write_tasks

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"c": "C", "cpp": "C++ (C++17)", "python": "Python 3", "rust": "Rust", "go": "Go"}
RECENT_PROMPTS_SHOWN = 20  # earlier tasks listed in each request so the model does not repeat itself
SETTINGS_KEYS = ("backend", "model", "topic", "language", "style")

SYSTEM_PROMPT = ("You write programming exercises with a correct reference solution and tests that check "
                 "it. Answer with one JSON object and nothing else.")

_STDIO_KEYS = """\
  "prompt": the task statement. It says exactly what the program reads from standard input and what it
            prints to standard output, and that nothing else may be printed.
  "solution": a complete {lang} program that solves it, reading stdin and writing stdout.
  "tests": a list of at least {min_tests} objects {{"stdin": "...", "expected_stdout": "..."}}, edge cases
           included; expected_stdout is exactly what a correct program prints for that stdin."""

_FUNCTION_KEYS = {
    "python": """\
  "prompt": the task statement, giving the exact function signature.
  "entry_point": the function's name.
  "solution": the complete function (with any imports it needs).
  "test_code": Python defining `def check(candidate):` with at least {min_tests} assert statements
               (edge cases included) that call `candidate(...)`, then the line `check(<entry_point>)`.""",
    "compiled": """\
  "prompt": the task statement, giving the exact function signature and saying not to write a main
            function.
  "entry_point": the function's name.
  "solution": the function only (with the headers it needs), no main.
  "test_code": a {lang} harness compiled after the solution in one file: it includes the headers it uses,
               does not redefine the function, defines
               `#define CHECK(c) do {{ total++; if (c) passed++; }} while (0)` with `static int passed,
               total;`, has a main that runs at least {min_tests} CHECKs (edge cases included), prints
               `HALO_RESULT <passed> <total>` as its last line and returns 0 only if all passed.""",
}

_REQUEST = """\
Write one new {lang} programming task about: {topic}.

Reply with a single JSON object with these keys:
{keys}
  "category": a short category such as strings, arrays, math, parsing, recursion.
  "difficulty": easy, medium or hard.
{avoid}"""


@dataclass
class Attempt:
    """One generation request's outcome, as stored in the checkpoint."""

    attempt: int
    status: str                # kept, malformed, invalid, duplicate, failed
    reason: str = ""
    task: Optional[dict] = None


@dataclass
class GenerationState:
    """What the checkpoint says so far."""

    attempts: int = 0
    kept: list[Task] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    rejected: dict[str, int] = field(default_factory=dict)

    def record(self, attempt: Attempt, task: Optional[Task]) -> None:
        self.attempts = max(self.attempts, attempt.attempt + 1)
        if attempt.status == "kept" and task is not None:
            self.kept.append(task)
            self.seen.add(normalize_prompt(task.prompt))
        else:
            self.rejected[attempt.status] = self.rejected.get(attempt.status, 0) + 1


# ------------------------------------------------------------------------------------ the request

def build_request(cfg: DataConfig, recent: list[str]) -> str:
    """The user message asking for one task."""
    lang = LANGUAGE_NAMES[cfg.language]
    if cfg.style == "stdio":
        keys = _STDIO_KEYS
    else:
        keys = _FUNCTION_KEYS["python" if cfg.language == "python" else "compiled"]
    avoid = ""
    if recent:
        shown = "\n".join(f"- {' '.join(p.split())[:100]}" for p in recent[-RECENT_PROMPTS_SHOWN:])
        avoid = f"\nIt must differ from these existing tasks:\n{shown}\n"
    return _REQUEST.format(lang=lang, topic=cfg.topic, keys=keys.format(lang=lang, min_tests=cfg.min_tests),
                           avoid=avoid)


# ------------------------------------------------------------------------------------- the answer

_FENCED = re.compile(r"```[\w+-]*[ \t]*\n(.*?)```", re.DOTALL)


def extract_json(text: str) -> dict:
    """The JSON object in an answer: the whole text, a fenced block, or the outermost braces."""
    candidates = [text.strip()] + [m.group(1).strip() for m in _FENCED.finditer(text)]
    if "{" in text and "}" in text:
        candidates.append(text[text.index("{"):text.rindex("}") + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise ValueError("no JSON object in the answer")


def _strip_fence(code: str) -> str:
    """Models often fence the solution even inside JSON; keep what is inside the first block."""
    match = _FENCED.search(code)
    return match.group(1) if match and code.lstrip().startswith("```") else code


def parse_candidate(answer: dict, cfg: DataConfig, task_id: str) -> Task:
    """An answer object as a Task; raises ValueError saying what is missing or wrong."""
    for key in ("prompt", "solution"):
        if not isinstance(answer.get(key), str) or not answer[key].strip():
            raise ValueError(f"{key}: missing or not a string")
    data: dict[str, Any] = {
        "task_id": task_id, "language": cfg.language, "prompt": answer["prompt"].strip(),
        "reference_solution": _strip_fence(answer["solution"]),
        "metadata": {"source": "generated", "backend": cfg.backend, "model": cfg.model, "topic": cfg.topic,
                     "style": cfg.style},
    }
    for key in ("category", "difficulty"):
        if isinstance(answer.get(key), str) and answer[key].strip():
            data[key] = answer[key].strip().lower()
    if cfg.style == "stdio":
        tests = answer.get("tests")
        if not isinstance(tests, list):
            raise ValueError("tests: missing or not a list")
        # Only the two keys asked for: a model's extra keys (e.g. "explanation") are not test fields.
        data["tests"] = [{k: t[k] for k in ("stdin", "expected_stdout") if k in t}
                         if isinstance(t, dict) else t for t in tests]
        count = len(tests)
    else:
        for key in ("test_code", "entry_point"):
            if not isinstance(answer.get(key), str) or not answer[key].strip():
                raise ValueError(f"{key}: missing or not a string")
        data["test_code"] = _strip_fence(answer["test_code"])
        data["entry_point"] = answer["entry_point"].strip()
        count = len(re.findall(r"\bCHECK\s*\(|\bassert\b", data["test_code"]))
    if count < cfg.min_tests:
        raise ValueError(f"only {count} tests; at least {cfg.min_tests} are required")
    return Task.from_dict(data)


# ------------------------------------------------------------------------------------- checkpoint

def checkpoint_path(cfg: DataConfig) -> Path:
    return Path(cfg.checkpoint) if cfg.checkpoint is not None else Path(f"{cfg.output}.checkpoint.jsonl")


def _settings(cfg: DataConfig) -> dict:
    values = to_dict(cfg)
    return {k: values[k] for k in SETTINGS_KEYS}


def load_checkpoint(path: Path, cfg: DataConfig) -> GenerationState:
    """Replay a checkpoint. A torn last line (the run was killed mid-write) is cut off; a checkpoint
    written for other settings is an error rather than a silent mix of two datasets."""
    state = GenerationState()
    if not path.exists():
        return state
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        keep = raw.rfind(b"\n") + 1
        log.warning("%s: cutting off a partly written last line (the previous run was interrupted)", path)
        with open(path, "r+b") as handle:
            handle.truncate(keep)
        raw = raw[:keep]
    problems = []
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        try:
            entry = json.loads(line)
            if number == 1:
                if entry.get("settings") != _settings(cfg):
                    raise InputError(f"{path}: written for other settings ({entry.get('settings')}); use "
                                     "another --output or --checkpoint, or delete it to start over")
                continue
            attempt = Attempt(**entry)
            task = Task.from_dict(attempt.task) if attempt.status == "kept" else None
        except (json.JSONDecodeError, TypeError, ValueError, AttributeError) as exc:
            problems.append(f"{path}:{number}: not a checkpoint entry: {exc}")
            continue
        state.record(attempt, task)
    if problems:
        raise TaskFileError(problems)
    return state


class Checkpoint:
    """Append-only JSONL: a settings line, then one line per attempt, flushed and synced as written."""

    def __init__(self, path: Path, cfg: DataConfig):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists() or path.stat().st_size == 0
        self.handle = open(path, "a", encoding="utf-8")
        if fresh:
            self._append({"settings": _settings(cfg)})

    def _append(self, entry: dict) -> None:
        self.handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def add(self, attempt: Attempt) -> None:
        self._append(attempt.__dict__)

    def close(self) -> None:
        self.handle.close()


# ------------------------------------------------------------------------------------ the loop

def judge(text: str, cfg: DataConfig, state: GenerationState, verifier: Any,
          attempt: int) -> tuple[Attempt, Optional[Task]]:
    """Parse, deduplicate and verify one answer."""
    task_id = f"gen/{cfg.language}/{len(state.kept) + 1:04d}"
    try:
        answer = extract_json(text)
    except ValueError as exc:
        return Attempt(attempt, "malformed", str(exc)), None
    try:
        task = parse_candidate(answer, cfg, task_id)
    except ValueError as exc:
        return Attempt(attempt, "invalid", str(exc)), None
    key = normalize_prompt(task.prompt)
    if key in state.seen:
        return Attempt(attempt, "duplicate", "same prompt as a kept task"), None
    result = verifier.verify(task.reference_solution, task)
    if not (result.success and passed(result.status)):  # compiling or running is not enough
        reason = f"{result.status or 'failed'}: {(result.error or result.details or '').strip()[:300]}"
        return Attempt(attempt, "failed", reason, task.to_dict()), None
    return Attempt(attempt, "kept", "", task.to_dict()), task


def generate_tasks(cfg: DataConfig, client: ChatClient, verifier: Any, state: GenerationState,
                   checkpoint: Checkpoint) -> GenerationState:
    """Ask for tasks until ``num_tasks`` are kept or the attempt budget is spent."""
    budget = cfg.max_attempts if cfg.max_attempts is not None else 3 * cfg.num_tasks
    bar = tqdm(total=cfg.num_tasks, initial=min(len(state.kept), cfg.num_tasks), desc="verified tasks",
               unit="task", disable=None)
    try:
        while len(state.kept) < cfg.num_tasks and state.attempts < budget:
            attempt = state.attempts
            recent = [t.prompt for t in state.kept]
            try:
                text = client.complete(SYSTEM_PROMPT, build_request(cfg, recent))
            except ResponseError as exc:
                outcome, task = Attempt(attempt, "malformed", str(exc)), None
            else:
                outcome, task = judge(text, cfg, state, verifier, attempt)
            checkpoint.add(outcome)
            state.record(outcome, task)
            if task is not None:
                bar.update(1)
            else:
                log.info("attempt %d rejected (%s): %s", attempt, outcome.status, outcome.reason[:200])
    finally:
        bar.close()
    return state


def make_client(cfg: DataConfig) -> ChatClient:
    """The chat client for ``cfg.backend``: base URL and key from the config or the environment."""
    if cfg.model is None:
        raise InputError("data.model: missing; pass --model NAME")
    backend = BACKENDS[cfg.backend]
    base_url = cfg.base_url
    if base_url is None:
        base_url = os.environ.get(backend.base_url_env, backend.base_url)
    key_env = cfg.api_key_env if cfg.api_key_env is not None else backend.key_env
    api_key = os.environ.get(key_env) if key_env else None
    if backend.key_required and not api_key:
        raise InputError(f"data.api_key_env: {key_env or 'an API key variable'} is not set; the "
                         f"{cfg.backend} backend needs an API key")
    return ChatClient(backend, cfg.model, base_url, api_key, max_retries=cfg.max_retries,
                      timeout=cfg.request_timeout, backoff=cfg.retry_backoff,
                      requests_per_minute=cfg.requests_per_minute, temperature=cfg.temperature,
                      max_tokens=cfg.max_tokens)


def make_verifier(cfg: Any) -> Any:
    """The configured verifier (``verifier:`` section) from the project registry. A task is kept only if
    its tests ran, so a compile verifier is told to run the program (``run_after_compile``) unless the
    config says otherwise."""
    from halo_forge.rlvr.verifiers.registry import build_verifier, constructor_params, resolve_type

    overrides = {}
    try:
        takes_run_flag = "run_after_compile" in constructor_params(resolve_type(cfg.verifier.type))
    except (ValueError, ImportError):
        takes_run_flag = False  # build_verifier reports the bad type in full
    if takes_run_flag and "run_after_compile" not in cfg.verifier.options:
        overrides["run_after_compile"] = True
    return build_verifier(cfg.verifier, **overrides)


def generate_command(cfg: Any, args: Any) -> int:
    """``halo-forge data generate --backend B --model M --topic T --output FILE``, or ``--list``."""
    data: DataConfig = cfg.data
    if getattr(args, "list", False):
        from halo_forge.data.llm_api import BACKENDS
        print("topics are free text: --topic 'string parsing in C' (with --language and --style)")
        for name, backend in BACKENDS.items():
            key = f"key in ${backend.key_env}" if backend.key_env else "no key"
            print(f"{name:<10} {backend.base_url} (${backend.base_url_env} overrides), {key}")
        return 0
    missing = [f"data.{k}: missing; pass --{k.replace('_', '-')}" for k in ("output", "topic", "model")
               if getattr(data, k) is None]
    if missing:
        raise InputError("\n".join(missing))
    client = make_client(data)
    path = checkpoint_path(data)
    state = load_checkpoint(path, data)
    if state.attempts:
        print(f"{path}: resuming after {state.attempts} attempts, {len(state.kept)} tasks kept")
    verifier = make_verifier(cfg)
    checkpoint = Checkpoint(path, data)
    try:
        state = generate_tasks(data, client, verifier, state, checkpoint)
    finally:
        checkpoint.close()
        if hasattr(verifier, "cleanup"):
            verifier.cleanup()
    write_tasks(data.output, state.kept)
    rejected = ", ".join(f"{n} {status}" for status, n in sorted(state.rejected.items())) or "none"
    print(f"{data.output}: {len(state.kept)} verified tasks ({state.attempts} attempts, "
          f"{client.requests} HTTP requests this run; rejected: {rejected})")
    if len(state.kept) < data.num_tasks:
        print(f"halo-forge: only {len(state.kept)} of {data.num_tasks} tasks after {state.attempts} attempts "
              "(data.max_attempts); rerun with a larger --max-attempts to continue", file=sys.stderr)
        return 1
    return 0
