"""C++ parsing tasks (g++ -std=c++17): reading structured text."""

from tasksrc._cpp_harness import cpp_harness as _harness


def _first_line(stdin):
    return stdin.split("\n")[0]


def _letters_digits(stdin):
    s = _first_line(stdin)
    letters = sum(1 for c in s if c.isascii() and c.isalpha())
    digits = sum(1 for c in s if c.isascii() and c.isdigit())
    return f"letters {letters} digits {digits}\n"


def _key_values(stdin):
    last = {}
    for line in stdin.split("\n"):
        if line:
            k, v = line.split("=", 1)
            last[k] = v
    return "".join(f"{k}={last[k]}\n" for k in sorted(last))


def _rpn(stdin):
    stack = []
    for tok in stdin.split():
        if tok in "+-*/" and len(tok) == 1:
            b, a = stack.pop(), stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                q = abs(a) // abs(b)
                stack.append(q if (a < 0) == (b < 0) else -q)
        else:
            stack.append(int(tok))
    return f"{stack[0]}\n"


def _eval_expr(stdin):
    """Recursive-descent evaluator for + - * / ( ) with C-style truncating division."""
    s = _first_line(stdin).replace(" ", "")
    pos = 0

    def peek():
        return s[pos] if pos < len(s) else ""

    def expr():
        nonlocal pos
        v = term()
        while peek() in ("+", "-") and peek():
            op = peek()
            pos += 1
            w = term()
            v = v + w if op == "+" else v - w
        return v

    def term():
        nonlocal pos
        v = factor()
        while peek() in ("*", "/") and peek():
            op = peek()
            pos += 1
            w = factor()
            if op == "*":
                v = v * w
            else:
                q = abs(v) // abs(w)
                v = q if (v < 0) == (w < 0) else -q
        return v

    def factor():
        nonlocal pos
        if peek() == "-":
            pos += 1
            return -factor()
        if peek() == "(":
            pos += 1
            v = expr()
            pos += 1  # ')'
            return v
        start = pos
        while peek().isdigit():
            pos += 1
        return int(s[start:pos])

    return f"{expr()}\n"


