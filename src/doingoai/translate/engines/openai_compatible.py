"""An OpenAI-compatible chat endpoint: vLLM, Ollama, llama.cpp server, LM Studio…

One request translates a batch: ``POST {base_url}/chat/completions`` with the
model, temperature 0 and two messages. The system message asks for a JSON
array with exactly one translation per segment; the user message gives the
glossary entries that occur in the batch (the target to use, the note, the
words never to use) and then the segments as a JSON array.

Language models do not always answer as asked, so the answer is read
leniently: reasoning blocks (``<think>…</think>``) and code fences are
dropped; a JSON array, an object holding one (``{"translations": [...]}``) or
numbered lines (``1. …``) are accepted. When the count still does not match,
each segment of the batch is asked for again on its own, once; a segment that
fails again makes the call raise :class:`~doingoai.translate.engines.base.PartialFailure`
carrying the others.

Options: ``model`` (required), ``base_url`` (default Ollama's
``http://127.0.0.1:11434/v1``; vLLM serves ``http://HOST:8000/v1``),
``api_key`` (sent as a Bearer token), ``timeout`` (seconds, default 120),
``retries`` (default 3), ``backoff`` (seconds before the first retry, doubled
each time, default 0.5), ``max_retry_after`` (the longest Retry-After worth
waiting for, seconds, default 60), ``max_segments`` and ``max_chars`` per request
(default 20 and 3000), ``instructions`` (added to the system message), ``extra``
(more fields for the request body, e.g. ``{"max_tokens": 4096}``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from doingoai.errors import ConfigError, EngineFailed
from doingoai.translate.engines._http import get_json, make_client, post_json
from doingoai.translate.engines.base import (
    GlossaryEntry,
    PartialFailure,
    RetryPolicy,
    check_outputs,
    relevant_glossary,
    translate_in_batches,
)

__all__ = ["LANGUAGE_NAMES", "OpenAICompatibleEngine", "build_messages", "parse_answer"]

#: English names of the languages the office translates into and from.
LANGUAGE_NAMES = {
    "vi": "Vietnamese",
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ru": "Russian",
    "zh": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
    "ja": "Japanese",
    "ko": "Korean",
    "lo": "Lao",
    "km": "Khmer",
    "th": "Thai",
    "ar": "Arabic",
    "pt": "Portuguese",
    "it": "Italian",
}


def _language(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def build_messages(
    texts: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    glossary: Sequence[GlossaryEntry] = (),
    instructions: str = "",
) -> list[dict[str, str]]:
    """The chat messages that ask for the translation of ``texts``, with the
    glossary entries that occur in them."""
    src, tgt = _language(source_lang), _language(target_lang)
    n = len(texts)
    system = (
        f"You are a professional translator from {src} into {tgt} for a city's "
        f"official news in foreign languages. Translate each segment faithfully and "
        f"completely, keeping every name, number and date; write numbers and dates "
        f"the way {tgt} readers write them. Use the glossary translations exactly. "
        f"Answer with a JSON array of exactly {n} string{'s' if n != 1 else ''}: "
        f"the {tgt} translation of segment 1 to {n}, in order, and nothing else."
    )
    if instructions:
        system += " " + instructions.strip()
    parts: list[str] = []
    terms = relevant_glossary(glossary, texts)
    if terms:
        lines = []
        for e in terms:
            line = f"- {e.source} → {e.target}"
            if e.note:
                line += f" ({e.note})"
            if e.forbidden:
                line += " — never: " + "; ".join(e.forbidden)
            lines.append(line)
        parts.append("Glossary (" + src + " → " + tgt + "):\n" + "\n".join(lines))
    parts.append(
        f"Segments ({n}, as a JSON array):\n" + json.dumps(list(texts), ensure_ascii=False)
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n\n".join(parts)}]


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```[a-zA-Z]*\s*\n?(.*?)```", re.DOTALL)
_NUMBERED = re.compile(r"^\s*(?:\[(\d+)\]|(\d+)[.):])\s+(.*\S)\s*$")


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) != 1:
            return None
        value = lists[0]
    if not isinstance(value, list):
        return None
    out: list[str] = []
    for item in value:
        if isinstance(item, dict):
            item = item.get("translation", item.get("text"))
        if not isinstance(item, str):
            return None
        out.append(item)
    return out


def parse_answer(content: str, expected: int) -> list[str] | None:
    """The translations in a model's answer, or None when it holds no list of
    ``expected`` strings."""
    text = _THINK.sub("", content).strip()
    fenced = _FENCE.search(text)
    candidates = [fenced.group(1).strip()] if fenced else []
    candidates.append(text)
    start, end = text.find("["), text.rfind("]")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            found = _strings(json.loads(candidate))
        except ValueError:
            continue
        if found is not None and len(found) == expected:
            return found
    numbered: list[str] = []
    for line in text.splitlines():
        m = _NUMBERED.match(line)
        if m and int(m.group(1) or m.group(2)) == len(numbered) + 1:
            numbered.append(m.group(3))
    if len(numbered) == expected:
        return numbered
    return None


class OpenAICompatibleEngine:
    """Translate with a chat model behind an OpenAI-compatible API; see the module docstring."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str = "",
        base_url: str = "http://127.0.0.1:11434/v1",
        api_key: str = "",
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        max_segments: int = 20,
        max_chars: int = 3000,
        temperature: float = 0.0,
        instructions: str = "",
        extra: Mapping[str, Any] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if not model:
            raise ConfigError("openai engine: the option 'model' is required")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigError(f"openai engine: base_url {base_url!r} must start with http(s)://")
        if max_segments < 1 or max_chars < 1:
            raise ConfigError("openai engine: max_segments and max_chars must be at least 1")
        self.model = model
        self.base_url = base_url.rstrip("/")
        self.where = f"{self.base_url}, model {model}"
        self.max_segments = max_segments
        self.max_chars = max_chars
        self.temperature = temperature
        self.instructions = instructions
        self.extra = dict(extra or {})
        self.policy = RetryPolicy.from_options(
            "openai engine",
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            max_retry_after=max_retry_after,
        )
        if sleep is not None:
            self.policy.sleep = sleep
        headers = {"Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self.client = make_client(transport, timeout, headers)

    def languages(self) -> set[tuple[str, str]] | None:
        return None

    def models(self) -> list[str]:
        """Model names the server offers (``GET {base_url}/models``)."""
        data = get_json(self.client, f"{self.base_url}/models", engine=self.name, where=self.where)
        items = data.get("data") if isinstance(data, dict) else None
        return [
            m["id"] for m in items or [] if isinstance(m, dict) and isinstance(m.get("id"), str)
        ]

    def _ask(
        self,
        batch: list[str],
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry],
    ) -> list[str] | None:
        payload: dict[str, Any] = {
            **self.extra,
            "model": self.model,
            "temperature": self.temperature,
            "messages": build_messages(
                batch,
                source_lang=source_lang,
                target_lang=target_lang,
                glossary=glossary,
                instructions=self.instructions,
            ),
        }
        data = post_json(
            self.client,
            f"{self.base_url}/chat/completions",
            payload,
            policy=self.policy,
            engine=self.name,
            where=self.where,
        )
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError) as err:
            raise EngineFailed(
                "the answer has no choices[0].message.content", engine=self.name, where=self.where
            ) from err
        if not isinstance(content, str):
            return None
        return parse_answer(content, len(batch))

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]:
        def check(batch: list[str], outputs: list[str]) -> list[str]:
            return check_outputs(
                batch, outputs, engine=self.name, where=self.where, target_lang=target_lang
            )

        def one(segment: str) -> tuple[str | None, str]:
            answer = self._ask([segment], source_lang, target_lang, glossary)
            if answer is None:
                return None, f"no usable answer for {segment[:60]!r}"
            try:
                return check([segment], answer)[0], ""
            except EngineFailed as err:
                return None, err.reason

        def call(batch: list[str]) -> list[str]:
            answer = self._ask(batch, source_lang, target_lang, glossary)
            results: list[str | None]
            if answer is None:
                results = [None] * len(batch)
            else:
                try:
                    return check(batch, answer)
                except PartialFailure as err:
                    results = err.partial
            reasons: list[str] = []
            if answer is None and len(batch) > 1:
                reasons.append(f"the answer did not hold {len(batch)} translations")
            for i, segment in enumerate(batch):
                if results[i] is None:
                    results[i], reason = one(segment)
                    if reason:
                        reasons.append(f"segment {i + 1}: {reason}")
            if any(r is None for r in results):
                raise PartialFailure(
                    "; ".join(reasons[:2]) or "no usable answer",
                    engine=self.name,
                    where=self.where,
                    partial=results,
                )
            return [r for r in results if r is not None]

        return translate_in_batches(
            texts,
            call,
            max_segments=self.max_segments,
            max_chars=self.max_chars,
            engine=self.name,
            where=self.where,
        )

    def close(self) -> None:
        self.client.close()
