"""C tasks: bit manipulation."""

from functools import reduce

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _gray_codes(stdin):
    n = int(stdin)
    return "".join(format(i ^ (i >> 1), f"0{n}b") + "\n" for i in range(1 << n))


TASKS = [
    {
        "id": "c/to-binary",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads a non-negative integer n (at most 1000000000) from standard "
                  "input and prints n in binary (base 2) without leading zeros, followed by a newline; 0 is "
                  "printed as 0. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long n;
    char bits[64];
    int len = 0;
    if (scanf("%ld", &n) != 1) return 1;
    do { bits[len++] = (char)('0' + n % 2); n /= 2; } while (n > 0);
    while (len > 0) putchar(bits[--len]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["5\n", "0\n", "1\n", "1000000000\n", "255\n"],
        "oracle": lambda s: format(int(s), "b") + "\n",
    },
    {
        "id": "c/count-set-bits",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads a non-negative integer n (at most 4294967295) from standard "
                  "input and prints the number of 1 bits in its binary representation, followed by a newline. "
                  "Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned long long n;
    int count = 0;
    if (scanf("%llu", &n) != 1) return 1;
    while (n) { count += (int)(n & 1); n >>= 1; }
    printf("%d\n", count);
    return 0;
}
''',
        "inputs": ["7\n", "0\n", "4294967295\n", "1024\n", "12345\n"],
        "oracle": lambda s: f"{bin(int(s)).count('1')}\n",
    },
    {
        "id": "c/and-or-xor",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads two non-negative integers a and b (each less than 2147483648) "
                  "from standard input and prints a AND b, a OR b and a XOR b (bitwise) on one line separated "
                  "by single spaces, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned a, b;
    if (scanf("%u %u", &a, &b) != 2) return 1;
    printf("%u %u %u\n", a & b, a | b, a ^ b);
    return 0;
}
''',
        "inputs": ["12 10\n", "0 0\n", "2147483647 1\n", "5 5\n"],
        "oracle": lambda s: (lambda a, b: f"{a & b} {a | b} {a ^ b}\n")(*_ints(s)),
    },
    {
        "id": "c/reverse-bits",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C program that reads a non-negative integer n (at most 4294967295) from standard "
                  "input, treats it as a 32-bit unsigned value, reverses the order of its 32 bits (bit 0 "
                  "becomes bit 31 and so on), and prints the resulting value in decimal followed by a newline. "
                  "Print nothing else.",
        "solution": r'''#include <stdint.h>
#include <stdio.h>
int main(void) {
    unsigned long long in;
    uint32_t n, r = 0;
    if (scanf("%llu", &in) != 1) return 1;
    n = (uint32_t)in;
    for (int i = 0; i < 32; i++) { r = (r << 1) | (n & 1u); n >>= 1; }
    printf("%lu\n", (unsigned long)r);
    return 0;
}
''',
        "inputs": ["1\n", "0\n", "4294967295\n", "43261596\n", "2147483648\n", "6\n"],
        "oracle": lambda s: f"{int(format(int(s), '032b')[::-1], 2)}\n",
    },
    {
        "id": "c/single-number",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an odd integer n (1 <= n <= 100001) and then n integers "
                  "(each between 0 and 1000000000) from standard input. Every value appears exactly twice "
                  "except one value, which appears once. Print that value followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    unsigned x, acc = 0;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%u", &x) != 1) return 1;
        acc ^= x;
    }
    printf("%u\n", acc);
    return 0;
}
''',
        "inputs": ["5\n4 1 2 1 2\n", "1\n7\n", "3\n0 9 9\n", "7\n1000000000 5 3 5 3 8 8\n"],
        "oracle": lambda s: f"{reduce(lambda a, b: a ^ b, _ints(s)[1:], 0)}\n",
    },
    {
        "id": "c/gray-code",
        "style": "stdio",
        "category": "bit_manipulation",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 10) from standard input and prints the "
                  "2^n codes of the n-bit reflected binary Gray code in order, one per line, each as exactly n "
                  "characters '0'/'1' (most significant bit first). The i-th code (counting from 0) is "
                  "i XOR (i >> 1). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < (1 << n); i++) {
        int g = i ^ (i >> 1);
        for (int b = n - 1; b >= 0; b--) putchar('0' + ((g >> b) & 1));
        putchar('\n');
    }
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "10\n"],
        "oracle": _gray_codes,
    },
    {
        "id": "c/is-power-of-two",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_power_of_two(unsigned int x)` that returns 1 if x is a power of "
                  "two (1, 2, 4, 8, ...) and 0 otherwise; 0 is not a power of two. Do not write a main "
                  "function.",
        "entry_point": "is_power_of_two",
        "solution": "int is_power_of_two(unsigned int x) {\n    return x != 0 && (x & (x - 1)) == 0;\n}\n",
        "test_code": c_harness(r'''
    CHECK(is_power_of_two(1) == 1);
    CHECK(is_power_of_two(64) == 1);
    CHECK(is_power_of_two(0) == 0);
    CHECK(is_power_of_two(6) == 0);
    CHECK(is_power_of_two(2147483648u) == 1);
    CHECK(is_power_of_two(4294967295u) == 0);
