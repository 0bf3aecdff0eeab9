"""data prepare: the dataset registry, HumanEval offline, bundled splits, SFT output, hub errors."""

import json
import os
import subprocess
import sys
import time

import pytest

from halo_forge.config import DataConfig
from halo_forge.data import load_humaneval
from halo_forge.data.formats import read_records
from halo_forge.data.prepare import BUNDLED_DIR, DATASETS, codeforces_task, load_dataset, mbpp_task
from halo_forge.tasks import read_tasks

# Runs each (solution, test_code) pair in a fresh namespace; prints the indices whose tests passed.
_RUN_PAIRS = """
import json, sys
passed = []
for i, (solution, test_code) in enumerate(json.load(sys.stdin)):
    try:
        exec(compile(solution + "\\n" + test_code, f"task{i}", "exec"), {"__name__": "__task__"})
        passed.append(i)
    except BaseException:
        pass
print(json.dumps(passed))
"""


def _passing(pairs):
    proc = subprocess.run([sys.executable, "-c", _RUN_PAIRS], input=json.dumps(pairs), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout))


def test_registry_names():
    assert set(DATASETS) == {"bundled-c", "bundled-cpp", "humaneval", "mbpp", "codeforces"}


def test_humaneval_loader_fields():
    tasks = load_humaneval()
    assert len(tasks) == 164 and len({t.task_id for t in tasks}) == 164
    first = tasks[0]
    assert first.task_id == "HumanEval/0" and first.language == "python"
    assert first.entry_point == "has_close_elements"
    assert first.prompt.startswith("from typing import List")
    assert first.test_code.rstrip().endswith("check(has_close_elements)")
    assert "def check(candidate)" in first.test_code
    assert first.reference_solution.startswith(first.prompt)


def test_humaneval_reference_solutions_pass_and_empty_bodies_fail():
    tasks = load_humaneval()
    assert _passing([(t.reference_solution, t.test_code) for t in tasks]) == set(range(164))
    # The tests really test: a body that returns None fails (a few with a None-valued answer excepted).
    failing = _passing([(t.prompt + "    return None\n", t.test_code) for t in tasks])
    assert len(failing) <= 3, failing


def test_prepare_humaneval_cli_tasks_and_sft(cli, tmp_path):
    out = tmp_path / "he.jsonl"
    proc = cli("data", "prepare", "--dataset", "humaneval", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    tasks = read_tasks(out)
    assert len(tasks) == 164 and tasks[5].task_id == "HumanEval/5"
    sft = tmp_path / "he_sft.jsonl"
    proc = cli("data", "prepare", "--dataset", "humaneval", "--format", "sft", "--output", str(sft),
               "--max-tasks", "10")
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in sft.read_text().splitlines()]
    assert len(lines) == 10 and set(lines[0]) == {"prompt", "response"}
    assert lines[0]["prompt"] == tasks[0].prompt
    assert lines[0]["response"] == f"```python\n{tasks[0].reference_solution.rstrip()}\n```"
    assert [r.format for r in read_records(sft)] == ["prompt_response"] * 10


@pytest.mark.skipif(not (BUNDLED_DIR / "c.jsonl").exists(), reason="bundled set not built")
@pytest.mark.parametrize("name", ["bundled-c", "bundled-cpp"])
def test_bundled_splits_partition_the_set(name):
    every = load_dataset(DataConfig(dataset=name))
    train = load_dataset(DataConfig(dataset=name, split="train"))
    heldout = load_dataset(DataConfig(dataset=name, split="heldout"))
    assert train and heldout
    assert {t.task_id for t in train}.isdisjoint(t.task_id for t in heldout)
    assert sorted(t.task_id for t in train + heldout) == sorted(t.task_id for t in every)
    assert {t.language for t in every} == {"c" if name == "bundled-c" else "cpp"}


