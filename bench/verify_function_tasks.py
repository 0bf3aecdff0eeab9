"""Per-sample cost of verifying function-style tasks (a ``test_code`` harness) with GCCVerifier.

    .venv/bin/python bench/verify_function_tasks.py [--language c|cpp] [--limit 30] [--workers 2] [--root DIR]

Verifies the reference solutions of the first ``--limit`` bundled function-style tasks of a language in
one ``verify_batch`` (result cache off, workers started before the clock) and prints milliseconds per
sample and how many passed. ``--root`` imports halo_forge and reads the tasks from another checkout, so
two builds can be compared by alternating runs on the same machine (docs/sandbox.md, "Reward integrity").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("c", "cpp"), default="c")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from halo_forge.rlvr.verifiers import GCCVerifier
    from halo_forge.tasks import read_tasks

    tasks = [t for t in read_tasks(args.root / "halo_forge" / "data" / "bundled" / f"{args.language}.jsonl")
             if t.test_code][: args.limit]
    with GCCVerifier(run_after_compile=True, cache=False, max_workers=args.workers) as verifier:
        verifier.verify_batch(["```c\nint x;\n```"] * args.workers, tasks=[None] * args.workers)  # start workers
        start = time.perf_counter()
        results = verifier.verify_batch([t.reference_solution for t in tasks], tasks=tasks)
        seconds = time.perf_counter() - start
    passed = sum(r.status == "pass" for r in results)
    print(f"{args.language}: {len(tasks)} function-style references, {args.workers} workers: "
          f"{seconds / len(tasks) * 1000:.0f} ms/sample, {passed}/{len(tasks)} passed")


if __name__ == "__main__":
    main()
