"""The HTTP engines — LibreTranslate and an OpenAI-compatible chat endpoint —
against httpx.MockTransport: batching, retries, Retry-After, timeouts, garbage."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from doingoai.errors import EngineFailed, EngineRateLimited, EngineUnavailable
from doingoai.translate.engines import (
    GlossaryEntry,
    LibreTranslateEngine,
    OpenAICompatibleEngine,
    PartialFailure,
    translate_batch_safely,
)
from doingoai.translate.engines._http import retry_after_seconds
from doingoai.translate.engines.openai_compatible import build_messages, parse_answer

Handler = Callable[[httpx.Request], httpx.Response]

SOURCES = [
    "Hà Nội là thủ đô của Việt Nam.",
    "Ngày 2.6, Ủy ban nhân dân thành phố họp.",
    "Thành phố đón 2.350 đoàn khách quốc tế.",
]
ENGLISH = {
    SOURCES[0]: "Hanoi is the capital of Vietnam.",
    SOURCES[1]: "On June 2, the city People's Committee met.",
    SOURCES[2]: "The city welcomed 2,350 international delegations.",
}


class Server:
    """A scripted server: answers from ``script`` in turn, then ``default``;
    records every request and every wait."""

    def __init__(self, script: list[Handler] | None = None, default: Handler | None = None):
        self.script = list(script or [])
        self.default = default
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.script.pop(0) if self.script else self.default
        assert handler is not None, "unexpected request"
        return handler(request)

    def bodies(self) -> list[dict[str, object]]:
        return [json.loads(r.content) for r in self.requests if r.content]

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def libre_ok(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json={"translatedText": [ENGLISH[q] for q in body["q"]]})


def status(code: int, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(code, headers=headers, text="busy")


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def libre(server: Server, **options: object) -> LibreTranslateEngine:
    return LibreTranslateEngine(
        url="http://mt.test:5000",
        transport=httpx.MockTransport(server),
        sleep=server.sleep,
        **options,  # type: ignore[arg-type]
    )


# --- LibreTranslate ---------------------------------------------------------------------


def test_libretranslate_translates_a_batch() -> None:
    server = Server(default=libre_ok)
    engine = libre(server, api_key="secret")
    out = engine.translate(["", *SOURCES], source_lang="vi", target_lang="en")
    assert out == ["", *[ENGLISH[s] for s in SOURCES]]
    assert len(server.requests) == 1
    request = server.requests[0]
    assert request.method == "POST" and request.url == "http://mt.test:5000/translate"
    assert server.bodies()[0] == {
        "q": SOURCES,
        "source": "vi",
        "target": "en",
        "format": "text",
        "api_key": "secret",
    }


@pytest.mark.parametrize(
    ("options", "sizes"),
    [
        ({"max_segments": 2}, [2, 1]),
        ({"max_segments": 1}, [1, 1, 1]),
        ({"max_chars": 80}, [2, 1]),
        ({"max_chars": 10}, [1, 1, 1]),  # longer than the limit: alone, never cut
    ],
)
def test_libretranslate_batches_in_order(options: dict[str, int], sizes: list[int]) -> None:
    server = Server(default=libre_ok)
    out = libre(server, **options).translate(SOURCES, source_lang="vi", target_lang="en")
    assert out == [ENGLISH[s] for s in SOURCES]
    assert [len(b["q"]) for b in server.bodies()] == sizes  # type: ignore[arg-type]


def test_libretranslate_waits_what_retry_after_asks_then_succeeds() -> None:
    server = Server(
        [status(429, {"Retry-After": "3"}), status(429, {"Retry-After": "1"})], libre_ok
    )
    out = libre(server).translate(SOURCES[:1], source_lang="vi", target_lang="en")
    assert out == [ENGLISH[SOURCES[0]]]
    assert server.sleeps == [3.0, 1.0]


def test_libretranslate_rate_limited_after_retries() -> None:
    server = Server(default=status(429))
    with pytest.raises(EngineRateLimited, match=r"still answered 429.*after 4 attempts") as info:
        libre(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert "libretranslate (http://mt.test:5000)" in str(info.value)
    assert len(server.requests) == 4
    assert len(server.sleeps) == 3 and server.sleeps == sorted(server.sleeps)  # backing off


def test_libretranslate_does_not_wait_an_hour() -> None:
    server = Server(default=status(429, {"Retry-After": "3600"}))
    with pytest.raises(EngineRateLimited, match="asks to wait 3600 s"):
        libre(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert server.sleeps == [] and len(server.requests) == 1


def test_libretranslate_500_three_times_then_fails() -> None:
    server = Server(default=status(500))
    with pytest.raises(EngineFailed, match="answered 500 after 3 attempts: busy"):
        libre(server, retries=2).translate(SOURCES, source_lang="vi", target_lang="en")
    assert len(server.requests) == 3


def test_libretranslate_recovers_from_a_503() -> None:
    server = Server([status(503), timeout, refused], libre_ok)
    out = libre(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert out == [ENGLISH[s] for s in SOURCES]
    assert len(server.sleeps) == 3


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (timeout, "no answer from http://mt.test:5000/translate within the timeout"),
        (refused, "cannot reach http://mt.test:5000/translate after 4 attempts"),
    ],
)
def test_libretranslate_unreachable(handler: Handler, message: str) -> None:
    server = Server(default=handler)
    with pytest.raises(EngineUnavailable, match=message):
        libre(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert len(server.requests) == 4


@pytest.mark.parametrize(
    ("response", "error", "message"),
    [
        (httpx.Response(200, text="<html>Welcome to nginx</html>"), EngineFailed, "not JSON"),
        (httpx.Response(200, json={"translated": []}), EngineFailed, "no translatedText"),
        (
            httpx.Response(200, json={"translatedText": ["Hanoi is the capital."]}),
            EngineFailed,
            "returned 1 translations for 3 segments",
        ),
        (
            httpx.Response(200, json={"translatedText": "Hanoi is the capital."}),
            EngineFailed,
            "translatedText is str",
        ),
        (httpx.Response(200, json={"translatedText": SOURCES}), EngineFailed, "untranslated"),
        (
            httpx.Response(400, json={"error": "vi is not supported"}),
            EngineFailed,
            "answered 400.*vi is not supported",
        ),
        (httpx.Response(403, json={"error": "Invalid API key"}), EngineUnavailable, "API key"),
        (httpx.Response(404, text="Not Found"), EngineFailed, "404: check the URL"),
    ],
)
def test_libretranslate_garbage_and_refusals(
    response: httpx.Response, error: type[Exception], message: str
) -> None:
    server = Server(default=lambda request: response)
    with pytest.raises(error, match=message):
        libre(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert len(server.requests) == 1  # never retried


def test_libretranslate_empty_translation_keeps_the_others() -> None:
    def one_empty(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(
            200, json={"translatedText": ["" if q == SOURCES[1] else ENGLISH[q] for q in body["q"]]}
        )

    engine = libre(Server(default=one_empty), max_segments=1)
    out, reason = translate_batch_safely(engine, SOURCES, source_lang="vi", target_lang="en")
    assert out == [ENGLISH[SOURCES[0]], None, ENGLISH[SOURCES[2]]]
    assert reason is not None and "empty translation" in reason


def test_libretranslate_outage_midway_keeps_what_was_done() -> None:
    server = Server([status(404), libre_ok], refused)  # GET /languages, then a batch
    engine = libre(server, max_segments=2)
    out, reason = translate_batch_safely(engine, SOURCES, source_lang="vi", target_lang="en")
    assert out == [ENGLISH[SOURCES[0]], ENGLISH[SOURCES[1]], None]
    assert reason is not None and reason.startswith("libretranslate (http://mt.test:5000)")
    assert "cannot reach" in reason


def test_libretranslate_languages_and_codes() -> None:
    languages = [
        {"code": "en", "name": "English", "targets": ["en", "vi", "zh-Hans"]},
        {"code": "vi", "name": "Vietnamese", "targets": ["en", "vi"]},
    ]
    server = Server(default=lambda request: httpx.Response(200, json=languages))
    engine = libre(server, codes={"zh": "zh-Hans"})
    assert engine.languages() == {("en", "vi"), ("en", "zh"), ("vi", "en")}
    assert server.requests[0].url == "http://mt.test:5000/languages"
    engine.languages()
    assert len(server.requests) == 1  # asked once


def test_libretranslate_languages_unknown_when_unreachable() -> None:
    server = Server(default=refused)
    engine = libre(server)
    assert engine.languages() is None
    assert engine.languages() is None
    assert len(server.requests) == 1  # not asked again before every batch


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        (" 0 ", 0.0),
        ("Wed, 21 Oct 2015 07:28:10 GMT", 10.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after(value: str | None, seconds: float | None) -> None:
    now = 1445412480.0  # 2015-10-21 07:28:00 UTC
    assert retry_after_seconds(value, now=now) == seconds


# --- OpenAI-compatible --------------------------------------------------------------------

GLOSSARY = [
    GlossaryEntry(
        "Ủy ban nhân dân thành phố",
        "city People's Committee",
        note="Circular 03/2009/TT-BNG",
        forbidden=["City Council"],
    ),
    GlossaryEntry("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
]


def chat(content: str | None) -> Handler:
    return lambda request: httpx.Response(
        200, json={"choices": [{"message": {"role": "assistant", "content": content}}]}
    )


def chat_ok(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    segments = json.loads(body["messages"][1]["content"].rsplit("\n", 1)[1])
    return chat(json.dumps([ENGLISH[s] for s in segments]))(request)


def llm(server: Server, **options: object) -> OpenAICompatibleEngine:
    return OpenAICompatibleEngine(
        base_url="http://gpu.test:8000/v1",
        model="qwen2.5-7b-instruct",
        transport=httpx.MockTransport(server),
        sleep=server.sleep,
        **options,  # type: ignore[arg-type]
    )


def test_openai_sends_model_temperature_and_glossary() -> None:
    server = Server(default=chat_ok)
    engine = llm(server, api_key="sk-test")
    out = engine.translate(SOURCES, source_lang="vi", target_lang="en", glossary=GLOSSARY)
    assert out == [ENGLISH[s] for s in SOURCES]
    request = server.requests[0]
    assert request.url == "http://gpu.test:8000/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer sk-test"
    body = server.bodies()[0]
    assert body["model"] == "qwen2.5-7b-instruct" and body["temperature"] == 0
    system, user = body["messages"]  # type: ignore[misc]
    assert "from Vietnamese into English" in system["content"]
    assert "JSON array of exactly 3 strings" in system["content"]
    prompt = user["content"]
    assert "Ủy ban nhân dân thành phố → city People's Committee" in prompt
    assert "Circular 03/2009/TT-BNG" in prompt
    assert "never: City Council" in prompt
    assert "Bộ Ngoại giao" not in prompt  # not in the batch: left out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('["One", "Two"]', ["One", "Two"]),
        ('```json\n["One", "Two"]\n```', ["One", "Two"]),
        ('<think>They want two.</think>\n["One", "Two"]', ["One", "Two"]),
        ('Here you are:\n["One", "Two"]\nHope this helps.', ["One", "Two"]),
        ('{"translations": ["One", "Two"]}', ["One", "Two"]),
        ('[{"translation": "One"}, {"translation": "Two"}]', ["One", "Two"]),
        ("1. One\n2. Two", ["One", "Two"]),
        ("1) One\n2) Two\n", ["One", "Two"]),
        ("[1] One\n[2] Two", ["One", "Two"]),
        ('["One"]', None),
        ("One\nTwo", None),
        ('["One", 2]', None),
    ],
)
def test_parse_answer(content: str, expected: list[str] | None) -> None:
    assert parse_answer(content, 2) == expected


def test_parse_answer_single_plain_text() -> None:
    assert parse_answer('"Hanoi is the capital."', 1) == ["Hanoi is the capital."]


def test_openai_count_mismatch_retries_each_segment() -> None:
    server = Server(
        [chat('["Hanoi is the capital of Vietnam."]')],  # one answer for three segments
        chat_ok,
    )
    out = llm(server).translate(SOURCES, source_lang="vi", target_lang="en", glossary=GLOSSARY)
    assert out == [ENGLISH[s] for s in SOURCES]
    sizes = [
        len(json.loads(b["messages"][1]["content"].rsplit("\n", 1)[1]))  # type: ignore[index]
        for b in server.bodies()
    ]
    assert sizes == [3, 1, 1, 1]
    # the glossary follows each segment that holds its terms
    assert "city People's Committee" in server.bodies()[2]["messages"][1]["content"]  # type: ignore[index]
    assert "city People's Committee" not in server.bodies()[1]["messages"][1]["content"]  # type: ignore[index]


def test_openai_count_mismatch_twice_fails() -> None:
    server = Server(default=chat("I cannot help with that."))
    with pytest.raises(PartialFailure, match="did not hold 3 translations") as info:
        llm(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert info.value.partial == [None, None, None]
    assert "openai (http://gpu.test:8000/v1, model qwen2.5-7b-instruct)" in str(info.value)
    assert len(server.requests) == 4


def test_openai_wrong_script_segment_is_asked_again() -> None:
    server = Server(
        [
            chat(
                json.dumps(
                    [ENGLISH[SOURCES[0]], "6月2日，市人民委员会召开会议。", ENGLISH[SOURCES[2]]],
                    ensure_ascii=False,
                )
            )
        ],
        chat_ok,
    )
    out = llm(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert out == [ENGLISH[s] for s in SOURCES]
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("handler", "error", "message"),
    [
        (status(500), EngineFailed, "answered 500 after 4 attempts"),
        (status(429), EngineRateLimited, "429"),
        (timeout, EngineUnavailable, "within the timeout"),
        (refused, EngineUnavailable, "cannot reach http://gpu.test:8000/v1/chat/completions"),
        (
            lambda r: httpx.Response(200, json={"error": "model not loaded"}),
            EngineFailed,
            "no choices",
        ),
        (lambda r: httpx.Response(200, text="not json"), EngineFailed, "not JSON"),
        (lambda r: httpx.Response(404, json={"error": "model 'x' not found"}), EngineFailed, "404"),
        (lambda r: httpx.Response(401, json={"error": "bad key"}), EngineUnavailable, "API key"),
    ],
)
def test_openai_failures(handler: Handler, error: type[Exception], message: str) -> None:
    server = Server(default=handler)
    with pytest.raises(error, match=message) as info:
        llm(server).translate(SOURCES, source_lang="vi", target_lang="en")
    assert "qwen2.5-7b-instruct" in str(info.value)


def test_openai_models() -> None:
    server = Server(
        default=lambda r: httpx.Response(
            200, json={"object": "list", "data": [{"id": "llama3.1:8b"}, {"id": "qwen2.5:7b"}]}
        )
    )
    assert llm(server).models() == ["llama3.1:8b", "qwen2.5:7b"]
    assert server.requests[0].url == "http://gpu.test:8000/v1/models"


def test_prompt_names_other_languages_and_instructions() -> None:
    messages = build_messages(
        ["Xin chào"], source_lang="vi", target_lang="ja", instructions="Use polite forms."
    )
    assert "from Vietnamese into Japanese" in messages[0]["content"]
    assert "JSON array of exactly 1 string:" in messages[0]["content"]
    assert messages[0]["content"].endswith("Use polite forms.")
    assert "Glossary" not in messages[1]["content"]
