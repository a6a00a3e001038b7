"""Machine translation behind one small interface. Core layer: no Django.

An :class:`Engine` has a ``name``, ``translate(texts, *, source_lang,
target_lang, glossary=())`` returning one translation per segment in order,
and ``languages()``. The engines shipped:

* :class:`DummyEngine` — the default; marks segments ("[en] …") and does not
  translate, so tests and a fresh installation need nothing else;
* :class:`CTranslate2Engine` — a local OPUS-MT/Marian model converted to
  CTranslate2, tokenised with SentencePiece;
* :class:`LibreTranslateEngine` — a LibreTranslate server;
* :class:`OpenAICompatibleEngine` — a chat model behind an OpenAI-compatible
  API (vLLM, Ollama…), given the glossary in its prompt.

:func:`load_engine` builds the engine the ``MT_ENGINE`` setting names.
Failures are :class:`~doingoai.errors.EngineError` s (unavailable, rate
limited, failed) naming the engine and where it runs;
:func:`translate_batch_safely` never raises and says why a batch got no
translation, so that pre-translation can go on from the translation memory.
"""

from __future__ import annotations

from doingoai.translate.engines.base import (
    Engine,
    GlossaryEntry,
    PartialFailure,
    RetryPolicy,
    glossary_from_hits,
    relevant_glossary,
    translate_batch_safely,
)
from doingoai.translate.engines.ct2 import CTranslate2Engine
from doingoai.translate.engines.dummy import DummyEngine
from doingoai.translate.engines.libretranslate import LibreTranslateEngine
from doingoai.translate.engines.loading import ENGINES, load_engine
from doingoai.translate.engines.openai_compatible import OpenAICompatibleEngine

__all__ = [
    "ENGINES",
    "CTranslate2Engine",
    "DummyEngine",
    "Engine",
    "GlossaryEntry",
    "LibreTranslateEngine",
    "OpenAICompatibleEngine",
    "PartialFailure",
    "RetryPolicy",
    "glossary_from_hits",
    "load_engine",
    "relevant_glossary",
    "translate_batch_safely",
]
