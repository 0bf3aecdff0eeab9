"""The judge's side of a function-style task in C or C++: its own translation unit, checked objects,
a verdict the candidate cannot print.

The build (driven by :class:`halo_forge.rlvr.verifiers.compile.CompileVerifier`) has three steps:

1. the candidate alone is compiled to ``solution.o`` in a directory holding nothing but its source
   (``#include``/``.incbin`` of the harness cannot work: it is not on disk yet);
2. the harness is compiled as its own unit from :func:`judge_source`: the candidate's system headers
   and declarations (:mod:`~halo_forge.rlvr.verifiers.declarations`), the task's ``test_code`` with its
   ``main`` renamed, and a generated ``main`` that prints the verdict;
3. :func:`check_objects` reads both symbol tables; only then are they linked. The binary runs alone in a
   third directory (no source, no expected value on disk).

The verdict line is ``HALO_VERDICT <nonce> <passed> <total> <exit code>``. The nonce is new for every
run and reaches the harness on stdin, read by a constructor of priority 101 (before any constructor the
candidate may have) that then empties stdin; the counts are the harness's own ``halo_passed`` /
``halo_total`` variables, never a line the candidate could print. The generated ``main`` flushes stdout,
checks that fd 1 is still the file it started with, writes the line with ``write(2)`` and leaves with
``_exit``, so no ``atexit`` handler or destructor of the candidate runs after it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
import shlex
import subprocess
from collections import OrderedDict

# Part of the binary cache's key: a binary built by an older judge is not reused.
JUDGE_VERSION = 2

_WRAPPER = r"""
#undef main
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
static char halo_nonce[40];
static struct stat halo_stdout_at_start;
/* Priority 101 runs before every constructor of the candidate (prioritized ones are rejected). */
__attribute__((constructor(101))) static void halo_take_nonce(void) {
    ssize_t got = 0, n;
    while (got < 32 && (n = read(0, halo_nonce + got, (size_t)(32 - got))) > 0) got += n;
    halo_nonce[got > 0 ? got : 0] = 0;
    if (ftruncate(0, 0) != 0) { /* a pipe: reading drained it */ }
    fstat(1, &halo_stdout_at_start);
}
int main(void) {
    int halo_rc = halo_harness_main();
    struct stat halo_now;
    char halo_line[128];
    fflush(stdout);
    if (fstat(1, &halo_now) != 0 || halo_now.st_dev != halo_stdout_at_start.st_dev
            || halo_now.st_ino != halo_stdout_at_start.st_ino)
        _exit(3);
    int halo_len = snprintf(halo_line, sizeof halo_line, "\n%s %s %d %d %d\n", "HALO_VERDICT", halo_nonce,
                            HALO_PASSED, HALO_TOTAL, halo_rc);
    if (halo_len <= 0 || write(1, halo_line, (size_t)halo_len) != halo_len) _exit(3);
    _exit(halo_rc == 0 ? 0 : 1);
}
"""

# Sections whose entries run before or after main. C++ keeps plain ``.init_array``: every unit that
# includes <iostream> has one, and the candidate's default-priority constructors run after the nonce
# was taken (all they can do is make the run fail).
_HOOK_SECTIONS = re.compile(r"^\.(?:init_array|fini_array|preinit_array|ctors|dtors|init|fini)(?:\..*)?$")
_STRONG = set("TDBRCu")
_WEAK_DEFINED = set("WV")


def new_nonce() -> str:
    return secrets.token_hex(16)


def judge_source(includes: list[str], declarations: str, test_code: str) -> str:
    """The harness's translation unit (see the module docstring)."""
    counts = ("halo_passed", "halo_total") if re.search(r"\bhalo_passed\b", test_code) and \
        re.search(r"\bhalo_total\b", test_code) else ("-1", "-1")
    head = "".join(f"#include <{name}>\n" for name in includes)
    wrapper = _WRAPPER.replace("HALO_PASSED", counts[0]).replace("HALO_TOTAL", counts[1])
    return (f"{head}\n/* the candidate's declarations */\n{declarations}\n\n"
            f"#define main halo_harness_main\n#line 1\n{test_code}\n{wrapper}")  # FAIL lines keep their numbers


