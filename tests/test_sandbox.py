"""Hostile programs against the real sandbox (bubblewrap here; whatever mode the machine offers in CI).

Every case goes through the verifier the way training does (compile inside the sandbox, run inside it)
and must be contained: killed within its limit plus a margin, with the host unaffected afterwards.
"""

import os
import secrets
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO
from halo_forge import sandbox
from halo_forge.rlvr.verifiers import GCCVerifier

RUN_TIMEOUT = 1.5
COMPILE_TIMEOUT = 8.0
MARGIN = 4.0  # the machine is shared: generous, but far below "never killed"
ISOLATED = sandbox.sandbox_mode() in ("bwrap", "namespaces")
FS_HIDDEN = sandbox.sandbox_mode() == "bwrap"
NONCE = secrets.token_hex(4)


@pytest.fixture(scope="module")
def work_root():
    """This module's own TMPDIR for the workers' sample directories, so leftovers can be counted."""
    root = Path(tempfile.mkdtemp(prefix="halo-test-sandbox-", dir="/tmp"))
    root.chmod(0o755)  # the sandbox uid must reach its work dirs inside
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def verifier(work_root):
    old = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(work_root)  # inherited by the worker processes started below
    try:
        with GCCVerifier(run_after_compile=True, run_timeout=RUN_TIMEOUT, timeout=COMPILE_TIMEOUT,
                         memory_limit_mb=128, compile_memory_mb=256, max_workers=2, cache=False) as v:
            v.verify(c_program("int main(void) { return 0; }"))  # start the workers under this TMPDIR
            yield v
    finally:
        if old is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = old


def c_program(body: str, includes: str = "") -> str:
    return ("```c\n#define _GNU_SOURCE\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
            "#include <unistd.h>\n#include <sys/prctl.h>\n" + includes + "\n" + body + "\n```")


def named(name: str) -> str:
    """C statement giving the process a unique name we can look for in the host's /proc."""
    return f'prctl(PR_SET_NAME, "{name}", 0, 0, 0);'


def live_processes_named(name: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "comm").read_text().strip() == name:
                    stat = (proc / "stat").read_text()
                    if stat.rsplit(")", 1)[1].split()[0] != "Z":
                        found.append(int(proc.name))
            except OSError:
                continue
    return found


def timed(verifier, code, task=None):
    start = time.monotonic()
    result = verifier.verify(code, task)
    return result, time.monotonic() - start


# name, program, expected statuses, seconds allowed (limit + margin)
HOSTILE = [
    ("fork bomb", c_program(f"int main(void) {{ {named('hfork' + NONCE)} for (;;) fork(); }}"),
     {"timeout"}, RUN_TIMEOUT + MARGIN),
    ("infinite loop", c_program("int main(void) { volatile unsigned long i = 0; for (;;) i++; }"),
     {"timeout"}, RUN_TIMEOUT + MARGIN),
    ("memory bomb", c_program("int main(void) { for (;;) { char *p = malloc(1 << 24); if (p) "
                              "memset(p, 1, 1 << 24); } }"),
     {"runtime_error", "timeout"}, RUN_TIMEOUT + MARGIN),
    ("10 GB file", c_program("int main(void) { static char buf[1 << 20]; FILE *f = fopen(\"big\", \"w\");"
                             " for (int i = 0; i < 10240; i++) fwrite(buf, 1, sizeof buf, f); return 0; }"),
     {"runtime_error"}, RUN_TIMEOUT + MARGIN),
    ("stdout flood", c_program("int main(void) { for (;;) puts(\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"); }"),
     {"runtime_error"}, RUN_TIMEOUT + MARGIN),
    ("include /dev/zero", "```c\n#include \"/dev/zero\"\nint main(void) { return 0; }\n```",
     {"compile_error"}, COMPILE_TIMEOUT + MARGIN),
    ("include /dev/urandom", "```c\n#include \"/dev/urandom\"\nint main(void) { return 0; }\n```",
     {"compile_error"}, COMPILE_TIMEOUT + MARGIN),
]


