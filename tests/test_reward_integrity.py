"""Reward integrity, compiled languages: attacks a policy would find to earn reward without solving the
task, sent through the public API exactly as training calls it (``verify_batch`` with the task), each
with the exact status and reward it must get. See docs/sandbox.md, "Reward integrity".

Rows: (id, verifier, task, completion, expected status, expected reward). Tasks are bundled ones where
one fits (``c/absolute-difference``: 5 checks, so returning 0 passes 1 of them and earns 0.76).
"""

import json
import time

import pytest

from conftest import REPO
from halo_forge.rlvr.verifiers import ClangVerifier, GCCVerifier
from halo_forge.rlvr.verifiers.execution import outputs_match, run_harness
from halo_forge.rlvr.verifiers.extract import extract_code
from halo_forge.rlvr.verifiers.rust_go import GoVerifier, RustVerifier, count_rust_warnings, toolchain_available
from halo_forge import sandbox
from halo_forge.tasks import Task, TestCase

BUNDLED = {}
for _lang in ("c", "cpp"):
    for _line in (REPO / "halo_forge" / "data" / "bundled" / f"{_lang}.jsonl").read_text().splitlines():
        _task = json.loads(_line)
        BUNDLED[_task["task_id"]] = Task.from_dict(_task, default_id=_task["task_id"])

ABS = "c/absolute-difference"
RET0 = "int abs_diff(int a, int b) { (void)a; (void)b; return 0; }\n"   # passes 1 of 5 checks: 0.76
RIGHT = "int abs_diff(int a, int b) { return a > b ? a - b : b - a; }\n"
STDIO = "#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n"
FIVE_THOUSAND = "9" * 5000

RUST_HARNESS = ("fn main() {\n    let mut passed = 0;\n    if gcd(12, 18) == 6 { passed += 1; }\n"
                "    if gcd(7, 5) == 1 { passed += 1; }\n    println!(\"HALO_RESULT {} 2\", passed);\n"
                "    std::process::exit(if passed == 2 { 0 } else { 1 });\n}\n")
GO_HARNESS = ("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tpassed := 0\n"
              "\tif Max(3, 9) == 9 {\n\t\tpassed++\n\t}\n\tif Max(-1, -5) == -1 {\n\t\tpassed++\n\t}\n"
              "\tfmt.Printf(\"HALO_RESULT %d 2\\n\", passed)\n}\n")
TASKS = {
    **BUNDLED,
    "rs/gcd": Task(task_id="rs/gcd", prompt="gcd", language="rust", test_code=RUST_HARNESS, entry_point="gcd"),
    "go/max": Task(task_id="go/max", prompt="max", language="go", test_code=GO_HARNESS, entry_point="Max"),
    "c/billion": Task(task_id="c/billion", prompt="print 10^9", language="c",
                      tests=[TestCase(stdin="", expected_stdout="1000000000\n", compare="numeric")]),
    "c/half": Task(task_id="c/half", prompt="print 2.5", language="c",
                   tests=[TestCase(stdin="", expected_stdout="2.5\n", compare="numeric")]),
    "none": None,
}
RUST_GCD = "fn gcd(a: u64, b: u64) -> u64 {\n    if b == 0 { a } else { gcd(b, a % b) }\n}\n"
RUST_WRONG = "fn gcd(a: u64, b: u64) -> u64 { a + b - b }\n"        # passes 0 of 2: 0.7
GO_WRONG = "package main\n\nfunc Max(a, b int) int {\n\treturn b\n}\n"  # passes 1 of 2: 0.85

