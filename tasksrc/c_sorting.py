"""C tasks: sorting and order statistics."""

from collections import Counter

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _array(stdin):
    nums = _ints(stdin)
    return nums[1:1 + nums[0]]


def _ranking(stdin):
    lines = stdin.split("\n")
    rows = [line.split() for line in lines[1:1 + int(lines[0])]]
    rows.sort(key=lambda r: (-int(r[1]), r[0]))
    return "".join(f"{name} {score}\n" for name, score in rows)


def _frequency_sort(stdin):
    counts = Counter(_array(stdin))
    return "".join(f"{v} {c}\n" for v, c in sorted(counts.items(), key=lambda vc: (-vc[1], vc[0])))


TASKS = [
    {
        "id": "c/sort-three",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C program that reads three integers from standard input and prints them in "
                  "ascending order on one line, separated by single spaces, followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int a, b, c, t;
    if (scanf("%d %d %d", &a, &b, &c) != 3) return 1;
    if (a > b) { t = a; a = b; b = t; }
    if (b > c) { t = b; b = c; c = t; }
    if (a > b) { t = a; a = b; b = t; }
    printf("%d %d %d\n", a, b, c);
    return 0;
}
''',
        "inputs": ["3 1 2\n", "1 2 3\n", "5 5 1\n", "-1 -5 0\n", "9 8 7\n"],
        "oracle": lambda s: " ".join(map(str, sorted(_ints(s)))) + "\n",
    },
    {
        "id": "c/sort-numbers",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 10000) and then n integers from standard "
                  "input and prints them in ascending order on one line, separated by single spaces, followed "
                  "by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
int main(void) {
    static int a[10000];
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    qsort(a, n, sizeof a[0], cmp);
    for (int i = 0; i < n; i++) printf("%d%c", a[i], i + 1 < n ? ' ' : '\n');
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "1\n42\n", "4\n-2147483648 2147483647 0 -1\n", "3\n2 2 2\n",
                   "10000\n" + " ".join(str((i * 7907) % 10007 - 5000) for i in range(10000)) + "\n"],
        "oracle": lambda s: " ".join(map(str, sorted(_array(s)))) + "\n",
    },
    {
        "id": "c/sort-words",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) and then n words (each 1 to 20 "
                  "lowercase letters, separated by whitespace) from standard input and prints the words in "
                  "alphabetical (dictionary) order, one per line; duplicates are kept. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static int cmp(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }
int main(void) {
    static char words[100][21];
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%20s", words[i]) != 1) return 1;
    qsort(words, n, sizeof words[0], cmp);
    for (int i = 0; i < n; i++) printf("%s\n", words[i]);
    return 0;
}
''',
        "inputs": ["3\npear apple fig\n", "1\nsolo\n", "4\nb a b a\n", "5\nabc ab abcd a b\n"],
        "oracle": lambda s: "".join(w + "\n" for w in sorted(s.split()[1:1 + int(s.split()[0])])),
    },
    {
        "id": "c/median",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an odd integer n (1 <= n <= 9999) and then n integers from "
                  "standard input and prints their median (the middle value after sorting) followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
static int cmp(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
int main(void) {
    static int a[9999];
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    qsort(a, n, sizeof a[0], cmp);
    printf("%d\n", a[n / 2]);
    return 0;
}
''',
        "inputs": ["5\n5 1 4 2 3\n", "1\n-8\n", "3\n7 7 1\n", "7\n10 -10 3 3 3 100 -100\n"],
        "oracle": lambda s: f"{sorted(_array(s))[len(_array(s)) // 2]}\n",
    },
    {
        "id": "c/ranking",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 1000) and then n lines from standard "
                  "input, each holding a name (1 to 20 lowercase letters) and an integer score (0 to 1000000) "
                  "separated by a space. Print the n lines as name, a space and score, sorted by score from "
                  "highest to lowest, and names in alphabetical order among equal scores. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct Entry { char name[21]; int score; };
static int cmp(const void *a, const void *b) {
    const struct Entry *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;
    return strcmp(x->name, y->name);
}
int main(void) {
    static struct Entry e[1000];
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%20s %d", e[i].name, &e[i].score) != 2) return 1;
    qsort(e, n, sizeof e[0], cmp);
    for (int i = 0; i < n; i++) printf("%s %d\n", e[i].name, e[i].score);
    return 0;
}
''',
        "inputs": ["3\nbob 10\nalice 20\ncarol 10\n", "1\nzed 0\n", "4\nd 5\nc 5\nb 5\na 5\n",
                   "5\nann 1000000\nbea 0\ncid 999999\ndan 1000000\neve 1\n"],
        "oracle": _ranking,
    },
    {
        "id": "c/frequency-sort",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000) and then n integers (each between "
                  "-1000000000 and 1000000000) from standard input. Print each distinct value once, with how "
                  "often it occurs, one per line as the value, a space and the count, ordered by count from "
                  "highest to lowest and, among equal counts, by value from smallest to largest. It must run "
                  "in well under a second for n = 100000. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
struct Group { long value; int count; };
static long a[100000];
static struct Group g[100000];
static int by_value(const void *x, const void *y) {
    long p = *(const long *)x, q = *(const long *)y;
    return (p > q) - (p < q);
}
static int by_count(const void *x, const void *y) {
    const struct Group *p = x, *q = y;
    if (p->count != q->count) return p->count < q->count ? 1 : -1;
    return (p->value > q->value) - (p->value < q->value);
}
int main(void) {
    int n, m = 0;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%ld", &a[i]) != 1) return 1;
    qsort(a, (size_t)n, sizeof a[0], by_value);
    for (int i = 0; i < n; i++) {
        if (m > 0 && g[m - 1].value == a[i]) g[m - 1].count++;
        else { g[m].value = a[i]; g[m].count = 1; m++; }
    }
    qsort(g, (size_t)m, sizeof g[0], by_count);
    for (int i = 0; i < m; i++) printf("%ld %d\n", g[i].value, g[i].count);
    return 0;
}
''',
        "inputs": ["6\n4 1 4 2 1 4\n", "1\n-5\n", "4\n3 2 1 0\n", "5\n1000000000 -1000000000 7 7 -1000000000\n",
                   "20000\n" + " ".join(str((i * i) % 997 - 498) for i in range(20000)) + "\n"],
        "oracle": _frequency_sort,
    },
    {
        "id": "c/swap-ints",
        "style": "function",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C function `void swap_ints(int *a, int *b)` that exchanges the values pointed to by "
                  "a and b. Do not write a main function.",
        "entry_point": "swap_ints",
        "solution": "void swap_ints(int *a, int *b) {\n    int t = *a;\n    *a = *b;\n    *b = t;\n}\n",
        "test_code": c_harness(r'''
    int x = 1, y = 2;
    swap_ints(&x, &y);
    CHECK(x == 2 && y == 1);
    int p = -5, q = -5;
    swap_ints(&p, &q);
    CHECK(p == -5 && q == -5);
    int r = 0, s = 2147483647;
    swap_ints(&r, &s);
    CHECK(r == 2147483647 && s == 0);
'''),
    },
    {
        "id": "c/sort-ascending",
        "style": "function",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C function `void sort_ascending(int *a, int n)` that sorts the n integers in the "
                  "array a in ascending order in place (0 <= n <= 1000). Any correct sorting method is fine. "
                  "Do not write a main function.",
        "entry_point": "sort_ascending",
        "solution": r'''void sort_ascending(int *a, int n) {
    for (int i = 1; i < n; i++) {
        int v = a[i], j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}
''',
        "test_code": c_harness(r'''
    int a[] = {5, 2, 9, 1, 5, 6};
    sort_ascending(a, 6);
    CHECK(a[0] == 1 && a[1] == 2 && a[2] == 5 && a[3] == 5 && a[4] == 6 && a[5] == 9);
    int b[] = {-1};
    sort_ascending(b, 1);
    CHECK(b[0] == -1);
    int c[] = {3, -3};
    sort_ascending(c, 2);
    CHECK(c[0] == -3 && c[1] == 3);
    sort_ascending(c, 0);
    CHECK(c[0] == -3);
'''),
    },
    {
        "id": "c/sort-descending",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C function `void sort_descending(int *a, int n)` that sorts the n integers in the "
                  "array a from largest to smallest in place (0 <= n <= 100000); it must be fast enough for "
                  "n = 100000 (O(n log n), e.g. qsort with a comparator that does not overflow). Do not write "
                  "a main function.",
        "entry_point": "sort_descending",
        "solution": r'''#include <stdlib.h>
static int desc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}
void sort_descending(int *a, int n) {
    qsort(a, (size_t)n, sizeof *a, desc);
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 3, 2}, b[] = {-2147483647 - 1, 2147483647, 0};
    sort_descending(a, 3);
    CHECK(a[0] == 3 && a[1] == 2 && a[2] == 1);
    sort_descending(b, 3);
    CHECK(b[0] == 2147483647 && b[1] == 0 && b[2] == -2147483647 - 1);
    static int big[100000];
    for (int i = 0; i < 100000; i++) big[i] = (i * 7919) % 100003;
    sort_descending(big, 100000);
    int ok = 1;
    for (int i = 1; i < 100000; i++) ok &= big[i - 1] >= big[i];
    CHECK(ok && big[0] == 100002);
'''),
    },
    {
        "id": "c/sort-by-absolute-value",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C function `void sort_by_abs(int *a, int n)` that sorts the n integers in a in place "
                  "by absolute value, smallest first; when two values have the same absolute value the "
                  "negative one comes first (so {3, -2, 2, -3, 0} becomes {0, -2, 2, -3, 3}). Values are "
                  "between -1000000 and 1000000 and 0 <= n <= 10000. Do not write a main function.",
        "entry_point": "sort_by_abs",
        "solution": r'''#include <stdlib.h>
static int by_abs(const void *p, const void *q) {
    int x = *(const int *)p, y = *(const int *)q;
    int ax = abs(x), ay = abs(y);
    if (ax != ay) return ax < ay ? -1 : 1;
    return (x > y) - (x < y);
}
void sort_by_abs(int *a, int n) {
    qsort(a, (size_t)n, sizeof *a, by_abs);
}
''',
        "test_code": c_harness(r'''
    int a[] = {3, -2, 2, -3, 0};
    sort_by_abs(a, 5);
    CHECK(a[0] == 0 && a[1] == -2 && a[2] == 2 && a[3] == -3 && a[4] == 3);
    int b[] = {-7};
    sort_by_abs(b, 1);
    CHECK(b[0] == -7);
    int c[] = {5, 4, -1, 1000000, -1000000};
    sort_by_abs(c, 5);
    CHECK(c[0] == -1 && c[1] == 4 && c[2] == 5 && c[3] == -1000000 && c[4] == 1000000);
    sort_by_abs(c, 0);
    CHECK(c[0] == -1);
    int d[] = {1, -1, 1, -1};
    sort_by_abs(d, 4);
    CHECK(d[0] == -1 && d[1] == -1 && d[2] == 1 && d[3] == 1);
'''),
        "wrong": "#include <stdlib.h>\nstatic int asc(const void *p, const void *q) {\n"
                 "    int x = *(const int *)p, y = *(const int *)q;\n    return (x > y) - (x < y);\n}\n"
                 "void sort_by_abs(int *a, int n) { qsort(a, (size_t)n, sizeof *a, asc); }\n",
    },
    {
        "id": "c/min-swaps-to-sort",
        "style": "function",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C function `int min_swaps(const int *a, int n)` that returns the minimum number of "
                  "swaps of two elements needed to sort the array a of n distinct integers in ascending order "
                  "(0 <= n <= 10000). The array itself must not be modified. Do not write a main function.",
        "entry_point": "min_swaps",
        "solution": r'''#include <stdlib.h>
static const int *values;
static int by_value(const void *x, const void *y) {
    int a = values[*(const int *)x], b = values[*(const int *)y];
    return (a > b) - (a < b);
}
int min_swaps(const int *a, int n) {
    int *order = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    char *seen = calloc((size_t)(n > 0 ? n : 1), 1);
    int swaps = 0;
    for (int i = 0; i < n; i++) order[i] = i;
    values = a;
    qsort(order, (size_t)n, sizeof *order, by_value);  /* order[i]: index of the i-th smallest */
    for (int i = 0; i < n; i++) {
        int length = 0;
        for (int j = i; !seen[j]; j = order[j]) { seen[j] = 1; length++; }
        if (length > 1) swaps += length - 1;
    }
    free(order);
    free(seen);
    return swaps;
}
''',
        "test_code": c_harness(r'''
    int a[] = {4, 3, 2, 1}, b[] = {1, 5, 4, 3, 2}, c[] = {1, 2, 3}, d[] = {2, 3, 1};
    CHECK(min_swaps(a, 4) == 2);
    CHECK(min_swaps(b, 5) == 2);
    CHECK(min_swaps(c, 3) == 0);
    CHECK(min_swaps(d, 3) == 2 && d[0] == 2 && d[1] == 3 && d[2] == 1);
    CHECK(min_swaps(c, 0) == 0);
    int e[] = {10, -5};
    CHECK(min_swaps(e, 2) == 1);
'''),
    },
]
