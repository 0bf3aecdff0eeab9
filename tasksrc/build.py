"""Build the bundled C/C++ task sets from the authoring modules in ``tasksrc/``.

    python tasksrc/build.py            # write halo_forge/data/bundled/{c,cpp}.jsonl + the docs stats block
    python tasksrc/build.py --check    # also compile and run every reference (and a wrong program) with gcc/g++
    python tasksrc/build.py --stats    # print the counts table (markdown)
    python tasksrc/build.py --out DIR  # write the JSONL files into DIR instead (used by the freshness test)

Every ``tasksrc/c_*.py`` and ``tasksrc/cpp_*.py`` module defines ``TASKS``, a list of dicts (format:
docs/bundled-tasks.md). The builder checks each entry, computes the expected stdout of stdio tests with the
entry's Python ``oracle`` (so the C/C++ reference is checked against an independent implementation), assigns
the fixed train / held-out split and writes Task records (halo_forge/tasks.py).

``--check`` runs our OWN reference solutions with the plain compilers, outside the sandbox: this is trusted
build-time code, never model output. The project verifier runs the same checks sandboxed in
tests/test_bundled_tasks.py.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import logging
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make halo_forge importable without installing
    sys.path.insert(0, str(REPO))

from halo_forge.tasks import Task, TestCase, write_tasks  # noqa: E402

SRC_DIR = Path(__file__).resolve().parent
OUT_DIR = REPO / "halo_forge" / "data" / "bundled"
DOCS_PAGE = REPO / "docs" / "bundled-tasks.md"
STATS_BEGIN = "<!-- BEGIN GENERATED STATS (python tasksrc/build.py) -->"
STATS_END = "<!-- END GENERATED STATS -->"

LANG_PREFIX = {"c": "c/", "cpp": "cpp/"}
STYLES = ("stdio", "function")
DIFFICULTIES = ("easy", "medium", "hard")
CATEGORIES = ("strings", "arithmetic", "arrays", "parsing", "bit_manipulation", "recursion", "simulation",
              "data_structures", "math", "sorting", "searching", "dynamic_programming", "geometry",
              "pointers", "memory", "classes", "templates", "stl")
REQUIRED = {"stdio": {"id", "style", "category", "difficulty", "prompt", "solution", "inputs", "oracle"},
            "function": {"id", "style", "category", "difficulty", "prompt", "solution", "entry_point",
                         "test_code"}}
OPTIONAL = {"wrong"}
MIN_TESTS = 3
# Held-out share per stratum (language, style, difficulty); see assign_splits for why it is rank based.
HELDOUT_FRACTION = 0.25
COMPILERS = {"c": ["gcc", "-std=gnu17"], "cpp": ["g++", "-std=c++17"]}
WARN_FLAGS = ["-O1", "-Wall", "-Wextra"]
RUN_TIMEOUT_S = 2.0  # the format promises every program finishes well under 1 s
SLOW_ORACLE_S = 1.0  # every build (and the freshness test) runs every oracle: keep them fast
HARNESS_RESULT = re.compile(r"^HALO_RESULT (\d+) (\d+)\s*$")


log = logging.getLogger("tasksrc.build")


class TaskSourceError(Exception):
    """A problem in an authoring module; the message names the module and task id."""


# ---------------------------------------------------------------- loading and checking the sources

def source_modules(src_dir: Path = SRC_DIR) -> list[tuple[str, Path]]:
    """``[(language, path)]`` of every authoring module, in a stable order."""
    found = [("c", p) for p in sorted(src_dir.glob("c_*.py"))]
    found += [("cpp", p) for p in sorted(src_dir.glob("cpp_*.py"))]
    return found


def load_module_tasks(path: Path) -> list[dict]:
    spec = importlib.util.spec_from_file_location(f"tasksrc_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tasks = getattr(module, "TASKS", None)
    if not isinstance(tasks, list):
        raise TaskSourceError(f"{path.name}: defines no TASKS list")
    return tasks


def count_checks(test_code: str) -> int:
    """Number of ``CHECK(`` uses in a harness, not counting the macro's own definition."""
    return len(re.findall(r"\bCHECK\s*\(", test_code)) - len(re.findall(r"#\s*define\s+CHECK\s*\(", test_code))


def entry_problems(entry: dict, language: str) -> list[str]:
    """Every problem of one authoring entry (empty when it is fine)."""
    if not isinstance(entry, dict):
        return ["expected a dict"]
    style = entry.get("style")
    if style not in STYLES:
        return [f"style: expected one of {', '.join(STYLES)}, got {style!r}"]
    problems = [f"{key}: missing" for key in sorted(REQUIRED[style] - entry.keys())]
    problems += [f"{key}: unknown key" for key in sorted(entry.keys() - REQUIRED[style] - OPTIONAL)]
    for key in ("prompt", "solution", "test_code", "entry_point", "wrong"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{key}: expected a non-empty string")
    if problems:  # the checks below read these keys
        return problems
    task_id = entry.get("id")
    if not isinstance(task_id, str) or not task_id.startswith(LANG_PREFIX[language]):
        problems.append(f"id: expected a string starting with {LANG_PREFIX[language]!r}, got {task_id!r}")
    if entry.get("difficulty") not in DIFFICULTIES:
        problems.append(f"difficulty: expected one of {', '.join(DIFFICULTIES)}, got {entry.get('difficulty')!r}")
    if entry.get("category") not in CATEGORIES:
        problems.append(f"category: expected one of {', '.join(CATEGORIES)}, got {entry.get('category')!r}")
    prompt = entry["prompt"]
    if style == "stdio":
        inputs = entry["inputs"]
        if not isinstance(inputs, list) or len(inputs) < MIN_TESTS or not all(isinstance(s, str) for s in inputs):
            problems.append(f"inputs: expected a list of at least {MIN_TESTS} strings")
        elif len(set(inputs)) != len(inputs):
            problems.append("inputs: duplicate input")
        if not callable(entry["oracle"]):
            problems.append("oracle: expected a function stdin -> stdout")
        if "nothing else" not in prompt.lower():
            problems.append("prompt: must say that nothing else may be printed")
    else:
        if count_checks(entry["test_code"]) < MIN_TESTS:
            problems.append(f"test_code: expected at least {MIN_TESTS} CHECK(...) uses")
        if "HALO_RESULT" not in entry["test_code"]:
            problems.append("test_code: must print the HALO_RESULT <passed> <total> line")
        if entry["entry_point"] not in prompt or "main" not in prompt:
            problems.append("prompt: must give the signature of the entry point and say not to write main")
    return problems


def expected_outputs(entry: dict) -> list[str]:
    """The oracle's stdout for each input; the oracle is independent of the C/C++ reference."""
    outputs = []
    for stdin in entry["inputs"]:
        start = time.monotonic()
        out = entry["oracle"](stdin)
        seconds = time.monotonic() - start
        if seconds > SLOW_ORACLE_S:
            log.warning("%s: the oracle took %.1f s on input %r; every build runs it, please make it faster",
                        entry["id"], seconds, stdin[:40])
        if not isinstance(out, str):
            raise TaskSourceError(f"{entry['id']}: oracle returned {type(out).__name__} for input {stdin!r}")
        outputs.append(out)
    if not any(out.strip() for out in outputs):
        # An empty expected output on every test would let a program that prints nothing pass.
        raise TaskSourceError(f"{entry['id']}: every expected output is empty")
    return outputs


def load_entries(src_dir: Path = SRC_DIR) -> list[tuple[str, dict]]:
    """``[(language, entry)]`` of every task in ``tasksrc/``; raises TaskSourceError listing all problems."""
    entries: list[tuple[str, dict]] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    prompts: dict[str, str] = {}  # a task written twice would also leak across the split
    for language, path in source_modules(src_dir):
        for index, entry in enumerate(load_module_tasks(path)):
            where = f"{path.name}: TASKS[{index}] ({entry.get('id') if isinstance(entry, dict) else '?'})"
            found = entry_problems(entry, language)
            if not found and entry["id"] in seen:
                found = [f"id: duplicate (also in {seen[entry['id']]})"]
            if not found and entry["prompt"] in prompts:
                found = [f"prompt: the same prompt as {prompts[entry['prompt']]}"]
            if found:
                problems += [f"{where}: {p}" for p in found]
                continue
            seen[entry["id"]] = path.name
            prompts[entry["prompt"]] = entry["id"]
            entries.append((language, entry))
    if problems:
        raise TaskSourceError("\n".join(problems))
    return entries


# ---------------------------------------------------------------- the split

def id_hash(task_id: str) -> str:
    return hashlib.sha256(task_id.encode("utf-8")).hexdigest()


def assign_splits(keys: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """``{task_id: "train" | "heldout"}`` from ``[(task_id, language, style, difficulty)]``.

    Within each stratum (language, style, difficulty) the ceil(25%) tasks with the smallest sha256 of their
    id are held out. It depends only on the ids, so it is the same on every machine and in every build; a
    plain hash threshold would be even more stable but could leave a small stratum (a dozen hard C++
    function tasks) with no held-out task at all. Adding a task to a stratum moves at most one other task.
    """
    strata: dict[tuple[str, str, str], list[str]] = {}
    for task_id, language, style, difficulty in keys:
        strata.setdefault((language, style, difficulty), []).append(task_id)
    split = {}
    for ids in strata.values():
        ranked = sorted(ids, key=id_hash)
        n_heldout = math.ceil(len(ranked) * HELDOUT_FRACTION) if len(ranked) > 1 else 0
        for rank, task_id in enumerate(ranked):
            split[task_id] = "heldout" if rank < n_heldout else "train"
    return split


# ---------------------------------------------------------------- Task records

def make_stub(solution: str, entry_point: str, language: str) -> str | None:
    """The reference with the entry point's body replaced by ``return 0``/``{}``: a trivially wrong answer."""
    pattern = re.compile(r"(?m)^(?P<ret>[^\n;{}()#]*?)\b" + re.escape(entry_point) + r"\s*\([^)]*\)\s*\{")
    match = pattern.search(solution)
    if not match:
        return None
    depth, pos = 0, match.end() - 1
    for pos in range(match.end() - 1, len(solution)):
        depth += {"{": 1, "}": -1}.get(solution[pos], 0)
        if depth == 0:
            break
    else:
        return None
    ret = re.sub(r"\b(static|inline|extern|constexpr)\b", "", match.group("ret")).strip()
    if ret == "void":
        body = "{ }"
    else:
        body = "{ return {}; }" if language == "cpp" else "{ return 0; }"
    return solution[:match.end() - 1] + body + solution[pos + 1:]


def wrong_program(language: str) -> str:
    """A complete program that prints nothing: the trivially wrong answer to a stdio task."""
    return "int main(void) { return 0; }\n" if language == "c" else "int main() { return 0; }\n"


def to_task(language: str, entry: dict, split: str) -> Task:
    metadata = {"style": entry["style"], "split": split, "source": "halo-forge bundled"}
    if entry["style"] == "stdio":
        tests = [TestCase(stdin=s, expected_stdout=o) for s, o in zip(entry["inputs"], expected_outputs(entry))]
        if "wrong" in entry:
            metadata["wrong_solution"] = entry["wrong"]
        return Task(task_id=entry["id"], prompt=entry["prompt"], language=language, tests=tests,
                    reference_solution=entry["solution"], category=entry["category"],
                    difficulty=entry["difficulty"], metadata=metadata)
    # Function style: the harness alone decides (its HALO_RESULT line and exit code), so the task carries
    # no stdin/stdout tests; an expected_stdout here would have to duplicate the harness output.
    wrong = entry.get("wrong") or make_stub(entry["solution"], entry["entry_point"], language)
    if wrong is None:
        raise TaskSourceError(f"{entry['id']}: cannot find the definition of {entry['entry_point']} in the "
                              "solution to build a wrong stub; give a 'wrong' candidate")
    metadata["wrong_solution"] = wrong
    return Task(task_id=entry["id"], prompt=entry["prompt"], language=language, test_code=entry["test_code"],
                entry_point=entry["entry_point"], reference_solution=entry["solution"],
                category=entry["category"], difficulty=entry["difficulty"], metadata=metadata)


def build_tasks(src_dir: Path = SRC_DIR) -> dict[str, list[Task]]:
    """``{"c": [...], "cpp": [...]}``: every bundled task, sorted by id."""
    entries = load_entries(src_dir)
    split = assign_splits([(e["id"], lang, e["style"], e["difficulty"]) for lang, e in entries])
    out: dict[str, list[Task]] = {"c": [], "cpp": []}
    for language, entry in sorted(entries, key=lambda le: le[1]["id"]):
        out[language].append(to_task(language, entry, split[entry["id"]]))
    return out


def write_outputs(tasks: dict[str, list[Task]], out_dir: Path) -> list[Path]:
    paths = []
    for language, items in tasks.items():
        path = out_dir / f"{language}.jsonl"
        write_tasks(path, items)
        paths.append(path)
    return paths


# ---------------------------------------------------------------- stats

def _table(tasks: list[Task], row_key, row_name: str, rows: list[str]) -> list[str]:
    cols = [f"{st}/{d}" for st in STYLES for d in DIFFICULTIES]
    counts = Counter((row_key(t), f"{t.metadata['style']}/{t.difficulty}") for t in tasks)
    lines = [f"| {row_name} | " + " | ".join(cols) + " | total |", "|---" * (len(cols) + 2) + "|"]
    for row in rows:
        cells = [counts[(row, c)] for c in cols]
        if sum(cells):
            lines.append(f"| {row} | " + " | ".join(str(c) for c in cells) + f" | {sum(cells)} |")
    totals = [sum(counts[(r, c)] for r in rows) for c in cols]
    lines.append("| **total** | " + " | ".join(str(c) for c in totals) + f" | {sum(totals)} |")
    return lines


def stats_markdown(tasks: dict[str, list[Task]]) -> str:
    """Counts by category, style/difficulty and split, per language, as markdown tables."""
    out = []
    for language, items in tasks.items():
        if not items:
            continue
        out += [f"#### {language.upper() if language == 'c' else 'C++'}: {len(items)} tasks "
                f"(`halo_forge/data/bundled/{language}.jsonl`)", ""]
        out += _table(items, lambda t: t.category, "category", list(CATEGORIES)) + [""]
        out += _table(items, lambda t: t.metadata["split"], "split", ["train", "heldout"]) + [""]
    return "\n".join(out).rstrip() + "\n"


def docs_with_stats(page_text: str, stats: str) -> str:
    """The docs page with its generated block replaced by ``stats``."""
    start, end = page_text.find(STATS_BEGIN), page_text.find(STATS_END)
    if start < 0 or end < start:
        raise TaskSourceError(f"{DOCS_PAGE}: missing the {STATS_BEGIN} ... {STATS_END} markers")
    return page_text[:start] + STATS_BEGIN + "\n" + stats + page_text[end:]


# ---------------------------------------------------------------- --check: compile and run with gcc/g++

def compile_and_run(source: str, language: str, stdins: list[str], workdir: Path,
                    flags: list[str]) -> tuple[str | None, list[tuple[int, str]]]:
    """Compile ``source``; returns (compiler diagnostics or None when it failed, [(exit code, stdout)])."""
    suffix = ".c" if language == "c" else ".cpp"
    src, exe = workdir / f"prog{suffix}", workdir / "prog"
    src.write_text(source, encoding="utf-8")
    proc = subprocess.run(COMPILERS[language] + flags + [str(src), "-o", str(exe), "-lm"],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return None, [(-1, proc.stderr)]
    runs = []
    for stdin in stdins:
        try:
            run = subprocess.run([str(exe)], input=stdin, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
            runs.append((run.returncode, run.stdout))
        except subprocess.TimeoutExpired:
            runs.append((-9, "<timeout>"))
    return proc.stderr, runs


def normalize_output(text: str) -> str:
    """The format's comparison: trailing whitespace per line and trailing blank lines do not count."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def harness_passed(code: int, stdout: str) -> bool:
    lines = stdout.strip().splitlines()
    match = HARNESS_RESULT.match(lines[-1]) if lines else None
    return code == 0 and match is not None and match.group(1) == match.group(2) and int(match.group(2)) > 0


def check_task(task: Task) -> list[str]:
    """Problems found by compiling and running one task's reference and its wrong answers."""
    problems = []
    style = task.metadata["style"]
    with tempfile.TemporaryDirectory(prefix="halo-tasksrc-") as tmp:
        work = Path(tmp)
        if style == "stdio":
            stdins = [t.stdin for t in task.tests]
            diag, runs = compile_and_run(task.reference_solution, task.language, stdins, work, WARN_FLAGS)
            if diag is None:
                return [f"reference does not compile:\n{runs[0][1]}"]
            if diag.strip():
                problems.append(f"reference compiles with warnings:\n{diag}")
            for test, (code, out) in zip(task.tests, runs):
                if code != 0 or normalize_output(out) != normalize_output(test.expected_stdout):
                    problems.append(f"reference fails on stdin {test.stdin!r}: exit {code}, got {out!r}, "
                                    f"oracle says {test.expected_stdout!r}")
            wrongs = [wrong_program(task.language)] + [w for w in [task.metadata.get("wrong_solution")] if w]
            for wrong in wrongs:
                diag, runs = compile_and_run(wrong, task.language, stdins, work, [])
                if diag is not None and all(code == 0 and normalize_output(out) == normalize_output(t.expected_stdout)
                                            for t, (code, out) in zip(task.tests, runs)):
                    problems.append(f"a wrong program passes every test:\n{wrong}")
        else:
            source = task.reference_solution + "\n" + task.test_code
            diag, runs = compile_and_run(source, task.language, [""], work, WARN_FLAGS)
            if diag is None:
                return [f"reference + harness do not compile:\n{runs[0][1]}"]
            if diag.strip():
                problems.append(f"reference + harness compile with warnings:\n{diag}")
            if not harness_passed(*runs[0]):
                problems.append(f"reference fails its harness: exit {runs[0][0]}, output {runs[0][1]!r}")
            wrong = task.metadata["wrong_solution"]
            diag, runs = compile_and_run(wrong + "\n" + task.test_code, task.language, [""], work, [])
            if diag is not None and harness_passed(*runs[0]):
                problems.append(f"the wrong candidate passes the harness:\n{wrong}")
    return problems


def check_all(tasks: dict[str, list[Task]], workers: int | None = None) -> list[str]:
    flat = [t for items in tasks.values() for t in items]
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        results = list(pool.map(check_task, flat))
    return [f"{t.task_id}: {p}" for t, found in zip(flat, results) for p in found]


# ---------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compile and run every reference with gcc/g++")
    parser.add_argument("--stats", action="store_true", help="print the counts tables and exit")
    parser.add_argument("--out", type=Path, help="write the JSONL files here (docs page left alone)")
    parser.add_argument("--only", help="with --check: only task ids containing this text")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        tasks = build_tasks()
        if args.stats:
            print(stats_markdown(tasks), end="")
            return 0
        if args.check:
            subset = {lang: [t for t in items if not args.only or args.only in t.task_id]
                      for lang, items in tasks.items()}
            problems = check_all(subset)
            for problem in problems:
                print(problem, file=sys.stderr)
            checked = sum(len(v) for v in subset.values())
            print(f"checked {checked} tasks: {len(problems)} problem(s)", file=sys.stderr)
            if problems:
                return 1
        for path in write_outputs(tasks, args.out or OUT_DIR):
            print(f"wrote {path}", file=sys.stderr)
        if args.out is None:
            page = DOCS_PAGE.read_text(encoding="utf-8")
            new_page = docs_with_stats(page, stats_markdown(tasks))
            if new_page != page:
                DOCS_PAGE.write_text(new_page, encoding="utf-8")
                print(f"updated {DOCS_PAGE}", file=sys.stderr)
    except TaskSourceError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
