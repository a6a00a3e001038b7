"""Machine-translation engines: the interface, the dummy engine, loading from
settings, the answer checks, glossaries and the never-raising batch helper."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date

import pytest

from doingoai.errors import (
    ConfigError,
    EngineError,
    EngineFailed,
    EngineRateLimited,
    EngineUnavailable,
)
from doingoai.translate import engines
from doingoai.translate.engines import (
    CTranslate2Engine,
    DummyEngine,
    Engine,
    GlossaryEntry,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    PartialFailure,
    RetryPolicy,
    glossary_from_hits,
    load_engine,
    relevant_glossary,
    translate_batch_safely,
)
from doingoai.translate.engines.base import batches, check_outputs, wrong_script

# --- the public surface --------------------------------------------------------


def test_all_names_exist() -> None:
    for name in engines.__all__:
        assert hasattr(engines, name), name


def test_error_tree() -> None:
    for cls in (EngineUnavailable, EngineRateLimited, EngineFailed):
        assert issubclass(cls, EngineError)
    err = EngineFailed("answered 500", engine="libretranslate", where="http://mt:5000")
    assert str(err) == "libretranslate (http://mt:5000): answered 500"
    assert err.reason == "answered 500"


# --- dummy engine ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "target", "expected"),
    [
        (["Hà Nội là thủ đô."], "en", ["[en] Hà Nội là thủ đô."]),
        (["Xin chào", "", "  ", "Tạm biệt"], "fr", ["[fr] Xin chào", "", "  ", "[fr] Tạm biệt"]),
        ([], "en", []),
    ],
)
def test_dummy_marks_segments_in_order(texts: list[str], target: str, expected: list[str]) -> None:
    engine = DummyEngine()
    assert engine.translate(texts, source_lang="vi", target_lang=target) == expected


def test_dummy_applies_glossary_and_words() -> None:
    engine = DummyEngine(prefix="", words={"là": "is", "của": "of"})
    glossary = [
        GlossaryEntry("Hà Nội", "Hanoi"),
        GlossaryEntry("thủ đô", "capital"),
        GlossaryEntry("Việt Nam", "Vietnam"),
    ]
    out = engine.translate(
        ["Hà Nội là thủ đô của Việt Nam."], source_lang="vi", target_lang="en", glossary=glossary
    )
    assert out == ["Hanoi is capital of Vietnam."]


@pytest.mark.parametrize(
    ("fail", "error"),
    [
        ("unavailable", EngineUnavailable),
        ("rate_limited", EngineRateLimited),
        ("failed", EngineFailed),
    ],
)
def test_dummy_fails_on_purpose(fail: str, error: type[EngineError]) -> None:
    with pytest.raises(error, match="dummy"):
        DummyEngine(fail=fail).translate(["Xin chào"], source_lang="vi", target_lang="en")


def test_dummy_refuses_unknown_failure() -> None:
    with pytest.raises(ConfigError, match="explode"):
        DummyEngine(fail="explode")


@pytest.mark.parametrize(
    "engine",
    [
        DummyEngine(),
        LibreTranslateEngine(),
        OpenAICompatibleEngine(model="qwen2.5:7b"),
        CTranslate2Engine(model_dir="models/opus-mt-vi-en"),
    ],
    ids=lambda e: e.name,
)
def test_every_engine_meets_the_protocol(engine: object) -> None:
    assert isinstance(engine, Engine)


# --- loading from settings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "cls"),
    [
        (None, DummyEngine),
        ("dummy", DummyEngine),
        ("DUMMY", DummyEngine),
        ("doingoai.translate.engines.dummy.DummyEngine", DummyEngine),
        ({"CLASS": "libretranslate", "OPTIONS": {"url": "http://mt:5000"}}, LibreTranslateEngine),
        ({"class": "openai", "options": {"model": "llama3.1"}}, OpenAICompatibleEngine),
        ('{"CLASS": "ctranslate2", "OPTIONS": {"model_dir": "m"}}', CTranslate2Engine),
    ],
)
def test_load_engine(config: object, cls: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOINGOAI_MT_ENGINE", raising=False)
    assert type(load_engine(config)) is cls  # type: ignore[arg-type]


def test_load_engine_from_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "DOINGOAI_MT_ENGINE",
        '{"CLASS": "libretranslate", "OPTIONS": {"url": "http://mt.example:5000/", "api_key": "k"}}',
    )
    engine = load_engine()
    assert isinstance(engine, LibreTranslateEngine)
    assert engine.url == "http://mt.example:5000"
    # a bare name takes its options from the setting when it names the same class
    same = load_engine("libretranslate")
    assert isinstance(same, LibreTranslateEngine)
    assert same.api_key == "k"
    assert isinstance(load_engine("dummy"), DummyEngine)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("google", "unknown engine 'google'"),
        ("no.such.module.Engine", "cannot import 'no.such.module'"),
        ("doingoai.translate.engines.dummy.Nope", "has no class 'Nope'"),
        ("doingoai.errors.ConfigError", "is not an engine"),
        ('{"CLASS": "dummy"', "not valid JSON"),
        ("[1, 2]", "unknown engine"),
        ({"CLASS": "dummy", "OPTIONS": {"colour": "red"}}, "bad options for DummyEngine"),
        ({"ENGINE": "dummy"}, "unknown keys ENGINE"),
        ({"CLASS": "openai"}, "'model' is required"),
        ({"CLASS": "libretranslate", "OPTIONS": {"url": "mt:5000"}}, "must start with http"),
        ({"CLASS": "ctranslate2", "OPTIONS": {}}, "'model_dir' is required"),
    ],
)
def test_load_engine_errors_name_the_problem(config: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_engine(config)  # type: ignore[arg-type]


def test_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOINGOAI_MT_ENGINE", "deepl")
    with pytest.raises(ConfigError, match="DOINGOAI_MT_ENGINE: unknown engine 'deepl'"):
        load_engine()


# --- batching and retry timing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lengths", "max_segments", "max_chars", "expected"),
    [
        ([10, 10, 10], 2, 100, [[0, 1], [2]]),
        ([40, 40, 40], 10, 100, [[0, 1], [2]]),
        ([150, 10, 10], 10, 100, [[0], [1, 2]]),  # too long: alone, never cut
        ([10, 150, 10], 10, 100, [[0], [1], [2]]),
        ([], 5, 100, []),
    ],
)
def test_batches(
    lengths: list[int], max_segments: int, max_chars: int, expected: list[list[int]]
) -> None:
    assert batches(["x" * n for n in lengths], max_segments, max_chars) == expected


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(backoff=1.0, max_backoff=5.0, jitter=0.5, rng=random.Random(1))
    delays = [policy.delay(n) for n in range(5)]
    for n, d in enumerate(delays):
        base = min(5.0, 2.0**n)
        assert base <= d <= base * 1.5
    assert len({round(d, 6) for d in delays[3:]}) == 2  # capped, but jittered apart
    assert policy.delay(0, retry_after=7.0) == 7.0


# --- answer checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "wrong"),
    [
        ("The People's Committee met on June 2.", "en", False),
        ("Народный комитет собрался 2 июня.", "en", True),
        ("Народный комитет собрался 2 июня.", "ru", False),
        ("河内市人民委员会于6月2日召开会议。", "zh", False),
        ("The committee met.", "zh", True),
        ("ASEAN 峰会在河内举行。", "zh", False),  # a Latin acronym in Chinese text
        ("6月2日、ハノイ市人民委員会が開かれた。", "ja", False),
        ("2.350", "ja", False),  # no letters, nothing to judge
        ("OK", "ru", False),  # too short to judge
        ("Hà Nội là thủ đô.", "xx", False),  # a language without a known script
    ],
)
def test_wrong_script(text: str, lang: str, wrong: bool) -> None:
    assert wrong_script(text, lang) is wrong


SOURCES = ["Hà Nội là thủ đô của Việt Nam.", "Ngày 2.6, thành phố tổ chức hội nghị."]


@pytest.mark.parametrize(
    ("outputs", "message", "partial"),
    [
        (["Hanoi is the capital."], "returned 1 translations for 2 segments", None),
        (["Hanoi is the capital.", ""], "segment 2: empty translation", True),
        (["Hanoi is the capital.", None], "segment 2: the answer is NoneType", True),
        (["河内是越南的首都。", "On June 2 the city held a conference."], "segment 1", True),
        (SOURCES, "returned the source text untranslated", None),
    ],
)
def test_check_outputs_refuses_garbage(
    outputs: list[object], message: str, partial: bool | None
) -> None:
    with pytest.raises(EngineFailed, match=message) as info:
        check_outputs(SOURCES, outputs, engine="t", where="here", target_lang="en")
    if partial:
        assert isinstance(info.value, PartialFailure)
        good = [o if o in info.value.partial else None for o in outputs]
        assert info.value.partial == good
    else:
        assert not isinstance(info.value, PartialFailure)


@pytest.mark.parametrize("lang", ["en", "zh", "ru"])
def test_check_outputs_keeps_names_that_stay_the_same(lang: str) -> None:
    sources = ["Hà Nội", "ASEAN", "2.350"]
    assert check_outputs(sources, sources, engine="t", where="", target_lang=lang) == sources


def test_check_outputs_refuses_a_vietnamese_sentence_for_chinese() -> None:
    sources = ["Hà Nội là thủ đô.", "Ngày 2.6, thành phố tổ chức hội nghị."]
    outputs = ["河内是首都。", "Ngày 2.6, thành phố tổ chức hội nghị."]
    with pytest.raises(PartialFailure, match=r"segment 2: .* is not written as zh is written"):
        check_outputs(sources, outputs, engine="t", where="", target_lang="zh")


# --- glossary -----------------------------------------------------------------------


def test_relevant_glossary_keeps_terms_in_the_text() -> None:
    glossary = [
        GlossaryEntry("Ủy ban nhân dân", "People's Committee"),
        GlossaryEntry("Ủy ban nhân dân thành phố Hà Nội", "Hanoi People's Committee"),
        GlossaryEntry("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
        GlossaryEntry("Sở Văn hóa và Thể thao", "Department of Culture and Sports"),
    ]
    found = relevant_glossary(
        glossary,
        ["Uỷ ban nhân dân thành phố Hà Nội họp.", "Gặp đại diện So Van hoa va The thao."],
    )
    assert [e.target for e in found] == [
        "Hanoi People's Committee",
        "Department of Culture and Sports",
        "People's Committee",
    ]


def test_glossary_from_termbase_hits() -> None:
    from doingoai.translate.termbase import Concept, Term, Termbase

    ministry = Concept(
        "mpi",
        terms=[
            Term("vi", "Bộ Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28)),
            Term("en", "Ministry of Planning and Investment", valid_to=date(2025, 2, 28)),
        ],
    )
    committee = Concept(
        "ubnd-hn",
        terms=[
            Term("vi", "Ủy ban nhân dân thành phố Hà Nội"),
            Term("en", "Hanoi People's Committee", note="official name"),
            Term("en", "Hanoi City People's Committee", status="forbidden"),
        ],
    )
    termbase = Termbase([ministry, committee])
    text = "Ủy ban nhân dân thành phố Hà Nội làm việc với Bộ Kế hoạch và Đầu tư."
    hits = termbase.find(text, on=date(2025, 6, 1), target_lang="en")
    entries = glossary_from_hits(hits, "en")
    assert entries[0] == GlossaryEntry(
        "Ủy ban nhân dân thành phố Hà Nội",
        "Hanoi People's Committee",
        note="official name",
        forbidden=("Hanoi City People's Committee",),
    )
    assert entries[1].target == "Ministry of Planning and Investment"
    assert "historical" in entries[1].note


# --- never raising ------------------------------------------------------------------------


class _Broken:
    name = "broken"

    def __init__(self, error: Exception | None = None, result: object = None) -> None:
        self.error = error
        self.result = result

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
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


class _Pairs(DummyEngine):
    def languages(self) -> set[tuple[str, str]] | None:
        return {("vi", "en")}


def test_translate_batch_safely_skips_a_pair_not_offered() -> None:
    engine = _Pairs()
    out, why = translate_batch_safely(engine, ["Xin chào"], source_lang="vi", target_lang="ko")
    assert (out, why) == ([None], "dummy: does not translate vi→ko")
    assert engine.calls == 0
    out, why = translate_batch_safely(engine, ["Xin chào"], source_lang="vi", target_lang="en")
    assert (out, why) == (["[en] Xin chào"], None)


@pytest.mark.parametrize(
    ("engine", "translations", "reason"),
    [
        (DummyEngine(), ["[en] Một", "", "[en] Hai"], None),
        (DummyEngine(fail="unavailable"), [None, None, None], "dummy (in process): cannot reach"),
        (DummyEngine(fail="rate_limited"), [None] * 3, "dummy (in process): 429"),
        (_Broken(ZeroDivisionError("division by zero")), [None] * 3, "broken: unexpected"),
        (_Broken(result=["one"]), [None] * 3, "broken: returned 1 translations for 3"),
        (
            _Broken(PartialFailure("segment 3: empty", engine="broken", partial=["One", "", None])),
            ["One", "", None],
            "broken: segment 3: empty",
        ),
    ],
)
def test_translate_batch_safely_never_raises(
    engine: Engine, translations: list[str | None], reason: str | None
) -> None:
    out, why = translate_batch_safely(
        engine, ["Một", "", "Hai"], source_lang="vi", target_lang="en"
    )
    assert out == translations
    if reason is None:
        assert why is None
    else:
        assert why is not None and why.startswith(reason)
