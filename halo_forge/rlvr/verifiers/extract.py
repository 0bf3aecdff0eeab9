"""Find the program in a model's answer.

Sources, in order: fenced blocks (backticks or tildes, any tag in any case, an unclosed last fence runs to
the end), ``<code>`` tags, then raw code with the prose around it trimmed. Among the blocks, the ones in
the task's language win (then its sibling — C for C++ and back — then untagged blocks that look like code,
then anything code-like); a shell command or sample output block never wins over code. Several blocks
in the winning language that form one program (helpers + ``main``) are joined in document order, their
``#include`` lines hoisted to the top; a block that only repeats functions already defined in the block
with ``main`` is dropped, and when several blocks each hold a ``main`` the last one is the answer.

>>> extract_code("Here you go:\\n```C++\\nint main() { return 0; }\\n```\\nHope it helps!", "cpp")
'int main() { return 0; }'
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

# tag as written (lower case) -> language
TAG_LANGUAGES = {
    "c": "c", "h": "c", "c89": "c", "c99": "c", "c11": "c", "c17": "c", "c18": "c", "c23": "c", "ansi-c": "c",
    "cpp": "cpp", "c++": "cpp", "cxx": "cpp", "cc": "cpp", "hpp": "cpp", "hxx": "cpp", "hh": "cpp",
    "cplusplus": "cpp", "c++11": "cpp", "c++14": "cpp", "c++17": "cpp", "c++20": "cpp", "cpp17": "cpp",
    "cpp11": "cpp", "cpp14": "cpp", "cpp20": "cpp", "ccp": "cpp", "c+": "cpp",
    "python": "python", "py": "python", "python3": "python", "py3": "python", "python2": "python",
    "rust": "rust", "rs": "rust",
    "go": "go", "golang": "go",
}
# Tags that never hold the program (commands, sample output, data).
NON_PROGRAM_TAGS = {"bash", "sh", "shell", "console", "terminal", "zsh", "powershell", "ps1", "cmd", "bat",
                    "text", "txt", "plaintext", "output", "stdout", "stdin", "input", "json", "yaml", "yml",
                    "markdown", "md", "diff", "makefile", "make", "cmake", "toml", "ini", "xml", "html"}
SIBLINGS = {"c": ("cpp",), "cpp": ("c",)}
_END_MARKERS = ("<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<|end|>", "</s>", "<end_of_turn>")

_MAIN = {
    "c": re.compile(r"\bmain\s*\("), "cpp": re.compile(r"\bmain\s*\("),
    "python": re.compile(r"""^if\s+__name__\s*==\s*['"]__main__['"]""", re.M),
    "rust": re.compile(r"\bfn\s+main\s*\("), "go": re.compile(r"\bfunc\s+main\s*\("),
}
# A function definition at the start of a line: "static int gcd(int a, int b) {", "def f(x):", "fn f(".
# Linear time matters (a completion is untrusted input): no unbounded run here may cross a newline or
# be retried from every line start, so blank or repetitive lines cannot make the search quadratic.
_DEFINITION = re.compile(
    r"^(?:[A-Za-z_][\w:<>,\t \*&]{0,200}?[\t \*&]+)?([A-Za-z_]\w*)[ \t]*\([^;{}()]{0,1000}\)\s{0,100}"
    r"(?:const\s{0,100})?(?:->[^{\n]{0,200})?\{"
    r"|^[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(|^[ \t]*(?:pub[ \t]+)?fn[ \t]+(\w+)"
    r"|^func[ \t]+(?:\([^()\n]{0,200}\)[ \t]*)?(\w+)[ \t]*\(",
    re.M)
_CODE_START = re.compile(
    r"^\s*(#\s*(include|define|import|pragma|if|ifndef)\b|import\s|from\s+\S+\s+import\b|def\s|class\s|"
    r"struct\s|typedef\s|template\s*<|using\s|namespace\s|static\s|const\s|extern\s|enum\s|union\s|"
    r"(unsigned|signed|int|long|short|char|void|double|float|bool|size_t|auto|std::)\b|"
    r"fn\s|use\s|pub\s|impl\s|mod\s|let\s|package\s|func\s|//|/\*|@)")
_CODE_CHARS = re.compile(r"[;{}]\s*$|^\s*(return|if|for|while|else|print|}|#)")


@dataclass
class Block:
    tag: str            # normalized tag: a language, "" (none), or "other:<tag>"
    code: str
    position: int


def normalize_tag(raw: str) -> str:
    """``"C++"`` -> ``"cpp"``, ``"{.python}"`` -> ``"python"``, ``"pyhton"`` -> ``"python"``,
    ``"bash"`` -> ``"other:bash"``, ``""`` -> ``""``."""
    tag = raw.strip().lower()
    tag = re.sub(r"^(language-|lang-|lang=|\{\.?)", "", tag)
    tag = re.split(r"[\s,{}()\[\]:;=]", tag, maxsplit=1)[0] if tag else ""
    tag = tag.strip(".`'\"")
    if not tag:
        return ""
    if tag in TAG_LANGUAGES:
        return TAG_LANGUAGES[tag]
    if tag in NON_PROGRAM_TAGS:
        return f"other:{tag}"
    close = difflib.get_close_matches(tag, [t for t in TAG_LANGUAGES if len(t) >= 3], n=1, cutoff=0.75)
    if close and len(tag) >= 3:
        return TAG_LANGUAGES[close[0]]
    return f"other:{tag}"


def _strip_end_markers(text: str) -> str:
    for marker in _END_MARKERS:
        cut = text.find(marker)
        if cut >= 0:
            text = text[:cut]
    return text


