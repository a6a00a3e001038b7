"""Job measures: volume, leverage bands, MT share, post-edit distance and time
spent in each state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from doingoai.store.models import Article
from doingoai.text import count_words
from doingoai.translate.engines import DummyEngine
from doingoai.translation import services
from doingoai.translation.measures import band

from .conftest import SEED_ENGLISH


@pytest.mark.parametrize(
    ("origin", "score", "expected"),
    [
        ("tm", 100, "exact"),
        ("tm-fuzzy", 99, "95-99"),
        ("tm-fuzzy", 95, "95-99"),
        ("tm-fuzzy", 94, "85-94"),
        ("tm-fuzzy", 85, "85-94"),
        ("tm-fuzzy", 84, "75-84"),
        ("tm-fuzzy", 75, "75-84"),
        ("mt", None, "mt"),
        ("", None, "none"),
        ("human", None, "none"),
    ],
)
def test_leverage_bands(origin: str, score: int | None, expected: str) -> None:
    assert band(origin, score) == expected


@pytest.mark.parametrize(
    ("pre", "final", "chrf", "ter"),
    [
        (["Hanoi is the capital."], ["Hanoi is the capital."], 100.0, 0.0),
        # one word of four replaced: TER 1/4
        (["Hanoi is the capital"], ["Hanoi is the city"], None, 25.0),
        # a case change is an edit
        (["hanoi is the capital"], ["Hanoi is the capital"], None, 25.0),
        ([], [], None, None),
    ],
)
def test_post_edit_distance(
    pre: list[str], final: list[str], chrf: float | None, ter: float | None
) -> None:
    got_chrf, got_ter = services.post_edit_distance(pre, final)
    assert got_ter == ter
    if chrf is not None:
        assert got_chrf == chrf
    elif pre:
        assert got_chrf is not None and 0 < got_chrf < 100


@pytest.mark.django_db
def test_seed_job_measures(seed_article: Article) -> None:
    job = services.create_or_refresh_job(seed_article, "en").job
    services.pretranslate(job, DummyEngine())
    segments = list(job.segments.order_by("position"))
    for segment, target in zip(segments, SEED_ENGLISH, strict=True):
        services.save_segment(segment, target)
    services.submit_for_review(job)
    services.approve(job)

    start = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    offsets = {"draft": 0, "pretranslated": 1, "in_translation": 2, "in_review": 5, "approved": 7}
    for event in job.events.all():
        event.at = start + timedelta(hours=offsets[event.to_state])
        event.save()
    measures = services.job_measures(job, now=start + timedelta(hours=10))

    sources = [s.source for s in segments]
    assert measures.segments == 7
    assert measures.words == sum(count_words(s) for s in sources)
    assert measures.characters == sum(len(s) for s in sources)
    assert measures.leverage_segments["mt"] == 7 and measures.mt_share == 1.0
    assert measures.edited_segments == 7
    assert measures.chrf is not None and measures.ter is not None
    assert measures.chrf < 50 and measures.ter > 50  # dummy output rewritten by hand
    hours = {state: seconds / 3600 for state, seconds in measures.time_in_state.items()}
    assert hours == {
        "draft": 1,
        "pretranslated": 1,
        "in_translation": 3,
        "in_review": 2,
        "approved": 3,
    }
    assert measures.as_dict()["job"] == job.pk


@pytest.mark.django_db
def test_unedited_pretranslation_is_distance_zero(make_article: Callable[..., Article]) -> None:
    article = make_article("Hà Nội mở phố đi bộ.", "Phố đi bộ mở cửa cuối tuần.")
    job = services.create_or_refresh_job(article, "en").job
    engine = DummyEngine(prefix="", words={"hà": "Ha"})
    services.pretranslate(job, engine)
    first, second = job.segments.order_by("position")
    services.save_segment(first, first.target)  # confirmed as it was
    services.save_segment(second, "The walking street opens at weekends.")
    first.refresh_from_db()
    assert first.origin == "mt"  # confirmed machine output stays machine output
    measures = services.job_measures(job)
    assert measures.edited_segments == 1
    pre_chrf, pre_ter = services.post_edit_distance([first.target], [first.target])
    assert (pre_chrf, pre_ter) == (100.0, 0.0)
    assert measures.ter is not None and measures.ter > 0
