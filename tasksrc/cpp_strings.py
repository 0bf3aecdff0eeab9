"""C++ string tasks (g++ -std=c++17): stdio programs and functions called by a CHECK harness."""

from tasksrc._cpp_harness import cpp_harness as _harness


def _first_line(stdin):
    return stdin.split("\n")[0]


def _rle(s):
    out, i = [], 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(f"{s[i]}{j - i}")
        i = j
    return "".join(out)


def _caesar(stdin):
    lines = stdin.split("\n")
    k, text = int(lines[0]), lines[1]
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + k) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + k) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out) + "\n"


TASKS = [
    {
        "id": "cpp/upper-line",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads one line of text (at most 200 characters, possibly empty) "
                  "from standard input and prints the same line with every lowercase letter a-z changed to "
                  "uppercase, followed by a newline. All other characters stay unchanged. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    std::string s;
    std::getline(std::cin, s);
    for (char &c : s)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
    std::cout << s << "\n";
    return 0;
}
''',
        "inputs": ["hello\n", "\n", "MiXeD case 123!\n", "z\n"],
        "oracle": lambda stdin: "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c
                                        for c in _first_line(stdin)) + "\n",
        "wrong": "#include <iostream>\n#include <string>\nint main() { std::string s; std::getline(std::cin, s); "
                 "std::cout << s << \"\\n\"; return 0; }\n",
    },
    {
        "id": "cpp/count-vowels",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C++ function `int count_vowels(const std::string& s)` that returns how many "
                  "characters of s are vowels (a, e, i, o, u, in lowercase or uppercase). Include the headers "
                  "you need. Do not write a main function.",
        "entry_point": "count_vowels",
        "solution": r'''#include <string>
int count_vowels(const std::string& s) {
    int n = 0;
    for (char c : s) {
        switch (c) {
        case 'a': case 'e': case 'i': case 'o': case 'u':
        case 'A': case 'E': case 'I': case 'O': case 'U':
            n++;
            break;
        default:
            break;
        }
    }
    return n;
}
''',
        "test_code": _harness(r'''    CHECK(count_vowels("hello") == 2);
    CHECK(count_vowels("") == 0);
    CHECK(count_vowels("AEIOU aeiou") == 10);
    CHECK(count_vowels("rhythm") == 0);
    CHECK(count_vowels("Programming In C++") == 4);
'''),
        "wrong": "#include <string>\nint count_vowels(const std::string& s) { int n = 0; for (char c : s) "
                 "if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') n++; return n; }\n",
    },
    {
        "id": "cpp/is-palindrome",
        "style": "function",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C++ function `bool is_palindrome(const std::string& s)` that returns true if s "
                  "reads the same forwards and backwards, comparing characters exactly (case and spaces "
                  "matter). The empty string is a palindrome. Include the headers you need. Do not write a "
                  "main function.",
        "entry_point": "is_palindrome",
        "solution": r'''#include <string>
bool is_palindrome(const std::string& s) {
    std::size_t i = 0, j = s.size();
    while (i + 1 < j) {
        if (s[i] != s[j - 1]) return false;
        i++;
        j--;
    }
    return true;
}
''',
        "test_code": _harness(r'''    CHECK(is_palindrome("racecar"));
    CHECK(is_palindrome(""));
    CHECK(is_palindrome("a"));
    CHECK(is_palindrome("abba"));
    CHECK(!is_palindrome("ab"));
    CHECK(!is_palindrome("Aa"));
    CHECK(!is_palindrome("abca"));
'''),
        "wrong": "#include <string>\nbool is_palindrome(const std::string& s) { return !s.empty() && "
                 "s.front() == s.back(); }\n",
    },
    {
        "id": "cpp/word-count",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads one line of text (at most 200 characters, possibly empty) "
                  "from standard input and prints the number of words in it, followed by a newline. A word "
                  "is a maximal run of non-space characters; words are separated by one or more spaces, and "
                  "the line may start or end with spaces. Print nothing else.",
        "solution": r'''#include <iostream>
#include <sstream>
#include <string>
int main() {
    std::string line, w;
    std::getline(std::cin, line);
    std::istringstream in(line);
    int n = 0;
    while (in >> w) n++;
    std::cout << n << "\n";
    return 0;
}
''',
        "inputs": ["hello world\n", "\n", "   spaced    out   words  \n", "one\n", "a b c d e f\n"],
        "oracle": lambda stdin: f"{len(_first_line(stdin).split())}\n",
        "wrong": "#include <iostream>\n#include <string>\nint main() { std::string s; std::getline(std::cin, s); "
                 "int n = 1; for (char c : s) if (c == ' ') n++; std::cout << n << \"\\n\"; return 0; }\n",
    },
    {
        "id": "cpp/reverse-words",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::string reverse_words(const std::string& s)` that returns the "
                  "words of s in reverse order, joined by single spaces. Words are maximal runs of non-space "
                  "characters; s may contain several spaces between words and leading or trailing spaces, "
                  "which do not appear in the result. A string with no words gives \"\". Include the headers "
                  "you need. Do not write a main function.",
        "entry_point": "reverse_words",
        "solution": r'''#include <sstream>
#include <string>
#include <vector>
std::string reverse_words(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> words;
    std::string w;
    while (in >> w) words.push_back(w);
    std::string out;
    for (std::size_t i = words.size(); i > 0; i--) {
        if (!out.empty()) out += ' ';
        out += words[i - 1];
    }
    return out;
}
''',
        "test_code": _harness(r'''    CHECK(reverse_words("the sky is blue") == "blue is sky the");
    CHECK(reverse_words("") == "");
    CHECK(reverse_words("    ") == "");
    CHECK(reverse_words("single") == "single");
    CHECK(reverse_words("  hello   world  ") == "world hello");
'''),
        "wrong": "#include <string>\nstd::string reverse_words(const std::string& s) { return std::string(s.rbegin(), "
                 "s.rend()); }\n",
    },
    {
        "id": "cpp/run-length-encode",
        "style": "stdio",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C++ program that reads one line of lowercase letters (at most 200 characters, "
                  "possibly empty) from standard input and prints its run-length encoding followed by a "
                  "newline: each maximal run of the same letter becomes the letter followed by the run "
                  "length in decimal, for example `aaabcc` becomes `a3b1c2`. An empty line gives an empty "
                  "output line. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    std::string s, out;
    std::getline(std::cin, s);
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i;
        while (j < s.size() && s[j] == s[i]) j++;
        out += s[i];
        out += std::to_string(j - i);
        i = j;
    }
    std::cout << out << "\n";
    return 0;
}
''',
        "inputs": ["aaabcc\n", "\n", "a\n", "abc\n", "zzzzzzzzzzzz\n", "aabbaa\n"],
        "oracle": lambda stdin: _rle(_first_line(stdin)) + "\n",
    },
    {
        "id": "cpp/is-anagram",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C++ function `bool is_anagram(const std::string& a, const std::string& b)` that "
                  "returns true if b is a rearrangement of exactly the same characters as a (same characters "
                  "with the same counts; case matters). Two empty strings are anagrams. Include the headers "
                  "you need. Do not write a main function.",
        "entry_point": "is_anagram",
        "solution": r'''#include <algorithm>
#include <string>
bool is_anagram(const std::string& a, const std::string& b) {
    std::string x = a, y = b;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    return x == y;
}
''',
        "test_code": _harness(r'''    CHECK(is_anagram("listen", "silent"));
    CHECK(is_anagram("", ""));
    CHECK(!is_anagram("a", ""));
    CHECK(!is_anagram("aab", "abb"));
    CHECK(!is_anagram("Tea", "eat"));
    CHECK(is_anagram("dormitory", "dirtyroom"));
'''),
        "wrong": "#include <string>\nbool is_anagram(const std::string& a, const std::string& b) { return "
                 "a.size() == b.size(); }\n",
    },
    {
        "id": "cpp/common-prefix",
        "style": "function",
        "category": "strings",
        "difficulty": "medium",
        "prompt": "Write a C++ function `std::string common_prefix(const std::vector<std::string>& words)` "
                  "that returns the longest string that is a prefix of every string in words. If words is "
                  "empty, return \"\". Include the headers you need. Do not write a main function.",
        "entry_point": "common_prefix",
        "solution": r'''#include <string>
#include <vector>
std::string common_prefix(const std::vector<std::string>& words) {
    if (words.empty()) return "";
    std::string p = words[0];
    for (const std::string& w : words) {
        std::size_t i = 0;
        while (i < p.size() && i < w.size() && p[i] == w[i]) i++;
        p.resize(i);
    }
    return p;
}
''',
        "test_code": _harness(r'''    CHECK(common_prefix({"flower", "flow", "flight"}) == "fl");
    CHECK(common_prefix({}) == "");
    CHECK(common_prefix({"alone"}) == "alone");
    CHECK(common_prefix({"dog", "racecar", "car"}) == "");
    CHECK(common_prefix({"abc", "abc"}) == "abc");
    CHECK(common_prefix({"abc", ""}) == "");
'''),
        "wrong": "#include <string>\n#include <vector>\nstd::string common_prefix(const std::vector<std::string>& w) "
                 "{ return w.empty() ? \"\" : w[0]; }\n",
    },
    {
        "id": "cpp/caesar-shift",
        "style": "stdio",
        "category": "strings",
        "difficulty": "easy",
        "prompt": "Write a C++ program that reads an integer k (0 <= k <= 25) on the first line and a line "
                  "of text (at most 200 characters, possibly empty) on the second line from standard input. "
                  "Print the text with every letter shifted forward by k places in the alphabet, wrapping "
                  "around from z to a (uppercase letters stay uppercase, lowercase stay lowercase, all other "
                  "characters unchanged), followed by a newline. Print nothing else.",
        "solution": r'''#include <iostream>
#include <string>
int main() {
    int k = 0;
    std::string line;
    std::cin >> k;
    std::getline(std::cin, line);  // rest of the first line
    std::getline(std::cin, line);
    for (char &c : line) {
        if (c >= 'a' && c <= 'z') c = char('a' + (c - 'a' + k) % 26);
        else if (c >= 'A' && c <= 'Z') c = char('A' + (c - 'A' + k) % 26);
    }
    std::cout << line << "\n";
    return 0;
}
''',
        "inputs": ["3\nabc xyz\n", "0\nHello, World!\n", "25\nAbZ\n", "13\n\n", "1\nzoo 42\n"],
        "oracle": _caesar,
    },
    {
        "id": "cpp/longest-unique-substring",
        "style": "function",
        "category": "strings",
        "difficulty": "hard",
        "prompt": "Write a C++ function `int longest_unique(const std::string& s)` that returns the length "
                  "of the longest contiguous substring of s in which no character appears twice. s contains "
                  "printable ASCII characters and has at most 100000 characters; the empty string gives 0. "
                  "Include the headers you need. Do not write a main function.",
        "entry_point": "longest_unique",
        "solution": r'''#include <string>
#include <vector>
int longest_unique(const std::string& s) {
    std::vector<int> last(256, -1);
    int best = 0, start = 0;
    for (int i = 0; i < (int)s.size(); i++) {
        unsigned char c = (unsigned char)s[i];
        if (last[c] >= start) start = last[c] + 1;
        last[c] = i;
        if (i - start + 1 > best) best = i - start + 1;
    }
    return best;
}
''',
        "test_code": _harness(r'''    CHECK(longest_unique("abcabcbb") == 3);
    CHECK(longest_unique("") == 0);
    CHECK(longest_unique("bbbbb") == 1);
    CHECK(longest_unique("pwwkew") == 3);
    CHECK(longest_unique("abba") == 2);
    CHECK(longest_unique("a b c") == 3);
    CHECK(longest_unique(std::string(100000, 'x')) == 1);
    CHECK(longest_unique("abcdefghij") == 10);
'''),
        "wrong": "#include <string>\nint longest_unique(const std::string& s) { int best = 0, cur = 0; "
                 "for (std::size_t i = 0; i < s.size(); i++) { cur = (i > 0 && s[i] == s[i-1]) ? 1 : cur + 1; "
                 "if (cur > best) best = cur; } return best; }\n",
    },
]
