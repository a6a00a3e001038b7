"""LibreTranslate: a self-hosted HTTP translation server (Argos Translate models).

One request translates a batch: ``POST {url}/translate`` with the JSON body
``{"q": [...], "source": "vi", "target": "en", "format": "text", "api_key": ...}``
answers ``{"translatedText": [...]}``. ``GET {url}/languages`` lists the
languages and their targets. LibreTranslate takes no glossary: the glossary
argument is accepted and ignored (the QA checks still hold the target to it).

Options: ``url`` (default ``http://127.0.0.1:5000``), ``api_key``, ``timeout``
(seconds, default 30), ``retries`` (default 3), ``backoff`` (seconds before the
first retry, doubled each time, default 0.5), ``max_retry_after`` (the longest
Retry-After worth waiting for, seconds, default 60), ``max_segments`` and
``max_chars`` per request (default 25 and 5000 — the server's ``--char-limit``
applies to a whole request), ``codes`` (our language code → the server's, e.g.
``{"zh": "zh-Hans"}``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import httpx

from doingoai.errors import ConfigError, EngineError, EngineFailed
from doingoai.translate.engines._http import get_json, make_client, post_json
from doingoai.translate.engines.base import (
    GlossaryEntry,
    RetryPolicy,
    check_outputs,
    translate_in_batches,
)

__all__ = ["LibreTranslateEngine"]


class LibreTranslateEngine:
    """Translate through a LibreTranslate server; see the module docstring."""

    name = "libretranslate"

    def __init__(
        self,
        *,
        url: str = "http://127.0.0.1:5000",
        api_key: str = "",
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 60.0,
        max_segments: int = 25,
        max_chars: int = 5000,
        codes: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"libretranslate: url {url!r} must start with http:// or https://")
        if max_segments < 1 or max_chars < 1:
            raise ConfigError("libretranslate: max_segments and max_chars must be at least 1")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.max_segments = max_segments
        self.max_chars = max_chars
        self.codes = dict(codes or {})
        self.policy = RetryPolicy.from_options(
            "libretranslate",
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            max_retry_after=max_retry_after,
        )
        if sleep is not None:
            self.policy.sleep = sleep
        self.client = make_client(transport, timeout, {"Accept": "application/json"})
        self._languages: set[tuple[str, str]] | None = None
        self._asked_languages = False

    def _code(self, lang: str) -> str:
        return self.codes.get(lang, lang)

    def languages(self) -> set[tuple[str, str]] | None:
        """Pairs the server offers (in our codes), or None when it cannot tell;
        asked once per engine."""
        if not self._asked_languages:
            self._asked_languages = True
            try:
                data = get_json(
                    self.client, f"{self.url}/languages", engine=self.name, where=self.url
                )
            except EngineError:
                return None
            back = {v: k for k, v in self.codes.items()}
            pairs: set[tuple[str, str]] = set()
            for item in data if isinstance(data, list) else []:
                if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                    continue
                code: str = item["code"]
                src = back.get(code, code)
                for tgt in item.get("targets") or []:
                    if isinstance(tgt, str) and tgt != code:
                        pairs.add((src, back.get(tgt, tgt)))
            self._languages = pairs or None
        return self._languages

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]:
        def call(batch: list[str]) -> list[str]:
            payload: dict[str, Any] = {
                "q": batch,
                "source": self._code(source_lang),
                "target": self._code(target_lang),
                "format": "text",
            }
            if self.api_key:
                payload["api_key"] = self.api_key
            data = post_json(
                self.client,
                f"{self.url}/translate",
                payload,
                policy=self.policy,
                engine=self.name,
                where=self.url,
            )
            if not isinstance(data, dict) or "translatedText" not in data:
                error = data.get("error") if isinstance(data, dict) else None
                raise EngineFailed(
                    f"the answer has no translatedText{f': {error}' if error else ''}",
                    engine=self.name,
                    where=self.url,
                )
            outputs = data["translatedText"]
            if isinstance(outputs, str) and len(batch) == 1:
                outputs = [outputs]
            if not isinstance(outputs, list):
                raise EngineFailed(
                    f"translatedText is {type(outputs).__name__}, not a list",
                    engine=self.name,
                    where=self.url,
                )
            return check_outputs(
                batch, outputs, engine=self.name, where=self.url, target_lang=target_lang
            )

        return translate_in_batches(
            texts,
            call,
            max_segments=self.max_segments,
            max_chars=self.max_chars,
            engine=self.name,
            where=self.url,
        )

    def close(self) -> None:
        self.client.close()
