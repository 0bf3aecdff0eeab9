"""C++ data-structure tasks using the standard containers (map, set, stack, queue; g++ -std=c++17)."""
from collections import Counter

from tasksrc._cpp_harness import cpp_harness as _harness


def _word_freq(stdin):
    c = Counter(stdin.split())
    return "".join(f"{w} {c[w]}\n" for w in sorted(c))


def _queue_ops(stdin):
    lines = stdin.split("\n")
    q, out = [], []
    for line in lines[1:1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "push":
            q.append(int(parts[1]))
        elif parts[0] == "pop":
            out.append(str(q.pop(0)) if q else "EMPTY")
        else:
            out.append(str(len(q)))
    return "".join(x + "\n" for x in out)


def _min_stack(stdin):
    lines = stdin.split("\n")
    st, out = [], []  # (value, minimum of the stack up to here)
    for line in lines[1:1 + int(lines[0])]:
        parts = line.split()
        if parts[0] == "push":
            x = int(parts[1])
            st.append((x, min(x, st[-1][1]) if st else x))
        elif parts[0] == "pop":
            out.append(str(st.pop()[0]) if st else "EMPTY")
        else:
            out.append(str(st[-1][1]) if st else "EMPTY")
    return "".join(x + "\n" for x in out)


def _common(stdin):
    v = [int(x) for x in stdin.split()]
    n = v[0]
    a, m = v[1:1 + n], v[1 + n]
    b = v[2 + n:2 + n + m]
    return " ".join(str(x) for x in sorted(set(a) & set(b))) + "\n"


_MANY_OPS = "20000\n" + "".join(f"push {i % 1000 - 500}\n" if i % 3 else "pop\n" if i % 7 == 0 else "min\n"
                                 for i in range(20000))

TASKS = [
    {
        "id": "cpp/word-frequency",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads words (runs of non-whitespace characters, separated by "
                  "spaces and newlines) from standard input until end of input, and prints each distinct "
                  "word once, in increasing (ASCII) order, as `word count` on its own line, where count is "
                  "how many times it occurred. Case matters. If there are no words, print nothing. Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
#include <map>
#include <string>
int main() {
    std::map<std::string, int> freq;
    std::string w;
    while (std::cin >> w) freq[w]++;
    for (const auto& kv : freq) std::cout << kv.first << " " << kv.second << "\n";
    return 0;
}
''',
        "inputs": ["the cat and the hat\n", "", "one\n", "b a\nB a\n\nb\n", "x x x x\n"],
        "oracle": _word_freq,
    },
    {
        "id": "cpp/balanced-brackets",
        "style": "function",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C++ function `bool balanced(const std::string& s)` that returns true if the "
                  "brackets `()`, `[]` and `{}` in s are balanced and correctly nested; all other characters "
                  "are ignored. A string without brackets is balanced. Include the headers you need. Do not "
                  "write a main function.",
        "entry_point": "balanced",
        "solution": r'''#include <stack>
#include <string>
bool balanced(const std::string& s) {
    std::stack<char> st;
    for (char c : s) {
        if (c == '(' || c == '[' || c == '{') {
            st.push(c);
        } else if (c == ')' || c == ']' || c == '}') {
            char want = (c == ')') ? '(' : (c == ']') ? '[' : '{';
            if (st.empty() || st.top() != want) return false;
            st.pop();
        }
    }
    return st.empty();
}
''',
        "test_code": _harness(r'''    CHECK(balanced("([]{})"));
    CHECK(balanced(""));
    CHECK(balanced("no brackets"));
    CHECK(balanced("f(a[1], {b})"));
    CHECK(!balanced("(]"));
    CHECK(!balanced("([)]"));
    CHECK(!balanced("(("));
    CHECK(!balanced("())"));
    CHECK(!balanced("}{"));
'''),
        "wrong": "#include <string>\nbool balanced(const std::string& s) { int d = 0; for (char c : s) { "
                 "if (c == '(' || c == '[' || c == '{') d++; else if (c == ')' || c == ']' || c == '}') d--; "
                 "if (d < 0) return false; } return d == 0; }\n",
    },
    {
        "id": "cpp/unique-sorted",
        "style": "function",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": "Write a C++ function `std::vector<int> unique_sorted(const std::vector<int>& v)` that "
                  "returns the distinct values of v in increasing order (an empty vector gives an empty "
                  "vector). Include the headers you need. Do not write a main function.",
        "entry_point": "unique_sorted",
        "solution": r'''#include <set>
#include <vector>
std::vector<int> unique_sorted(const std::vector<int>& v) {
    std::set<int> s(v.begin(), v.end());
    return std::vector<int>(s.begin(), s.end());
}
''',
        "test_code": _harness(r'''    CHECK(unique_sorted({3, 1, 3, 2, 1}) == std::vector<int>{1, 2, 3});
    CHECK(unique_sorted({}).empty());
    CHECK(unique_sorted({5}) == std::vector<int>{5});
    CHECK(unique_sorted({-1, -1, -1}) == std::vector<int>{-1});
    CHECK(unique_sorted({2, -7, 0}) == std::vector<int>{-7, 0, 2});
'''),
        "wrong": "#include <algorithm>\n#include <vector>\nstd::vector<int> unique_sorted(const std::vector<int>& v) { "
                 "std::vector<int> o(v); std::sort(o.begin(), o.end()); return o; }\n",
    },
    {
        "id": "cpp/queue-commands",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "medium",
        "prompt": "Write a C++ program that simulates a FIFO queue of integers. It reads from standard input "
                  "an integer q (1 <= q <= 100000) and then q commands, one per line: `push X` (X an integer "
                  "between -10^9 and 10^9) adds X at the back; `pop` removes the front element and prints it, "
                  "or prints `EMPTY` if the queue is empty; `size` prints the number of elements. Each "
                  "printed value goes on its own line. Print nothing else.",
        "solution": r'''#include <iostream>
#include <queue>
#include <string>
int main() {
    std::ios::sync_with_stdio(false);
    int q = 0;
    std::cin >> q;
    std::queue<long long> qu;
    std::string cmd;
    for (int i = 0; i < q; i++) {
        std::cin >> cmd;
        if (cmd == "push") {
            long long x = 0;
            std::cin >> x;
            qu.push(x);
        } else if (cmd == "pop") {
            if (qu.empty()) {
                std::cout << "EMPTY\n";
            } else {
                std::cout << qu.front() << "\n";
                qu.pop();
            }
        } else {
            std::cout << qu.size() << "\n";
        }
    }
    return 0;
}
''',
        "inputs": ["5\npush 1\npush 2\npop\nsize\npop\n", "1\npop\n", "1\nsize\n",
                   "6\npush -5\npush 1000000000\nsize\npop\npop\npop\n"],
        "oracle": _queue_ops,
        "wrong": "#include <iostream>\n#include <stack>\n#include <string>\nint main() { int q; std::cin >> q; "
                 "std::stack<long long> s; std::string c; while (q--) { std::cin >> c; if (c == \"push\") { long long "
                 "x; "
                 "std::cin >> x; s.push(x); } else if (c == \"pop\") { if (s.empty()) std::cout << \"EMPTY\\n\"; else "
                 "{ std::cout << s.top() << \"\\n\"; s.pop(); } } else std::cout << s.size() << \"\\n\"; } }\n",
    },
    {
        "id": "cpp/min-stack",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": "Write a C++ program that simulates a stack of integers that can report its minimum. It "
                  "reads from standard input an integer q (1 <= q <= 200000) and then q commands, one per "
                  "line: `push X` (X between -10^9 and 10^9) pushes X; `pop` removes the top element and "
                  "prints it; `min` prints the smallest element currently on the stack. `pop` and `min` on "
                  "an empty stack print `EMPTY`. Each printed value goes on its own line. Every command must "
                  "take constant time (200000 commands must run well under a second). Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
#include <vector>
int main() {
    std::ios::sync_with_stdio(false);
    int q = 0;
    std::cin >> q;
    std::vector<long long> st, mins;
    std::string cmd;
    for (int i = 0; i < q; i++) {
        std::cin >> cmd;
        if (cmd == "push") {
            long long x = 0;
            std::cin >> x;
            st.push_back(x);
            mins.push_back(mins.empty() || x < mins.back() ? x : mins.back());
        } else if (st.empty()) {
            std::cout << "EMPTY\n";
        } else if (cmd == "pop") {
            std::cout << st.back() << "\n";
            st.pop_back();
            mins.pop_back();
        } else {
            std::cout << mins.back() << "\n";
        }
    }
    return 0;
}
''',
        "inputs": ["7\npush 3\npush 1\nmin\npop\nmin\npop\nmin\n", "1\nmin\n", "2\npop\npush 4\n",
                   "5\npush 2\npush 2\npop\nmin\npop\n", _MANY_OPS],
        "oracle": _min_stack,
        "wrong": "#include <iostream>\n#include <string>\n#include <vector>\nint main() { int q; std::cin >> q; "
                 "std::vector<long long> s; long long mn = 2000000000; std::string c; while (q--) { std::cin >> c; "
                 "if (c == \"push\") { long long x; std::cin >> x; s.push_back(x); if (x < mn) mn = x; } "
                 "else if (s.empty()) std::cout << \"EMPTY\\n\"; else if (c == \"pop\") { std::cout << s.back() "
                 "<< \"\\n\"; s.pop_back(); } else std::cout << mn << \"\\n\"; } }\n",
    },
    {
        "id": "cpp/first-unique-char",
        "style": "function",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int first_unique(const std::string& s)` that returns the index of "
                  "the first character of s that occurs exactly once in s, or -1 if there is none (including "
                  "for the empty string). Include the headers you need. Do not write a main function.",
        "entry_point": "first_unique",
        "solution": r'''#include <map>
#include <string>
int first_unique(const std::string& s) {
    std::map<char, int> count;
    for (char c : s) count[c]++;
    for (std::size_t i = 0; i < s.size(); i++)
        if (count[s[i]] == 1) return (int)i;
    return -1;
}
''',
        "test_code": _harness(r'''    CHECK(first_unique("leetcode") == 0);
    CHECK(first_unique("loveleetcode") == 2);
    CHECK(first_unique("aabb") == -1);
    CHECK(first_unique("") == -1);
    CHECK(first_unique("z") == 0);
    CHECK(first_unique("aab") == 2);
'''),
        "wrong": "#include <string>\nint first_unique(const std::string& s) { for (std::size_t i = 0; i < s.size(); "
                 "i++) "
                 "if (i + 1 == s.size() || s[i] != s[i + 1]) return (int)i; return -1; }\n",
    },
    {
        "id": "cpp/top-k-frequent",
        "style": "function",
        "category": "data_structures",
        "difficulty": "hard",
        "prompt": "Write a C++ function `std::vector<int> top_k(const std::vector<int>& v, int k)` that "
                  "returns the k most frequent values of v, ordered by frequency (highest first); values with "
                  "equal frequency are ordered by increasing value. 0 <= k <= the number of distinct values "
                  "in v. Include the headers you need. Do not write a main function.",
        "entry_point": "top_k",
        "solution": r'''#include <algorithm>
#include <map>
#include <utility>
#include <vector>
std::vector<int> top_k(const std::vector<int>& v, int k) {
    std::map<int, int> freq;
    for (int x : v) freq[x]++;
    std::vector<std::pair<int, int>> items(freq.begin(), freq.end());
    std::stable_sort(items.begin(), items.end(),
                     [](const std::pair<int, int>& a, const std::pair<int, int>& b) { return a.second > b.second; });
    std::vector<int> out;
    for (int i = 0; i < k; i++) out.push_back(items[i].first);
    return out;
}
''',
        "test_code": _harness(r'''    CHECK(top_k({1, 1, 1, 2, 2, 3}, 2) == std::vector<int>{1, 2});
    CHECK(top_k({4, 4, 5, 5, 6}, 2) == std::vector<int>{4, 5});
    CHECK(top_k({7}, 1) == std::vector<int>{7});
    CHECK(top_k({7, 8}, 0).empty());
    CHECK(top_k({}, 0).empty());
    CHECK(top_k({3, -1, -1, 3, 2}, 3) == std::vector<int>{-1, 3, 2});
    CHECK(top_k({9, 8, 7, 9, 8, 9}, 3) == std::vector<int>{9, 8, 7});
'''),
        "wrong": "#include <algorithm>\n#include <vector>\nstd::vector<int> top_k(const std::vector<int>& v, int k) { "
                 "std::vector<int> s(v); std::sort(s.begin(), s.end()); s.erase(std::unique(s.begin(), s.end()), "
                 "s.end()); "
                 "s.resize(k); return s; }\n",
    },
    {
        "id": "cpp/set-intersection",
        "style": "stdio",
        "category": "data_structures",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads from standard input an integer n (0 <= n <= 1000) and n "
                  "integers, then an integer m (0 <= m <= 1000) and m integers. Print, on one line separated "
                  "by single spaces and in increasing order, every distinct value that appears in both "
                  "lists, followed by a newline; print an empty line if there is none. Print nothing else.",
        "solution": r'''#include <iostream>
#include <set>
int main() {
    int n = 0, m = 0;
    std::cin >> n;
    std::set<int> a, both;
    for (int i = 0, x = 0; i < n; i++) {
        std::cin >> x;
        a.insert(x);
    }
    std::cin >> m;
    for (int i = 0, x = 0; i < m; i++) {
        std::cin >> x;
        if (a.count(x)) both.insert(x);
    }
    bool first = true;
    for (int x : both) {
        std::cout << (first ? "" : " ") << x;
        first = false;
    }
    std::cout << "\n";
    return 0;
}
''',
        "inputs": ["4\n1 2 3 4\n3\n4 2 9\n", "0\n0\n", "3\n1 1 1\n2\n1 1\n", "2\n5 6\n2\n7 8\n",
                   "3\n-3 0 3\n4\n3 0 -3 -3\n"],
        "oracle": _common,
    },
]