TASKS = [
    {
        "id": "cpp/sum-csv",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads one line from standard input containing one or more "
                  "integers separated by commas (no spaces), for example `3,-4,10`; each integer is between "
                  "-1000000 and 1000000 and there are at most 100 of them. Print their sum followed by a "
                  "newline. Print nothing else.",
        "solution": r'''#include <iostream>
#include <sstream>
#include <string>
int main() {
    std::string line, item;
    std::getline(std::cin, line);
    std::istringstream in(line);
    long long sum = 0;
    while (std::getline(in, item, ','))
        if (!item.empty()) sum += std::stoll(item);
    std::cout << sum << "\n";
    return 0;
}
''',
        "inputs": ["3,-4,10\n", "7\n", "0,0,0\n", "-1000000,-1000000\n", "1,2,3,4,5,6,7,8,9,10\n"],
        "oracle": lambda stdin: f"{sum(int(x) for x in _first_line(stdin).split(','))}\n",
        "wrong": "#include <iostream>\nint main() { long long a = 0; std::cin >> a; std::cout << a << \"\\n\"; }\n",
    },
    {
        "id": "cpp/letters-and-digits",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads one line of ASCII text (at most 200 characters, possibly "
                  "empty) from standard input and prints `letters L digits D` followed by a newline, where L "
                  "is the number of letters (a-z, A-Z) and D the number of digits (0-9) in the line. Print "
                  "nothing else.",
        "solution": r'''#include <cctype>
#include <iostream>
#include <string>
int main() {
    std::string s;
    std::getline(std::cin, s);
    int letters = 0, digits = 0;
    for (unsigned char c : s) {
        if (std::isalpha(c)) letters++;
        else if (std::isdigit(c)) digits++;
    }
    std::cout << "letters " << letters << " digits " << digits << "\n";
    return 0;
}
''',
        "inputs": ["abc 123\n", "\n", "R2-D2 & C-3PO!\n", "no digits here\n", "2024\n"],
        "oracle": _letters_digits,
    },
    {
        "id": "cpp/time-to-seconds",
        "style": "function",
        "category": "parsing",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int to_seconds(const std::string& t)` that takes a time of day "
                  "written as \"HH:MM:SS\" (exactly two digits each, 00 <= HH <= 23, 00 <= MM, SS <= 59) and "
                  "returns the number of seconds since midnight. Include the headers you need. Do not write a "
                  "main function.",
        "entry_point": "to_seconds",
        "solution": r'''#include <string>
int to_seconds(const std::string& t) {
    int h = (t[0] - '0') * 10 + (t[1] - '0');
    int m = (t[3] - '0') * 10 + (t[4] - '0');
    int s = (t[6] - '0') * 10 + (t[7] - '0');
    return h * 3600 + m * 60 + s;
}
''',
        "test_code": _harness(r'''    CHECK(to_seconds("00:00:00") == 0);
    CHECK(to_seconds("00:00:59") == 59);
    CHECK(to_seconds("01:02:03") == 3723);
    CHECK(to_seconds("12:00:00") == 43200);
    CHECK(to_seconds("23:59:59") == 86399);
'''),
        "wrong": "#include <string>\nint to_seconds(const std::string& t) { return std::stoi(t.substr(0, 2)) * 3600 "
                 "+ std::stoi(t.substr(3, 2)) * 60; }\n",
    },
    {
        "id": "cpp/eval-plus-minus",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C++ function `long long eval_plus_minus(const std::string& s)` that evaluates an "
                  "expression made of non-negative decimal integers joined by `+` and `-` signs, with no "
                  "spaces and no parentheses (for example \"12+30-5\"), left to right, and returns the "
                  "result. Each number is at most 10^9 and there are at most 1000 numbers. Include the "
                  "headers you need. Do not write a main function.",
        "entry_point": "eval_plus_minus",
        "solution": r'''#include <string>
long long eval_plus_minus(const std::string& s) {
    long long result = 0, num = 0;
    int sign = 1;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            num = num * 10 + (c - '0');
        } else {
            result += sign * num;
            num = 0;
            sign = (c == '-') ? -1 : 1;
        }
    }
    return result + sign * num;
}
''',
        "test_code": _harness(r'''    CHECK(eval_plus_minus("12+30-5") == 37);
    CHECK(eval_plus_minus("0") == 0);
    CHECK(eval_plus_minus("7") == 7);
    CHECK(eval_plus_minus("1-2-3") == -4);
    CHECK(eval_plus_minus("1000000000+1000000000+1000000000") == 3000000000LL);
    CHECK(eval_plus_minus("10-10+0") == 0);
'''),
        "wrong": "#include <string>\nlong long eval_plus_minus(const std::string& s) { long long r = 0, n = 0; "
                 "for (char c : s) { if (c >= '0' && c <= '9') n = n * 10 + (c - '0'); else { r += n; n = 0; } } "
                 "return r + n; }\n",
    },
    {
        "id": "cpp/last-value-per-key",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads lines of the form `key=value` from standard input until "
                  "end of input (at most 1000 lines; keys are non-empty and contain no `=`; values may be "
                  "empty and may contain `=`; the first `=` separates key from value). Print every distinct "
                  "key once, in increasing (ASCII) order of the key, as `key=value` on its own line, where "
                  "value is the last value given for that key. If there are no lines, print nothing. Print "
                  "nothing else.",
        "solution": r'''#include <iostream>
#include <map>
#include <string>
int main() {
    std::map<std::string, std::string> last;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        std::string::size_type eq = line.find('=');
        last[line.substr(0, eq)] = line.substr(eq + 1);
    }
    for (const auto& kv : last) std::cout << kv.first << "=" << kv.second << "\n";
    return 0;
}
''',
        "inputs": ["b=2\na=1\nb=3\n", "", "x=\n", "url=a=b\nname=halo\nurl=c\n", "k=v\n"],
        "oracle": _key_values,
        "wrong": "#include <iostream>\n#include <map>\n#include <string>\nint main() { std::map<std::string, "
                 "std::string> m; "
                 "std::string l; while (std::getline(std::cin, l)) { auto e = l.find('='); "
                 "m.insert({l.substr(0, e), l.substr(e + 1)}); } for (auto& kv : m) std::cout << kv.first << \"=\" "
                 "<< kv.second << \"\\n\"; }\n",
    },
    {
        "id": "cpp/rpn-calculator",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads one line from standard input holding a valid expression in "
                  "reverse Polish notation: tokens separated by single spaces, each token either an integer "
                  "(possibly negative, like `-3`) or one of the operators `+ - * /`. Evaluate it with a "
                  "stack (an operator pops b, then a, and pushes a op b; `/` truncates toward zero as in C++) "
                  "and print the result followed by a newline. No division by zero occurs, and all values "
                  "fit in a 64-bit signed integer. Print nothing else.",
        "solution": r'''#include <iostream>
#include <sstream>
#include <string>
#include <vector>
int main() {
    std::string line, tok;
    std::getline(std::cin, line);
    std::istringstream in(line);
    std::vector<long long> st;
    while (in >> tok) {
        if (tok.size() == 1 && std::string("+-*/").find(tok[0]) != std::string::npos) {
            long long b = st.back();
            st.pop_back();
            long long a = st.back();
            st.pop_back();
            if (tok == "+") st.push_back(a + b);
            else if (tok == "-") st.push_back(a - b);
            else if (tok == "*") st.push_back(a * b);
            else st.push_back(a / b);
        } else {
            st.push_back(std::stoll(tok));
        }
    }
    std::cout << st.back() << "\n";
    return 0;
}
''',
        "inputs": ["3 4 + 2 *\n", "42\n", "5 1 2 + 4 * + 3 -\n", "-7 2 /\n", "7 -2 /\n", "2 3 -\n",
                   "1000000000 1000000000 *\n"],
        "oracle": _rpn,
        "wrong": "#include <iostream>\n#include <sstream>\n#include <string>\n#include <vector>\nint main() { "
                 "std::string l, t; std::getline(std::cin, l); std::istringstream in(l); std::vector<long long> s; "
                 "while (in >> t) { if (t == \"+\" || t == \"-\" || t == \"*\" || t == \"/\") { long long a = "
                 "s.back(); "
                 "s.pop_back(); long long b = s.back(); s.pop_back(); s.push_back(t == \"+\" ? a + b : t == \"-\" ? a "
                 "- b "
                 ": t == \"*\" ? a * b : a / b); } else s.push_back(std::stoll(t)); } std::cout << s.back() << "
                 "\"\\n\"; }\n",
    },
    {
        "id": "cpp/valid-ipv4",
        "style": "function",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C++ function `bool valid_ipv4(const std::string& s)` that returns true if s is a "
                  "valid dotted IPv4 address: exactly four parts separated by single dots, each part a "
                  "non-empty string of decimal digits with value 0..255 and no leading zero (\"0\" is fine, "
                  "\"01\" is not). Any other character (spaces, signs) makes it invalid. Include the headers "
                  "you need. Do not write a main function.",
        "entry_point": "valid_ipv4",
        "solution": r'''#include <string>
bool valid_ipv4(const std::string& s) {
    int parts = 0;
    std::string::size_type i = 0;
    while (true) {
        std::string::size_type j = i;
        while (j < s.size() && s[j] >= '0' && s[j] <= '9') j++;
        std::string::size_type len = j - i;
        if (len == 0 || len > 3) return false;
        if (len > 1 && s[i] == '0') return false;
        if (std::stoi(s.substr(i, len)) > 255) return false;
        parts++;
        if (j == s.size()) return parts == 4;
        if (s[j] != '.' || parts == 4) return false;
        i = j + 1;
    }
}
''',
        "test_code": _harness(r'''    CHECK(valid_ipv4("192.168.0.1"));
    CHECK(valid_ipv4("0.0.0.0"));
    CHECK(valid_ipv4("255.255.255.255"));
    CHECK(!valid_ipv4("256.1.1.1"));
    CHECK(!valid_ipv4("1.2.3"));
    CHECK(!valid_ipv4("1.2.3.4.5"));
    CHECK(!valid_ipv4("01.2.3.4"));
    CHECK(!valid_ipv4("1..3.4"));
    CHECK(!valid_ipv4(""));
    CHECK(!valid_ipv4("1.2.3.4."));
    CHECK(!valid_ipv4("1.2.-3.4"));
    CHECK(!valid_ipv4("1.2.3.4 "));
    CHECK(!valid_ipv4("1234.1.1.1"));
'''),
        "wrong": "#include <string>\nbool valid_ipv4(const std::string& s) { int dots = 0; for (char c : s) "
                 "if (c == '.') dots++; return dots == 3; }\n",
    },
    {
        "id": "cpp/day-of-year",
        "style": "function",
        "category": "parsing",
        "difficulty": "medium",
        "prompt": "Write a C++ function `int day_of_year(const std::string& date)` that takes a valid "
                  "Gregorian date written as \"YYYY-MM-DD\" (years 1..9999) and returns its day number within "
                  "the year (January 1st is 1). A year is a leap year if it is divisible by 4, except "
                  "years divisible by 100 that are not divisible by 400. Include the headers you need. Do "
                  "not write a main function.",
        "entry_point": "day_of_year",
        "solution": r'''#include <string>
int day_of_year(const std::string& date) {
    int y = std::stoi(date.substr(0, 4));
    int m = std::stoi(date.substr(5, 2));
    int d = std::stoi(date.substr(8, 2));
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int n = d;
    for (int i = 0; i < m - 1; i++) n += days[i] + (i == 1 && leap ? 1 : 0);
    return n;
}
''',
        "test_code": _harness(r'''    CHECK(day_of_year("2023-01-01") == 1);
    CHECK(day_of_year("2023-12-31") == 365);
    CHECK(day_of_year("2024-12-31") == 366);
    CHECK(day_of_year("2024-03-01") == 61);
    CHECK(day_of_year("1900-03-01") == 60);
    CHECK(day_of_year("2000-03-01") == 61);
    CHECK(day_of_year("0001-02-28") == 59);
'''),
        "wrong": "#include <string>\nint day_of_year(const std::string& d) { int y = std::stoi(d.substr(0, 4)); "
                 "int m = std::stoi(d.substr(5, 2)); int dd = std::stoi(d.substr(8, 2)); "
                 "int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}; int n = dd; "
                 "for (int i = 0; i < m - 1; i++) n += days[i] + (i == 1 && y % 4 == 0); return n; }\n",
    },
    {
        "id": "cpp/eval-arithmetic",
        "style": "stdio",
        "category": "parsing",
        "difficulty": "hard",
        "prompt": "Write a C++ program that reads one line from standard input holding an arithmetic "
                  "expression (at most 200 characters) made of non-negative integers, the binary operators "
                  "`+ - * /`, unary minus, parentheses and spaces, and prints its value followed by a "
                  "newline. `*` and `/` bind tighter than `+` and `-`; operators of equal precedence are "
                  "evaluated left to right; `/` is integer division truncating toward zero as in C++. The "
                  "expression is valid, never divides by zero, and every intermediate value fits in a "
                  "64-bit signed integer. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
static std::string src;
static std::size_t pos_ = 0;
static char peek() { return pos_ < src.size() ? src[pos_] : '\0'; }
static long long expr();
static long long factor() {
    if (peek() == '-') {
        pos_++;
        return -factor();
    }
    if (peek() == '(') {
        pos_++;
        long long v = expr();
        pos_++;  // ')'
        return v;
    }
    long long v = 0;
    while (peek() >= '0' && peek() <= '9') v = v * 10 + (src[pos_++] - '0');
    return v;
}
static long long term() {
    long long v = factor();
    while (peek() == '*' || peek() == '/') {
        char op = src[pos_++];
        long long w = factor();
        v = (op == '*') ? v * w : v / w;
    }
    return v;
}
static long long expr() {
    long long v = term();
    while (peek() == '+' || peek() == '-') {
        char op = src[pos_++];
        long long w = term();
        v = (op == '+') ? v + w : v - w;
    }
    return v;
}
int main() {
    std::string line;
    std::getline(std::cin, line);
    for (char c : line)
        if (c != ' ') src += c;
    std::cout << expr() << "\n";
    return 0;
}
''',
        "inputs": ["1 + 2 * 3\n", "(1 + 2) * 3\n", "42\n", "7 - 10 / 3\n", "-7 / 2\n", "2 * (3 + 4) * -1\n",
                   "100 - 2 - 3\n", "((((5))))\n", "1000000 * 1000000 / 7\n", "-(3 - 10) * 2\n"],
        "oracle": _eval_expr,
    },
]
