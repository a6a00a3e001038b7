"""The CTranslate2 engine end to end on a tiny model built here from scratch
(CTranslate2's model-specification API and a SentencePiece model trained on
a few sentences): loading, tokenising, batching, decoding, joining, errors.
The tiny model's output is nonsense; its shape is what is checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from doingoai.errors import EngineFailed, EngineUnavailable
from doingoai.translate.engines import CTranslate2Engine, load_engine, translate_batch_safely
from doingoai.translate.engines.tiny import build_tiny_model

SOURCES = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Ngày 2.6, Ủy ban nhân dân thành phố họp tại trụ sở.",
    "Năm 2024, thành phố đón 2.350 đoàn khách quốc tế.",
    "Thông tin đối ngoại giới thiệu văn hóa Thủ đô.",
    "Xin chào",
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("ct2") / "opus-mt-vi-en")


def engine_for(model: Path, **options: object) -> CTranslate2Engine:
    return CTranslate2Engine(model_dir=model, source_lang="vi", target_lang="en", **options)  # type: ignore[arg-type]


def test_tiny_model_has_the_opus_mt_layout(tiny_model: Path) -> None:
    names = {p.name for p in tiny_model.iterdir()}
    assert {"model.bin", "config.json", "source.spm", "target.spm"} <= names
    assert "shared_vocabulary.json" in names or "shared_vocabulary.txt" in names
    config = json.loads((tiny_model / "config.json").read_text())
    assert config["add_source_eos"] is True and config["eos_token"] == "</s>"


def test_translates_every_segment_in_order(tiny_model: Path) -> None:
    engine = engine_for(tiny_model)
    texts = [SOURCES[0], "", SOURCES[1], "   ", SOURCES[2]]
    out = engine.translate(texts, source_lang="vi", target_lang="en")
    assert len(out) == len(texts)
    assert out[1] == "" and out[3] == "   "
    for source, target in zip(texts, out, strict=True):
        if source.strip():
            assert target.strip() and target != source
            assert "▁" not in target and "</s>" not in target  # pieces joined back into text


class _RecordingTranslator:
    """Stands between the engine and CTranslate2's translator and records the
    batches the engine sends (lists of source pieces)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.batches: list[list[list[str]]] = []

    def translate_batch(self, tokens: list[list[str]], **options: object) -> object:
        self.batches.append([list(t) for t in tokens])
        return self.inner.translate_batch(tokens, **options)  # type: ignore[attr-defined]


def _recording(engine: CTranslate2Engine) -> _RecordingTranslator:
    engine.load()
    assert engine._loaded is not None
    translator, source_sp, target_sp, add_eos = engine._loaded
    recorder = _RecordingTranslator(translator)
    engine._loaded = (recorder, source_sp, target_sp, add_eos)
    return recorder


# What a float model cannot promise: the same sentence decoded alone and inside
# a padded batch may differ in its last bits, and so in its greedy choices
# (ctranslate2 4.8 does so on AVX-512 CPUs). What the engine promises is
# checked instead: the same call gives the same answer, every segment comes back
# in its place, blank ones untouched, and long inputs are cut into batches
# within the limits.


def test_the_same_call_gives_the_same_answer(tiny_model: Path) -> None:
    engine = engine_for(tiny_model, beam_size=1)
    first = engine.translate(SOURCES, source_lang="vi", target_lang="en")
    second = engine.translate(SOURCES, source_lang="vi", target_lang="en")
    assert first == second
    assert (
        engine_for(tiny_model, beam_size=1).translate(SOURCES, source_lang="vi", target_lang="en")
        == first
    )  # and a freshly loaded engine agrees


def test_each_answer_stays_in_the_place_of_its_segment(tiny_model: Path) -> None:
    # One segment per call, so each is decoded alone whatever the order.
    engine = engine_for(tiny_model, beam_size=1, max_segments=1)
    forward = engine.translate(SOURCES, source_lang="vi", target_lang="en")
    backward = engine.translate(list(reversed(SOURCES)), source_lang="vi", target_lang="en")
    assert backward == list(reversed(forward))
    assert len(set(forward)) > 1  # the model does not answer every segment alike


def test_long_inputs_are_cut_into_batches_within_the_limits(tiny_model: Path) -> None:
    engine = engine_for(tiny_model, beam_size=1, max_segments=2, max_chars=60)
    recorder = _recording(engine)
    texts = [*SOURCES, "", *SOURCES]
    out = engine.translate(texts, source_lang="vi", target_lang="en")
    assert len(out) == len(texts) and out[len(SOURCES)] == ""
    sent = [len(batch) for batch in recorder.batches]
    assert sum(sent) == 2 * len(SOURCES)  # every non-blank segment once, the blank one never
    assert len(sent) >= 5 and max(sent) <= 2
    _, source_sp, _, _ = engine._loaded  # type: ignore[misc]
    for batch in recorder.batches:
        if len(batch) > 1:  # a batch of two is only made while it stays within max_chars
            chars = sum(len(source_sp.decode([p for p in t if p != "</s>"])) for t in batch)
            assert chars <= 60
    assert all(o.strip() for i, o in enumerate(out) if texts[i].strip())


