"""C++ arithmetic and number-theory tasks (g++ -std=c++17)."""
import math

from tasksrc._cpp_harness import cpp_harness as _harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _fizzbuzz(stdin):
    n = _ints(stdin)[0]
    out = []
    for i in range(1, n + 1):
        out.append("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i))
    return "".join(x + "\n" for x in out)


def _primes_upto(stdin):
    n = _ints(stdin)[0]
    return " ".join(str(p) for p in range(2, n + 1) if all(p % d for d in range(2, math.isqrt(p) + 1))) + "\n"


def _factorize(stdin):
    n = _ints(stdin)[0]
    parts, d = [], 2
    while d * d <= n:
        e = 0
        while n % d == 0:
            n //= d
            e += 1
        if e:
            parts.append(str(d) if e == 1 else f"{d}^{e}")
        d += 1 if d == 2 else 2  # 2, then odd candidates only: keeps the oracle fast for 10^12
    if n > 1:
        parts.append(str(n))
    return " * ".join(parts) + "\n"


def _floordiv(stdin):
    a, b = _ints(stdin)
    return f"{a // b} {a % b}\n"


def _perfect(stdin):
    n = _ints(stdin)[0]
    divisor_sum = [0] * (n + 1)  # sum of the proper divisors, by a sieve
    for d in range(1, n // 2 + 1):
        for multiple in range(2 * d, n + 1, d):
            divisor_sum[multiple] += d
    return "".join(f"{k}\n" for k in range(2, n + 1) if divisor_sum[k] == k)


TASKS = [
    {
        "id": "cpp/sum-two",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads two integers a and b (each between -1000000000 and "
                  "1000000000, separated by whitespace) from standard input and prints their sum followed by "
                  "a newline. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    long long a = 0, b = 0;
    std::cin >> a >> b;
    std::cout << a + b << "\n";
    return 0;
}
''',
        "inputs": ["2 3\n", "0 0\n", "-5 12\n", "1000000000 1000000000\n", "-1000000000\n-1000000000\n"],
        "oracle": lambda stdin: f"{sum(_ints(stdin))}\n",
        "wrong": "#include <iostream>\nint main() { int a, b; std::cin >> a >> b; std::cout << a - b << \"\\n\"; }\n",
    },
    {
        "id": "cpp/max-of-three",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int max3(int a, int b, int c)` that returns the largest of its three "
                  "arguments. Do not write a main function.",
        "entry_point": "max3",
        "solution": "int max3(int a, int b, int c) {\n    int m = a;\n    if (b > m) m = b;\n    if (c > m) m = c;\n"
                    "    return m;\n}\n",
        "test_code": _harness(r'''    CHECK(max3(1, 2, 3) == 3);
    CHECK(max3(3, 2, 1) == 3);
    CHECK(max3(2, 3, 1) == 3);
    CHECK(max3(-5, -2, -9) == -2);
    CHECK(max3(2, 1, 3) == 3);
    CHECK(max3(7, 7, 7) == 7);
    CHECK(max3(0, -1, 0) == 0);
'''),
        "wrong": "int max3(int a, int b, int c) { return a > b ? a : (b > c ? b : c); }\n",
    },
    {
        "id": "cpp/factorial",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ function `long long factorial(int n)` that returns n! for 0 <= n <= 20 "
                  "(0! is 1). Do not write a main function.",
        "entry_point": "factorial",
        "solution": "long long factorial(int n) {\n    long long r = 1;\n    for (int i = 2; i <= n; i++) r *= i;\n"
                    "    return r;\n}\n",
        "test_code": _harness(r'''    CHECK(factorial(0) == 1);
    CHECK(factorial(1) == 1);
    CHECK(factorial(5) == 120);
    CHECK(factorial(12) == 479001600LL);
    CHECK(factorial(20) == 2432902008176640000LL);
'''),
        "wrong": "long long factorial(int n) { int r = 1; for (int i = 2; i <= n; i++) r *= i; return r; }\n",
    },
    {
        "id": "cpp/digit-sum",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads one non-negative integer n (0 <= n <= 10^18) from standard "
                  "input and prints the sum of its decimal digits followed by a newline. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    unsigned long long n = 0;
    std::cin >> n;
    int s = 0;
    while (n > 0) {
        s += int(n % 10);
        n /= 10;
    }
    std::cout << s << "\n";
    return 0;
}
''',
        "inputs": ["123\n", "0\n", "9\n", "1000000000000000000\n", "999999999999999999\n"],
        "oracle": lambda stdin: f"{sum(int(c) for c in stdin.strip())}\n",
    },
    {
        "id": "cpp/fizzbuzz",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads an integer n (0 <= n <= 100) from standard input and prints "
                  "the numbers from 1 to n, one per line, except that multiples of 3 print `Fizz`, multiples "
                  "of 5 print `Buzz`, and multiples of both print `FizzBuzz`. For n = 0 print nothing. Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    for (int i = 1; i <= n; i++) {
        if (i % 15 == 0) std::cout << "FizzBuzz\n";
        else if (i % 3 == 0) std::cout << "Fizz\n";
        else if (i % 5 == 0) std::cout << "Buzz\n";
        else std::cout << i << "\n";
    }
    return 0;
}
''',
        "inputs": ["15\n", "0\n", "1\n", "100\n"],
        "oracle": _fizzbuzz,
    },
    {
        "id": "cpp/reverse-digits",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C++ function `long long reverse_digits(long long n)` that returns n with its "
                  "decimal digits reversed, keeping the sign (leading zeros of the result disappear): 123 "
                  "gives 321, -450 gives -54, 0 gives 0. |n| is at most 10^15. Do not write a main function.",
        "entry_point": "reverse_digits",
        "solution": r'''long long reverse_digits(long long n) {
    long long sign = n < 0 ? -1 : 1, m = n < 0 ? -n : n, r = 0;
    while (m > 0) {
        r = r * 10 + m % 10;
        m /= 10;
    }
    return sign * r;
}
''',
        "test_code": _harness(r'''    CHECK(reverse_digits(123) == 321);
    CHECK(reverse_digits(0) == 0);
    CHECK(reverse_digits(-450) == -54);
    CHECK(reverse_digits(7) == 7);
    CHECK(reverse_digits(1000000000000000LL) == 1);
    CHECK(reverse_digits(-123456789012345LL) == -543210987654321LL);
'''),
        "wrong": "long long reverse_digits(long long n) { long long r = 0; while (n > 0) { r = r * 10 + n % 10; "
                 "n /= 10; } return r; }\n",
    },
    {
        "id": "cpp/pow-mod",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C++ function `long long pow_mod(long long b, long long e, long long m)` that "
                  "returns b^e mod m for 0 <= b <= 10^18, 0 <= e <= 10^18 and 1 <= m <= 10^9 (the result is "
                  "in [0, m), so pow_mod(x, 0, 1) is 0). It must run fast for huge e. Do not write a main "
                  "function.",
        "entry_point": "pow_mod",
        "solution": r'''long long pow_mod(long long b, long long e, long long m) {
    long long r = 1 % m;
    b %= m;
    while (e > 0) {
        if (e & 1) r = r * b % m;
        b = b * b % m;
        e >>= 1;
    }
    return r;
}
''',
        "test_code": _harness(r'''    CHECK(pow_mod(2, 10, 1000) == 24);
    CHECK(pow_mod(5, 0, 7) == 1);
    CHECK(pow_mod(5, 0, 1) == 0);
    CHECK(pow_mod(0, 5, 13) == 0);
    CHECK(pow_mod(3, 200, 1000000007) == 136318165);
    CHECK(pow_mod(1000000000000000000LL, 1000000000000000000LL, 999999937) == 202779993);
    CHECK(pow_mod(2, 1000000000000000000LL, 1000000000) == 787109376);
'''),
        "wrong": "long long pow_mod(long long b, long long e, long long m) { long long r = 1; "
                 "for (long long i = 0; i < e && i < 100; i++) r = r * b % m; return r; }\n",
    },
    {
        "id": "cpp/floor-div-mod",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads two integers a and b (|a| <= 10^9, 1 <= |b| <= 10^9) from "
                  "standard input and prints, on one line separated by a single space, the floor quotient q "
                  "(a / b rounded down towards negative infinity) and the remainder r = a - q*b (which has "
                  "the same sign as b or is zero), followed by a newline. For example a=-7, b=2 gives "
                  "`-4 1`. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    long long a = 0, b = 1;
    std::cin >> a >> b;
    long long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    std::cout << q << " " << a - q * b << "\n";
    return 0;
}
''',
        "inputs": ["7 2\n", "-7 2\n", "7 -2\n", "-7 -2\n", "0 5\n", "6 3\n", "-6 3\n",
                   "-1000000000 999999999\n", "1000000000 -1\n"],
        "oracle": _floordiv,
        "wrong": "#include <iostream>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a / b << \" \" "
                 "<< a % b << \"\\n\"; }\n",
    },
    {
        "id": "cpp/collatz-steps",
        "style": "function",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C++ function `int collatz_steps(long long n)` that returns how many steps the "
                  "Collatz process needs to reach 1 starting from n (1 <= n <= 10^6): in each step an even "
                  "number is halved and an odd number x becomes 3x+1. collatz_steps(1) is 0. Do not write a "
                  "main function.",
        "entry_point": "collatz_steps",
        "solution": r'''int collatz_steps(long long n) {
    int steps = 0;
    while (n != 1) {
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
        steps++;
    }
    return steps;
}
''',
        "test_code": _harness(r'''    CHECK(collatz_steps(1) == 0);
    CHECK(collatz_steps(2) == 1);
    CHECK(collatz_steps(6) == 8);
    CHECK(collatz_steps(27) == 111);
    CHECK(collatz_steps(837799) == 524);
'''),
        "wrong": "int collatz_steps(long long n) { int s = 0; while (n > 1) { n /= 2; s++; } return s; }\n",
    },
    {
        "id": "cpp/is-prime",
        "style": "function",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C++ function `bool is_prime(long long n)` that returns true if n is a prime "
                  "number and false otherwise, for -10^12 <= n <= 10^12 (numbers below 2 are not prime). Do "
                  "not write a main function.",
        "entry_point": "is_prime",
        "solution": r'''bool is_prime(long long n) {
    if (n < 2) return false;
    for (long long d = 2; d * d <= n; d++)
        if (n % d == 0) return false;
    return true;
}
''',
        "test_code": _harness(r'''    CHECK(is_prime(2));
    CHECK(is_prime(3));
    CHECK(!is_prime(1));
    CHECK(!is_prime(0));
    CHECK(!is_prime(-7));
    CHECK(!is_prime(9));
    CHECK(is_prime(97));
    CHECK(!is_prime(1000000000000LL));
    CHECK(is_prime(999999999989LL));
    CHECK(!is_prime(999966000289LL));
'''),
        "wrong": "bool is_prime(long long n) { if (n < 2) return false; for (long long d = 2; d < 100 && d < n; d++) "
                 "if (n % d == 0) return false; return true; }\n",
    },
    {
        "id": "cpp/gcd-lcm",
        "style": "stdio",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads two positive integers a and b (1 <= a, b <= 1000000) from "
                  "standard input and prints their greatest common divisor and their least common multiple "
                  "on one line, separated by a single space, followed by a newline. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    long long a = 1, b = 1;
    std::cin >> a >> b;
    long long x = a, y = b;
    while (y != 0) {
        long long t = x % y;
        x = y;
        y = t;
    }
    std::cout << x << " " << a / x * b << "\n";
    return 0;
}
''',
        "inputs": ["12 18\n", "1 1\n", "7 13\n", "1000000 999999\n", "100 10\n"],
        "oracle": lambda stdin: (lambda a, b: f"{math.gcd(a, b)} {a * b // math.gcd(a, b)}\n")(*_ints(stdin)),
    },
    {
        "id": "cpp/primes-up-to",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (0 <= n <= 10000) from standard input and "
                  "prints all prime numbers less than or equal to n in increasing order on one line, "
                  "separated by single spaces, followed by a newline. If there are none, print just an empty "
                  "line. Print nothing else.",
        "solution": r'''#include <iostream>
#include <vector>
int main() {
    int n = 0;
    std::cin >> n;
    std::vector<bool> composite(n + 1 > 2 ? n + 1 : 2, false);
    bool first = true;
    for (int i = 2; i <= n; i++) {
        if (composite[i]) continue;
        std::cout << (first ? "" : " ") << i;
        first = false;
        for (int j = i * i; j <= n; j += i) composite[j] = true;
    }
    std::cout << "\n";
    return 0;
}
''',
        "inputs": ["10\n", "0\n", "1\n", "2\n", "100\n", "10000\n"],
        "oracle": _primes_upto,
    },
    {
        "id": "cpp/fibonacci",
        "style": "function",
        "category": "math",
        "difficulty": "easy",
        "prompt": "Write a C++ function `long long fib(int n)` that returns the n-th Fibonacci number for "
                  "0 <= n <= 90, where fib(0) = 0, fib(1) = 1 and fib(n) = fib(n-1) + fib(n-2). It must be "
                  "fast for n = 90. Do not write a main function.",
        "entry_point": "fib",
        "solution": r'''long long fib(int n) {
    long long a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        long long t = a + b;
        a = b;
        b = t;
    }
    return a;
}
''',
        "test_code": _harness(r'''    CHECK(fib(0) == 0);
    CHECK(fib(1) == 1);
    CHECK(fib(2) == 1);
    CHECK(fib(10) == 55);
    CHECK(fib(50) == 12586269025LL);
    CHECK(fib(90) == 2880067194370816120LL);
