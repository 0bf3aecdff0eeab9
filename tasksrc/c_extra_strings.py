"""Extra C string tasks (ids c/x-...; gnu17)."""

from tasksrc._harness import c_harness


def _first_line(stdin):
    return stdin.split("\n")[0]


def _capitalize(stdin):
    s, out, prev = _first_line(stdin), [], " "
    for ch in s:
        out.append(ch.upper() if prev == " " and "a" <= ch <= "z" else ch)
        prev = ch
    return "".join(out) + "\n"


def _longest_word(stdin):
    best = ""
    for w in _first_line(stdin).split():
        if len(w) > len(best):
            best = w
    return best + "\n"


def _letter_freq(stdin):
    s = _first_line(stdin).lower()
    return "".join(f"{c} {s.count(c)}\n" for c in "abcdefghijklmnopqrstuvwxyz" if c in s)


def _squeeze(stdin):
    s, out = _first_line(stdin), []
    for ch in s:
        if not (ch == " " and out and out[-1] == " "):
            out.append(ch)
    return "".join(out) + "\n"


TASKS = [
    {
        "id": "c/x-capitalize-words",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 200 characters, possibly empty) "
                  "from standard input and prints it with the first character of every word changed to "
                  "uppercase if it is a lowercase letter a-z, followed by a newline. A word starts at the "
                  "beginning of the line or right after a space. All other characters stay unchanged. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    s[strcspn(s, "\n")] = '\0';
    for (size_t i = 0; s[i]; i++)
        if ((i == 0 || s[i - 1] == ' ') && s[i] >= 'a' && s[i] <= 'z') s[i] = (char)(s[i] - 'a' + 'A');
    printf("%s\n", s);
    return 0;
}
''',
        "inputs": ["hello world\n", "\n", "  two  spaces\n", "already Capital 9lives x\n", "a\n"],
        "oracle": _capitalize,
        "wrong": "#include <stdio.h>\nint main(void) { char s[256]; if (fgets(s, sizeof s, stdin)) { "
                 "if (s[0] >= 'a' && s[0] <= 'z') s[0] -= 32; fputs(s, stdout); } else puts(\"\"); return 0; }\n",
    },
    {
        "id": "c/x-longest-word",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of text (at most 200 characters) from standard "
                  "input and prints its longest word followed by a newline. Words are maximal runs of "
                  "non-space characters separated by one or more spaces. If several words share the longest "
                  "length, print the first of them; if the line has no words, print an empty line. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    s[strcspn(s, "\n")] = '\0';
    size_t best_start = 0, best_len = 0, i = 0;
    while (s[i]) {
        while (s[i] == ' ') i++;
        size_t start = i;
        while (s[i] && s[i] != ' ') i++;
        if (i - start > best_len) {
            best_len = i - start;
            best_start = start;
        }
    }
    printf("%.*s\n", (int)best_len, s + best_start);
    return 0;
}
''',
        "inputs": ["the quick brown fox\n", "\n", "   \n", "a bb cc d\n", "  solitary  \n", "x yy zzz\n"],
        "oracle": _longest_word,
        "wrong": "#include <stdio.h>\n#include <string.h>\nint main(void) { char w[256], best[256] = \"\"; "
                 "while (scanf(\"%255s\", w) == 1) if (strlen(w) >= strlen(best)) strcpy(best, w); "
                 "printf(\"%s\\n\", best); return 0; }\n",
    },
    {
        "id": "c/x-starts-with",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C function `int starts_with(const char *s, const char *prefix)` that returns 1 if "
                  "the string s begins with the string prefix and 0 otherwise. Every string starts with the "
                  "empty prefix. Do not write a main function.",
        "entry_point": "starts_with",
        "solution": r'''int starts_with(const char *s, const char *prefix) {
    while (*prefix) {
        if (*s != *prefix) return 0;
        s++;
        prefix++;
    }
    return 1;
}
''',
        "test_code": c_harness(r'''
    CHECK(starts_with("hello", "he") == 1);
    CHECK(starts_with("hello", "") == 1);
    CHECK(starts_with("", "") == 1);
    CHECK(starts_with("", "a") == 0);
    CHECK(starts_with("he", "hello") == 0);
    CHECK(starts_with("hello", "hello") == 1);
    CHECK(starts_with("hello", "Hello") == 0);
'''),
        "wrong": "int starts_with(const char *s, const char *p) { return s[0] == p[0]; }\n",
    },
    {
        "id": "c/x-count-occurrences",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C function `int count_occurrences(const char *text, const char *pat)` that "
                  "returns how many times the non-empty string pat occurs in text, counting overlapping "
                  "occurrences (\"aa\" occurs 3 times in \"aaaa\"). Do not write a main function.",
        "entry_point": "count_occurrences",
        "solution": r'''#include <string.h>
int count_occurrences(const char *text, const char *pat) {
    size_t m = strlen(pat);
    int count = 0;
    for (; *text; text++)
        if (strncmp(text, pat, m) == 0) count++;
    return count;
}
''',
        "test_code": c_harness(r'''
    CHECK(count_occurrences("aaaa", "aa") == 3);
    CHECK(count_occurrences("", "a") == 0);
    CHECK(count_occurrences("abc", "abcd") == 0);
    CHECK(count_occurrences("abcabcab", "abc") == 2);
    CHECK(count_occurrences("hello", "l") == 2);
    CHECK(count_occurrences("xyz", "xyz") == 1);
'''),
        "wrong": "#include <string.h>\nint count_occurrences(const char *t, const char *p) { int c = 0; size_t m = "
                 "strlen(p); "
                 "const char *q = t; while ((q = strstr(q, p)) != NULL) { c++; q += m; } return c; }\n",
    },
    {
        "id": "c/x-to-lower",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C function `void to_lower(char *s)` that changes every uppercase letter A-Z in "
                  "the string s to the corresponding lowercase letter, in place, leaving all other characters "
                  "unchanged. Do not write a main function.",
        "entry_point": "to_lower",
        "solution": r'''void to_lower(char *s) {
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}
''',
        "test_code": c_harness(r'''
    char a[] = "Hello World";
    char b[] = "";
    char c[] = "ABC-xyz-123@[`";
    to_lower(a);
    to_lower(b);
    to_lower(c);
    CHECK(strcmp(a, "hello world") == 0);
    CHECK(strcmp(b, "") == 0);
    CHECK(strcmp(c, "abc-xyz-123@[`") == 0);
''', includes=("string.h",)),
        "wrong": "void to_lower(char *s) { for (; *s; s++) *s = (char)(*s | 32); }\n",
    },
    {
        "id": "c/x-remove-repeated-chars",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C function `void keep_first(char *s)` that removes from the string s, in place, "
                  "every character that already appeared earlier in s, keeping the first occurrence of each "
                  "character and the original order (\"banana\" becomes \"ban\"). Do not write a main "
                  "function.",
        "entry_point": "keep_first",
        "solution": r'''void keep_first(char *s) {
    int seen[256] = {0};
    char *out = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!seen[c]) {
            seen[c] = 1;
            *out++ = *s;
        }
    }
    *out = '\0';
}
''',
        "test_code": c_harness(r'''
    char a[] = "banana";
    char b[] = "";
    char c[] = "abc";
    char d[] = "aAaA  bb";
    keep_first(a);
    keep_first(b);
    keep_first(c);
    keep_first(d);
    CHECK(strcmp(a, "ban") == 0);
    CHECK(strcmp(b, "") == 0);
    CHECK(strcmp(c, "abc") == 0);
    CHECK(strcmp(d, "aA b") == 0);
''', includes=("string.h",)),
        "wrong": "void keep_first(char *s) { char *o = s; for (int i = 0; s[i]; i++) if (i == 0 || s[i] != s[i - 1]) "
                 "*o++ = s[i]; *o = 0; }\n",
    },
    {
        "id": "c/x-lcs-length",
        "style": "function",
        "category": "dynamic_programming",
        "difficulty": "hard",
        "prompt": "Write a C function `int lcs_length(const char *a, const char *b)` that returns the length "
                  "of the longest common subsequence of the strings a and b (characters in the same order, "
                  "not necessarily adjacent). Each string has at most 1000 characters. Do not write a main "
                  "function.",
        "entry_point": "lcs_length",
        "solution": r'''#include <string.h>
int lcs_length(const char *a, const char *b) {
    static int prev[1001], cur[1001];
    size_t n = strlen(a), m = strlen(b);
    for (size_t j = 0; j <= m; j++) prev[j] = 0;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = 0;
        for (size_t j = 1; j <= m; j++) {
            if (a[i - 1] == b[j - 1]) cur[j] = prev[j - 1] + 1;
            else cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
        }
        for (size_t j = 0; j <= m; j++) prev[j] = cur[j];
    }
    return prev[m];
}
''',
        "test_code": c_harness(r'''
    static char big_a[1001], big_b[1001];
    for (int i = 0; i < 1000; i++) {
        big_a[i] = (char)('a' + i % 3);
        big_b[i] = (char)('a' + i % 2);
    }
    CHECK(lcs_length("abcde", "ace") == 3);
    CHECK(lcs_length("", "abc") == 0);
    CHECK(lcs_length("abc", "") == 0);
    CHECK(lcs_length("abc", "def") == 0);
    CHECK(lcs_length("AGGTAB", "GXTXAYB") == 4);
    CHECK(lcs_length("same", "same") == 4);
    CHECK(lcs_length(big_a, big_a) == 1000);
    CHECK(lcs_length(big_a, big_b) == 667);
'''),
        "wrong": "int lcs_length(const char *a, const char *b) { int n = 0; for (; *a && *b; a++, b++) if (*a == *b) "
                 "n++; "
                 "return n; }\n",
    },
    {
        "id": "c/x-letter-frequency",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C program that reads one line of text (at most 200 characters, possibly empty) "
                  "from standard input and, ignoring case, prints for every letter a-z that occurs in it a "
                  "line `letter count` (the letter in lowercase), in alphabetical order. Letters that do not "
                  "occur are not printed; non-letters are ignored. Print nothing else.",
        "solution": r'''#include <ctype.h>
#include <stdio.h>
int main(void) {
    char s[256];
    int count[26] = {0};
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    for (int i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isalpha(c)) count[tolower(c) - 'a']++;
    }
    for (int i = 0; i < 26; i++)
        if (count[i] > 0) printf("%c %d\n", 'a' + i, count[i]);
    return 0;
}
''',
        "inputs": ["Hello World\n", "\n", "zzZ a!\n", "12345 ...\nignored second line\n",
                   "The quick brown fox jumps over the lazy dog\n"],
        "oracle": _letter_freq,
    },
    {
        "id": "c/x-squeeze-spaces",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of text (at most 200 characters, possibly empty) "
                  "from standard input and prints it with every run of two or more consecutive spaces "
                  "replaced by a single space, followed by a newline. Nothing else changes (a single leading "
                  "or trailing space stays). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
int main(void) {
    char s[256];
    if (!fgets(s, sizeof s, stdin)) s[0] = '\0';
    s[strcspn(s, "\n")] = '\0';
    for (size_t i = 0; s[i]; i++)
        if (!(s[i] == ' ' && i > 0 && s[i - 1] == ' ')) putchar(s[i]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["a  b   c\n", "\n", "nospace\n", "    lead and trail    \n", "x y\n"],
        "oracle": _squeeze,
        "wrong": "#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) if (c != ' ') putchar(c); "
                 "return 0; }\n",
    },
]
