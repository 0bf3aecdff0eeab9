"""C tasks: sorting and order statistics."""

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


def _inversions(stdin):
    a = _array(stdin)

    def sort_count(xs):
        if len(xs) <= 1:
            return xs, 0
        left, cl = sort_count(xs[:len(xs) // 2])
        right, cr = sort_count(xs[len(xs) // 2:])
        merged, count, i, j = [], cl + cr, 0, 0
        while i < len(left) and j < len(right):
            if right[j] < left[i]:
                merged.append(right[j])
                count += len(left) - i
                j += 1
            else:
                merged.append(left[i])
                i += 1
        return merged + left[i:] + right[j:], count

    return f"{sort_count(a)[1]}\n"


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
        "id": "c/count-inversions",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000) and then n integers from "
                  "standard input and prints the number of inversions, the pairs (i, j) with i < j and "
                  "a[i] > a[j], followed by a newline. The count can exceed 2^31. It must run in well under a "
                  "second for n = 100000 (use merge sort). Print nothing else.",
        "solution": r'''#include <stdio.h>
static int a[100000], tmp[100000];
static long long sort_count(int lo, int hi) {  /* sorts a[lo, hi) and counts its inversions */
    if (hi - lo < 2) return 0;
    int mid = (lo + hi) / 2, i = lo, j = mid, k = lo;
    long long count = sort_count(lo, mid) + sort_count(mid, hi);
    while (i < mid && j < hi) {
        if (a[j] < a[i]) { count += mid - i; tmp[k++] = a[j++]; }
        else tmp[k++] = a[i++];
    }
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    for (k = lo; k < hi; k++) a[k] = tmp[k];
    return count;
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    printf("%lld\n", sort_count(0, n));
    return 0;
}
''',
        "inputs": ["5\n2 4 1 3 5\n", "1\n9\n", "4\n4 3 2 1\n", "3\n1 1 1\n",
                   "30000\n" + " ".join(str(30000 - i) for i in range(30000)) + "\n"],
        "oracle": _inversions,
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
        "id": "c/kth-smallest",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C function `int kth_smallest(int *a, int n, int k)` that returns the k-th smallest "
                  "value (k = 1 is the minimum, k = n the maximum; duplicates count separately) of the n "
                  "integers in a (1 <= k <= n <= 10000). The function may reorder the array. Do not write a "
                  "main function.",
        "entry_point": "kth_smallest",
        "solution": r'''#include <stdlib.h>
static int asc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
int kth_smallest(int *a, int n, int k) {
    qsort(a, (size_t)n, sizeof *a, asc);
    return a[k - 1];
}
''',
        "test_code": c_harness(r'''
    int a[] = {7, 10, 4, 3, 20, 15};
    CHECK(kth_smallest(a, 6, 3) == 7);
    int b[] = {7, 10, 4, 3, 20, 15};
    CHECK(kth_smallest(b, 6, 1) == 3);
    int c[] = {7, 10, 4, 3, 20, 15};
    CHECK(kth_smallest(c, 6, 6) == 20);
    int d[] = {5, 1, 5, 1};
    CHECK(kth_smallest(d, 4, 2) == 1);
    int e[] = {42};
    CHECK(kth_smallest(e, 1, 1) == 42);
'''),
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
