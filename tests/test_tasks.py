import json

import pytest

from halo_forge.errors import TaskFileError
from halo_forge.tasks import Task, TestCase, read_tasks, write_tasks

GOOD = {"task_id": "c/add", "language": "C", "prompt": "Read two ints, print the sum.",
        "tests": [{"stdin": "1 2\n", "expected_stdout": "3\n"}], "reference_solution": "int main(){}",
        "category": "arithmetic", "difficulty": "easy"}


def write_lines(path, lines):
    path.write_text("".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines))
    return path


def test_round_trip(tmp_path):
    tasks = [Task(task_id="a", prompt="p", language="cpp", tests=[TestCase("1", "2")], metadata={"x": 1}),
             Task(task_id="b", prompt="q", test_code="assert f() == 1", entry_point="f", language="python")]
    path = tmp_path / "t.jsonl"
    write_tasks(path, tasks)
    assert read_tasks(path) == tasks


def test_language_normalised_and_prompt_only_lines(tmp_path):
    path = write_lines(tmp_path / "prompts.jsonl", [GOOD, {"prompt": "Write hello world in C."}])
    tasks = read_tasks(path)
    assert tasks[0].language == "c"
    assert tasks[1].task_id == "prompts-2" and tasks[1].language is None


def test_bad_lines_reported_with_file_and_line_all_at_once(tmp_path):
    path = write_lines(tmp_path / "bad.jsonl", [
        GOOD,
        "{not json",
        {"task_id": "x", "prompt": "p", "langauge": "c"},
        {"task_id": "y", "prompt": "p", "language": "cobol"},
        {"task_id": "z", "prompt": "p", "tests": [{"stdin": "1"}]},
        {"task_id": "c/add", "prompt": "dup"},
        {"task_id": "w"},
        [1, 2],
    ])
    with pytest.raises(TaskFileError) as err:
        read_tasks(path)
    problems = err.value.problems
    assert [p.split(":")[1] for p in problems] == ["2", "3", "4", "5", "6", "7", "8"]
    text = "\n".join(problems)
    assert f"{path}:2: invalid JSON" in text
    assert f"{path}:3: langauge: unknown key; did you mean language?" in text
    assert "unknown language 'cobol'" in text
    assert f"{path}:5: tests[0].expected_stdout: missing" in text
    assert "duplicate 'c/add' (first on line 1)" in text
    assert f"{path}:7: prompt: missing" in text
    assert "expected a JSON object, got list" in text


def test_missing_file_and_binary(tmp_path):
    with pytest.raises(TaskFileError, match="cannot read task file"):
        read_tasks(tmp_path / "missing.jsonl")
    (tmp_path / "bin.jsonl").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(TaskFileError, match="not UTF-8"):
        read_tasks(tmp_path / "bin.jsonl")


def test_write_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "t.jsonl"
    write_tasks(path, [Task(task_id="a", prompt="p")])
    before = path.read_text()

    class Boom:
        def to_dict(self):
            raise RuntimeError("crash while writing")

    with pytest.raises(RuntimeError):
        write_tasks(path, [Task(task_id="b", prompt="q"), Boom()])
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t.jsonl"]  # no temp file left behind
