"""Extra C array, sorting and searching tasks (ids c/x-...; gnu17)."""

from tasksrc._harness import c_harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _counted(stdin):
    v = _ints(stdin)
    return v[1:1 + v[0]]


def _inversions(stdin):
    a = _counted(stdin)

    def sort_count(x):
        if len(x) <= 1:
            return x, 0
        mid = len(x) // 2
        left, cl = sort_count(x[:mid])
        right, cr = sort_count(x[mid:])
        merged, i, j, c = [], 0, 0, cl + cr
        while i < len(left) and j < len(right):
            if left[i] <= right[j]:
                merged.append(left[i])
                i += 1
            else:
                merged.append(right[j])
                j += 1
                c += len(left) - i
        return merged + left[i:] + right[j:], c

    return f"{sort_count(a)[1]}\n"


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


_BIG_DESC = "100000\n" + " ".join(str(100000 - i) for i in range(100000)) + "\n"

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
        "id": "c/x-sort-ints",
        "style": "function",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C function `void sort_ints(int *a, int n)` that sorts the n integers a[0..n-1] in "
                  "ascending order, in place (n is between 0 and 1000; any correct method such as bubble "
                  "sort is fine). Do not write a main function.",
        "entry_point": "sort_ints",
        "solution": r'''void sort_ints(int *a, int n) {
    for (int i = 1; i < n; i++) {
        int x = a[i], j = i - 1;
        while (j >= 0 && a[j] > x) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = x;
    }
}
''',
        "test_code": c_harness(r'''
    int a[] = {5, -1, 3, 3, 0};
    int b[] = {7};
    int c[] = {2, 1};
    int d[1000];
    int ok = 1;
    for (int i = 0; i < 1000; i++) d[i] = (i * 7919) % 1000 - 500;
    sort_ints(a, 5);
    sort_ints(b, 1);
    sort_ints(c, 2);
    sort_ints(d, 0);
    sort_ints(d, 1000);
    for (int i = 1; i < 1000; i++) ok = ok && d[i - 1] <= d[i];
    CHECK(a[0] == -1 && a[1] == 0 && a[2] == 3 && a[3] == 3 && a[4] == 5);
    CHECK(b[0] == 7);
    CHECK(c[0] == 1 && c[1] == 2);
    CHECK(ok && d[0] == -500 && d[999] == 499);
'''),
        "wrong": "void sort_ints(int *a, int n) { for (int i = 0; i + 1 < n; i++) if (a[i] > a[i + 1]) { int t = a[i]; "
                 "a[i] = a[i + 1]; a[i + 1] = t; } }\n",
    },
    {
        "id": "c/x-sort-descending",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 1000) and then n integers from "
                  "standard input, and prints them in descending order (largest first) on one line separated "
                  "by single spaces, followed by a newline (an empty line when n is 0). Print nothing else.",
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
    for (int i = 0; i < n; i++) printf(i ? " %d" : "%d", a[i]);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "0\n", "1\n-9\n", "4\n-2147483648 2147483647 0 -1\n", "3\n7 7 7\n"],
        "oracle": lambda stdin: " ".join(str(x) for x in sorted(_counted(stdin), reverse=True)) + "\n",
        "wrong": "#include <stdio.h>\n#include <stdlib.h>\nstatic int cmp(const void *p, const void *q) { return "
                 "*(const int *)q "
                 "- *(const int *)p; }\nint main(void) { int n, a[1000]; scanf(\"%d\", &n); for (int i = 0; i < n; "
                 "i++) "
                 "scanf(\"%d\", &a[i]); qsort(a, n, sizeof a[0], cmp); for (int i = 0; i < n; i++) printf(i ? \" %d\" "
                 ": \"%d\", a[i]); "
                 "putchar('\\n'); return 0; }\n",
    },
    {
        "id": "c/x-count-inversions",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000) and then n integers (each "
                  "between -1000000000 and 1000000000) from standard input, and prints the number of "
                  "inversions, the pairs of positions i < j with a[i] > a[j], followed by a newline. The "
                  "count can exceed 2^31, and n = 100000 must run well under a second (an O(n^2) loop is too "
                  "slow; use merge sort). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <stdlib.h>
static long long sort_count(long long *a, long long *tmp, int n) {
    if (n < 2) return 0;
    int mid = n / 2;
    long long c = sort_count(a, tmp, mid) + sort_count(a + mid, tmp, n - mid);
    int i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        if (a[i] <= a[j]) {
            tmp[k++] = a[i++];
        } else {
            c += mid - i;
            tmp[k++] = a[j++];
        }
    }
    while (i < mid) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    for (k = 0; k < n; k++) a[k] = tmp[k];
    return c;
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    long long *a = malloc((size_t)n * sizeof *a), *tmp = malloc((size_t)n * sizeof *tmp);
    if (!a || !tmp) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%lld", &a[i]) != 1) return 1;
    printf("%lld\n", sort_count(a, tmp, n));
    free(a);
    free(tmp);
    return 0;
}
''',
        "inputs": ["5\n2 4 1 3 5\n", "1\n42\n", "3\n1 2 3\n", "3\n3 2 1\n", "4\n5 5 5 5\n",
                   "3\n1000000000 -1000000000 0\n", _BIG_DESC],
        "oracle": _inversions,
        "wrong": "#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); long long prev = 0, x, c = 0; "
                 "for (int i = 0; i < n; i++) { scanf(\"%lld\", &x); if (i && prev > x) c++; prev = x; } "
                 "printf(\"%lld\\n\", c); return 0; }\n",
    },
    {
        "id": "c/x-kth-smallest",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C function `int kth_smallest(int *a, int n, int k)` that returns the k-th "
                  "smallest element (1 <= k <= n, counting duplicates: for {3, 1, 3} the 2nd and 3rd smallest "
                  "are both 3) of the n-element array a (1 <= n <= 100000). The function may reorder the "
                  "array. Do not write a main function.",
        "entry_point": "kth_smallest",
        "solution": r'''#include <stdlib.h>
static int cmp_int(const void *p, const void *q) {
    int a = *(const int *)p, b = *(const int *)q;
    return (a > b) - (a < b);
}
int kth_smallest(int *a, int n, int k) {
    qsort(a, (size_t)n, sizeof a[0], cmp_int);
    return a[k - 1];
}
''',
        "test_code": c_harness(r'''
    int a[] = {3, 1, 3};
    int b[] = {7, 10, 4, 3, 20, 15};
    int c[] = {-5};
    static int big[100000];
    for (int i = 0; i < 100000; i++) big[i] = 99999 - i;
    CHECK(kth_smallest(a, 3, 1) == 1);
    CHECK(kth_smallest(a, 3, 2) == 3);
    CHECK(kth_smallest(a, 3, 3) == 3);
    CHECK(kth_smallest(b, 6, 3) == 7);
    CHECK(kth_smallest(b, 6, 6) == 20);
    CHECK(kth_smallest(c, 1, 1) == -5);
    CHECK(kth_smallest(big, 100000, 12345) == 12344);
'''),
        "wrong": "int kth_smallest(int *a, int n, int k) { (void)n; return a[k - 1]; }\n",
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
