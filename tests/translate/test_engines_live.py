"""The HTTP engines against real servers on 127.0.0.1: LibreTranslate and an
OpenAI-compatible chat endpoint speaking their protocols over sockets, so the
real transport, timeouts, retries and error bodies are exercised.

Timeouts are fractions of a second and retry waits are made short through the
engines' own options (``timeout``, ``retries``, ``backoff``); the waits are
recorded through the ``sleep`` option, which still sleeps for real."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from doingoai.errors import ConfigError, EngineFailed, EngineRateLimited, EngineUnavailable
from doingoai.translate.engines import (
    GlossaryEntry,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    PartialFailure,
    load_engine,
    translate_batch_safely,
)
from tests.translate.mt_servers import (
    ENGLISH,
    SOURCES,
    Answer,
    LibreTranslate,
    OpenAIChat,
    Step,
    closed_port,
    error,
    running,
)

EXPECTED = [ENGLISH[s] for s in SOURCES]


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests go straight to 127.0.0.1, whatever proxy the machine sets."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


class Waits:
    """The ``sleep`` option: records each wait and sleeps it for real."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        time.sleep(seconds)


# a timeout no answer of these servers comes near, unless a test makes it slow
FAST: dict[str, Any] = {"timeout": 3.0, "retries": 2, "backoff": 0.01}


@pytest.fixture
def waits() -> Waits:
    return Waits()


def libre(server: LibreTranslate, waits: Waits, **options: Any) -> LibreTranslateEngine:
    assert server.url.startswith("http://127.0.0.1:")
    return LibreTranslateEngine(url=server.url, sleep=waits, **{**FAST, **options})


def chat(server: OpenAIChat, waits: Waits, **options: Any) -> OpenAICompatibleEngine:
    assert server.url.startswith("http://127.0.0.1:")
    options = {"model": "qwen-mt", **FAST, **options}
    return OpenAICompatibleEngine(base_url=server.url + "/v1", sleep=waits, **options)


@pytest.fixture
def libre_server() -> Iterator[LibreTranslate]:
    with running(LibreTranslate()) as server:
        yield server


@pytest.fixture
def chat_server() -> Iterator[OpenAIChat]:
    with running(OpenAIChat()) as server:
        yield server


# --- LibreTranslate: the protocol ------------------------------------------------


def test_libretranslate_batches_over_http_and_sends_the_documented_fields(
    waits: Waits,
) -> None:
    with running(LibreTranslate(api_key="k-office", batch_limit=2)) as server:
        engine = libre(server, waits, api_key="k-office", max_segments=2)
        assert engine.translate(SOURCES, source_lang="vi", target_lang="en") == EXPECTED
        engine.close()
    bodies = [s.body for s in server.posts()]
    assert [b["q"] for b in bodies] == [SOURCES[0:2], SOURCES[2:4], SOURCES[4:5]]
    for body in bodies:
        assert body["source"] == "vi"
        assert body["target"] == "en"
        assert body["format"] == "text"
        assert body["api_key"] == "k-office"
    assert waits.asked == []


def test_libretranslate_wrong_api_key_is_refused_once_with_the_servers_message(
    waits: Waits,
) -> None:
    with running(LibreTranslate(api_key="k-office")) as server:
        engine = libre(server, waits, api_key="k-old")
        with pytest.raises(EngineUnavailable) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        engine.close()
    message = str(info.value)
    assert server.url in message
    assert "403" in message
    assert "Invalid API key" in message
    assert len(server.posts()) == 1  # a refused key is not retried


def test_libretranslate_without_a_key_is_refused_when_the_server_wants_one(
    waits: Waits,
) -> None:
    with running(LibreTranslate(api_key="k-office")) as server:
        engine = libre(server, waits)
        out, reason = translate_batch_safely(
            engine, SOURCES[:2], source_lang="vi", target_lang="en"
        )
        engine.close()
    assert out == [None, None]
    assert reason is not None and "check the API key" in reason
    assert "api_key" not in server.posts()[0].body


