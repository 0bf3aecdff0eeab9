"""What a C/C++ harness may see of the candidate: its declarations, never its macros or code.

A function-style task's harness is compiled as its own translation unit (see
:mod:`halo_forge.rlvr.verifiers.harness`). It still needs the candidate's prototypes and types
(``struct Tree``, ``int abs_diff(int, int)``), so they are taken from the candidate's *preprocessed* text
(``-save-temps``: every macro already expanded, no directive, no comment, no ``// \\`` continuation left),
keeping only:

* the system headers the candidate included directly (re-included by name, so the harness's own
  ``#include`` lines stay what they are);
* prototypes, with every function body, member-function body and template body cut to ``;`` (the
  harness then calls into the candidate's object, where the judge can see which symbols it uses);
* type definitions (``struct``/``class``/``union``/``enum``/``typedef``/``using``/``namespace``).

Variables, ``asm`` statements, attributes and ``#pragma`` lines are dropped: code or directives of the
candidate must not run or apply in the harness's unit. The scanner is not a C++ parser; what it
misreads becomes a harness that does not compile (a compile error, reward 0), never a body kept.

>>> declarations_only("struct P { int x; };\\nint f(struct P p) { return p.x; }\\nint g = 3;\\n")
'struct P {int x;};\\nint f(struct P p);'
"""

from __future__ import annotations

import os
import re

_LINEMARKER = re.compile(r'^# \d+ "((?:[^"\\]|\\.)*)"((?: \d)*)\s*$')
_FUNCTION_END = re.compile(
    r"\)\s*(?:(?:const|volatile|noexcept(?:\s*\([^()]*\))?|override|final|&&?|throw\s*\(\s*\)|try)\s*)*"
    r"(?:->[^{;]*)?$")
_CLASS_HEAD = re.compile(r"^\s*(?:typedef\s+)?(?:struct|class|union)\b")
_ENUM_HEAD = re.compile(r"^\s*(?:typedef\s+)?enum\b")
_SCOPE_HEAD = re.compile(r'^\s*(?:(?:inline\s+)?namespace\b[\w\s:]*|extern\s*"C(?:\+\+)?"\s*)$')
_KEEP_STATEMENT = re.compile(r"^\s*(?:typedef|using|template|static_assert|_Static_assert|struct|class|union|enum|"
                             r"namespace|friend)\b")
_ASM = re.compile(r"^\s*(?:__extension__\s*)?(?:asm|__asm__|__asm)\b")
_ATTRIBUTE = re.compile(r"\b(?:__attribute__|__attribute|__declspec|alignas|_Alignas|__asm__|__asm|asm)\s*\(")


def candidate_text(preprocessed: str, source_name: str, include_dirs: tuple[str, ...]) -> tuple[list[str], str]:
    """(system headers the candidate included directly, as ``<name>``; the candidate's own lines)."""
    includes: list[str] = []
    own: list[str] = []
    current = None
    for line in preprocessed.split("\n"):
        marker = _LINEMARKER.match(line)
        if marker:
            name, flags = marker.group(1), marker.group(2).split()
            if current == source_name and "1" in flags and "3" in flags:
                header = system_header_name(name, include_dirs)
                if header is not None and header not in includes:
                    includes.append(header)
            current = name
            continue
        if line.startswith("#"):
            continue  # #pragma (from _Pragma too) and anything else a directive left behind
        if current == source_name:
            own.append(line)
    return includes, "\n".join(own)


def system_header_name(path: str, include_dirs: tuple[str, ...]) -> str | None:
    """``/usr/include/stdio.h`` -> ``stdio.h`` (the name that finds the same file first), else None."""
    path = os.path.normpath(path)  # clang writes /usr/bin/../lib/gcc/.../include/c++/12/string
    if not path.startswith("/usr/"):
        return None
    for directory in (os.path.normpath(d) for d in include_dirs):
        if path.startswith(directory + "/"):
            name = path[len(directory) + 1:]
            return name if re.fullmatch(r"[\w./+\-]+", name) else None
    return None


def _skip_literal(text: str, i: int) -> int:
    """Index just past the string or character literal starting at ``text[i]`` (raw strings too)."""
    quote = text[i]
    if quote == '"' and i > 0 and text[i - 1] == "R":
        end = text.find("(", i)
        if end != -1:
            close = text.find(")" + text[i + 1:end] + '"', end)
            return len(text) if close == -1 else close + end - i + 1
    j = i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote or text[j] == "\n":
            return j + 1
        j += 1
    return j