ATTACKS = [
    # --- C, function style: forging the verdict from inside the candidate's process -------------------
    ("c-print-verdict-and-exit", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) { (void)a; (void)b; '
     'printf("HALO_RESULT 99 99\\n"); exit(0); }', "runtime_error", 0.5),
    ("c-print-verdict-and-return", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) { (void)a; (void)b; '
     'printf("HALO_RESULT 5 5\\n"); return 0; }', "wrong_answer", 0.76),
    ("c-print-guessed-nonce", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) { (void)a; (void)b; '
     'printf("\\nHALO_VERDICT 0123456789abcdef0123456789abcdef 5 5 0\\n"); return 0; }', "wrong_answer", 0.76),
    ("c-_Exit", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) { (void)a; (void)b; puts("HALO_RESULT 5 5"); '
     'fflush(stdout); _Exit(0); }', "runtime_error", 0.5),
    ("c-constructor", "gcc", ABS, STDIO + '__attribute__((constructor)) static void early(void) '
     '{ puts("HALO_RESULT 5 5"); fflush(stdout); _exit(0); }\n' + RET0, "tampering", 0.0),
    ("c-prioritized-constructor-reads-stdin", "gcc", ABS, STDIO + 'static char nonce[64];\n'
     '__attribute__((constructor(101))) static void steal(void) { if (read(0, nonce, 33) < 0) nonce[0] = 0; }\n'
     + RET0, "tampering", 0.0),
    ("c-destructor", "gcc", ABS, STDIO + '__attribute__((destructor)) static void late(void) '
     '{ puts("HALO_RESULT 5 5"); }\n' + RET0, "tampering", 0.0),
    ("c-init-array-section", "gcc", ABS, STDIO + 'static void early(void) { puts("HALO_RESULT 5 5"); _exit(0); }\n'
     '__attribute__((section(".init_array"), used)) static void (*hook)(void) = early;\n' + RET0, "tampering", 0.0),
    ("c-ifunc-resolver", "gcc", ABS, STDIO + 'static int impl(int a, int b) { (void)a; (void)b; return 0; }\n'
     'static int (*resolve(void))(int, int) { puts("HALO_RESULT 5 5"); _exit(0); return impl; }\n'
     'int abs_diff(int a, int b) __attribute__((ifunc("resolve")));\n', "tampering", 0.0),
    ("c-atexit-handler", "gcc", ABS, STDIO + 'static void late(void) { puts("HALO_RESULT 5 5"); }\n'
     'int abs_diff(int a, int b) { static int once; (void)a; (void)b; if (!once) { once = 1; atexit(late); } '
     'return 0; }\n', "wrong_answer", 0.76),
    ("c-signal-handler", "gcc", ABS, STDIO + '#include <signal.h>\nstatic void h(int s) { (void)s; '
     'puts("HALO_RESULT 5 5"); fflush(stdout); _exit(0); }\nint abs_diff(int a, int b) { (void)a; (void)b; '
     'signal(SIGSEGV, h); return *(volatile int *)0; }\n', "runtime_error", 0.5),
    ("c-printf-function", "gcc", ABS, '#include <stdarg.h>\n#include <unistd.h>\n'
     'int printf(const char *f, ...) { (void)f; return (int)write(1, "HALO_RESULT 5 5\\n", 16); }\n' + RET0,
     "tampering", 0.0),
    ("c-exit-function", "gcc", ABS, '#include <unistd.h>\nvoid exit(int c) { (void)c; _exit(0); }\n' + RET0,
     "tampering", 0.0),
    ("c-printf-macro", "gcc", ABS, '#include <stdio.h>\n#define printf(...) puts("HALO_RESULT 5 5")\n' + RET0,
     "wrong_answer", 0.76),
    ("c-define-harness-names", "gcc", ABS, "#define halo_total halo_passed\n#define CHECK(c) halo_passed++\n"
     "#define if(c) if (1)\n" + RET0, "wrong_answer", 0.76),
    ("c-own-main", "gcc", ABS, STDIO + '#undef main\nint main(void) { puts("HALO_RESULT 1 1"); return 0; }\n' + RET0,
     "tampering", 0.0),
    ("c-trailing-line-splice", "gcc", ABS, RET0.rstrip("\n") + " // \\", "wrong_answer", 0.76),
    ("c-unterminated-comment", "gcc", ABS, RET0 + "/*", "compile_error", 0.0),
    ("c-harness-statics-first", "gcc", ABS, "static int halo_passed = 5, halo_total = 5;\n" + RET0,
     "wrong_answer", 0.76),
    ("c-include-harness", "gcc", ABS, '#include "harness.c"\n' + RET0, "compile_error", 0.0),
    ("c-incbin-harness", "gcc", ABS, '__asm__(".incbin \\"harness.c\\"");\n' + RET0, "compile_error", 0.0),
    ("c-read-sources-at-run-time", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) {\n'
     '    FILE *f = fopen("harness.c", "r");\n    if (!f) f = fopen("solution.c", "r");\n'
     '    if (!f) exit(3);\n    fclose(f);\n    return a > b ? a - b : b - a;\n}\n', "runtime_error", 0.5),
    ("c-stdout-to-dev-null", "gcc", ABS, STDIO + '#include <fcntl.h>\nint abs_diff(int a, int b) {\n'
     '    static int once;\n    if (!once) { once = 1; dup2(open("/dev/null", O_WRONLY), 1); }\n'
     '    return a > b ? a - b : b - a;\n}\n', "runtime_error", 0.5),
    ("c-5000-digit-verdict", "gcc", ABS, STDIO + 'int abs_diff(int a, int b) { (void)a; (void)b; '
     f'puts("HALO_RESULT {FIVE_THOUSAND} {FIVE_THOUSAND}"); return 0; }}', "wrong_answer", 0.76),
    ("c-honest-solution", "gcc", ABS, RIGHT, "pass", 1.0),
    ("c-honest-inline-entry-point", "gcc", ABS, "inline int abs_diff(int a, int b) { return a > b ? a - b : b - a; }\n"
     "extern inline int abs_diff(int a, int b);\n", "pass", 1.0),
    ("cpp-honest-constexpr-entry-point", "gcc", "cpp/max-of-three", "constexpr int max3(int a, int b, int c) "
     "{ return a > b ? (a > c ? a : c) : (b > c ? b : c); }\n", "pass", 1.0),
    # --- C++: the same from a C++ unit, and return values that compare equal to anything ---------------
    ("cpp-operator-eq-always-true", "gcc", "cpp/max-of-three",
     "struct R { int v; bool operator==(int) const { return true; } };\n"
     "R max3(int a, int b, int c) { return R{a + b + c}; }\n", "tampering", 0.0),
    ("cpp-hidden-friend-operator", "gcc", "cpp/max-of-three",
     "struct R { int v; friend bool operator==(R, int) { return true; } };\n"
     "R max3(int a, int b, int c) { return R{a + b + c}; }\n", "tampering", 0.0),
    ("cpp-bool-and-not-always-true", "gcc", "cpp/is-prime",
     "struct B { operator bool() const { return true; } B operator!() const { return *this; } };\n"
     "B is_prime(long long) { return B{}; }\n", "tampering", 0.0),
    ("cpp-printf-overload", "gcc", "cpp/max-of-three",
     "#include <cstdio>\nint printf(const char *, int, int) { return std::puts(\"HALO_RESULT 7 7\"); }\n"
     "int max3(int a, int b, int c) { return a + b + c; }\n", "tampering", 0.0),
    ("cpp-global-object-exits", "gcc", "cpp/max-of-three",
     "#include <cstdio>\n#include <cstdlib>\nstatic struct Early { Early() { std::puts(\"HALO_RESULT 7 7\"); "
     "std::exit(0); } } early;\nint max3(int a, int b, int c) { return a + b + c; }\n", "runtime_error", 0.5),
    ("cpp-global-object-steals-nonce", "gcc", "cpp/max-of-three",
     "#include <cstdio>\n#include <unistd.h>\nstatic struct Steal { Steal() { char b[40] = {0}; lseek(0, 0, SEEK_SET);\n"
     "    if (read(0, b, 32) == 32) { std::printf(\"\\nHALO_VERDICT %s 7 7 0\\n\", b); std::fflush(stdout); _exit(0); }\n"
     "} } steal;\nint max3(int a, int b, int c) { return a + b + c; }\n", "wrong_answer", 0.7),
    ("c-calls-harness-main", "gcc", ABS, "int halo_harness_main(void);\nint abs_diff(int a, int b) { static int depth;\n"
     "    if (depth++ == 0) halo_harness_main();\n    return a > b ? a - b : b - a; }\n", "tampering", 0.0),
    ("cpp-init-priority", "gcc", "cpp/max-of-three",
     "#include <cstdio>\nstruct Early { Early() { std::puts(\"x\"); } };\n"
     "__attribute__((init_priority(101))) Early early;\nint max3(int a, int b, int c) { return a + b + c; }\n",
     "tampering", 0.0),
    ("cpp-define-check", "gcc", "cpp/max-of-three",
     "#define CHECK(...) halo_passed++\n#define printf(...) 0\nint max3(int a, int b, int c) { return a + b + c; }\n",
     "wrong_answer", 0.7),
    ("cpp-exit-in-entry-point", "gcc", "cpp/max-of-three",
     "#include <cstdio>\n#include <cstdlib>\nint max3(int, int, int) { std::printf(\"HALO_RESULT 7 7\\n\"); "
     "std::exit(0); }\n", "runtime_error", 0.5),
    ("cpp-clang-operator-eq", "clang", "cpp/max-of-three",
     "struct R { int v; bool operator==(int) const { return true; } };\n"
     "R max3(int a, int b, int c) { return R{a + b + c}; }\n", "compile_error", 0.0),  # no inline copy to link
    # --- Rust ------------------------------------------------------------------------------------------
    ("rust-print-verdict-and-exit", "rust", "rs/gcd", "fn gcd(_a: u64, _b: u64) -> u64 {\n"
     "    println!(\"HALO_RESULT 2 2\");\n    std::process::exit(0)\n}\n", "runtime_error", 0.5),
    ("rust-macro-println", "rust", "rs/gcd", "macro_rules! println { ($($t:tt)*) => { "
     "std::println!(\"HALO_RESULT 2 2\") } }\n" + RUST_WRONG, "tampering", 0.0),
    ("rust-use-as-println", "rust", "rs/gcd", "macro_rules! fake { ($($t:tt)*) => { "
     "std::println!(\"HALO_RESULT 2 2\") } }\nuse fake as println;\n" + RUST_WRONG, "tampering", 0.0),
    ("rust-no-main-export-name", "rust", "rs/gcd", "#![no_main]\n#[export_name = \"main\"]\n"
     "pub extern \"C\" fn fake() -> i32 { println!(\"HALO_RESULT 2 2\"); 0 }\n" + RUST_WRONG, "tampering", 0.0),
    ("rust-include-str-harness", "rust", "rs/gcd", "fn gcd(a: u64, b: u64) -> u64 {\n"
     "    let _src = include_str!(\"solution.rs\");\n    a + b - b\n}\n", "tampering", 0.0),
    ("rust-partial-eq-always-true", "rust", "rs/gcd", "pub struct Any;\nimpl PartialEq<i32> for Any { "
     "fn eq(&self, _: &i32) -> bool { true } }\nfn gcd(_a: u64, _b: u64) -> Any { Any }\n", "tampering", 0.0),
    ("rust-trait-alias-partial-eq", "rust", "rs/gcd", "use std::cmp::PartialEq as Same;\npub struct Any;\n"
     "impl Same<i32> for Any { fn eq(&self, _: &i32) -> bool { true } }\nfn gcd(_a: u64, _b: u64) -> Any { Any }\n",
     "tampering", 0.0),
    ("rust-macro-writes-impl", "rust", "rs/gcd", "pub struct Any;\nmacro_rules! make { ($t:ty) => { impl $t for Any "
     "{ fn eq(&self, _: &i32) -> bool { true } } } }\nmake!(PartialEq<i32>);\nfn gcd(_a: u64, _b: u64) -> Any { Any }\n",
     "tampering", 0.0),
    ("rust-read-source-at-run-time", "rust", "rs/gcd", "fn gcd(a: u64, b: u64) -> u64 {\n"
     "    let _ = std::fs::read_to_string(\"solution.rs\").unwrap();\n    if b == 0 { a } else { gcd(b, a % b) }\n}\n",
     "runtime_error", 0.5),
    ("rust-forged-line-then-wrong", "rust", "rs/gcd", "fn gcd(a: u64, b: u64) -> u64 {\n"
     "    println!(\"HALO_RESULT 2 2\");\n    a + b - b\n}\n", "wrong_answer", 0.7),
    ("rust-honest-solution", "rust", "rs/gcd", RUST_GCD, "pass", 1.0),
    # --- Go --------------------------------------------------------------------------------------------
    ("go-init-function", "go", "go/max", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc init() {\n"
     "\tfmt.Println(\"HALO_RESULT 2 2\")\n\tos.Exit(0)\n}\n\nfunc Max(a, b int) int {\n\treturn b\n}\n",
     "tampering", 0.0),
    ("go-os-exit-in-entry-point", "go", "go/max", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n"
     "func Max(a, b int) int {\n\tfmt.Println(\"HALO_RESULT 2 2\")\n\tos.Exit(0)\n\treturn a\n}\n",
     "runtime_error", 0.5),
    ("go-package-var-initializer", "go", "go/max", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n"
     "var _ = func() int {\n\tfmt.Println(\"HALO_RESULT 2 2\")\n\tos.Exit(0)\n\treturn 0\n}()\n\n"
     "func Max(a, b int) int {\n\treturn b\n}\n", "runtime_error", 0.5),
    ("go-read-harness-at-run-time", "go", "go/max", "package main\n\nimport \"os\"\n\nfunc Max(a, b int) int {\n"
     "\tif _, err := os.ReadFile(\"harness.go\"); err != nil {\n\t\tpanic(err)\n\t}\n\tif a > b {\n\t\treturn a\n"
     "\t}\n\treturn b\n}\n", "runtime_error", 0.5),
    ("go-embed-harness", "go", "go/max", "package main\n\nimport _ \"embed\"\n\n//go:embed harness.go\n"
     "var harness string\n\nfunc Max(a, b int) int {\n\treturn len(harness) + b\n}\n", "tampering", 0.0),
    ("go-forged-line-then-wrong", "go", "go/max", GO_WRONG.replace(
        "package main\n\n", "package main\n\nimport \"fmt\"\n\n").replace(
        "\treturn b", "\tfmt.Println(\"HALO_RESULT 2 2\")\n\treturn b"), "wrong_answer", 0.85),
    # --- compile-only: hidden warnings (an unused variable is the warning they hide) -------------------
    ("cc-pragma-gcc-diagnostic", "gcc-compile", "none", '#pragma GCC diagnostic ignored "-Wunused-variable"\n'
     "int main(void) { int unused; return 0; }\n", "compile_warning", 0.3),
    ("cc-pragma-clang-diagnostic", "clang-compile", "none", '#pragma clang diagnostic ignored "-Weverything"\n'
     "int main(void) { int unused; return 0; }\n", "compile_warning", 0.3),
    ("cc-pragma-push-all", "gcc-compile", "none", '#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored '
     '"-Wall"\nint main(void) { return 0; }\n#pragma GCC diagnostic pop\n', "compile_warning", 0.3),
    ("cc-_Pragma-in-macro", "gcc-compile", "none", '#define QUIET _Pragma("GCC diagnostic ignored \\"-Wunused\\"")\n'
     "QUIET\nint main(void) { int unused; return 0; }\n", "compile_warning", 0.3),
    ("cc-spliced-pragma", "gcc-compile", "none", '#pra\\\ngma GCC diagnostic ignored "-Wunused-variable"\n'
     "int main(void) { int unused; return 0; }\n", "compile_warning", 0.3),
    ("cc-line-into-harness", "gcc-compile", "none", '#line 1 "harness.c"\nint main(void) { int unused; return 0; }\n',
     "compile_warning", 0.3),
    ("cc-linemarker-system-header", "gcc-compile", "none", '# 1 "/usr/include/stdio.h" 3\n'
     "int main(void) { int unused; return 0; }\n", "compile_warning", 0.3),
    ("cc-clean-stays-clean", "gcc-compile", "none", "int main(void) { return 0; }\n", "compile_ok", 0.5),
    ("rust-allow-warnings", "rust-compile", "none", "#![allow(warnings)]\nfn main() { let unused = 1; }\n",
     "compile_warning", 0.3),
    ("rust-allow-attribute", "rust-compile", "none", "#[allow(unused_variables)]\nfn main() { let unused = 1; }\n",
     "compile_warning", 0.3),
    # --- numeric comparison -----------------------------------------------------------------------------
    ("numeric-near-integer", "gcc", "c/billion", '#include <stdio.h>\nint main(void) { puts("1000000999"); }\n',
     "wrong_answer", 0.7),
    ("numeric-integer-as-float", "gcc", "c/billion", '#include <stdio.h>\nint main(void) { puts("1000000000.4"); }\n',
     "wrong_answer", 0.7),
    ("numeric-digit-separator", "gcc", "c/billion", '#include <stdio.h>\nint main(void) { puts("1_000_000_000"); }\n',
     "wrong_answer", 0.7),
    ("numeric-float-within-tolerance", "gcc", "c/half", '#include <stdio.h>\nint main(void) { puts("2.5000000001"); }\n',
     "pass", 1.0),
    ("numeric-float-outside-tolerance", "gcc", "c/half", '#include <stdio.h>\nint main(void) { puts("2.50001"); }\n',
     "wrong_answer", 0.7),
]

VERIFIERS = {
    "gcc": lambda: GCCVerifier(run_after_compile=True, cache=False),
    "clang": lambda: ClangVerifier(run_after_compile=True, cache=False),
    "gcc-compile": lambda: GCCVerifier(cache=False),
    "clang-compile": lambda: ClangVerifier(cache=False),
    "rust": lambda: RustVerifier(run_after_compile=True, cache=False),
    "rust-compile": lambda: RustVerifier(cache=False),
    "go": lambda: GoVerifier(run_after_compile=True, cache=False),
}
NEEDS = {"rust": "rust", "rust-compile": "rust", "go": "go"}


def fence(code, task):
    language = task.language if task is not None else "c"
    return f"```{language}\n{code}\n```"


@pytest.fixture(scope="module")
def verdicts():
    """Every attack of the table, one verify_batch per verifier."""
    found = {}
    for kind, make in VERIFIERS.items():
        rows = [row for row in ATTACKS if row[1] == kind]
        if not rows or (kind in NEEDS and not toolchain_available(NEEDS[kind])):
            continue
        tasks = [TASKS[row[2]] for row in rows]
        verifier = make()
        try:
            results = verifier.verify_batch([fence(row[3], task) for row, task in zip(rows, tasks)], tasks=tasks)
        finally:
            verifier.cleanup()
        found.update({row[0]: result for row, result in zip(rows, results)})
    return found


def test_table_is_large_and_ids_are_unique():
    assert len(ATTACKS) >= 30
    assert len({row[0] for row in ATTACKS}) == len(ATTACKS)


def test_the_attack_tables_cover_every_judge():
    """This table (compiled languages, compile-only) and the Python judges' table in
    test_reward_integrity_python.py together: at least 45 attacks over every kind of judge."""
    from test_reward_integrity_python import ATTACKS as PYTHON_ATTACKS

    languages = {TASKS[row[2]].language for row in ATTACKS if TASKS[row[2]] is not None}
    kinds = {row[1] for row in ATTACKS} | {row[1] for row in PYTHON_ATTACKS}
    assert len(ATTACKS) + len(PYTHON_ATTACKS) >= 45
    assert {"c", "cpp", "rust", "go"} <= languages
    assert {"gcc-compile", "pytest", "unittest", "humaneval", "mbpp"} <= kinds


@pytest.mark.parametrize("attack, kind, task_id, code, status, reward", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_attack(verdicts, attack, kind, task_id, code, status, reward):
    if attack not in verdicts:
        pytest.skip(f"{NEEDS.get(kind, kind)} toolchain not installed")
    result = verdicts[attack]
    assert (result.status, result.reward) == (status, pytest.approx(reward)), result.details
    assert result.success == (status in ("pass", "compile_ok", "compile_warning")), result.details


def _fake_run(stdout, returncode=0):
    def run(argv, work, stdin="", limits=None, env=None, ro_binds=()):
        return sandbox.RunResult(returncode=returncode, stdout=stdout, stderr="", duration=0.01)
    return run


@pytest.mark.parametrize("stdout, nonce, status, reward", [
    (f"HALO_RESULT {FIVE_THOUSAND} {FIVE_THOUSAND}\n", None, "runtime_error", 0.5),
    ("HALO_VERDICT abc 5 5 0\nHALO_VERDICT abc 5 5 0\n", "abc", "tampering", 0.0),
    ("HALO_VERDICT xyz 5 5 0\n", "abc", "runtime_error", 0.5),
    ("HALO_RESULT 5 5\nHALO_RESULT 1 5\nHALO_VERDICT abc -1 -1 1\n", "abc", "tampering", 0.0),
    ("HALO_RESULT 1 5\nHALO_VERDICT abc -1 -1 1\n", "abc", "wrong_answer", 0.76),
    ("HALO_VERDICT abc 5 5 0\n", "abc", "pass", 1.0),
    (f"HALO_VERDICT abc {FIVE_THOUSAND} 5 0\n", "abc", "runtime_error", 0.5),
])
def test_verdict_parsing(stdout, nonce, status, reward):
    """Only one verdict line with this run's nonce counts; huge numbers never reach int()."""
    outcome = run_harness(["./solution"], None, sandbox.Limits(), run=_fake_run(stdout), nonce=nonce)
    assert (outcome.status.value, outcome.reward) == (status, pytest.approx(reward))


def test_rust_warning_location_with_5000_digits():
    stderr = f"warning: unused variable: `x`\n --> solution.rs:{FIVE_THOUSAND}:9\n"
    assert count_rust_warnings(stderr, candidate_lines=3) == 1


@pytest.mark.parametrize("actual, expected, same", [
    ("1000000999", "1000000000", False), ("1_000", "1000", False), ("1000.0", "1000", True),
    ("1e3", "1000", True), ("-0", "0", True), ("\u0661\u0660\u0660\u0660", "1000", False),
    ("2.5000000001", "2.5", True), ("2.50001", "2.5", False), ("inf", "1e308", False),
    ("1" * 5000, "1", False), ("12 abc", "12 abc", True), ("12 abd", "12 abc", False),
    ("0x10", "16", False), ("3", "3.0", True), ("nan", "2.5", False),
])
def test_numeric_compare(actual, expected, same):
    assert outputs_match(actual, expected, "numeric") is same


@pytest.mark.parametrize("text", [
    "\n" * 100_000 + "```c\nint main(void) { return 0; }\n```",
    "int main(void) {\n" + "\n" * 100_000 + "}",
    "int f(int a,\n" * 100_000,
    "<code>" * 100_000,
    "```c\n" * 100_000,
    ("x " * 50 + "\n") * 100_000,
    "`" * 100_000,
    "```c\nint main(void) { return 0; }\n```\n```c\n" + "\n" * 100_000 + "int x;\n```",
    "```c\nint main(void) { return 0; }\n```\n```c\n" + "int a\n" * 100_000 + "```",
    "```c\nint main(void) { return 0; }\n```\n```c\n" + "int f(int a,\n" * 100_000 + "```",
    "```c\nint main(void) { return 0; }\n```\n```c\n" + "x\n\n" * 50_000 + "int g(void) {}\n```",
])
def test_extraction_is_linear(text):
    """100,000 lines in well under a second on a quiet machine; the limit leaves room for a loaded one
    (the quadratic pattern this replaces took about a minute on 12,000 lines)."""
    start = time.perf_counter()
    extract_code(text, "c")
    assert time.perf_counter() - start < 3.0
