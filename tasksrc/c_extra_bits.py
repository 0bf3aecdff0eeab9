"""Extra C bit-manipulation tasks (ids c/x-...; gnu17)."""

from tasksrc._harness import c_harness


def _parity(stdin):
    return "odd\n" if bin(int(stdin.split()[0])).count("1") % 2 else "even\n"


def _highest_pow2(stdin):
    n = int(stdin.split()[0])
    return f"{1 << (n.bit_length() - 1)}\n"


def _bit_positions(stdin):
    n = int(stdin.split()[0])
    return " ".join(str(i) for i in range(32) if n >> i & 1) + "\n"


TASKS = [
    {
        "id": "c/x-set-bit",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C function `unsigned int set_bit(unsigned int x, int k)` that returns x with bit "
                  "k set to 1 (0 <= k <= 31; bit 0 is the least significant). Do not write a main function.",
        "entry_point": "set_bit",
        "solution": "unsigned int set_bit(unsigned int x, int k) {\n    return x | (1u << k);\n}\n",
        "test_code": c_harness(r'''
    CHECK(set_bit(0u, 0) == 1u);
    CHECK(set_bit(0u, 3) == 8u);
    CHECK(set_bit(8u, 3) == 8u);
    CHECK(set_bit(5u, 1) == 7u);
    CHECK(set_bit(0u, 31) == 0x80000000u);
'''),
        "wrong": "unsigned int set_bit(unsigned int x, int k) { return x ^ (1u << k); }\n",
    },
    {
        "id": "c/x-clear-lowest-bit",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C function `unsigned int clear_lowest(unsigned int x)` that returns x with its "
                  "lowest (least significant) 1 bit changed to 0; clear_lowest(0) is 0. Do not write a main "
                  "function.",
        "entry_point": "clear_lowest",
        "solution": "unsigned int clear_lowest(unsigned int x) {\n    return x & (x - 1u);\n}\n",
        "test_code": c_harness(r'''
    CHECK(clear_lowest(0u) == 0u);
    CHECK(clear_lowest(1u) == 0u);
    CHECK(clear_lowest(12u) == 8u);
    CHECK(clear_lowest(7u) == 6u);
    CHECK(clear_lowest(0x80000000u) == 0u);
    CHECK(clear_lowest(0xFFFFFFFFu) == 0xFFFFFFFEu);
'''),
        "wrong": "unsigned int clear_lowest(unsigned int x) { return x & ~1u; }\n",
    },
    {
        "id": "c/x-count-trailing-zeros",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C function `int trailing_zeros(unsigned int x)` that returns the number of "
                  "consecutive 0 bits at the least significant end of the 32-bit value x; for x = 0 it "
                  "returns 32. Do not write a main function.",
        "entry_point": "trailing_zeros",
        "solution": r'''int trailing_zeros(unsigned int x) {
    if (x == 0) return 32;
    int n = 0;
    while ((x & 1u) == 0) {
        x >>= 1;
        n++;
    }
    return n;
}
''',
        "test_code": c_harness(r'''
    CHECK(trailing_zeros(1u) == 0);
    CHECK(trailing_zeros(8u) == 3);
    CHECK(trailing_zeros(12u) == 2);
    CHECK(trailing_zeros(0u) == 32);
    CHECK(trailing_zeros(0x80000000u) == 31);
    CHECK(trailing_zeros(0xFFFFFFFFu) == 0);
'''),
        "wrong": "int trailing_zeros(unsigned int x) { int n = 0; while (x && !(x & 1u)) { x >>= 1; n++; } return n; "
                 "}\n",
    },
    {
        "id": "c/x-bit-parity",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads a non-negative integer n (0 <= n <= 4294967295) from standard "
                  "input and prints `even` if the number of 1 bits in its binary representation is even, or "
                  "`odd` if it is odd, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned long long n;
    if (scanf("%llu", &n) != 1) return 1;
    int ones = 0;
    for (; n; n >>= 1) ones += (int)(n & 1u);
    puts(ones % 2 ? "odd" : "even");
    return 0;
}
''',
        "inputs": ["7\n", "0\n", "1\n", "3\n", "4294967295\n", "2147483648\n"],
        "oracle": _parity,
        "wrong": "#include <stdio.h>\nint main(void) { unsigned long long n; scanf(\"%llu\", &n); puts(n % 2 ? \"odd\" "
                 ": \"even\"); "
                 "return 0; }\n",
    },
    {
        "id": "c/x-highest-power-of-two",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 10^18) from standard input and prints "
                  "the largest power of two that is less than or equal to n, followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned long long n, p = 1;
    if (scanf("%llu", &n) != 1) return 1;
    while (p <= n / 2) p <<= 1;
    printf("%llu\n", p);
    return 0;
}
''',
        "inputs": ["10\n", "1\n", "2\n", "3\n", "1024\n", "1000000000000000000\n", "576460752303423488\n"],
        "oracle": _highest_pow2,
        "wrong": "#include <stdio.h>\nint main(void) { long long n; scanf(\"%lld\", &n); int p = 1; while (p * 2 <= n "
                 "&& p < (1 << 30)) "
                 "p *= 2; printf(\"%d\\n\", p); return 0; }\n",
    },
    {
        "id": "c/x-set-bit-positions",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads a non-negative integer n (0 <= n <= 4294967295) from standard "
                  "input and prints the positions of its 1 bits in increasing order (bit 0 is the least "
                  "significant), separated by single spaces on one line, followed by a newline. For n = 0 "
                  "print an empty line. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned long long n;
    if (scanf("%llu", &n) != 1) return 1;
    int first = 1;
    for (int i = 0; i < 32; i++) {
        if (n >> i & 1u) {
            printf(first ? "%d" : " %d", i);
            first = 0;
        }
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["10\n", "0\n", "1\n", "4294967295\n", "2147483648\n"],
        "oracle": _bit_positions,
    },
    {
        "id": "c/x-next-same-popcount",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "hard",
        "prompt": "Write a C function `unsigned int next_same_bits(unsigned int x)` that returns the smallest "
                  "unsigned 32-bit integer greater than x that has the same number of 1 bits as x. x is "
                  "non-zero and such a number always exists for the given inputs. It must be fast (no "
                  "counting upward one by one: inputs like 0x7FFFFFFF must return immediately). Do not write "
                  "a main function.",
        "entry_point": "next_same_bits",
        "solution": r'''unsigned int next_same_bits(unsigned int x) {
    unsigned int smallest = x & (0u - x);
    unsigned int ripple = x + smallest;
    unsigned int ones = x ^ ripple;
    ones = (ones >> 2) / smallest;
    return ripple | ones;
}
''',
        "test_code": c_harness(r'''
    CHECK(next_same_bits(1u) == 2u);
    CHECK(next_same_bits(3u) == 5u);
    CHECK(next_same_bits(6u) == 9u);
    CHECK(next_same_bits(7u) == 11u);
    CHECK(next_same_bits(12u) == 17u);
    CHECK(next_same_bits(0x40000000u) == 0x80000000u);
    CHECK(next_same_bits(0x7FFFFFFFu) == 0xBFFFFFFFu);
    CHECK(next_same_bits(0x0000FFFFu) == 0x00017FFFu);
'''),
        "wrong": "unsigned int next_same_bits(unsigned int x) { return x << 1; }\n",
    },
]
