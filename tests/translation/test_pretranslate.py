"""Pre-translation: memory exact and fuzzy matches, machine translation under
the termbase, and an engine that fails — the job goes on from the memory."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

import httpx
import pytest

from doingoai.errors import ConfigError, EngineUnavailable
from doingoai.store.models import Article
from doingoai.translate.engines import DummyEngine, GlossaryEntry, LibreTranslateEngine
from doingoai.translation import services
from doingoai.translation.models import TranslationJob

pytestmark = pytest.mark.django_db

FIRST = {
    "title": "Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm.",
    "lead": "Từ tháng 6, không gian đi bộ sẽ mở rộng thêm ba tuyến phố.",
    "paragraphs": [
        "Năm 2023, không gian đi bộ đã đón 2.350 lượt khách quốc tế.",
        "Quận sẽ bố trí thêm điểm trông giữ xe và tăng cường lực lượng bảo đảm an ninh trật tự.",
    ],
}
FIRST_ENGLISH = [
    "Hanoi expands the walking space around Hoan Kiem Lake.",
    "From June, the walking space will take in three more streets.",
    "In 2023, the walking space received 2,350 international visits.",
    "The district will add parking points and strengthen security and order forces.",
]
# the next year's story: the same title, a number changed, a word changed, a new sentence
SECOND = {
    "title": "Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm.",
    "lead": "Từ tháng 6, không gian đi bộ sẽ mở rộng thêm ba tuyến phố.",
    "paragraphs": [
        "Năm 2024, không gian đi bộ đã đón 3.100 lượt khách quốc tế.",
        "Quận sẽ bố trí thêm nhiều điểm trông giữ xe mới và tăng cường lực lượng bảo đảm an ninh.",
        "Các hoạt động văn hóa truyền thống được tổ chức vào mỗi tối thứ Bảy.",
    ],
}


def _approve(article: Article, targets: Sequence[str]) -> TranslationJob:
    job = services.create_or_refresh_job(article, "en").job
    for segment, target in zip(job.segments.order_by("position"), targets, strict=True):
        services.save_segment(segment, target)
    services.submit_for_review(job)
    services.approve(job)
    return job


@pytest.fixture
def remembered(make_article: Callable[..., Article]) -> TranslationJob:
    return _approve(make_article(**FIRST), FIRST_ENGLISH)


def test_memory_leverage_on_a_near_identical_article(
    remembered: TranslationJob, make_article: Callable[..., Article]
) -> None:
    job = services.create_or_refresh_job(make_article(**SECOND), "en").job
    engine = DummyEngine()
    done = services.pretranslate(job, engine)
    rows = {s.position: s for s in job.segments.all()}
    assert (rows[0].origin, rows[0].match_score, rows[0].target) == ("tm", 100, FIRST_ENGLISH[0])
    assert (rows[1].origin, rows[1].match_score) == ("tm", 100)
    # numbers substituted in the memory's translation
    assert rows[2].origin == "tm-fuzzy" and rows[2].match_score >= 95
    assert rows[2].target == "In 2024, the walking space received 3,100 international visits."
    # one word more: a fuzzy match preferred to machine translation
    assert rows[3].origin == "tm-fuzzy" and 85 <= rows[3].match_score < 100
    assert rows[3].target == FIRST_ENGLISH[3]
    assert (rows[4].origin, rows[4].match_score) == ("mt", None)
    assert rows[4].target.startswith("[en] ")
    assert done.filled == {"tm": 2, "tm-fuzzy": 2, "mt": 1} and done.empty == 0
    assert engine.calls == 1  # one batch for the segments without an exact match

    measures = services.job_measures(job)
    assert measures.leverage_segments == {
        "exact": 2,
        "95-99": 1,
        "85-94": 1,
        "75-84": 0,
        "mt": 1,
        "none": 0,
    }
    assert measures.leverage["exact"] > 0 and measures.leverage["mt"] > 0
    assert sum(measures.leverage.values()) == measures.words
    assert measures.mt_share == pytest.approx(measures.leverage["mt"] / measures.words, abs=1e-4)


def _libre(handler: Callable[[httpx.Request], httpx.Response]) -> LibreTranslateEngine:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/languages":
            return httpx.Response(200, json=[{"code": "vi", "targets": ["en"]}])
        return handler(request)

    return LibreTranslateEngine(
        url="http://mt.test:5000",
        transport=httpx.MockTransport(route),
        retries=1,
        sleep=lambda seconds: None,
    )


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def _garbage(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, text="<html>proxy error</html>")


def _wrong_count(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"translatedText": ["One."]})


@pytest.mark.parametrize(
    ("engine", "reason"),
    [
        (DummyEngine(fail="unavailable"), "cannot reach the engine"),
        (DummyEngine(fail="rate_limited"), "429"),
        (DummyEngine(fail="failed"), "500"),
        (_libre(_refused), "mt.test"),
        (_libre(_timeout), "mt.test"),
        (_libre(lambda r: httpx.Response(429, text="slow down")), "429"),
        (_libre(lambda r: httpx.Response(500, text="boom")), "500"),
        (_libre(_garbage), "libretranslate"),
        (_libre(_wrong_count), "libretranslate"),
    ],
    ids=[
        "dummy-unavailable",
        "dummy-429",
        "dummy-500",
        "refused",
        "timeout",
        "http-429",
        "http-500",
        "not-json",
        "wrong-count",
    ],
)
def test_failing_engine_leaves_memory_only(
    remembered: TranslationJob,
    make_article: Callable[..., Article],
    engine: object,
    reason: str,
) -> None:
    job = services.create_or_refresh_job(make_article(**SECOND), "en").job
    done = services.pretranslate(job, engine)  # type: ignore[arg-type]
    job.refresh_from_db()
    assert job.state == "pretranslated"
    assert done.mt_failure and reason in done.mt_failure
    assert job.mt_failure == done.mt_failure
    assert done.filled == {"tm": 2, "tm-fuzzy": 2} and done.empty == 1
    assert job.segments.get(position=4).target == ""
    event = job.events.get(to_state="pretranslated")
    assert "from the translation memory only" in event.comment and reason in event.comment


class _BrokenAtStart:
    """An engine whose model cannot be loaded: it fails when built."""

    name = "broken"

    def __init__(self) -> None:
        raise EngineUnavailable("model directory missing", engine="broken", where="/models/x")


def test_engine_that_cannot_start_leaves_memory_only(
    remembered: TranslationJob, make_article: Callable[..., Article]
) -> None:
    job = services.create_or_refresh_job(make_article(**SECOND), "en").job
    done = services.pretranslate(job, f"{__name__}._BrokenAtStart")
    assert done.mt_failure == "broken (/models/x): model directory missing"
    assert done.filled == {"tm": 2, "tm-fuzzy": 2}


def test_unknown_engine_name_is_a_config_error(make_article: Callable[..., Article]) -> None:
    job = services.create_or_refresh_job(make_article(**FIRST), "en").job
    with pytest.raises(ConfigError, match="unknown engine 'nope'"):
        services.pretranslate(job, "nope")
    job.refresh_from_db()
    assert job.state == "draft"


class _Recording:
    """Translates by a fixed table and records the glossary it was given."""

    name = "recording"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.glossaries: list[list[GlossaryEntry]] = []

    def languages(self) -> None:
        return None

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]:
        self.glossaries.append(list(glossary))
        return [self.answers[t] for t in texts]


POLICE = "Bộ Công an đã làm việc với thành phố."


@pytest.mark.parametrize(
    ("remembered_target", "engine_target", "origin"),
    [
        # the memory holds a forbidden name: the machine translation wins
        (
            "The Ministry of Police worked with the city.",
            "The Ministry of Public Security worked with the city.",
            "mt",
        ),
        # the memory is right: its exact match wins
        (
            "The Ministry of Public Security worked with the city.",
            "The Ministry of Public Security has worked with the city.",
            "tm",
        ),
        # both miss the name: the exact match still ranks first
        (
            "The Ministry of Police worked with the city.",
            "The Ministry of Police has worked with the city.",
            "tm",
        ),
    ],
)
def test_termbase_constrains_the_choice(
    make_article: Callable[..., Article], remembered_target: str, engine_target: str, origin: str
) -> None:
    from doingoai.translate.memory import Entry

    services.translation_memory().add([Entry(POLICE, remembered_target, "vi", "en")])
    job = services.create_or_refresh_job(make_article(POLICE), "en").job
    engine = _Recording({POLICE: engine_target})
    services.pretranslate(job, engine)  # type: ignore[arg-type]
    segment = job.segments.get()
    chosen = engine_target if origin == "mt" else remembered_target
    assert (segment.origin, segment.target) == (origin, chosen)
    if "Police" not in remembered_target:
        assert engine.glossaries == []  # a right exact match needs no engine
        return
    [glossary] = engine.glossaries
    [entry] = [e for e in glossary if e.source == "Bộ Công an"]
    assert entry.target == "Ministry of Public Security"
    assert "Ministry of Police" in entry.forbidden


def test_pretranslate_leaves_saved_work_alone(make_article: Callable[..., Article]) -> None:
    job = services.create_or_refresh_job(make_article(**FIRST), "en").job
    services.save_segment(job.segments.get(position=0), FIRST_ENGLISH[0])
    done = services.pretranslate(job, DummyEngine())
    assert done.filled == {"mt": 3}
    assert job.segments.get(position=0).target == FIRST_ENGLISH[0]
    job.refresh_from_db()
    assert job.state == "in_translation"
    assert json.loads(json.dumps(done.as_dict()))["filled"] == {"mt": 3}
