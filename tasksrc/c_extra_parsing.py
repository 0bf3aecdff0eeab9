"""Extra C parsing tasks (ids c/x-...; gnu17)."""

from tasksrc._harness import c_harness


def _line_sums(stdin):
    lines = stdin.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(f"{sum(int(x) for x in ln.split())}\n" for ln in lines)


def _word_lengths(stdin):
    return " ".join(str(len(w)) for w in stdin.split("\n")[0].split()) + "\n"


def _decode(s):
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "+":
            out.append(32)
            i += 1
        elif s[i] == "%":
            out.append(int(s[i + 1:i + 3], 16))
            i += 3
        else:
            out.append(ord(s[i]))
            i += 1
    return out.decode("latin-1")


def _query(stdin):
    q = stdin.split("\n")[0]
    out = []
    for part in q.split("&"):
        if "=" in part:
            k, v = part.split("=", 1)
        else:
            k, v = part, ""
        out.append(f"{_decode(k)}: {_decode(v)}\n")
    return "".join(out)


def _hex_dump(stdin):
    data = stdin.split("\n")[0].encode()
    return " ".join(f"{b:02x}" for b in data) + "\n"


TASKS = [
    {
        "id": "c/x-roman-to-int",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `int roman_to_int(const char *s)` that converts a valid Roman numeral "
                  "between 1 and 3999 written in uppercase standard subtractive form (I=1, V=5, X=10, L=50, "
                  "C=100, D=500, M=1000; IV=4, IX=9, XL=40, XC=90, CD=400, CM=900) to its integer value. Do "
                  "not write a main function.",
        "entry_point": "roman_to_int",
        "solution": r'''static int roman_value(char c) {
    switch (c) {
    case 'I': return 1;
    case 'V': return 5;
    case 'X': return 10;
    case 'L': return 50;
    case 'C': return 100;
    case 'D': return 500;
    case 'M': return 1000;
    default: return 0;
    }
}
int roman_to_int(const char *s) {
    int total = 0;
    for (int i = 0; s[i]; i++) {
        int v = roman_value(s[i]);
        if (v < roman_value(s[i + 1])) total -= v;
        else total += v;
    }
    return total;
}
''',
        "test_code": c_harness(r'''
    CHECK(roman_to_int("I") == 1);
    CHECK(roman_to_int("IV") == 4);
    CHECK(roman_to_int("IX") == 9);
    CHECK(roman_to_int("LVIII") == 58);
    CHECK(roman_to_int("MCMXCIV") == 1994);
    CHECK(roman_to_int("MMMCMXCIX") == 3999);
    CHECK(roman_to_int("XLIV") == 44);
'''),
        "wrong": "int roman_to_int(const char *s) { int t = 0; for (; *s; s++) t += *s == 'I' ? 1 : *s == 'V' ? 5 : "
                 "*s == 'X' ? 10 : *s == 'L' ? 50 : *s == 'C' ? 100 : *s == 'D' ? 500 : 1000; return t; }\n",
    },
    {
        "id": "c/x-count-lines",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C program that reads all of standard input (text whose lines each end with a "
                  "newline character; the input may be empty) and prints the number of lines followed by a "
                  "newline. Empty lines count as lines. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int c;
    long lines = 0;
    while ((c = getchar()) != EOF)
        if (c == '\n') lines++;
    printf("%ld\n", lines);
    return 0;
}
''',
        "inputs": ["one\ntwo\nthree\n", "", "\n", "\n\n\n", "a single line\n"],
        "oracle": lambda stdin: f"{stdin.count(chr(10))}\n",
        "wrong": "#include <stdio.h>\nint main(void) { char b[1024]; int n = 0; while (scanf(\"%1023s\", b) == 1) n++; "
                 "printf(\"%d\\n\", n); return 0; }\n",
    },
    {
        "id": "c/x-line-sums",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C program that reads standard input line by line until end of input (at most 1000 "
                  "lines, each at most 200 characters and ending with a newline). Each line holds zero or "
                  "more integers (each between -1000000 and 1000000) separated by spaces. For every line, "
                  "print the sum of its integers on its own line (an empty line sums to 0). Print nothing "
                  "else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
int main(void) {
    char line[256];
    while (fgets(line, sizeof line, stdin)) {
        long long sum = 0;
        char *p = line, *end;
        for (;;) {
            long v = strtol(p, &end, 10);
            if (end == p) break;
            sum += v;
            p = end;
        }
        printf("%lld\n", sum);
    }
    return 0;
}
''',
        "inputs": ["1 2 3\n4 5\n", "\n", "-1000000 -1000000\n\n7\n", "  12   -2  \n", "0\n0 0\n"],
        "oracle": _line_sums,
        "wrong": "#include <stdio.h>\nint main(void) { long long s = 0, x; while (scanf(\"%lld\", &x) == 1) s += x; "
                 "printf(\"%lld\\n\", s); return 0; }\n",
    },
    {
        "id": "c/x-parse-hex-color",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `int parse_color(const char *s, int *r, int *g, int *b)` that parses a "
                  "color written as `#RRGGBB`: a '#' followed by exactly six hexadecimal digits (0-9, a-f or "
                  "A-F) and nothing else. On success it stores the three components (0..255) in *r, *g, *b "
                  "and returns 1; for any other string it returns 0 and leaves *r, *g, *b unchanged. Do not "
                  "write a main function.",
        "entry_point": "parse_color",
        "solution": r'''static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
int parse_color(const char *s, int *r, int *g, int *b) {
    int d[6];
    if (s[0] != '#') return 0;
    for (int i = 0; i < 6; i++) {
        d[i] = hex_digit(s[i + 1]);
        if (d[i] < 0) return 0;
    }
    if (s[7] != '\0') return 0;
    *r = d[0] * 16 + d[1];
    *g = d[2] * 16 + d[3];
    *b = d[4] * 16 + d[5];
    return 1;
}
''',
        "test_code": c_harness(r'''
    int r = -1, g = -1, b = -1;
    CHECK(parse_color("#FF8000", &r, &g, &b) == 1 && r == 255 && g == 128 && b == 0);
    CHECK(parse_color("#00000a", &r, &g, &b) == 1 && r == 0 && g == 0 && b == 10);
    CHECK(parse_color("#aBcDeF", &r, &g, &b) == 1 && r == 171 && g == 205 && b == 239);
    r = g = b = 7;
    CHECK(parse_color("FF8000", &r, &g, &b) == 0 && r == 7 && g == 7 && b == 7);
    CHECK(parse_color("#FF800", &r, &g, &b) == 0 && r == 7);
    CHECK(parse_color("#FF80000", &r, &g, &b) == 0 && r == 7);
    CHECK(parse_color("#GG0000", &r, &g, &b) == 0 && r == 7);
    CHECK(parse_color("", &r, &g, &b) == 0 && r == 7);
'''),
        "wrong": "#include <stdio.h>\nint parse_color(const char *s, int *r, int *g, int *b) { return sscanf(s, "
                 "\"#%2x%2x%2x\", "
                 "(unsigned *)r, (unsigned *)g, (unsigned *)b) == 3; }\n",
    },
    {
        "id": "c/x-compare-versions",
        "style": "function",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C function `int compare_versions(const char *a, const char *b)` that compares two "
                  "version strings made of non-negative decimal numbers separated by dots (like \"1.2.10\"; "
                  "each number at most 9 digits, possibly with leading zeros). Numbers are compared "
                  "numerically from left to right, and a missing number counts as 0 (so \"1.0\" equals "
                  "\"1\" and \"01.2\" equals \"1.2\"). Return -1 if a < b, 1 if a > b and 0 if they are "
                  "equal. Do not write a main function.",
        "entry_point": "compare_versions",
        "solution": r'''static long next_part(const char **p) {
    long v = 0;
    while (**p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    if (**p == '.') (*p)++;
    return v;
}
int compare_versions(const char *a, const char *b) {
    while (*a || *b) {
        long x = next_part(&a), y = next_part(&b);
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}
''',
        "test_code": c_harness(r'''
    CHECK(compare_versions("1.2", "1.10") == -1);
    CHECK(compare_versions("1.10", "1.2") == 1);
    CHECK(compare_versions("1.0", "1") == 0);
    CHECK(compare_versions("1", "1.0.0.0") == 0);
    CHECK(compare_versions("01.2", "1.2") == 0);
    CHECK(compare_versions("1.0.1", "1") == 1);
    CHECK(compare_versions("0", "0.0.1") == -1);
    CHECK(compare_versions("2.0", "10.0") == -1);
    CHECK(compare_versions("999999999.1", "999999999.1") == 0);
'''),
        "wrong": "#include <string.h>\nint compare_versions(const char *a, const char *b) { int c = strcmp(a, b); "
                 "return (c > 0) - (c < 0); }\n",
    },
    {
        "id": "c/x-parse-binary",
        "style": "function",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C function `unsigned int parse_binary(const char *s)` that converts a string of 1 "
                  "to 32 characters, each '0' or '1', written in binary (most significant bit first) to its "
                  "value. Do not write a main function.",
        "entry_point": "parse_binary",
        "solution": r'''unsigned int parse_binary(const char *s) {
    unsigned int v = 0;
    for (; *s; s++) v = (v << 1) | (unsigned int)(*s - '0');
    return v;
}
''',
        "test_code": c_harness(r'''
    CHECK(parse_binary("0") == 0u);
    CHECK(parse_binary("1") == 1u);
    CHECK(parse_binary("101") == 5u);
    CHECK(parse_binary("00010") == 2u);
    CHECK(parse_binary("11111111111111111111111111111111") == 4294967295u);
    CHECK(parse_binary("10000000000000000000000000000000") == 2147483648u);
'''),
        "wrong": "unsigned int parse_binary(const char *s) { unsigned int v = 0, bit = 1; for (; *s; s++, bit <<= 1) "
                 "if (*s == '1') v |= bit; return v; }\n",
    },
    {
        "id": "c/x-word-lengths",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 200 characters) from standard "
                  "input and prints the length of each word, in order, on one line separated by single "
                  "spaces, followed by a newline. Words are maximal runs of non-space characters; if there "
                  "are no words, print an empty line. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    s[strcspn(s, "\n")] = '\0';
    int first = 1;
    for (size_t i = 0; s[i];) {
        if (s[i] == ' ') {
            i++;
            continue;
        }
        size_t start = i;
        while (s[i] && s[i] != ' ') i++;
        printf(first ? "%zu" : " %zu", i - start);
        first = 0;
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["hello big world\n", "\n", "a\n", "  x  yy   zzz  \n", "supercalifragilistic\n"],
        "oracle": _word_lengths,
    },
    {
        "id": "c/x-parse-duration",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C function `long parse_duration(const char *s)` that converts a duration such as "
                  "\"1h30m15s\" to seconds. The string is a non-empty sequence of parts, each a decimal "
                  "number (0 to 1000000) followed by a unit letter `h` (hours), `m` (minutes) or `s` "
                  "(seconds); each unit appears at most once and they come in the order h, m, s (\"45s\", "
                  "\"2h\", \"3m0s\" are valid). Do not write a main function.",
        "entry_point": "parse_duration",
        "solution": r'''long parse_duration(const char *s) {
    long total = 0, num = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            num = num * 10 + (*s - '0');
        } else {
            long unit = (*s == 'h') ? 3600 : (*s == 'm') ? 60 : 1;
            total += num * unit;
            num = 0;
        }
    }
    return total;
}
''',
        "test_code": c_harness(r'''
    CHECK(parse_duration("1h30m15s") == 5415);
    CHECK(parse_duration("45s") == 45);
    CHECK(parse_duration("2h") == 7200);
    CHECK(parse_duration("3m0s") == 180);
    CHECK(parse_duration("0s") == 0);
    CHECK(parse_duration("1h1s") == 3601);
    CHECK(parse_duration("1000000h") == 3600000000L);
'''),
        "wrong": "long parse_duration(const char *s) { long h = 0, m = 0, x = 0; for (; *s; s++) { if (*s >= '0' && *s "
                 "<= '9') "
                 "x = x * 10 + (*s - '0'); else { if (*s == 'h') h = x; else if (*s == 'm') m = x; x = 0; } } "
                 "return h * 3600 + m * 60 + x; }\n",
    },
    {
        "id": "c/x-query-string",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C program that reads one line from standard input holding a URL query string (at "
                  "most 500 characters, non-empty), such as `name=Ada+Lovelace&lang=C%2B%2B&empty=`. Split "
                  "it at every `&` into parts (parts are never empty); each part is `key=value` split at its "
                  "first `=`, or just `key` (meaning an empty value). Decode key and value: `+` becomes a "
                  "space and `%XY` (two hexadecimal digits, either case) becomes the byte with that value; "
                  "every other character stays. For each part, in order, print `key: value` on its own "
                  "line. Decoded text contains only printable ASCII. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}
static void print_decoded(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            putchar(' ');
        } else if (s[i] == '%' && i + 2 < n) {
            putchar(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            putchar(s[i]);
        }
    }
}
int main(void) {
    char line[1024];
    if (!fgets(line, sizeof line, stdin)) return 0;
    line[strcspn(line, "\n")] = '\0';
    char *part = line;
    while (part) {
        char *amp = strchr(part, '&');
        size_t len = amp ? (size_t)(amp - part) : strlen(part);
        const char *eq = memchr(part, '=', len);
        size_t klen = eq ? (size_t)(eq - part) : len;
        print_decoded(part, klen);
        fputs(": ", stdout);
        if (eq) print_decoded(eq + 1, len - klen - 1);
        putchar('\n');
        part = amp ? amp + 1 : NULL;
    }
    return 0;
}
''',
        "inputs": ["name=Ada+Lovelace&lang=C%2B%2B&empty=\n", "flag\n", "a=1&a=2\n", "x=a=b&y\n",
                   "k%3Dey=%7e%7E+%25\n", "q=hello%20world&n=42&z=%41%62c\n"],
        "oracle": _query,
        "wrong": "#include <stdio.h>\n#include <string.h>\nint main(void) { char l[1024]; if (!fgets(l, sizeof l, "
                 "stdin)) return 0; "
                 "l[strcspn(l, \"\\n\")] = 0; for (char *t = strtok(l, \"&\"); t; t = strtok(NULL, \"&\")) { char *e = "
                 "strchr(t, '='); "
                 "if (e) { *e = 0; printf(\"%s: %s\\n\", t, e + 1); } else printf(\"%s: \\n\", t); } return 0; }\n",
    },
    {
        "id": "c/x-hex-dump",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of ASCII text (at most 100 characters, possibly "
                  "empty) from standard input and prints the character codes of its characters (not "
                  "including the newline) as two-digit lowercase hexadecimal numbers, separated by single "
                  "spaces, on one line followed by a newline (for `Hi!` print `48 69 21`; an empty line "
                  "prints an empty line). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[128];
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    s[strcspn(s, "\n")] = '\0';
    for (size_t i = 0; s[i]; i++) printf(i ? " %02x" : "%02x", (unsigned char)s[i]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["Hi!\n", "\n", " \n", "ABC xyz 09~\n", "\t\n"],
        "oracle": _hex_dump,
        "wrong": "#include <stdio.h>\nint main(void) { int c, f = 1; while ((c = getchar()) != EOF && c != '\\n') "
                 "{ printf(f ? \"%x\" : \" %x\", c); f = 0; } putchar('\\n'); return 0; }\n",
    },
]
