"""Verification throughput: bare gcc + run vs. the sandboxed verifier vs. a corpus with duplicates.

    .venv/bin/python bench/verify_throughput.py [--samples 500] [--repeats 3] [--workers N]

A corpus of distinct small C programs (about 60% correct, 25% wrong answers, 15% compile errors), each
with two stdin tests, is verified three ways at the same parallelism:

  (a) bare:      gcc + run per test in a temp dir, no sandbox, no limits — the floor of this machine;
  (b) sandboxed: GCCVerifier(run_after_compile=True).verify_batch — compiler and program in bubblewrap;
  (c) dupes:     (b) on a corpus of the same size where every program appears twice (50% duplicates),
                 with a fresh result cache, so duplicates are verified once.

The three alternate chunk by chunk (``--chunk``), so load from other jobs on the machine hits them alike.

Prints the median samples/s of each over ``--repeats`` runs and the ratios (goals: b/a >= 0.8, c/b ~ 2),
and checks that (a) and (b) agree on every sample's verdict.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from halo_forge import sandbox  # noqa: E402
from halo_forge.rlvr.verifiers import GCCVerifier, ResultCache  # noqa: E402
from halo_forge.rlvr.verifiers.execution import outputs_match  # noqa: E402
from halo_forge.tasks import Task, TestCase  # noqa: E402

TEMPLATE = """#include <stdio.h>
static long combine_{i}(long a, long b) {{ return a * {k} + b{bug}; }}
int main(void) {{
    long a, b;
    if (scanf("%ld %ld", &a, &b) != 2) return 1;
    printf("%ld\\n", combine_{i}(a, b)){semi}
    return 0;
}}
"""


def make_corpus(n: int, seed: int = 0) -> list[tuple[str, Task]]:
    """``n`` distinct programs with their tasks: correct, wrong (off by one) or not compiling."""
    rng = random.Random(seed)
    corpus = []
    for i in range(n):
        k = 3 + i
        kind = rng.choices(["correct", "wrong", "broken"], weights=[60, 25, 15])[0]
        code = TEMPLATE.format(i=i, k=k, bug=" + 1" if kind == "wrong" else "",
                               semi="" if kind == "broken" else ";")
        tests = [TestCase(stdin=f"{a} {b}\n", expected_stdout=f"{a * k + b}\n")
                 for a, b in ((2, 5), (-7, 11))]
        task = Task(task_id=f"bench/{i}", prompt="bench", language="c", tests=tests)
        corpus.append((f"```c\n{code}```\n", task))
    return corpus


def bare_verdict(verifier: GCCVerifier, completion: str, task: Task) -> bool:
    """Compile and run without any sandbox: what the machine can do at best."""
    code = completion.split("```c\n", 1)[1].rsplit("```", 1)[0]
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as work:
        (Path(work) / "solution.c").write_text(code)
        build = subprocess.run(verifier.compile_argv("c"), cwd=work, capture_output=True)
        if build.returncode != 0:
            return False
        for test in task.tests:
            run = subprocess.run(["./solution"], cwd=work, input=test.stdin.encode(), capture_output=True,
                                 timeout=verifier.run_timeout)
            if run.returncode != 0 or not outputs_match(run.stdout.decode(), test.expected_stdout):
                return False
    return True


def run_bare(verifier: GCCVerifier, corpus, workers: int) -> tuple[float, list[bool]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        verdicts = list(pool.map(lambda item: bare_verdict(verifier, *item), corpus))
    return time.perf_counter() - start, verdicts


def run_ours(verifier: GCCVerifier, corpus) -> tuple[float, list[bool]]:
    start = time.perf_counter()
    results = verifier.verify_batch([c for c, _ in corpus], tasks=[t for _, t in corpus])
    return time.perf_counter() - start, [r.success for r in results]


def with_duplicates(chunk: list, seed: int) -> list:
    """A chunk of the same size in which every program appears twice (50% duplicates), shuffled."""
    half = chunk[: len(chunk) // 2]
    dupes = half + half
    random.Random(seed).shuffle(dupes)
    return dupes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk", type=int, default=50,
                        help="samples per chunk; the modes alternate chunk by chunk")
    args = parser.parse_args()

    corpus = make_corpus(args.samples)
    # The modes alternate chunk by chunk, so a change in the machine's load hits all three alike.
    chunks = [corpus[i:i + args.chunk] for i in range(0, len(corpus), args.chunk)]
    print(f"verify_throughput: {args.samples} C programs x 2 stdin tests, {args.workers} workers, "
          f"{args.repeats} repeats, chunks of {args.chunk}, sandbox mode {sandbox.sandbox_mode()}, "
          f"{load()}")

    rates: dict[str, list[float]] = {"a": [], "b": [], "c": []}
    with GCCVerifier(run_after_compile=True, max_workers=args.workers) as verifier:
        warm = corpus[: args.workers * 2]
        verifier.verify_batch([c for c, _ in warm], tasks=[t for _, t in warm])  # start the workers
        for repeat in range(args.repeats):
            seconds = dict.fromkeys(rates, 0.0)
            bare, ours = [], []
            for index, chunk in enumerate(chunks):
                took, verdicts = run_bare(verifier, chunk, args.workers)
                seconds["a"] += took
                bare += verdicts
                verifier.cache = ResultCache()  # nothing cached from earlier chunks or repeats
                took, verdicts = run_ours(verifier, chunk)
                seconds["b"] += took
                ours += verdicts
                verifier.cache = ResultCache()
                took, _ = run_ours(verifier, with_duplicates(chunk, seed=index))
                seconds["c"] += took
            for mode in rates:
                rates[mode].append(len(corpus) / seconds[mode])
            disagree = sum(x != y for x, y in zip(bare, ours))
            print(f"  repeat {repeat + 1}: a {rates['a'][-1]:.1f}/s  b {rates['b'][-1]:.1f}/s  "
                  f"c {rates['c'][-1]:.1f}/s  b/a {rates['b'][-1] / rates['a'][-1]:.2f}  verdicts a vs b "
                  f"disagree on {disagree}; passed {sum(ours)}/{len(ours)}; {load()}")
            if disagree:
                print("verify_throughput: bare and sandboxed verdicts differ", file=sys.stderr)
                return 1
    med = {k: statistics.median(v) for k, v in rates.items()}
    print()
    print("| run | samples/s (median) | ratio |")
    print("|---|---|---|")
    print(f"| (a) bare gcc + run, no sandbox | {med['a']:.1f} | 1.00 |")
    print(f"| (b) GCCVerifier, sandboxed | {med['b']:.1f} | b/a = {med['b'] / med['a']:.2f} |")
    print(f"| (c) sandboxed, 50% duplicates | {med['c']:.1f} | c/b = {med['c'] / med['b']:.2f} |")
    print(f"\n{os.cpu_count()} cores; {load()} (other jobs on the machine slow all three alike)")
    return 0


def load() -> str:
    """The machine's load average: these numbers mean little without it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


if __name__ == "__main__":
    sys.exit(main())
