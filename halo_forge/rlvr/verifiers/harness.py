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
import re
import secrets
import subprocess

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


def inspect_argv(nm: str, objdump: str) -> list[str]:
    """One sandboxed command printing what :func:`check_objects` reads."""
    script = (f"{nm} -P --no-sort solution.o; echo @@; {nm} -P -C --no-sort solution.o; echo @@; "
              f"{nm} -P harness.o; echo @@; {objdump} -h -w solution.o")
    return ["sh", "-c", script]


_NM_DEMANGLED = re.compile(r"^(.*?) ([A-Za-z?-])(?: [0-9a-fA-F]*)*\s*$")


def _symbols(nm_output: str, demangled: bool = False) -> list[tuple[str, str]]:
    """(name, type) pairs from ``nm -P`` (``name type [value [size]]``); a demangled name may hold spaces."""
    rows = []
    for line in nm_output.splitlines():
        if demangled:
            match = _NM_DEMANGLED.match(line)
            rows.append((match.group(1), match.group(2)) if match else (line, "?"))
            continue
        fields = line.split()
        if len(fields) >= 2 and len(fields[1]) == 1:
            rows.append((fields[0], fields[1]))
    return rows


def _entry_point_symbol(demangled: str, entry_point: str | None) -> bool:
    if entry_point is None:
        return "operator" not in demangled  # without a named entry point: any plain function or type
    name = re.escape(entry_point)
    tag = r"(?:\[abi:\w+\])*"  # to_base[abi:cxx11](long long, int): a std::string return
    return bool(re.search(rf"(?:^|::|\s){name}{tag}(?:<.*>)?{tag}(?:\(|$)", demangled)
                or re.search(rf"(?:^|::|\s){name}{tag}(?:<[^:]*>)?::", demangled))


def check_objects(inspection: str, language: str, entry_point: str | None,
                  exports: frozenset[str]) -> str | None:
    """Why linking the candidate with the harness would let it forge the verdict, or None.

    Rejected: a ``main``; a reference to anything the harness defines (its ``main``); an ifunc (its resolver runs before main); init/fini hooks (any in C;
    prioritized ones, ``.preinit_array``, ``.fini_array``, ``.ctors``/``.dtors`` in C++); a definition of
    a runtime library's name (``printf``, ``exit``, ``write``: link-time interposition); a definition of
    anything else the harness calls that is not the task's entry point (an ``operator==`` or conversion
    of the return type, an overload of ``printf`` in a namespace the harness looked into).
    """
    parts = inspection.split("@@\n")
    if len(parts) != 4:
        return None if not inspection else "could not read the candidate's object file"
    mangled, demangled, harness, sections = (_symbols(parts[0]), _symbols(parts[1], demangled=True),
                                             _symbols(parts[2]), parts[3])
    names = {m: (d, kind) for (m, kind), (d, _) in zip(mangled, demangled)} if len(mangled) == len(
        demangled) else {m: (m, kind) for m, kind in mangled}
    defined = {m: kind for m, (_, kind) in names.items() if kind in _STRONG | _WEAK_DEFINED | {"i"}}
    if "main" in defined:
        return "the candidate defines main (the harness owns it)"
    for m, kind in defined.items():
        if kind == "i":
            return f"the candidate defines an ifunc ({names[m][0]}): its resolver runs before main"
    for line in sections.splitlines():
        fields = line.split()
        if len(fields) > 2 and fields[0].isdigit() and _HOOK_SECTIONS.match(fields[1]):
            if language == "cpp" and fields[1] == ".init_array":
                continue
            return f"the candidate has a {fields[1]} section (code that runs before or after main)"
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
