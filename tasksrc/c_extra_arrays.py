"""Extra C array, sorting and searching tasks (ids c/x-...; gnu17)."""

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _counted(stdin):
    v = _ints(stdin)
    return v[1:1 + v[0]]


def _max_overlap(stdin):
    v = _ints(stdin)
    events = []
    for i in range(v[0]):
        events.append((v[1 + 2 * i], 1))
        events.append((v[2 + 2 * i], -1))
    best = cur = 0
    for _, delta in sorted(events):  # at equal times the end (-1) sorts before the start (+1)
        cur += delta
        best = max(best, cur)
    return f"{best}\n"


def _merge_intervals(stdin):
    v = _ints(stdin)
    iv = sorted((v[1 + 2 * i], v[2 + 2 * i]) for i in range(v[0]))
    out = []
    for lo, hi in iv:
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return "".join(f"{lo} {hi}\n" for lo, hi in out)


def _majority(stdin):
    a = _counted(stdin)
    for x in set(a):
        if a.count(x) * 2 > len(a):
            return f"{x}\n"
    return "NONE\n"


def _matrix(stdin):
    v = _ints(stdin)
    r, c, m = v[0], v[1], v[2:]
    return r, c, [m[i * c:(i + 1) * c] for i in range(r)]


def _transpose(stdin):
    r, c, m = _matrix(stdin)
    return "".join(" ".join(str(m[i][j]) for i in range(r)) + "\n" for j in range(c))


def _spiral(stdin):
    r, c, m = _matrix(stdin)
    out, top, bottom, left, right = [], 0, r - 1, 0, c - 1
    while top <= bottom and left <= right:
        out += [m[top][j] for j in range(left, right + 1)]
        out += [m[i][right] for i in range(top + 1, bottom + 1)]
        if top < bottom:
            out += [m[bottom][j] for j in range(right - 1, left - 1, -1)]
        if left < right:
            out += [m[i][left] for i in range(bottom - 1, top, -1)]
        top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
    return " ".join(str(x) for x in out) + "\n"


def _leaderboard(stdin):
    lines = stdin.split("\n")
    n = int(lines[0])
    rows = [(ln.split()[0], int(ln.split()[1])) for ln in lines[1:1 + n]]
    return "".join(f"{name} {score}\n" for name, score in sorted(rows, key=lambda r: (-r[1], r[0])))


def _min_max(stdin):
    a = _counted(stdin)
    return f"{min(a)} {max(a)}\n"


_MEETINGS = "20000\n" + "".join(f"{(i * 7919) % 1000000} {(i * 7919) % 1000000 + 1 + i % 5000}\n"
                                 for i in range(20000))

