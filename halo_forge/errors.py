"""User-facing errors.

Anything raised as a :class:`HaloForgeError` is bad input or a missing resource that a person can fix;
the CLI prints it as one line (no traceback) and exits with its ``exit_code``.
"""

from __future__ import annotations


class HaloForgeError(Exception):
    """An error a person can act on; ``str(err)`` is the complete message."""

    exit_code = 1


class InputError(HaloForgeError):
    """Bad input: a config key, a file line, a flag value. CLI exit code 2."""

    exit_code = 2


class ConfigError(InputError):
    """One or more problems in a configuration, reported together.

    >>> str(ConfigError(["a.yaml: raft.x: unknown key", "a.yaml: sft.lora_r: expected an integer"]))
    'a.yaml: raft.x: unknown key\\na.yaml: sft.lora_r: expected an integer'
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class TaskFileError(InputError):
    """Bad lines in a task file; each problem reads ``file:line: reason``."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
