"""Shared pieces of the C test harnesses (the ``test_code`` of function-style tasks).

The harness is compiled after the candidate in one translation unit, so it includes its own headers and
prefixes its globals with ``halo_`` to stay clear of names a candidate may define.
"""


def c_harness(body: str, includes: tuple[str, ...] = (), prelude: str = "") -> str:
    """A C ``main`` running ``body`` (a sequence of ``CHECK(cond);``) and printing the HALO_RESULT line.

    ``prelude`` holds harness helpers (named ``halo_*``) placed before ``main``.
    """
    headers = "".join(f"#include <{h}>\n" for h in ("stdio.h",) + tuple(includes))
    return (headers
            + "static int halo_passed, halo_total;\n"
            + "#define CHECK(c) do { halo_total++; if (c) halo_passed++; "
              "else printf(\"FAIL line %d: %s\\n\", __LINE__, #c); } while (0)\n"
            + (prelude.strip("\n") + "\n" if prelude else "")
            + "int main(void) {\n" + body.strip("\n") + "\n"
            + "    printf(\"HALO_RESULT %d %d\\n\", halo_passed, halo_total);\n"
            + "    return halo_passed == halo_total ? 0 : 1;\n}\n")
