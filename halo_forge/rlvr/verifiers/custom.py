"""``SubprocessVerifier``: any command as a verifier, run in the sandbox, never through a shell.

>>> SubprocessVerifier(command=["python3", "-m", "py_compile", "{file}"], language="python")  # doctest: +SKIP

Placeholders, substituted inside each argument (one pass, so code containing ``{file}`` stays literal):

* ``{file}``: the path (inside the sandbox) of a file holding the extracted code, named ``solution.<ext>``
  after the language (``file_name`` overrides);
* ``{code}``: the extracted code itself, as one argument;
* ``{output}``: the model's raw completion, as one argument.

The argv goes to :func:`halo_forge.sandbox.run` as a list: ``;``, ``$(...)`` or quotes in the code are
plain characters. The command sees only what the sandbox shows (``/usr``, the work dir); a checker
script of your own goes in ``binds`` (read-only, same path inside). An exit code in ``success_codes``
is a pass (1.0); any other is ``wrong_answer`` with ``failure_reward`` (0.0 by default: the command's
verdict is binary); running past ``timeout`` is ``timeout`` with the same reward.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from halo_forge import sandbox
from halo_forge.rlvr.rewards import Status
from halo_forge.rlvr.verifiers.base import ResultCache, Verifier, VerifyResult, as_task, extraction_failure
from halo_forge.tasks import Task

EXTENSIONS = {"c": "c", "cpp": "cpp", "python": "py", "rust": "rs", "go": "go"}
_PLACEHOLDER = re.compile(r"\{(file|code|output)\}")


def substitute(argv: Sequence[str], values: dict[str, str]) -> list[str]:
    """``{file}``, ``{code}``, ``{output}`` replaced in every argument, in one pass."""
    return [_PLACEHOLDER.sub(lambda m: values[m.group(1)], str(arg)) for arg in argv]


class SubprocessVerifier(Verifier):
    """Run ``command`` (a list of arguments with placeholders) on each completion; see the module doc.

    ``language``: which code block to extract (the task's language wins); ``extract=False`` uses the
    completion as it is for ``{file}`` and ``{code}``.
    """

    def __init__(self, command: Sequence[str], success_codes: Sequence[int] = (0,), timeout: float = 30.0,
                 language: str | None = None, extract: bool = True, file_name: str | None = None,
                 failure_reward: float = 0.0, memory_limit_mb: int = 512, binds: Sequence[str] = (),
                 env: dict[str, str] | None = None, max_workers: int | None = None,
                 cache: ResultCache | None | bool = None):
        super().__init__(max_workers=max_workers, cache=cache)
        if isinstance(command, str) or not command or not all(isinstance(a, str) for a in command):
            raise ValueError("command: expected a non-empty list of strings (no shell: one item per "
                             f"argument), got {command!r}")
        if timeout <= 0:
            raise ValueError(f"timeout: expected positive seconds, got {timeout}")
        if not 0.0 <= failure_reward < 1.0:
            raise ValueError(f"failure_reward: expected a number in [0, 1), got {failure_reward}")
        if file_name is not None and (Path(file_name).name != file_name or file_name.startswith(".")):
            raise ValueError(f"file_name: expected a plain file name, got {file_name!r}")
        missing = [b for b in binds if not Path(b).exists()]
        if missing:
            raise ValueError(f"binds: {missing[0]} does not exist")
        self.command = list(command)
        self.success_codes = sorted({int(c) for c in success_codes})
        self.timeout = float(timeout)
        self.language = language
        self.extract = extract
        self.file_name = file_name
        self.failure_reward = float(failure_reward)
        self.memory_limit_mb = memory_limit_mb
        self.binds = [str(Path(b).resolve()) for b in binds]
        self.env = dict(env or {})

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "command": self.command, "success_codes": self.success_codes,
                "timeout": self.timeout, "language": self.language, "extract": self.extract,
                "file_name": self.file_name, "failure_reward": self.failure_reward,
                "memory_limit_mb": self.memory_limit_mb, "binds": self.binds, "env": self.env}

    def check(self, code: str, task: Task | None) -> VerifyResult:
        task = as_task(task)
        language = task.language if task is not None and task.language else self.language
        program = self.extract_program(code, language) if self.extract else code
        if program is None or not program.strip():
            return extraction_failure(language)
        name = self.file_name or f"solution.{EXTENSIONS.get(language or '', 'txt')}"
        limits = sandbox.Limits(timeout=self.timeout, memory_mb=self.memory_limit_mb)
        with sandbox.work_dir() as work:
            (work / name).write_text(program, encoding="utf-8")
            argv = substitute(self.command, {"file": f"{sandbox.INSIDE_WORK}/{name}", "code": program,
                                             "output": code})
            result = sandbox.run(argv, work, limits=limits, env=self.env, ro_binds=self.binds)
        meta = {"returncode": result.returncode, "run_seconds": round(result.duration, 4),
                "stdout": result.stdout[-2000:], "stderr": result.stderr[-2000:]}
        if result.returncode is not None and result.returncode in self.success_codes and not result.memory_exceeded:
            return VerifyResult(True, 1.0, f"{self.command[0]}: exit code {result.returncode}", metadata=meta,
                                status=Status.PASS.value)
        status = Status.TIMEOUT if result.timed_out else Status.WRONG_ANSWER
        why = f"{self.command[0]}: {result.describe()}"
        tail = (result.stderr or result.stdout).strip().splitlines()
        details = why + (f": {tail[-1][:200]}" if tail else "")
        return VerifyResult(False, self.failure_reward, details, error=details, metadata=meta,
                            status=status.value)
