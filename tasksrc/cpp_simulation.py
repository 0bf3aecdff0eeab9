"""C++ simulation tasks (g++ -std=c++17): step a small system and report its state."""

from tasksrc._cpp_harness import cpp_harness as _harness


def _countdown(stdin):
    n = int(stdin.split()[0])
    return "".join(f"{i}\n" for i in range(n, -1, -1))


def _life(stdin):
    lines = stdin.split("\n")
    r, c = (int(x) for x in lines[0].split())
    g = [lines[1 + i] for i in range(r)]
    out = []
    for i in range(r):
        row = []
        for j in range(c):
            n = sum(1 for di in (-1, 0, 1) for dj in (-1, 0, 1) if (di or dj) and 0 <= i + di < r
                    and 0 <= j + dj < c and g[i + di][j + dj] == "#")
            alive = g[i][j] == "#"
            row.append("#" if (alive and n in (2, 3)) or (not alive and n == 3) else ".")
        out.append("".join(row))
    return "".join(x + "\n" for x in out)


def _bank(stdin):
    lines = stdin.split("\n")
    bal = int(lines[0].split()[0])
    n = int(lines[0].split()[1])
    out = []
    for line in lines[1:1 + n]:
        op, amount = line.split()
        amount = int(amount)
        if op == "deposit":
            bal += amount
            out.append(str(bal))
        elif amount > bal:
            out.append("INSUFFICIENT")
        else:
            bal -= amount
            out.append(str(bal))
    return "".join(x + "\n" for x in out)


TASKS = [
    {
        "id": "cpp/countdown",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads an integer n (0 <= n <= 1000) from standard input and "
                  "prints the numbers n, n-1, ..., 1, 0, one per line. Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    for (int i = n; i >= 0; i--) std::cout << i << "\n";
    return 0;
}
''',
        "inputs": ["3\n", "0\n", "1\n", "1000\n"],
        "oracle": _countdown,
        "wrong": "#include <iostream>\nint main() { int n; std::cin >> n; for (int i = n; i > 0; i--) "
                 "std::cout << i << \"\\n\"; }\n",
    },
    {
        "id": "cpp/robot-distance",
        "style": "function",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int robot_distance(const std::string& moves)` for a robot that "
                  "starts at (0, 0) and follows moves, a string of the letters U, D, L, R (up, down, left, "
                  "right; one unit each). Return the Manhattan distance |x| + |y| of its final position from "
                  "the start. An empty string gives 0. Include the headers you need. Do not write a main "
                  "function.",
        "entry_point": "robot_distance",
        "solution": r'''#include <string>
int robot_distance(const std::string& moves) {
    int x = 0, y = 0;
    for (char m : moves) {
        if (m == 'U') y++;
        else if (m == 'D') y--;
        else if (m == 'L') x--;
        else if (m == 'R') x++;
    }
    return (x < 0 ? -x : x) + (y < 0 ? -y : y);
}
''',
        "test_code": _harness(r'''    CHECK(robot_distance("UURDL") == 1);
    CHECK(robot_distance("") == 0);
    CHECK(robot_distance("UDLR") == 0);
    CHECK(robot_distance("LLLL") == 4);
    CHECK(robot_distance("DDRR") == 4);
    CHECK(robot_distance("ULULDD") == 2);
'''),
        "wrong": "#include <string>\nint robot_distance(const std::string& m) { return (int)m.size(); }\n",
    },
    {
        "id": "cpp/game-of-life-step",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "hard",
        "prompt": "Write a C++ program that performs one step of Conway's Game of Life on a finite grid. It "
                  "reads from standard input two integers R and C (1 <= R, C <= 50) on the first line, then R "
                  "lines of exactly C characters, `#` for a live cell and `.` for a dead one. Cells outside "
                  "the grid are dead (no wrap-around). A live cell with 2 or 3 live neighbours (of its 8) "
                  "stays alive, a dead cell with exactly 3 live neighbours becomes alive, every other cell is "
                  "dead after the step. Print the new grid as R lines of C characters. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
#include <vector>
int main() {
    int r = 0, c = 0;
    std::cin >> r >> c;
    std::vector<std::string> g(r);
    for (auto &row : g) std::cin >> row;
    for (int i = 0; i < r; i++) {
        std::string out(c, '.');
        for (int j = 0; j < c; j++) {
            int n = 0;
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++) {
                    if (di == 0 && dj == 0) continue;
                    int y = i + di, x = j + dj;
                    if (y >= 0 && y < r && x >= 0 && x < c && g[y][x] == '#') n++;
                }
            bool alive = g[i][j] == '#';
            if ((alive && (n == 2 || n == 3)) || (!alive && n == 3)) out[j] = '#';
        }
        std::cout << out << "\n";
    }
    return 0;
}
''',
        "inputs": ["3 3\n.#.\n.#.\n.#.\n", "1 1\n#\n", "2 2\n##\n##\n", "4 5\n.....\n..#..\n...#.\n.###.\n",
                   "3 4\n####\n####\n####\n"],
        "oracle": _life,
        "wrong": "#include <iostream>\n#include <string>\n#include <vector>\nint main() { int r, c; std::cin >> r >> "
                 "c; "
                 "std::vector<std::string> g(r); for (auto &x : g) std::cin >> x; for (int i = 0; i < r; i++) "
                 "{ for (int j = 0; j < c; j++) { int n = 0; for (int d = -1; d <= 1; d += 2) { "
                 "if (i + d >= 0 && i + d < r && g[i + d][j] == '#') n++; if (j + d >= 0 && j + d < c && g[i][j + d] "
                 "== '#') n++; } "
                 "bool a = g[i][j] == '#'; std::cout << (((a && (n == 2 || n == 3)) || (!a && n == 3)) ? '#' : '.'); } "
                 "std::cout << \"\\n\"; } }\n",
    },
    {
        "id": "cpp/bank-account",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C++ program that simulates a bank account. It reads from standard input the "
                  "starting balance B (0 <= B <= 10^9) and the number of operations n (0 <= n <= 1000) on the "
                  "first line, then n lines `deposit X` or `withdraw X` with 1 <= X <= 10^9. A deposit adds "
                  "X; a withdrawal subtracts X only if X is at most the current balance, otherwise the "
                  "balance is unchanged and the operation is rejected. After each operation print one line: "
                  "the new balance, or `INSUFFICIENT` for a rejected withdrawal. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    long long balance = 0;
    int n = 0;
    std::cin >> balance >> n;
    for (int i = 0; i < n; i++) {
        std::string op;
        long long x = 0;
        std::cin >> op >> x;
        if (op == "deposit") {
            balance += x;
        } else if (x > balance) {
            std::cout << "INSUFFICIENT\n";
            continue;
        } else {
            balance -= x;
        }
        std::cout << balance << "\n";
    }
    return 0;
}
''',
        "inputs": ["100 3\ndeposit 50\nwithdraw 30\nwithdraw 500\n", "0 1\nwithdraw 1\n",
                   "10 2\nwithdraw 10\nwithdraw 1\n", "1000000000 2\ndeposit 1000000000\ndeposit 1000000000\n",
                   "5 0\n"],
        "oracle": _bank,
        "wrong": "#include <iostream>\n#include <string>\nint main() { long long b; int n; std::cin >> b >> n; while "
                 "(n--) "
                 "{ std::string o; long long x; std::cin >> o >> x; if (o == \"deposit\") b += x; else b -= x; "
                 "std::cout << b << \"\\n\"; } }\n",
    },
    {
        "id": "cpp/josephus",
        "style": "function",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C++ function `int josephus(int n, int k)` for n people standing in a circle, "
                  "numbered 1 to n (1 <= n <= 10000, 1 <= k <= 10000). Starting the count at person 1, every "
                  "k-th person still in the circle is removed (counting continues from the next person); "
                  "return the number of the last person remaining. Do not write a main function.",
        "entry_point": "josephus",
        "solution": r'''int josephus(int n, int k) {
    int survivor = 0;  // 0-based survivor for a circle of size i
    for (int i = 2; i <= n; i++) survivor = (survivor + k) % i;
    return survivor + 1;
}
''',
        "test_code": _harness(r'''    CHECK(josephus(1, 1) == 1);
    CHECK(josephus(1, 5) == 1);
    CHECK(josephus(5, 2) == 3);
    CHECK(josephus(7, 3) == 4);
    CHECK(josephus(6, 1) == 6);
    CHECK(josephus(10000, 10000) == 2019);
