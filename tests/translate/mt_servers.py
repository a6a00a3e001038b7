"""Machine-translation servers on 127.0.0.1 for the engine tests: a
LibreTranslate server and an OpenAI-compatible chat server, each speaking its
documented protocol over real HTTP/1.1 sockets (keep-alive, Content-Length).

Both "translate" from a small phrase book (a sentence it does not know comes
back as ``[en] <text>``). The main endpoint (``POST /translate`` or
``POST /v1/chat/completions``) follows a script of :class:`Step` objects, one
per request, then answers normally: an error in the protocol's own error body,
a slow answer, a connection dropped mid-answer, a body that is not JSON, or a
wrong number of translations. Every request is recorded with the moment it
arrived, so a test can count the requests and see the waits between them.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

SOURCES = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Ngày 2.6, Ủy ban nhân dân thành phố họp.",
    "Thành phố đón 2.350 đoàn khách quốc tế.",
    "Phố cổ Hà Nội thu hút du khách quanh năm.",
    "Hồ Gươm là trái tim của Thủ đô.",
]
ENGLISH = {
    SOURCES[0]: "Hanoi is the capital of Vietnam.",
    SOURCES[1]: "On June 2, the city People's Committee met.",
    SOURCES[2]: "The city welcomed 2,350 international delegations.",
    SOURCES[3]: "Hanoi's Old Quarter draws visitors all year round.",
    SOURCES[4]: "Hoan Kiem Lake is the heart of the capital.",
}


def translate_text(text: str, target: str) -> str:
    """What the servers answer for ``text``: the phrase book's English, else a
    marked copy (Latin letters, so the answer checks accept it)."""
    if target == "en" and text in ENGLISH:
        return ENGLISH[text]
    return f"[{target}] {text}"


@dataclass(frozen=True)
class Step:
    """How the server answers one request to its main endpoint.

    ``status`` with ``error``: an error in the protocol's error body.
    ``headers``: sent with the answer (Retry-After…). ``delay``: seconds to
    wait before answering. ``drop``: send the status line, the headers and part
    of the body, then close the socket. ``body``: these bytes instead of the
    protocol's answer. ``edit``: changes the list of translations before it is
    sent (a wrong count)."""

    status: int = 200
    error: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False
    body: bytes | None = None
    edit: Callable[[list[str]], list[str]] | None = None


def error(status: int, message: str, *, retry_after: str | None = None) -> Step:
    return Step(
        status=status,
        error=message,
        headers={"Retry-After": retry_after} if retry_after is not None else {},
    )


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float  # time.monotonic() when it arrived

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class Answer(Exception):
    """Raised inside a protocol to answer with an error body at once."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    protocol: MTServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5.0  # a connection left open by a client does not keep its thread for long
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def _dispatch(self) -> None:
        protocol = self.server.protocol
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        if raw:
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/json"):
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw
            else:
                body = raw
        seen = Seen(self.command, self.path, dict(self.headers.items()), body, time.monotonic())
        with protocol.lock:
            protocol.seen.append(seen)
        status, payload, headers, step = protocol.handle(seen)
        if step is not None and step.delay:
            protocol.released.wait(step.delay)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if step is not None and step.drop:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(data)

    def _answer(self) -> None:
        try:
            self._dispatch()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True

    do_GET = _answer
    do_POST = _answer


