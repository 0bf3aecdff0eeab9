"""C++ array and sorting tasks (g++ -std=c++17)."""

from tasksrc._cpp_harness import cpp_harness as _harness


def _ints(stdin):
    return [int(x) for x in stdin.split()]


def _counted(stdin):
    """Input format `n` then n integers: returns the n integers."""
    v = _ints(stdin)
    return v[1:1 + v[0]]


def _second_largest(stdin):
    d = sorted(set(_counted(stdin)))
    return f"{d[-2]}\n" if len(d) >= 2 else "NONE\n"


def _kadane(stdin):
    v = _counted(stdin)
    best = cur = v[0]
    for x in v[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return f"{best}\n"


def _range_sums(stdin):
    v = _ints(stdin)
    n = v[0]
    a, rest = v[1:1 + n], v[1 + n:]
    q, pairs = rest[0], rest[1:]
    return "".join(f"{sum(a[pairs[2 * i] - 1:pairs[2 * i + 1]])}\n" for i in range(q))


def _sort_words(stdin):
    words = stdin.split()[1:]
    return "".join(w + "\n" for w in sorted(words, key=lambda w: (len(w), w)))


_LONG_RANGE = "20000\n" + " ".join(str((i * 7919) % 2000001 - 1000000) for i in range(20000)) + "\n"

TASKS = [
    {
        "id": "cpp/array-sum",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads an integer n (0 <= n <= 1000) and then n integers (each "
                  "between -1000000 and 1000000), all separated by whitespace, from standard input, and "
                  "prints their sum followed by a newline (0 when n is 0). Print nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    long long s = 0;
    for (int i = 0; i < n; i++) {
        long long x = 0;
        std::cin >> x;
        s += x;
    }
    std::cout << s << "\n";
    return 0;
}
''',
        "inputs": ["3\n1 2 3\n", "0\n", "1\n-5\n", "4\n1000000 1000000 -1 1000000\n",
                   "1000\n" + " ".join(["1000000"] * 1000) + "\n"],
        "oracle": lambda stdin: f"{sum(_counted(stdin))}\n",
    },
    {
        "id": "cpp/max-value",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int max_value(const std::vector<int>& v)` that returns the largest "
                  "element of the non-empty vector v. Include the headers you need. Do not write a main "
                  "function.",
        "entry_point": "max_value",
        "solution": r'''#include <vector>
int max_value(const std::vector<int>& v) {
    int m = v[0];
    for (int x : v)
        if (x > m) m = x;
    return m;
}
''',
        "test_code": _harness(r'''    CHECK(max_value({3, 1, 4, 1, 5}) == 5);
    CHECK(max_value({42}) == 42);
    CHECK(max_value({-3, -1, -7}) == -1);
    CHECK(max_value({9, 2, 3}) == 9);
    CHECK(max_value({0, 0, 0}) == 0);
'''),
        "wrong": "#include <vector>\nint max_value(const std::vector<int>& v) { int m = 0; for (int x : v) "
                 "if (x > m) m = x; return m; }\n",
    },
    {
        "id": "cpp/count-even",
        "style": "function",
        "category": "arrays",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int count_even(const std::vector<int>& v)` that returns how many "
                  "elements of v are even (negative numbers and zero included; an empty vector gives 0). "
                  "Include the headers you need. Do not write a main function.",
        "entry_point": "count_even",
        "solution": r'''#include <vector>
int count_even(const std::vector<int>& v) {
    int n = 0;
    for (int x : v)
        if (x % 2 == 0) n++;
    return n;
}
''',
        "test_code": _harness(r'''    CHECK(count_even({1, 2, 3, 4}) == 2);
    CHECK(count_even({}) == 0);
    CHECK(count_even({0}) == 1);
    CHECK(count_even({-2, -3, -4}) == 2);
    CHECK(count_even({1, 3, 5}) == 0);
'''),
        "wrong": "#include <vector>\nint count_even(const std::vector<int>& v) { int n = 0; for (int x : v) "
                 "if (x % 2 == 0 && x > 0) n++; return n; }\n",
    },
    {
        "id": "cpp/second-largest",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 1000) and then n integers (each "
                  "between -1000000000 and 1000000000) from standard input, and prints the second largest "
                  "distinct value followed by a newline. If there are fewer than two distinct values, print "
                  "`NONE` instead. Print nothing else.",
        "solution": r'''#include <iostream>
#include <set>
int main() {
    int n = 0;
    std::cin >> n;
    std::set<long long> s;
    for (int i = 0; i < n; i++) {
        long long x = 0;
        std::cin >> x;
        s.insert(x);
    }
    if (s.size() < 2) {
        std::cout << "NONE\n";
    } else {
        auto it = s.rbegin();
        ++it;
        std::cout << *it << "\n";
    }
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "1\n7\n", "3\n2 2 2\n", "4\n5 5 4 4\n", "3\n-1 -2 -3\n",
                   "2\n1000000000 -1000000000\n"],
        "oracle": _second_largest,
        "wrong": "#include <iostream>\n#include <vector>\n#include <algorithm>\nint main() { int n; std::cin >> n; "
                 "std::vector<long long> v(n); for (auto &x : v) std::cin >> x; std::sort(v.begin(), v.end()); "
                 "if (n < 2) std::cout << \"NONE\\n\"; else std::cout << v[n - 2] << \"\\n\"; }\n",
    },
    {
        "id": "cpp/rotate-right",
        "style": "function",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::vector<int> rotate_right(const std::vector<int>& v, int k)` "
                  "that returns v rotated right by k positions (the last element moves to the front, k "
                  "times). k >= 0 may be larger than the size of v; an empty vector stays empty. Include the "
                  "headers you need. Do not write a main function.",
        "entry_point": "rotate_right",
        "solution": r'''#include <vector>
std::vector<int> rotate_right(const std::vector<int>& v, int k) {
    std::size_t n = v.size();
    std::vector<int> out(n);
    for (std::size_t i = 0; i < n; i++) out[(i + (std::size_t)k) % n] = v[i];
    return out;
}
''',
        "test_code": _harness(r'''    CHECK(rotate_right({1, 2, 3, 4, 5}, 2) == std::vector<int>{4, 5, 1, 2, 3});
    CHECK(rotate_right({}, 3).empty());
    CHECK(rotate_right({1, 2, 3}, 0) == std::vector<int>{1, 2, 3});
    CHECK(rotate_right({1, 2, 3}, 3) == std::vector<int>{1, 2, 3});
    CHECK(rotate_right({1, 2, 3}, 7) == std::vector<int>{3, 1, 2});
    CHECK(rotate_right({9}, 1000000) == std::vector<int>{9});
'''),
        "wrong": "#include <vector>\nstd::vector<int> rotate_right(const std::vector<int>& v, int k) { "
                 "std::vector<int> o(v.size()); for (std::size_t i = 0; i < v.size(); i++) o[i] = v[(i + k) % "
                 "v.size()]; "
                 "return o; }\n",
    },
    {
        "id": "cpp/max-subarray",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 100000) and then n integers (each "
                  "between -1000000 and 1000000) from standard input, and prints the largest sum of a "
                  "non-empty contiguous subarray followed by a newline (if all numbers are negative, that "
                  "is the largest single number). It must run in well under a second for n = 100000. Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
int main() {
    int n = 0;
    std::cin >> n;
    long long best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        long long x = 0;
        std::cin >> x;
        cur = (i == 0 || cur < 0) ? x : cur + x;
        if (i == 0 || cur > best) best = cur;
    }
    std::cout << best << "\n";
    return 0;
}
''',
        "inputs": ["9\n-2 1 -3 4 -1 2 1 -5 4\n", "1\n-7\n", "3\n-3 -1 -2\n", "4\n1 2 3 4\n", "1\n0\n",
                   _LONG_RANGE],
        "oracle": _kadane,
        "wrong": "#include <iostream>\nint main() { int n; std::cin >> n; long long best = 0, cur = 0; "
                 "for (int i = 0; i < n; i++) { long long x; std::cin >> x; cur += x; if (cur < 0) cur = 0; "
                 "if (cur > best) best = cur; } std::cout << best << \"\\n\"; }\n",
    },
    {
        "id": "cpp/sort-numbers",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads an integer n (0 <= n <= 1000) and then n integers from "
                  "standard input, and prints them sorted in ascending order on one line, separated by "
                  "single spaces, followed by a newline (an empty line when n is 0). Print nothing else.",
        "solution": r'''#include <algorithm>
#include <iostream>
#include <vector>
int main() {
    int n = 0;
    std::cin >> n;
    std::vector<int> v(n);
    for (int &x : v) std::cin >> x;
    std::sort(v.begin(), v.end());
    for (int i = 0; i < n; i++) std::cout << (i ? " " : "") << v[i];
    std::cout << "\n";
    return 0;
}
''',
        "inputs": ["5\n3 1 4 1 5\n", "0\n", "1\n42\n", "4\n-1 -10 0 10\n", "3\n2 2 2\n"],
        "oracle": lambda stdin: " ".join(str(x) for x in sorted(_counted(stdin))) + "\n",
    },
    {
        "id": "cpp/sort-by-abs",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::vector<int> sort_by_abs(std::vector<int> v)` that returns the "
                  "elements of v sorted by absolute value in ascending order; when two values have the same "
                  "absolute value, the negative one comes first. Values are between -1000000 and 1000000. "
                  "Include the headers you need. Do not write a main function.",
        "entry_point": "sort_by_abs",
        "solution": r'''#include <algorithm>
#include <cstdlib>
#include <vector>
std::vector<int> sort_by_abs(std::vector<int> v) {
    std::sort(v.begin(), v.end(), [](int a, int b) {
        if (std::abs(a) != std::abs(b)) return std::abs(a) < std::abs(b);
        return a < b;
    });
    return v;
}
''',
        "test_code": _harness(r'''    CHECK(sort_by_abs({3, -1, 2, -4}) == std::vector<int>{-1, 2, 3, -4});
    CHECK(sort_by_abs({}).empty());
    CHECK(sort_by_abs({5}) == std::vector<int>{5});
    CHECK(sort_by_abs({2, -2, 0, 2}) == std::vector<int>{0, -2, 2, 2});
    CHECK(sort_by_abs({-1000000, 999999}) == std::vector<int>{999999, -1000000});
'''),
        "wrong": "#include <algorithm>\n#include <vector>\nstd::vector<int> sort_by_abs(std::vector<int> v) { "
                 "std::sort(v.begin(), v.end()); return v; }\n",
    },
    {
        "id": "cpp/merge-sorted",
        "style": "function",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::vector<int> merge_sorted(const std::vector<int>& a, const "
                  "std::vector<int>& b)` that takes two vectors each sorted in ascending order and returns "
                  "one ascending vector with all elements of both (duplicates kept). Either input may be "
                  "empty. Include the headers you need. Do not write a main function.",
        "entry_point": "merge_sorted",
        "solution": r'''#include <vector>
std::vector<int> merge_sorted(const std::vector<int>& a, const std::vector<int>& b) {
    std::vector<int> out;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i] <= b[j])) out.push_back(a[i++]);
        else out.push_back(b[j++]);
    }
    return out;
}
''',
        "test_code": _harness(r'''    CHECK(merge_sorted({1, 3, 5}, {2, 4, 6}) == std::vector<int>{1, 2, 3, 4, 5, 6});
    CHECK(merge_sorted({}, {}).empty());
    CHECK(merge_sorted({}, {1, 2}) == std::vector<int>{1, 2});
    CHECK(merge_sorted({-5, 0}, {}) == std::vector<int>{-5, 0});
    CHECK(merge_sorted({1, 1, 2}, {1, 3}) == std::vector<int>{1, 1, 1, 2, 3});
    CHECK(merge_sorted({10, 20}, {1, 2, 3}) == std::vector<int>{1, 2, 3, 10, 20});
'''),
        "wrong": "#include <vector>\nstd::vector<int> merge_sorted(const std::vector<int>& a, const std::vector<int>& "
                 "b) "
                 "{ std::vector<int> o(a); o.insert(o.end(), b.begin(), b.end()); return o; }\n",
    },
    {
        "id": "cpp/sort-words-by-length",
        "style": "stdio",
        "category": "sorting",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads an integer n (1 <= n <= 1000) and then n words (lowercase "
                  "letters only, separated by whitespace) from standard input, and prints the words one per "
                  "line sorted by length (shortest first); words of the same length are in alphabetical "
                  "order. Duplicates are printed as many times as they occur. Print nothing else.",
        "solution": r'''#include <algorithm>
#include <iostream>
#include <string>
#include <vector>
int main() {
    int n = 0;
    std::cin >> n;
    std::vector<std::string> w(n);
    for (auto &s : w) std::cin >> s;
    std::sort(w.begin(), w.end(), [](const std::string& a, const std::string& b) {
        if (a.size() != b.size()) return a.size() < b.size();
        return a < b;
    });
    for (const auto& s : w) std::cout << s << "\n";
    return 0;
}
''',
        "inputs": ["5\nbanana kiwi apple fig pear\n", "1\nsolo\n", "3\nbb aa bb\n", "4\nd\nccc\nbb\na\n"],
        "oracle": _sort_words,
    },
    {
        "id": "cpp/range-sums",
        "style": "stdio",
        "category": "arrays",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads from standard input an integer n (1 <= n <= 100000), then "
                  "n integers a_1..a_n (each between -1000000 and 1000000), then an integer q (0 <= q <= "
                  "100000), then q queries, each two integers l and r (1 <= l <= r <= n). For each query "
                  "print the sum a_l + ... + a_r on its own line. Use prefix sums so that large inputs run "
                  "fast. Print nothing else.",
        "solution": r'''#include <cstdio>
#include <vector>
int main() {
    int n = 0;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> pre(n + 1, 0);
    for (int i = 1; i <= n; i++) {
        long long x = 0;
        if (scanf("%lld", &x) != 1) return 0;
        pre[i] = pre[i - 1] + x;
    }
    int q = 0;
    if (scanf("%d", &q) != 1) return 0;
    while (q-- > 0) {
        int l = 1, r = 1;
        if (scanf("%d %d", &l, &r) != 2) return 0;
        printf("%lld\n", pre[r] - pre[l - 1]);
    }
    return 0;
}
''',
        "inputs": ["5\n1 2 3 4 5\n3\n1 5\n2 3\n4 4\n", "1\n-7\n1\n1 1\n", "3\n1 2 3\n0\n",
                   "4\n1000000 1000000 1000000 -1000000\n2\n1 3\n1 4\n"],
        "oracle": _range_sums,
    },
    {
        "id": "cpp/count-pairs-sum",
        "style": "function",
        "category": "arrays",
        "difficulty": "hard",
        "prompt": "Write a C++ function `long long count_pairs(const std::vector<int>& v, int target)` that "
                  "returns the number of index pairs (i, j) with i < j and v[i] + v[j] == target. v has at "
                  "most 100000 elements with values between -1000000000 and 1000000000 and target is "
                  "between -1000000000 and 1000000000; it must be faster than checking all pairs. Include "
                  "the headers you need. Do not write a main function.",
        "entry_point": "count_pairs",
        "solution": r'''#include <unordered_map>
#include <vector>
long long count_pairs(const std::vector<int>& v, int target) {
    std::unordered_map<long long, long long> seen;
    long long pairs = 0;
    for (int x : v) {
        auto it = seen.find((long long)target - x);
        if (it != seen.end()) pairs += it->second;
        seen[x]++;
    }
    return pairs;
}
''',
        "test_code": _harness(r'''    CHECK(count_pairs({1, 5, 7, -1, 5}, 6) == 3);
    CHECK(count_pairs({}, 0) == 0);
    CHECK(count_pairs({3}, 6) == 0);
    CHECK(count_pairs({3, 3, 3}, 6) == 3);
    CHECK(count_pairs({1000000000, -1000000000, 0}, 0) == 1);
    CHECK(count_pairs({-1000000000, -1000000000}, -1000000000) == 0);
    {
        std::vector<int> big(100000, 2);
        CHECK(count_pairs(big, 4) == 4999950000LL);
    }
'''),
        "wrong": "#include <vector>\nlong long count_pairs(const std::vector<int>& v, int target) { long long c = 0; "
                 "for (std::size_t i = 0; i < v.size(); i++) for (std::size_t j = i; j < v.size(); j++) "
                 "if (v[i] + v[j] == target) c++; return c; }\n",
    },
]
