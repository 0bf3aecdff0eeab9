"""C++ recursion tasks (g++ -std=c++17)."""
import itertools
import math

from tasksrc._cpp_harness import cpp_harness as _harness


def _hanoi(stdin):
    n = int(stdin.split()[0])
    moves = []

    def go(k, src, dst, via):
        if k == 0:
            return
        go(k - 1, src, via, dst)
        moves.append(f"{src} {dst}")
        go(k - 1, via, dst, src)

    go(n, 1, 3, 2)
    return "".join(m + "\n" for m in moves)


def _perms(stdin):
    s = stdin.split()[0]
    return "".join("".join(p) + "\n" for p in sorted(set(itertools.permutations(s))))


def _parens(stdin):
    n = int(stdin.split()[0])

    def gen(prefix, opened, closed):
        if len(prefix) == 2 * n:
            return [prefix]
        return ((gen(prefix + "(", opened + 1, closed) if opened < n else [])
                + (gen(prefix + ")", opened, closed + 1) if closed < opened else []))

    return "".join(x + "\n" for x in sorted(gen("", 0, 0)))


def _components(stdin):
    lines = stdin.split("\n")
    r, c = (int(x) for x in lines[0].split())
    grid = [list(lines[1 + i]) for i in range(r)]
    seen = set()
    count = 0
    for i in range(r):
        for j in range(c):
            if grid[i][j] == "#" and (i, j) not in seen:
                count += 1
                todo = [(i, j)]
                seen.add((i, j))
                while todo:
                    y, x = todo.pop()
                    for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                        ny, nx = y + dy, x + dx
                        if 0 <= ny < r and 0 <= nx < c and grid[ny][nx] == "#" and (ny, nx) not in seen:
                            seen.add((ny, nx))
                            todo.append((ny, nx))
    return f"{count}\n"


_BIG_GRID = "50 50\n" + "".join(("#." * 25 if i % 2 == 0 else "." * 50) + "\n" for i in range(50))
_FULL_GRID = "50 50\n" + ("#" * 50 + "\n") * 50

