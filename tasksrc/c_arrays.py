"""C tasks: arrays of integers."""

from bisect import bisect_left

from tasksrc._harness import c_harness


def _array(stdin):
    """``n`` followed by ``n`` integers -> the list."""
    nums = [int(x) for x in stdin.split()]
    return nums[1:1 + nums[0]]


def _second_largest(stdin):
    distinct = sorted(set(_array(stdin)))
    return f"{distinct[-2]}\n" if len(distinct) >= 2 else "none\n"


def _lis(stdin):
    tails = []
    for x in _array(stdin):
        i = bisect_left(tails, x)
        tails[i:i + 1] = [x]
    return f"{len(tails)}\n"


def _prefix_queries(stdin):
    nums = [int(x) for x in stdin.split()]
    n = nums[0]
    a, q, rest = nums[1:1 + n], nums[1 + n], nums[2 + n:]
    return "".join(f"{sum(a[l - 1:r])}\n" for l, r in zip(rest[0:2 * q:2], rest[1:2 * q:2]))


TASKS = [
    {
        "id": "c/sum-of-array",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) and then n integers (each between "
                  "-1000000 and 1000000) from standard input, and prints their sum followed by a newline. "
                  "Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    long long sum = 0, x;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%lld", &x) != 1) return 1;
        sum += x;
    }
    printf("%lld\n", sum);
    return 0;
}
''',
        "inputs": ["3\n1 2 3\n", "1\n-5\n", "4\n0 0 0 0\n", "5\n1000000 1000000 -1 -2 1000000\n"],
        "oracle": lambda s: f"{sum(_array(s))}\n",
    },
    {
        "id": "c/max-of-array",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) and then n integers (each between "
                  "-1000000 and 1000000) from standard input, and prints the largest of them followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, x, best;
    if (scanf("%d %d", &n, &best) != 2) return 1;
    for (int i = 1; i < n; i++) {
        if (scanf("%d", &x) != 1) return 1;
        if (x > best) best = x;
    }
    printf("%d\n", best);
    return 0;
}
''',
        "inputs": ["3\n1 5 2\n", "1\n-7\n", "4\n-3 -1 -2 -9\n", "5\n4 4 4 4 4\n"],
        "oracle": lambda s: f"{max(_array(s))}\n",
    },
    {
        "id": "c/reverse-array",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) and then n integers from standard "
                  "input, and prints the n integers in reverse order on one line, separated by single spaces, "
                  "followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, a[100];
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &a[i]) != 1) return 1;
    for (int i = n - 1; i >= 0; i--) printf("%d%c", a[i], i ? ' ' : '\n');
    return 0;
}
''',
        "inputs": ["3\n1 2 3\n", "1\n42\n", "5\n-1 0 1 0 -1\n", "2\n10 -10\n"],
        "oracle": lambda s: " ".join(map(str, _array(s)[::-1])) + "\n",
    },
    {
        "id": "c/second-largest",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 1000) and then n integers from standard "
                  "input, and prints the second largest distinct value among them followed by a newline, or "
                  "the word none if all values are equal. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, x, have_second = 0;
    long first, second = 0;
    if (scanf("%d %d", &n, &x) != 2) return 1;
    first = x;
    for (int i = 1; i < n; i++) {
        if (scanf("%d", &x) != 1) return 1;
        if (x > first) { second = first; first = x; have_second = 1; }
        else if (x < first && (!have_second || x > second)) { second = x; have_second = 1; }
    }
    if (have_second) printf("%ld\n", second); else printf("none\n");
    return 0;
}
''',
        "inputs": ["5\n1 5 3 5 4\n", "1\n7\n", "3\n2 2 2\n", "4\n-1 -2 -3 -4\n", "2\n3 9\n", "4\n9 3 9 1\n"],
        "oracle": _second_largest,
    },
    {
        "id": "c/range-sum-queries",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000), then n integers a1..an (each "
                  "between -10000 and 10000), then an integer q (1 <= q <= 100000), then q pairs l r "
                  "(1 <= l <= r <= n), all from standard input. For each pair print the sum al + ... + ar on "
                  "its own line. Print nothing else. It must run fast (use prefix sums).",
        "solution": r'''#include <stdio.h>
static long long prefix[100001];
int main(void) {
    int n, q, x, l, r;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 1; i <= n; i++) {
        if (scanf("%d", &x) != 1) return 1;
        prefix[i] = prefix[i - 1] + x;
    }
    if (scanf("%d", &q) != 1) return 1;
    while (q-- > 0 && scanf("%d %d", &l, &r) == 2) printf("%lld\n", prefix[r] - prefix[l - 1]);
    return 0;
}
''',
        "inputs": ["5\n1 2 3 4 5\n3\n1 5\n2 3\n4 4\n", "1\n-7\n1\n1 1\n",
                   "4\n10000 -10000 10000 -10000\n2\n1 4\n1 3\n",
                   "30000\n" + " ".join(str(i % 201 - 100) for i in range(30000)) + "\n3\n1 30000\n5 29999\n77 78\n"],
        "oracle": _prefix_queries,
    },
    {
        "id": "c/longest-increasing-subsequence",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100000) and then n integers from "
                  "standard input, and prints the length of the longest strictly increasing subsequence (not "
                  "necessarily contiguous) followed by a newline. Print nothing else. It must run in well "
                  "under a second for n = 100000.",
        "solution": r'''#include <stdio.h>
static int tails[100000];
int main(void) {
    int n, x, len = 0;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &x) != 1) return 1;
        int lo = 0, hi = len;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (tails[mid] < x) lo = mid + 1; else hi = mid;
        }
        tails[lo] = x;
        if (lo == len) len++;
    }
    printf("%d\n", len);
    return 0;
}
''',
        "inputs": ["8\n10 9 2 5 3 7 101 18\n", "1\n5\n", "5\n3 3 3 3 3\n", "6\n6 5 4 3 2 1\n",
                   "30000\n" + " ".join(str((i * 7919) % 100003) for i in range(30000)) + "\n"],
        "oracle": _lis,
    },
    {
        "id": "c/array-min",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C function `int array_min(const int *a, int n)` that returns the smallest of the n "
                  "integers in the array a (n >= 1). Do not write a main function.",
        "entry_point": "array_min",
        "solution": "int array_min(const int *a, int n) {\n    int m = a[0];\n    for (int i = 1; i < n; i++)\n"
                    "        if (a[i] < m) m = a[i];\n    return m;\n}\n",
        "test_code": c_harness(r'''
    int a[] = {3, 1, 2}, b[] = {-5}, c[] = {4, -2, 9, -2, 0}, d[] = {7, 8, 9};
    CHECK(array_min(a, 3) == 1);
    CHECK(array_min(b, 1) == -5);
    CHECK(array_min(c, 5) == -2);
    CHECK(array_min(d, 3) == 7);
'''),
    },
    {
        "id": "c/count-positive",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C function `int count_positive(const int *a, int n)` that returns how many of the n "
                  "integers in the array a are strictly greater than zero (n may be 0). Do not write a main "
                  "function.",
        "entry_point": "count_positive",
        "solution": "int count_positive(const int *a, int n) {\n    int c = 0;\n    for (int i = 0; i < n; i++)\n"
                    "        if (a[i] > 0) c++;\n    return c;\n}\n",
        "test_code": c_harness(r'''
    int a[] = {1, -2, 3, 0, 5}, b[] = {0, 0}, c[] = {-1, -2};
    CHECK(count_positive(a, 5) == 3);
    CHECK(count_positive(b, 2) == 0);
    CHECK(count_positive(c, 2) == 0);
    CHECK(count_positive(a, 0) == 0);
    CHECK(count_positive(a, 1) == 1);
'''),
        "wrong": "int count_positive(const int *a, int n) {\n    int c = 0;\n    for (int i = 0; i < n; i++)\n"
                 "        if (a[i] >= 0) c++;\n    return c;\n}\n",
    },
    {
        "id": "c/count-distinct",
        "style": "function",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C function `int count_distinct(const int *a, int n)` that returns the number of "
                  "distinct values among the n integers of the array a (0 <= n <= 1000). The array must not be "
                  "modified. Do not write a main function.",
        "entry_point": "count_distinct",
        "solution": r'''int count_distinct(const int *a, int n) {
    int count = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < i && !seen; j++) seen = a[j] == a[i];
        if (!seen) count++;
    }
    return count;
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 2, 2, 3, 1}, b[] = {5, 5, 5}, c[] = {-1, 1, 0}, d[] = {4, 3, 4, 3};
    CHECK(count_distinct(a, 5) == 3);
    CHECK(count_distinct(b, 3) == 1);
    CHECK(count_distinct(c, 3) == 3);
    CHECK(count_distinct(a, 0) == 0);
    CHECK(count_distinct(d, 4) == 2 && d[0] == 4 && d[1] == 3 && d[2] == 4);
'''),
    },
    {
        "id": "c/rotate-left",
        "style": "function",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C function `void rotate_left(int *a, int n, int k)` that rotates the n-element array "
                  "a to the left by k positions in place (the element at index k moves to index 0). k is "
                  "non-negative and may be larger than n; n >= 1. Do not write a main function.",
        "entry_point": "rotate_left",
        "solution": r'''static void reverse_range(int *a, int lo, int hi) {
    for (; lo < hi; lo++, hi--) { int t = a[lo]; a[lo] = a[hi]; a[hi] = t; }
}
void rotate_left(int *a, int n, int k) {
    k %= n;
    reverse_range(a, 0, k - 1);
    reverse_range(a, k, n - 1);
    reverse_range(a, 0, n - 1);
}
''',
        "test_code": c_harness(r'''
    int a[] = {1, 2, 3, 4, 5};
    rotate_left(a, 5, 2);
    CHECK(a[0] == 3 && a[1] == 4 && a[2] == 5 && a[3] == 1 && a[4] == 2);
    int b[] = {1, 2, 3};
    rotate_left(b, 3, 0);
    CHECK(b[0] == 1 && b[1] == 2 && b[2] == 3);
    int c[] = {1, 2, 3};
    rotate_left(c, 3, 7);
    CHECK(c[0] == 2 && c[1] == 3 && c[2] == 1);
    int d[] = {9};
    rotate_left(d, 1, 5);
    CHECK(d[0] == 9);
    int e[] = {1, 2, 3, 4};
    rotate_left(e, 4, 4);
    CHECK(e[0] == 1 && e[3] == 4);
'''),
    },
    {
        "id": "c/max-subarray-sum",
        "style": "function",
        "category": "arrays",
        "difficulty": "hard",
        "prompt": "Write a C function `long long max_subarray_sum(const int *a, int n)` that returns the largest "
                  "sum of a non-empty contiguous subarray of the n integers in a (1 <= n <= 1000000, values "
                  "between -1000000 and 1000000; if all values are negative the answer is the largest value). "
                  "It must run in linear time. Do not write a main function.",
        "entry_point": "max_subarray_sum",
        "solution": r'''long long max_subarray_sum(const int *a, int n) {
    long long best = a[0], current = a[0];
    for (int i = 1; i < n; i++) {
        current = current > 0 ? current + a[i] : a[i];
        if (current > best) best = current;
    }
    return best;
}
''',
        "test_code": c_harness(r'''
    int a[] = {-2, 1, -3, 4, -1, 2, 1, -5, 4}, b[] = {-3, -1, -2}, c[] = {5}, d[] = {1, 2, 3};
    CHECK(max_subarray_sum(a, 9) == 6);
    CHECK(max_subarray_sum(b, 3) == -1);
    CHECK(max_subarray_sum(c, 1) == 5);
    CHECK(max_subarray_sum(d, 3) == 6);
    static int big[1000000];
    for (int i = 0; i < 1000000; i++) big[i] = 1000000;
    CHECK(max_subarray_sum(big, 1000000) == 1000000000000LL);
    big[500000] = -1000000;
    CHECK(max_subarray_sum(big, 1000000) == 999998000000LL);
'''),
    },
    {
        "id": "c/is-sorted",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C function `int is_sorted(const int *a, int n)` that returns 1 if the n integers in a "
                  "are in non-decreasing order (each element is >= the one before it) and 0 otherwise. Arrays "
                  "with 0 or 1 elements are sorted. Do not write a main function.",
        "entry_point": "is_sorted",
        "solution": "int is_sorted(const int *a, int n) {\n    for (int i = 1; i < n; i++)\n"
                    "        if (a[i] < a[i - 1]) return 0;\n    return 1;\n}\n",
        "test_code": c_harness(r'''
    int a[] = {1, 2, 2, 5}, b[] = {3, 1}, c[] = {7}, d[] = {1, 2, 3, 0};
    CHECK(is_sorted(a, 4) == 1);
    CHECK(is_sorted(b, 2) == 0);
    CHECK(is_sorted(c, 1) == 1);
    CHECK(is_sorted(c, 0) == 1);
    CHECK(is_sorted(d, 4) == 0);
'''),
        "wrong": "int is_sorted(const int *a, int n) { (void)a; (void)n; return 1; }\n",
    },
]
