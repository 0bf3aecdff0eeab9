"""The bundled C/C++ task sets: every reference passes the real (sandboxed) verifier, trivially wrong
programs do not, the shipped JSONL matches ``tasksrc/``, and the train / held-out split holds."""

import dataclasses
import sys
from collections import Counter

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO))  # tasksrc/ lives at the repository root, outside the package

from halo_forge.rlvr.verifiers import GCCVerifier  # noqa: E402
from halo_forge.tasks import read_tasks  # noqa: E402
from tasksrc import build  # noqa: E402

BUNDLED = {lang: REPO / "halo_forge" / "data" / "bundled" / f"{lang}.jsonl" for lang in ("c", "cpp")}


@pytest.fixture(scope="module")
def tasks():
    return [t for path in BUNDLED.values() for t in read_tasks(path)]


def wrong_candidates(task):
    """The trivially wrong programs a task must reject: for stdio tasks one that prints nothing (plus the
    authored wrong answer, if any); for function tasks the authored wrong answer or a return-0 stub."""
    if task.metadata["style"] == "stdio":
        found = [build.wrong_program(task.language)]
        if "wrong_solution" in task.metadata:
            found.append(task.metadata["wrong_solution"])
        return found
    return [task.metadata["wrong_solution"]]


@pytest.fixture(scope="module")
def verdicts(tasks, tmp_path_factory):
    """One parallel verify_batch over every reference and every wrong program."""
    codes, owners = [], []
    for task in tasks:
        codes.append(task.reference_solution)
        owners.append((task, "reference"))
        for wrong in wrong_candidates(task):
            codes.append(wrong)
            owners.append((task, "wrong"))
    # The binary cache compiles the identical print-nothing program once per language, not per task.
    verifier = GCCVerifier(run_after_compile=True, cache=False,
                           binary_cache_dir=str(tmp_path_factory.mktemp("binaries")))
    try:
        results = verifier.verify_batch(codes, tasks=[task for task, _ in owners])
    finally:
        verifier.cleanup()
    return list(zip(owners, codes, results))


@pytest.mark.slow
def test_every_reference_passes_the_real_verifier(verdicts):
    failures = [f"{task.task_id}: {result.status} {result.details}"
                for (task, kind), _, result in verdicts
                if kind == "reference" and not (result.success and result.reward == 1.0 and result.status == "pass")]
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_references_compile_without_warnings(verdicts):
    noisy = [f"{task.task_id}: {result.metadata.get('compile_stderr', '')[:300]}"
             for (task, kind), _, result in verdicts if kind == "reference" and result.metadata.get("warnings")]
    assert not noisy, "\n".join(noisy)


@pytest.mark.slow
def test_trivially_wrong_programs_fail_every_task(verdicts, tasks):
    passed = [f"{task.task_id}: {result.details}\n{code}"
              for (task, kind), code, result in verdicts if kind == "wrong" and result.success]
    assert not passed, "\n".join(passed)
    checked = {task.task_id for (task, kind), _, _ in verdicts if kind == "wrong"}
    assert checked == {t.task_id for t in tasks}


def test_shipped_jsonl_is_current_with_tasksrc(tmp_path):
    built = build.build_tasks()
    build.write_outputs(built, tmp_path)
    for lang, path in BUNDLED.items():
        assert (tmp_path / f"{lang}.jsonl").read_text() == path.read_text(), \
            f"{path} is stale: run python tasksrc/build.py --check"
    page = build.DOCS_PAGE.read_text()
    assert build.docs_with_stats(page, build.stats_markdown(built)) == page, \
        "docs/bundled-tasks.md counts are stale: run python tasksrc/build.py"