'''),
        "wrong": "long long fib(int n) { long long a = 1, b = 1; for (int i = 0; i < n; i++) { long long t = a + b; "
                 "a = b; b = t; } return a; }\n",
    },
    {
        "id": "cpp/binomial",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C++ function `long long binom(int n, int k)` that returns the binomial "
                  "coefficient C(n, k) (the number of ways to choose k items out of n) for 0 <= n <= 60; it "
                  "returns 0 when k < 0 or k > n. Do not write a main function.",
        "entry_point": "binom",
        "solution": r'''long long binom(int n, int k) {
    if (k < 0 || k > n) return 0;
    if (k > n - k) k = n - k;
    long long r = 1;
    for (int i = 0; i < k; i++) r = r * (n - i) / (i + 1);
    return r;
}
''',
        "test_code": _harness(r'''    CHECK(binom(5, 2) == 10);
    CHECK(binom(0, 0) == 1);
    CHECK(binom(10, 0) == 1);
    CHECK(binom(10, 10) == 1);
    CHECK(binom(4, 5) == 0);
    CHECK(binom(4, -1) == 0);
    CHECK(binom(60, 30) == 118264581564861424LL);
    CHECK(binom(52, 5) == 2598960);
'''),
        "wrong": "long long binom(int n, int k) { long long f = 1, g = 1; for (int i = 1; i <= n; i++) f *= i; "
                 "for (int i = 1; i <= k; i++) g *= i; for (int i = 1; i <= n - k; i++) g *= i; return f / g; }\n",
    },
    {
        "id": "cpp/perfect-numbers",
        "style": "stdio",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 10000) from standard input and "
                  "prints every perfect number k with 2 <= k <= n, one per line in increasing order. A "
                  "perfect number equals the sum of its divisors smaller than itself (6 = 1 + 2 + 3). If "
                  "there are none, print nothing. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    for (int k = 2; k <= n; k++) {
        int s = 1;
        for (int d = 2; d * d <= k; d++) {
            if (k % d == 0) {
                s += d;
                if (d != k / d) s += k / d;
            }
        }
        if (s == k) std::cout << k << "\n";
    }
    return 0;
}
''',
        "inputs": ["30\n", "1\n", "5\n", "6\n", "10000\n"],
        "oracle": _perfect,
    },
    {
        "id": "cpp/to-base",
        "style": "function",
        "category": "math",
        "difficulty": "hard",
        "prompt": "Write a C++ function `std::string to_base(long long n, int base)` that returns n written "
                  "in the given base (2 <= base <= 36) using digits 0-9 then lowercase letters a-z, with no "
                  "leading zeros; zero is \"0\" and negative numbers get a leading '-'. |n| <= 10^18. Include "
                  "the headers you need. Do not write a main function.",
        "entry_point": "to_base",
        "solution": r'''#include <string>
std::string to_base(long long n, int base) {
    if (n == 0) return "0";
    const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    bool neg = n < 0;
    unsigned long long m = neg ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    std::string out;
    while (m > 0) {
        out.insert(out.begin(), digits[m % (unsigned long long)base]);
        m /= (unsigned long long)base;
    }
    return neg ? "-" + out : out;
}
''',
        "test_code": _harness(r'''    CHECK(to_base(10, 2) == "1010");
    CHECK(to_base(0, 7) == "0");
    CHECK(to_base(255, 16) == "ff");
    CHECK(to_base(-255, 16) == "-ff");
    CHECK(to_base(35, 36) == "z");
    CHECK(to_base(36, 36) == "10");
    CHECK(to_base(1000000000000000000LL, 10) == "1000000000000000000");
    CHECK(to_base(-1000000000000000000LL, 2) == "-110111100000101101101011001110100111011001000000000000000000");
    CHECK(to_base(1, 2) == "1");
'''),
        "wrong": "#include <string>\nstd::string to_base(long long n, int base) { std::string s; "
                 "while (n > 0) { s.insert(s.begin(), \"0123456789abcdefghijklmnopqrstuvwxyz\"[n % base]); "
                 "n /= base; } return s; }\n",
    },
    {
        "id": "cpp/isqrt",
        "style": "function",
        "category": "math",
        "difficulty": "medium",
        "prompt": "Write a C++ function `long long isqrt(long long n)` that returns the largest integer r "
                  "with r*r <= n, for 0 <= n <= 10^18. The result must be exact (beware of floating-point "
                  "rounding). Do not write a main function.",
        "entry_point": "isqrt",
        "solution": r'''long long isqrt(long long n) {
    long long lo = 0, hi = 1000000000LL;
    while (lo < hi) {
        long long mid = lo + (hi - lo + 1) / 2;
        if (mid <= n / mid) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}
''',
        "test_code": _harness(r'''    CHECK(isqrt(0) == 0);
    CHECK(isqrt(1) == 1);
    CHECK(isqrt(3) == 1);
    CHECK(isqrt(4) == 2);
    CHECK(isqrt(99) == 9);
    CHECK(isqrt(1000000000000000000LL) == 1000000000LL);
    CHECK(isqrt(999999999999999999LL) == 999999999LL);
    CHECK(isqrt(999999998000000000LL) == 999999998LL);
    CHECK(isqrt(999999996000000004LL) == 999999998LL);
    CHECK(isqrt(999999996000000003LL) == 999999997LL);
'''),
        "wrong": "long long isqrt(long long n) { long long r = 0; while ((r + 1) * (r + 1) < n) r++; return r; }\n",
    },
    {
        "id": "cpp/prime-factorization",
        "style": "stdio",
        "category": "math",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads an integer n (2 <= n <= 10^12) from standard input and "
                  "prints its prime factorization followed by a newline: the distinct prime factors in "
                  "increasing order separated by ` * ` (space, star, space), each written as `p` if it "
                  "occurs once or `p^e` if it occurs e > 1 times. For example 360 prints `2^3 * 3^2 * 5`. "
                  "Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    long long n = 2;
    std::cin >> n;
    bool first = true;
    for (long long d = 2; d * d <= n; d++) {
        int e = 0;
        while (n % d == 0) {
            n /= d;
            e++;
        }
        if (e == 0) continue;
        std::cout << (first ? "" : " * ") << d;
        if (e > 1) std::cout << "^" << e;
        first = false;
    }
    if (n > 1) std::cout << (first ? "" : " * ") << n;
    std::cout << "\n";
    return 0;
}
''',
        "inputs": ["360\n", "2\n", "97\n", "1000000000000\n", "999999999989\n", "999966000289\n", "30\n"],
        "oracle": _factorize,
    },
]