def test_libretranslate_answer_to_q_as_a_string_is_read(waits: Waits) -> None:
    """A server answering a single segment with a string (as it does for q
    given as a string) still gives one translation."""

    def as_string(out: list[str]) -> Any:
        return out[0]

    with running(LibreTranslate([Step(edit=as_string)])) as server:
        engine = libre(server, waits)
        assert engine.translate(SOURCES[:1], source_lang="vi", target_lang="en") == EXPECTED[:1]
        engine.close()
    assert server.posts()[0].body["q"] == SOURCES[:1]


def test_libretranslate_languages_come_from_the_server_and_unoffered_pairs_are_not_sent(
    waits: Waits,
) -> None:
    with running(LibreTranslate(languages={"vi": ["en"], "en": ["vi"]})) as server:
        engine = libre(server, waits)
        assert engine.languages() == {("vi", "en"), ("en", "vi")}
        out, reason = translate_batch_safely(
            engine, SOURCES[:2], source_lang="vi", target_lang="fr"
        )
        engine.languages()  # asked once per engine
        engine.close()
    assert out == [None, None]
    assert reason == "libretranslate: does not translate vi→fr"
    assert [(s.method, s.path) for s in server.seen] == [("GET", "/languages")]


def test_libretranslate_unsupported_language_gives_the_servers_error_at_once(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    engine = libre(libre_server, waits)
    with pytest.raises(EngineFailed) as info:
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="ja")
    engine.close()
    assert "400" in str(info.value)
    assert "ja is not supported" in str(info.value)
    assert len(libre_server.posts()) == 1


def test_libretranslate_languages_unknown_when_the_listing_fails(waits: Waits) -> None:
    class Broken(LibreTranslate):
        def other(self, seen: Any) -> Any:
            raise Answer(500, "the listing crashed")

    with running(Broken()) as server:
        engine = libre(server, waits)
        assert engine.languages() is None
        engine.close()


# --- retries over the real transport -----------------------------------------------


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_429_with_retry_after_is_waited_for_then_retried(make: type, waits: Waits) -> None:
    with running(make([error(429, "Too many requests", retry_after="1")])) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits)
        assert engine.translate(SOURCES[:2], source_lang="vi", target_lang="en") == EXPECTED[:2]
        engine.close()
    assert len(server.posts()) == 2
    assert waits.asked == [1.0]  # what the server asked, not the engine's own backoff
    assert server.gaps()[0] >= 0.95  # and the server did not hear from it before


def test_retry_after_as_an_http_date_is_read(libre_server: LibreTranslate, waits: Waits) -> None:
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    libre_server.script = [error(429, "Too many requests", retry_after=past)]
    engine = libre(libre_server, waits)
    assert engine.translate(SOURCES[:1], source_lang="vi", target_lang="en") == EXPECTED[:1]
    engine.close()
    assert waits.asked == [0.0]
    assert len(libre_server.posts()) == 2


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_retry_after_beyond_the_engines_cap_fails_at_once(make: type, waits: Waits) -> None:
    with running(make([error(429, "Slow down", retry_after="2")])) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits, max_retry_after=1.5)
        with pytest.raises(EngineRateLimited) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        engine.close()
    assert "asks to wait 2 s" in str(info.value)
    assert server.url in str(info.value)
    assert len(server.posts()) == 1
    assert waits.asked == []


