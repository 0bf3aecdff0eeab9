"""A halo-forge verifier as a TRL reward function: graduated, sandboxed rewards for ``trl.GRPOTrainer``.

    from trl import GRPOConfig, GRPOTrainer
    from halo_forge.rlvr import trl_reward
    from halo_forge.rlvr.verifiers import GCCVerifier
    from halo_forge.tasks import read_tasks

    tasks = read_tasks("data/train.jsonl")
    dataset = Dataset.from_list([{"prompt": t.prompt, "task_id": t.task_id} for t in tasks])
    with GCCVerifier(run_after_compile=True) as verifier:
        trainer = GRPOTrainer(model="...", reward_funcs=trl_reward(verifier, tasks), train_dataset=dataset,
                              args=GRPOConfig(...))
        trainer.train()

TRL calls the function with the batch's ``prompts`` and ``completions`` and every other dataset column
as a keyword list; this one reads ``task_id`` (never the prompt text: two tasks may share a prompt, and a
chat template rewrites it) and returns one float per completion in the verifier's reward scale (0, 0.3,
0.5, 0.7 + partial credit, 1.0; see :mod:`halo_forge.rlvr.rewards`). The batch goes through
``verifier.verify_batch``: the worker-process pool, the sandbox and the result cache of RAFT. A sample
the verifier cannot judge (an exception inside it, a completion that is not text) scores 0 and is
logged; it never stops training. A task id the function was not given is a setup mistake and does stop it.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from halo_forge.errors import InputError
from halo_forge.rlvr.rewards import Status, compiled, passed
from halo_forge.tasks import Task

log = logging.getLogger(__name__)

__all__ = ["trl_reward", "completion_text"]


def completion_text(completion: Any) -> str | None:
    """The text of one TRL completion: a string (standard format) or a list of messages (conversational
    format, the assistant's ``content``); None when it is neither.

    >>> completion_text([{"role": "assistant", "content": "```c\\nint x;\\n```"}])
    '```c\\nint x;\\n```'
    """
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and all(isinstance(m, dict) for m in completion):
        parts = [m.get("content") for m in completion if m.get("role", "assistant") == "assistant"]
        if parts and all(isinstance(p, str) for p in parts):
            return "".join(parts)
    return None


def _task_index(tasks: Iterable[Task | dict]) -> dict[str, Task]:
    by_id: dict[str, Task] = {}
    for index, item in enumerate(tasks):
        task = item if isinstance(item, Task) else Task.from_dict(item, default_id=f"task-{index}")
        if task.task_id in by_id:
            raise InputError(f"trl_reward: task_id {task.task_id!r} appears twice; ids must be unique")
        by_id[task.task_id] = task
    return by_id


def _verify_each(verifier: Any, codes: list[str], tasks: list[Task]) -> list[Any]:
    """The batch one sample at a time, after ``verify_batch`` raised: only the culprits score None."""
    results = []
    for code, task in zip(codes, tasks):
        try:
            results.append(verifier.verify_batch([code], tasks=[task])[0])
        except Exception as exc:  # one sample's verifier crash must not stop a training run
            log.warning("verifier failed on a sample of task %s (%s: %s); reward 0", task.task_id,
                        type(exc).__name__, exc)
            results.append(None)
    return results


def trl_reward(verifier: Any, tasks: Iterable[Task | dict], *, log_file: str | Path | None = None,
               name: str = "verifier") -> Callable[..., list[float]]:
    """A reward function for ``trl.GRPOTrainer(reward_funcs=...)`` that verifies with ``verifier``.

    ``tasks``: the tasks of the training dataset (``Task`` objects or task dicts); the dataset must carry
    a ``task_id`` column naming one of them. ``log_file``: also append every verdict as a JSON line
    (``step``, ``task_id``, ``status``, ``reward``, ``completion``). ``name`` is what TRL calls the reward
    in its logs (``rewards/<name>/mean``). Besides the rewards, the share of passing samples and the
    compile rate are logged through TRL's ``log_metric`` (``verifier/pass_rate``, ``verifier/compile_rate``,
    counted as the benchmark counts them) and each status goes into TRL's completions table.
    """
    by_id = _task_index(tasks)
    log_path = Path(log_file) if log_file is not None else None

    def reward(prompts: Sequence[Any] | None = None, completions: Sequence[Any] | None = None,
               task_id: Sequence[str] | None = None, log_metric: Callable | None = None,
               log_extra: Callable | None = None, trainer_state: Any = None, **_: Any) -> list[float]:
        completions = list(completions or [])
        if task_id is None:
            raise InputError("trl_reward: the dataset has no task_id column; each row must name its task "
                             "(the reward never matches tasks by prompt text)")
        if len(task_id) != len(completions):
            raise InputError(f"trl_reward: {len(completions)} completions but {len(task_id)} task ids")
        unknown = sorted({str(t) for t in task_id if t not in by_id})
        if unknown:
            raise InputError(f"trl_reward: task_id {unknown[0]!r} is not one of the {len(by_id)} tasks the "
                             "reward function was given")
        texts = [completion_text(c) for c in completions]
        judged = [i for i, text in enumerate(texts) if text is not None]
        codes = [texts[i] for i in judged]
        sample_tasks = [by_id[task_id[i]] for i in judged]
        try:
            verdicts = verifier.verify_batch(codes, tasks=sample_tasks)
        except Exception as exc:  # find the sample that broke it; the others still count
            log.warning("verify_batch failed (%s: %s); verifying the batch one sample at a time",
                        type(exc).__name__, exc)
            verdicts = _verify_each(verifier, codes, sample_tasks)
        results: list[Any] = [None] * len(completions)
        for i, verdict in zip(judged, verdicts):
            results[i] = verdict
        rewards = [float(r.reward) if r is not None else 0.0 for r in results]
        statuses = [r.status if r is not None else Status.EXTRACTION_ERROR.value for r in results]
        _log(rewards, statuses, task_id, texts, log_metric, log_extra, trainer_state, log_path)
        return rewards

    reward.__name__ = name
    reward.__qualname__ = name
    return reward


def _log(rewards: list[float], statuses: list[str], task_ids: Sequence[str], texts: list[str | None],
         log_metric: Callable | None, log_extra: Callable | None, trainer_state: Any,
         log_path: Path | None) -> None:
    counts = Counter(statuses)
    total = max(len(statuses), 1)
    if log_metric is not None:
        log_metric("verifier/pass_rate", sum(c for s, c in counts.items() if passed(s)) / total)
        log_metric("verifier/compile_rate", sum(c for s, c in counts.items() if compiled(s)) / total)
    if log_extra is not None:
        log_extra("status", list(statuses))
    log.debug("rewards %s", rewards)
    if log_path is not None:
        step = getattr(trainer_state, "global_step", None)
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("a", encoding="utf-8") as handle:
            for task_id, status, value, text in zip(task_ids, statuses, rewards, texts):
                handle.write(json.dumps({"step": step, "task_id": task_id, "status": status, "reward": value,
                                         "completion": text}, ensure_ascii=False) + "\n")
