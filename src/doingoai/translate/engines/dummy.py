"""The default engine: no service, no model, and no translation.

:class:`DummyEngine` marks each segment with the target language —
``"[en] Hà Nội là thủ đô."`` — after replacing glossary terms with their
targets and, when given a ``words`` table, words with their entries. It is
deterministic and instant, so tests and a fresh installation run offline; its
output is not a translation and must never be published.

``fail`` makes it fail on purpose, the way a real engine does, so that the
steps that use an engine can be tested for it: ``"unavailable"``,
``"rate_limited"`` or ``"failed"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from doingoai.errors import ConfigError, EngineFailed, EngineRateLimited, EngineUnavailable
from doingoai.translate.engines.base import GlossaryEntry, relevant_glossary

__all__ = ["DummyEngine"]

_FAILURES = {
    "unavailable": (EngineUnavailable, "cannot reach the engine (simulated)"),
    "rate_limited": (EngineRateLimited, "429 Too Many Requests (simulated)"),
    "failed": (EngineFailed, "500 Internal Server Error (simulated)"),
}


class DummyEngine:
    """Marks segments instead of translating them; see the module docstring."""

    name = "dummy"

    def __init__(
        self,
        *,
        prefix: str = "[{target}] ",
        words: Mapping[str, str] | None = None,
        fail: str | None = None,
    ) -> None:
        if fail is not None and fail not in _FAILURES:
            raise ConfigError(
                f"dummy engine: fail={fail!r} is not one of {', '.join(sorted(_FAILURES))}"
            )
        self.prefix = prefix
        self.words = {k.casefold(): v for k, v in (words or {}).items()}
        self.fail = fail
        self.calls = 0

    def languages(self) -> set[tuple[str, str]] | None:
        return None

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]:
        self.calls += 1
        if self.fail is not None:
            cls, message = _FAILURES[self.fail]
            raise cls(message, engine=self.name, where="in process")
        terms = relevant_glossary(glossary, texts)
        pattern = (
            re.compile("|".join(re.escape(e.source) for e in terms), re.IGNORECASE)
            if terms
            else None
        )
        targets = {e.source.casefold(): e.target for e in terms}
        prefix = self.prefix.format(source=source_lang, target=target_lang)
        out: list[str] = []
        for text in texts:
            if not text.strip():
                out.append(text)
                continue
            if pattern is not None:
                text = pattern.sub(lambda m: targets.get(m.group(0).casefold(), m.group(0)), text)
            if self.words:
                text = re.sub(
                    r"\w+", lambda m: self.words.get(m.group(0).casefold(), m.group(0)), text
                )
            out.append(prefix + text)
        return out