'''),
        "wrong": "int is_power_of_two(unsigned int x) {\n    return (x & (x - 1)) == 0;\n}\n",
    },
    {
        "id": "c/get-bit",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C function `int get_bit(unsigned int x, int i)` that returns bit number i of x (0 or "
                  "1), where bit 0 is the least significant bit and 0 <= i <= 31. Do not write a main function.",
        "entry_point": "get_bit",
        "solution": "int get_bit(unsigned int x, int i) {\n    return (int)((x >> i) & 1u);\n}\n",
        "test_code": c_harness(r'''
    CHECK(get_bit(5, 0) == 1);
    CHECK(get_bit(5, 1) == 0);
    CHECK(get_bit(5, 2) == 1);
    CHECK(get_bit(0, 7) == 0);
    CHECK(get_bit(2147483648u, 31) == 1);
'''),
    },
    {
        "id": "c/popcount",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "easy",
        "prompt": "Write a C function `int popcount(unsigned int x)` that returns the number of bits set to 1 "
                  "in x (x is a 32-bit unsigned value). Do not write a main function.",
        "entry_point": "popcount",
        "solution": "int popcount(unsigned int x) {\n    int n = 0;\n    while (x) { x &= x - 1; n++; }\n"
                    "    return n;\n}\n",
        "test_code": c_harness(r'''
    CHECK(popcount(0) == 0);
    CHECK(popcount(1) == 1);
    CHECK(popcount(255) == 8);
    CHECK(popcount(4294967295u) == 32);
    CHECK(popcount(2147483648u) == 1);
'''),
    },
    {
        "id": "c/rotate-left-32",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C function `unsigned int rotl32(unsigned int x, int k)` that rotates the 32-bit "
                  "value x left by k bits (0 <= k <= 31): bits shifted out on the left come back in on the "
                  "right. k = 0 returns x unchanged (beware: shifting a 32-bit value by 32 is undefined). Do "
                  "not write a main function.",
        "entry_point": "rotl32",
        "solution": "unsigned int rotl32(unsigned int x, int k) {\n"
                    "    return k == 0 ? x : (x << k) | (x >> (32 - k));\n}\n",
        "test_code": c_harness(r'''
    CHECK(rotl32(1u, 1) == 2u);
    CHECK(rotl32(2147483648u, 1) == 1u);
    CHECK(rotl32(0x12345678u, 8) == 0x34567812u);
    CHECK(rotl32(0xDEADBEEFu, 0) == 0xDEADBEEFu);
    CHECK(rotl32(0x80000001u, 31) == 0xC0000000u);
'''),
    },
    {
        "id": "c/swap-nibbles",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "medium",
        "prompt": "Write a C function `unsigned char swap_nibbles(unsigned char x)` that returns x with its high "
                  "4 bits and low 4 bits exchanged (0xAB becomes 0xBA). Do not write a main function.",
        "entry_point": "swap_nibbles",
        "solution": "unsigned char swap_nibbles(unsigned char x) {\n"
                    "    return (unsigned char)(((x & 0x0Fu) << 4) | (x >> 4));\n}\n",
        "test_code": c_harness(r'''
    CHECK(swap_nibbles(0xAB) == 0xBA);
    CHECK(swap_nibbles(0x00) == 0x00);
    CHECK(swap_nibbles(0xF0) == 0x0F);
    CHECK(swap_nibbles(0x01) == 0x10);
    CHECK(swap_nibbles(0xFF) == 0xFF);
'''),
    },
    {
        "id": "c/pairwise-hamming",
        "style": "function",
        "category": "bit_manipulation",
        "difficulty": "hard",
        "prompt": "Write a C function `long long total_hamming(const unsigned int *a, int n)` that returns the "
                  "sum of the Hamming distances (number of differing bits) over all unordered pairs of the n "
                  "32-bit values in a (0 <= n <= 100000). It must run fast for n = 100000 (an O(n^2) pair "
                  "loop is too slow). Do not write a main function.",
        "entry_point": "total_hamming",
        "solution": r'''long long total_hamming(const unsigned int *a, int n) {
    long long total = 0;
    for (int bit = 0; bit < 32; bit++) {
        long long ones = 0;
        for (int i = 0; i < n; i++) ones += (a[i] >> bit) & 1u;
        total += ones * (n - ones);
    }
    return total;
}
''',
        "test_code": c_harness(r'''
    unsigned int a[] = {4, 14, 2}, b[] = {0, 4294967295u}, c[] = {7};
    CHECK(total_hamming(a, 3) == 6);
    CHECK(total_hamming(b, 2) == 32);
    CHECK(total_hamming(c, 1) == 0);
    CHECK(total_hamming(c, 0) == 0);
    static unsigned int big[100000];
    for (int i = 0; i < 100000; i++) big[i] = i % 2 ? 4294967295u : 0u;
    CHECK(total_hamming(big, 100000) == 80000000000LL);
'''),
    },
]