TASKS = [
    {
        "id": "cpp/towers-of-hanoi",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 10) from standard input and prints "
                  "the moves that solve the Towers of Hanoi puzzle for n disks, moving the whole stack from "
                  "peg 1 to peg 3 using peg 2, with the standard recursive method (move n-1 disks from the "
                  "source to the spare peg, move the largest disk, move the n-1 disks onto it). Print each "
                  "move on its own line as two numbers `from to` separated by a space (2^n - 1 lines). Print "
                  "nothing else.",
        "solution": r'''#include <cstdio>
static void hanoi(int n, int from, int to, int via) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to);
    printf("%d %d\n", from, to);
    hanoi(n - 1, via, to, from);
}
int main() {
    int n = 0;
    if (scanf("%d", &n) != 1) return 0;
    hanoi(n, 1, 3, 2);
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "10\n"],
        "oracle": _hanoi,
    },
    {
        "id": "cpp/string-permutations",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads one word of 1 to 7 distinct lowercase letters from standard "
                  "input and prints every permutation of its letters, one per line, in lexicographic "
                  "(dictionary) order. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
static void permute(const std::string& prefix, const std::string& rest) {
    if (rest.empty()) {
        std::cout << prefix << "\n";
        return;
    }
    for (std::size_t i = 0; i < rest.size(); i++)
        permute(prefix + rest[i], rest.substr(0, i) + rest.substr(i + 1));
}
int main() {
    std::string w;
    std::cin >> w;
    std::string sorted = w;
    for (std::size_t i = 1; i < sorted.size(); i++)
        for (std::size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) std::swap(sorted[j - 1], sorted[j]);
    permute("", sorted);
    return 0;
}
''',
        "inputs": ["abc\n", "a\n", "ba\n", "dcab\n", "gfedcba\n"],
        "oracle": _perms,
        "wrong": "#include <iostream>\n#include <string>\nvoid p(std::string a, std::string r) { if (r.empty()) "
                 "{ std::cout << a << \"\\n\"; return; } for (std::size_t i = 0; i < r.size(); i++) p(a + r[i], "
                 "r.substr(0, i) + r.substr(i + 1)); }\nint main() { std::string w; std::cin >> w; p(\"\", w); }\n",
    },
    {
        "id": "cpp/power-recursive",
        "style": "function",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C++ function `long long power(long long base, int exp)` that returns base raised "
                  "to the power exp, for exp >= 0 (power(x, 0) is 1, including x = 0), where the result fits "
                  "in a 64-bit signed integer; base may be negative. Do not write a main function.",
        "entry_point": "power",
        "solution": r'''long long power(long long base, int exp) {
    if (exp == 0) return 1;
    long long half = power(base, exp / 2);
    return (exp % 2 == 0) ? half * half : half * half * base;
}
''',
        "test_code": _harness(r'''    CHECK(power(2, 10) == 1024);
    CHECK(power(5, 0) == 1);
    CHECK(power(0, 0) == 1);
    CHECK(power(0, 3) == 0);
    CHECK(power(-3, 3) == -27);
    CHECK(power(-2, 4) == 16);
    CHECK(power(2, 62) == 4611686018427387904LL);
'''),
        "wrong": "long long power(long long base, int exp) { long long r = base; for (int i = 1; i < exp; i++) "
                 "r *= base; return r; }\n",
    },
    {
        "id": "cpp/grid-paths",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C++ function `long long grid_paths(int rows, int cols)` that returns the number of "
                  "paths from the top-left cell to the bottom-right cell of a grid with the given number of "
                  "rows and columns (1 <= rows, cols <= 17), moving only one cell right or one cell down at "
                  "a time. A 1x1 grid has exactly 1 path. Do not write a main function.",
        "entry_point": "grid_paths",
        "solution": r'''long long grid_paths(int rows, int cols) {
    static long long memo[18][18];
    if (rows == 1 || cols == 1) return 1;
    long long &m = memo[rows][cols];
    if (m == 0) m = grid_paths(rows - 1, cols) + grid_paths(rows, cols - 1);
    return m;
}
''',
        "test_code": _harness(r'''    CHECK(grid_paths(1, 1) == 1);
    CHECK(grid_paths(2, 2) == 2);
    CHECK(grid_paths(3, 3) == 6);
    CHECK(grid_paths(1, 17) == 1);
    CHECK(grid_paths(3, 7) == 28);
    CHECK(grid_paths(17, 17) == 601080390LL);
'''),
        "wrong": "long long grid_paths(int rows, int cols) { return (long long)rows * cols - 1; }\n",
    },
    {
        "id": "cpp/count-islands",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads from standard input two integers R and C (1 <= R, C <= 50) "
                  "on the first line, then R lines of exactly C characters each, every character `#` (land) "
                  "or `.` (water). Print the number of islands followed by a newline, where an island is a "
                  "maximal group of land cells connected horizontally or vertically (not diagonally). Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
#include <string>
#include <vector>
static std::vector<std::string> grid;
static int R = 0, C = 0;
static void sink(int r, int c) {
    if (r < 0 || c < 0 || r >= R || c >= C || grid[r][c] != '#') return;
    grid[r][c] = '.';
    sink(r + 1, c);
    sink(r - 1, c);
    sink(r, c + 1);
    sink(r, c - 1);
}
int main() {
    std::cin >> R >> C;
    grid.resize(R);
    for (auto &row : grid) std::cin >> row;
    int islands = 0;
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++)
            if (grid[r][c] == '#') {
                islands++;
                sink(r, c);
            }
    std::cout << islands << "\n";
    return 0;
}
''',
        "inputs": ["4 5\n##..#\n#...#\n..#..\n.....\n", "1 1\n.\n", "1 1\n#\n", "3 3\n#.#\n.#.\n#.#\n",
                   "2 4\n####\n#..#\n", _BIG_GRID, _FULL_GRID],
        "oracle": _components,
        "wrong": "#include <iostream>\n#include <string>\nint main() { int r, c; std::cin >> r >> c; int n = 0; "
                 "for (int i = 0; i < r; i++) { std::string s; std::cin >> s; for (char ch : s) if (ch == '#') n++; } "
                 "std::cout << n << \"\\n\"; }\n",
    },
    {
        "id": "cpp/balanced-parentheses",
        "style": "stdio",
        "category": "recursion",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 6) from standard input and prints "
                  "every string of n pairs of correctly balanced parentheses `(` and `)`, one per line, in "
                  "lexicographic order where `(` comes before `)` (so for n = 2: `(())` then `()()`). Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
#include <string>
static void gen(std::string& cur, int open, int close, int n) {
    if ((int)cur.size() == 2 * n) {
        std::cout << cur << "\n";
        return;
    }
    if (open < n) {
        cur.push_back('(');
        gen(cur, open + 1, close, n);
        cur.pop_back();
    }
    if (close < open) {
        cur.push_back(')');
        gen(cur, open, close + 1, n);
        cur.pop_back();
    }
}
int main() {
    int n = 1;
    std::cin >> n;
    std::string cur;
    gen(cur, 0, 0, n);
    return 0;
}
''',
        "inputs": ["1\n", "2\n", "3\n", "6\n"],
        "oracle": _parens,
    },
    {
        "id": "cpp/tribonacci",
        "style": "function",
        "category": "recursion",
        "difficulty": "easy",
        "prompt": "Write a C++ function `long long trib(int n)` that returns the n-th Tribonacci number for "
                  "0 <= n <= 70, where trib(0) = 0, trib(1) = 0, trib(2) = 1 and trib(n) = trib(n-1) + "
                  "trib(n-2) + trib(n-3). It must be fast for n = 70. Do not write a main function.",
        "entry_point": "trib",
        "solution": r'''long long trib(int n) {
    long long a = 0, b = 0, c = 1;
    if (n < 2) return 0;
    for (int i = 2; i < n; i++) {
        long long d = a + b + c;
        a = b;
        b = c;
        c = d;
    }
    return c;
}
''',
        "test_code": _harness(r'''    CHECK(trib(0) == 0);
    CHECK(trib(1) == 0);
    CHECK(trib(2) == 1);
    CHECK(trib(3) == 1);
    CHECK(trib(4) == 2);
    CHECK(trib(10) == 81);
    CHECK(trib(70) == 612979045863284359LL);
'''),
        "wrong": "long long trib(int n) { long long a = 0, b = 1, c = 1; for (int i = 0; i < n; i++) { long long d = "
                 "a + b + c; a = b; b = c; c = d; } return a; }\n",
    },
    {
        "id": "cpp/binary-search",
        "style": "function",
        "category": "recursion",
        "difficulty": "medium",
        "prompt": "Write a C++ function `int find_index(const std::vector<int>& v, int x)` that returns the "
                  "index of x in v, or -1 if x does not occur. v is sorted in strictly increasing order and "
                  "may hold up to 1000000 elements, so use binary search (recursive or iterative). Include "
                  "the headers you need. Do not write a main function.",
        "entry_point": "find_index",
        "solution": r'''#include <vector>
static int search(const std::vector<int>& v, int x, int lo, int hi) {
    if (lo > hi) return -1;
    int mid = lo + (hi - lo) / 2;
    if (v[mid] == x) return mid;
    return v[mid] < x ? search(v, x, mid + 1, hi) : search(v, x, lo, mid - 1);
}
int find_index(const std::vector<int>& v, int x) {
    return search(v, x, 0, (int)v.size() - 1);
}
''',
        "test_code": _harness(r'''    CHECK(find_index({1, 3, 5, 7, 9}, 7) == 3);
    CHECK(find_index({1, 3, 5, 7, 9}, 1) == 0);
    CHECK(find_index({1, 3, 5, 7, 9}, 9) == 4);
    CHECK(find_index({1, 3, 5, 7, 9}, 4) == -1);
    CHECK(find_index({}, 4) == -1);
    CHECK(find_index({-5}, -5) == 0);
    CHECK(find_index({-5}, 5) == -1);
    {
        std::vector<int> big(1000000);
        for (int i = 0; i < 1000000; i++) big[i] = 2 * i;
        int found = 0;
        for (int i = 0; i < 200000; i++) found += find_index(big, 2 * (i * 5)) == i * 5;
        CHECK(found == 200000);
        CHECK(find_index(big, 1999999) == -1);
    }
'''),
        "wrong": "#include <vector>\nint find_index(const std::vector<int>& v, int x) { int lo = 0, hi = "
                 "(int)v.size(); "
                 "while (lo < hi) { int m = (lo + hi) / 2; if (v[m] < x) lo = m + 1; else hi = m; } return lo; }\n",
    },
]
