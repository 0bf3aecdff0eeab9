"""C tasks: integer and fixed-point arithmetic."""

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _trunc_divmod(a, b):
    q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
    return q, a - q * b


def _factorial_digits(stdin):
    n, f = int(stdin), 1
    for i in range(2, n + 1):
        f *= i
    return f"{f}\n"


TASKS = [
    {
        "id": "c/sum-two-ints",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads two integers a and b (each between -1000000000 and 1000000000) "
                  "separated by a space from standard input and prints their sum a + b followed by a newline. "
                  "Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    printf("%lld\n", a + b);
    return 0;
}
''',
        "inputs": ["1 2\n", "-5 5\n", "0 0\n", "1000000000 1000000000\n", "-7 -8\n"],
        "oracle": lambda s: f"{sum(_ints(s))}\n",
    },
    {
        "id": "c/celsius-to-fahrenheit",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one integer C (a temperature in degrees Celsius, between -273 "
                  "and 1000) from standard input and prints the temperature in degrees Fahrenheit, "
                  "F = C * 9 / 5 + 32, with exactly one digit after the decimal point (as printf(\"%.1f\\n\") "
                  "does), followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int c;
    if (scanf("%d", &c) != 1) return 1;
    printf("%.1f\n", c * 9.0 / 5.0 + 32.0);
    return 0;
}
''',
        "inputs": ["0\n", "100\n", "-40\n", "37\n", "-273\n", "1\n"],
        "oracle": lambda s: f"{int(s) * 9 / 5 + 32:.1f}\n",
    },
    {
        "id": "c/absolute-value",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one integer x (between -1000000000 and 1000000000) from "
                  "standard input and prints its absolute value followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long x;
    if (scanf("%ld", &x) != 1) return 1;
    printf("%ld\n", x < 0 ? -x : x);
    return 0;
}
''',
        "inputs": ["5\n", "-5\n", "0\n", "-1000000000\n", "999\n"],
        "oracle": lambda s: f"{abs(int(s))}\n",
    },
    {
        "id": "c/rectangle-area-perimeter",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads two non-negative integers w and h (each at most 100000), the "
                  "width and height of a rectangle, from standard input and prints its area and its perimeter "
                  "on one line separated by a single space, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long w, h;
    if (scanf("%lld %lld", &w, &h) != 2) return 1;
    printf("%lld %lld\n", w * h, 2 * (w + h));
    return 0;
}
''',
        "inputs": ["3 4\n", "0 5\n", "1 1\n", "100000 100000\n"],
        "oracle": lambda s: (lambda w, h: f"{w * h} {2 * (w + h)}\n")(*_ints(s)),
    },
    {
        "id": "c/quotient-remainder",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C program that reads two integers a and b (|a|, |b| <= 1000000000, b != 0) from "
                  "standard input and prints the quotient of a divided by b rounded toward zero and the "
                  "remainder (which has the sign of a, so that a == quotient * b + remainder), on one line "
                  "separated by a single space, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long a, b;
    if (scanf("%lld %lld", &a, &b) != 2) return 1;
    printf("%lld %lld\n", a / b, a % b);
    return 0;
}
''',
        "inputs": ["7 2\n", "-7 2\n", "7 -2\n", "-7 -2\n", "0 5\n", "1000000000 1\n", "3 10\n"],
        "oracle": lambda s: "%d %d\n" % _trunc_divmod(*_ints(s)),
    },
    {
        "id": "c/seconds-to-clock",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C program that reads a non-negative integer s (at most 1000000000), a number of "
                  "seconds, from standard input and prints it as hours, minutes and seconds in the form H:MM:SS "
                  "(hours without padding and possibly more than 24; minutes and seconds with two digits), "
                  "followed by a newline. Print nothing else. Example: 3725 prints 1:02:05.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long s;
    if (scanf("%ld", &s) != 1) return 1;
    printf("%ld:%02ld:%02ld\n", s / 3600, s / 60 % 60, s % 60);
    return 0;
}
''',
        "inputs": ["3725\n", "0\n", "59\n", "86400\n", "1000000000\n", "3599\n"],
        "oracle": lambda s: (lambda n: f"{n // 3600}:{n // 60 % 60:02d}:{n % 60:02d}\n")(int(s)),
    },
    {
        "id": "c/big-factorial",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 100) from standard input and prints "
                  "the exact decimal value of n! (n factorial; 0! = 1) followed by a newline. The value can "
                  "have up to 158 digits, so it does not fit in any built-in integer type. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, digits[200] = {1}, len = 1;
    if (scanf("%d", &n) != 1) return 1;
    for (int k = 2; k <= n; k++) {
        int carry = 0;
        for (int i = 0; i < len; i++) {
            int v = digits[i] * k + carry;
            digits[i] = v % 10;
            carry = v / 10;
        }
        while (carry) { digits[len++] = carry % 10; carry /= 10; }
    }
    for (int i = len - 1; i >= 0; i--) putchar('0' + digits[i]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["0\n", "1\n", "5\n", "20\n", "25\n", "100\n"],
        "oracle": _factorial_digits,
    },
    {
        "id": "c/max-of-three",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int max3(int a, int b, int c)` that returns the largest of its three "
                  "arguments. Do not write a main function.",
        "entry_point": "max3",
        "solution": "int max3(int a, int b, int c) {\n    int m = a > b ? a : b;\n    return m > c ? m : c;\n}\n",
        "test_code": c_harness(r'''
    CHECK(max3(1, 2, 3) == 3);
    CHECK(max3(3, 2, 1) == 3);
    CHECK(max3(2, 3, 1) == 3);
    CHECK(max3(-5, -2, -9) == -2);
    CHECK(max3(7, 7, 7) == 7);
    CHECK(max3(0, -1, 0) == 0);
'''),
        "wrong": "int max3(int a, int b, int c) { (void)b; (void)c; return a; }\n",
    },
    {
        "id": "c/is-even",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_even(int n)` that returns 1 if n is even and 0 if n is odd. n may "
                  "be negative. Do not write a main function.",
        "entry_point": "is_even",
        "solution": "int is_even(int n) {\n    return n % 2 == 0;\n}\n",
        "test_code": c_harness(r'''
    CHECK(is_even(4) == 1);
    CHECK(is_even(7) == 0);
    CHECK(is_even(0) == 1);
    CHECK(is_even(-3) == 0);
    CHECK(is_even(-10) == 1);
'''),
        "wrong": "int is_even(int n) { return n % 2 == 1; }\n",
    },
    {
        "id": "c/factorial-function",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `long long factorial(int n)` that returns n! for 0 <= n <= 20 "
                  "(0! is 1). Do not write a main function.",
        "entry_point": "factorial",
        "solution": "long long factorial(int n) {\n    long long f = 1;\n    for (int i = 2; i <= n; i++) f *= i;\n"
                    "    return f;\n}\n",
        "test_code": c_harness(r'''
    CHECK(factorial(0) == 1);
    CHECK(factorial(1) == 1);
    CHECK(factorial(5) == 120);
    CHECK(factorial(10) == 3628800);
    CHECK(factorial(20) == 2432902008176640000LL);
'''),
    },
    {
        "id": "c/digit-sum",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C function `int digit_sum(long long n)` that returns the sum of the decimal digits "
                  "of n, ignoring the sign (digit_sum(-123) is 6). |n| <= 10^18. Do not write a main function.",
        "entry_point": "digit_sum",
        "solution": "int digit_sum(long long n) {\n    int s = 0;\n    if (n < 0) n = -n;\n"
                    "    while (n > 0) { s += (int)(n % 10); n /= 10; }\n    return s;\n}\n",
        "test_code": c_harness(r'''
    CHECK(digit_sum(123) == 6);
    CHECK(digit_sum(0) == 0);
    CHECK(digit_sum(-123) == 6);
    CHECK(digit_sum(9) == 9);
    CHECK(digit_sum(1000000000000000000LL) == 1);
    CHECK(digit_sum(999999999999999999LL) == 162);
'''),
        "wrong": "int digit_sum(long long n) {\n    int s = 0;\n    while (n > 0) { s += (int)(n % 10); n /= 10; }\n"
                 "    return s;\n}\n",
    },
    {
        "id": "c/power-mod",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C function `long long power_mod(long long base, long long exp, long long mod)` that "
                  "returns (base ^ exp) mod m for 0 <= base <= 10^9, 0 <= exp <= 10^18 and 1 <= mod <= 10^9 "
                  "(anything to the power 0 is 1, and the result is always in [0, mod)). It must finish quickly "
                  "for huge exponents. Do not write a main function.",
        "entry_point": "power_mod",
        "solution": r'''long long power_mod(long long base, long long exp, long long mod) {
    long long result = 1 % mod;
    base %= mod;
    while (exp > 0) {
        if (exp & 1) result = result * base % mod;
        base = base * base % mod;
        exp >>= 1;
    }
    return result;
}
''',
        "test_code": c_harness(r'''
    CHECK(power_mod(2, 10, 1000) == 24);
    CHECK(power_mod(3, 0, 7) == 1);
    CHECK(power_mod(5, 3, 1) == 0);
    CHECK(power_mod(0, 5, 13) == 0);
    CHECK(power_mod(2, 1000000000000000000LL, 1000000007) == 719476260);
    CHECK(power_mod(1000000000, 2, 999999937) == 3969);
'''),
    },
    {
        "id": "c/add-overflows",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "hard",
        "prompt": "Write a C function `int checked_add(int a, int b, int *result)` that returns 1 and leaves "
                  "*result unchanged if a + b does not fit in an int (it overflows), and otherwise stores a + b "
                  "in *result and returns 0. It must not compute an overflowing int addition (that is undefined "
                  "behaviour). Use INT_MAX/INT_MIN from limits.h. Do not write a main function.",
        "entry_point": "checked_add",
        "solution": r'''#include <limits.h>
int checked_add(int a, int b, int *result) {
    if ((b > 0 && a > INT_MAX - b) || (b < 0 && a < INT_MIN - b)) return 1;
    *result = a + b;
    return 0;
}
''',
        "test_code": c_harness(r'''
    int r = 42;
    CHECK(checked_add(1, 2, &r) == 0 && r == 3);
    r = 42;
    CHECK(checked_add(INT_MAX, 1, &r) == 1 && r == 42);
    CHECK(checked_add(INT_MIN, -1, &r) == 1 && r == 42);
    CHECK(checked_add(INT_MAX, 0, &r) == 0 && r == INT_MAX);
    CHECK(checked_add(INT_MIN, INT_MAX, &r) == 0 && r == -1);
    r = 42;
    CHECK(checked_add(INT_MAX, INT_MAX, &r) == 1 && r == 42);
    CHECK(checked_add(-5, 5, &r) == 0 && r == 0);
''', includes=("limits.h",)),
    },
    {
        "id": "c/reverse-digits",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "medium",
        "prompt": "Write a C function `int reverse_digits(int n)` that returns n with its decimal digits "
                  "reversed, keeping the sign: reverse_digits(123) is 321, reverse_digits(-450) is -54, "
                  "reverse_digits(0) is 0. |n| <= 100000000. Do not write a main function.",
        "entry_point": "reverse_digits",
        "solution": r'''int reverse_digits(int n) {
    int sign = n < 0 ? -1 : 1, r = 0;
    if (n < 0) n = -n;
    while (n > 0) { r = r * 10 + n % 10; n /= 10; }
    return sign * r;
}
''',
        "test_code": c_harness(r'''
    CHECK(reverse_digits(123) == 321);
    CHECK(reverse_digits(-450) == -54);
    CHECK(reverse_digits(0) == 0);
    CHECK(reverse_digits(7) == 7);
    CHECK(reverse_digits(100000000) == 1);
    CHECK(reverse_digits(-98765) == -56789);
'''),
    },
    {
        "id": "c/hello-world",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that prints the line Hello, World! (exactly that text followed by a newline) "
                  "to standard output. It reads nothing from standard input. Print nothing else.",
        "solution": "#include <stdio.h>\nint main(void) {\n    printf(\"Hello, World!\\n\");\n    return 0;\n}\n",
        "inputs": ["", "\n", "ignored input\n"],
        "oracle": lambda s: "Hello, World!\n",
    },
    {
        "id": "c/double-a-number",
        "style": "stdio",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one integer n (between -1000000 and 1000000) from standard input "
                  "and prints 2 * n followed by a newline. Print nothing else: no prompt text such as "
                  "\"Enter a number\".",
        "solution": "#include <stdio.h>\nint main(void) {\n    int n;\n    if (scanf(\"%d\", &n) != 1) return 1;\n"
                    "    printf(\"%d\\n\", 2 * n);\n    return 0;\n}\n",
        "inputs": ["21\n", "0\n", "-7\n", "1000000\n"],
        "oracle": lambda s: f"{2 * int(s)}\n",
    },
    {
        "id": "c/add-two",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int add(int a, int b)` that returns a + b. The sum always fits in an int. "
                  "Do not write a main function.",
        "entry_point": "add",
        "solution": "int add(int a, int b) {\n    return a + b;\n}\n",
        "test_code": c_harness(r'''
    CHECK(add(1, 2) == 3);
    CHECK(add(-5, 5) == 0);
    CHECK(add(0, 0) == 0);
    CHECK(add(-3, -4) == -7);
'''),
    },
    {
        "id": "c/square",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `long long square(int x)` that returns x * x (|x| <= 1000000000, so use a "
                  "64-bit multiplication). Do not write a main function.",
        "entry_point": "square",
        "solution": "long long square(int x) {\n    return (long long)x * x;\n}\n",
        "test_code": c_harness(r'''
    CHECK(square(3) == 9);
    CHECK(square(-4) == 16);
    CHECK(square(0) == 0);
    CHECK(square(1000000000) == 1000000000000000000LL);
'''),
    },
    {
        "id": "c/max-of-two",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int max2(int a, int b)` that returns the larger of a and b. Do not write a "
                  "main function.",
        "entry_point": "max2",
        "solution": "int max2(int a, int b) {\n    return a > b ? a : b;\n}\n",
        "test_code": c_harness(r'''
    CHECK(max2(1, 2) == 2);
    CHECK(max2(2, 1) == 2);
    CHECK(max2(-5, -9) == -5);
    CHECK(max2(4, 4) == 4);
'''),
        "wrong": "int max2(int a, int b) { return a < b ? a : b; }\n",
    },
    {
        "id": "c/is-negative",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_negative(int x)` that returns 1 if x is less than zero and 0 "
                  "otherwise. Do not write a main function.",
        "entry_point": "is_negative",
        "solution": "int is_negative(int x) {\n    return x < 0;\n}\n",
        "test_code": c_harness(r'''
    CHECK(is_negative(-1) == 1);
    CHECK(is_negative(0) == 0);
    CHECK(is_negative(5) == 0);
    CHECK(is_negative(-2147483647 - 1) == 1);
'''),
        "wrong": "int is_negative(int x) { return x <= 0; }\n",
    },
    {
        "id": "c/last-digit",
        "style": "function",
        "category": "arithmetic",
        "difficulty": "easy",
        "prompt": "Write a C function `int last_digit(int n)` that returns the last decimal digit of the "
                  "non-negative integer n (last_digit(1234) is 4). Do not write a main function.",
        "entry_point": "last_digit",
        "solution": "int last_digit(int n) {\n    return n % 10;\n}\n",
        "test_code": c_harness(r'''
    CHECK(last_digit(1234) == 4);
    CHECK(last_digit(0) == 0);
    CHECK(last_digit(7) == 7);
    CHECK(last_digit(2147483647) == 7);
    CHECK(last_digit(90) == 0);
'''),
        "wrong": "int last_digit(int n) { return n / 10; }\n",
    },
]
