"""C tasks: recursion and backtracking."""

from itertools import permutations
from math import factorial

from tasksrc._harness import c_harness


def _fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def _hanoi(n, src="A", via="B", dst="C"):
    if n == 0:
        return []
    return _hanoi(n - 1, src, dst, via) + [f"{src} {dst}"] + _hanoi(n - 1, via, src, dst)


def _queens(n):
    def place(row, cols, d1, d2):
        if row == n:
            return 1
        return sum(place(row + 1, cols | {c}, d1 | {row + c}, d2 | {row - c})
                   for c in range(n) if c not in cols and row + c not in d1 and row - c not in d2)
    return place(0, set(), set(), set())


def _subsets_with_sum(stdin):
    nums = [int(x) for x in stdin.split()]
    n, target, values = nums[0], nums[1], nums[2:]
    lines = []
    for mask in range(1 << n):
        chosen = [values[i] for i in range(n) if mask >> i & 1]
        if chosen and sum(chosen) == target:
            lines.append(tuple(i for i in range(n) if mask >> i & 1))
    lines.sort()
    return "".join(" ".join(str(values[i]) for i in idx) + "\n" for idx in lines) or "none\n"


TASKS = [
    {
        "id": "c/fibonacci",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 90) from standard input and prints the "
                  "n-th Fibonacci number followed by a newline, where F(0) = 0, F(1) = 1 and "
                  "F(n) = F(n-1) + F(n-2). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    long long a = 0, b = 1;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) { long long t = a + b; a = b; b = t; }
    printf("%lld\n", a);
    return 0;
}
''',
        "inputs": ["0\n", "1\n", "2\n", "10\n", "50\n", "90\n"],
        "oracle": lambda s: f"{_fib(int(s))}\n",
    },
    {
        "id": "c/factorial",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 20) from standard input and prints n! "
                  "(n factorial; 0! is 1) followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
static long long fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    printf("%lld\n", fact(n));
    return 0;
}
''',
        "inputs": ["0\n", "1\n", "5\n", "12\n", "20\n"],
        "oracle": lambda s: f"{factorial(int(s))}\n",
    },
    {
        "id": "c/tower-of-hanoi",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 12) from standard input and prints the "
                  "moves that solve the Tower of Hanoi with n disks, moving all disks from peg A to peg C using "
                  "peg B, with the fewest moves (2^n - 1). Print one move per line as the source peg letter, a "
                  "space and the destination peg letter (for example: A C). Use the standard recursive order: "
                  "move n-1 disks from the source to the spare peg, move the largest disk, then move the n-1 "
                  "disks onto it. Print nothing else.",
        "solution": r'''#include <stdio.h>
static void hanoi(int n, char from, char via, char to) {
    if (n == 0) return;
    hanoi(n - 1, from, to, via);
    printf("%c %c\n", from, to);
    hanoi(n - 1, via, from, to);
}
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    hanoi(n, 'A', 'B', 'C');
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "12\n"],
        "oracle": lambda s: "".join(m + "\n" for m in _hanoi(int(s))),
    },
    {
        "id": "c/permutations",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 7) from standard input and prints every "
                  "permutation of the numbers 1 to n in lexicographic order, one permutation per line with the "
                  "numbers separated by single spaces. Print nothing else.",
        "solution": r'''#include <stdio.h>
