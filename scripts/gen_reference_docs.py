"""Regenerate the key tables of docs/configuration.md (and its table of upstream keys that
``config migrate`` converts) and the flag tables of docs/cli.md.

Run after adding a config key or command: ``.venv/bin/python scripts/gen_reference_docs.py``.
Only the text between the ``<!-- generated -->`` markers is replaced; tests/test_docs.py checks it is
current.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from halo_forge.cli import (COMMANDS, _default_config_values, _flag_names, _shown,  # noqa: E402
                            _shown_path, metavar)
from halo_forge.config import SECTIONS  # noqa: E402

BEGIN, END = "<!-- generated: begin -->", "<!-- generated: end -->"
MIGRATION = ("<!-- generated migration table: begin -->", "<!-- generated migration table: end -->")


def _default(f: dataclasses.Field) -> str:
    value = f.default if f.default is not dataclasses.MISSING else f.default_factory()
    text = "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return f"`{text}`" if len(text) < 60 else f"`{text[:57]}...`"


def _constraint(f: dataclasses.Field) -> str:
    m = f.metadata
    if m.get("choices"):
        return " / ".join("null" if c is None else str(c) for c in m["choices"])
    lo, hi = m.get("min"), m.get("max")
    if lo is None and hi is None:
        return ""
    left = "(" if m.get("min_exclusive") else "["
    return f"{left}{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"


def config_tables() -> str:
    out = []
    for name, cls in SECTIONS.items():
        out.append(f"### `{name}`\n\n{(cls.__doc__ or '').strip()}\n")
        out.append("| key | default | allowed | meaning |\n|---|---|---|---|")
        for f in dataclasses.fields(cls):
            out.append(f"| `{name}.{f.name}` | {_default(f)} | {_constraint(f)} | {f.metadata.get('help', '')} |")
        out.append("")
    return "\n".join(out)


def _arg_usage(arg) -> str:
    shown = arg.kwargs.get("metavar") or ("{" + ",".join(arg.kwargs["choices"]) + "}"
                                          if arg.kwargs.get("choices") else None)
    takes_value = arg.names[0].startswith("--") and arg.kwargs.get("action") not in ("store_true", "store_false")
    return f"{' '.join(arg.names)} {shown or arg.names[0].lstrip('-').upper()}" if takes_value else \
        " ".join(arg.names)


def cli_tables() -> str:
    out = []
    for command in COMMANDS:
        out.append(f"### `halo-forge {command.path}`\n\n{command.help}\n")
        rows = [f"| `{_arg_usage(a)}` | {a.kwargs.get('help', '')} |" for a in command.args]
        file_values = _default_config_values(command)
        if command.sections:
            shipped = f" (default: `{_shown_path(command.default_config)}`)" if command.default_config else ""
            rows.append(f"| `--config FILE` | YAML config; flags you type override it{shipped} |")
        hints_of = {section: typing.get_type_hints(SECTIONS[section]) for section in command.sections}
        for section in command.sections:
            for f in dataclasses.fields(SECTIONS[section]):
                if f.name == "options" and section == "verifier":
                    continue
                tp = hints_of[section][f.name]
                names = _flag_names(f)
                shown = "" if tp is bool else " " + metavar(f.name, tp, dict(f.metadata))
                flags = ", ".join([f"`{names[0]}{shown}`", *(f"`{n}`" for n in names[1:])])
                value = file_values.get(section, {})
                default = (f" (`{_shown(value[f.name])}` in `{_shown_path(command.default_config)}`)"
                           if f.name in value else "")
                rows.append(f"| {flags} | sets `{section}.{f.name}`{default} |")
        if rows:
            out.append("| argument | meaning |\n|---|---|")
            out += rows
        out.append("")
    return "\n".join(out)


def migration_table() -> str:
    from halo_forge.migrate import MAPPING, Dropped

    # Upstream keys are plain text: in backticks they would read as (and be checked as) this project's keys.
    out = ["| upstream key | here | note |", "|---|---|---|"]
    for key, rule in MAPPING.items():
        if isinstance(rule, Dropped):
            out.append(f"| {key} | — | no equivalent: {rule.reason} |")
            continue
        targets = ({"": rule.target} if isinstance(rule.target, str) else rule.target)
        here = "; ".join(f"{stage + ': ' if stage else ''}`{t}`".replace("*: ", "other stages: ")
                         for stage, t in targets.items())
        out.append(f"| {key} | {here} | {rule.note} |")
    return "\n".join(out)


def replace_generated(path: Path, body: str, markers: tuple[str, str] = (BEGIN, END)) -> str:
    begin, end = markers
    text = path.read_text()
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    return pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text)


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for path, body, markers in ((ROOT / "docs/configuration.md", config_tables(), (BEGIN, END)),
                                (ROOT / "docs/configuration.md", migration_table(), MIGRATION),
                                (ROOT / "docs/cli.md", cli_tables(), (BEGIN, END))):
        new = replace_generated(path, body, markers)
        if new != path.read_text():
            stale.append(str(path))
            if not check:
                path.write_text(new)
    if check and stale:
        print("stale generated docs: " + ", ".join(stale) + " (run scripts/gen_reference_docs.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