TASKS = [
    {
        "id": "c/x-min-and-max",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 1000) and then n integers (each "
                  "between -1000000000 and 1000000000) from standard input, and prints the smallest and the "
                  "largest of them on one line, separated by a single space, followed by a newline. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    long long x, lo = 0, hi = 0;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%lld", &x) != 1) return 1;
        if (i == 0 || x < lo) lo = x;
        if (i == 0 || x > hi) hi = x;
    }
    printf("%lld %lld\n", lo, hi);
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "1\n-7\n", "3\n-1 -2 -3\n", "2\n1000000000 -1000000000\n", "4\n0 0 0 0\n"],
        "oracle": _min_max,
        "wrong": "#include <stdio.h>\nint main(void) { int n, x, lo = 0, hi = 0; scanf(\"%d\", &n); for (int i = 0; i "
                 "< n; i++) "
                 "{ scanf(\"%d\", &x); if (x < lo) lo = x; if (x > hi) hi = x; } printf(\"%d %d\\n\", lo, hi); return "
                 "0; }\n",
    },
    {
        "id": "c/x-array-contains",
        "style": "function",
        "category": "searching",
        "difficulty": "easy",
        "prompt": "Write a C function `int contains(const int *a, int n, int x)` that returns 1 if the value "
                  "x occurs among the n elements a[0..n-1] and 0 otherwise (n may be 0). Do not write a main "
                  "function.",
        "entry_point": "contains",
        "solution": r'''int contains(const int *a, int n, int x) {
    for (int i = 0; i < n; i++)
        if (a[i] == x) return 1;
    return 0;
}
''',
        "test_code": c_harness(r'''
    int a[] = {4, -2, 9, 0, 7};
    CHECK(contains(a, 5, 9) == 1);
    CHECK(contains(a, 5, 7) == 1);
    CHECK(contains(a, 5, 4) == 1);
    CHECK(contains(a, 5, 3) == 0);
    CHECK(contains(a, 4, 7) == 0);
    CHECK(contains(a, 0, 4) == 0);
    CHECK(contains(a, 5, -2) == 1);
'''),
        "wrong": "int contains(const int *a, int n, int x) { for (int i = 0; i < n - 1; i++) if (a[i] == x) return 1; "
                 "return 0; }\n",
    },
    {
        "id": "c/x-sum-even-indices",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C function `long long sum_even_indices(const int *a, int n)` that returns the sum "
                  "of the elements at even positions a[0], a[2], a[4], ... of the n-element array a (0 when "
                  "n is 0). Do not write a main function.",
        "entry_point": "sum_even_indices",
        "solution": r'''long long sum_even_indices(const int *a, int n) {
    long long s = 0;
    for (int i = 0; i < n; i += 2) s += a[i];
    return s;
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 2, 3, 4, 5};
    int big[] = {2000000000, 0, 2000000000};
    int neg[] = {-5, 100};
    CHECK(sum_even_indices(a, 5) == 9);
    CHECK(sum_even_indices(a, 4) == 4);
    CHECK(sum_even_indices(a, 1) == 1);
    CHECK(sum_even_indices(a, 0) == 0);
    CHECK(sum_even_indices(big, 3) == 4000000000LL);
    CHECK(sum_even_indices(neg, 2) == -5);
'''),
        "wrong": "long long sum_even_indices(const int *a, int n) { long long s = 0; for (int i = 0; i < n; i++) "
                 "if (a[i] % 2 == 0) s += a[i]; return s; }\n",
    },
    {
        "id": "c/x-sort-chars",
        "style": "function",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C function `void sort_chars(char *s)` that sorts the characters of the string s in "
                  "place in increasing order of their character codes (so \"banana\" becomes \"aaabnn\" and "
                  "\"b A\" becomes \" Ab\"). s has at most 1000 characters. Do not write a main function.",
        "entry_point": "sort_chars",
        "solution": r'''void sort_chars(char *s) {
    for (int i = 1; s[i]; i++) {
        char c = s[i];
        int j = i - 1;
        while (j >= 0 && (unsigned char)s[j] > (unsigned char)c) {
            s[j + 1] = s[j];
            j--;
        }
        s[j + 1] = c;
    }
}
''',
        "test_code": c_harness(r'''
    char a[] = "banana";
    char b[] = "";
    char c[] = "b A";
    char d[] = "z";
    char e[] = "dcba4321";
    sort_chars(a);
    sort_chars(b);
    sort_chars(c);
    sort_chars(d);
    sort_chars(e);
    CHECK(strcmp(a, "aaabnn") == 0);
    CHECK(strcmp(b, "") == 0);
    CHECK(strcmp(c, " Ab") == 0);
    CHECK(strcmp(d, "z") == 0);
    CHECK(strcmp(e, "1234abcd") == 0);
''', includes=("string.h",)),
        "wrong": "void sort_chars(char *s) { for (int i = 0; s[i] && s[i + 1]; i++) if (s[i] > s[i + 1]) { char t = "
                 "s[i]; "
                 "s[i] = s[i + 1]; s[i + 1] = t; } }\n",
    },
    {
        "id": "c/x-top-three",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (3 <= n <= 1000) and then n integers (each "
                  "between -1000000 and 1000000) from standard input, and prints the three largest of them "
                  "from largest to smallest on one line, separated by single spaces, followed by a newline. "
                  "Repeated values count separately (for 5 5 1 print `5 5 1`). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
static int desc(const void *p, const void *q) {
    int a = *(const int *)p, b = *(const int *)q;
    return (a < b) - (a > b);
}
int main(void) {
    int n, a[1000];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    qsort(a, (size_t)n, sizeof a[0], desc);
    printf("%d %d %d\n", a[0], a[1], a[2]);
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "3\n5 5 1\n", "3\n-1 -2 -3\n", "6\n0 0 0 0 0 0\n",
                   "4\n-1000000 1000000 7 7\n"],
        "oracle": lambda stdin: " ".join(str(x) for x in sorted(_counted(stdin), reverse=True)[:3]) + "\n",
        "wrong": "#include <stdio.h>\nint main(void) { int n, x, a = -1000001, b = -1000001, c = -1000001; "
                 "scanf(\"%d\", &n); "
                 "while (n--) { scanf(\"%d\", &x); if (x > a) { c = b; b = a; a = x; } else if (x > b && x != a) { c = "
                 "b; "
                 "b = x; } else if (x > c && x != b) c = x; } printf(\"%d %d %d\\n\", a, b, c); return 0; }\n",
    },
    {
        "id": "c/x-max-overlap",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads from standard input an integer n (1 <= n <= 100000) and then n "
                  "meetings, each as two integers s e (0 <= s < e <= 10^9) meaning the meeting occupies the "
                  "half-open time interval [s, e): a meeting ending at time t does not overlap one starting "
                  "at t. Print the largest number of meetings that are in progress at the same moment, "
                  "followed by a newline. n = 100000 must run well under a second (sort the start and end "
                  "times). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
static int cmp_long(const void *p, const void *q) {
    long a = *(const long *)p, b = *(const long *)q;
    return (a > b) - (a < b);
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long *starts = malloc((size_t)n * sizeof *starts), *ends = malloc((size_t)n * sizeof *ends);
    if (!starts || !ends) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%ld %ld", &starts[i], &ends[i]) != 2) return 1;
    qsort(starts, (size_t)n, sizeof *starts, cmp_long);
    qsort(ends, (size_t)n, sizeof *ends, cmp_long);
    int open = 0, best = 0, j = 0;
    for (int i = 0; i < n; i++) {
        while (ends[j] <= starts[i]) {  /* meetings that ended by this start free their room first */
            j++;
            open--;
        }
        open++;
        if (open > best) best = open;
    }
    printf("%d\n", best);
    free(starts);
    free(ends);
    return 0;
}
''',
        "inputs": ["3\n0 30\n5 10\n15 20\n", "1\n0 1\n", "2\n1 2\n2 3\n", "3\n1 5\n1 5\n1 5\n",
                   "4\n7 10\n2 4\n0 1000000000\n3 8\n", _MEETINGS],
        "oracle": _max_overlap,
        "wrong": "#include <stdio.h>\nint main(void) { int n, best = 0; long s[100000], e[100000]; scanf(\"%d\", &n); "
                 "for (int i = 0; i < n; i++) scanf(\"%ld %ld\", &s[i], &e[i]); for (int i = 0; i < n && i < 2000; "
                 "i++) { int c = 0; "
                 "for (int j = 0; j < n; j++) if (s[j] <= s[i] && s[i] <= e[j]) c++; if (c > best) best = c; } "
                 "printf(\"%d\\n\", best); return 0; }\n",
    },
    {
        "id": "c/x-evens-then-odds",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C function `void evens_then_odds(int *a, int n)` that rearranges the n integers "
                  "a[0..n-1] in place so that all even values come first in increasing order, followed by all "
                  "odd values in increasing order (negative numbers included: -3 is odd, -4 and 0 are even). "
                  "n is between 0 and 100000. Do not write a main function.",
        "entry_point": "evens_then_odds",
        "solution": r'''#include <stdlib.h>
static int parity_then_value(const void *p, const void *q) {
    int a = *(const int *)p, b = *(const int *)q;
    int pa = a % 2 != 0, pb = b % 2 != 0;
    if (pa != pb) return pa - pb;
    return (a > b) - (a < b);
}
void evens_then_odds(int *a, int n) {
    qsort(a, (size_t)n, sizeof a[0], parity_then_value);
}
''',
        "test_code": c_harness(r'''
    int a[] = {5, 2, 8, 1, 4, 3};
    int b[] = {-3, -4, 0, 7, -1};
    int c[] = {9};
    int d[] = {2, 2, 1, 1};
    static int big[100000];
    int ok = 1;
    for (int i = 0; i < 100000; i++) big[i] = 99999 - i;
    evens_then_odds(a, 6);
    evens_then_odds(b, 5);
    evens_then_odds(c, 1);
    evens_then_odds(d, 4);
    evens_then_odds(c, 0);
    evens_then_odds(big, 100000);
    for (int i = 0; i < 50000; i++) ok = ok && big[i] == 2 * i && big[50000 + i] == 2 * i + 1;
    CHECK(a[0] == 2 && a[1] == 4 && a[2] == 8 && a[3] == 1 && a[4] == 3 && a[5] == 5);
    CHECK(b[0] == -4 && b[1] == 0 && b[2] == -3 && b[3] == -1 && b[4] == 7);
    CHECK(c[0] == 9);
    CHECK(d[0] == 2 && d[1] == 2 && d[2] == 1 && d[3] == 1);
    CHECK(ok);
'''),
        "wrong": "#include <stdlib.h>\nstatic int cmp(const void *p, const void *q) { int a = *(const int *)p, b = "
                 "*(const int *)q; "
                 "int pa = a % 2 == 1, pb = b % 2 == 1; if (pa != pb) return pa - pb; return (a > b) - (a < b); }\n"
                 "void evens_then_odds(int *a, int n) { qsort(a, n, sizeof a[0], cmp); }\n",
    },
    {
        "id": "c/x-remove-value",
        "style": "function",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C function `int remove_value(int *a, int n, int x)` that removes every occurrence "
                  "of x from the n-element array a in place, keeping the order of the remaining elements at "
                  "the start of the array, and returns the number of remaining elements. Do not write a main "
                  "function.",
        "entry_point": "remove_value",
        "solution": r'''int remove_value(int *a, int n, int x) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if (a[i] != x) a[k++] = a[i];
    return k;
}
''',
        "test_code": c_harness(r'''
    int a[] = {3, 2, 2, 3, 4, 2};
    int b[] = {1, 1, 1};
    int c[] = {5, 6};
    int d[] = {0};
    int na = remove_value(a, 6, 2);
    int nb = remove_value(b, 3, 1);
    int nc = remove_value(c, 2, 9);
    int nd = remove_value(d, 0, 0);
    CHECK(na == 3 && a[0] == 3 && a[1] == 3 && a[2] == 4);
    CHECK(nb == 0);
    CHECK(nc == 2 && c[0] == 5 && c[1] == 6);
    CHECK(nd == 0);
'''),
        "wrong": "int remove_value(int *a, int n, int x) { int k = n; for (int i = 0; i < k; i++) if (a[i] == x) "
                 "a[i] = a[--k]; return k; }\n",
    },
    {
        "id": "c/x-merge-intervals",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads from standard input an integer n (1 <= n <= 10000) and then n "
                  "intervals, each given as two integers l r with -10^9 <= l <= r <= 10^9, in any order. "
                  "Merge every group of intervals that overlap or touch (two intervals are merged when they "
                  "share at least one point, so [1,3] and [3,5] become [1,5], but [1,2] and [3,4] stay "
                  "apart) and print the merged intervals in increasing order, one per line as `l r`. Print "
                  "nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
typedef struct {
    long long lo, hi;
} Interval;
static int by_start(const void *p, const void *q) {
    const Interval *a = p, *b = q;
    if (a->lo != b->lo) return (a->lo > b->lo) - (a->lo < b->lo);
    return (a->hi > b->hi) - (a->hi < b->hi);
}
int main(void) {
    int n;
    static Interval iv[10000];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld %lld", &iv[i].lo, &iv[i].hi) != 2) return 1;
    qsort(iv, (size_t)n, sizeof iv[0], by_start);
    Interval cur = iv[0];
    for (int i = 1; i < n; i++) {
        if (iv[i].lo <= cur.hi) {
            if (iv[i].hi > cur.hi) cur.hi = iv[i].hi;
        } else {
            printf("%lld %lld\n", cur.lo, cur.hi);
            cur = iv[i];
        }
    }
    printf("%lld %lld\n", cur.lo, cur.hi);
    return 0;
}
''',
        "inputs": ["4\n1 3\n8 10\n2 6\n15 18\n", "1\n5 5\n", "2\n1 3\n3 5\n", "2\n3 4\n1 2\n", "3\n1 10\n2 3\n4 5\n",
                   "2\n-1000000000 0\n0 1000000000\n"],
        "oracle": _merge_intervals,
        "wrong": "#include <stdio.h>\nint main(void) { int n; long long l, r, cl, cr; scanf(\"%d\", &n); scanf(\"%lld "
                 "%lld\", &cl, &cr); "
                 "for (int i = 1; i < n; i++) { scanf(\"%lld %lld\", &l, &r); if (l < cr) { if (r > cr) cr = r; } "
                 "else { printf(\"%lld %lld\\n\", cl, cr); cl = l; cr = r; } } printf(\"%lld %lld\\n\", cl, cr); "
                 "return 0; }\n",
    },
    {
        "id": "c/x-lower-bound",
        "style": "function",
        "category": "searching",
        "difficulty": "medium",
        "prompt": "Write a C function `int lower_bound_index(const int *a, int n, int x)` that, for an array "
                  "a of n integers sorted in non-decreasing order (0 <= n <= 1000000), returns the smallest "
                  "index i with a[i] >= x, or n if every element is smaller than x. Use binary search. Do not "
                  "write a main function.",
        "entry_point": "lower_bound_index",
        "solution": r'''int lower_bound_index(const int *a, int n, int x) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 2, 2, 2, 5, 9};
    static int big[1000000];
    int ok = 1;
    for (int i = 0; i < 1000000; i++) big[i] = i / 2;
    for (int q = 0; q < 500000; q += 7) ok = ok && lower_bound_index(big, 1000000, q) == 2 * q;
    CHECK(lower_bound_index(a, 6, 2) == 1);
    CHECK(lower_bound_index(a, 6, 3) == 4);
    CHECK(lower_bound_index(a, 6, 0) == 0);
    CHECK(lower_bound_index(a, 6, 10) == 6);
    CHECK(lower_bound_index(a, 6, 9) == 5);
    CHECK(lower_bound_index(a, 0, 1) == 0);
    CHECK(ok);
'''),
        "wrong": "int lower_bound_index(const int *a, int n, int x) { int lo = 0, hi = n - 1; while (lo < hi) { "
                 "int m = (lo + hi) / 2; if (a[m] < x) lo = m + 1; else hi = m; } return lo; }\n",
    },
    {
        "id": "c/x-majority-element",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000) and then n integers (each "
                  "between -1000000000 and 1000000000) from standard input, and prints the value that occurs "
                  "more than n/2 times (strictly more than half of the elements) followed by a newline, or "
                  "`NONE` if there is no such value. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long *a = malloc((size_t)n * sizeof *a);
    if (!a) return 1;
    long long cand = 0;
    int votes = 0;
    for (int i = 0; i < n; i++) {
        if (scanf("%lld", &a[i]) != 1) return 1;
        if (votes == 0) cand = a[i];
        votes += (a[i] == cand) ? 1 : -1;
    }
    int count = 0;
    for (int i = 0; i < n; i++) count += a[i] == cand;
    if (2 * count > n) printf("%lld\n", cand);
    else puts("NONE");
    free(a);
    return 0;
}
''',
        "inputs": ["5\n2 2 1 1 2\n", "1\n-4\n", "4\n1 1 2 2\n", "3\n1 2 3\n", "3\n7 1 7\n",
                   "6\n1000000000 5 1000000000 1000000000 6 1000000000\n"],
        "oracle": _majority,
        "wrong": "#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); long long c = 0, x; int v = 0; "
                 "for (int i = 0; i < n; i++) { scanf(\"%lld\", &x); if (v == 0) c = x; v += x == c ? 1 : -1; } "
                 "printf(\"%lld\\n\", c); return 0; }\n",
    },
    {
        "id": "c/x-move-zeros",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C function `void move_zeros(int *a, int n)` that moves all zeros of the n-element "
                  "array a to its end, in place, keeping the relative order of the non-zero elements. Do not "
                  "write a main function.",
        "entry_point": "move_zeros",
        "solution": r'''void move_zeros(int *a, int n) {
    int k = 0;
    for (int i = 0; i < n; i++)
        if (a[i] != 0) a[k++] = a[i];
    while (k < n) a[k++] = 0;
}
''',
        "test_code": c_harness(r'''
    int a[] = {0, 1, 0, 3, 12};
    int b[] = {0, 0};
    int c[] = {-1, 2};
    int d[] = {5};
    move_zeros(a, 5);
    move_zeros(b, 2);
    move_zeros(c, 2);
    move_zeros(d, 0);
    CHECK(a[0] == 1 && a[1] == 3 && a[2] == 12 && a[3] == 0 && a[4] == 0);
    CHECK(b[0] == 0 && b[1] == 0);
    CHECK(c[0] == -1 && c[1] == 2);
    CHECK(d[0] == 5);
