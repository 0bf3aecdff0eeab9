"""The C++ test harness of function-style tasks (``tasksrc/cpp_*.py``).

Compiled after the candidate in one translation unit, so it includes its own headers and prefixes its
globals with ``halo_``. ``CHECK`` is variadic because C++ checks often hold braced lists with commas
(``CHECK(f({1, 2}) == std::vector<int>{2, 1})``), which a one-argument macro would split.
"""

_HEAD = r'''#include <cstdio>
#include <string>
#include <vector>
static int halo_passed, halo_total;
#define CHECK(...) do { halo_total++; if (__VA_ARGS__) halo_passed++; else printf("FAIL line %d: %s\n", __LINE__, #__VA_ARGS__); } while (0)
int main() {
'''
_TAIL = r'''    printf("HALO_RESULT %d %d\n", halo_passed, halo_total);
    return halo_passed == halo_total ? 0 : 1;
}
'''


def cpp_harness(body: str) -> str:
    """A C++ ``main`` running ``body`` (a sequence of ``CHECK(cond);``) and printing the HALO_RESULT line."""
    return _HEAD + body + _TAIL
