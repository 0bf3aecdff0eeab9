"""RemoteMSVCVerifier end to end: a real sshd on 127.0.0.1, a throwaway key, and the POSIX stand-in of
the Windows build server (gcc in cl's clothes) as the remote command."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO
from halo_forge.rlvr.verifiers.remote_msvc import RemoteMSVCVerifier, count_cl_warnings
from halo_forge.tasks import Task, TestCase

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
SERVER = REPO / "toolbox" / "windows" / "msvc_server_posix.py"

HELLO = "```c\n#include <stdio.h>\nint main(void) { printf(\"hello\\n\"); return 0; }\n```"
ADD = "```c\n#include <stdio.h>\nint main(void) { int a, b; if (scanf(\"%d %d\", &a, &b) != 2) return 1; " \
      "printf(\"%d\\n\", a + b); return 0; }\n```"
LINES = "```c\n#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); for (int i = 1; i <= n; i++) " \
        "printf(\"line %d\\n\", i); return 0; }\n```"
WARN = "```c\n#include <stdio.h>\nint main(void) { int unused; printf(\"x\\n\"); return 0; }\n```"
BROKEN = "```c\nint main(void) { return undefined_thing; }\n```"
SPIN = "```c\nint main(void) { volatile unsigned long i = 0; for (;;) i++; }\n```"
SLOW = "```c\n#include <unistd.h>\n#include <stdio.h>\nint main(void) { sleep(4); puts(\"late\"); return 0; }\n```"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    if not Path(SSHD).exists() or shutil.which("ssh") is None:
        pytest.fail("openssh-server and openssh-client are required (scripts/system-packages.txt installs them)")
    home = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(home / name)], check=True)
    (home / "authorized_keys").write_text((home / "client_key.pub").read_text())
    # The server's job folders must be reachable by the sandbox uid (pytest's tmp root is private).
    remote_tmp = Path(tempfile.mkdtemp(prefix="halo-msvc-remote-"))
    remote_tmp.chmod(0o755)
    port = _free_port()
    (home / "sshd_config").write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {home / 'host_key'}
AuthorizedKeysFile {home / 'authorized_keys'}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
PidFile {home / 'sshd.pid'}
MaxStartups 50
MaxSessions 50
LogLevel ERROR
""")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(home / "sshd_config")], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        if proc.poll() is not None:
            pytest.fail(f"sshd did not start: {proc.stderr.read().decode()}")
        time.sleep(0.05)
    info = {"port": port, "key": str(home / "client_key"), "known_hosts": str(home / "known_hosts"),
            "pid": proc.pid, "remote_tmp": remote_tmp,
            "command": f"TMPDIR={remote_tmp} {sys.executable} {SERVER}", "user": os.environ.get("USER") or "root"}
    yield info
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(remote_tmp, ignore_errors=True)


def make_verifier(sshd, **kwargs) -> RemoteMSVCVerifier:
    import getpass
    return RemoteMSVCVerifier(host="127.0.0.1", user=getpass.getuser(), ssh_key=sshd["key"], port=sshd["port"],
                              remote_command=sshd["command"], known_hosts_file=sshd["known_hosts"],
                              ssh_options=["-o", "LogLevel=ERROR"], **kwargs)


def test_cl_warning_parser():
    out = "solution.c(3): warning C4101: 'unused': unreferenced local variable\nharness.c(2): warning C4100: x"
    assert count_cl_warnings(out) == 1


def test_compile_ladder(sshd):
    with make_verifier(sshd, max_workers=1) as verifier:
        clean, warn, broken = verifier.verify_batch([HELLO, WARN, BROKEN])
    assert (clean.status, clean.reward, clean.success) == ("compile_ok", 0.5, True)
    assert (warn.status, warn.reward, warn.success) == ("compile_warning", 0.3, True)
    assert "C4101" in warn.metadata["compile_stderr"]  # cl-style diagnostics from the server
    assert (broken.status, broken.reward, broken.success) == ("compile_error", 0.0, False)
    assert "error C" in broken.error
    assert list(sshd["remote_tmp"].iterdir()) == []  # every job's remote folder removed


def test_warn_as_error_and_flags(sshd):
    with make_verifier(sshd, max_workers=1, warn_as_error=True) as verifier:
        assert verifier.verify(WARN).status == "compile_error"
    with make_verifier(sshd, max_workers=1, flags=["/nologo", "/W0"]) as verifier:
        assert verifier.verify(WARN).status == "compile_ok"