'''),
        "wrong": "void move_zeros(int *a, int n) { int k = n - 1; for (int i = 0; i < k; i++) if (a[i] == 0) { "
                 "a[i] = a[k]; a[k--] = 0; } }\n",
    },
    {
        "id": "c/x-transpose-matrix",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C program that reads from standard input two integers R and C (1 <= R, C <= 100) "
                  "and then an R x C matrix of integers given row by row, and prints its transpose (a C x R "
                  "matrix): C lines, each with R integers separated by single spaces. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    static int m[100][100];
    int r, c;
    if (scanf("%d %d", &r, &c) != 2) return 1;
    for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++)
            if (scanf("%d", &m[i][j]) != 1) return 1;
    for (int j = 0; j < c; j++) {
        for (int i = 0; i < r; i++) printf(i ? " %d" : "%d", m[i][j]);
        putchar('\n');
    }
    return 0;
}
''',
        "inputs": ["2 3\n1 2 3\n4 5 6\n", "1 1\n-7\n", "1 4\n1 2 3 4\n", "3 1\n1\n2\n3\n", "2 2\n1 2\n3 4\n"],
        "oracle": _transpose,
        "wrong": "#include <stdio.h>\nint main(void) { int r, c, x; scanf(\"%d %d\", &r, &c); for (int i = 0; i < r; "
                 "i++) { "
                 "for (int j = 0; j < c; j++) { scanf(\"%d\", &x); printf(j ? \" %d\" : \"%d\", x); } putchar('\\n'); "
                 "} return 0; }\n",
    },
    {
        "id": "c/x-spiral-order",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "hard",
        "prompt": "Write a C program that reads from standard input two integers R and C (1 <= R, C <= 100) "
                  "and then an R x C matrix of integers given row by row, and prints all its elements in "
                  "clockwise spiral order starting at the top-left corner (first row left to right, then the "
                  "last column downwards, the last row right to left, the first column upwards, then the "
                  "same for the inner matrix), on one line separated by single spaces, followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    static int m[100][100];
    int r, c, first = 1;
    if (scanf("%d %d", &r, &c) != 2) return 1;
    for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++)
            if (scanf("%d", &m[i][j]) != 1) return 1;
    int top = 0, bottom = r - 1, left = 0, right = c - 1;
