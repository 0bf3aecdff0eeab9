"""Extra C recursion and dynamic-programming tasks (ids c/x-...; gnu17)."""
import itertools

from tasksrc._harness import c_harness

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _combinations(stdin):
    n, k = (int(x) for x in stdin.split())
    return "".join(" ".join(str(x) for x in c) + "\n" for c in itertools.combinations(range(1, n + 1), k))


def _maze(stdin):
    lines = stdin.split("\n")
    r, c = (int(x) for x in lines[0].split())
    g = lines[1:1 + r]
    start = next((i, j) for i in range(r) for j in range(c) if g[i][j] == "S")
    seen, todo = {start}, [start]
    while todo:
        y, x = todo.pop()
        if g[y][x] == "E":
            return "YES\n"
        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
            if 0 <= ny < r and 0 <= nx < c and g[ny][nx] != "#" and (ny, nx) not in seen:
                seen.add((ny, nx))
                todo.append((ny, nx))
    return "NO\n"


def _digit_words(stdin):
    return " ".join(_WORDS[int(d)] for d in stdin.split()[0]) + "\n"


_SNAKE = "50 50\n" + "".join(
    ("S" + "." * 49 if i == 0 else
     ("." * 49 + "#" if i % 4 == 1 else "#" + "." * 49 if i % 4 == 3 else "." * 50) if i < 49 else "." * 49 + "E")
    + "\n" for i in range(50))