@pytest.mark.parametrize("name,code,statuses,allowed", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_program_is_contained(verifier, name, code, statuses, allowed):
    result, seconds = timed(verifier, code)
    assert result.status in statuses, (name, result)
    assert not result.success and result.reward <= 0.5
    assert seconds < allowed, f"{name}: took {seconds:.1f}s, limit {allowed}s"


def test_fork_bomb_leaves_no_process(verifier):
    name = "hforkb" + NONCE
    result, _ = timed(verifier, c_program(f"int main(void) {{ {named(name)} for (;;) fork(); }}"))
    assert result.status == "timeout"
    time.sleep(0.3)
    assert live_processes_named(name) == []


def test_child_outliving_its_parent_is_gone(verifier):
    name = "horph" + NONCE
    body = (f"int main(void) {{ if (fork() == 0) {{ setsid(); {named(name)} sleep(30); return 0; }} "
            "sleep(1); puts(\"parent done\"); return 0; }")
    result, seconds = timed(verifier, c_program(body))
    assert result.status == "runs", result
    time.sleep(0.3)
    assert live_processes_named(name) == [], "the orphaned child survived the sandbox"
    assert seconds < RUN_TIMEOUT + MARGIN


@pytest.mark.skipif(not ISOLATED, reason="no network namespace in rlimits mode")
def test_tcp_connect_to_host_listener_fails(verifier):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted = []

    def accept():
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            try:
                conn, _ = server.accept()
                accepted.append(conn)
            except socket.timeout:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept)
    thread.start()
    body = ("int main(void) { int s = socket(AF_INET, SOCK_STREAM, 0); struct sockaddr_in a = {0}; "
            f"a.sin_family = AF_INET; a.sin_port = htons({port}); a.sin_addr.s_addr = htonl(0x7f000001); "
            "if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) { puts(\"CONNECTED\"); return 0; }"
            " puts(\"blocked\"); return 1; }")
    result, _ = timed(verifier, c_program(body, "#include <sys/socket.h>\n#include <netinet/in.h>\n"
                                                "#include <arpa/inet.h>\n"))
    thread.join()
    server.close()
    assert accepted == [], "the sandboxed program reached a listener on the host"
    assert result.status == "runtime_error", result


def test_writes_outside_the_work_dir_do_not_reach_the_host(verifier, tmp_path):
    tmp_path.chmod(0o777)  # even a world-writable host directory must stay out of reach
    targets = [tmp_path / f"escape-{NONCE}", REPO / f".escape-{NONCE}", Path("/tmp") / f"escape-{NONCE}"]
    writes = " ".join(f'f = fopen("{t}", "w"); if (f) {{ fputs("x", f); fclose(f); n++; }}' for t in targets)
    result, _ = timed(verifier, c_program(f"int main(void) {{ FILE *f; int n = 0; {writes} "
                                          "printf(\"%d\\n\", n); return 0; }"))
    assert result.status == "runs", result
    for target in targets:
        assert not target.exists(), f"sandboxed code wrote {target}"
        target.unlink(missing_ok=True)


@pytest.mark.skipif(not FS_HIDDEN, reason="only bubblewrap hides the host filesystem")
def test_checkout_and_home_are_unreadable(verifier):
    home_secret = Path.home() / f".halo-secret-{NONCE}"
    home_secret.write_text(f"HOME-SECRET-{NONCE}\n")
    home_secret.chmod(0o644)  # readable by anyone on the host: only the sandbox may hide it
    try:
        paths = [REPO / "pyproject.toml", home_secret]
        reads = " ".join(f'f = fopen("{p}", "r"); if (f && fgets(line, sizeof line, f)) printf("READ %s", line);'
                         for p in paths)
        tasks_expected = ExpectedOutput("")
        result, _ = timed(verifier, c_program(f"int main(void) {{ FILE *f; char line[256]; {reads} "
                                              "puts(\"done\"); return 0; }"), tasks_expected.task)
    finally:
        home_secret.unlink()
    assert result.status == "pass", result  # stdout was exactly "done": nothing was read


def test_environment_secret_is_invisible(monkeypatch):
    secret = f"sk-test-{NONCE}"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    body = ('int main(void) { const char *k = getenv("OPENAI_API_KEY"); if (k) printf("ENV %s\\n", k); '
            'char path[64], buf[8192]; for (int pid = 1; pid < 64; pid++) { snprintf(path, sizeof path, '
            '"/proc/%d/environ", pid); FILE *f = fopen(path, "r"); if (!f) continue; size_t n = fread(buf, 1, '
            'sizeof buf - 1, f); fclose(f); for (size_t i = 0; i < n; i++) if (!buf[i]) buf[i] = \'\\n\'; '
            'buf[n] = 0; if (strstr(buf, "OPENAI")) printf("PROC %s\\n", buf); } puts("done"); return 0; }')
    # A fresh verifier: its workers start now, with the secret in their environment.
    with GCCVerifier(run_after_compile=True, expected_output="done\n", run_timeout=RUN_TIMEOUT,
                     max_workers=1, cache=False) as fresh:
        result = fresh.verify(c_program(body))
    assert secret not in str(result.to_dict())
    assert result.status == "pass", result