@pytest.mark.skipif(not (BUNDLED_DIR / "c.jsonl").exists(), reason="bundled set not built")
def test_prepare_bundled_sft_fences_in_the_task_language(cli, tmp_path):
    out = tmp_path / "cpp_sft.jsonl"
    proc = cli("data", "prepare", "--dataset", "bundled-cpp", "--split", "train", "--format", "sft",
               "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    records = read_records(out)
    assert records and all(r.response.startswith("```cpp\n") and r.response.endswith("\n```")
                           for r in records)


def test_unknown_dataset_and_missing_output_are_one_line_errors(cli, tmp_path):
    proc = cli("data", "prepare", "--dataset", "humaneva", "--output", str(tmp_path / "x.jsonl"))
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("halo-forge: error: data.dataset: unknown dataset 'humaneva'; "
                                   "did you mean humaneval?")
    proc = cli("data", "prepare", "--dataset", "humaneval")
    assert proc.returncode == 2 and "--output" in proc.stderr and len(proc.stderr.splitlines()) == 1
    proc = cli("data", "prepare", "--dataset", "humaneval", "--split", "train", "--output", str(tmp_path / "x"))
    assert proc.returncode == 2 and "no train tasks" in proc.stderr


@pytest.mark.parametrize("env", [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}],
                         ids=["offline", "unreachable"])
@pytest.mark.parametrize("name", ["mbpp", "codeforces"])
def test_hub_datasets_without_a_hub_fail_fast_with_one_line(cli, tmp_path, name, env):
    out = tmp_path / "x.jsonl"
    start = time.monotonic()
    proc = cli("data", "prepare", "--dataset", name, "--output", str(out), env={**os.environ, **env})
    assert time.monotonic() - start < 20
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"halo-forge: error: {name}: ")
    assert "Traceback" not in proc.stderr
    assert not out.exists()


MBPP_ROW = {  # the shape of google-research-datasets/mbpp rows
    "task_id": 11, "text": "Write a python function to remove first and last occurrence of a given character "
                           "from the string.",
    "code": "def helper(s):\n    return s\n\ndef remove_Occ(s, ch):\n    for i in range(len(s)):\n"
            "        if s[i] == ch:\n            s = s[0:i] + s[i + 1:]\n            break\n"
            "    for i in range(len(s) - 1, -1, -1):\n        if s[i] == ch:\n"
            "            s = s[0:i] + s[i + 1:]\n            break\n    return helper(s)",
    "test_list": ['assert remove_Occ("hello","l") == "heo"', 'assert remove_Occ("abcda","a") == "bcd"',
                  'assert remove_Occ("PHP","P") == "H"'],
    "test_setup_code": "", "challenge_test_list": [],
}


def test_mbpp_row_conversion_runs():
    task = mbpp_task(MBPP_ROW, "heldout")
    assert task.task_id == "MBPP/11" and task.entry_point == "remove_Occ" and task.language == "python"
    assert 'assert remove_Occ("PHP","P") == "H"' in task.prompt and task.metadata["split"] == "heldout"
    wrong = "def remove_Occ(s, ch):\n    return s\n"
    assert _passing([(task.reference_solution, task.test_code), (wrong, task.test_code)]) == {0}


def test_codeforces_row_conversion():
    row = {"id": "1A", "title": "Theatre Square", "description": "Cover an n x m square with a x a flagstones.",
           "input_format": "Three integers n, m, a.", "output_format": "The number of flagstones.",
           "examples": [{"input": "6 6 4\n", "output": "4\n"}],
           "official_tests": [{"input": "6 6 4\n", "output": "4\n"}, {"input": "1 1 1\n", "output": "1\n"}],
           "rating": 1000, "tags": ["math"], "interaction_format": None, "generated_checker": None}
    task = codeforces_task(row, "train", "cpp")
    assert task.task_id == "codeforces/1A" and task.language == "cpp" and task.difficulty == "easy"
    assert [t.stdin for t in task.tests] == ["6 6 4\n", "1 1 1\n"] and task.category == "math"
    assert "Print nothing else." in task.prompt and "Example input\n6 6 4" in task.prompt
    assert codeforces_task({**row, "interaction_format": "Interact."}, "train", "cpp") is None
    assert codeforces_task({**row, "generated_checker": "checker.py"}, "train", "cpp") is None
    assert codeforces_task({**row, "rating": 2400}, "train", "c").difficulty == "hard"