TASKS = [
    {
        "id": "c/x-multiply-recursive",
        "style": "function",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a recursive C function `long long multiply(long long a, int b)` that returns a * b "
                  "for -10^9 <= a <= 10^9 and 0 <= b <= 10000 using only addition and recursion (multiply(a, "
                  "0) is 0, multiply(a, b) is a + multiply(a, b - 1)). Do not write a main function.",
        "entry_point": "multiply",
        "solution": "long long multiply(long long a, int b) {\n    return b == 0 ? 0 : a + multiply(a, b - 1);\n}\n",
        "test_code": c_harness(r'''
    CHECK(multiply(3, 4) == 12);
    CHECK(multiply(7, 0) == 0);
    CHECK(multiply(0, 9) == 0);
    CHECK(multiply(-5, 3) == -15);
    CHECK(multiply(1000000000, 10000) == 10000000000000LL);
    CHECK(multiply(-1000000000, 1) == -1000000000);
'''),
        "wrong": "long long multiply(long long a, int b) { return b <= 1 ? a : a + multiply(a, b - 1); }\n",
    },
    {
        "id": "c/x-stair-ways",
        "style": "function",
        "category": "dynamic_programming",
        "difficulty": "medium",
        "prompt": "Write a C function `long long stair_ways(int n)` that returns the number of ways to climb "
                  "a staircase of n steps (0 <= n <= 50) taking 1, 2 or 3 steps at a time; the order of the "
                  "moves matters and stair_ways(0) is 1. It must be fast for n = 50. Do not write a main "
                  "function.",
        "entry_point": "stair_ways",
        "solution": r'''long long stair_ways(int n) {
    long long w[51] = {1};
    for (int i = 1; i <= n; i++) {
        w[i] = w[i - 1];
        if (i >= 2) w[i] += w[i - 2];
        if (i >= 3) w[i] += w[i - 3];
    }
    return w[n];
}
''',
        "test_code": c_harness(r'''
    CHECK(stair_ways(0) == 1);
    CHECK(stair_ways(1) == 1);
    CHECK(stair_ways(2) == 2);
    CHECK(stair_ways(3) == 4);
    CHECK(stair_ways(4) == 7);
    CHECK(stair_ways(10) == 274);
    CHECK(stair_ways(50) == 10562230626642LL);
'''),
        "wrong": "long long stair_ways(int n) { long long a = 1, b = 1; for (int i = 1; i < n; i++) { long long t = a "
                 "+ b; "
                 "a = b; b = t; } return n == 0 ? 1 : b; }\n",
    },
    {
        "id": "c/x-combinations",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C program that reads two integers n and k (1 <= k <= n <= 12) from standard input "
                  "and prints every k-element subset of {1, 2, ..., n}, one per line, each as its elements in "
                  "increasing order separated by single spaces; the lines are in lexicographic order (so for "
                  "n = 3, k = 2: `1 2`, `1 3`, `2 3`). Print nothing else.",
        "solution": r'''#include <stdio.h>
static int n, k, chosen[12];
static void choose(int depth, int next) {
    if (depth == k) {
        for (int i = 0; i < k; i++) printf(i ? " %d" : "%d", chosen[i]);
        putchar('\n');
        return;
    }
    for (int v = next; v <= n - (k - depth) + 1; v++) {
        chosen[depth] = v;
        choose(depth + 1, v + 1);
    }
}
int main(void) {
    if (scanf("%d %d", &n, &k) != 2) return 1;
    choose(0, 1);
    return 0;
}
''',
        "inputs": ["3 2\n", "1 1\n", "4 4\n", "5 1\n", "5 3\n", "12 6\n"],
        "oracle": _combinations,
    },
    {
        "id": "c/x-maze-path",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C program that reads from standard input two integers R and C (1 <= R, C <= 50) "
                  "on the first line and then R lines of exactly C characters describing a maze: `#` is a "
                  "wall, `.` is open floor, and there is exactly one `S` (start) and one `E` (exit), both "
                  "walkable. Moving one cell up, down, left or right at a time through non-wall cells and "
                  "never leaving the grid, print `YES` if E can be reached from S and `NO` otherwise, "
                  "followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
static char g[50][52];
static int R, C;
static int reach(int r, int c) {
    if (r < 0 || c < 0 || r >= R || c >= C || g[r][c] == '#' || g[r][c] == 'v') return 0;
    if (g[r][c] == 'E') return 1;
    g[r][c] = 'v';
    return reach(r + 1, c) || reach(r - 1, c) || reach(r, c + 1) || reach(r, c - 1);
}
int main(void) {
    if (scanf("%d %d", &R, &C) != 2) return 1;
    for (int i = 0; i < R; i++)
        if (scanf("%51s", g[i]) != 1) return 1;
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++)
            if (g[i][j] == 'S') {
                puts(reach(i, j) ? "YES" : "NO");
                return 0;
            }
    return 1;
}
''',
        "inputs": ["3 3\nS.#\n#.#\n#.E\n", "3 3\nS#.\n##.\n..E\n", "1 2\nSE\n", "1 3\nS#E\n",
                   "2 2\nS#\n#E\n", _SNAKE, "4 4\nE...\n###.\n....\nS###\n"],
        "oracle": _maze,
        "wrong": "#include <stdio.h>\nint main(void) { int r, c; char s[64]; scanf(\"%d %d\", &r, &c); int walls = 0; "
                 "for (int i = 0; i < r; i++) { scanf(\"%63s\", s); for (int j = 0; j < c; j++) walls += s[j] == '#'; "
                 "} "
                 "puts(walls < r * c / 2 ? \"YES\" : \"NO\"); return 0; }\n",
    },
    {
        "id": "c/x-ackermann",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C function `int ackermann(int m, int n)` that returns the Ackermann function A(m, "
                  "n) for 0 <= m <= 3 and 0 <= n <= 6, defined by A(0, n) = n + 1, A(m, 0) = A(m - 1, 1) for "
                  "m > 0, and A(m, n) = A(m - 1, A(m, n - 1)) for m > 0 and n > 0. Do not write a main "
                  "function.",
        "entry_point": "ackermann",
        "solution": r'''int ackermann(int m, int n) {
    if (m == 0) return n + 1;
    if (n == 0) return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}
''',
        "test_code": c_harness(r'''
    CHECK(ackermann(0, 0) == 1);
    CHECK(ackermann(0, 6) == 7);
    CHECK(ackermann(1, 0) == 2);
    CHECK(ackermann(1, 2) == 4);
    CHECK(ackermann(2, 3) == 9);
    CHECK(ackermann(3, 0) == 5);
    CHECK(ackermann(3, 3) == 61);
    CHECK(ackermann(3, 6) == 509);
'''),
        "wrong": "int ackermann(int m, int n) { if (m == 0) return n + 1; if (n == 0) return ackermann(m - 1, 1); "
                 "return ackermann(m - 1, n - 1) + 1; }\n",
    },
    {
        "id": "c/x-digits-in-words",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C program that reads a non-negative integer n (0 <= n <= 2000000000) from standard "
                  "input and prints its decimal digits as English words (zero, one, two, three, four, five, "
                  "six, seven, eight, nine), from the most significant digit, separated by single spaces, "
                  "followed by a newline: 305 prints `three zero five`. Print nothing else.",
        "solution": r'''#include <stdio.h>
static const char *words[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
static void say(long n) {
    if (n >= 10) {
        say(n / 10);
        putchar(' ');
    }
    fputs(words[n % 10], stdout);
}
int main(void) {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    say(n);
    putchar('\n');
    return 0;
}
''',
        "inputs": ["305\n", "0\n", "7\n", "2000000000\n", "1234567890\n"],
        "oracle": _digit_words,
        "wrong": "#include <stdio.h>\nstatic const char *w[] = {\"zero\", \"one\", \"two\", \"three\", \"four\", "
                 "\"five\", \"six\", "
                 "\"seven\", \"eight\", \"nine\"};\nint main(void) { long n; scanf(\"%ld\", &n); while (n > 0) { "
                 "printf(\"%s \", "
                 "w[n % 10]); n /= 10; } putchar('\\n'); return 0; }\n",
    },
    {
        "id": "c/x-coin-change-ways",
        "style": "function",
        "category": "dynamic_programming",
        "difficulty": "hard",
        "prompt": "Write a C function `long long count_change(int amount, const int *coins, int ncoins)` that "
                  "returns the number of different ways to make amount (0 <= amount <= 10000) from an "
                  "unlimited supply of the ncoins distinct positive coin values coins[0..ncoins-1] (1 <= "
                  "ncoins <= 20, values <= 10000). Order does not matter (1+2 and 2+1 are the same way), and "
                  "there is exactly 1 way to make 0. The result fits in a 64-bit signed integer. Do not write "
                  "a main function.",
        "entry_point": "count_change",
        "solution": r'''#include <stdlib.h>
long long count_change(int amount, const int *coins, int ncoins) {
    long long *ways = calloc((size_t)amount + 1, sizeof *ways);
    if (!ways) return -1;
    ways[0] = 1;
    for (int c = 0; c < ncoins; c++)
        for (int a = coins[c]; a <= amount; a++) ways[a] += ways[a - coins[c]];
    long long result = ways[amount];
    free(ways);
    return result;
}
''',
        "test_code": c_harness(r'''
    int us[] = {1, 5, 10, 25, 50};
    int two[] = {2, 3};
    int big[] = {7};
    int euro[] = {1, 2, 5, 10, 20, 50, 100, 200};
    CHECK(count_change(0, us, 5) == 1);
    CHECK(count_change(11, us, 5) == 4);
    CHECK(count_change(100, us, 5) == 292);
    CHECK(count_change(1, two, 2) == 0);
    CHECK(count_change(7, two, 2) == 1);
    CHECK(count_change(10000, big, 1) == 0);
    CHECK(count_change(200, euro, 8) == 73682);
    CHECK(count_change(10000, us, 5) == 6794128501LL);
'''),
        "wrong": "long long count_change(int amount, const int *coins, int ncoins) { if (amount == 0) return 1; if "
                 "(amount < 0) "
                 "return 0; long long s = 0; for (int c = 0; c < ncoins; c++) if (amount < 60) s += "
                 "count_change(amount - coins[c], "
                 "coins, ncoins); return s; }\n",
    },
]