static int n, perm[8], used[8];
static void build(int pos) {
    if (pos == n) {
        for (int i = 0; i < n; i++) printf("%d%c", perm[i], i + 1 < n ? ' ' : '\n');
        return;
    }
    for (int v = 1; v <= n; v++)
        if (!used[v]) { used[v] = 1; perm[pos] = v; build(pos + 1); used[v] = 0; }
}
int main(void) {
    if (scanf("%d", &n) != 1) return 1;
    build(0);
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "7\n"],
        "oracle": lambda s: "".join(" ".join(map(str, p)) + "\n" for p in permutations(range(1, int(s) + 1))),
    },
    {
        "id": "c/subsets-with-sum",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C program that reads integers n and t (1 <= n <= 15, |t| <= 1000) and then n "
                  "integers v1..vn (each between -100 and 100) from standard input. Print every non-empty "
                  "subset of positions whose values sum to t, one per line, as the chosen values in position "
                  "order separated by single spaces. Order the lines by comparing the lists of chosen "
                  "positions lexicographically (so the subset of positions {1, 2} comes before {1, 3}, which "
                  "comes before {2}; a list that is a prefix of another comes first). If no subset sums to t "
                  "print the word none. Print nothing else.",
        "solution": r'''#include <stdio.h>
static int n, t, v[15], chosen[15];
static int found;
static void search(int start, int depth, int sum) {
    for (int i = start; i < n; i++) {
        chosen[depth] = i;
        if (sum + v[i] == t) {
            found = 1;
            for (int k = 0; k <= depth; k++) printf("%d%c", v[chosen[k]], k < depth ? ' ' : '\n');
        }
        search(i + 1, depth + 1, sum + v[i]);
    }
}
int main(void) {
    if (scanf("%d %d", &n, &t) != 2) return 1;
    for (int i = 0; i < n; i++)
        if (scanf("%d", &v[i]) != 1) return 1;
    search(0, 0, 0);
    if (!found) printf("none\n");
    return 0;
}
''',
        "inputs": ["4 5\n1 2 3 4\n", "3 100\n1 2 3\n", "1 7\n7\n", "4 0\n1 -1 2 -2\n",
                   "15 10\n1 2 3 4 5 6 7 8 9 10 -1 -2 -3 -4 -5\n"],
        "oracle": _subsets_with_sum,
    },
    {
        "id": "c/n-queens-count",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 10) from standard input and prints the "
                  "number of ways to place n queens on an n x n chessboard so that no two queens attack each "
                  "other (no two share a row, column or diagonal), followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
