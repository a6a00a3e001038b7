"""A local neural model in a CTranslate2 directory: OPUS-MT (Marian) and the like.

The directory holds what ``ct2-opus-mt-converter`` (or ``ct2-transformers-converter``)
writes — ``model.bin``, ``config.json``, the vocabularies
(``shared_vocabulary.json`` or ``source_vocabulary.json`` and
``target_vocabulary.json``, or their ``.txt`` forms) — plus the SentencePiece
models of the OPUS-MT release, ``source.spm`` and ``target.spm`` (copy them
from the original model). Segments are cut into SentencePiece pieces, the end
token is added when the model's config does not add it itself, a
target-language token is put in front for multilingual models
(``source_prefix``, e.g. ``{"fr": ">>fra<<"}``), and the best hypothesis is
joined back into text.

Nothing runs outside the process and nothing is downloaded: the model
directory is prepared once by whoever installs the office. There is no network
timeout to set; what bounds the time of a call is the decoding length, capped
at three times the source length plus ten pieces (and ``max_decoding_length``).

The tests build a tiny model of this layout from scratch, with CTranslate2's
model-specification API (``ctranslate2.specs.TransformerSpec`` filled with small
random NumPy weights) and a SentencePiece model trained on a few sentences:
see :func:`doingoai.translate.engines.tiny.build_tiny_model`. Converting a real
Hugging Face checkpoint would need ``transformers`` and ``torch``, which are
far too heavy to install for a test; the specification API runs the same
loading and translating code path without them.

Options: ``model_dir`` (required), ``source_lang`` and ``target_lang`` (the
pair the model translates; when given, other pairs are refused), ``device``
(default ``cpu``), ``compute_type`` (default ``int8``: quantised on load, the
fastest on a CPU; ``default`` keeps the stored type), ``beam_size`` (4),
``max_segments`` (32) and ``max_chars`` (8000) per call, ``inter_threads`` (1),
``intra_threads`` (0: CTranslate2 chooses), ``max_decoding_length`` (256),
``source_spm`` and ``target_spm`` (file names in the directory), ``source_prefix``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from doingoai.errors import ConfigError, EngineFailed, EngineUnavailable
from doingoai.translate.engines.base import GlossaryEntry, check_outputs, translate_in_batches

__all__ = ["CTranslate2Engine"]


class CTranslate2Engine:
    """Translate with a CTranslate2 model directory; see the module docstring."""

    name = "ctranslate2"

    def __init__(
        self,
        *,
        model_dir: str | Path = "",
        source_lang: str | None = None,
        target_lang: str | None = None,
        device: str = "cpu",
        compute_type: str = "int8",
        beam_size: int = 4,
        max_segments: int = 32,
        max_chars: int = 8000,
        inter_threads: int = 1,
        intra_threads: int = 0,
        max_decoding_length: int = 256,
        source_spm: str = "source.spm",
        target_spm: str = "target.spm",
        source_prefix: Mapping[str, str] | None = None,
    ) -> None:
        if not model_dir:
            raise ConfigError("ctranslate2 engine: the option 'model_dir' is required")
        if (source_lang is None) != (target_lang is None):
            raise ConfigError(
                "ctranslate2 engine: give both source_lang and target_lang, or neither"
            )
        if beam_size < 1 or max_segments < 1 or max_chars < 1 or max_decoding_length < 1:
            raise ConfigError(
                "ctranslate2 engine: beam_size, max_segments, max_chars and "
                "max_decoding_length must be at least 1"
            )
        self.model_dir = Path(model_dir)
        self.where = str(self.model_dir)
        self.pair = (source_lang, target_lang) if source_lang and target_lang else None
        self.device = device
        self.compute_type = compute_type
        self.beam_size = beam_size
        self.max_segments = max_segments
        self.max_chars = max_chars
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.max_decoding_length = max_decoding_length
        self.source_spm = source_spm
        self.target_spm = target_spm
        self.source_prefix = dict(source_prefix or {})
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any, Any, bool] | None = None

    def languages(self) -> set[tuple[str, str]] | None:
        if self.pair is None:
            return None
        return {(str(self.pair[0]), str(self.pair[1]))}

    def _unavailable(self, message: str) -> EngineUnavailable:
        return EngineUnavailable(message, engine=self.name, where=self.where)

    def load(self) -> None:
        """Load the model and the SentencePiece models (done by the first translation)."""
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()

    def _load(self) -> tuple[Any, Any, Any, bool]:
        try:
            import ctranslate2
            import sentencepiece
        except ImportError as err:
            raise self._unavailable(
                f"the Python package {err.name} is not installed (pip install ctranslate2 sentencepiece)"
            ) from err
        directory = self.model_dir
        if not directory.is_dir():
            raise self._unavailable("no such model directory")
        if not (directory / "model.bin").is_file():
            raise self._unavailable(
                "no model.bin: not a CTranslate2 model directory (convert the model with "
                "ct2-opus-mt-converter or ct2-transformers-converter)"
            )
        spms = []
        for file in (self.source_spm, self.target_spm):
            path = directory / file
            if not path.is_file():
                raise self._unavailable(
                    f"no SentencePiece model {file} (copy it from the original model)"
                )
            try:
                spms.append(sentencepiece.SentencePieceProcessor(model_file=str(path)))
            except (OSError, RuntimeError) as err:
                raise self._unavailable(f"{file} is not a SentencePiece model: {err}") from err
        try:
            config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            config = {}
        add_eos = not bool(config.get("add_source_eos", False))
        try:
            translator = ctranslate2.Translator(
                str(directory),
                device=self.device,
                compute_type=self.compute_type,
                inter_threads=self.inter_threads,
                intra_threads=self.intra_threads,
            )
        except Exception as err:  # the C++ loader raises RuntimeError, IndexError, ValueError…
            raise self._unavailable(f"CTranslate2 cannot load the model: {err}") from err
        return translator, spms[0], spms[1], add_eos

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]:
        if self.pair is not None and (source_lang, target_lang) != self.pair:
            raise EngineFailed(
                f"this model translates {self.pair[0]}→{self.pair[1]}, "
                f"not {source_lang}→{target_lang}",
                engine=self.name,
                where=self.where,
            )
        self.load()
        assert self._loaded is not None
        translator, source_sp, target_sp, add_eos = self._loaded
        prefix = self.source_prefix.get(target_lang)

        def call(batch: list[str]) -> list[str]:
            tokens: list[list[str]] = []
            for text in batch:
                pieces: list[str] = source_sp.encode(text, out_type=str)
                if prefix:
                    pieces.insert(0, prefix)
                if add_eos:
                    pieces.append("</s>")
                tokens.append(pieces)
            longest = max(len(t) for t in tokens)
            try:
                results = translator.translate_batch(
                    tokens,
                    beam_size=self.beam_size,
                    max_decoding_length=min(self.max_decoding_length, 3 * longest + 10),
                )
            except (RuntimeError, ValueError) as err:
                raise EngineFailed(
                    f"translation failed: {err}", engine=self.name, where=self.where
                ) from err
            outputs = []
            for result in results:
                pieces = [p for p in result.hypotheses[0] if p not in ("</s>", "<pad>")]
                outputs.append(target_sp.decode(pieces).strip())
            return check_outputs(
                batch, outputs, engine=self.name, where=self.where, target_lang=target_lang
            )

        return translate_in_batches(
            texts,
            call,
            max_segments=self.max_segments,
            max_chars=self.max_chars,
            engine=self.name,
            where=self.where,
        )
