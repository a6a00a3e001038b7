"""The translation workbench: TM matches with their differences, the
pre-translation, termbase hits and QA after each save; two people saving one
segment; submission, review, return and publication."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from doingoai.curation.models import AuditLog
from doingoai.store.models import Article
from doingoai.translate.memory import Entry
from doingoai.translation import services as translation
from doingoai.translation.models import Segment, TranslationJob

pytestmark = pytest.mark.django_db

TITLE = "Sở Ngoại vụ Hà Nội tổ chức hội nghị"
LEAD = "Ngày 2.6, Sở Ngoại vụ Hà Nội tổ chức hội nghị về thông tin đối ngoại."
BODY = "Hội nghị có 150 đại biểu tham dự."
ENGLISH = {
    0: "Hanoi Department of Foreign Affairs holds a conference",
    1: "On June 2, the Hanoi Department of Foreign Affairs held a conference on external information.",
    2: "The conference was attended by 150 delegates.",
}


@pytest.fixture
def foreign_job(make_article: Callable[..., Article]) -> TranslationJob:
    translation.translation_memory().add(
        [
            Entry(
                source="Ngày 3.6, Sở Ngoại vụ Hà Nội tổ chức hội nghị về thông tin đối ngoại.",
                target="On June 3, the Hanoi Department of Foreign Affairs held a conference "
                "on external information.",
                source_lang="vi",
                target_lang="en",
                author="thu-ha",
            )
        ]
    )
    item = make_article(TITLE, lead=LEAD, paragraphs=[BODY])
    job = translation.create_or_refresh_job(item, "en").job
    translation.pretranslate(job)
    return TranslationJob.objects.get(pk=job.pk)


def seg(job: TranslationJob, position: int) -> Segment:
    return Segment.objects.get(job=job, position=position)


def save(
    client: Client,
    job: TranslationJob,
    position: int,
    text: str,
    version: int | None = None,
    **extra: str,
):  # type: ignore[no-untyped-def]
    current = seg(job, position)
    data = {"target": text, "version": current.version if version is None else version, **extra}
    return client.post(f"/office/jobs/{job.pk}/segments/{position}/", data)


def test_workbench_shows_tm_match_with_differences_terms_and_pretranslation(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    response = client_for("translator_en").get(f"/office/jobs/{foreign_job.pk}/?seg=1")
    html = response.content.decode()
    panel = response.context["panel"]
    assert panel.segment.position == 1
    best = panel.matches[0]
    assert best.score < 100 and best.author == "thu-ha"
    removed = [p.text for p in best.diff if p.op == "-"]
    added = [p.text for p in best.diff if p.op == "+"]
    assert any("3" in t for t in removed) and any("2" in t for t in added)
    assert "<del" in html and "<ins" in html
    # the pre-translation and where it came from
    assert seg(foreign_job, 1).pretranslation_origin in {"tm-fuzzy", "mt"}
    assert "Use the pre-translation" in html
    # the termbase: the department's English name
    assert "Hanoi Department of Foreign Affairs" in [t for v in panel.terms for t in v.targets]
    assert 'accesskey="s"' in html and 'accesskey="n"' in html


def test_save_moves_on_and_reports_qa(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    client = client_for("translator_en")
    ok = save(client, foreign_job, 0, ENGLISH[0])
    assert ok["Location"] == f"/office/jobs/{foreign_job.pk}/?seg=1"
    assert seg(foreign_job, 0).target == ENGLISH[0]
    assert seg(foreign_job, 0).updated_by.username == "translator_en"  # type: ignore[union-attr]
    # a wrong number: QA says so, and the workbench stays on the segment
    bad = save(client, foreign_job, 2, "The conference was attended by 105 delegates.")
    assert bad["Location"] == f"/office/jobs/{foreign_job.pk}/?seg=2"
    page = client.get(bad["Location"]).content.decode()
    assert "Segment 2: QA numbers" in page
    assert 'class="qa-error"' in page
    fixed = save(client, foreign_job, 2, ENGLISH[2])
    page = client.get(fixed["Location"]).content.decode()
    assert "Segment 2 saved; QA finds nothing." in page
    assert AuditLog.objects.filter(action="save-segment").count() == 3


def test_two_people_saving_one_segment(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    first, second = client_for("translator_en"), client_for("administrator")
    version = seg(foreign_job, 2).version
    save(first, foreign_job, 2, "The conference had 150 delegates.", version=version)
    late = save(second, foreign_job, 2, "150 delegates attended the conference.", version=version)
    # the later saver is told, sees both texts, and keeps their own in the box
    assert late.status_code == 409
    html = late.content.decode()
    assert "Someone else saved this segment meanwhile" in html
    assert "The conference had 150 delegates." in html
    assert "150 delegates attended the conference." in html
    assert late.context["form"]["target"].value() == "150 delegates attended the conference."
    assert seg(foreign_job, 2).target == "The conference had 150 delegates."
    # saving again from the conflict page (its version) replaces the text: no work lost
    again = save(
        second,
        foreign_job,
        2,
        "150 delegates attended the conference.",
        version=late.context["form"]["version"].value(),
    )
    assert again.status_code == 302
    assert seg(foreign_job, 2).target == "150 delegates attended the conference."


def translate_all(client: Client, job: TranslationJob, texts: dict[int, str]) -> None:
    for position, text in texts.items():
        assert save(client, job, position, text).status_code == 302


def test_review_return_approve_publish(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    translator, reviewer = client_for("translator_en"), client_for("reviewer_en")
    editor = client_for("editor")
    translate_all(translator, foreign_job, {**ENGLISH, 2: "The conference had 105 delegates."})
    # the translator confirms the QA error to submit (see test_workbench_page.py)
    translator.post(f"/office/jobs/{foreign_job.pk}/submit/", {"confirm_qa": "1"})
    assert TranslationJob.objects.get(pk=foreign_job.pk).state == "in_review"
    # QA errors block approval
    refused = reviewer.post(f"/office/jobs/{foreign_job.pk}/approve/", follow=True)
    assert "cannot be approved: QA found 1 errors" in refused.content.decode()
    assert TranslationJob.objects.get(pk=foreign_job.pk).state == "in_review"
    # a return needs a comment
    reviewer.post(f"/office/jobs/{foreign_job.pk}/return/", {"comment": ""})
    assert TranslationJob.objects.get(pk=foreign_job.pk).state == "in_review"
    reviewer.post(f"/office/jobs/{foreign_job.pk}/return/", {"comment": "Số đại biểu là 150."})
    job = TranslationJob.objects.get(pk=foreign_job.pk)
    assert job.state == "returned"
    assert job.events.filter(to_state="returned").get().comment == "Số đại biểu là 150."
    translate_all(translator, job, {2: ENGLISH[2]})
    translator.post(f"/office/jobs/{job.pk}/submit/")
    reviewer.post(f"/office/jobs/{job.pk}/approve/")
    assert TranslationJob.objects.get(pk=job.pk).state == "approved"
    # only an editor publishes
    assert reviewer.post(f"/office/jobs/{job.pk}/publish/").status_code == 403
    editor.post(f"/office/jobs/{job.pk}/publish/")
    job = TranslationJob.objects.get(pk=job.pk)
    assert job.state == "published"
    assert job.version.published_at is not None
    assert job.version.title == ENGLISH[0]
    assert [
        a
        for a in AuditLog.objects.order_by("id").values_list("action", flat=True)
        if a.startswith("job-")
    ] == ["job-submit", "job-return", "job-submit", "job-approve", "job-publish"]


def test_reviewer_edits_only_in_review(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    reviewer = client_for("reviewer_en")
    assert save(reviewer, foreign_job, 0, "x").status_code == 403
    translator = client_for("translator_en")
    translate_all(translator, foreign_job, ENGLISH)
    translator.post(f"/office/jobs/{foreign_job.pk}/submit/")
    assert save(reviewer, foreign_job, 0, ENGLISH[0] + ".").status_code == 302
    # and the translator no longer edits a job in review
    assert save(translator, foreign_job, 0, "y").status_code == 403


def test_published_job_is_read_only(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    translator = client_for("translator_en")
    translate_all(translator, foreign_job, ENGLISH)
    job = TranslationJob.objects.get(pk=foreign_job.pk)
    translation.submit_for_review(job)
    translation.approve(job)
    response = save(translator, foreign_job, 0, "changed")
    assert "segments cannot be changed" in translator.get(response["Location"]).content.decode()
    page = translator.get(f"/office/jobs/{foreign_job.pk}/").content.decode()
    assert 'id="segment-form"' not in page and "Read only" in page


def test_job_list_shows_only_the_translators_languages(
    client_for: Callable[[str | None], Client], foreign_job: TranslationJob
) -> None:
    assert len(client_for("translator_en").get("/office/jobs/").context["page"]) == 1
    assert len(client_for("translator_fr").get("/office/jobs/").context["page"]) == 0
    assert len(client_for("editor").get("/office/jobs/?state=pretranslated").context["page"]) == 1


@pytest.mark.parametrize(
    ("engine", "shown"),
    [
        ("dummy", "[en] Hội nghị có 150 đại biểu tham dự."),
        ('{"CLASS": "dummy", "OPTIONS": {"fail": "unavailable"}}', "No machine translation:"),
        ("no-such-engine", "No machine translation:"),
    ],
)
def test_machine_suggestion_on_demand(
    client_for: Callable[[str | None], Client],
    foreign_job: TranslationJob,
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    shown: str,
) -> None:
    client = client_for("translator_en")
    assert "Ask the machine" in client.get(f"/office/jobs/{foreign_job.pk}/?seg=2").content.decode()
    monkeypatch.setenv("DOINGOAI_MT_ENGINE", engine)
    html = client.get(f"/office/jobs/{foreign_job.pk}/?seg=2&mt=1").content.decode()
    assert shown in html
