"""C tasks: number theory and elementary math."""

from math import gcd, isqrt, pi

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _is_prime(n):
    return n >= 2 and all(n % d for d in range(2, isqrt(n) + 1))


def _factorize(stdin):
    n, out, d = int(stdin), [], 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1 if d == 2 else 2  # after 2, only odd divisors
    if n > 1:
        out.append(n)
    return " ".join(map(str, out)) + "\n"


def _primes_upto(stdin):
    return " ".join(str(p) for p in range(2, int(stdin) + 1) if _is_prime(p)) + "\n"


TASKS = [
    {
        "id": "c/is-prime",
        "style": "stdio",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 2000000000) from standard input and "
                  "prints prime if n is a prime number and not prime otherwise, followed by a newline. 0 and 1 "
                  "are not prime. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long n;
    int prime = 1;
    if (scanf("%lld", &n) != 1) return 1;
    if (n < 2) prime = 0;
    for (long long d = 2; d * d <= n && prime; d++)
        if (n % d == 0) prime = 0;
    printf("%s\n", prime ? "prime" : "not prime");
    return 0;
}
''',
        "inputs": ["7\n", "1\n", "0\n", "2\n", "9\n", "1999999973\n", "2000000000\n"],
        "oracle": lambda s: "prime\n" if _is_prime(int(s)) else "not prime\n",
    },
    {
        "id": "c/even-or-odd",
        "style": "stdio",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one integer n (between -1000000000 and 1000000000) from standard "
                  "input and prints even if n is even and odd if it is odd, followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    printf("%s\n", n % 2 == 0 ? "even" : "odd");
    return 0;
}
''',
        "inputs": ["4\n", "7\n", "0\n", "-3\n", "-1000000000\n"],
        "oracle": lambda s: "even\n" if int(s) % 2 == 0 else "odd\n",
    },
    {
        "id": "c/circle-area",
        "style": "stdio",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer radius r (0 <= r <= 1000) from standard input and "
                  "prints the area of the circle, pi * r * r with pi = 3.141592653589793, with exactly two "
                  "digits after the decimal point (as printf(\"%.2f\\n\") does), followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int r;
    if (scanf("%d", &r) != 1) return 1;
    printf("%.2f\n", 3.141592653589793 * r * r);
    return 0;
}
''',
        "inputs": ["1\n", "0\n", "2\n", "10\n", "1000\n", "7\n"],
        "oracle": lambda s: f"{pi * int(s) * int(s):.2f}\n",
    },
    {
        "id": "c/gcd-lcm",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C program that reads two positive integers a and b (each at most 1000000000) from "
                  "standard input and prints their greatest common divisor and their least common multiple on "
                  "one line separated by a single space, followed by a newline. The LCM can exceed 2^31. "
                  "Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long a, b, x, y;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    x = a; y = b;
    while (y) { long long t = x % y; x = y; y = t; }
    printf("%lld %lld\n", x, a / x * b);
    return 0;
}
''',
        "inputs": ["12 18\n", "1 1\n", "7 13\n", "1000000000 999999999\n", "6 6\n"],
        "oracle": lambda s: (lambda a, b: f"{gcd(a, b)} {a * b // gcd(a, b)}\n")(*_ints(s)),
    },
    {
        "id": "c/primes-up-to",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (2 <= n <= 10000) from standard input and prints "
                  "all prime numbers p with 2 <= p <= n in increasing order on one line, separated by single "
                  "spaces, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    static char composite[10001];
    int n, first = 1;
    if (scanf("%d", &n) != 1) return 1;
    for (int p = 2; p <= n; p++) {
        if (composite[p]) continue;
        printf(first ? "%d" : " %d", p);
        first = 0;
        for (int m = p * p; m <= n; m += p) composite[m] = 1;
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["10\n", "2\n", "3\n", "100\n", "10000\n"],
        "oracle": _primes_upto,
    },
    {
        "id": "c/prime-factors",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (2 <= n <= 1000000000000) from standard input and "
                  "prints its prime factors in non-decreasing order, each repeated as often as it divides n, "
                  "on one line separated by single spaces (for 12 print 2 2 3), followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long n;
    int first = 1;
    if (scanf("%lld", &n) != 1) return 1;
    for (long long d = 2; d * d <= n; d++)
        while (n % d == 0) { printf(first ? "%lld" : " %lld", d); first = 0; n /= d; }
    if (n > 1) printf(first ? "%lld" : " %lld", n);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["12\n", "2\n", "97\n", "1000000000000\n", "999999999989\n", "600851475143\n"],
        "oracle": _factorize,
    },
    {
        "id": "c/integer-sqrt",
        "style": "stdio",
        "category": "math",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 10^18) from standard input and prints "
                  "floor(sqrt(n)), the largest integer r with r * r <= n, followed by a newline. The answer "
                  "must be exact for every n in range (a plain double sqrt can be off by one for large n). "
                  "Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned long long n, lo = 0, hi = 1000000000ULL;
    if (scanf("%llu", &n) != 1) return 1;
    while (lo < hi) {
        unsigned long long mid = (lo + hi + 1) / 2;
        if (mid * mid <= n) lo = mid; else hi = mid - 1;
    }
    printf("%llu\n", lo);
    return 0;
}
''',
        "inputs": ["0\n", "1\n", "15\n", "16\n", "1000000000000000000\n", "999999999999999999\n",
                   "999999998000000000\n", "4503599761588224\n"],
        "oracle": lambda s: f"{isqrt(int(s))}\n",
    },
    {
        "id": "c/is-prime-function",
        "style": "function",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_prime(int n)` that returns 1 if n is a prime number and 0 "
                  "otherwise. n can be any int, including 0, 1 and negative numbers (which are not prime). Do "
                  "not write a main function.",
        "entry_point": "is_prime",
        "solution": "int is_prime(int n) {\n    if (n < 2) return 0;\n    for (int d = 2; d <= n / d; d++)\n"
                    "        if (n % d == 0) return 0;\n    return 1;\n}\n",
        "test_code": c_harness(r'''
    CHECK(is_prime(2) == 1);
    CHECK(is_prime(17) == 1);
    CHECK(is_prime(1) == 0);
    CHECK(is_prime(0) == 0);
    CHECK(is_prime(-7) == 0);
    CHECK(is_prime(91) == 0);
    CHECK(is_prime(2147483647) == 1);
