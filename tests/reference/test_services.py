"""Pages, facts and images through the services: the page's text is an
article translated by the ordinary jobs; facts refuse bad values and their
updates reach every language; the QA warns on a figure copied wrong; the
office sees the pages whose figures changed since their review."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from doingoai.curation.models import AuditLog
from doingoai.reference import services
from doingoai.reference.models import Fact, PageImage, ReferencePage
from doingoai.translation import services as translation
from tests.reference.conftest import picture

pytestmark = pytest.mark.django_db

TEXT = (
    "<h2>Dân số</h2><p>Hà Nội có {{fact:dan-so-ha-noi}} vào cuối năm 2023.</p>"
    "<p>Thành phố có 30 quận, huyện và thị xã.</p>"
)


def write_page(author: User, **extra: Any) -> ReferencePage:
    fields: dict[str, Any] = {
        "slug": "ha-noi",
        "title": "Hà Nội",
        "text": TEXT,
        "summary": "Thủ đô của Việt Nam.",
        "kind": "district",
    }
    fields.update(extra)
    page, _ = services.save_page(author, **fields)
    return page


def publish(page: ReferencePage, author: User, reviewer: User) -> None:
    services.submit_page(page, author)
    services.publish_page(page, reviewer)


def translate(page: ReferencePage, targets: list[str], users: dict[str, User]) -> None:
    """The page's article through the ordinary job: translated, reviewed, approved, published."""
    job = translation.create_or_refresh_job(page.article, "en").job
    translation.assign(job, assignee=users["translator"], reviewer=users["reviewer"])
    segments = list(job.segments.order_by("position"))
    assert len(segments) == len(targets)
    for segment, target in zip(segments, targets, strict=True):
        translation.save_segment(segment, target, user=users["translator"])
    job.refresh_from_db()
    translation.submit_for_review(job, user=users["translator"])
    translation.approve(job, user=users["reviewer"])
    translation.publish(job, user=users["reviewer"])


@pytest.fixture
def team(make_user: Any) -> dict[str, User]:
    return {"translator": make_user("translator_en"), "reviewer": make_user("reviewer_en")}


ENGLISH = [
    "Hanoi",
    "The capital of Viet Nam.",
    "Population",
    "Hanoi had {{fact:dan-so-ha-noi}} at the end of 2023.",
    "The city has 30 districts, rural districts and towns.",
]


def test_the_page_is_an_article_whose_raw_bytes_are_its_html(
    editor: User, population: Fact
) -> None:
    page = write_page(editor)
    article = page.article
    assert article.raw.data.decode("utf-8") == page.html
    assert article.paragraphs == [
        "Dân số",
        "Hà Nội có {{fact:dan-so-ha-noi}} vào cuối năm 2023.",
        "Thành phố có 30 quận, huyện và thị xã.",
    ]
    assert list(page.facts.all()) == [population]
    assert AuditLog.objects.filter(action="create-page", object_id=str(page.pk)).exists()


def test_a_citation_of_an_unknown_fact_is_refused(editor: User) -> None:
    with pytest.raises(services.ReferenceError, match="facts that do not exist: khong-co"):
        services.save_page(editor, slug="x", title="X", text="<p>{{fact:khong-co}}</p>")
    assert not ReferencePage.objects.exists()


def test_four_eyes_on_publication(editor: User, second_editor: User, population: Fact) -> None:
    page = write_page(editor)
    with pytest.raises(services.ReferenceError, match="not in review"):
        services.publish_page(page, second_editor)
    services.submit_page(page, editor)
    with pytest.raises(services.ReferenceError, match="second pair of eyes"):
        services.publish_page(page, editor)
    services.publish_page(page, second_editor)
    assert page.status == "published" and page.published_html == page.html
    actions = list(
        AuditLog.objects.filter(object_id=str(page.pk), object_type="reference.referencepage")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create-page", "submit-page", "publish-page"]


def test_an_edit_waits_for_review_while_readers_see_the_published_text(
    editor: User, second_editor: User, population: Fact
) -> None:
    page = write_page(editor)
    publish(page, editor, second_editor)
    services.save_page(editor, page=page, slug="ha-noi", title="Hà Nội mới", text=TEXT)
    page.refresh_from_db()
    assert page.status == "draft"
    shown = services.rendered_page(page, "vi")
    assert shown is not None and shown.title == "Hà Nội"


def test_fact_unit_mismatch_and_future_date_are_refused(editor: User, population: Fact) -> None:
    with pytest.raises(services.ReferenceError, match=r"unit mismatch.*người.*nghìn người"):
        services.record_value(
            population, editor, value="8435", unit="nghìn người", as_of=date(2024, 1, 1), source="x"
        )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.ReferenceError, match="in the future"):
        services.record_value(
            population, editor, value="9000000", unit="người", as_of=tomorrow, source="x"
        )
    with pytest.raises(services.ReferenceError, match="not a number"):
        services.record_value(
            population, editor, value="tám triệu", unit="người", as_of=date(2024, 1, 1), source="x"
        )
    assert population.values.count() == 1  # nothing refused was kept


