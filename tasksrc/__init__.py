"""Sources of the bundled C/C++ task sets (not shipped; built by ``tasksrc/build.py``).

Each ``tasksrc/c_*.py`` / ``tasksrc/cpp_*.py`` module defines a list ``TASKS`` of plain dicts in the format
described in ``docs/bundled-tasks.md``; ``python tasksrc/build.py`` turns them into
``halo_forge/data/bundled/{c,cpp}.jsonl``.
"""