_OPEN = re.compile(r"(?<![`~])(`{3,}|~{3,})[ \t]*([^`\n]*)$")  # starts only at a run's first mark


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block; an unclosed fence runs to the end of the text."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _OPEN.search(lines[i])
        if match is None:
            i += 1
            continue
        fence = match.group(1)
        tag = normalize_tag(match.group(2))
        body: list[str] = []
        j, reopen = i + 1, False
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * 3):
                # Closes the block; "```cpp" here means the model opened a new block without closing.
                reopen = normalize_tag(stripped.lstrip(fence[0])) in ("c", "cpp", "python", "rust", "go")
                break
            body.append(lines[j])
            j += 1
        code = "\n".join(body)
        if tag == "" and body and body[0].strip().lower() in TAG_LANGUAGES:
            tag, code = normalize_tag(body[0]), "\n".join(body[1:])  # "```\nc\n#include ..."
        blocks.append(Block(tag=tag, code=code.strip("\n"), position=len(blocks)))
        i = j if reopen else j + 1
    return [b for b in blocks if b.code.strip()]


_CODE_TAG = re.compile(r"<code(\s[^>]*)?>(.*?)(?:</code>|$)", re.S | re.I)


def code_tag_blocks(text: str) -> list[Block]:
    blocks = []
    for match in _CODE_TAG.finditer(text):
        attrs, body = match.group(1) or "", match.group(2)
        lang = re.search(r"""(?:class|lang(?:uage)?)\s*=\s*["']?([\w+#.\-]+)""", attrs, re.I)
        if "&lt;" in body or "&amp;" in body or "&gt;" in body:
            body = html.unescape(body)
        if body.strip():
            blocks.append(Block(tag=normalize_tag(lang.group(1)) if lang else "", code=body.strip("\n"),
                                position=len(blocks)))
    return blocks


def raw_code(text: str) -> str | None:
    """Code written without fences: from the first line that starts code to the last code-like line."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _CODE_START.match(line)), None)
    if start is None:
        return None
    end = start
    for i in range(start, len(lines)):
        line = lines[i]
        if line.strip() and (_CODE_CHARS.search(line) or _CODE_START.match(line) or line[:1] in " \t"):
            end = i
    code = "\n".join(lines[start:end + 1]).strip("\n")
    return code if re.search(r"[;{}():=]", code) else None


def _looks_like_code(code: str) -> bool:
    return bool(re.search(r"[;{}]|^[ \t]*(def|class|import|fn|func|package)\s", code, re.M))


def _defined_names(code: str) -> set[str]:
    names = set()
    for match in _DEFINITION.finditer(code):
        name = next(g for g in match.groups() if g)
        if name not in ("if", "for", "while", "switch", "return", "sizeof"):
            names.add(name)
    return names


def _choose(blocks: list[Block], language: str | None) -> list[Block]:
    """The blocks that hold the program, by the preference order of the module docstring."""
    code_like = [b for b in blocks if not b.tag.startswith("other:")]
    if language is not None:
        groups = [[b for b in blocks if b.tag == language],
                  [b for b in blocks if b.tag in SIBLINGS.get(language, ())]]
    else:
        tagged = [b for b in blocks if b.tag and not b.tag.startswith("other:")]
        first = tagged[0].tag if tagged else None
        groups = [[b for b in tagged if b.tag == first]]
    groups += [[b for b in blocks if b.tag == "" and _looks_like_code(b.code)],
               [b for b in code_like if _looks_like_code(b.code)],
               [b for b in blocks if _looks_like_code(b.code) and b.tag not in
                ("other:bash", "other:sh", "other:shell", "other:console", "other:text", "other:output")]]
    return next((g for g in groups if g), [])


def _join(blocks: list[Block], language: str | None) -> str:
    """Join helper blocks with the block holding ``main``; see the module docstring."""
    main_re = _MAIN.get(language or "c", _MAIN["c"])
    unique: list[Block] = []
    for block in blocks:  # drop exact repeats
        if all(block.code.strip() != b.code.strip() for b in unique):
            unique.append(block)
    mains = [b for b in unique if main_re.search(b.code)]
    if len(mains) > 1:
        keep = mains[-1]
        unique = [b for b in unique if b is keep or not main_re.search(b.code)]
    if len(unique) == 1:
        return unique[0].code
    anchor = mains[-1] if mains else unique[-1]
    defined = _defined_names(anchor.code)
    chosen = [b for b in unique
              if b is anchor or not (_defined_names(b.code) and _defined_names(b.code) <= defined)]
    if len(chosen) == 1:
        return chosen[0].code
    if language in ("c", "cpp", None):
        includes: list[str] = []
        bodies = []
        for block in chosen:
            kept = []
            for line in block.code.split("\n"):
                if re.match(r"\s*#\s*include\b|\s*using\s+namespace\b", line):
                    if line.strip() not in includes:
                        includes.append(line.strip())
                else:
                    kept.append(line)
            bodies.append("\n".join(kept).strip("\n"))
        return "\n".join(includes + [""] + bodies if includes else bodies).strip("\n")
    return "\n\n".join(b.code for b in chosen)


def extract_code(text: str, language: str | None = None) -> str | None:
    """The program in ``text`` for a task in ``language`` (c, cpp, python, rust, go or None), or None."""
    if not text or not text.strip():
        return None
    text = _strip_end_markers(text.replace("\r\n", "\n"))
    blocks = fenced_blocks(text) or code_tag_blocks(text)
    if blocks:
        chosen = _choose(blocks, language)
        if chosen:
            return _join(chosen, language)
    code = raw_code(text)
    return code.strip("\n") if code else None
