"""Code extraction from real-looking model answers: (answer, task language, expected code)."""

import pytest

from halo_forge.rlvr.verifiers.extract import extract_code, normalize_tag

MAIN_C = '#include <stdio.h>\nint main(void) {\n    printf("%d\\n", 3);\n    return 0;\n}'
MAIN_CPP = '#include <iostream>\nint main() {\n    std::cout << 3 << std::endl;\n}'
GCD = "int gcd(int a, int b) {\n    while (b) { int t = a % b; a = b; b = t; }\n    return a;\n}"
PY = "def add(a, b):\n    return a + b"

CASES = [
    ("plain c fence", f"```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("upper-case C tag", f"Here is the program:\n\n```C\n{MAIN_C}\n```\n", "c", MAIN_C),
    ("cpp tag", f"```cpp\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("c++ tag", f"Sure!\n```c++\n{MAIN_CPP}\n```\nThis prints 3.", "cpp", MAIN_CPP),
    ("C++ tag", f"```C++\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("cxx tag", f"```cxx\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("cc tag", f"```cc\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("h tag", f"```h\n{GCD}\n```", "c", GCD),
    ("python tag", f"```python\n{PY}\n```", "python", PY),
    ("py tag", f"```py\n{PY}\n```", "python", PY),
    ("no tag", f"```\n{MAIN_C}\n```", "c", MAIN_C),
    ("tag typo pyhton", f"```pyhton\n{PY}\n```", "python", PY),
    ("tag with attributes", f"```c title=\"main.c\"\n{MAIN_C}\n```", "c", MAIN_C),
    ("pandoc tag", f"```{{.cpp}}\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("tilde fence", f"~~~c\n{MAIN_C}\n~~~", "c", MAIN_C),
    ("tag on its own line (upstream bug)", f"```\nc\n{MAIN_C}\n```", "c", MAIN_C),
    ("unclosed fence", f"Let me write it.\n```c\n{MAIN_C}\n", "c", MAIN_C),
    ("prose, code, output block",
     f"The program reads nothing.\n```c\n{MAIN_C}\n```\nOutput:\n```\n3\n```\n", "c", MAIN_C),
    ("shell command first",
     f"Compile with:\n```bash\ngcc main.c -o main\n```\nCode:\n```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("task language wins over another",
     f"In Python:\n```python\nprint(3)\n```\nIn C:\n```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("cpp task, block tagged c", f"```c\n{MAIN_CPP}\n```", "cpp", MAIN_CPP),
    ("c task, block tagged cpp, output untagged", f"```cpp\n{MAIN_C}\n```\n```\n3\n```", "c", MAIN_C),
    ("helper block + main block joined",
     f"First the helper:\n```c\n{GCD}\n```\nThen main:\n```c\n#include <stdio.h>\nint main(void) {{\n"
     f"    printf(\"%d\\n\", gcd(4, 6));\n}}\n```",
     "c", f"#include <stdio.h>\n\n{GCD}\nint main(void) {{\n    printf(\"%d\\n\", gcd(4, 6));\n}}"),
    ("repeated block once",
     f"```c\n{MAIN_C}\n```\nAgain, the full code:\n```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("function then full program repeating it",
     f"```c\n{GCD}\n```\nFull program:\n```c\n#include <stdio.h>\n{GCD}\nint main(void) {{ return gcd(2, 4); }}\n```",
     "c", f"#include <stdio.h>\n{GCD}\nint main(void) {{ return gcd(2, 4); }}"),
    ("two full versions, last wins",
     f"First try:\n```c\nint main(void) {{ return 1; }}\n```\nFixed:\n```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("code tags", f"<code>\n{MAIN_C}\n</code>", "c", MAIN_C),
    ("code tag with class and entities",
     "<code class=\"language-cpp\">#include &lt;iostream&gt;\nint main() { std::cout &lt;&lt; 3; }</code>",
     "cpp", "#include <iostream>\nint main() { std::cout << 3; }"),
    ("raw code", MAIN_C, "c", MAIN_C),
    ("raw code with prose around",
     f"Sure, here is the solution:\n{MAIN_C}\nThis program prints 3.", "c", MAIN_C),
    ("raw python", f"{PY}\n", "python", PY),
    ("chat end marker", f"```c\n{MAIN_C}\n```<|im_end|>\n<|im_start|>user", "c", MAIN_C),
    ("crlf line endings", f"```c\r\n{MAIN_C.replace(chr(10), chr(13) + chr(10))}\r\n```", "c", MAIN_C),
    ("indented fence in a list", f"1. The code:\n   ```c\n{MAIN_C}\n   ```", "c", MAIN_C),
    ("new fence without closing the first",
     f"```text\nsample output 3\n```c\n{MAIN_C}\n```", "c", MAIN_C),
    ("no task language: first tagged language", f"```rust\nfn main() {{}}\n```", None, "fn main() {}"),
    ("go tag", "```golang\npackage main\nfunc main() {}\n```", "go", "package main\nfunc main() {}"),
]


@pytest.mark.parametrize("answer,language,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_extract_real_answers(answer, language, expected):
    assert extract_code(answer, language) == expected


@pytest.mark.parametrize("answer", ["", "   \n", "I cannot help with that.",
                                    "The answer is 42. Use a loop and print it."])
def test_no_code_is_none(answer):
    assert extract_code(answer, "c") is None


@pytest.mark.parametrize("raw,tag", [("C", "c"), ("c++", "cpp"), ("CPP", "cpp"), ("Cxx", "cpp"),
                                     ("python3", "python"), ("rs", "rust"), ("bash", "other:bash"),
                                     ("", ""), ("language-c", "c"), ("c++17", "cpp")])
def test_normalize_tag(raw, tag):
    assert normalize_tag(raw) == tag


def test_table_is_large_enough():
    assert len(CASES) >= 25