def test_fact_update_reaches_vietnamese_and_english(
    editor: User, second_editor: User, population: Fact, team: dict[str, User]
) -> None:
    page = write_page(editor)
    publish(page, editor, second_editor)
    translate(page, ENGLISH, team)
    vi = services.rendered_page(page, "vi")
    en = services.rendered_page(page, "en")
    assert vi is not None and en is not None
    assert "8.435.700 người" in vi.html and "8,435,700 people" in en.html
    assert "<h2>Population</h2>" in en.html
    services.record_value(
        population, editor, value="8587100", unit="người", as_of=date(2024, 12, 31), source="GSO"
    )
    vi = services.rendered_page(page, "vi")
    en = services.rendered_page(page, "en")
    assert vi is not None and en is not None
    assert "8.587.100 người" in vi.html and "8,587,100 people" in en.html
    assert "8,435,700" not in en.html
    assert [s.page for s in services.stale_pages()] == [page]
    # a second review takes it off the list
    services.save_page(editor, page=page, slug="ha-noi", title="Hà Nội", text=TEXT)
    publish(page, editor, second_editor)
    assert services.stale_pages() == []


def test_qa_warns_when_a_translation_states_another_figure(
    editor: User, population: Fact, team: dict[str, User]
) -> None:
    page = write_page(editor)
    job = translation.create_or_refresh_job(page.article, "en").job
    segments = list(job.segments.order_by("position"))
    wrong = [*ENGLISH]
    wrong[3] = "Hanoi had 8.3 million people at the end of 2023."
    for segment, target in zip(segments, wrong, strict=True):
        translation.save_segment(segment, target, user=team["translator"])
    issues = [i for i in translation.qa_job(job) if i.check == "facts"]
    assert len(issues) == 1 and issues[0].severity == "warning"
    assert "'8.3 million'" in issues[0].message and "8435700" in issues[0].message
    right = segments[3]
    right.refresh_from_db()
    translation.save_segment(right, "Hanoi had 8.4 million people at the end of 2023.")
    assert not [i for i in translation.qa_job(job) if i.check == "facts"]


def test_image_upload_stores_renditions_and_refuses_a_fake(editor: User) -> None:
    image = services.upload_image(
        editor,
        picture(gps=True),
        name="ho-guom.jpg",
        alt_vi="Hồ Gươm buổi sáng",
        alt_en="Hoan Kiem Lake in the morning",
        credit="Sở Văn hóa và Thể thao",
        licence="CC BY 4.0",
    )
    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    from django.core.files.storage import default_storage

    for r in image.renditions:
        with default_storage.open(r["name"]) as f:
            data = f.read()
        assert b"Exif" not in data
    with pytest.raises(Exception, match="not an image"):
        services.upload_image(
            editor, b"MZ\x90\x00 not a picture", name="x.jpg", alt_vi="x", credit="x", licence="x"
        )
    assert PageImage.objects.count() == 1


def test_the_page_shows_its_image_with_alt_text_per_language_and_credit(
    editor: User, second_editor: User, population: Fact, team: dict[str, User]
) -> None:
    image = services.upload_image(
        editor,
        picture(),
        name="ho-guom.jpg",
        alt_vi="Hồ Gươm",
        alt_en="Hoan Kiem Lake",
        caption_vi="Hồ Gươm",
        credit="Sở VHTT",
        licence="CC BY 4.0",
    )
    page = write_page(editor, text=TEXT + services.image_figure(image), image=image)
    publish(page, editor, second_editor)
    translate(page, [*ENGLISH, "Hoan Kiem Lake"], team)
    vi = services.rendered_page(page, "vi")
    en = services.rendered_page(page, "en")
    assert vi is not None and en is not None
    assert 'alt="Hồ Gươm"' in vi.html and 'alt="Hoan Kiem Lake"' in en.html
    assert "srcset=" in en.html and "© Sở VHTT · CC BY 4.0" in en.html
    assert "<figcaption>Hoan Kiem Lake" in en.html


def test_values_keep_their_history(editor: User, population: Fact) -> None:
    services.record_value(
        population, editor, value="8587100", unit="người", as_of=date(2024, 12, 31), source="GSO"
    )
    assert [v.value for v in population.values.order_by("as_of")] == [
        Decimal("8435700"),
        Decimal("8587100"),
    ]
    current = population.current()
    assert current is not None and current.value == Decimal("8587100")


def test_a_fact_slug_is_not_a_term_to_translate(editor: User, team: dict[str, User]) -> None:
    """ "ha-noi" in {{fact:dien-tich-ha-noi}} is the fact's name, not Hà Nội to translate."""
    from doingoai.translate.qa import check_segment
    from doingoai.translation.tm import termbase

    issues = check_segment(
        "Thành phố rộng {{fact:dien-tich-ha-noi}}.",
        "The city covers {{fact:dien-tich-ha-noi}}.",
        termbase=termbase(),
    )
    assert [i for i in issues if i.check == "terms"] == []
    issues = check_segment("Hà Nội rộng lớn.", "The city is large.", termbase=termbase())
    assert [i.check for i in issues if i.check == "terms"] == ["terms"]


def test_an_edit_keeps_the_english_version_until_it_is_translated_again(
    editor: User, second_editor: User, population: Fact, team: dict[str, User]
) -> None:
    page = write_page(editor)
    publish(page, editor, second_editor)
    translate(page, ENGLISH, team)
    edited = TEXT + "<p>Hà Nội có 126 xã.</p>"
    services.save_page(editor, page=page, slug="ha-noi", title="Hà Nội", text=edited)
    job = page.article.translation_jobs.get()
    assert job.state == "in_translation"  # the new sentence waits for its translator
    en = services.rendered_page(page, "en")
    assert en is not None and "8,435,700 people" in en.html and "126" not in en.html
    publish(page, editor, second_editor)
    en = services.rendered_page(page, "en")
    assert en is not None and en.title == "Hanoi"
    assert "<h2>Population</h2>" in en.html  # still in the structure it was translated in