def test_sets_are_big_and_varied_enough(tasks):
    by_lang = Counter(t.language for t in tasks)
    assert by_lang["c"] >= 150 and by_lang["cpp"] >= 50
    c_tasks = [t for t in tasks if t.language == "c"]
    assert {t.category for t in c_tasks} >= {"strings", "arithmetic", "arrays", "parsing", "bit_manipulation",
                                             "recursion", "simulation", "data_structures", "math", "sorting"}
    for task in tasks:
        if task.metadata["style"] == "stdio":
            assert len(task.tests) >= 3 and task.test_code is None, task.task_id
        else:
            assert not task.tests and build.count_checks(task.test_code) >= 3 and task.entry_point, task.task_id
    for lang in ("c", "cpp"):
        tiers = Counter(t.difficulty for t in tasks if t.language == lang)
        assert tiers["easy"] >= 0.3 * by_lang[lang] and tiers["hard"] >= 0.1 * by_lang[lang], (lang, tiers)
        styles = Counter(t.metadata["style"] for t in tasks if t.language == lang)
        assert min(styles.values()) >= 0.3 * by_lang[lang], (lang, styles)


def test_split_is_fixed_disjoint_and_stratified(tasks):
    sides = {"train": set(), "heldout": set()}
    prompts = {"train": set(), "heldout": set()}
    strata = {}
    for task in tasks:
        split = task.metadata["split"]
        sides[split].add(task.task_id)
        prompts[split].add(task.prompt)
        strata.setdefault((task.language, task.metadata["style"], task.difficulty), Counter())[split] += 1
    assert not sides["train"] & sides["heldout"]
    assert not prompts["train"] & prompts["heldout"], "the same prompt on both sides of the split"
    for stratum, counts in strata.items():
        assert counts["train"] and counts["heldout"], f"{stratum} is missing from a split: {counts}"
    for lang in ("c", "cpp"):
        n = sum(1 for t in tasks if t.language == lang)
        held = sum(1 for t in tasks if t.language == lang and t.metadata["split"] == "heldout")
        assert 0.2 <= held / n <= 0.35, (lang, held, n)
    # The split depends only on the ids: recomputing it gives the shipped assignment.
    keys = [(t.task_id, t.language, t.metadata["style"], t.difficulty) for t in tasks]
    assert build.assign_splits(keys) == {t.task_id: t.metadata["split"] for t in tasks}


def test_adding_a_task_moves_at_most_one_other_task():
    keys = [(f"c/task-{i}", "c", "stdio", "easy") for i in range(40)]
    before = build.assign_splits(keys)
    after = build.assign_splits(keys + [("c/a-new-task", "c", "stdio", "easy")])
    moved = [k for k in before if before[k] != after[k]]
    assert len(moved) <= 1
    assert Counter(after.values())["heldout"] == 11  # ceil(41 * 0.25)


def _write_module(directory, name, body):
    (directory / name).write_text(body)


def test_builder_reports_every_bad_entry_with_module_and_id(tmp_path):
    _write_module(tmp_path, "c_bad.py", r'''
TASKS = [
    {"id": "c/no-oracle", "style": "stdio", "category": "strings", "difficulty": "easy",
     "prompt": "Print it. Print nothing else.", "solution": "int main(void){return 0;}", "inputs": ["a", "b", "c"]},
    {"id": "c/few-inputs", "style": "stdio", "category": "strings", "difficulty": "easy",
     "prompt": "Print it. Print nothing else.", "solution": "x", "inputs": ["a"], "oracle": lambda s: s},
    {"id": "c/bad-tier", "style": "function", "category": "cooking", "difficulty": "trivial",
     "prompt": "Write f. Do not write main.", "solution": "int f(void){return 1;}", "entry_point": "f",
     "test_code": "CHECK(f() == 1); CHECK(1); CHECK(2); HALO_RESULT"},
    {"id": "c/few-checks", "style": "function", "category": "math", "difficulty": "easy",
     "prompt": "Write g.", "solution": "int g(void){return 1;}", "entry_point": "g",
     "test_code": "#define CHECK(c) c\nCHECK(g() == 1); CHECK(1);"},
    {"id": "cpp/wrong-prefix", "style": "stdio", "category": "strings", "difficulty": "easy",
     "prompt": "Print it.", "solution": "x", "inputs": ["a", "b", "c"], "oracle": lambda s: s},
]
''')
    _write_module(tmp_path, "c_dup.py", '''
TASKS = [{"id": "c/few-inputs", "style": "stdio", "category": "strings", "difficulty": "easy",
          "prompt": "Print it. Print nothing else.", "solution": "x", "inputs": ["a", "b", "c"],
          "oracle": lambda s: s}]
''')
    with pytest.raises(build.TaskSourceError) as info:
        build.load_entries(tmp_path)
    message = str(info.value)
    assert "c_bad.py: TASKS[0] (c/no-oracle): oracle: missing" in message
    assert "(c/few-inputs): inputs: expected a list of at least 3 strings" in message
    assert "(c/bad-tier): difficulty" in message and "(c/bad-tier): category" in message
    assert "(c/few-checks): test_code: expected at least 3 CHECK" in message
    assert "(c/few-checks): test_code: must print the HALO_RESULT" in message
    assert "(c/few-checks): prompt: must give the signature" in message
    assert "c/bad-tier): test_code" not in message
    assert "(cpp/wrong-prefix): id: expected a string starting with 'c/'" in message
    assert "(cpp/wrong-prefix): prompt: must say that nothing else may be printed" in message
    # c/few-inputs in c_bad.py was rejected, so the copy in c_dup.py is the first one: no duplicate error.
    assert "duplicate" not in message


