"""Ask a running Earshot app through its one HTTP endpoint, `/ask` (Gradio's REST API), with nothing heavy loaded.

POST {url}/gradio_api/call/ask with the question and the eight filters returns an event id; GET
{url}/gradio_api/call/ask/{id} streams server-sent events ending in `complete` (the answer as JSON) or `error`.
"""

from __future__ import annotations

import json

from .types import Answer

# the endpoint's parameters, in order (app.ask); a filter left out is sent empty
PARAMETERS = ("call", "company", "period", "speaker", "role", "section", "firm", "answered")
_FILTER_NAMES = {"transcript_id": "call"}


class RemoteError(RuntimeError):
    "The app could not be reached or refused the question; the message says which and why."


def ask_remote(url: str, question: str, filters: dict | None = None, auth: str | None = None, timeout: float = 120.0) -> Answer:
    "The running app's answer. filters use ask()'s names (transcript_id, company, period, speaker, role, section, firm)."
    import httpx

    url = url.rstrip("/")
    given = {_FILTER_NAMES.get(k, k): v for k, v in (filters or {}).items() if v not in (None, "")}
    unknown = set(given) - set(PARAMETERS)
    if unknown:
        raise RemoteError(f"the /ask endpoint has no filter {sorted(unknown)}")
    data = [question] + [str(given.get(name, "")) for name in PARAMETERS]
    try:
        with httpx.Client(timeout=timeout) as client:
            if auth:
                user, _, password = auth.partition(":")
                client.post(f"{url}/login", data={"username": user, "password": password}).raise_for_status()
            started = client.post(f"{url}/gradio_api/call/ask", json={"data": data})
            if started.status_code == 404:
                raise RemoteError(f"{url} has no /ask endpoint: is it an Earshot app?")
            started.raise_for_status()
            event_id = started.json()["event_id"]
            with client.stream("GET", f"{url}/gradio_api/call/ask/{event_id}") as events:
                events.raise_for_status()
                return _result(url, events.iter_lines())
    except httpx.TransportError as exc:
        raise RemoteError(f"cannot reach Earshot at {url} ({type(exc).__name__}); is `python app.py` running there?") from None
    except httpx.HTTPStatusError as exc:
        hint = " (set EARSHOT_AUTH=user:password)" if exc.response.status_code in (401, 403) else ""
        raise RemoteError(f"Earshot at {url} answered HTTP {exc.response.status_code}{hint}") from None


def _result(url: str, lines) -> Answer:
    "The answer from the event stream: the data line after `event: complete`; an `error` event's message raised."
    event = None
    for line in lines:
        if line.startswith("event:"):
            event = line.partition(":")[2].strip()
        elif line.startswith("data:") and event in ("complete", "error"):
            payload = json.loads(line.partition(":")[2].strip() or "null")
            if event == "error":
                raise RemoteError(f"Earshot at {url} could not answer: {payload or 'see the app console'}")
            return Answer.from_dict(payload[0])
    raise RemoteError(f"Earshot at {url} closed the answer stream without an answer")
