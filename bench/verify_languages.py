"""Per-sample cost of the Python, Rust and Go verifiers' build/run choices vs the obvious baselines.

    .venv/bin/python bench/verify_languages.py                 # about 2 minutes on 2 cores
    .venv/bin/python bench/verify_languages.py --repeats 5 --humaneval 30

Everything runs in the real sandbox, one sample at a time in this process (no pool), alternating
baseline and ours on every repeat; the script prints per-variant medians (seconds per sample) and ratios.

* HumanEval: ours runs the candidate and its ``check`` in a fresh ``python3 -I -B -S`` with the small
  runner (:func:`run_python_tests`, mode ``asserts``); the baseline runs the same check as a one-test pytest
  file (``PytestVerifier``'s runner, pytest per sample).
* Rust: ours is one ``rustc`` with ``-C prefer-dynamic`` (+ rpath to the shared libstd); the baseline is
  the same ``rustc`` call linking libstd statically (rustc's default).
* Go: ours is ``go tool compile`` + ``go tool link`` against the prebuilt std; the baseline is ``go build``
  with a fresh cache per sample (a work dir is fresh per sample, so a cache inside it is always cold).
"""

from __future__ import annotations

import argparse
import statistics
import time

from halo_forge import sandbox
from halo_forge.rlvr.verifiers.python_tests import run_python_tests
from halo_forge.rlvr.verifiers.rust_go import GO_ENV, rust_libdir

RUST = ("use std::io::Read;\nfn main() {\n    let mut s = String::new();\n"
        "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
        "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n"
        "    println!(\"{}\", v.iter().sum::<i64>());\n}\n")
GO = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar a, b int\n\tfmt.Scan(&a, &b)\n\tfmt.Println(a + b)\n}\n"


def timed_build(argvs: list[list[str]], name: str, source: str, env: dict | None = None) -> float:
    limits = sandbox.Limits(timeout=120, memory_mb=2048)
    with sandbox.work_dir() as work:
        (work / name).write_text(source)
        start = time.monotonic()
        for argv in argvs:
            result = sandbox.run(argv, work, limits=limits, env=env)
            if result.returncode != 0:
                raise RuntimeError(f"{argv}: {result.describe()}: {result.stderr[-500:]}")
        return time.monotonic() - start


def humaneval_pair(tasks) -> tuple[float, float]:
    """Seconds per sample over ``tasks``: (pytest per sample, our asserts runner)."""
    limits = sandbox.Limits(timeout=60, memory_mb=512)
    times = {"pytest": 0.0, "asserts": 0.0}
    for task in tasks:
        pytest_file = f"{task.test_code.rsplit('check(', 1)[0]}\n\ndef test_check():\n    check({task.entry_point})\n"
        for mode, tests in (("pytest", "from solution import *\n" + pytest_file), ("asserts", task.test_code)):
            start = time.monotonic()
            result = run_python_tests(task.reference_solution, tests, mode, limits)
            times[mode] += time.monotonic() - start
            if not result.success:
                raise RuntimeError(f"{task.task_id} ({mode}): {result.details}")
    return times["pytest"] / len(tasks), times["asserts"] / len(tasks)


def report(name: str, baseline: list[float], ours: list[float], labels: tuple[str, str]) -> None:
    b, o = statistics.median(baseline), statistics.median(ours)
    print(f"{name:10} {labels[0]:34} {b:7.3f} s/sample   {labels[1]:34} {o:7.3f} s/sample   "
          f"speed-up {b / o:4.2f}x   (runs: {[round(x, 3) for x in baseline]} vs {[round(x, 3) for x in ours]})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--humaneval", type=int, default=10, help="HumanEval problems per repeat")
    args = parser.parse_args()
    sandbox.init_worker()
    from halo_forge.data.humaneval import load_humaneval
    tasks = load_humaneval()[:args.humaneval]
    libdir = rust_libdir()
    rust_static = [["rustc", "--edition", "2021", "-C", "debuginfo=0", "-C", "opt-level=1", "-o", "m", "m.rs"]]
    rust_dynamic = [rust_static[0][:-3] + ["-C", "prefer-dynamic", "-C", f"link-args=-Wl,-rpath,{libdir}",
                                           "-o", "m", "m.rs"]]
    go_build = [["go", "build", "-o", "m", "m.go"]]
    go_tool = [["go", "tool", "compile", "-p", "main", "-o", "m.o", "m.go"], ["go", "tool", "link", "-o", "m", "m.o"]]
    results: dict[str, tuple[list[float], list[float]]] = {"humaneval": ([], []), "rust": ([], []), "go": ([], [])}
    vet: list[float] = []           # GoVerifier(vet=True) adds this to every sample
    for _ in range(args.repeats):
        baseline, ours = humaneval_pair(tasks)
        results["humaneval"][0].append(baseline)
        results["humaneval"][1].append(ours)
        results["rust"][0].append(timed_build(rust_static, "m.rs", RUST))
        results["rust"][1].append(timed_build(rust_dynamic, "m.rs", RUST))
        results["go"][0].append(timed_build(go_build, "m.go", GO, GO_ENV))
        results["go"][1].append(timed_build(go_tool, "m.go", GO, GO_ENV))
        vet.append(timed_build([["go", "vet", "m.go"]], "m.go", GO, GO_ENV))
    print(f"sandbox: {sandbox.describe_mode()}")
    report("humaneval", *results["humaneval"], ("pytest per sample", "python3 -I -S runner (asserts)"))
    report("rust", *results["rust"], ("rustc, static libstd", "rustc -C prefer-dynamic"))
    report("go", *results["go"], ("go build, cold cache", "go tool compile + link"))
    print(f"{'go vet':10} extra per sample with vet=True: {statistics.median(vet):.3f} s "
          f"(runs: {[round(x, 3) for x in vet]})")


if __name__ == "__main__":
    main()