'''),
        "wrong": "int josephus(int n, int k) { return (k % n) + 1; }\n",
    },
    {
        "id": "cpp/clock-add-minutes",
        "style": "function",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::string add_minutes(const std::string& hhmm, int minutes)` that "
                  "takes a 24-hour clock time \"HH:MM\" (00:00 to 23:59) and a number of minutes (0 <= "
                  "minutes <= 10^9) and returns the clock time that many minutes later, in the same "
                  "\"HH:MM\" format with two digits each (wrapping past midnight). Include the headers you "
                  "need. Do not write a main function.",
        "entry_point": "add_minutes",
        "solution": r'''#include <string>
std::string add_minutes(const std::string& hhmm, int minutes) {
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
    int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    long long t = (h * 60LL + m + minutes) % (24 * 60);
    int nh = (int)(t / 60), nm = (int)(t % 60);
    std::string out = "00:00";
    out[0] = char('0' + nh / 10);
    out[1] = char('0' + nh % 10);
    out[3] = char('0' + nm / 10);
    out[4] = char('0' + nm % 10);
    return out;
}
''',
        "test_code": _harness(r'''    CHECK(add_minutes("10:15", 30) == "10:45");
    CHECK(add_minutes("23:59", 1) == "00:00");
    CHECK(add_minutes("00:00", 0) == "00:00");
    CHECK(add_minutes("09:50", 15) == "10:05");
    CHECK(add_minutes("12:00", 1440) == "12:00");
    CHECK(add_minutes("00:00", 1000000000) == "10:40");
'''),
        "wrong": "#include <string>\nstd::string add_minutes(const std::string& t, int minutes) { int h = "
                 "std::stoi(t.substr(0, 2)); "
                 "int m = std::stoi(t.substr(3, 2)) + minutes; h = (h + m / 60) % 24; m %= 60; "
                 "return std::to_string(h) + \":\" + std::to_string(m); }\n",
    },
]
