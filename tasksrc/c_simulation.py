"""C tasks: step-by-step simulations."""

from tasksrc._harness import c_harness


def _fizzbuzz(stdin):
    out = []
    for i in range(1, int(stdin) + 1):
        out.append("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i))
    return "".join(line + "\n" for line in out)


def _collatz_steps(stdin):
    n, steps = int(stdin), 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return f"{steps}\n"


def _bank(stdin):
    lines = stdin.split("\n")
    balance, rejected = 0, 0
    for line in lines[1:1 + int(lines[0])]:
        op, amount = line.split()
        if op == "D":
            balance += int(amount)
        elif int(amount) <= balance:
            balance -= int(amount)
        else:
            rejected += 1
    return f"{balance} {rejected}\n"


def _robot(stdin):
    x = y = 0
    for c in stdin.split("\n", 1)[0]:
        dx, dy = {"U": (0, 1), "D": (0, -1), "L": (-1, 0), "R": (1, 0)}[c]
        x, y = x + dx, y + dy
    return f"{x} {y}\n"


def _life(stdin):
    lines = stdin.split("\n")
    rows, cols, gens = (int(v) for v in lines[0].split())
    grid = [list(lines[1 + r]) for r in range(rows)]
    for _ in range(gens):
        new = [["."] * cols for _ in range(rows)]
        for r in range(rows):
            for c in range(cols):
                alive = sum(grid[rr][cc] == "#" for rr in range(r - 1, r + 2) for cc in range(c - 1, c + 2)
                            if (rr, cc) != (r, c) and 0 <= rr < rows and 0 <= cc < cols)
                if alive == 3 or (alive == 2 and grid[r][c] == "#"):
                    new[r][c] = "#"
        grid = new
    return "".join("".join(row) + "\n" for row in grid)


def _langton_black(steps):
    black, x, y, d = set(), 0, 0, 0  # d: 0 up, 1 right, 2 down, 3 left
    for _ in range(steps):
        if (x, y) in black:
            d = (d + 3) % 4
            black.remove((x, y))
        else:
            d = (d + 1) % 4
            black.add((x, y))
        x, y = x + [0, 1, 0, -1][d], y + [1, 0, -1, 0][d]
    return len(black)


TASKS = [
    {
        "id": "c/fizzbuzz",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) from standard input and prints the "
                  "numbers from 1 to n, one per line, except that multiples of 3 are printed as Fizz, multiples "
                  "of 5 as Buzz, and multiples of both 3 and 5 as FizzBuzz. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 1; i <= n; i++) {
        if (i % 15 == 0) printf("FizzBuzz\n");
        else if (i % 3 == 0) printf("Fizz\n");
        else if (i % 5 == 0) printf("Buzz\n");
        else printf("%d\n", i);
    }
    return 0;
}
''',
        "inputs": ["15\n", "1\n", "5\n", "100\n"],
        "oracle": _fizzbuzz,
    },
    {
        "id": "c/countdown",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (0 <= n <= 100) from standard input and prints the "
                  "numbers n, n-1, ..., 1, 0, one per line. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = n; i >= 0; i--) printf("%d\n", i);
    return 0;
}
''',
        "inputs": ["3\n", "0\n", "1\n", "100\n"],
        "oracle": lambda s: "".join(f"{i}\n" for i in range(int(s), -1, -1)),
    },
    {
        "id": "c/robot-walk",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads one line of moves from standard input (at most 1000 characters, "
                  "each one of U, D, L, R, possibly an empty line). A robot starts at x = 0, y = 0; U adds 1 to "
                  "y, D subtracts 1 from y, R adds 1 to x and L subtracts 1 from x. Print the final x and y "
                  "separated by a single space, followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int c, x = 0, y = 0;
    while ((c = getchar()) != EOF && c != '\n') {
        if (c == 'U') y++;
        else if (c == 'D') y--;
        else if (c == 'R') x++;
        else if (c == 'L') x--;
    }
    printf("%d %d\n", x, y);
    return 0;
}
''',
        "inputs": ["UURDL\n", "\n", "LLLL\n", "UDUDRLRL\n", "DDDRRR\n"],
        "oracle": _robot,
    },
    {
        "id": "c/collatz-steps",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 1000000) from standard input and prints "
                  "how many steps the Collatz process takes to reach 1, followed by a newline. One step "
                  "replaces n by n / 2 if n is even and by 3n + 1 if n is odd; n = 1 takes 0 steps. "
                  "Intermediate values can exceed 2^31. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long long n;
    int steps = 0;
    if (scanf("%lld", &n) != 1) return 1;
    while (n != 1) { n = n % 2 ? 3 * n + 1 : n / 2; steps++; }
    printf("%d\n", steps);
    return 0;
}
''',
        "inputs": ["1\n", "6\n", "27\n", "837799\n", "1000000\n"],
        "oracle": _collatz_steps,
    },
    {
        "id": "c/bank-account",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C program that simulates a bank account starting at balance 0. It reads an integer n "
                  "(0 <= n <= 1000) from standard input, then n lines, each either D x (deposit x) or W x "
                  "(withdraw x), with 1 <= x <= 1000000. A withdrawal larger than the current balance is "
                  "rejected and changes nothing. At the end print the final balance and the number of "
                  "rejected withdrawals separated by a single space, followed by a newline. Print nothing "
                  "else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, rejected = 0;
    long long balance = 0, x;
    char op;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf(" %c %lld", &op, &x) != 2) return 1;
        if (op == 'D') balance += x;
        else if (x <= balance) balance -= x;
        else rejected++;
    }
    printf("%lld %d\n", balance, rejected);
    return 0;
}
''',
        "inputs": ["3\nD 100\nW 30\nW 100\n", "0\n", "2\nW 5\nD 5\n", "4\nD 10\nW 10\nW 1\nD 1000000\n"],
        "oracle": _bank,
    },
    {
        "id": "c/game-of-life",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "hard",
        "prompt": "Write a C program that runs Conway's Game of Life. It reads three integers r, c, g "
                  "(1 <= r, c <= 30, 0 <= g <= 100) from the first line of standard input, then r lines of "
                  "exactly c characters each, '#' for a live cell and '.' for a dead cell. Cells outside the "
                  "grid are always dead. In each generation a live cell with 2 or 3 live neighbours (of its 8) "
                  "stays alive, a dead cell with exactly 3 live neighbours becomes alive, and every other cell "
                  "is dead; all cells update at the same time. Print the grid after g generations in the same "
                  "format (r lines of c characters). Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
static char grid[32][33], next[32][33];
int main(void) {
    int r, c, g;
    if (scanf("%d %d %d", &r, &c, &g) != 3) return 1;
    for (int i = 0; i < r; i++)
        if (scanf("%32s", grid[i]) != 1) return 1;
    while (g-- > 0) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                int alive = 0;
                for (int di = -1; di <= 1; di++)
                    for (int dj = -1; dj <= 1; dj++) {
                        int y = i + di, x = j + dj;
                        if ((di || dj) && y >= 0 && y < r && x >= 0 && x < c && grid[y][x] == '#') alive++;
                    }
                next[i][j] = (alive == 3 || (alive == 2 && grid[i][j] == '#')) ? '#' : '.';
            }
            next[i][c] = 0;
        }
        memcpy(grid, next, sizeof grid);
    }
    for (int i = 0; i < r; i++) printf("%s\n", grid[i]);
    return 0;
}
''',
        "inputs": ["5 5 1\n.....\n..#..\n..#..\n..#..\n.....\n",
                   "5 5 2\n.....\n..#..\n..#..\n..#..\n.....\n",
                   "1 1 5\n#\n",
                   "6 6 4\n.#....\n..#...\n###...\n......\n......\n......\n",
                   "4 4 0\n##..\n##..\n....\n...#\n",
                   "3 3 1\n###\n###\n###\n"],
        "oracle": _life,
    },
    {
        "id": "c/josephus",
        "style": "function",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C function `int josephus(int n, int k)` for the Josephus game: n people numbered 1 to "
                  "n stand in a circle; counting starts at person 1, and every k-th person counted is removed "
                  "(counting continues with the next person still in the circle) until one remains. Return the "
                  "number of the survivor. 1 <= n <= 100000, 1 <= k <= 100000. Do not write a main function.",
        "entry_point": "josephus",
        "solution": r'''int josephus(int n, int k) {
    int survivor = 0;  /* 0-based position of the survivor among i people */
    for (int i = 2; i <= n; i++) survivor = (survivor + k) % i;
    return survivor + 1;
}
''',
        "test_code": c_harness(r'''
    CHECK(josephus(1, 5) == 1);
    CHECK(josephus(7, 3) == 4);
    CHECK(josephus(5, 2) == 3);
    CHECK(josephus(6, 1) == 6);
    CHECK(josephus(41, 3) == 31);
    CHECK(josephus(100000, 2) == 68929);
'''),
    },
    {
        "id": "c/elevator-travel",
        "style": "function",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C function `int elevator_travel(int start, const int *stops, int n)` that returns the "
                  "total number of floors an elevator travels when it starts at floor start and visits the n "
                  "floors in stops in order (moving from floor a to floor b travels |a - b| floors). n may be "
                  "0. Do not write a main function.",
        "entry_point": "elevator_travel",
        "solution": r'''int elevator_travel(int start, const int *stops, int n) {
    int total = 0, at = start;
    for (int i = 0; i < n; i++) {
        total += stops[i] > at ? stops[i] - at : at - stops[i];
        at = stops[i];
    }
    return total;
}
''',
        "test_code": c_harness(r'''
    int a[] = {5, 2, 8}, b[] = {3}, c[] = {-2, 2};
    CHECK(elevator_travel(0, a, 3) == 14);
    CHECK(elevator_travel(3, b, 1) == 0);
    CHECK(elevator_travel(7, a, 0) == 0);
    CHECK(elevator_travel(0, c, 2) == 6);
'''),
    },
    {
        "id": "c/stairs-walk",
        "style": "function",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C function `int final_step(const char *moves)` for a walker on a staircase who starts "
                  "on step 0: each 'U' in moves goes up one step, each 'D' goes down one step except on step 0, "
                  "where it does nothing; other characters are ignored. Return the final step. Do not write a "
                  "main function.",
        "entry_point": "final_step",
        "solution": r'''int final_step(const char *moves) {
    int step = 0;
    for (; *moves; moves++) {
        if (*moves == 'U') step++;
        else if (*moves == 'D' && step > 0) step--;
    }
    return step;
}
''',
        "test_code": c_harness(r'''
    CHECK(final_step("UUU") == 3);
    CHECK(final_step("") == 0);
    CHECK(final_step("DDU") == 1);
    CHECK(final_step("UDUDUUD") == 1);
    CHECK(final_step("UxU D") == 1);
'''),
        "wrong": "int final_step(const char *moves) {\n    int step = 0;\n    for (; *moves; moves++)\n"
                 "        step += *moves == 'U' ? 1 : *moves == 'D' ? -1 : 0;\n    return step;\n}\n",
    },
    {
        "id": "c/langtons-ant",
        "style": "function",
        "category": "simulation",
        "difficulty": "hard",
        "prompt": "Write a C function `int langton_black_cells(int steps)` that simulates Langton's ant on an "
                  "infinite grid of white cells and returns the number of black cells after the given number of "
                  "steps (0 <= steps <= 11000). The ant starts facing up. In each step: on a white cell the ant "
                  "turns 90 degrees clockwise, on a black cell 90 degrees counter-clockwise; then it flips the "
                  "colour of the cell it is on and moves forward one cell. Do not write a main function.",
        "entry_point": "langton_black_cells",
        "solution": r'''#define SIZE 401
static unsigned char cells[SIZE][SIZE];
int langton_black_cells(int steps) {
    static const int dx[] = {0, 1, 0, -1}, dy[] = {-1, 0, 1, 0};
    int x = SIZE / 2, y = SIZE / 2, dir = 0, black = 0;
    for (int i = 0; i < SIZE; i++)
        for (int j = 0; j < SIZE; j++) cells[i][j] = 0;
    for (int s = 0; s < steps; s++) {
        if (cells[y][x]) { dir = (dir + 3) % 4; cells[y][x] = 0; black--; }
        else { dir = (dir + 1) % 4; cells[y][x] = 1; black++; }
        x += dx[dir];
        y += dy[dir];
    }
    return black;
}
''',
        "test_code": c_harness(r'''
    CHECK(langton_black_cells(0) == 0);
    CHECK(langton_black_cells(1) == 1);
    CHECK(langton_black_cells(4) == 4);
    CHECK(langton_black_cells(5) == 3);
    CHECK(langton_black_cells(100) == LANGTON_100);
    CHECK(langton_black_cells(11000) == LANGTON_11000);
    CHECK(langton_black_cells(1) == 1);
'''.replace("LANGTON_100", str(_langton_black(100))).replace("LANGTON_11000", str(_langton_black(11000)))),
    },
]