#define EMIT(v) do { printf(first ? "%d" : " %d", (v)); first = 0; } while (0)
    while (top <= bottom && left <= right) {
        for (int j = left; j <= right; j++) EMIT(m[top][j]);
        for (int i = top + 1; i <= bottom; i++) EMIT(m[i][right]);
        if (top < bottom)
            for (int j = right - 1; j >= left; j--) EMIT(m[bottom][j]);
        if (left < right)
            for (int i = bottom - 1; i > top; i--) EMIT(m[i][left]);
        top++;
        bottom--;
        left++;
        right--;
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["3 3\n1 2 3\n4 5 6\n7 8 9\n", "1 1\n5\n", "1 4\n1 2 3 4\n", "4 1\n1\n2\n3\n4\n",
                   "3 4\n1 2 3 4\n5 6 7 8\n9 10 11 12\n", "2 2\n1 2\n3 4\n", "4 3\n1 2 3\n4 5 6\n7 8 9\n10 11 12\n"],
        "oracle": _spiral,
    },
    {
        "id": "c/x-leaderboard",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C program that reads from standard input an integer n (1 <= n <= 1000) and then n "
                  "lines `name score`, where name is 1 to 20 lowercase letters and score an integer between "
                  "-1000000 and 1000000. Print the n lines `name score` sorted by score from highest to "
                  "lowest; equal scores are ordered by name in alphabetical (strcmp) order. Print nothing "
                  "else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
#include <string.h>
typedef struct {
    char name[21];
    int score;
} Entry;
static int by_rank(const void *p, const void *q) {
    const Entry *a = p, *b = q;
    if (a->score != b->score) return (a->score < b->score) - (a->score > b->score);
    return strcmp(a->name, b->name);
}
int main(void) {
    static Entry e[1000];
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%20s %d", e[i].name, &e[i].score) != 2) return 1;
    qsort(e, (size_t)n, sizeof e[0], by_rank);
    for (int i = 0; i < n; i++) printf("%s %d\n", e[i].name, e[i].score);
    return 0;
}
''',
        "inputs": ["3\nbob 10\nalice 20\ncarol 10\n", "1\nsolo -5\n", "4\nd 0\nc 0\nb 0\na 0\n",
                   "3\nx -1000000\ny 1000000\nz 0\n"],
        "oracle": _leaderboard,
        "wrong": "#include <stdio.h>\n#include <stdlib.h>\ntypedef struct { char n[21]; int s; } E;\nstatic int "
                 "c(const void *p, "
                 "const void *q) { return ((const E *)q)->s - ((const E *)p)->s; }\nint main(void) { E e[1000]; int n; "
                 "scanf(\"%d\", &n); for (int i = 0; i < n; i++) scanf(\"%20s %d\", e[i].n, &e[i].s); qsort(e, n, "
                 "sizeof e[0], c); "
                 "for (int i = 0; i < n; i++) printf(\"%s %d\\n\", e[i].n, e[i].s); return 0; }\n",
    },
]
