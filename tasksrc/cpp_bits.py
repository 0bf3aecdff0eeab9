"""C++ bit-manipulation tasks (g++ -std=c++17)."""

from tasksrc._cpp_harness import cpp_harness as _harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _single(stdin):
    v = _ints(stdin)[1:]
    for x in v:
        if v.count(x) == 1:
            return f"{x}\n"
    raise ValueError("no single value")


def _gray(stdin):
    n = _ints(stdin)[0]
    return "".join(format(i ^ (i >> 1), f"0{n}b") + "\n" for i in range(1 << n))


def _subset_count(stdin):
    v = _ints(stdin)
    n, target, a = v[0], v[1], v[2:2 + v[0]]
    ways = {0: 1}  # subset sum -> number of subsets of the positions seen so far
    for x in a:
        grown = dict(ways)
        for s, c in ways.items():
            grown[s + x] = grown.get(s + x, 0) + c
        ways = grown
    return f"{ways.get(target, 0)}\n"


TASKS = [
    {
        "id": "cpp/popcount",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int popcount(unsigned int x)` that returns the number of 1 bits in "
                  "the binary representation of x (a 32-bit unsigned integer). Do not write a main function.",
        "entry_point": "popcount",
        "solution": r'''int popcount(unsigned int x) {
    int n = 0;
    while (x != 0) {
        n += (int)(x & 1u);
        x >>= 1;
    }
    return n;
}
''',
        "test_code": _harness(r'''    CHECK(popcount(0u) == 0);
    CHECK(popcount(1u) == 1);
    CHECK(popcount(7u) == 3);
    CHECK(popcount(8u) == 1);
    CHECK(popcount(0xFFFFFFFFu) == 32);
    CHECK(popcount(0x80000000u) == 1);
'''),
        "wrong": "int popcount(unsigned int x) { int n = 0; while (x > 1) { n += x & 1; x >>= 1; } return n; }\n",
    },
    {
        "id": "cpp/to-binary",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads a non-negative integer n (0 <= n <= 1000000000) from "
                  "standard input and prints n in binary (base 2) without leading zeros, followed by a "
                  "newline; 0 prints `0`. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    long long n = 0;
    std::cin >> n;
    std::string bits;
    do {
        bits.insert(bits.begin(), char('0' + (n & 1)));
        n >>= 1;
    } while (n > 0);
    std::cout << bits << "\n";
    return 0;
}
''',
        "inputs": ["5\n", "0\n", "1\n", "1024\n", "1000000000\n"],
        "oracle": lambda stdin: format(_ints(stdin)[0], "b") + "\n",
    },
    {
        "id": "cpp/is-power-of-two",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C++ function `bool is_pow2(long long n)` that returns true if n is a power of two "
                  "(1, 2, 4, 8, ...) and false otherwise; zero and negative numbers are not powers of two. "
                  "Do not write a main function.",
        "entry_point": "is_pow2",
        "solution": "bool is_pow2(long long n) {\n    return n > 0 && (n & (n - 1)) == 0;\n}\n",
        "test_code": _harness(r'''    CHECK(is_pow2(1));
    CHECK(is_pow2(2));
    CHECK(is_pow2(1024));
    CHECK(!is_pow2(0));
    CHECK(!is_pow2(-8));
    CHECK(!is_pow2(6));
    CHECK(is_pow2(1LL << 62));
    CHECK(!is_pow2((1LL << 62) + 1));
'''),
        "wrong": "bool is_pow2(long long n) { return (n & (n - 1)) == 0; }\n",
    },
    {
        "id": "cpp/reverse-bits",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C++ function `unsigned int reverse_bits(unsigned int x)` that returns x with the "
                  "order of its 32 bits reversed (bit 0 becomes bit 31, bit 1 becomes bit 30, and so on). "
                  "Do not write a main function.",
        "entry_point": "reverse_bits",
        "solution": r'''unsigned int reverse_bits(unsigned int x) {
    unsigned int r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1u);
        x >>= 1;
    }
    return r;
}
''',
        "test_code": _harness(r'''    CHECK(reverse_bits(0u) == 0u);
    CHECK(reverse_bits(1u) == 0x80000000u);
    CHECK(reverse_bits(0x80000000u) == 1u);
    CHECK(reverse_bits(0xFFFFFFFFu) == 0xFFFFFFFFu);
    CHECK(reverse_bits(6u) == 0x60000000u);
    CHECK(reverse_bits(43261596u) == 964176192u);
'''),
        "wrong": "unsigned int reverse_bits(unsigned int x) { unsigned int r = 0; while (x) { r = (r << 1) | (x & 1u); "
                 "x >>= 1; } return r; }\n",
    },
    {
        "id": "cpp/single-number",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an odd integer n (1 <= n <= 99999) and then n integers "
                  "(each between -1000000000 and 1000000000) from standard input. Every value occurs exactly "
                  "twice except one value that occurs exactly once; print that value followed by a newline. "
                  "Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    long long x = 0, acc = 0;
    for (int i = 0; i < n; i++) {
        std::cin >> x;
        acc ^= x;
    }
    std::cout << acc << "\n";
    return 0;
}
''',
        "inputs": ["5\n4 1 2 1 2\n", "1\n-7\n", "3\n0 5 5\n", "3\n-1000000000 1000000000 -1000000000\n",
                   "7\n3 -3 3 9 -3 8 8\n"],
        "oracle": _single,
        "wrong": "#include <iostream>\nint main() { int n; std::cin >> n; long long x = 0; std::cin >> x; "
                 "std::cout << x << \"\\n\"; }\n",
    },
    {
        "id": "cpp/hamming-distance",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int hamming(unsigned int a, unsigned int b)` that returns the number "
                  "of bit positions in which the 32-bit unsigned integers a and b differ. Do not write a main "
                  "function.",
        "entry_point": "hamming",
        "solution": r'''int hamming(unsigned int a, unsigned int b) {
    unsigned int x = a ^ b;
    int n = 0;
    for (; x != 0; x &= x - 1) n++;
    return n;
}
''',
        "test_code": _harness(r'''    CHECK(hamming(1u, 4u) == 2);
    CHECK(hamming(0u, 0u) == 0);
    CHECK(hamming(7u, 7u) == 0);
    CHECK(hamming(0u, 0xFFFFFFFFu) == 32);
    CHECK(hamming(3u, 1u) == 1);
'''),
        "wrong": "int hamming(unsigned int a, unsigned int b) { return a > b ? (int)(a - b) : (int)(b - a); }\n",
    },
    {
        "id": "cpp/gray-code",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 10) from standard input and prints "
                  "the n-bit reflected binary Gray code sequence: 2^n lines, line i (counting from 0) holding "
                  "i XOR (i >> 1) written in binary with exactly n digits (leading zeros kept). Print nothing "
                  "else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    int n = 1;
    std::cin >> n;
    for (int i = 0; i < (1 << n); i++) {
        int g = i ^ (i >> 1);
        std::string s(n, '0');
        for (int b = 0; b < n; b++)
            if (g >> b & 1) s[n - 1 - b] = '1';
        std::cout << s << "\n";
    }
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "10\n"],
        "oracle": _gray,
    },
    {
        "id": "cpp/subset-sum-count",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads from standard input an integer n (0 <= n <= 18), a target "
                  "integer T (|T| <= 10^9) and then n integers (each between -1000000 and 1000000). Print the "
                  "number of subsets of the n positions (the empty subset included, whose sum is 0) whose "
                  "elements sum to T, followed by a newline. Positions are distinct even if values repeat. "
                  "Print nothing else.",
        "solution": r'''#include <iostream>
#include <vector>
int main() {
    int n = 0;
    long long target = 0;
    std::cin >> n >> target;
    std::vector<long long> a(n);
    for (auto &x : a) std::cin >> x;
    long long count = 0;
    for (int mask = 0; mask < (1 << n); mask++) {
        long long s = 0;
        for (int i = 0; i < n; i++)
            if (mask >> i & 1) s += a[i];
        if (s == target) count++;
    }
    std::cout << count << "\n";
    return 0;
}
''',
        "inputs": ["4 5\n1 2 3 4\n", "0 0\n", "0 3\n", "3 0\n1 -1 0\n", "5 2\n1 1 1 1 1\n",
                   "18 0\n" + " ".join(["0"] * 18) + "\n", "18 9000000\n" + " ".join(["1000000"] * 18) + "\n"],
        "oracle": _subset_count,
        "wrong": "#include <iostream>\n#include <vector>\nint main() { int n; long long t; std::cin >> n >> t; "
                 "std::vector<long long> a(n); for (auto &x : a) std::cin >> x; long long c = 0; "
                 "for (int m = 1; m < (1 << n); m++) { long long s = 0; for (int i = 0; i < n; i++) "
                 "if (m >> i & 1) s += a[i]; if (s == t) c++; } std::cout << c << \"\\n\"; }\n",
    },
]