def test_run_with_stdin_and_multiline_output(sshd):
    task = Task(task_id="add", prompt="add", language="c",
                tests=[TestCase("2 3\n", "5\n"), TestCase("-4 4\n", "0\n")])
    lines = Task(task_id="lines", prompt="lines", language="c", tests=[TestCase("3\n", "line 1\nline 2\nline 3\n")])
    with make_verifier(sshd, max_workers=1, run_after_compile=True) as verifier:
        add, many, wrong, runs = verifier.verify_batch([ADD, LINES, HELLO, HELLO], tasks=[task, lines, task, None])
    assert (add.status, add.reward, add.success) == ("pass", 1.0, True)
    assert (many.status, many.reward) == ("pass", 1.0)
    assert (wrong.status, wrong.success) == ("wrong_answer", False) and wrong.reward == pytest.approx(0.7)
    assert (runs.status, runs.reward, runs.success) == ("runs", 0.7, True)


def test_expected_output_preserves_lines(sshd):
    with make_verifier(sshd, max_workers=1, run_after_compile=True, stdin_input="2\n",
                       expected_output="line 1\nline 2\n") as verifier:
        assert verifier.verify(LINES).reward == 1.0
    with make_verifier(sshd, max_workers=1, run_after_compile=True, stdin_input="2\n",
                       expected_output="line 1 line 2\n") as verifier:  # upstream's flattened output
        assert verifier.verify(LINES).status == "wrong_answer"


def test_timeout_is_killed_on_the_remote_side(sshd):
    with make_verifier(sshd, max_workers=1, run_after_compile=True, run_timeout=1.0) as verifier:
        start = time.monotonic()
        result = verifier.verify(SPIN)
        elapsed = time.monotonic() - start
        assert (result.status, result.reward, result.success) == ("timeout", 0.5, False)
        assert elapsed < 8
        left = [p for p in _descendants(sshd["pid"]) if "solution" in _cmdline(p)]
        assert left == []  # nothing of the program survives on the server
    assert list(sshd["remote_tmp"].iterdir()) == []


def test_parallel_workers_reuse_connections(sshd):
    codes = [ADD.replace("a + b", f"a + b + {i}") for i in range(6)]
    task = Task(task_id="add0", prompt="add", language="c", tests=[TestCase("1 1\n", "2\n")])
    with make_verifier(sshd, max_workers=2, run_after_compile=True) as verifier:
        results = verifier.verify_batch(codes, tasks=[task] * 6)
    assert [r.status for r in results] == ["pass"] + ["wrong_answer"] * 5  # order kept
    sessions = {r.metadata["server_session"] for r in results}
    assert 1 <= len(sessions) <= 2  # six samples, at most one SSH session per worker


def test_connection_loss_mid_batch(sshd):
    task = Task(task_id="add", prompt="add", language="c", tests=[TestCase("2 3\n", "5\n")])
    killed = threading.Event()

    def kill_sessions_when_slow_sample_runs():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            procs = _descendants(sshd["pid"])
            if any("./solution" in _cmdline(p) for p in procs):
                for pid in procs:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                killed.set()
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_sessions_when_slow_sample_runs)
    killer.start()
    with make_verifier(sshd, max_workers=1, run_after_compile=True, run_timeout=10) as verifier:
        results = verifier.verify_batch([SLOW, ADD, ADD.replace("a + b", "a + b + 0")], tasks=[None, task, task])
    killer.join()
    assert killed.is_set()
    lost, after1, after2 = results
    assert not lost.success and lost.reward == 0.0 and "connection lost" in lost.error
    assert lost.metadata["infrastructure_error"] is True
    assert after1.status == "pass" and after2.status == "pass"  # the batch went on over a new connection


def test_unreachable_server_reports_every_sample(sshd):
    verifier = RemoteMSVCVerifier(host="127.0.0.1", port=_free_port(), ssh_key=sshd["key"], max_workers=1,
                                  connect_timeout=5, known_hosts_file=sshd["known_hosts"])
    with verifier:
        results = verifier.verify_batch([HELLO, ADD])
    assert len(results) == 2
    assert all(not r.success and "connection lost" in r.error for r in results)


def test_info_checks_the_build_server(sshd, cli):
    import getpass
    ok = cli("info", "--msvc", "127.0.0.1", "--msvc-port", str(sshd["port"]), "--msvc-user", getpass.getuser(),
             "--msvc-key", sshd["key"], "--msvc-command", sshd["command"],
             "--msvc-known-hosts", sshd["known_hosts"])
    assert ok.returncode == 0, ok.stderr
    assert "msvc" in ok.stdout and "hello world: runs" in ok.stdout
    bad = cli("info", "--msvc", "127.0.0.1", "--msvc-port", str(_free_port()), "--msvc-key", sshd["key"],
              "--msvc-known-hosts", sshd["known_hosts"])
    assert bad.returncode == 1
    assert "connection lost" in bad.stdout + bad.stderr
