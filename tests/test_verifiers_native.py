"""Rust and Go verifiers in the real sandbox: the reward ladder from compile error to correct output."""

import pytest

from halo_forge.rlvr.verifiers import GoVerifier, RustVerifier
from halo_forge.rlvr.verifiers.rust_go import toolchain_available
from halo_forge.tasks import Task, TestCase

TESTS = [TestCase(stdin="1 2\n", expected_stdout="3\n"), TestCase(stdin="5 7\n", expected_stdout="12\n"),
         TestCase(stdin="-4 4\n", expected_stdout="0\n"), TestCase(stdin="2 2\n", expected_stdout="4\n")]


def fence(language: str, code: str) -> str:
    return f"```{language}\n{code}```"


# ------------------------------------------------------------------------------------------------- Rust

RUST_READ = ("use std::io::Read;\nfn main() {\n    let mut s = String::new();\n"
             "    std::io::stdin().read_to_string(&mut s).unwrap();\n"
             "    let v: Vec<i64> = s.split_whitespace().map(|x| x.parse().unwrap()).collect();\n")
RUST = {
    "correct": RUST_READ + "    println!(\"{}\", v[0] + v[1]);\n}\n",
    "wrong": RUST_READ + "    println!(\"{}\", v[0] * v[1]);\n}\n",                      # passes 2 2 only
    "crash": RUST_READ + "    let w: Vec<i64> = Vec::new();\n    println!(\"{}\", w[5] + v[0]);\n}\n",
    "warning": RUST_READ + "    let unused = 3;\n    println!(\"{}\", v[0] + v[1]);\n}\n",
    "compile error": "fn main() {\n    let x: i32 = \"text\";\n}\n",
    "hello": "fn main() {\n    println!(\"hi\");\n}\n",
}

rust = pytest.mark.skipif(not toolchain_available("rust"), reason="needs Debian rustc (/usr/bin/rustc)")
go = pytest.mark.skipif(not toolchain_available("go"), reason="needs Debian golang-go (/usr/bin/go)")

RUST_TABLE = [
    # (name, completion, run_after_compile, status, reward)
    ("compile error", RUST["compile error"], False, "compile_error", 0.0),
    ("warnings", RUST["warning"], False, "compile_warning", 0.3),
    ("clean", RUST["correct"], False, "compile_ok", 0.5),
    ("runs, no expected output", RUST["hello"], True, "runs", 0.7),
    ("correct", RUST["correct"], True, "pass", 1.0),
    ("wrong answer, 1 of 4", RUST["wrong"], True, "wrong_answer", 0.775),
    ("crash (panic)", RUST["crash"], True, "runtime_error", 0.5),
]


@rust
def test_rust_ladder():
    task = Task(task_id="rs/add", prompt="add", language="rust", tests=TESTS)
    hello_task = Task(task_id="rs/hi", prompt="hi", language="rust")
    compile_only, running = RustVerifier(max_workers=2), RustVerifier(run_after_compile=True, max_workers=2)
    with compile_only, running:
        got = []
        for name, code, run, status, reward in RUST_TABLE:
            verifier = running if run else compile_only
            result = verifier.verify(fence("rust", code), hello_task if name.startswith("runs") else task)
            got.append((name, result.status, result.reward, result.success))
    assert got == [(name, status, reward, status in ("compile_warning", "compile_ok", "runs", "pass"))
                   for name, _, _, status, reward in RUST_TABLE]


@rust
def test_rust_warn_as_error_and_expected_output():
    with RustVerifier(warn_as_error=True, max_workers=1) as strict:
        assert strict.verify(fence("rust", RUST["warning"])).status == "compile_error"
    with RustVerifier(run_after_compile=True, expected_output="hi\n", max_workers=1) as verifier:
        assert verifier.verify(fence("rust", RUST["hello"])).reward == 1.0
        assert verifier.verify(fence("rust", RUST["hello"].replace("hi", "ho"))).status == "wrong_answer"