static int n, cols[10], diag1[20], diag2[20];
static int solve(int row) {
    if (row == n) return 1;
    int count = 0;
    for (int c = 0; c < n; c++) {
        if (cols[c] || diag1[row + c] || diag2[row - c + n]) continue;
        cols[c] = diag1[row + c] = diag2[row - c + n] = 1;
        count += solve(row + 1);
        cols[c] = diag1[row + c] = diag2[row - c + n] = 0;
    }
    return count;
}
int main(void) {
    if (scanf("%d", &n) != 1) return 1;
    printf("%d\n", solve(0));
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "4\n", "8\n", "10\n"],
        "oracle": lambda s: f"{_queens(int(s))}\n",
    },
    {
        "id": "c/sum-to-n",
        "style": "function",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C function `int sum_to_n(int n)` that returns 1 + 2 + ... + n for 0 <= n <= 10000 "
                  "(sum_to_n(0) is 0). Do not write a main function.",
        "entry_point": "sum_to_n",
        "solution": "int sum_to_n(int n) {\n    return n <= 0 ? 0 : n + sum_to_n(n - 1);\n}\n",
        "test_code": c_harness(r'''
    CHECK(sum_to_n(0) == 0);
    CHECK(sum_to_n(1) == 1);
    CHECK(sum_to_n(4) == 10);
    CHECK(sum_to_n(100) == 5050);
    CHECK(sum_to_n(10000) == 50005000);
'''),
    },
    {
        "id": "c/integer-power",
        "style": "function",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C function `long long power(int base, int exp)` that returns base raised to the "
                  "power exp, for exp >= 0 (anything to the power 0 is 1); the result always fits in a long "
                  "long. Do not write a main function.",
        "entry_point": "power",
        "solution": "long long power(int base, int exp) {\n    if (exp == 0) return 1;\n"
                    "    return base * power(base, exp - 1);\n}\n",
        "test_code": c_harness(r'''
    CHECK(power(2, 10) == 1024);
    CHECK(power(5, 0) == 1);
    CHECK(power(0, 3) == 0);
    CHECK(power(-3, 3) == -27);
    CHECK(power(10, 18) == 1000000000000000000LL);
    CHECK(power(1, 1000) == 1);
'''),
    },
    {
        "id": "c/binomial",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C function `int binomial(int n, int k)` that returns the binomial coefficient "
                  "C(n, k), the number of ways to choose k items out of n, for 0 <= n <= 30; it returns 0 when "
                  "k < 0 or k > n. Do not write a main function.",
        "entry_point": "binomial",
        "solution": r'''int binomial(int n, int k) {
    if (k < 0 || k > n) return 0;
    long long r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return (int)r;
}
''',
        "test_code": c_harness(r'''
    CHECK(binomial(5, 2) == 10);
    CHECK(binomial(0, 0) == 1);
    CHECK(binomial(4, 5) == 0);
    CHECK(binomial(4, -1) == 0);
    CHECK(binomial(30, 15) == 155117520);
    CHECK(binomial(30, 0) == 1);
    CHECK(binomial(30, 30) == 1);
'''),
    },
    {
        "id": "c/grid-paths",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C function `long long grid_paths(int rows, int cols)` that returns the number of "
                  "paths from the top-left cell to the bottom-right cell of a grid with the given number of rows "
                  "and columns (1 to 17 each) when every step moves one cell right or one cell down. A 1 x 1 "
                  "grid has 1 path. It must finish quickly for 17 x 17. Do not write a main function.",
        "entry_point": "grid_paths",
        "solution": r'''long long grid_paths(int rows, int cols) {
    long long ways[17] = {0};
    for (int c = 0; c < cols; c++) ways[c] = 1;
    for (int r = 1; r < rows; r++)
        for (int c = 1; c < cols; c++) ways[c] += ways[c - 1];
    return ways[cols - 1];
}
''',
        "test_code": c_harness(r'''
    CHECK(grid_paths(1, 1) == 1);
    CHECK(grid_paths(2, 2) == 2);
    CHECK(grid_paths(3, 3) == 6);
    CHECK(grid_paths(1, 10) == 1);
    CHECK(grid_paths(3, 7) == 28);
    CHECK(grid_paths(17, 17) == 601080390LL);
'''),
    },
    {
        "id": "c/subset-sum-exists",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C function `int subset_sum(const int *a, int n, int target)` that returns 1 if some "
                  "subset of the n integers in a (0 <= n <= 20, values between -1000 and 1000) sums to target, "
                  "and 0 otherwise. The empty subset sums to 0. Do not write a main function.",
        "entry_point": "subset_sum",
        "solution": r'''int subset_sum(const int *a, int n, int target) {
    if (n == 0) return target == 0;
    return subset_sum(a + 1, n - 1, target - a[0]) || subset_sum(a + 1, n - 1, target);
}
''',
        "test_code": c_harness(r'''
    int a[] = {3, 34, 4, 12, 5, 2}, b[] = {-7, 3, 2}, c[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512,
                                                           1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
    CHECK(subset_sum(a, 6, 9) == 1);
    CHECK(subset_sum(a, 6, 30) == 0);
    CHECK(subset_sum(a, 0, 0) == 1);
    CHECK(subset_sum(a, 0, 5) == 0);
    CHECK(subset_sum(b, 3, -5) == 1);
    CHECK(subset_sum(c, 20, 2046) == 1);
    CHECK(subset_sum(c, 20, 2047) == 0);
'''),
    },
    {
        "id": "c/integer-partitions",
        "style": "function",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C function `long long partitions(int n)` that returns the number of ways to write n "
                  "as a sum of positive integers, ignoring order (partitions(4) is 5: 4, 3+1, 2+2, 2+1+1, "
                  "1+1+1+1), for 0 <= n <= 100; partitions(0) is 1. It must finish quickly for n = 100. Do not "
                  "write a main function.",
        "entry_point": "partitions",
        "solution": r'''long long partitions(int n) {
    long long ways[101] = {1};
    for (int part = 1; part <= n; part++)
        for (int total = part; total <= n; total++) ways[total] += ways[total - part];
    return ways[n];
}
''',
        "test_code": c_harness(r'''
    CHECK(partitions(0) == 1);
    CHECK(partitions(1) == 1);
    CHECK(partitions(4) == 5);
    CHECK(partitions(10) == 42);
    CHECK(partitions(50) == 204226LL);
    CHECK(partitions(100) == 190569292LL);
'''),
    },
]