'''),
    },
    {
        "id": "c/absolute-difference",
        "style": "function",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C function `int abs_diff(int a, int b)` that returns the absolute value of a - b "
                  "(|a|, |b| <= 1000000). Do not write a main function.",
        "entry_point": "abs_diff",
        "solution": "int abs_diff(int a, int b) {\n    return a > b ? a - b : b - a;\n}\n",
        "test_code": c_harness(r'''
    CHECK(abs_diff(5, 3) == 2);
    CHECK(abs_diff(3, 5) == 2);
    CHECK(abs_diff(-4, 4) == 8);
    CHECK(abs_diff(7, 7) == 0);
    CHECK(abs_diff(-1000000, 1000000) == 2000000);
'''),
        "wrong": "int abs_diff(int a, int b) { return a - b; }\n",
    },
    {
        "id": "c/average-of-three",
        "style": "function",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C function `double average3(int a, int b, int c)` that returns the average of its "
                  "three arguments as a double (average3(1, 2, 2) is 1.6666...). Do not write a main function.",
        "entry_point": "average3",
        "solution": "double average3(int a, int b, int c) {\n    return ((double)a + b + c) / 3.0;\n}\n",
        "test_code": c_harness(r'''
    CHECK(fabs(average3(1, 2, 3) - 2.0) < 1e-9);
    CHECK(fabs(average3(1, 2, 2) - 5.0 / 3.0) < 1e-9);
    CHECK(fabs(average3(0, 0, 0)) < 1e-9);
    CHECK(fabs(average3(-3, 0, 1) + 2.0 / 3.0) < 1e-9);
    CHECK(fabs(average3(2147483647, 2147483647, 2147483647) - 2147483647.0) < 1e-3);
''', includes=("math.h",)),
        "wrong": "double average3(int a, int b, int c) {\n    return (a + b + c) / 3;\n}\n",
    },
    {
        "id": "c/count-divisors",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C function `int count_divisors(int n)` that returns the number of positive divisors "
                  "of n for 1 <= n <= 2000000000 (count_divisors(12) is 6). It must be fast for large n (loop "
                  "only up to the square root). Do not write a main function.",
        "entry_point": "count_divisors",
        "solution": r'''int count_divisors(int n) {
    int count = 0;
    for (long long d = 1; d * d <= n; d++)
        if (n % d == 0) count += (d * d == n) ? 1 : 2;
    return count;
}
''',
        "test_code": c_harness(r'''
    CHECK(count_divisors(1) == 1);
    CHECK(count_divisors(12) == 6);
    CHECK(count_divisors(13) == 2);
    CHECK(count_divisors(36) == 9);
    CHECK(count_divisors(1999999973) == 2);
    CHECK(count_divisors(1837836000) == 1536);
'''),
    },
    {
        "id": "c/lcm",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C function `long long lcm(long long a, long long b)` that returns the least common "
                  "multiple of two positive integers a and b (each at most 10^9). Do not write a main function.",
        "entry_point": "lcm",
        "solution": r'''long long lcm(long long a, long long b) {
    long long x = a, y = b;
    while (y) { long long t = x % y; x = y; y = t; }
    return a / x * b;
}
''',
        "test_code": c_harness(r'''
    CHECK(lcm(4, 6) == 12);
    CHECK(lcm(1, 1) == 1);
    CHECK(lcm(7, 7) == 7);
    CHECK(lcm(1000000000, 999999999) == 999999999000000000LL);
    CHECK(lcm(12, 18) == 36);
'''),
    },
    {
        "id": "c/mod-inverse",
        "style": "function",
        "category": "math",
        "difficulty": "hard",
        "prompt": "Write a C function `long long mod_inverse(long long a, long long m)` that returns the "
                  "modular multiplicative inverse of a modulo m: the x with 0 <= x < m and (a * x) % m == 1, "
                  "or -1 if it does not exist (when gcd(a, m) != 1). 0 <= a < m and 2 <= m <= 10^12. Use the "
                  "extended Euclidean algorithm; do not multiply numbers whose product could overflow. Do not "
                  "write a main function.",
        "entry_point": "mod_inverse",
        "solution": r'''long long mod_inverse(long long a, long long m) {
    long long old_r = a, r = m, old_s = 1, s = 0;
    while (r != 0) {
        long long q = old_r / r, t;
        t = old_r - q * r; old_r = r; r = t;
        t = old_s - q * s; old_s = s; s = t;
    }
    if (old_r != 1) return -1;
    old_s %= m;
    return old_s < 0 ? old_s + m : old_s;
}
''',
        "test_code": c_harness(r'''
    CHECK(mod_inverse(3, 11) == 4);
    CHECK(mod_inverse(10, 17) == 12);
    CHECK(mod_inverse(2, 4) == -1);
    CHECK(mod_inverse(0, 7) == -1);
    CHECK(mod_inverse(1, 2) == 1);
    CHECK(mod_inverse(123456789, 1000000000039LL) == MODINV_BIG);
'''.replace("MODINV_BIG", str(pow(123456789, -1, 1000000000039)) + "LL")),
    },
]