def test_429_without_retry_after_backs_off_and_gives_up_after_the_retries(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    libre_server.script = [error(429, "Too many requests")] * 3
    engine = libre(libre_server, waits, retries=2)
    with pytest.raises(EngineRateLimited) as info:
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    engine.close()
    assert "after 3 attempts" in str(info.value)
    assert len(libre_server.posts()) == 3
    assert len(waits.asked) == 2
    assert 0.01 <= waits.asked[0] < waits.asked[1]  # backoff from the option, doubled


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_5xx_then_success_is_retried(make: type, waits: Waits) -> None:
    script = [error(500, "Cannot translate text: out of memory"), error(503, "busy")]
    with running(make(script)) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits)
        assert engine.translate(SOURCES[:3], source_lang="vi", target_lang="en") == EXPECTED[:3]
        engine.close()
    assert len(server.posts()) == 3
    assert len(waits.asked) == 2


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_5xx_every_time_fails_with_the_servers_message(make: type, waits: Waits) -> None:
    with running(make([error(500, "model crashed")] * 5)) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits, retries=1)
        with pytest.raises(EngineFailed) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        engine.close()
    message = str(info.value)
    assert server.url in message
    assert "answered 500 after 2 attempts" in message
    assert "model crashed" in message
    assert len(server.posts()) == 2
    assert len(server.script) == 3  # the rest of the script was never asked for


# --- the transport failing -----------------------------------------------------------


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_an_answer_slower_than_the_timeout_fails_naming_the_url(make: type, waits: Waits) -> None:
    with running(make([Step(delay=5.0)] * 3)) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits, timeout=0.3, retries=1)
        with pytest.raises(EngineUnavailable) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        engine.close()
    message = str(info.value)
    assert server.url in message
    assert "within the timeout after 2 attempts" in message
    assert len(server.posts()) == 2


def test_a_slow_answer_once_is_retried(libre_server: LibreTranslate, waits: Waits) -> None:
    libre_server.script = [Step(delay=5.0)]
    engine = libre(libre_server, waits, timeout=0.5)
    assert engine.translate(SOURCES[:2], source_lang="vi", target_lang="en") == EXPECTED[:2]
    engine.close()
    assert len(libre_server.posts()) == 2


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_a_connection_dropped_mid_answer_is_retried(make: type, waits: Waits) -> None:
    with running(make([Step(drop=True)])) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits)
        assert engine.translate(SOURCES[:2], source_lang="vi", target_lang="en") == EXPECTED[:2]
        engine.close()
    assert len(server.posts()) == 2
    assert len(waits.asked) == 1


def test_a_connection_dropped_every_time_fails_naming_the_url(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    libre_server.script = [Step(drop=True)] * 3
    engine = libre(libre_server, waits, retries=2)
    with pytest.raises(EngineUnavailable) as info:
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    engine.close()
    message = str(info.value)
    assert f"{libre_server.url}/translate" in message
    assert "after 3 attempts" in message
    assert len(libre_server.posts()) == 3


@pytest.mark.parametrize("kind", ["libretranslate", "openai"])
def test_a_server_that_is_not_listening_is_unavailable(kind: str, waits: Waits) -> None:
    url = closed_port()
    engine: LibreTranslateEngine | OpenAICompatibleEngine
    if kind == "libretranslate":
        engine = LibreTranslateEngine(url=url, sleep=waits, **FAST)
    else:
        engine = OpenAICompatibleEngine(base_url=url + "/v1", model="m", sleep=waits, **FAST)
    with pytest.raises(EngineUnavailable) as info:
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    message = str(info.value)
    assert url in message
    assert "cannot reach" in message and "after 3 attempts" in message
    assert len(waits.asked) == 2
    out, reason = translate_batch_safely(engine, SOURCES[:2], source_lang="vi", target_lang="en")
    engine.close()
    assert out == [None, None]
    assert reason is not None and url in reason


# --- garbage answers ------------------------------------------------------------------


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_a_body_that_is_not_json_fails_without_retrying(make: type, waits: Waits) -> None:
    broken = b'{"translatedText": ["Hanoi is'
    with running(make([Step(body=broken)])) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits)
        with pytest.raises(EngineFailed) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        engine.close()
    assert "not JSON" in str(info.value)
    assert server.url in str(info.value)
    assert len(server.posts()) == 1


