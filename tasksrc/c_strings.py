"""C tasks: text and string handling."""

from tasksrc._harness import c_harness


def _line(stdin):
    return stdin.split("\n", 1)[0]


def _is_clean_palindrome(stdin):
    kept = [c.lower() for c in _line(stdin) if c.isascii() and c.isalnum()]
    return "yes\n" if kept == kept[::-1] else "no\n"


def _longest_palindrome(stdin):
    s, best = _line(stdin), ""
    for i in range(len(s)):
        for j in range(i + len(best) + 1, len(s) + 1):
            if s[i:j] == s[i:j][::-1]:
                best = s[i:j]
    return best + "\n"


def _rle(stdin):
    s, out, i = _line(stdin), [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{s[i]}{j - i}")
        i = j
    return "".join(out) + "\n"


TASKS = [
    {
        "id": "c/reverse-line",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 100 characters) from standard input "
                  "and prints it reversed, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[128];
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    size_t n = strcspn(s, "\n");
    for (size_t i = n; i > 0; i--) putchar(s[i - 1]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["hello\n", "a\n", "\n", "ab cd\n", "racecar\n"],
        "oracle": lambda s: _line(s)[::-1] + "\n",
    },
    {
        "id": "c/count-vowels",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 200 characters) from standard input "
                  "and prints the number of vowels in it (the letters a, e, i, o, u in lower or upper case), "
                  "followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    int count = 0;
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    for (char *p = s; *p; p++)
        if (*p && strchr("aeiouAEIOU", *p)) count++;
    printf("%d\n", count);
    return 0;
}
''',
        "inputs": ["hello world\n", "AEIOU aeiou\n", "\n", "rhythm\n", "Programming In C\n"],
        "oracle": lambda s: f"{sum(c in 'aeiouAEIOU' for c in _line(s))}\n",
    },
    {
        "id": "c/uppercase-line",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 200 characters) from standard input "
                  "and prints it with every lowercase letter a-z changed to uppercase (other characters "
                  "unchanged), followed by a newline. Print nothing else.",
        "solution": r'''#include <ctype.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    s[strcspn(s, "\n")] = 0;
    for (char *p = s; *p; p++) *p = (char)toupper((unsigned char)*p);
    printf("%s\n", s);
    return 0;
}
''',
        "inputs": ["hello\n", "Hello, World 42!\n", "\n", "ALREADY UP\n"],
        "oracle": lambda s: "".join(c.upper() if "a" <= c <= "z" else c for c in _line(s)) + "\n",
    },
    {
        "id": "c/word-count",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of text (at most 500 characters) from standard input "
                  "and prints the number of words in it, followed by a newline. A word is a maximal run of "
                  "characters that are not spaces or tabs; the line may start or end with spaces and may "
                  "contain several spaces in a row, or be empty. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    char s[600];
    int words = 0, in_word = 0;
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    for (char *p = s; *p && *p != '\n'; p++) {
        if (*p == ' ' || *p == '\t') in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
    }
    printf("%d\n", words);
    return 0;
}
''',
        "inputs": ["hello world\n", "   leading and trailing   \n", "\n", "one\n", "a  b\tc\n", "    \n"],
        "oracle": lambda s: f"{len(_line(s).replace(chr(9), ' ').split())}\n",
    },
    {
        "id": "c/clean-palindrome",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of text (at most 300 characters) from standard input "
                  "and prints yes if it is a palindrome when only letters and digits are kept and case is "
                  "ignored, and no otherwise, followed by a newline. An empty line counts as a palindrome. "
                  "Print nothing else.",
        "solution": r'''#include <ctype.h>
#include <stdio.h>
int main(void) {
    char s[400], t[400];
    int n = 0;
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    for (char *p = s; *p; p++)
        if (isalnum((unsigned char)*p)) t[n++] = (char)tolower((unsigned char)*p);
    int ok = 1;
    for (int i = 0; i < n / 2; i++)
        if (t[i] != t[n - 1 - i]) ok = 0;
    printf("%s\n", ok ? "yes" : "no");
    return 0;
}
''',
        "inputs": ["A man, a plan, a canal: Panama\n", "hello\n", "\n", "No 'x' in Nixon\n", "ab\n", "12321\n"],
        "oracle": _is_clean_palindrome,
    },
    {
        "id": "c/run-length-encode",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of lowercase letters (at most 200 of them, possibly "
                  "none) from standard input and prints its run-length encoding followed by a newline: each "
                  "maximal run of the same letter is written as the letter followed by the length of the run, "
                  "so aaabcc becomes a3b1c2. For an empty line print just the newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    s[strcspn(s, "\n")] = 0;
    for (int i = 0; s[i];) {
        int j = i;
        while (s[j] == s[i]) j++;
        printf("%c%d", s[i], j - i);
        i = j;
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["aaabcc\n", "a\n", "\n", "abc\n", "zzzzzzzzzzzz\n"],
        "oracle": _rle,
    },
    {
        "id": "c/longest-palindromic-substring",
        "style": "stdio",
        "category": "strings",
        "difficulty": "hard",
        "prompt": "Write a C program that reads one line of lowercase letters (between 1 and 1000 of them) from "
                  "standard input and prints its longest substring that is a palindrome, followed by a "
                  "newline. If several have the maximal length, print the one that starts first. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    static char s[1100];
    if (!fgets(s, sizeof s, stdin)) s[0] = 0;
    int n = (int)strcspn(s, "\n"), best_start = 0, best_len = n > 0 ? 1 : 0;
    for (int center = 0; center < 2 * n - 1; center++) {
        int lo = center / 2, hi = lo + center % 2;
        while (lo >= 0 && hi < n && s[lo] == s[hi]) { lo--; hi++; }
        int len = hi - lo - 1, start = lo + 1;
        if (len > best_len || (len == best_len && start < best_start)) { best_len = len; best_start = start; }
    }
    printf("%.*s\n", best_len, s + best_start);
    return 0;
}
''',
        "inputs": ["babad\n", "cbbd\n", "a\n", "abcde\n", "forgeeksskeegfor\n", "aaaa\n"],
        "oracle": _longest_palindrome,
    },
    {
        "id": "c/string-length",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C function `int str_length(const char *s)` that returns the number of characters in "
                  "the null-terminated string s (not counting the terminating null). Do not write a main "
                  "function.",
        "entry_point": "str_length",
        "solution": "int str_length(const char *s) {\n    int n = 0;\n    while (s[n]) n++;\n    return n;\n}\n",
        "test_code": c_harness(r'''
    CHECK(str_length("hello") == 5);
    CHECK(str_length("") == 0);
    CHECK(str_length("a") == 1);
    CHECK(str_length("with spaces in it") == 17);
'''),
    },
    {
        "id": "c/count-char",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C function `int count_char(const char *s, char c)` that returns how many times the "
                  "character c occurs in the null-terminated string s. Do not write a main function.",
        "entry_point": "count_char",
        "solution": "int count_char(const char *s, char c) {\n    int n = 0;\n    for (; *s; s++)\n"
                    "        if (*s == c) n++;\n    return n;\n}\n",
        "test_code": c_harness(r'''
    CHECK(count_char("banana", 'a') == 3);
    CHECK(count_char("banana", 'z') == 0);
    CHECK(count_char("", 'a') == 0);
    CHECK(count_char("aaaa", 'a') == 4);
    CHECK(count_char("Aa", 'a') == 1);
'''),
    },
    {
        "id": "c/reverse-in-place",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C function `void reverse_string(char *s)` that reverses the null-terminated string s "
                  "in place. Do not write a main function.",
        "entry_point": "reverse_string",
        "solution": r'''#include <string.h>
void reverse_string(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}
''',
        "test_code": c_harness(r'''
    char a[] = "hello", b[] = "", c[] = "x", d[] = "abcd";
    reverse_string(a); CHECK(strcmp(a, "olleh") == 0);
    reverse_string(b); CHECK(strcmp(b, "") == 0);
    reverse_string(c); CHECK(strcmp(c, "x") == 0);
    reverse_string(d); CHECK(strcmp(d, "dcba") == 0);
''', includes=("string.h",)),
    },
    {
        "id": "c/remove-spaces",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C function `void remove_spaces(char *s)` that removes every space character ' ' "
                  "from the null-terminated string s in place, keeping the order of the other characters. "
                  "Do not write a main function.",
        "entry_point": "remove_spaces",
        "solution": r'''void remove_spaces(char *s) {
    char *out = s;
    for (; *s; s++)
        if (*s != ' ') *out++ = *s;
    *out = 0;
}
''',
        "test_code": c_harness(r'''
    char a[] = "a b c", b[] = "   ", c[] = "none", d[] = "  two  words ", e[] = "";
    remove_spaces(a); CHECK(strcmp(a, "abc") == 0);
    remove_spaces(b); CHECK(strcmp(b, "") == 0);
    remove_spaces(c); CHECK(strcmp(c, "none") == 0);
    remove_spaces(d); CHECK(strcmp(d, "twowords") == 0);
    remove_spaces(e); CHECK(strcmp(e, "") == 0);
''', includes=("string.h",)),
    },
    {
        "id": "c/is-rotation",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C function `int is_rotation(const char *a, const char *b)` that returns 1 if b can "
                  "be obtained by rotating a (moving some prefix of a to its end, e.g. \"erbottlewat\" is a "
                  "rotation of \"waterbottle\"), and 0 otherwise. Strings of different lengths are never "
                  "rotations; the empty string is a rotation of itself. Both have at most 1000 characters. "
                  "Do not write a main function.",
        "entry_point": "is_rotation",
        "solution": r'''#include <string.h>
int is_rotation(const char *a, const char *b) {
    size_t n = strlen(a);
    if (strlen(b) != n) return 0;
    if (n == 0) return 1;
    for (size_t shift = 0; shift < n; shift++) {
        size_t i = 0;
        while (i < n && a[(shift + i) % n] == b[i]) i++;
        if (i == n) return 1;
    }
    return 0;
}
''',
        "test_code": c_harness(r'''
    CHECK(is_rotation("waterbottle", "erbottlewat") == 1);
    CHECK(is_rotation("abc", "acb") == 0);
    CHECK(is_rotation("", "") == 1);
    CHECK(is_rotation("abc", "abcd") == 0);
    CHECK(is_rotation("aab", "aba") == 1);
    CHECK(is_rotation("abc", "abc") == 1);
'''),
    },
    {
        "id": "c/edit-distance",
        "style": "function",
        "category": "strings",
        "difficulty": "hard",
        "prompt": "Write a C function `int edit_distance(const char *a, const char *b)` that returns the "
                  "Levenshtein distance between the two strings: the minimum number of single-character "
                  "insertions, deletions and substitutions that turn a into b. Each string has at most 100 "
                  "characters. Do not write a main function.",
        "entry_point": "edit_distance",
        "solution": r'''#include <string.h>
int edit_distance(const char *a, const char *b) {
    int n = (int)strlen(a), m = (int)strlen(b), d[101][101];
    for (int i = 0; i <= n; i++) d[i][0] = i;
    for (int j = 0; j <= m; j++) d[0][j] = j;
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}
''',
        "test_code": c_harness(r'''
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("flaw", "lawn") == 2);
    CHECK(edit_distance("same", "same") == 0);
    CHECK(edit_distance("intention", "execution") == 5);
'''),
    },
]
