"""Extra C arithmetic, number-theory and geometry tasks (ids c/x-...; gnu17)."""
import math

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _triangle(stdin):
    a, b, c = sorted(_ints(stdin))
    if a <= 0 or a + b <= c:
        return "INVALID\n"
    if a == c:
        return "EQUILATERAL\n"
    if a == b or b == c:
        return "ISOSCELES\n"
    return "SCALENE\n"


def _lcm_upto(stdin):
    n, r = _ints(stdin)[0], 1
    for i in range(1, n + 1):
        r = r * i // math.gcd(r, i)
    return f"{r}\n"


def _goldbach(stdin):
    n = _ints(stdin)[0]

    def prime(k):
        return k >= 2 and all(k % d for d in range(2, math.isqrt(k) + 1))

    p = next(p for p in range(2, n) if prime(p) and prime(n - p))
    return f"{n} = {p} + {n - p}\n"


def _roman(stdin):
    n = _ints(stdin)[0]
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in table:
        while n >= v:
            out += s
            n -= v
    return out + "\n"


def _fraction(stdin):
    p, q = (int(x) for x in stdin.strip().split("/"))
    g = math.gcd(p, q)
    p, q = p // g, q // g
    if q < 0:
        p, q = -p, -q
    return f"{p}\n" if q == 1 else f"{p}/{q}\n"


def _shoelace(stdin):
    v = _ints(stdin)
    n, pts = v[0], v[1:]
    s = sum(pts[2 * i] * pts[2 * ((i + 1) % n) + 1] - pts[2 * ((i + 1) % n)] * pts[2 * i + 1] for i in range(n))
    return f"{abs(s)}\n"


TASKS = [
    {
        "id": "c/x-sum-of-odds",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 1000000) from standard input and "
                  "prints the sum of all odd numbers from 1 to n (1 + 3 + 5 + ... up to n) followed by a "
                  "newline; the sum is 0 when n is 0. Use a 64-bit integer type. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long n, s = 0;
    if (scanf("%lld", &n) != 1) return 1;
    for (long long i = 1; i <= n; i += 2) s += i;
    printf("%lld\n", s);
    return 0;
}
''',
        "inputs": ["5\n", "0\n", "1\n", "6\n", "1000000\n"],
        "oracle": lambda stdin: f"{sum(range(1, _ints(stdin)[0] + 1, 2))}\n",
        "wrong": "#include <stdio.h>\nint main(void) { int n, s = 0; scanf(\"%d\", &n); for (int i = 1; i < n; i += 2) "
                 "s += i; "
                 "printf(\"%d\\n\", s); return 0; }\n",
    },
    {
        "id": "c/x-clamp",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int clamp(int x, int lo, int hi)` that returns x limited to the range "
                  "[lo, hi] (lo <= hi): lo if x < lo, hi if x > hi, and x otherwise. Do not write a main "
                  "function.",
        "entry_point": "clamp",
        "solution": "int clamp(int x, int lo, int hi) {\n    if (x < lo) return lo;\n    if (x > hi) return hi;\n"
                    "    return x;\n}\n",
        "test_code": c_harness(r'''
    CHECK(clamp(5, 0, 10) == 5);
    CHECK(clamp(-5, 0, 10) == 0);
    CHECK(clamp(15, 0, 10) == 10);
    CHECK(clamp(0, 0, 10) == 0);
    CHECK(clamp(10, 0, 10) == 10);
    CHECK(clamp(7, 3, 3) == 3);
    CHECK(clamp(-100, -50, -10) == -50);
'''),
        "wrong": "int clamp(int x, int lo, int hi) { if (x > hi) return hi; return x; }\n",
    },
    {
        "id": "c/x-is-leap-year",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_leap(int year)` that returns 1 if year (1 <= year <= 9999) is a "
                  "leap year in the Gregorian calendar and 0 otherwise: years divisible by 4 are leap years, "
                  "except years divisible by 100, which are leap years only if divisible by 400. Do not "
                  "write a main function.",
        "entry_point": "is_leap",
        "solution": "int is_leap(int year) {\n    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;\n}\n",
        "test_code": c_harness(r'''
    CHECK(is_leap(2024) == 1);
    CHECK(is_leap(2023) == 0);
    CHECK(is_leap(1900) == 0);
    CHECK(is_leap(2000) == 1);
    CHECK(is_leap(4) == 1);
    CHECK(is_leap(1) == 0);
    CHECK(is_leap(2100) == 0);
