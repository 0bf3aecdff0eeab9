"""A small chat client for hosted and local LLM APIs, standard library only.

Two wire formats cover every backend: OpenAI-compatible ``POST {base}/chat/completions`` (OpenAI,
DeepSeek, Ollama, vLLM servers, anything that speaks it) and Anthropic's ``POST {base}/messages``.
Requests are paced by a client-side rate limit and retried with exponential back-off on 429, 408, 5xx,
timeouts and refused connections (``Retry-After`` is honoured); any other HTTP error is permanent.

>>> client = ChatClient(BACKENDS["ollama"], model="qwen2.5-coder", base_url="http://127.0.0.1:11434/v1")
>>> client.complete("You write tasks.", "Write one.")  # doctest: +SKIP
'{"prompt": ...}'
"""

from __future__ import annotations

import http.client
import json
import logging
import random
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable, Optional

from halo_forge.errors import HaloForgeError

log = logging.getLogger(__name__)

ANTHROPIC_VERSION = "2023-06-01"
MAX_BACKOFF_SECONDS = 60.0
RETRYABLE_STATUS = {408, 429, 500, 502, 503, 504, 520, 522, 524, 529}


@dataclass(frozen=True)
class Backend:
    """Where a backend lives by default and which environment variables override it."""

    api: str                   # "chat" (OpenAI-compatible) or "messages" (Anthropic)
    base_url: str
    base_url_env: str          # environment variable that overrides base_url
    key_env: Optional[str]     # environment variable holding the API key
    key_required: bool


BACKENDS: dict[str, Backend] = {
    "openai": Backend("chat", "https://api.openai.com/v1", "OPENAI_BASE_URL", "OPENAI_API_KEY", True),
    "deepseek": Backend("chat", "https://api.deepseek.com/v1", "DEEPSEEK_BASE_URL", "DEEPSEEK_API_KEY", True),
    "ollama": Backend("chat", "http://localhost:11434/v1", "OLLAMA_BASE_URL", None, False),
    "vllm": Backend("chat", "http://localhost:8000/v1", "VLLM_BASE_URL", "VLLM_API_KEY", False),
    "anthropic": Backend("messages", "https://api.anthropic.com/v1", "ANTHROPIC_BASE_URL",
                         "ANTHROPIC_API_KEY", True),
}


class APIError(HaloForgeError):
    """The API refused for good (bad key, unknown model) or kept failing after every retry."""


class ResponseError(ValueError):
    """A 200 answer that is not the JSON the API promises; the caller drops this one answer."""


class _Transient(Exception):
    def __init__(self, reason: str, retry_after: Optional[float] = None):
        super().__init__(reason)
        self.retry_after = retry_after


class RateLimiter:
    """At most ``per_minute`` request starts per minute, evenly spaced (no bursts that earn a 429)."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = 60.0 / per_minute
        self.clock, self.sleep = clock, sleep
        self.next_start = clock()

    def wait(self) -> None:
        now = self.clock()
        if now < self.next_start:
            self.sleep(self.next_start - now)
            now = self.next_start
        self.next_start = now + self.interval


def _retry_after(headers) -> Optional[float]:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date; fall back to our own back-off


def send(request: urllib.request.Request, timeout: float) -> bytes:
    """The response body of one HTTP request. Raises ``_Transient`` for what is worth retrying (429, 408,
    5xx, timeouts, refused or broken connections) and a one-line APIError for any other HTTP error."""
    url = request.full_url
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().replace("\n", " ")
        if exc.code in RETRYABLE_STATUS:
            raise _Transient(f"HTTP {exc.code}", _retry_after(exc.headers)) from None
        raise APIError(f"{url}: HTTP {exc.code} {exc.reason}: {detail or 'no details'}") from None
    except (TimeoutError, socket.timeout):
        raise _Transient(f"no answer within {timeout:g}s") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise _Transient(f"no answer within {timeout:g}s") from None
        raise _Transient(f"cannot connect: {exc.reason}") from None
    except (ConnectionError, http.client.HTTPException) as exc:  # closed mid-answer
        raise _Transient(f"connection broken: {exc}") from None


class ChatClient:
    """One conversation turn at a time: ``complete(system, user) -> answer text``."""

    def __init__(self, backend: Backend, model: str, base_url: str, api_key: Optional[str] = None, *,
                 max_retries: int = 5, timeout: float = 120.0, backoff: float = 1.0,
                 requests_per_minute: float = 60.0, temperature: float = 0.8, max_tokens: int = 4096):
        self.backend, self.model, self.api_key = backend, model, api_key
        self.base_url = base_url.rstrip("/")
        self.max_retries, self.timeout, self.backoff = max_retries, timeout, backoff
        self.temperature, self.max_tokens = temperature, max_tokens
        self.limiter = RateLimiter(requests_per_minute)
        self.requests = 0  # HTTP requests sent, retries included

    def complete(self, system: str, user: str) -> str:
        """The model's answer; raises ResponseError for a malformed answer, APIError when it gives up."""
        url, body, headers = self._request(system, user)
        for attempt in range(self.max_retries + 1):
            self.limiter.wait()
            try:
                return self._parse(self._post(url, body, headers))
            except _Transient as exc:
                if attempt == self.max_retries:
                    raise APIError(f"{url}: giving up after {self.max_retries} retries: {exc}") from None
                delay = exc.retry_after if exc.retry_after is not None else self.backoff * 2 ** attempt
                delay = min(delay, MAX_BACKOFF_SECONDS) * random.uniform(1.0, 1.1)  # jitter de-syncs clients
                log.warning("%s: %s; retry %d/%d in %.2fs", url, exc, attempt + 1, self.max_retries, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _request(self, system: str, user: str) -> tuple[str, bytes, dict]:
        headers = {"Content-Type": "application/json", "Accept": "application/json",
                   "User-Agent": "halo-forge"}
        if self.backend.api == "messages":
            url = f"{self.base_url}/messages"
            payload = {"model": self.model, "max_tokens": self.max_tokens, "temperature": self.temperature,
                       "system": system, "messages": [{"role": "user", "content": user}]}
            headers["anthropic-version"] = ANTHROPIC_VERSION
            if self.api_key:
                headers["x-api-key"] = self.api_key
        else:
            url = f"{self.base_url}/chat/completions"
            payload = {"model": self.model, "temperature": self.temperature, "max_tokens": self.max_tokens,
                       "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
        return url, json.dumps(payload).encode("utf-8"), headers

    def _post(self, url: str, body: bytes, headers: dict) -> bytes:
        self.requests += 1
        return send(urllib.request.Request(url, data=body, headers=headers, method="POST"), self.timeout)

    def _parse(self, raw: bytes) -> str:
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ResponseError(f"response is not JSON ({exc})") from None
        try:
            if self.backend.api == "messages":
                text = "".join(block["text"] for block in data["content"] if block.get("type") == "text")
            else:
                text = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError, AttributeError):
            shown = raw[:200].decode("utf-8", "replace")
            raise ResponseError(f"response has no answer text: {shown}") from None
        if not isinstance(text, str) or not text.strip():
            raise ResponseError("response has an empty answer")
        return text

