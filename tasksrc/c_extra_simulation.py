"""Extra C simulation and data-structure tasks (ids c/x-...; gnu17)."""
import heapq

from tasksrc._harness import c_harness


def _light(stdin):
    t = int(stdin.split()[0]) % 60
    return "GREEN\n" if t < 30 else "YELLOW\n" if t < 35 else "RED\n"


def _change(stdin):
    price, paid = (int(x) for x in stdin.split())
    if paid < price:
        return "NOT ENOUGH\n"
    rest, out = paid - price, []
    for coin in (25, 10, 5, 1):
        out.append(f"{coin}:{rest // coin}")
        rest %= coin
    return " ".join(out) + "\n"


def _heap_ops(stdin):
    lines = stdin.split("\n")
    h, out = [], []
    for line in lines[1:1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "add":
            heapq.heappush(h, int(parts[1]))
        else:
            out.append(str(heapq.heappop(h)) if h else "EMPTY")
    return "".join(x + "\n" for x in out)


def _parking(stdin):
    lines = stdin.split("\n")
    cap, n = (int(x) for x in lines[0].split())
    parked, out = set(), []
    for line in lines[1:1 + n]:
        op, car = line.split()
        if op == "in":
            if car in parked:
                out.append("ALREADY")
            elif len(parked) >= cap:
                out.append("FULL")
            else:
                parked.add(car)
                out.append(str(len(parked)))
        else:
            if car in parked:
                parked.remove(car)
                out.append(str(len(parked)))
            else:
                out.append("UNKNOWN")
    return "".join(x + "\n" for x in out)


def _histogram(stdin):
    v = [int(x) for x in stdin.split()]
    return "".join("*" * x + "\n" for x in v[1:1 + v[0]])


def _tape(stdin):
    prog = stdin.split("\n")[0]
    tape, pos, out = [0] * 100, 0, []
    for ch in prog:
        if ch == "+":
            tape[pos] = (tape[pos] + 1) % 256
        elif ch == "-":
            tape[pos] = (tape[pos] - 1) % 256
        elif ch == ">":
            pos = (pos + 1) % 100
        elif ch == "<":
            pos = (pos - 1) % 100
        elif ch == ".":
            out.append(str(tape[pos]))
    return " ".join(out) + "\n"


_HEAP_BIG = "20000\n" + "".join(f"add {(i * 7919) % 100003 - 50000}\n" if i % 3 else "pop\n" for i in range(20000))

TASKS = [
    {
        "id": "c/x-traffic-light",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "A traffic light repeats a 60-second cycle: GREEN for seconds 0-29, YELLOW for seconds "
                  "30-34 and RED for seconds 35-59 of each cycle, starting at time 0. Write a C program that "
                  "reads a time t in seconds (0 <= t <= 2000000000) from standard input and prints the color "
                  "at that time (`GREEN`, `YELLOW` or `RED`) followed by a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long t;
    if (scanf("%ld", &t) != 1) return 1;
    long s = t % 60;
    puts(s < 30 ? "GREEN" : s < 35 ? "YELLOW" : "RED");
    return 0;
}
''',
        "inputs": ["0\n", "29\n", "30\n", "34\n", "35\n", "59\n", "60\n", "2000000000\n"],
        "oracle": _light,
        "wrong": "#include <stdio.h>\nint main(void) { long t; scanf(\"%ld\", &t); puts(t < 30 ? \"GREEN\" : t < 35 ? "
                 "\"YELLOW\" : "
                 "\"RED\"); return 0; }\n",
    },
    {
        "id": "c/x-vending-change",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C program for a vending machine that gives change in coins of 25, 10, 5 and 1 "
                  "cents, using as many large coins as possible. It reads two integers from standard input, "
                  "the price and the amount paid in cents (0 <= price, paid <= 1000000). If paid < price print "
                  "`NOT ENOUGH`; otherwise print the coin counts as `25:a 10:b 5:c 1:d` (all four, even when "
                  "zero). End the line with a newline. Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    long price, paid;
    if (scanf("%ld %ld", &price, &paid) != 2) return 1;
    if (paid < price) {
        puts("NOT ENOUGH");
        return 0;
    }
    long rest = paid - price;
    static const int coins[] = {25, 10, 5, 1};
    for (int i = 0; i < 4; i++) {
        printf(i ? " %d:%ld" : "%d:%ld", coins[i], rest / coins[i]);
        rest %= coins[i];
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["65 100\n", "100 100\n", "100 99\n", "0 0\n", "1 1000000\n", "59 100\n"],
        "oracle": _change,
        "wrong": "#include <stdio.h>\nint main(void) { long p, q; scanf(\"%ld %ld\", &p, &q); long r = q - p; "
                 "printf(\"25:%ld 10:%ld "
                 "5:%ld 1:%ld\\n\", r / 25, r % 25 / 10, r % 10 / 5, r % 5); return 0; }\n",
    },
    {
        "id": "c/x-min-heap",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": "Write a C program that maintains a priority queue of integers. It reads from standard "
                  "input an integer q (1 <= q <= 100000) and then q commands, one per line: `add X` (X "
                  "between -10^9 and 10^9) inserts X; `pop` removes the smallest element and prints it on "
                  "its own line, or prints `EMPTY` if the queue is empty. 100000 commands must run well under "
                  "a second (use a binary heap). Print nothing else.",
        "solution": r'''#include <stdio.h>
static long long heap[100000];
static int size;
static void push(long long x) {
    int i = size++;
    while (i > 0 && heap[(i - 1) / 2] > x) {
        heap[i] = heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    heap[i] = x;
}
static long long pop_min(void) {
    long long top = heap[0], last = heap[--size];
    int i = 0;
    for (;;) {
        int child = 2 * i + 1;
        if (child >= size) break;
        if (child + 1 < size && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = last;
    return top;
}
int main(void) {
    int q;
    char cmd[8];
    if (scanf("%d", &q) != 1) return 1;
    for (int i = 0; i < q; i++) {
        if (scanf("%7s", cmd) != 1) return 1;
        if (cmd[0] == 'a') {
            long long x;
            if (scanf("%lld", &x) != 1) return 1;
            push(x);
        } else if (size == 0) {
            puts("EMPTY");
        } else {
            printf("%lld\n", pop_min());
        }
    }
    return 0;
}
''',
        "inputs": ["5\nadd 5\nadd 1\nadd 3\npop\npop\n", "1\npop\n", "4\nadd 2\nadd 2\npop\npop\n",
                   "6\nadd -1000000000\nadd 1000000000\npop\npop\npop\nadd 0\n", _HEAP_BIG],
        "oracle": _heap_ops,
        "wrong": "#include <stdio.h>\nint main(void) { int q; char c[8]; long long s[100000]; int n = 0; scanf(\"%d\", "
                 "&q); while (q--) { "
                 "scanf(\"%7s\", c); if (c[0] == 'a') scanf(\"%lld\", &s[n++]); else if (!n) puts(\"EMPTY\"); else "
                 "printf(\"%lld\\n\", "
                 "s[--n]); } return 0; }\n",
    },
    {
        "id": "c/x-parking-lot",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "medium",
        "prompt": "Write a C program that simulates a parking lot with room for cap cars. It reads from "
                  "standard input cap and n (1 <= cap <= 100, 0 <= n <= 1000) on the first line, then n "
                  "events `in PLATE` or `out PLATE` (PLATE is 1 to 10 letters or digits). For each event print "
                  "one line: for `in`, `ALREADY` if that car is parked, else `FULL` if the lot is full, else "
                  "park it and print the number of parked cars; for `out`, `UNKNOWN` if that car is not "
                  "parked, else remove it and print the number of parked cars. Print nothing else.",
        "solution": r'''#include <stdio.h>
#include <string.h>
static char lot[100][11];
static int parked;
static int find(const char *plate) {
    for (int i = 0; i < parked; i++)
        if (strcmp(lot[i], plate) == 0) return i;
    return -1;
}
int main(void) {
    int cap, n;
    char op[4], plate[11];
    if (scanf("%d %d", &cap, &n) != 2) return 1;
    for (int e = 0; e < n; e++) {
        if (scanf("%3s %10s", op, plate) != 2) return 1;
        int at = find(plate);
        if (strcmp(op, "in") == 0) {
            if (at >= 0) {
                puts("ALREADY");
            } else if (parked >= cap) {
                puts("FULL");
            } else {
                strcpy(lot[parked++], plate);
                printf("%d\n", parked);
            }
        } else if (at < 0) {
            puts("UNKNOWN");
        } else {
            parked--;
            memmove(lot[at], lot[parked], sizeof lot[0]);  /* last car fills the gap */
            printf("%d\n", parked);
        }
    }
    return 0;
}
''',
        "inputs": ["2 5\nin AB1\nin CD2\nin EF3\nout AB1\nin EF3\n", "1 0\n", "1 2\nout X\nin X\n",
                   "3 4\nin A\nin A\nout A\nout A\n"],
        "oracle": _parking,
        "wrong": "#include <stdio.h>\nint main(void) { int cap, n, k = 0; char o[4], p[11]; scanf(\"%d %d\", &cap, "
                 "&n); while (n--) { "
                 "scanf(\"%3s %10s\", o, p); if (o[0] == 'i') { if (k >= cap) puts(\"FULL\"); else printf(\"%d\\n\", "
                 "++k); } "
                 "else printf(\"%d\\n\", k > 0 ? --k : 0); } return 0; }\n",
    },
    {
        "id": "c/x-star-histogram",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "easy",
        "prompt": "Write a C program that reads an integer n (1 <= n <= 100) and then n integers (each "
                  "between 0 and 50) from standard input, and for each integer x prints a line of exactly x "
                  "`*` characters (an empty line for 0). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    int n, x;
    if (scanf("%d", &n) != 1) return 1;
    for (int i = 0; i < n; i++) {
        if (scanf("%d", &x) != 1) return 1;
        for (int j = 0; j < x; j++) putchar('*');
        putchar('\n');
    }
    return 0;
}
''',
        "inputs": ["3\n1 3 2\n", "1\n0\n", "2\n0 5\n", "1\n50\n", "4\n2 0 0 1\n"],
        "oracle": _histogram,
    },
    {
        "id": "c/x-tape-machine",
        "style": "stdio",
        "category": "simulation",
        "difficulty": "hard",
        "prompt": "Write a C program that runs a tiny tape machine. The tape has 100 cells holding values "
                  "0..255, all 0 at the start, and a head at cell 0. It reads one line of commands (at most "
                  "1000 characters) from standard input and executes them left to right: `+` adds 1 to the "
                  "current cell and `-` subtracts 1 (both wrapping modulo 256, so 255+1 is 0 and 0-1 is "
                  "255); `>` and `<` move the head one cell right or left, wrapping around from cell 99 to "
                  "cell 0 and back; `.` outputs the current cell's value; every other character is ignored. "
                  "Print the output values on one line separated by single spaces, followed by a newline "
                  "(an empty line if nothing was output). Print nothing else.",
        "solution": r'''#include <stdio.h>
int main(void) {
    unsigned char tape[100] = {0};
    int pos = 0, first = 1, c;
    while ((c = getchar()) != EOF && c != '\n') {
        switch (c) {
        case '+': tape[pos]++; break;
        case '-': tape[pos]--; break;
        case '>': pos = (pos + 1) % 100; break;
        case '<': pos = (pos + 99) % 100; break;
        case '.':
            printf(first ? "%d" : " %d", tape[pos]);
            first = 0;
            break;
        default: break;
        }
    }
    putchar('\n');
    return 0;
}
''',
        "inputs": ["+++.>++.<.\n", "\n", "-.\n", "<+++.>>.\n", "ignore me +. done\n",
                   "+" * 300 + ".\n", ">" * 100 + "+.\n"],
        "oracle": _tape,
        "wrong": "#include <stdio.h>\nint main(void) { int t[100] = {0}, p = 0, f = 1, c; while ((c = getchar()) != "
                 "EOF && c != '\\n') { "
                 "if (c == '+') t[p]++; else if (c == '-') t[p]--; else if (c == '>') p++; else if (c == '<') p--; "
                 "else if (c == '.') "
                 "{ if (p >= 0 && p < 100) printf(f ? \"%d\" : \" %d\", t[p]); f = 0; } } putchar('\\n'); return 0; "
                 "}\n",
    },
]