'''),
        "wrong": "int is_leap(int year) { return year % 4 == 0; }\n",
    },
    {
        "id": "c/x-sum-of-squares",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 100000) from standard input and "
                  "prints 1*1 + 2*2 + ... + n*n followed by a newline (0 when n is 0). Use a 64-bit integer "
                  "type. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long n, s = 0;
    if (scanf("%lld", &n) != 1) return 1;
    for (long long i = 1; i <= n; i++) s += i * i;
    printf("%lld\n", s);
    return 0;
}
''',
        "inputs": ["3\n", "0\n", "1\n", "10\n", "100000\n"],
        "oracle": lambda stdin: f"{sum(i * i for i in range(1, _ints(stdin)[0] + 1))}\n",
        "wrong": "#include <stdio.h>\nint main(void) { int n, s = 0; scanf(\"%d\", &n); for (int i = 1; i <= n; i++) "
                 "s += i * i; printf(\"%d\\n\", s); return 0; }\n",
    },
    {
        "id": "c/x-is-perfect-square",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C function `int is_square(long long n)` that returns 1 if n is a perfect square "
                  "(the square of an integer: 0, 1, 4, 9, ...) and 0 otherwise, for -10^18 <= n <= 10^18. "
                  "It must be exact for the largest values (beware of floating-point rounding) and fast. Do "
                  "not write a main function.",
        "entry_point": "is_square",
        "solution": r'''int is_square(long long n) {
    if (n < 0) return 0;
    long long lo = 0, hi = 1000000000LL;
    while (lo < hi) {  /* largest r with r*r <= n */
        long long mid = lo + (hi - lo + 1) / 2;
        if (mid <= n / (mid ? mid : 1)) lo = mid;
        else hi = mid - 1;
    }
    return lo * lo == n;
}
''',
        "test_code": c_harness(r'''
    CHECK(is_square(0) == 1);
    CHECK(is_square(1) == 1);
    CHECK(is_square(2) == 0);
    CHECK(is_square(16) == 1);
    CHECK(is_square(-4) == 0);
    CHECK(is_square(1000000000000000000LL) == 1);
    CHECK(is_square(999999999999999999LL) == 0);
    CHECK(is_square(999999998000000001LL) == 1);
    CHECK(is_square(999999998000000002LL) == 0);
    CHECK(is_square(4503599761588225LL) == 1);
    CHECK(is_square(4503599761588224LL) == 0);
'''),
        "wrong": "#include <math.h>\nint is_square(long long n) { if (n < 0) return 0; long long r = (long "
                 "long)sqrtf((float)n); "
                 "return r * r == n; }\n",
    },
    {
        "id": "c/x-armstrong-number",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C function `int is_armstrong(int n)` that returns 1 if the non-negative integer n "
                  "(0 <= n <= 2000000000) equals the sum of its decimal digits each raised to the power of "
                  "the number of digits (153 = 1^3 + 5^3 + 3^3), and 0 otherwise. Single-digit numbers, "
                  "including 0, are Armstrong numbers. Do not write a main function.",
        "entry_point": "is_armstrong",
        "solution": r'''int is_armstrong(int n) {
    int digits = 0;
    for (long long m = n; m > 0; m /= 10) digits++;
    if (digits == 0) return 1;
    long long sum = 0;
    for (long long m = n; m > 0; m /= 10) {
        long long p = 1;
        for (int i = 0; i < digits; i++) p *= m % 10;
        sum += p;
    }
    return sum == n;
}
''',
        "test_code": c_harness(r'''
    CHECK(is_armstrong(153) == 1);
    CHECK(is_armstrong(0) == 1);
    CHECK(is_armstrong(7) == 1);
    CHECK(is_armstrong(10) == 0);
    CHECK(is_armstrong(9474) == 1);
    CHECK(is_armstrong(9475) == 0);
    CHECK(is_armstrong(1741725) == 1);
    CHECK(is_armstrong(1999999999) == 0);
'''),
        "wrong": "int is_armstrong(int n) { int s = 0, m = n; while (m > 0) { int d = m % 10; s += d * d * d; m /= 10; "
                 "} "
                 "return s == n; }\n",
    },
    {
        "id": "c/x-digital-root",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int digital_root(long long n)` that, for 0 <= n <= 10^18, repeatedly "
                  "replaces n by the sum of its decimal digits until a single digit remains, and returns "
                  "that digit (digital_root(0) is 0). Do not write a main function.",
        "entry_point": "digital_root",
        "solution": r'''int digital_root(long long n) {
    while (n >= 10) {
        long long s = 0;
        for (; n > 0; n /= 10) s += n % 10;
        n = s;
    }
    return (int)n;
}
''',
        "test_code": c_harness(r'''
    CHECK(digital_root(0) == 0);
    CHECK(digital_root(9) == 9);
    CHECK(digital_root(38) == 2);
    CHECK(digital_root(99999) == 9);
    CHECK(digital_root(1000000000000000000LL) == 1);
    CHECK(digital_root(999999999999999999LL) == 9);
'''),
        "wrong": "int digital_root(long long n) { int s = 0; while (n > 0) { s += (int)(n % 10); n /= 10; } return s; "
                 "}\n",
    },
    {
        "id": "c/x-triangle-type",
        "style": "stdio",
        "category": "geometry",
        "difficulty": "medium",
        "prompt": "Write a C program that reads three integers a, b, c (each between -1000000000 and "
                  "1000000000), the side lengths of a triangle, from standard input and prints one word "
                  "followed by a newline: `INVALID` if any side is not positive or the sides violate the "
                  "strict triangle inequality (the two shorter sides must sum to more than the longest), "
                  "otherwise `EQUILATERAL` (all sides equal), `ISOSCELES` (exactly two equal) or `SCALENE` "
                  "(all different). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long a, b, c, t;
    if (scanf("%lld %lld %lld", &a, &b, &c) != 3) return 1;
    if (a > b) { t = a; a = b; b = t; }
    if (b > c) { t = b; b = c; c = t; }
    if (a > b) { t = a; a = b; b = t; }
    if (a <= 0 || a + b <= c) puts("INVALID");
    else if (a == c) puts("EQUILATERAL");
    else if (a == b || b == c) puts("ISOSCELES");
    else puts("SCALENE");
    return 0;
}
''',
        "inputs": ["3 4 5\n", "2 2 2\n", "2 2 3\n", "1 2 3\n", "0 1 1\n", "-3 4 5\n", "5 3 3\n",
                   "1000000000 1000000000 1000000000\n", "1 1000000000 1000000000\n"],
        "oracle": _triangle,
        "wrong": "#include <stdio.h>\nint main(void) { int a, b, c; scanf(\"%d %d %d\", &a, &b, &c); "
                 "if (a == b && b == c) puts(\"EQUILATERAL\"); else if (a == b || b == c || a == c) "
                 "puts(\"ISOSCELES\"); "
                 "else puts(\"SCALENE\"); return 0; }\n",
    },
    {
        "id": "c/x-lcm-up-to-n",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 40) from standard input and prints "
                  "the least common multiple of all the integers 1, 2, ..., n followed by a newline (it fits "
                  "in a 64-bit integer). Print nothing else.",
        "solution": r'''#include <stdio.h>
static long long gcd(long long a, long long b) {
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long r = 1;
    for (long long i = 1; i <= n; i++) r = r / gcd(r, i) * i;
    printf("%lld\n", r);
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "10\n", "20\n", "40\n"],
        "oracle": _lcm_upto,
        "wrong": "#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); long long r = 1; "
                 "for (int i = 2; i <= n; i++) if (r % i) r *= i; printf(\"%lld\\n\", r); return 0; }\n",
    },
    {
        "id": "c/x-count-primes",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C function `int count_primes(int n)` that returns how many prime numbers are less "
                  "than or equal to n, for 0 <= n <= 2000000. It must run well under a second for the "
                  "largest n (use a sieve). Do not write a main function.",
        "entry_point": "count_primes",
        "solution": r'''#include <stdlib.h>
int count_primes(int n) {
    if (n < 2) return 0;
    char *composite = calloc((size_t)n + 1, 1);
    if (!composite) return -1;
    int count = 0;
    for (long long i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (long long j = i * i; j <= n; j += i) composite[j] = 1;
    }
    free(composite);
    return count;
}
''',
        "test_code": c_harness(r'''
    CHECK(count_primes(0) == 0);
    CHECK(count_primes(1) == 0);
    CHECK(count_primes(2) == 1);
    CHECK(count_primes(10) == 4);
    CHECK(count_primes(100) == 25);
    CHECK(count_primes(1000000) == 78498);
    CHECK(count_primes(2000000) == 148933);
'''),
        "wrong": "int count_primes(int n) { int c = 0; for (int k = 2; k <= n; k++) { int p = 1; "
                 "for (int d = 2; d < k && d < 50; d++) if (k % d == 0) { p = 0; break; } c += p; } return c; }\n",
    },
    {
        "id": "c/x-goldbach",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an even integer n (4 <= n <= 1000000) from standard input and "
                  "prints `n = p + q` followed by a newline, where p and q are primes with p + q = n and p is "
                  "as small as possible (for example `10 = 3 + 7`). Print nothing else.",
        "solution": r'''#include <stdio.h>
static int is_prime(int k) {
    if (k < 2) return 0;
    for (int d = 2; (long long)d * d <= k; d++)
        if (k % d == 0) return 0;
    return 1;
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int p = 2; p <= n / 2; p++) {
        if (is_prime(p) && is_prime(n - p)) {
            printf("%d = %d + %d\n", n, p, n - p);
            break;
        }
    }
    return 0;
}
''',
        "inputs": ["10\n", "4\n", "6\n", "100\n", "1000000\n", "999998\n"],
        "oracle": _goldbach,
    },
    {
        "id": "c/x-int-to-roman",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 3999) from standard input and prints "
                  "it as a Roman numeral in standard subtractive form (I=1, V=5, X=10, L=50, C=100, D=500, "
                  "M=1000; 4 is IV, 9 is IX, 40 is XL, 90 is XC, 400 is CD, 900 is CM), followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    static const int values[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *symbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < 13; i++) {
        while (n >= values[i]) {
            fputs(symbols[i], stdout);
            n -= values[i];
        }
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["1\n", "4\n", "9\n", "14\n", "1994\n", "3999\n", "2024\n", "444\n"],
        "oracle": _roman,
        "wrong": "#include <stdio.h>\nint main(void) { int v[] = {1000, 500, 100, 50, 10, 5, 1}; const char *s = "
                 "\"MDCLXVI\"; "
                 "int n; scanf(\"%d\", &n); for (int i = 0; i < 7; i++) while (n >= v[i]) { putchar(s[i]); n -= v[i]; "
                 "} "
                 "putchar('\\n'); return 0; }\n",
    },
    {
        "id": "c/x-euler-totient",
        "style": "function",
        "category": "math",
        "difficulty": "hard",
        "prompt": "Write a C function `long long phi(long long n)` that returns Euler's totient of n, the "
                  "number of integers k with 1 <= k <= n and gcd(k, n) = 1, for 1 <= n <= 10^12 (phi(1) is "
                  "1). It must be fast for n near 10^12 (factor n by trial division up to its square root "
                  "and use phi(n) = n * product of (1 - 1/p) over its distinct prime factors p). Do not "
                  "write a main function.",
        "entry_point": "phi",
        "solution": r'''long long phi(long long n) {
    long long result = n;
    for (long long p = 2; p * p <= n; p++) {
        if (n % p != 0) continue;
        while (n % p == 0) n /= p;
        result -= result / p;
    }
    if (n > 1) result -= result / n;
    return result;
}
''',
        "test_code": c_harness(r'''
    CHECK(phi(1) == 1);
    CHECK(phi(2) == 1);
    CHECK(phi(9) == 6);
    CHECK(phi(10) == 4);
    CHECK(phi(97) == 96);
    CHECK(phi(1000000000000LL) == 400000000000LL);
    CHECK(phi(999999999989LL) == 999999999988LL);
    CHECK(phi(999966000289LL) == 999965000306LL);
    CHECK(phi(963761198400LL) == 157659955200LL);
'''),
        "wrong": "long long phi(long long n) { long long c = 0; for (long long k = 1; k <= n && k < 5000000; k++) { "
                 "long long a = k, "
                 "b = n; while (b) { long long t = a % b; a = b; b = t; } if (a == 1) c++; } return c; }\n",
    },
    {
        "id": "c/x-reduce-fraction",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C program that reads a fraction written as `p/q` (two integers with a slash and no "
                  "spaces; |p| <= 10^9, 1 <= |q| <= 10^9) from standard input and prints it in lowest terms "
                  "followed by a newline: the sign goes on the numerator only, and if the reduced denominator "
                  "is 1 print just the numerator (so `6/-4` prints `-3/2`, `0/5` prints `0`, `8/4` prints "
                  "`2`). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long p, q;
    if (scanf("%lld/%lld", &p, &q) != 2) return 1;
    long long a = p < 0 ? -p : p, b = q < 0 ? -q : q;
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    p /= a;
    q /= a;
    if (q < 0) {
        p = -p;
        q = -q;
    }
    if (q == 1) printf("%lld\n", p);
    else printf("%lld/%lld\n", p, q);
    return 0;
}
''',
        "inputs": ["6/-4\n", "0/5\n", "8/4\n", "1/3\n", "-10/-15\n", "0/-7\n", "1000000000/999999999\n",
                   "-1000000000/1\n"],
        "oracle": _fraction,
        "wrong": "#include <stdio.h>\nint main(void) { long long p, q, a, b; scanf(\"%lld/%lld\", &p, &q); a = p; b = "
                 "q; "
                 "while (b) { long long t = a % b; a = b; b = t; } printf(\"%lld/%lld\\n\", p / a, q / a); return 0; "
                 "}\n",
    },
    {
        "id": "c/x-polygon-area",
        "style": "stdio",
        "category": "geometry",
        "difficulty": "hard",
        "prompt": "Write a C program that reads from standard input an integer n (3 <= n <= 1000) and then n "
                  "points, each as two integers x y (|x|, |y| <= 1000000), the vertices of a simple polygon "
                  "in order (clockwise or counter-clockwise). Print twice the polygon's area (an integer; "
                  "use the shoelace formula and take the absolute value) followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    static long long x[1000], y[1000];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld %lld", &x[i], &y[i]) != 2) return 1;
    long long s = 0;
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        s += x[i] * y[j] - x[j] * y[i];
    }
    printf("%lld\n", s < 0 ? -s : s);
    return 0;
}
''',
        "inputs": ["4\n0 0\n4 0\n4 3\n0 3\n", "3\n0 0\n0 1\n1 0\n", "4\n0 0\n0 3\n4 3\n4 0\n",
                   "3\n-1000000 -1000000\n1000000 -1000000\n1000000 1000000\n", "5\n0 0\n2 0\n2 2\n1 1\n0 2\n"],
        "oracle": _shoelace,
        "wrong": "#include <stdio.h>\nint main(void) { int n; long long x, y, s = 0; scanf(\"%d\", &n); long long px = "
                 "0, py = 0, fx = 0, fy = 0; "
                 "for (int i = 0; i < n; i++) { scanf(\"%lld %lld\", &x, &y); if (i) s += px * y - x * py; else { fx = "
                 "x; fy = y; } "
                 "px = x; py = y; } (void)fx; (void)fy; printf(\"%lld\\n\", s); return 0; }\n",
    },
]