class MTServer:
    """A running server: ``url``, the requests it has ``seen`` and the
    ``script`` of steps its main endpoint still has to play."""

    main_path = ""

    def __init__(self, script: Sequence[Step] = ()) -> None:
        self.script = list(script)
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.url = ""

    # -- what the tests read --------------------------------------------------

    def posts(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST" and s.path == self.main_path]

    def gaps(self) -> list[float]:
        """Seconds between one request to the main endpoint and the next."""
        times = [s.at for s in self.posts()]
        return [b - a for a, b in itertools.pairwise(times)]

    # -- what a protocol provides -------------------------------------------

    def handle(self, seen: Seen) -> tuple[int, Any, Mapping[str, str], Step | None]:
        if seen.path != self.main_path or seen.method != "POST":
            try:
                return 200, self.other(seen), {}, None
            except Answer as err:
                return err.status, self.error_body(err), {}, None
        with self.lock:
            step = self.script.pop(0) if self.script else Step()
        if step.status != 200:
            return step.status, self.error_body(Answer(step.status, step.error)), step.headers, step
        if step.body is not None:
            return 200, step.body, step.headers, step
        try:
            return 200, self.answer(seen, step.edit), step.headers, step
        except Answer as err:
            return err.status, self.error_body(err), {}, step

    def other(self, seen: Seen) -> Any:
        raise Answer(404, f"no route {seen.method} {seen.path}")

    def answer(self, seen: Seen, edit: Callable[[list[str]], list[str]] | None) -> Any:
        raise NotImplementedError

    def error_body(self, err: Answer) -> Any:
        raise NotImplementedError


class LibreTranslate(MTServer):
    """``POST /translate`` (JSON or form: q as a string or a list, source,
    target, format, api_key) answering ``{"translatedText": ...}`` in the form
    q came in; ``GET /languages``; errors as ``{"error": "..."}``."""

    main_path = "/translate"

    def __init__(
        self,
        script: Sequence[Step] = (),
        *,
        api_key: str = "",
        languages: Mapping[str, Sequence[str]] | None = None,
        batch_limit: int = 0,
    ) -> None:
        super().__init__(script)
        self.api_key = api_key
        self.languages = dict(languages or {"vi": ["en", "fr"], "en": ["vi", "fr"]})
        self.batch_limit = batch_limit

    def other(self, seen: Seen) -> Any:
        if seen.method == "GET" and seen.path == "/languages":
            names = {"vi": "Vietnamese", "en": "English", "fr": "French"}
            return [
                {"code": code, "name": names.get(code, code), "targets": list(targets)}
                for code, targets in self.languages.items()
            ]
        return super().other(seen)

    def answer(self, seen: Seen, edit: Callable[[list[str]], list[str]] | None) -> Any:
        body = seen.body
        if isinstance(body, bytes):  # a form, as the web page sends it
            from urllib.parse import parse_qs

            body = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if not isinstance(body, dict):
            raise Answer(400, "Invalid request: the body must be JSON or a form")
        if self.api_key and body.get("api_key") != self.api_key:
            raise Answer(403, "Invalid API key")
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        if q is None or q == "" or q == []:
            raise Answer(400, "Invalid request: missing q parameter")
        if not source or not target:
            raise Answer(400, "Invalid request: missing source or target parameter")
        if body.get("format", "text") not in ("text", "html"):
            raise Answer(400, f"{body.get('format')} format is not supported")
        if source not in self.languages:
            raise Answer(400, f"{source} is not supported")
        if target not in self.languages[source]:
            raise Answer(400, f"{target} is not supported")
        texts = q if isinstance(q, list) else [q]
        if self.batch_limit and len(texts) > self.batch_limit:
            raise Answer(400, f"Invalid request: request ({len(texts)}) exceeds text limit")
        out = [translate_text(t, target) for t in texts]
        if edit is not None:
            out = edit(out)
        return {"translatedText": out if isinstance(q, list) else out[0]}

    def error_body(self, err: Answer) -> Any:
        return {"error": err.message}


class OpenAIChat(MTServer):
    """``POST /v1/chat/completions`` (model, messages, temperature) answering a
    chat completion whose ``choices[0].message.content`` is a JSON array of the
    translations of the segments in the last user message; ``GET /v1/models``;
    errors as ``{"error": {"message", "type", "param", "code"}}``; a Bearer key
    checked when ``api_key`` is set."""

    main_path = "/v1/chat/completions"

    def __init__(
        self,
        script: Sequence[Step] = (),
        *,
        api_key: str = "",
        models: Sequence[str] = ("qwen-mt",),
        content: Callable[[list[str]], str] | None = None,
    ) -> None:
        super().__init__(script)
        self.api_key = api_key
        self.models = list(models)
        self.content = content or (lambda out: json.dumps(out, ensure_ascii=False))

    def _check_key(self, seen: Seen) -> None:
        if self.api_key and seen.header("Authorization") != f"Bearer {self.api_key}":
            raise Answer(401, "Incorrect API key provided.", "invalid_api_key")

    def other(self, seen: Seen) -> Any:
        if seen.method == "GET" and seen.path == "/v1/models":
            self._check_key(seen)
            return {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 1767225600, "owned_by": "office"}
                    for m in self.models
                ],
            }
        return super().other(seen)

    def answer(self, seen: Seen, edit: Callable[[list[str]], list[str]] | None) -> Any:
        self._check_key(seen)
        body = seen.body
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            raise Answer(400, "'messages' is a required property")
        model = body.get("model")
        if model not in self.models:
            raise Answer(404, f"The model '{model}' does not exist", "model_not_found")
        user = [m for m in body["messages"] if isinstance(m, dict) and m.get("role") == "user"]
        if not user:
            raise Answer(400, "no user message")
        text = str(user[-1].get("content", ""))
        start = text.rfind("\n[")
        try:
            segments = json.loads(text[start + 1 :]) if start >= 0 else None
        except ValueError:
            segments = None
        if not isinstance(segments, list):
            raise Answer(400, "the user message holds no JSON array of segments")
        out = [translate_text(str(s), "en") for s in segments]
        if edit is not None:
            out = edit(out)
        return {
            "id": f"chatcmpl-{len(self.seen)}",
            "object": "chat.completion",
            "created": 1767225600,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": self.content(out)},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": len(text) // 4, "completion_tokens": 1, "total_tokens": 1},
        }

    def error_body(self, err: Answer) -> Any:
        kinds = {401: "invalid_request_error", 429: "requests", 500: "server_error"}
        codes = {401: "invalid_api_key", 429: "rate_limit_exceeded", 500: "server_error"}
        return {
            "error": {
                "message": err.message,
                "type": kinds.get(err.status, err.kind),
                "param": None,
                "code": codes.get(err.status, err.kind if err.status != 400 else None),
            }
        }


S = TypeVar("S", bound=MTServer)


@contextmanager
def running(protocol: S) -> Iterator[S]:
    """Serve ``protocol`` on 127.0.0.1 (a free port) while the block runs."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.protocol = protocol
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    protocol.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield protocol
    finally:
        protocol.released.set()  # slow answers end now
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def closed_port() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
