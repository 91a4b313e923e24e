"""A small HTTP server that speaks the OpenAI chat-completions API (plain and streaming) and replays scripted replies.

Tests point the real `openai` client at it through OPENAI_BASE_URL, so requests, retries, timeouts and streaming
all go through real HTTP.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    "One scripted response: a reply text, or an HTTP error status, optionally after a delay."

    content: str = ""
    status: int = 200
    delay: float = 0.0
    headers: dict = field(default_factory=dict)


class FakeOpenAI:
    "Serves scripted replies in order (the last one repeats) and records every request body and its headers."

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reply(self, *replies: Reply | str) -> None:
        "Script the next replies."
        self.script = [Reply(r) if isinstance(r, str) else r for r in replies]
        self.requests.clear()
        self.headers.clear()

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next(self) -> Reply:
        return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                fake.requests.append(body)
                fake.headers.append(dict(self.headers))
                if not self.path.endswith("/chat/completions"):
                    return self._json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
                reply = fake._next()
                time.sleep(reply.delay)
                if reply.status != 200:
                    return self._json(reply.status, {"error": {"message": f"scripted {reply.status}", "type": "server_error", "code": reply.status}}, reply.headers)
                if body.get("stream"):
                    return self._stream(body, reply.content)
                self._json(200, {
                    "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _json(self, status: int, payload: dict, headers: dict | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict, content: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                words = content.split(" ")
                pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
                for piece in pieces + [None]:
                    delta = {"content": piece} if piece is not None else {}
                    event = {
                        "id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()), "model": body.get("model"),
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None if piece is not None else "stop"}],
                    }
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        return Handler