def _match_brace(text: str, i: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``text[i]`` (len(text) if unbalanced)."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_literal(text, i)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def strip_attributes(head: str) -> str:
    """Remove ``__attribute__((...))``, ``asm("...")``, ``alignas(...)`` and ``[[...]]`` from a head."""
    head = re.sub(r"\[\[.*?\]\]", " ", head, flags=re.S)
    while True:
        match = _ATTRIBUTE.search(head)
        if match is None:
            return head
        depth, j = 0, match.end() - 1
        while j < len(head):
            if head[j] == "(":
                depth += 1
            elif head[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        head = head[:match.start()] + " " + head[j + 1:]


def _without_template_prefix(head: str) -> str:
    match = re.match(r"\s*template\s*<", head)
    if not match:
        return head
    depth, j = 1, match.end()
    while j < len(head) and depth:
        depth += {"<": 1, ">": -1}.get(head[j], 0)
        j += 1
    return _without_template_prefix(head[j:])


def _function_declaration(head: str) -> str:
    """A function definition's head as a declaration: no constructor initializer list, no ``try``."""
    parens, cut = 0, len(head)
    for j, c in enumerate(head):
        parens += {"(": 1, ")": -1}.get(c, 0)
        if parens == 0 and c == ":" and head[j - 1:j] != ":" and head[j + 1:j + 2] != ":" and ")" in head[:j]:
            cut = j
            break
    return re.sub(r"\btry\s*$", "", head[:cut].rstrip()) + ";"


def _block_kind(head: str) -> str:
    bare = _without_template_prefix(strip_attributes(head)).strip()
    if _SCOPE_HEAD.match(bare):
        return "scope"
    if _FUNCTION_END.search(bare) or re.search(r"\)\s*:(?!:)", bare):
        return "function"
    if _CLASS_HEAD.match(bare) and not _ENUM_HEAD.match(bare):
        return "class"
    return "data"


def _scope(text: str, i: int, in_class: bool) -> tuple[list[str], int]:
    """Declarations of the scope starting at ``text[i]``; returns them and the index of its ``}``."""
    out: list[str] = []
    start, parens = i, 0
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = _skip_literal(text, i)
            continue
        if c in "([":
            parens += 1
        elif c in ")]":
            parens -= 1
        elif c == "{" and parens > 0:
            i = _match_brace(text, i)
        elif c == ";" and parens <= 0:
            out.append(_statement(text[start:i + 1], in_class))
            start, parens = i + 1, 0
        elif c == "}" and parens <= 0:
            return out, i
        elif c == "{":
            head = text[start:i]
            kind = _block_kind(head)
            if kind == "function":
                out.append(_statement(_function_declaration(head), in_class))
                start, i = _match_brace(text, i) + 1, _match_brace(text, i)
            elif kind in ("scope", "class"):
                inner, end = _scope(text, i + 1, in_class=kind == "class")
                body = head + "{" + "\n".join(s for s in inner if s) + "}"
                if kind == "scope":
                    out.append(body)
                    start, i = end + 1, end
                else:
                    semicolon = _statement_end(text, end + 1)
                    bare = _without_template_prefix(strip_attributes(head))
                    # A type definition; a variable declared with it (``} var = {...};``) is dropped, a
                    # typedef name (``typedef struct {...} T;``) is kept.
                    tail = text[end + 1:semicolon] if re.match(r"\s*typedef\b", bare) else ""
                    out.append(_statement(body + tail + ";", in_class))
                    start, i = semicolon + 1, semicolon
            else:
                i = _match_brace(text, i)  # an initializer or enum body: part of the statement
        i += 1
    return out, i


def _statement_end(text: str, i: int) -> int:
    while i < len(text):
        if text[i] in "\"'":
            i = _skip_literal(text, i)
            continue
        if text[i] == "{":
            i = _match_brace(text, i)
        elif text[i] == ";":
            return i
        i += 1
    return len(text)


def _statement(statement: str, in_class: bool) -> str:
    """Keep type definitions and prototypes; drop variables (their initializers are code) and asm."""
    bare = strip_attributes(statement).strip()
    if not bare or bare == ";" or _ASM.match(statement):
        return ""
    if in_class or _KEEP_STATEMENT.match(bare):
        return bare
    depth, equals = 0, False
    for j, c in enumerate(re.sub(r"\boperator\s*[^\s(]+", "operator", bare)):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0 and c == "=":
            equals = True
    return bare if "(" in bare and not equals else ""


def declarations_only(text: str) -> str:
    """The candidate's own (preprocessed) text reduced to type definitions and prototypes."""
    out, _ = _scope(text, 0, in_class=False)
    return "\n".join(s for s in out if s)