def test_libretranslate_error_body_with_status_200_is_reported(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    libre_server.script = [Step(body=json.dumps({"error": "Cannot translate text"}).encode())]
    engine = libre(libre_server, waits)
    with pytest.raises(EngineFailed, match="no translatedText: Cannot translate text"):
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    engine.close()


def test_libretranslate_wrong_number_of_translations_fails_and_keeps_earlier_batches(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    libre_server.script = [Step(), Step(edit=lambda out: out[:-1])]
    engine = libre(libre_server, waits, max_segments=2)
    with pytest.raises(EngineFailed, match="returned 1 translations for 2 segments"):
        engine.translate(SOURCES[:4], source_lang="vi", target_lang="en")
    libre_server.script = [Step(), Step(edit=lambda out: out[:-1])]
    out, reason = translate_batch_safely(engine, SOURCES[:4], source_lang="vi", target_lang="en")
    engine.close()
    assert out == [EXPECTED[0], EXPECTED[1], None, None]
    assert reason is not None and libre_server.url in reason
    assert len(libre_server.posts()) == 4


def test_openai_wrong_number_of_translations_asks_each_segment_alone(
    chat_server: OpenAIChat, waits: Waits
) -> None:
    chat_server.script = [Step(edit=lambda out: out[:-1])]
    engine = chat(chat_server, waits)
    assert engine.translate(SOURCES[:3], source_lang="vi", target_lang="en") == EXPECTED[:3]
    engine.close()
    asked = [
        json.loads(p.body["messages"][1]["content"].rsplit("\n", 1)[1]) for p in chat_server.posts()
    ]
    assert asked == [SOURCES[:3], [SOURCES[0]], [SOURCES[1]], [SOURCES[2]]]


def test_openai_content_that_is_no_list_fails_for_the_segments_still_without_one(
    waits: Waits,
) -> None:
    with running(OpenAIChat(content=lambda out: "Sorry, I cannot help with that.")) as server:
        engine = chat(server, waits)
        with pytest.raises(PartialFailure) as info:
            engine.translate(SOURCES[:2], source_lang="vi", target_lang="en")
        engine.close()
    assert info.value.partial == [None, None]
    assert "did not hold 2 translations" in str(info.value)
    assert len(server.posts()) == 3  # the batch, then each segment once


# --- OpenAI-compatible: the protocol -------------------------------------------------


GLOSSARY = [
    GlossaryEntry(
        "Ủy ban nhân dân",
        "People's Committee",
        note="official name",
        forbidden=("People's Council",),
    ),
    GlossaryEntry("Hồ Gươm", "Hoan Kiem Lake"),
]


def test_openai_sends_model_temperature_key_and_the_glossary(waits: Waits) -> None:
    with running(OpenAIChat(api_key="sk-office")) as server:
        engine = chat(server, waits, api_key="sk-office", max_segments=2)
        out = engine.translate(SOURCES[:3], source_lang="vi", target_lang="en", glossary=GLOSSARY)
        assert out == EXPECTED[:3]
        assert engine.models() == ["qwen-mt"]
        engine.close()
    posts = server.posts()
    assert len(posts) == 2
    for post in posts:
        assert post.header("Authorization") == "Bearer sk-office"
        assert post.body["model"] == "qwen-mt"
        assert post.body["temperature"] == 0.0
        assert [m["role"] for m in post.body["messages"]] == ["system", "user"]
    first, second = (p.body["messages"][1]["content"] for p in posts)
    # the glossary entry whose term occurs in the batch reaches the model, with its note
    # and the name never to use; the one that does not occur stays out
    assert "Ủy ban nhân dân → People's Committee (official name)" in first
    assert "never: People's Council" in first
    assert "Hồ Gươm" not in first
    assert "Ủy ban nhân dân" not in second
    assert "from Vietnamese into English" in posts[0].body["messages"][0]["content"]
    models = [s for s in server.seen if s.path == "/v1/models"]
    assert models[0].header("Authorization") == "Bearer sk-office"


def test_openai_wrong_key_is_refused_once_with_the_servers_message(waits: Waits) -> None:
    with running(OpenAIChat(api_key="sk-office")) as server:
        engine = chat(server, waits, api_key="sk-wrong")
        with pytest.raises(EngineUnavailable) as info:
            engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
        with pytest.raises(EngineFailed, match="401"):
            engine.models()
        engine.close()
    assert "401" in str(info.value) and "check the API key" in str(info.value)
    assert "Incorrect API key provided" in str(info.value)
    assert len(server.posts()) == 1


def test_openai_unknown_model_names_the_model(chat_server: OpenAIChat, waits: Waits) -> None:
    engine = chat(chat_server, waits, model="gpt-none")
    with pytest.raises(EngineFailed) as info:
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    engine.close()
    message = str(info.value)
    assert "model gpt-none" in message
    assert "The model 'gpt-none' does not exist" in message
    assert len(chat_server.posts()) == 1


def test_openai_reply_without_choices_is_refused(chat_server: OpenAIChat, waits: Waits) -> None:
    chat_server.script = [Step(body=b'{"object": "chat.completion", "choices": []}')]
    engine = chat(chat_server, waits)
    with pytest.raises(EngineFailed, match=r"no choices\[0\]\.message\.content"):
        engine.translate(SOURCES[:1], source_lang="vi", target_lang="en")
    engine.close()


# --- the batch helper over the wire --------------------------------------------------


@pytest.mark.parametrize("make", [LibreTranslate, OpenAIChat], ids=["libretranslate", "openai"])
def test_batch_helper_keeps_order_and_blank_segments(make: type, waits: Waits) -> None:
    texts = [SOURCES[0], "", SOURCES[1], "   ", SOURCES[2], SOURCES[3], "\n"]
    with running(make()) as server:
        engine = (libre if make is LibreTranslate else chat)(server, waits, max_segments=2)
        out, reason = translate_batch_safely(engine, texts, source_lang="vi", target_lang="en")
        engine.close()
    assert reason is None
    assert out == [EXPECTED[0], "", EXPECTED[1], "   ", EXPECTED[2], EXPECTED[3], "\n"]
    assert len(server.posts()) == 2  # blank segments are never sent


def test_batch_helper_keeps_what_was_translated_before_a_failure(
    libre_server: LibreTranslate, waits: Waits
) -> None:
    libre_server.script = [Step(), error(500, "crashed"), error(500, "crashed")]
    engine = libre(libre_server, waits, retries=1, max_segments=2)
    texts = [SOURCES[0], "", SOURCES[1], SOURCES[2], SOURCES[3]]
    out, reason = translate_batch_safely(engine, texts, source_lang="vi", target_lang="en")
    engine.close()
    assert out == [EXPECTED[0], "", EXPECTED[1], None, None]
    assert reason is not None
    assert "answered 500 after 2 attempts" in reason and libre_server.url in reason


def test_engine_configured_as_in_settings_reaches_the_server(
    libre_server: LibreTranslate,
) -> None:
    config = {
        "CLASS": "libretranslate",
        "OPTIONS": {"url": libre_server.url, "timeout": 0.5, "retries": 1, "backoff": 0.01},
    }
    libre_server.script = [error(503, "warming up")]
    engine = load_engine(config)
    assert engine.translate(SOURCES[:1], source_lang="vi", target_lang="en") == EXPECTED[:1]
    assert len(libre_server.posts()) == 2


@pytest.mark.parametrize(
    "option", [{"timeout": 0}, {"retries": -1}, {"backoff": -0.5}, {"max_retry_after": -1}]
)
def test_bad_transport_options_are_refused_naming_them(option: dict[str, Any]) -> None:
    [(name, value)] = option.items()
    with pytest.raises(ConfigError) as info:
        LibreTranslateEngine(url="http://127.0.0.1:5000", **option)
    assert str(info.value).startswith(f"libretranslate: option {name} must be")
    assert str(info.value).endswith(f"not {value!r}")
    with pytest.raises(ConfigError) as info:
        OpenAICompatibleEngine(model="m", **option)
    assert str(info.value).startswith(f"openai engine: option {name} must be")
