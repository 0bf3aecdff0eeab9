"""The docs tell the truth: every command, flag and config key they show exists, and every command, flag
and key that exists is documented (the generated tables of docs/cli.md and docs/configuration.md)."""

import argparse
import dataclasses
import re
import shlex
import subprocess
import sys

import pytest

from conftest import REPO
from halo_forge.cli import COMMANDS, build_parser
from halo_forge.config import SECTIONS

TOP_LEVEL = {c.path.split()[0] for c in COMMANDS}
DOCS = sorted((REPO / "docs").glob("*.md")) + [REPO / "README.md", REPO / "CONTRIBUTING.md"]
_COMMAND = re.compile(r"(?:^|[`$]\s*|^\s*)(halo-forge(?:\s+[^`\n|#]*)?)")


def test_generated_reference_docs_are_current():
    proc = subprocess.run([sys.executable, str(REPO / "scripts/gen_reference_docs.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands_in_docs():
    """(file, line number, argv) for every `halo-forge ...` in code blocks or inline code."""
    for path in DOCS:
        in_block = False
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip().startswith("```"):
                in_block = not in_block
                continue
            chunks = [line] if in_block else re.findall(r"`([^`]*)`", line)
            for chunk in chunks:
                chunk = chunk.strip().lstrip("$ ").split(" #")[0].rstrip("\\").strip()
                if chunk.startswith(".venv/bin/"):
                    chunk = chunk[len(".venv/bin/"):]
                if not chunk.startswith("halo-forge ") and chunk != "halo-forge":
                    continue  # "halo-forge: error: ..." is output, not a command
                try:
                    argv = shlex.split(chunk)[1:]
                except ValueError:
                    argv = chunk.split()[1:]
                if not in_block and argv and not argv[0].startswith("-") and argv[0] not in TOP_LEVEL:
                    continue  # inline text such as the value `halo-forge bundled`; code blocks are strict
                yield path.name, number, argv


def _check(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """None if argv names an existing command with existing flags, else why not."""
    words = [a for a in argv if not a.startswith(("-", "[", "<"))]
    flags = [a.split("=")[0] for a in argv if a.startswith("--")]
    current, path = parser, []
    for word in words:
        subs = _subparsers(current)
        if not subs:
            break
        if word not in subs:
            if word in ("COMMAND", "...") or word.isupper():
                return None  # a placeholder such as `halo-forge COMMAND --help`
            return f"no command {' '.join(path + [word])!r}"
        current, path = subs[word], path + [word]
    known = {opt for action in current._actions for opt in action.option_strings}
    unknown = [f for f in flags if f not in known and f not in ("--help", "--version", "--debug")]
    return f"{' '.join(path) or 'halo-forge'}: unknown flag(s) {', '.join(unknown)}" if unknown else None


def test_every_documented_command_and_flag_exists():
    parser = build_parser()
    problems = []
    for name, number, argv in _commands_in_docs():
        why = _check(parser, argv)
        if why:
            problems.append(f"docs/{name}:{number}: {why}")
    assert not problems, "\n".join(problems)


def test_every_documented_config_key_exists():
    keys = {f"{s}.{f.name}" for s, cls in SECTIONS.items() for f in dataclasses.fields(cls)}
    pattern = re.compile(r"`(" + "|".join(SECTIONS) + r")\.([a-z_]+)`")
    problems = []
    for path in DOCS:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for section, key in pattern.findall(line):
                if section == "verifier" and key != "type":
                    continue  # verifier options are constructor arguments, checked by the registry
                if f"{section}.{key}" not in keys:
                    problems.append(f"{path.name}:{number}: `{section}.{key}` is not a config key")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", ["configuration.md", "cli.md"])
def test_reference_pages_list_everything(page):
    text = (REPO / "docs" / page).read_text()
    if page == "configuration.md":
        missing = [f"{s}.{f.name}" for s, cls in SECTIONS.items() for f in dataclasses.fields(cls)
                   if f"`{s}.{f.name}`" not in text]
    else:
        parser = build_parser()
        missing = []

        def walk(p, path):
            subs = _subparsers(p)
            if not subs:
                if f"`halo-forge {' '.join(path)}`" not in text:
                    missing.append(" ".join(path))
                for action in p._actions:
                    for opt in action.option_strings:
                        if opt.startswith("--") and action.help != argparse.SUPPRESS and \
                                opt not in ("--help", "--debug") and f"`{opt}" not in text:
                            missing.append(f"{' '.join(path)} {opt}")
            for word, sub in subs.items():
                walk(sub, path + [word])

        walk(parser, [])
    assert not missing, missing


_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_every_index_row_links_a_written_page_and_every_page_is_in_the_index():
    index = REPO / "docs" / "index.md"
    rows = [line for line in index.read_text().splitlines() if line.startswith("| ") and "---" not in line
            and not line.startswith("| page ")]
    assert rows, "docs/index.md has no page rows"
    linked = set()
    for row in rows:
        link = _LINK.search(row)
        assert link and "not written yet" not in row, f"docs/index.md: a row without a written page: {row}"
        assert (index.parent / link.group(1)).is_file(), f"docs/index.md: {link.group(1)} does not exist"
        linked.add((index.parent / link.group(1)).resolve())
    pages = {p.resolve() for p in (REPO / "docs").glob("*.md") if p.name != "index.md"}
    orphans = sorted(p.name for p in pages - linked)
    assert not orphans, f"pages missing from docs/index.md: {orphans}"


# Every entry of the seed's documentation index (the original halo-forge's docs/index) has a page.
SEED_PAGES = ["Quick Start", "Toolbox Setup", "Hardware Notes", "How to Train", "Full Pipeline", "Data Generation",
              "SFT Training", "RAFT Training", "Benchmarking", "Verifier Overview", "Compile Verifiers",
              "Test Verifiers", "Custom Verifiers", "Configuration", "CLI Reference", "Troubleshooting",
              "Theory & Research", "Graduated Rewards", "Learning Rate Strategies", "Windows Build Server",
              "Production Training Runs", "Changelog", "Contributing"]


def test_every_page_of_the_seed_index_is_written():
    titles = {title for title, _ in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", (REPO / "docs" / "index.md").read_text())}
    assert [page for page in SEED_PAGES if page not in titles] == []


def test_every_relative_link_in_the_docs_points_to_an_existing_file():
    problems = []
    for path in DOCS:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for target in _LINK.findall(line):
                if not target.startswith(("http://", "https://", "mailto:")) and not (path.parent / target).exists():
                    problems.append(f"{path.relative_to(REPO)}:{number}: link to missing {target}")
    assert not problems, "\n".join(problems)
