"""C tasks: parsing structured text."""

import re

from tasksrc._harness import c_harness


def _line(stdin):
    return stdin.split("\n", 1)[0]


def _day_of_year(stdin):
    y, m, d = (int(x) for x in _line(stdin).split("-"))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return f"{sum(days[:m - 1]) + d}\n"


def _evaluate(stdin):
    """Recursive-descent evaluation with C semantics (division truncates toward zero)."""
    tokens = re.findall(r"\d+|[-+*/()]", _line(stdin))
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def factor():
        tok = take()
        if tok == "(":
            value = expr()
            take()
            return value
        if tok == "-":
            return -factor()
        return int(tok)

    def term():
        value = factor()
        while peek() in ("*", "/"):
            if take() == "*":
                value *= factor()
            else:
                rhs = factor()
                q = abs(value) // abs(rhs)
                value = q if (value < 0) == (rhs < 0) else -q
        return value

    def expr():
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    return f"{expr()}\n"


def _key_lookup(stdin):
    lines = stdin.split("\n")
    wanted, pairs = lines[0], lines[1]
    for pair in pairs.split(";"):
        key, _, value = pair.partition("=")
        if key == wanted:
            return value + "\n"
    return "missing\n"


TASKS = [
    {
        "id": "c/parse-a-plus-b",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of the form A+B from standard input, where A and B are "
                  "non-negative integers of at most 9 digits written without spaces (for example 12+34), and "
                  "prints the value of A + B followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long a, b;
    if (scanf("%lld+%lld", &a, &b) != 2) return 1;
    printf("%lld\n", a + b);
    return 0;
}
''',
        "inputs": ["12+34\n", "0+0\n", "999999999+1\n", "7+0\n"],
        "oracle": lambda s: f"{sum(int(x) for x in _line(s).split('+'))}\n",
    },
    {
        "id": "c/csv-sum",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of comma-separated integers (at least one, at most "
                  "100, each between -100000 and 100000, no spaces, e.g. 3,-1,4) from standard input and "
                  "prints how many integers there are and their sum, separated by a single space, followed by "
                  "a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long x, sum = 0;
    int count = 0;
    while (scanf("%lld", &x) == 1) {
        sum += x;
        count++;
        if (getchar() != ',') break;
    }
    printf("%d %lld\n", count, sum);
    return 0;
}
''',
        "inputs": ["3,-1,4\n", "42\n", "0,0,0\n", "100000,100000,-5\n", "-1,-2,-3,-4,-5,-6\n"],
        "oracle": lambda s: (lambda v: f"{len(v)} {sum(v)}\n")([int(x) for x in _line(s).split(",")]),
    },
    {
        "id": "c/sum-numbers-in-text",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of text (at most 500 characters) from standard input "
                  "and prints the sum of all numbers that appear in it, followed by a newline. A number is a "
                  "maximal run of decimal digits (a '-' before it is not a sign; each run has at most 9 "
                  "digits). If there are no digits print 0. Print nothing else.",
        "solution": r'''#include <ctype.h>
#include <stdio.h>
int main(void) {
    char s[600];
    long long sum = 0, current = 0;
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    for (char *p = s;; p++) {
        if (isdigit((unsigned char)*p)) current = current * 10 + (*p - '0');
        else { sum += current; current = 0; }
        if (!*p) break;
    }
    printf("%lld\n", sum);
    return 0;
}
''',
        "inputs": ["abc12def3\n", "no digits here\n", "\n", "100 apples and 250 pears, -5 left\n",
                   "007x8\n", "999999999 999999999\n"],
        "oracle": lambda s: f"{sum(int(x) for x in re.findall(r'[0-9]+', _line(s)))}\n",
    },
    {
        "id": "c/day-of-year",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C program that reads a date in the form YYYY-MM-DD (a valid Gregorian date, year "
                  "1 to 9999) from standard input and prints the day of the year (1 for January 1st) followed "
                  "by a newline. A year is a leap year if it is divisible by 4, except years divisible by 100 "
                  "that are not divisible by 400. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int y, m, d;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (scanf("%d-%d-%d", &y, &m, &d) != 3) return 1;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int total = d;
    for (int i = 0; i < m - 1; i++) total += days[i] + (i == 1 && leap);
    printf("%d\n", total);
    return 0;
}
''',
        "inputs": ["2024-03-01\n", "2023-03-01\n", "1900-12-31\n", "2000-12-31\n", "0001-01-01\n", "2021-07-04\n"],
        "oracle": _day_of_year,
    },
    {
        "id": "c/key-value-lookup",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C program that reads two lines from standard input. The first line is a key. The "
                  "second line is a list of key=value pairs separated by ';' (for example a=1;name=bob), at "
                  "most 500 characters; keys and values contain only letters and digits, and values may be "
                  "empty. Print the value of the first pair whose key equals the first line, or the word "
                  "missing if there is none, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char key[600], line[600];
    if (!fgets(key, sizeof key, stdin) || !fgets(line, sizeof line, stdin)) return 1;
    key[strcspn(key, "\n")] = 0;
    line[strcspn(line, "\n")] = 0;
    for (char *pair = strtok(line, ";"); pair; pair = strtok(NULL, ";")) {
        char *eq = strchr(pair, '=');
        if (!eq) continue;
        *eq = 0;
        if (strcmp(pair, key) == 0) { printf("%s\n", eq + 1); return 0; }
    }
    printf("missing\n");
    return 0;
}
''',
        "inputs": ["name\na=1;name=bob;c=3\n", "x\na=1;b=2\n", "a\na=first;a=second\n", "b\na=1;b=\n",
                   "c3\nc=no;c3=yes\n"],
        "oracle": _key_lookup,
    },
    {
        "id": "c/evaluate-expression",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C program that reads one line (at most 1000 characters) holding an arithmetic "
                  "expression from standard input and prints its integer value followed by a newline. The "
                  "expression contains non-negative integer literals, the binary operators + - * /, unary "
                  "minus, parentheses and spaces. * and / bind tighter than + and -, operators of equal "
                  "precedence group left to right, and / is integer division rounding toward zero (as in C). "
                  "No division by zero occurs and every intermediate value fits in a signed 64-bit integer. "
                  "Print nothing else.",
        "solution": r'''#include <ctype.h>
#include <stdio.h>
static const char *p;
static long long expr(void);
static void skip(void) { while (*p == ' ') p++; }
static long long factor(void) {
    skip();
    if (*p == '(') { p++; long long v = expr(); skip(); p++; return v; }
    if (*p == '-') { p++; return -factor(); }
    long long v = 0;
    while (isdigit((unsigned char)*p)) v = v * 10 + (*p++ - '0');
    return v;
}
static long long term(void) {
    long long v = factor();
    for (;;) {
        skip();
        if (*p == '*') { p++; v *= factor(); }
        else if (*p == '/') { p++; v /= factor(); }
        else return v;
    }
}
static long long expr(void) {
    long long v = term();
    for (;;) {
        skip();
        if (*p == '+') { p++; v += term(); }
        else if (*p == '-') { p++; v -= term(); }
        else return v;
    }
}
int main(void) {
    static char line[1100];
    if (!fgets(line, sizeof line, stdin)) return 1;
    p = line;
    printf("%lld\n", expr());
    return 0;
}
''',
        "inputs": ["1 + 2 * 3\n", "(1 + 2) * 3\n", "7 - 10 / 3\n", "-7 / 2\n", "42\n", "2 * (3 + 4) * -(5 - 6)\n",
                   "100 - 20 - 30\n", "((((5))))\n", "1000000 * 1000000 / 7\n"],
        "oracle": _evaluate,
    },
    {
        "id": "c/parse-digit",
        "style": "function",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C function `int digit_value(char c)` that returns the numeric value 0 to 9 of the "
                  "decimal digit character c ('0' to '9'), or -1 if c is not a decimal digit. Do not write a "
                  "main function.",
        "entry_point": "digit_value",
        "solution": "int digit_value(char c) {\n    return c >= '0' && c <= '9' ? c - '0' : -1;\n}\n",
        "test_code": c_harness(r'''
    CHECK(digit_value('0') == 0);
    CHECK(digit_value('7') == 7);
    CHECK(digit_value('9') == 9);
    CHECK(digit_value('a') == -1);
    CHECK(digit_value(' ') == -1);
    CHECK(digit_value('/') == -1);
'''),
    },
    {
        "id": "c/my-atoi",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `int my_atoi(const char *s)` that skips leading spaces, reads an optional "
                  "'+' or '-' sign and then as many decimal digits as follow, and returns the resulting "
                  "integer; it stops at the first character that is not a digit and returns 0 if there are no "
                  "digits. The value always fits in an int. Do not use atoi, strtol or sscanf. Do not write a "
                  "main function.",
        "entry_point": "my_atoi",
        "solution": r'''int my_atoi(const char *s) {
    int sign = 1, value = 0;
    while (*s == ' ') s++;
    if (*s == '+' || *s == '-') { if (*s == '-') sign = -1; s++; }
    while (*s >= '0' && *s <= '9') value = value * 10 + (*s++ - '0');
    return sign * value;
}
''',
        "test_code": c_harness(r'''
    CHECK(my_atoi("42") == 42);
    CHECK(my_atoi("   -17abc") == -17);
    CHECK(my_atoi("+5") == 5);
    CHECK(my_atoi("") == 0);
    CHECK(my_atoi("abc") == 0);
    CHECK(my_atoi("0012") == 12);
    CHECK(my_atoi("2147483647") == 2147483647);
'''),
    },
    {
        "id": "c/hex-value",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `long hex_value(const char *s)` that returns the value of the hexadecimal "
                  "number s (1 to 7 digits 0-9, a-f or A-F, no prefix and no sign), or -1 if s is empty or "
                  "contains any other character. Do not write a main function.",
        "entry_point": "hex_value",
        "solution": r'''long hex_value(const char *s) {
    long v = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        int d;
        if (*s >= '0' && *s <= '9') d = *s - '0';
        else if (*s >= 'a' && *s <= 'f') d = *s - 'a' + 10;
        else if (*s >= 'A' && *s <= 'F') d = *s - 'A' + 10;
        else return -1;
        v = v * 16 + d;
    }
    return v;
}
''',
        "test_code": c_harness(r'''
    CHECK(hex_value("ff") == 255);
    CHECK(hex_value("FF") == 255);
    CHECK(hex_value("0") == 0);
    CHECK(hex_value("1aB3") == 6835);
    CHECK(hex_value("") == -1);
    CHECK(hex_value("12g") == -1);
    CHECK(hex_value("fffffff") == 268435455);
'''),
    },
    {
        "id": "c/parse-int-strict",
        "style": "function",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C function `int parse_int(const char *s, int *out)` that parses s as a decimal int: "
                  "the whole string must be an optional '+' or '-' followed by one or more digits, with nothing "
                  "else (no spaces), and the value must fit in an int (INT_MIN to INT_MAX). On success it "
                  "stores the value in *out and returns 1; otherwise it returns 0 and leaves *out unchanged. "
                  "Do not write a main function.",
        "entry_point": "parse_int",
        "solution": r'''#include <limits.h>
int parse_int(const char *s, int *out) {
    int negative = 0;
    long long v = 0;
    if (*s == '+' || *s == '-') negative = *s++ == '-';
    if (!*s) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (*s - '0');
        if (v > (long long)INT_MAX + 1) return 0;
    }
    if (negative) v = -v;
    if (v > INT_MAX || v < INT_MIN) return 0;
    *out = (int)v;
    return 1;
}
''',
        "test_code": c_harness(r'''
    int v = 7;
    CHECK(parse_int("123", &v) == 1 && v == 123);
    CHECK(parse_int("-42", &v) == 1 && v == -42);
    CHECK(parse_int("+0", &v) == 1 && v == 0);
    v = 7;
    CHECK(parse_int("", &v) == 0 && v == 7);
    CHECK(parse_int("-", &v) == 0 && v == 7);
    CHECK(parse_int("12a", &v) == 0 && v == 7);
    CHECK(parse_int(" 12", &v) == 0 && v == 7);
    CHECK(parse_int("2147483648", &v) == 0 && v == 7);
    CHECK(parse_int("2147483647", &v) == 1 && v == INT_MAX);
    CHECK(parse_int("-2147483648", &v) == 1 && v == INT_MIN);
    v = 7;
    CHECK(parse_int("99999999999999999999", &v) == 0 && v == 7);
''', includes=("limits.h",)),
    },
    {
        "id": "c/count-fields",
        "style": "function",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C function `int count_fields(const char *line, char sep)` that returns the number of "
                  "fields in line when it is split at every occurrence of the separator character sep: that "
                  "is, the number of separators plus one (so an empty line has 1 field and \"a,,b\" has 3). "
                  "Do not write a main function.",
        "entry_point": "count_fields",
        "solution": "int count_fields(const char *line, char sep) {\n    int n = 1;\n    for (; *line; line++)\n"
                    "        if (*line == sep) n++;\n    return n;\n}\n",
        "test_code": c_harness(r'''
    CHECK(count_fields("a,b,c", ',') == 3);
    CHECK(count_fields("", ',') == 1);
    CHECK(count_fields("a,,b", ',') == 3);
    CHECK(count_fields("x;y", ',') == 1);
    CHECK(count_fields("x;y", ';') == 2);
    CHECK(count_fields(",", ',') == 2);
'''),
    },
    {
        "id": "c/valid-identifier",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `int is_identifier(const char *s)` that returns 1 if s is a valid C "
                  "identifier shape (non-empty; first character a letter or '_'; every other character a "
                  "letter, digit or '_'; only ASCII) and 0 otherwise. Keywords need no special handling. Do "
                  "not write a main function.",
        "entry_point": "is_identifier",
        "solution": r'''#include <ctype.h>
int is_identifier(const char *s) {
    if (!*s || !(isalpha((unsigned char)*s) || *s == '_')) return 0;
    for (s++; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return 0;
    return 1;
}
''',
        "test_code": c_harness(r'''
    CHECK(is_identifier("x") == 1);
    CHECK(is_identifier("_private9") == 1);
    CHECK(is_identifier("9lives") == 0);
    CHECK(is_identifier("") == 0);
    CHECK(is_identifier("has space") == 0);
    CHECK(is_identifier("dash-ed") == 0);
    CHECK(is_identifier("CamelCase_2") == 1);
'''),
    },
]