@pytest.fixture(scope="module")
def chatty_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model that never chooses to stop."""
    return build_tiny_model(tmp_path_factory.mktemp("ct2") / "chatty", eos_bias=-20.0)


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        (SOURCES[1], 12),  # max_decoding_length
        (SOURCES[1], 40),
        ("Xin", 256),  # three times the source pieces plus ten
    ],
)
def test_decoding_is_bounded(chatty_model: Path, text: str, cap: int) -> None:
    engine = engine_for(chatty_model, beam_size=1, max_decoding_length=cap)
    (out,) = engine.translate([text], source_lang="vi", target_lang="en")
    assert engine._loaded is not None
    _, source_sp, target_sp, _ = engine._loaded
    limit = min(cap, 3 * (len(source_sp.encode(text)) + 1) + 10)
    # joining and cutting again may merge pieces, never make more of them
    pieces = [p for p in target_sp.encode(out, out_type=str) if p != "▁"]
    assert limit // 2 < len(pieces) <= limit


def test_loaded_from_settings(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "DOINGOAI_MT_ENGINE",
        json.dumps(
            {
                "CLASS": "ctranslate2",
                "OPTIONS": {
                    "model_dir": str(tiny_model),
                    "source_lang": "vi",
                    "target_lang": "en",
                    "compute_type": "default",
                },
            }
        ),
    )
    engine = load_engine()
    assert engine.languages() == {("vi", "en")}
    assert len(engine.translate(SOURCES, source_lang="vi", target_lang="en")) == len(SOURCES)


def test_refuses_another_language_pair(tiny_model: Path) -> None:
    with pytest.raises(EngineFailed, match="translates vi→en, not vi→fr"):
        engine_for(tiny_model).translate(SOURCES, source_lang="vi", target_lang="fr")


def test_multilingual_prefix_token_is_sent(tiny_model: Path) -> None:
    plain = CTranslate2Engine(model_dir=tiny_model, beam_size=1)
    prefixed = CTranslate2Engine(model_dir=tiny_model, beam_size=1, source_prefix={"fr": ">>fra<<"})
    assert plain.languages() is None
    a = plain.translate(SOURCES[:2], source_lang="vi", target_lang="fr")
    b = prefixed.translate(SOURCES[:2], source_lang="vi", target_lang="fr")
    assert a != b  # the model saw an extra (unknown) token


def _copy_without(model: Path, tmp_path: Path, missing: str) -> Path:
    target = tmp_path / "model"
    shutil.copytree(model, target)
    (target / missing).unlink()
    return target


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("model.bin", "no model.bin: not a CTranslate2 model directory"),
        ("source.spm", "no SentencePiece model source.spm"),
        ("target.spm", "no SentencePiece model target.spm"),
    ],
)
def test_incomplete_model_directory(
    tiny_model: Path, tmp_path: Path, missing: str, message: str
) -> None:
    model = _copy_without(tiny_model, tmp_path, missing)
    with pytest.raises(EngineUnavailable, match=message) as info:
        engine_for(model).translate(SOURCES, source_lang="vi", target_lang="en")
    assert str(model) in str(info.value) and "ctranslate2" in str(info.value)


def test_missing_directory_and_broken_files(tiny_model: Path, tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailable, match="no such model directory"):
        engine_for(tmp_path / "nowhere").translate(SOURCES, source_lang="vi", target_lang="en")
    model = tmp_path / "broken"
    shutil.copytree(tiny_model, model)
    (model / "source.spm").write_bytes(b"not a model")
    with pytest.raises(EngineUnavailable, match=r"source\.spm is not a SentencePiece model"):
        engine_for(model).translate(SOURCES, source_lang="vi", target_lang="en")
    (model / "source.spm").write_bytes((tiny_model / "source.spm").read_bytes())
    (model / "model.bin").write_bytes(b"\0" * 16)
    with pytest.raises(EngineUnavailable, match="CTranslate2 cannot load the model"):
        engine_for(model).translate(SOURCES, source_lang="vi", target_lang="en")


def test_safely_reports_a_missing_model(tmp_path: Path) -> None:
    out, reason = translate_batch_safely(
        engine_for(tmp_path / "opus-mt-vi-en"), SOURCES, source_lang="vi", target_lang="en"
    )
    assert out == [None] * len(SOURCES)
    assert reason is not None and reason.startswith("ctranslate2 (")
    assert "no such model directory" in reason