@functools.lru_cache(maxsize=None)
def include_dirs(compiler: str, language: str) -> tuple[str, ...]:
    """The compiler's ``#include <...>`` search list, in order."""
    try:
        out = subprocess.run([compiler, "-x", "c++" if language == "cpp" else "c", "-E", "-v", "/dev/null"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    text = out.stderr
    start, end = text.find("#include <...> search starts here:"), text.find("End of search list.")
    if start == -1 or end == -1:
        return ()
    return tuple(line.strip() for line in text[start:end].splitlines()[1:] if line.strip())


@functools.lru_cache(maxsize=None)
def library_exports(compiler: str) -> frozenset[str]:
    """Names the C/C++ runtime libraries define: a candidate defining one would interpose it."""
    names: set[str] = {"_start", "_init", "_fini", "__dso_handle", "__libc_csu_init", "__libc_csu_fini",
                       "_IO_stdin_used", "__data_start", "data_start", "_edata", "_end", "__bss_start",
                       "__TMC_END__", "__libc_start_main"}
    for library in ("libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1"):
        try:
            path = subprocess.run([compiler, f"-print-file-name={library}"], capture_output=True, text=True,
                                  timeout=60).stdout.strip()
            out = subprocess.run(["nm", "-D", "--defined-only", path], capture_output=True, text=True,
                                 timeout=60).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        names.update(line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip())
    return frozenset(names)


def judge_script(compile_harness: list[str], link: list[str], binutils_prefix: str = "") -> list[str]:
    """One sandboxed command for steps 2-3: compile the harness (unless ``harness.o`` is already there,
    from :class:`HarnessObjects`), write what :func:`inspect_objects` reads, link. Every output goes to its
    own file: symbol names come from the candidate and must not be able to fake a step's result. Linking
    is harmless; the judge runs nothing before the check passed. ELF objects are read with ``readelf``
    (``nm`` loads the LTO plugin and costs ~20x more); MinGW's COFF objects with ``nm``/``objdump``."""
    if binutils_prefix:
        nm, objdump = binutils_prefix + "nm", binutils_prefix + "objdump"
        inspect = (f"{nm} -P --no-sort solution.o >cand.sym; {nm} -P -C --no-sort solution.o >cand.dem; "
                   f"{nm} -P harness.o >harness.sym; {objdump} -h -w solution.o >cand.sec")
    else:
        inspect = ("readelf -s -W solution.o >cand.sym; readelf -s -W -C solution.o >cand.dem; "
                   "readelf -s -W harness.o >harness.sym; readelf -S -W solution.o >cand.sec")
    script = (f"[ -e harness.o ] || {shlex.join(compile_harness)} 2>harness.err; echo $? >harness.rc; "
              f"[ -e harness.o ] || exit 0; {{ {inspect}; }} 2>/dev/null; "
              f"{shlex.join(link)} 2>link.err; echo $? >link.rc")
    return ["sh", "-c", script]


class HarnessObjects:
    """Compiled harness objects of this worker, keyed by the harness unit's text and compile command:
    samples of one task that declare the same signatures share one harness compile."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.max_bytes = max_bytes
        self._objects: OrderedDict[str, bytes] = OrderedDict()

    @staticmethod
    def key(unit: str, argv: list[str]) -> str:
        return hashlib.sha256(json.dumps([unit, argv]).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> bytes | None:
        data = self._objects.get(key)
        if data is not None:
            self._objects.move_to_end(key)
        return data

    def put(self, key: str, data: bytes) -> None:
        self._objects[key] = data
        while sum(len(v) for v in self._objects.values()) > self.max_bytes and len(self._objects) > 1:
            self._objects.popitem(last=False)


_NM_DEMANGLED = re.compile(r"^(.*?) ([A-Za-z?-])(?: [0-9a-fA-F]*)*\s*$")
_READELF_SYMBOL = re.compile(
    r"^\s*\d+:\s+[0-9a-fA-F]+\s+\S+\s+(\w+)\s+(\w+)\s+\S+(?:\s+\[[^\]]*\])?\s+(\S+) ?(.*)$")
_READELF_SECTION = re.compile(r"^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)")


def _nm_symbols(output: str, demangled: bool = False) -> list[tuple[str, str]]:
    """(name, nm type) pairs from ``nm -P`` (``name type [value [size]]``); a demangled name may hold spaces."""
    rows = []
    for line in output.splitlines():
        if demangled:
            match = _NM_DEMANGLED.match(line)
            rows.append((match.group(1), match.group(2)) if match else (line, "?"))
            continue
        fields = line.split()
        if len(fields) >= 2 and len(fields[1]) == 1:
            rows.append((fields[0], fields[1]))
    return rows


def _readelf_symbols(output: str) -> list[tuple[str, str]]:
    """(name, nm-style type) pairs from ``readelf -s -W``: U/w undefined, T/D strong, W/V weak, i ifunc."""
    rows = []
    for line in output.splitlines():
        match = _READELF_SYMBOL.match(line)
        if match is None:
            continue
        kind, bind, index, name = match.groups()
        if kind in ("SECTION", "FILE") or (bind == "LOCAL" and kind not in ("IFUNC", "GNU_IFUNC")):
            continue
        if kind in ("IFUNC", "GNU_IFUNC"):
            code = "i"
        elif index == "UND":
            code = "w" if bind == "WEAK" else "U"
        elif index == "COM":
            code = "C"
        elif bind == "WEAK":
            code = "W" if kind == "FUNC" else "V"
        elif bind == "UNIQUE":
            code = "u"
        else:
            code = "T" if kind == "FUNC" else "D"
        rows.append((name, code))
    return rows


def inspect_objects(files: dict[str, str], elf: bool) -> tuple[list, list, list, list[tuple[str, str]]] | None:
    """Symbols (mangled, demangled), harness symbols and the candidate's sections (name, type) from the
    files :func:`judge_script` wrote; None when they cannot be read (the check then fails closed)."""
    if not all(files.get(name) for name in ("cand.sym", "cand.dem", "harness.sym", "cand.sec")):
        return None
    if elf:
        sections = [m.groups() for m in map(_READELF_SECTION.match, files["cand.sec"].splitlines()) if m]
        return (_readelf_symbols(files["cand.sym"]), _readelf_symbols(files["cand.dem"]),
                _readelf_symbols(files["harness.sym"]), sections)
    sections = [(f[1], "") for f in (line.split() for line in files["cand.sec"].splitlines())
                if len(f) > 2 and f[0].isdigit()]
    return (_nm_symbols(files["cand.sym"]), _nm_symbols(files["cand.dem"], demangled=True),
            _nm_symbols(files["harness.sym"]), sections)


def _entry_point_symbol(demangled: str, entry_point: str | None) -> bool:
    if entry_point is None:
        return "operator" not in demangled  # without a named entry point: any plain function or type
    name = re.escape(entry_point)
    tag = r"(?:\[abi:\w+\])*"  # to_base[abi:cxx11](long long, int): a std::string return
    return bool(re.search(rf"(?:^|::|\s){name}{tag}(?:<.*>)?{tag}(?:\(|$)", demangled)
                or re.search(rf"(?:^|::|\s){name}{tag}(?:<[^:]*>)?::", demangled))


def check_objects(inspected: tuple[list, list, list, list[tuple[str, str]]] | None, language: str,
                  entry_point: str | None, exports: frozenset[str]) -> str | None:
    """Why linking the candidate with the harness would let it forge the verdict, or None.

    Rejected: a ``main``; a reference to anything the harness defines (its ``main``); an ifunc (its
    resolver runs before main); init/fini hooks (any in C; prioritized ones, ``.preinit_array``,
    ``.fini_array``, ``.ctors``/``.dtors`` in C++); a definition of a runtime library's name (``printf``,
    ``exit``, ``write``: link-time interposition); a definition of anything else the harness calls that
    is not the task's entry point (an ``operator==`` or conversion of the return type, an overload of
    ``printf`` in a namespace the harness looked into).
    """
    if inspected is None:
        return "could not read the candidate's or the harness's symbol table"
    mangled, demangled, harness, sections = inspected
    names = {m: (d, kind) for (m, kind), (d, _) in zip(mangled, demangled)} if len(mangled) == len(
        demangled) else {m: (m, kind) for m, kind in mangled}
    defined = {m: kind for m, (_, kind) in names.items() if kind in _STRONG | _WEAK_DEFINED | {"i"}}
    if "main" in defined:
        return "the candidate defines main (the harness owns it)"
    for m, kind in defined.items():
        if kind == "i":
            return f"the candidate defines an ifunc ({names[m][0]}): its resolver runs before main"
    for name, kind in sections:
        if _HOOK_SECTIONS.match(name) or kind in ("INIT_ARRAY", "FINI_ARRAY", "PREINIT_ARRAY"):
            if language == "cpp" and name == ".init_array":
                continue
            return f"the candidate has a {name} section (code that runs before or after main)"
    for m, kind in defined.items():
        if m in exports and (kind in _STRONG or not m.startswith("_Z")):
            return f"the candidate defines {names[m][0]}, a runtime library function (interposition)"
    harness_defines = {m for m, kind in harness if kind in _STRONG}
    for m, (_, kind) in names.items():
        if kind in ("U", "w", "v") and m in harness_defines:
            return f"the candidate calls into the harness ({names[m][0]})"
    harness_uses = {m for m, kind in harness if kind in ("U", "w", "v")}
    harness_weak = {m for m, kind in harness if kind in _WEAK_DEFINED}
    for m, kind in defined.items():
        if m in harness_uses or (m in harness_weak and kind in _STRONG):
            if not _entry_point_symbol(names[m][0], entry_point):
                return (f"the candidate defines {names[m][0]}, which the harness calls but is not the entry "
                        f"point {entry_point!r}")
    return None