def test_builder_rejects_duplicate_ids(tmp_path):
    entry = '''{"id": "c/same", "style": "stdio", "category": "strings", "difficulty": "easy",
     "prompt": "Print it. Print nothing else.", "solution": "x", "inputs": ["a", "b", "c"], "oracle": str}'''
    _write_module(tmp_path, "c_one.py", f"TASKS = [{entry}]\n")
    _write_module(tmp_path, "c_two.py", f"TASKS = [{entry}]\n")
    with pytest.raises(build.TaskSourceError, match=r"c_two.py: TASKS\[0\] \(c/same\): id: duplicate"):
        build.load_entries(tmp_path)


def test_builder_rejects_the_same_prompt_twice(tmp_path):
    entry = '''{"id": "c/ID", "style": "stdio", "category": "strings", "difficulty": "easy",
     "prompt": "Print it. Print nothing else.", "solution": "x", "inputs": ["a", "b", "c"], "oracle": str}'''
    _write_module(tmp_path, "c_one.py", f"TASKS = [{entry.replace('ID', 'first')}]\n")
    _write_module(tmp_path, "c_two.py", f"TASKS = [{entry.replace('ID', 'second')}]\n")
    with pytest.raises(build.TaskSourceError, match=r"\(c/second\): prompt: the same prompt as c/first"):
        build.load_entries(tmp_path)


def test_check_catches_a_wrong_reference_and_a_passing_wrong_answer(tasks):
    by_id = {t.task_id: t for t in tasks}
    stdio = by_id["c/sum-two-ints"]
    broken = dataclasses.replace(stdio, reference_solution=stdio.reference_solution.replace("a + b", "a - b"))
    assert any("reference fails on stdin" in p for p in build.check_task(broken))
    func = by_id["c/max-of-three"]
    swapped = dataclasses.replace(func, metadata={**func.metadata, "wrong_solution": func.reference_solution})
    assert any("wrong candidate passes" in p for p in build.check_task(swapped))
    assert build.check_task(func) == []


def test_stub_replaces_only_the_entry_point_body():
    solution = "static int helper(int x) { return x * 2; }\nint twice(int x) {\n    return helper(x);\n}\n"
    stub = build.make_stub(solution, "twice", "c")
    assert stub == "static int helper(int x) { return x * 2; }\nint twice(int x) { return 0; }\n"
    assert build.make_stub("void fill(int *a) { a[0] = 1; }\n", "fill", "c") == "void fill(int *a) { }\n"
    assert build.make_stub("std::string f() { return \"x\"; }\n", "f", "cpp") == "std::string f() { return {}; }\n"
    assert build.make_stub("int g(void) { return 1; }\n", "missing", "c") is None
