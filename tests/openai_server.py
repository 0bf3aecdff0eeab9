"""A small OpenAI-compatible server on 127.0.0.1 for the tests: the endpoints the ``openai`` engine uses,
backed by the real HF engine and a (tiny) transformers model.

    GET  /v1/models                  the base model and every loaded adapter
    POST /v1/chat/completions        messages, n, temperature, top_p, top_k, max_tokens, seed, stop
    POST /v1/load_lora_adapter       {"lora_name", "lora_path"}: a PEFT adapter directory, really loaded
    POST /v1/unload_lora_adapter     {"lora_name"}

Like vLLM, it generates until EOS, ``max_tokens`` or a stop string (it knows nothing about code blocks),
answers 400 for an adapter name loaded twice and 404 for an unknown model. ``fail_next(429, 500, ...)``
makes the next requests fail with those statuses (``Retry-After: 0``), to test the client's retries.
Every request body is kept in ``requests`` (path, body).
"""

from __future__ import annotations

import copy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from halo_forge.config import GenerationConfig, ModelConfig
from halo_forge.generation import FINISH_LENGTH, HFEngine


class OpenAIServer:
    def __init__(self, model: Any, tokenizer: Any, name: str = "tiny-base"):
        self.name, self.tokenizer = name, tokenizer
        self.models: dict[str, Any] = {name: model.eval()}     # served name -> model (adapters on copies)
        self.adapter_paths: dict[str, str] = {}
        self.requests: list[tuple[str, dict]] = []
        self.failures: list[int] = []
        self.lock = threading.Lock()             # one generation at a time: the model is not thread-safe
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def __enter__(self) -> "OpenAIServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.shutdown()
        self.http.server_close()

    def fail_next(self, *statuses: int) -> None:
        self.failures.extend(statuses)

    # -- endpoints: (status, JSON reply)

    def list_models(self) -> tuple[int, dict]:
        return 200, {"object": "list", "data": [{"id": name, "object": "model"} for name in self.models]}

    def chat(self, body: dict) -> tuple[int, dict]:
        model = self.models.get(body.get("model"))
        if model is None:
            return 404, {"error": {"message": f"The model `{body.get('model')}` does not exist."}}
        system = next((m["content"] for m in body["messages"] if m["role"] == "system"), "")
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        n = int(body.get("n", 1))
        sampling = GenerationConfig(temperature=body.get("temperature", 1.0), top_p=body.get("top_p", 1.0),
                                    top_k=body.get("top_k", 0), max_new_tokens=body.get("max_tokens", 16),
                                    seed=body.get("seed", 0), stop_at_code_end=False, static_cache="off")
        engine = HFEngine(model, self.tokenizer, ModelConfig(system_prompt=system), progress=False)
        with self.lock:
            completions = engine.generate([user], n, sampling)[0]
        choices = []
        for index, completion in enumerate(completions):
            text, reason = completion.text, "length" if completion.finish_reason == FINISH_LENGTH else "stop"
            cuts = [text.find(s) for s in body.get("stop") or [] if s in text]
            if cuts:
                text, reason = text[:min(cuts)], "stop"
            choices.append({"index": index, "message": {"role": "assistant", "content": text},
                            "finish_reason": reason})
        usage = sum(c.num_tokens for c in completions)
        return 200, {"object": "chat.completion", "model": body["model"], "choices": choices,
                     "usage": {"completion_tokens": usage}}

    def load_adapter(self, body: dict) -> tuple[int, dict]:
        from peft import PeftModel

        name, path = body["lora_name"], body["lora_path"]
        if name in self.models:
            return 400, {"error": {"message": f"The lora adapter '{name}' has already been loaded."}}
        if not (Path(path) / "adapter_config.json").exists():
            return 400, {"error": {"message": f"no adapter at {path}"}}
        base = self.models[self.name]
        self.models[name] = PeftModel.from_pretrained(copy.deepcopy(base), path).eval()
        self.adapter_paths[name] = path
        return 200, {"message": f"Success: LoRA adapter '{name}' added successfully."}

    def unload_adapter(self, body: dict) -> tuple[int, dict]:
        name = body["lora_name"]
        if name not in self.adapter_paths:
            return 404, {"error": {"message": f"The lora adapter '{name}' cannot be found."}}
        del self.models[name], self.adapter_paths[name]
        return 200, {"message": f"Success: LoRA adapter '{name}' removed successfully."}

    # -- HTTP plumbing

    def _handler(self) -> type:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:   # quiet test output
                pass

            def do_GET(self) -> None:
                self._answer(lambda body: server.list_models() if self.path == "/v1/models" else None, {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                routes = {"/v1/chat/completions": server.chat, "/v1/load_lora_adapter": server.load_adapter,
                          "/v1/unload_lora_adapter": server.unload_adapter}
                self._answer(lambda b: routes[self.path](b) if self.path in routes else None, body)

            def _answer(self, route: Any, body: dict) -> None:
                server.requests.append((self.path, body))
                with server.lock:
                    failure = server.failures.pop(0) if server.failures else None
                if failure is not None:
                    status, reply, headers = failure, {"error": {"message": "injected failure"}}, {"Retry-After": "0"}
                else:
                    status, reply = route(body) or (404, {"error": {"message": f"no route {self.path}"}})
                    headers = {}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler
