"""Chat completions through the `openai` client, against OpenAI or any compatible server, with retries and clean errors."""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Iterator
from urllib.parse import urlparse

from index import Config

log = logging.getLogger("earshot.llm")

RETRIES = 2  # after the first try, for rate limits, server errors, timeouts and dropped connections
BACKOFF_S = 0.5  # doubled on each retry, with jitter; a server's Retry-After wins up to MAX_WAIT_S
MAX_WAIT_S = 8.0


def json_object(reply: str) -> dict | None:
    "The JSON object a reply holds (alone, or among words or a code fence), or None when it holds none."
    found = re.search(r"\{.*\}", reply, re.S)
    try:
        data = json.loads(found.group()) if found else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


class LLMError(RuntimeError):
    "The model could not give an answer; the message is safe to show (it never holds the key)."


class LLM:
    "One configured chat model. `complete()` returns the reply; `stream()` yields it as it arrives."

    def __init__(self, config: Config) -> None:
        import openai

        self.config = config
        self.model = config.llm_model or "gpt-4o-mini"
        self.client = openai.OpenAI(
            api_key=config.openai_api_key, base_url=config.openai_base_url, timeout=config.llm_timeout, max_retries=0
        )

    @property
    def where(self) -> str:
        "The server, for display: host and port only, never the key, a user:password in the URL, or its path."
        if not self.config.openai_base_url:
            return "api.openai.com"
        url = urlparse(self.config.openai_base_url)
        return f"{url.hostname}:{url.port}" if url.port else (url.hostname or "the configured server")

    def complete(self, messages: list[dict], max_tokens: int = 400) -> str:
        "The reply text; raises LLMError once retries are spent or the error is not worth retrying."
        def call():
            response = self.client.chat.completions.create(model=self.model, messages=messages, temperature=0, max_tokens=max_tokens)
            text = (response.choices[0].message.content or "").strip() if response.choices else ""
            if not text:
                raise LLMError(f"{self.model} at {self.where} returned an empty reply")
            return text

        return self._with_retries(call)

    def stream(self, messages: list[dict], max_tokens: int = 400) -> Iterator[str]:
        "Reply text as it arrives. Retries happen only before the first piece; an error after it raises LLMError."
        stream = self._with_retries(
            lambda: self.client.chat.completions.create(model=self.model, messages=messages, temperature=0, max_tokens=max_tokens, stream=True)
        )
        got = False
        try:
            for event in stream:
                if event.choices and event.choices[0].delta and event.choices[0].delta.content:
                    got = True
                    yield event.choices[0].delta.content
        except Exception as exc:  # noqa: BLE001 - every failure mid-stream becomes a fallback
            raise LLMError(self._describe(exc)) from None
        if not got:
            raise LLMError(f"{self.model} at {self.where} returned an empty reply")

    def _with_retries(self, call):
        import openai

        for attempt in range(RETRIES + 1):
            try:
                return call()
            except LLMError:
                raise
            except (openai.RateLimitError, openai.InternalServerError, openai.APITimeoutError, openai.APIConnectionError) as exc:
                message = self._describe(exc)
                if attempt == RETRIES:
                    raise LLMError(f"{message}, after {RETRIES + 1} tries") from None
                wait = self._wait(exc, attempt)
                log.warning("%s; retrying in %.1f s", message, wait)
                time.sleep(wait)
            except openai.OpenAIError as exc:  # bad key, unknown model, bad request: retrying will not help
                raise LLMError(self._describe(exc)) from None

    @staticmethod
    def _wait(exc, attempt: int) -> float:
        response = getattr(exc, "response", None)
        header = response.headers.get("retry-after") if response is not None else None
        try:
            if header is not None:
                return min(float(header), MAX_WAIT_S)
        except ValueError:
            pass
        return min(BACKOFF_S * 2**attempt * (1 + random.random() / 2), MAX_WAIT_S)

    def _describe(self, exc: Exception) -> str:
        "What went wrong, in words that never include the key (the server's message may echo it)."
        import openai

        who = f"{self.model} at {self.where}"
        if isinstance(exc, openai.APITimeoutError):
            return f"{who} did not answer within {self.config.llm_timeout:g} s"
        if isinstance(exc, openai.APIConnectionError):
            return f"cannot reach {self.where}"
        status = getattr(exc, "status_code", None)
        reasons = {401: "rejected the API key (HTTP 401)", 403: "refused access (HTTP 403)", 404: "does not know this model (HTTP 404)", 429: "is rate limiting (HTTP 429)"}
        if status in reasons:
            return f"{who} {reasons[status]}"
        if status:
            return f"{who} failed (HTTP {status})"
        return f"{who} failed ({type(exc).__name__})"