@pytest.mark.skipif(not FS_HIDDEN or sandbox.seccomp_program() is None, reason="seccomp needs bwrap on x86_64")
def test_seccomp_blocks_kernel_attack_surface(verifier):
    body = ('int main(void) { printf("inet %d\\n", socket(AF_INET, SOCK_STREAM, 0) < 0 && errno == EPERM); '
            'printf("ptrace %d\\n", ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 && errno == EPERM); '
            'printf("io_uring %d\\n", syscall(425, 8, 0) < 0 && errno == EPERM); '
            'printf("unshare %d\\n", syscall(SYS_unshare, 0x10000000) < 0 && errno == EPERM); '
            'printf("unix %d\\n", socket(AF_UNIX, SOCK_STREAM, 0) >= 0); '
            'fflush(stdout); pid_t child = fork(); if (child == 0) _exit(0); '
            'printf("fork %d\\n", child > 0); return 0; }')
    task = ExpectedOutput("", "inet 1\nptrace 1\nio_uring 1\nunshare 1\nunix 1\nfork 1\n").task
    result, _ = timed(verifier, c_program(body, "#include <errno.h>\n#include <sys/socket.h>\n"
                                                "#include <sys/ptrace.h>\n#include <sys/syscall.h>\n"), task)
    assert result.status == "pass", result


def test_host_is_unaffected_afterwards(verifier, work_root):
    result = verifier.verify(c_program('int main(void) { puts("ok"); return 0; }'))
    assert result.status == "runs" and result.reward == 0.7
    assert shutil.disk_usage("/tmp").free > 64 * 2**20
    assert list(work_root.iterdir()) == []  # every sample's directory (and the 10 GB file) is gone


def test_run_outside_a_worker_uses_rlimits_and_reports_exit(tmp_path):
    """The low-level API: a command run from a plain process, with stdin and an exit code."""
    with sandbox.work_dir() as work:
        result = sandbox.run(["sh", "-c", "read x; echo got $x; exit 3"], work, stdin="hi\n",
                             limits=sandbox.Limits(timeout=5))
        bomb = sandbox.run(["python3", "-c", "x = bytearray(300 * 2**20)"], work,
                           limits=sandbox.Limits(timeout=10, memory_mb=100))  # RLIMIT_AS, no cgroup here
    assert result.stdout == "got hi\n" and result.returncode == 3 and result.status == "exit"
    assert bomb.returncode == 1 and "MemoryError" in bomb.stderr


def test_info_reports_the_sandbox_mode(cli):
    proc = cli("info")
    assert proc.returncode == 0
    line = next(line for line in proc.stdout.splitlines() if line.startswith("sandbox"))
    assert sandbox.sandbox_mode() in line


class ExpectedOutput:
    """A task whose only test expects ``expected`` (default ``done``) on stdout."""

    def __init__(self, stdin: str, expected: str = "done\n"):
        from halo_forge.tasks import Task, TestCase
        self.task = Task(task_id="probe", prompt="probe", language="c",
                         tests=[TestCase(stdin=stdin, expected_stdout=expected)])


@pytest.mark.parametrize("mode", ["namespaces", "rlimits"])
def test_fallback_modes_run_and_contain(monkeypatch, mode):
    """Forced fallbacks (HALO_FORGE_SANDBOX) still verify correctly, keep secrets out and kill runaways."""
    if mode == "namespaces" and shutil.which("unshare") is None:
        pytest.skip("unshare not installed")
    monkeypatch.setenv("HALO_FORGE_SANDBOX", mode)
    monkeypatch.setenv("OPENAI_API_KEY", f"sk-fallback-{NONCE}")
    from halo_forge.tasks import Task, TestCase
    sum_task = Task(task_id="sum", prompt="sum", language="c", tests=[TestCase("1 2\n", "3\n")])
    name = "hfb" + NONCE
    with GCCVerifier(run_after_compile=True, run_timeout=1.0, max_workers=2, cache=False) as fresh:
        good, bomb, env = fresh.verify_batch(
            [c_program('int main(void) { long a, b; scanf("%ld %ld", &a, &b); printf("%ld\\n", a + b); }'),
             c_program(f"int main(void) {{ {named(name)} for (;;) fork(); }}"),
             c_program('int main(void) { puts(getenv("OPENAI_API_KEY") ? "LEAK" : "clean"); return 0; }')],
            tasks=[sum_task, None, ExpectedOutput("", "clean\n").task])
    assert (good.status, good.reward) == ("pass", 1.0), good
    assert bomb.status == "timeout", bomb
    assert env.status == "pass", env
    time.sleep(0.3)
    assert live_processes_named(name) == []
