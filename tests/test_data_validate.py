"""data validate: every format recognised, every bad line reported as file:line, summaries, exit codes."""

import json

import pytest

from halo_forge.data.formats import detect_format, parse_record, read_records, scan_file
from halo_forge.errors import TaskFileError

TASK = {"task_id": "c/sum", "language": "c", "prompt": "Read two integers and print their sum.",
        "tests": [{"stdin": "1 2\n", "expected_stdout": "3\n"}], "category": "arithmetic", "difficulty": "easy",
        "reference_solution": "#include <stdio.h>\nint main(void){int a,b;scanf(\"%d %d\",&a,&b);"
                              "printf(\"%d\\n\",a+b);}\n", "metadata": {"split": "train"}}


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


@pytest.mark.parametrize("obj, expected", [
    (TASK, "task"),
    ({"prompt": "Write hello world in C."}, "task"),
    ({"text": "### Q\nhi\n### A\nhello"}, "text"),
    ({"prompt": "p", "response": "r"}, "prompt_response"),
    ({"prompt": "p", "completion": "r"}, "prompt_response"),
    ({"messages": [{"role": "user", "content": "p"}, {"role": "assistant", "content": "r"}]}, "messages"),
])
def test_detect_format(obj, expected):
    assert detect_format(obj) == expected


@pytest.mark.parametrize("obj, reason", [
    ([1, 2], "expected a JSON object, got list"),
    ({"question": "q", "answer": "a"}, "unknown record format (keys: answer, question)"),
    ({"prompt": "p", "respnse": "r"}, "respnse: unknown key; did you mean response?"),
    ({"prompt": "p", "response": "r", "extra": 1}, "extra: unknown key in a prompt_response record"),
    ({"prompt": "p", "response": ""}, "response: empty"),
    ({"prompt": "p", "completion": ""}, "completion: empty"),
    ({"prompt": "p", "response": "r", "completion": "r"}, "response and completion: give one of them"),
    ({"text": 3}, "text: expected a string, got int"),
    ({"messages": []}, "messages: expected a non-empty list"),
    ({"messages": [{"role": "user", "content": "p"}]}, "messages: no assistant turn"),
    ({"messages": [{"role": "bot", "content": "p"}]}, "messages[0].role: expected one of system, user, assistant"),
    ({"messages": [{"role": "user", "text": "p"}]}, "messages[0].text: unknown key; known keys: content, role"),
])
def test_bad_objects_have_one_line_reasons(obj, reason):
    with pytest.raises(ValueError) as info:
        parse_record(obj, 1, "x-1")
    assert reason in str(info.value) and "\n" not in str(info.value)


def test_valid_task_file_summary(cli, tmp_path):
    rows = [TASK, {**TASK, "task_id": "c/sum2", "category": "strings", "metadata": {"split": "heldout"}},
            {"prompt": "Print hello."}]
    path = _write(tmp_path / "tasks.jsonl", rows)
    proc = cli("data", "validate", str(path))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"{path}: valid, 3 task records" in out
    assert "languages: c 2, unset 1" in out and "categories: arithmetic 1, strings 1, unset 1" in out
    assert "splits: train 1, heldout 1, unset 1" in out
    assert "2 with stdin/stdout tests (2 in all)" in out and "1 without tests" in out
    assert "prompt length (chars): min 12, median 38, max 38" in out
    assert "line 1" not in out  # no preview unless asked


@pytest.mark.parametrize("rows, fmt", [
    ([{"text": "a b c"}, {"text": "d"}], "text"),
    ([{"prompt": "p", "response": "```c\nint x;\n```"}], "prompt/response"),
    ([{"messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "p"},
                    {"role": "assistant", "content": "r"}]}], "messages"),
])
def test_valid_sft_files(cli, tmp_path, rows, fmt):
    path = _write(tmp_path / "sft.jsonl", rows)
    proc = cli("data", "validate", str(path), "--preview")
    assert proc.returncode == 0, proc.stderr
    assert f"valid, {len(rows)} {fmt} records" in proc.stdout and "  line 1" in proc.stdout


def test_every_bad_line_reported_at_once(cli, tmp_path):
    rows = [{"prompt": "p1", "response": "r1"},              # 1: fixes the format
            "{not json",                                      # 2
            {"prompt": "p3", "response": "r3", "score": 1},   # 3: unknown key
            {"text": "t"},                                    # 4: another format
            "",                                               # 5: blank, skipped
            {"prompt": "p6", "response": "r6"},               # 6: fine
            {"prompt": " ", "response": "r7"}]                # 7: empty prompt
    path = _write(tmp_path / "bad.jsonl", rows)
    proc = cli("data", "validate", str(path))
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert [e.split(": ")[2] for e in errors] == [f"{path}:{n}" for n in (2, 3, 4, 7)]
    assert "invalid JSON" in errors[0] and "score: unknown key" in errors[1]
    assert "text record in a file of prompt_response records (line 1)" in errors[2]
    assert "prompt: empty" in errors[3]
    assert "Traceback" not in proc.stderr
    assert "INVALID (4 problems), 2 prompt/response records" in proc.stdout


def test_task_problems_duplicate_ids_and_bad_tests(cli, tmp_path):
    rows = [TASK, TASK, {**TASK, "task_id": "c/x", "tests": [{"stdin": "1"}]}, {**TASK, "task_id": "c/y",
            "language": "cobol"}]
    path = _write(tmp_path / "t.jsonl", rows)
    proc = cli("data", "validate", str(path))
    assert proc.returncode == 2
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 3
    assert f"{path}:2: task_id: duplicate 'c/sum' (first on line 1)" in errors[0]
    assert f"{path}:3: tests[0].expected_stdout: missing" in errors[1]
    assert f"{path}:4: language: unknown language 'cobol'" in errors[2]


def test_empty_and_missing_files(cli, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    proc = cli("data", "validate", str(empty))
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"halo-forge: error: {empty}: no records (the file is empty)"
    proc = cli("data", "validate", str(tmp_path / "none.jsonl"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_read_records_restricts_formats(tmp_path):
    path = _write(tmp_path / "t.jsonl", [TASK])
    assert read_records(path)[0].task.task_id == "c/sum"
    with pytest.raises(TaskFileError, match="task records, expected one of text, prompt_response"):
        read_records(path, formats=("text", "prompt_response", "messages"))
    records, problems = scan_file(path)
    assert problems == [] and records[0].completion_text() == TASK["reference_solution"]