@rust
def test_rust_function_task_with_harness():
    harness = ("fn main() {\n    let mut passed = 0;\n    if gcd(12, 18) == 6 { passed += 1; }\n"
               "    if gcd(7, 5) == 1 { passed += 1; }\n    println!(\"HALO_RESULT {} 2\", passed);\n"
               "    std::process::exit(if passed == 2 { 0 } else { 1 });\n}\n")
    task = Task(task_id="rs/gcd", prompt="gcd", language="rust", test_code=harness, entry_point="gcd")
    good = "fn gcd(a: u64, b: u64) -> u64 {\n    if b == 0 { a } else { gcd(b, a % b) }\n}\n"
    with RustVerifier(run_after_compile=True, max_workers=1) as verifier:
        assert verifier.verify(fence("rust", good), task).status == "pass"
        with_main = verifier.verify(fence("rust", good + "fn main() { println!(\"{}\", gcd(4, 6)); }\n"), task)
        assert with_main.status == "pass", with_main.details
        wrong = verifier.verify(fence("rust", "fn gcd(a: u64, b: u64) -> u64 { a + b - b }\n"), task)
        assert (wrong.status, wrong.reward) == ("wrong_answer", 0.7)


# --------------------------------------------------------------------------------------------------- Go

GO_READ = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar a, b int\n\tfmt.Scan(&a, &b)\n"
GO = {
    "correct": GO_READ + "\tfmt.Println(a + b)\n}\n",
    "wrong": GO_READ + "\tfmt.Println(a * b)\n}\n",
    "crash": GO_READ + "\tvar s []int\n\tfmt.Println(s[a+10] + b)\n}\n",
    "vet warning": GO_READ + "\tfmt.Printf(\"%d\\n\", \"sum\", a+b)\n}\n",
    "compile error": "package main\n\nfunc main() {\n\tx := 1\n}\n",                # x declared and not used
    "hello": "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
}
GO_TABLE = [
    ("compile error", GO["compile error"], False, "compile_error", 0.0),
    ("clean", GO["correct"], False, "compile_ok", 0.5),
    ("runs, no expected output", GO["hello"], True, "runs", 0.7),
    ("correct", GO["correct"], True, "pass", 1.0),
    ("wrong answer, 1 of 4", GO["wrong"], True, "wrong_answer", 0.775),
    ("crash (panic)", GO["crash"], True, "runtime_error", 0.5),
]


@go
def test_go_ladder():
    task = Task(task_id="go/add", prompt="add", language="go", tests=TESTS)
    hello_task = Task(task_id="go/hi", prompt="hi", language="go")
    compile_only, running = GoVerifier(max_workers=2), GoVerifier(run_after_compile=True, max_workers=2)
    with compile_only, running:
        got = []
        for name, code, run, status, reward in GO_TABLE:
            verifier = running if run else compile_only
            result = verifier.verify(fence("go", code), hello_task if name.startswith("runs") else task)
            got.append((name, result.status, result.reward, result.success))
    assert got == [(name, status, reward, status in ("compile_ok", "runs", "pass"))
                   for name, _, _, status, reward in GO_TABLE]


@go
def test_go_vet_findings_are_warnings():
    with GoVerifier(vet=True, max_workers=1) as verifier:
        flagged = verifier.verify(fence("go", GO["vet warning"]))
        clean = verifier.verify(fence("go", GO["correct"]))
    assert (flagged.status, flagged.reward) == ("compile_warning", 0.3), flagged.details
    assert (clean.status, clean.reward) == ("compile_ok", 0.5)


@go
def test_go_function_task_with_harness_and_missing_package_clause():
    harness = ("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tpassed := 0\n"
               "\tif Max(3, 9) == 9 {\n\t\tpassed++\n\t}\n\tif Max(-1, -5) == -1 {\n\t\tpassed++\n\t}\n"
               "\tfmt.Printf(\"HALO_RESULT %d 2\\n\", passed)\n}\n")
    task = Task(task_id="go/max", prompt="max", language="go", test_code=harness, entry_point="Max")
    good = "func Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n"
    with GoVerifier(run_after_compile=True, max_workers=1) as verifier:
        result = verifier.verify(fence("go", good), task)
        assert result.status == "pass", result.details
        half = verifier.verify(fence("go", "func Max(a, b int) int {\n\treturn b\n}\n"), task)
        assert (half.status, half.reward) == ("wrong_answer", 0.85)
