"""data generate against a real HTTP server on 127.0.0.1 speaking the chat-completions API.

The server answers from a script: good tasks, 429 and 500 before a success, a body that is not JSON, an
answer that is not JSON, a solution that does not compile, one that fails its own tests, a duplicate. The
client, the sandboxed verifier and the checkpoint are the real ones.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import REPO
from halo_forge.data.llm_api import BACKENDS, APIError, ChatClient, ResponseError
from halo_forge.tasks import read_tasks

SUM = r'''#include <stdio.h>
int main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\n", a + b); return 0; }
'''
MAX3 = r'''#include <stdio.h>
int main(void) { int a, b, c; scanf("%d %d %d", &a, &b, &c);
  int m = a > b ? a : b; printf("%d\n", m > c ? m : c); }
'''
REV = r'''#include <stdio.h>
#include <string.h>
int main(void) { char s[128]; if (!fgets(s, sizeof s, stdin)) s[0] = 0; size_t n = strcspn(s, "\n");
  for (size_t i = n; i > 0; i--) putchar(s[i - 1]); putchar('\n'); return 0; }
'''


def task_answer(prompt, solution, tests, **extra):
    return json.dumps({"prompt": prompt, "solution": solution,
                       "tests": [{"stdin": i, "expected_stdout": o} for i, o in tests],
                       "category": "arithmetic", "difficulty": "easy", **extra})


GOOD_SUM = task_answer("Read two integers from standard input and print their sum. Print nothing else.", SUM,
                       [("1 2\n", "3\n"), ("-5 5\n", "0\n"), ("1000000 1\n", "1000001\n")])
GOOD_MAX = task_answer("Read three integers and print the largest. Print nothing else.", MAX3,
                       [("1 2 3\n", "3\n"), ("3 2 1\n", "3\n"), ("-1 -2 -3\n", "-1\n")])
GOOD_REV = task_answer("Read one line and print it reversed. Print nothing else.", REV,
                       [("abc\n", "cba\n"), ("a\n", "a\n"), ("\n", "\n")])
NO_COMPILE = task_answer("Read an integer and print it doubled. Print nothing else.",
                         "int main(void) { int x = ; return 0 }\n", [("1\n", "2\n")] * 3)
WRONG_TESTS = task_answer("Read two integers and print their product. Print nothing else.", SUM,
                          [("2 3\n", "6\n"), ("1 1\n", "1\n"), ("0 5\n", "0\n")])
DUP_SUM = task_answer("  read two INTEGERS from standard input and print their sum.\n Print nothing else. ",
                      SUM, [("1 2\n", "3\n"), ("2 2\n", "4\n"), ("0 0\n", "0\n")])


def chat(content):
    return 200, {}, json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]})


def status(code, retry_after=None):
    return code, ({"Retry-After": str(retry_after)} if retry_after is not None else {}), '{"error": "busy"}'


class FakeLLM:
    """A chat-completions (and Anthropic messages) server answering from a script, one reply per request.

    A reply is ``(status, headers, body)``, ``("sleep", seconds, reply)`` or ``"hang"`` (never answers
    until the server stops).
    """

    def __init__(self, script):
        self.script = list(script)
        self.requests = []   # (time, path, headers, json body)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake.lock:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    fake.requests.append((time.monotonic(), self.path, headers, body))
                    reply = fake.script.pop(0) if fake.script else (503, {}, "script exhausted")
                if reply == "hang":
                    fake.stop.wait(60)
                    return
                if reply[0] == "sleep":
                    time.sleep(reply[1])
                    reply = reply[2]
                code, headers, text = reply
                data = text.encode()
                try:
                    self.send_response(code)
                    for key, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def generate_argv(url, out, *extra):
    return [sys.executable, "-m", "halo_forge", "data", "generate", "--backend", "openai", "--model", "test-model",
            "--base-url", url, "--topic", "integer arithmetic", "--output", str(out), "--retry-backoff", "0.01",
            "--requests-per-minute", "6000", *extra]


def run_generate(url, out, *extra, timeout=240):
    env = {**os.environ, "OPENAI_API_KEY": "sk-test"}
    return subprocess.run(generate_argv(url, out, *extra), capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=REPO)


def checkpoint_entries(out):
    lines = (out.parent / f"{out.name}.checkpoint.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_generate_keeps_only_verified_unique_tasks(tmp_path):
    out = tmp_path / "gen.jsonl"
    script = [chat(GOOD_SUM),                                   # attempt 0: kept
              status(429, retry_after=0), chat(NO_COMPILE),     # attempt 1: retried, then compile error
              status(500), (200, {}, "<html>oops</html>"),      # attempt 2: retried, then a body that is not JSON
              chat("Sure! Here is a task: {prompt: sum"),       # attempt 3: answer that is not JSON
              chat(WRONG_TESTS),                                # attempt 4: fails its own tests
              chat(DUP_SUM),                                    # attempt 5: duplicate prompt
              chat("Here you go:\n```json\n" + GOOD_MAX + "\n```\nEnjoy!"),   # attempt 6: kept
              chat(json.dumps({"prompt": "Print 1.", "solution": "int main(){}"})),  # attempt 7: no tests
              chat(GOOD_REV)]                                   # attempt 8: kept
    with FakeLLM(script) as llm:
        proc = run_generate(llm.url, out, "--num-tasks", "3")
        requests = list(llm.requests)
    assert proc.returncode == 0, proc.stderr
    tasks = read_tasks(out)
    assert [t.task_id for t in tasks] == ["gen/c/0001", "gen/c/0002", "gen/c/0003"]
    assert [t.prompt.split()[1] for t in tasks] == ["two", "three", "one"]
    assert all(t.language == "c" and len(t.tests) == 3 and t.reference_solution for t in tasks)
    assert tasks[0].metadata == {"source": "generated", "backend": "openai", "model": "test-model",
                                 "topic": "integer arithmetic", "style": "stdio"}
    entries = checkpoint_entries(out)
    assert entries[0]["settings"]["topic"] == "integer arithmetic"
    assert [(e["attempt"], e["status"]) for e in entries[1:]] == [
        (0, "kept"), (1, "failed"), (2, "malformed"), (3, "malformed"), (4, "failed"), (5, "duplicate"),
        (6, "kept"), (7, "invalid"), (8, "kept")]
    assert entries[2]["reason"].startswith("compile_error")
    assert entries[5]["reason"].startswith("wrong_answer")
    assert "tests: missing" in entries[8]["reason"]
    assert "11 HTTP requests" in proc.stdout and "3 verified tasks (9 attempts" in proc.stdout
    # The real wire format: path, auth header, model, and earlier tasks listed so the model varies.
    assert len(requests) == 11 and {r[1] for r in requests} == {"/v1/chat/completions"}
    assert requests[0][2]["authorization"] == "Bearer sk-test" and requests[0][3]["model"] == "test-model"
    assert [m["role"] for m in requests[0][3]["messages"]] == ["system", "user"]
    assert "integer arithmetic" in requests[0][3]["messages"][1]["content"]
    assert "Read two integers from standard input" in requests[1][3]["messages"][1]["content"]
    assert "Traceback" not in proc.stderr


def test_generate_resumes_after_kill_without_duplicates(tmp_path):
    out = tmp_path / "gen.jsonl"
    ckpt = out.parent / f"{out.name}.checkpoint.jsonl"
    env = {**os.environ, "OPENAI_API_KEY": "sk-test"}
    with FakeLLM([chat(GOOD_SUM), chat(GOOD_MAX), "hang"]) as llm:
        proc = subprocess.Popen(generate_argv(llm.url, out, "--num-tasks", "3"), env=env, cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and len(llm.requests) < 3:
                time.sleep(0.05)
            assert len(llm.requests) == 3, proc.stderr.read() if proc.poll() is not None else "slow"
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the whole run, mid-request, like a crash
            proc.wait()
    assert not out.exists()
    assert [e.get("status") for e in checkpoint_entries(out)] == [None, "kept", "kept"]
    with open(ckpt, "a") as handle:   # a torn line, as if killed while writing
        handle.write('{"attempt": 2, "status": "ke')
    with FakeLLM([chat(GOOD_MAX), chat(GOOD_REV)]) as llm:
        proc = run_generate(llm.url, out, "--num-tasks", "3")
        first_prompt = llm.requests[0][3]["messages"][1]["content"]
    assert proc.returncode == 0, proc.stderr
    assert "resuming after 2 attempts, 2 tasks kept" in proc.stdout
    assert "Read three integers" in first_prompt   # the kept tasks from before steer the new requests
    tasks = read_tasks(out)
    assert [t.prompt.split()[1] for t in tasks] == ["two", "three", "one"]
    assert len({t.task_id for t in tasks}) == 3
    assert [(e["attempt"], e["status"]) for e in checkpoint_entries(out)[1:]] == [
        (0, "kept"), (1, "kept"), (2, "duplicate"), (3, "kept")]
    # A finished run asks for nothing more.
    with FakeLLM([]) as llm:
        proc = run_generate(llm.url, out, "--num-tasks", "3")
        assert proc.returncode == 0 and llm.requests == []


def test_budget_exhausted_writes_what_was_kept_and_fails(tmp_path):
    out = tmp_path / "gen.jsonl"
    with FakeLLM([chat(GOOD_SUM), chat(NO_COMPILE)]) as llm:
        proc = run_generate(llm.url, out, "--num-tasks", "2", "--max-attempts", "2")
    assert proc.returncode == 1
    assert "only 1 of 2 tasks after 2 attempts" in proc.stderr and len(read_tasks(out)) == 1


def test_settings_mismatch_and_missing_key_are_one_line_errors(tmp_path):
    out = tmp_path / "gen.jsonl"
    with FakeLLM([chat(GOOD_SUM)]) as llm:
        assert run_generate(llm.url, out, "--num-tasks", "1").returncode == 0
        proc = subprocess.run(generate_argv(llm.url, out, "--num-tasks", "2", "--language", "cpp"),
                              capture_output=True, text=True, env={**os.environ, "OPENAI_API_KEY": "k"},
                              cwd=REPO, timeout=120)
    assert proc.returncode == 2 and "written for other settings" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    proc = subprocess.run(generate_argv("http://127.0.0.1:9/v1", tmp_path / "x.jsonl"), capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("halo-forge: error: data.api_key_env: OPENAI_API_KEY is not set; the openai "
                                   "backend needs an API key")


# ------------------------------------------------------------------------------ the client on its own

def client(url, **kwargs):
    options = {"max_retries": 3, "timeout": 5.0, "backoff": 0.01, "requests_per_minute": 6000.0, **kwargs}
    return ChatClient(BACKENDS["openai"], "m", url, "k", **options)


def test_backoff_doubles_and_timeouts_are_retried():
    script = [status(503), status(502), ("sleep", 1.5, chat("late")), chat("ok")]
    with FakeLLM(script) as llm:
        c = client(llm.url, backoff=0.2, timeout=0.5)
        assert c.complete("s", "u") == "ok"
        times = [r[0] for r in llm.requests]
    assert c.requests == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert 0.2 <= gaps[0] < 0.6 and 0.4 <= gaps[1] < 1.0          # 0.2 s, then 0.4 s
    assert gaps[2] >= 0.5 + 0.8                                    # the 0.5 s timeout, then 0.8 s


def test_gives_up_after_max_retries_and_permanent_errors_are_not_retried():
    with FakeLLM([status(500)] * 4) as llm:
        with pytest.raises(APIError, match="giving up after 3 retries: HTTP 500"):
            client(llm.url).complete("s", "u")
        assert len(llm.requests) == 4
    with FakeLLM([(401, {}, '{"error": {"message": "Incorrect API key"}}')]) as llm:
        with pytest.raises(APIError, match="HTTP 401.*Incorrect API key"):
            client(llm.url).complete("s", "u")
        assert len(llm.requests) == 1
    with pytest.raises(APIError, match="cannot connect"):
        client("http://127.0.0.1:9/v1", max_retries=1).complete("s", "u")


def test_malformed_bodies_raise_response_error():
    with FakeLLM([(200, {}, "not json"), (200, {}, '{"choices": []}'), chat("  ")]) as llm:
        c = client(llm.url)
        for reason in ("not JSON", "no answer text", "empty answer"):
            with pytest.raises(ResponseError, match=reason):
                c.complete("s", "u")


def test_rate_limit_spaces_requests():
    with FakeLLM([chat("a")] * 4) as llm:
        c = client(llm.url, requests_per_minute=300.0)   # one start per 0.2 s
        for _ in range(4):
            c.complete("s", "u")
        times = [r[0] for r in llm.requests]
    assert times[-1] - times[0] >= 0.55


def test_anthropic_messages_api():
    blocks = [{"type": "text", "text": "hello "}, {"type": "text", "text": "there"}]
    reply = (200, {}, json.dumps({"content": blocks}))
    with FakeLLM([reply]) as llm:
        c = ChatClient(BACKENDS["anthropic"], "claude-x", llm.url, "ak", max_tokens=100)
        assert c.complete("sys", "hi") == "hello there"
        _, path, headers, body = llm.requests[0]
    assert path == "/v1/messages" and headers["x-api-key"] == "ak" and headers["anthropic-version"]
    assert body == {"model": "claude-x", "max_tokens": 100, "temperature": 0.8, "system": "sys",
                    "messages": [{"role": "user", "content": "hi"}]}


HARNESS = r'''#include <stdio.h>
static int passed, total;
#define CHECK(c) do { total++; if (c) passed++; } while (0)
int main(void) {
    CHECK(gcd(12, 18) == 6);
    CHECK(gcd(0, 5) == 5);
    CHECK(gcd(17, 13) == 1);
    printf("HALO_RESULT %d %d\n", passed, total);
    return passed == total ? 0 : 1;
}
'''


def function_answer(solution):
    return json.dumps({"prompt": "Write a C function `int gcd(int a, int b)`. Do not write a main function.",
                       "entry_point": "gcd", "solution": f"```c\n{solution}```", "test_code": HARNESS,
                       "category": "arithmetic", "difficulty": "easy"})


def test_function_style_tasks_run_their_harness(tmp_path):
    out = tmp_path / "gen.jsonl"
    good = "int gcd(int a, int b) { while (b) { int t = a % b; a = b; b = t; } return a; }\n"
    wrong = "int gcd(int a, int b) { return a; }\n"
    with FakeLLM([chat(function_answer(wrong)), chat(function_answer(good))]) as llm:
        proc = run_generate(llm.url, out, "--num-tasks", "1", "--style", "function")
        request = llm.requests[0][3]["messages"][1]["content"]
    assert proc.returncode == 0, proc.stderr
    assert "HALO_RESULT <passed> <total>" in request and "entry_point" in request
    (task,) = read_tasks(out)
    assert task.entry_point == "gcd" and task.test_code == HARNESS and not task.tests
    assert task.reference_solution == good   # the fence around the solution was taken off
    assert [e["status"] for e in checkpoint_entries(out)[1:]] == ["failed", "kept"]
