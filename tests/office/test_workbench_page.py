"""The workbench as translators and reviewers use it: every segment of a job
on one page with its state and QA marks, filtered by state or QA; a segment
saved without a page load (JSON answer) or by a plain form post; the help
beside a segment fetched on its own; no submission with untranslated
segments, QA errors only after the translator confirms them (the reviewer
sees which); no dummy "[en] …" text offered when no engine is set up; and
the job's article readable by its translators and reviewers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.office.workbench import findings
from doingoai.store.models import Article
from doingoai.translate.memory import Entry
from doingoai.translation import services as translation
from doingoai.translation.models import Segment, TranslationJob

pytestmark = pytest.mark.django_db

TITLE = "Sở Ngoại vụ Hà Nội tổ chức hội nghị"
LEAD = "Ngày 2.6, Sở Ngoại vụ Hà Nội tổ chức hội nghị về thông tin đối ngoại."
BODY = "Hội nghị có 150 đại biểu tham dự."
ENGLISH = [
    "Hanoi Department of Foreign Affairs holds a conference",
    "On June 2, the Hanoi Department of Foreign Affairs held a conference on external information.",
    "The conference was attended by 150 delegates.",
]
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def job(make_article: Callable[..., Article]) -> TranslationJob:
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
    item = make_article(TITLE, lead=LEAD, paragraphs=[BODY], topic="Van hoa")
    made = translation.create_or_refresh_job(item, "en").job
    translation.pretranslate(made)
    return TranslationJob.objects.get(pk=made.pk)


@pytest.fixture
def translator(client_for: Callable[[str | None], Client]) -> Client:
    return client_for("translator_en")


def url(job: TranslationJob, rest: str = "") -> str:
    return f"/office/jobs/{job.pk}/{rest}"


def version(job: TranslationJob, position: int) -> int:
    return Segment.objects.get(job=job, position=position).version


def save_json(client: Client, job: TranslationJob, position: int, text: str, **extra: Any) -> Any:
    data = {"target": text, "version": version(job, position), **extra}
    return client.post(url(job, f"segments/{position}/"), data, **JSON)


def segment_rows(html: str) -> list[str]:
    return re.findall(r'<li class="seg[^"]*" id="seg-(\d+)"', html)


def test_every_segment_is_on_one_page_with_source_target_state_and_qa(
    translator: Client, job: TranslationJob
) -> None:
    translation.save_segment(
        Segment.objects.get(job=job, position=2), "The conference had 105 delegates."
    )
    html = translator.get(url(job)).content.decode()
    assert segment_rows(html) == ["0", "1", "2"]
    for segment in job.segments.all():
        assert segment.source in html
    assert "The conference had 105 delegates." in html
    row = html[html.index('id="seg-2"') :]
    row = row[: row.index("</li>")]
    assert '<span class="qa-error"' in row and ">numbers<" in row
    assert 'class="state state-translated"' in row
    # a box still empty is left to translate, not marked as a QA error
    empty = [s.position for s in job.segments.all() if not s.target]
    for position in empty:
        other = html[html.index(f'id="seg-{position}"') :]
        assert "qa-error" not in other[: other.index("</li>")]
    # one form per segment, each with its own box and version
    assert html.count('class="seg-form"') == 3
    assert len(re.findall(r'<textarea name="target"', html)) == 3


def test_filter_by_state_and_by_qa_error(translator: Client, job: TranslationJob) -> None:
    translation.save_segment(Segment.objects.get(job=job, position=0), ENGLISH[0])
    translation.save_segment(
        Segment.objects.get(job=job, position=2), "The conference had 105 delegates."
    )
    assert segment_rows(translator.get(url(job, "?state=untranslated")).content.decode()) == ["1"]
    assert segment_rows(translator.get(url(job, "?state=translated")).content.decode()) == [
        "0",
        "2",
    ]
    assert segment_rows(translator.get(url(job, "?qa=error")).content.decode()) == ["2"]
    # an unknown filter value shows everything
    assert len(segment_rows(translator.get(url(job, "?state=nonsense")).content.decode())) == 3


def test_saving_without_a_page_load_answers_json(translator: Client, job: TranslationJob) -> None:
    before = version(job, 2)
    response = save_json(translator, job, 2, "The conference had 105 delegates.")
    assert response.status_code == 200
    data = response.json()
    assert data["position"] == 2 and data["version"] == before + 1
    assert data["state"] == "translated"
    assert [i["check"] for i in data["issues"] if i["severity"] == "error"] == ["numbers"]
    # the job's count: this error and those of the pre-translations not yet checked
    errors = [i for i in findings(job) if i.severity == "error"]
    assert data["counts"]["qa_errors"] == len(errors) and data["counts"]["translated"] == 1
    assert data["next"] is None
    assert Segment.objects.get(job=job, position=2).target == "The conference had 105 delegates."
    fixed = save_json(translator, job, 2, ENGLISH[2]).json()
    assert fixed["issues"] == [] and fixed["counts"]["qa_errors"] == len(errors) - 1
    assert "QA finds nothing" in fixed["message"]


def test_a_stale_json_save_keeps_both_texts(
    client_for: Callable[[str | None], Client], translator: Client, job: TranslationJob
) -> None:
    old = version(job, 1)
    translator.post(url(job, "segments/1/"), {"target": ENGLISH[1], "version": old}, **JSON)
    late = client_for("administrator").post(
        url(job, "segments/1/"), {"target": "Another text.", "version": old}, **JSON
    )
    assert late.status_code == 409
    conflict = late.json()["conflict"]
    assert conflict["theirs"] == ENGLISH[1] and conflict["mine"] == "Another text."
    assert Segment.objects.get(job=job, position=1).target == ENGLISH[1]


def test_json_save_refusals_are_json(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    refused = client_for("reviewer_en").post(
        url(job, "segments/0/"), {"target": "x", "version": version(job, 0)}, **JSON
    )
    assert refused.status_code == 403 and "error" in refused.json()
    bad = client_for("translator_en").post(
        url(job, "segments/0/"), {"target": "x", "version": "not a number"}, **JSON
    )
    assert bad.status_code == 400 and bad.json()["error"]
    assert Segment.objects.get(job=job, position=0).target != "x"


def test_the_plain_form_post_still_works_without_javascript(
    translator: Client, job: TranslationJob
) -> None:
    response = translator.post(
        url(job, "segments/0/"), {"target": ENGLISH[0], "version": version(job, 0)}
    )
    assert response.status_code == 302 and response["Location"] == url(job, "?seg=1")
    page = translator.get(response["Location"]).content.decode()
    assert "Segment 0 saved; QA finds nothing." in page
    # the segment the translator goes on with has the focus
    assert re.search(r'<textarea name="target" id="id_target"[^>]*autofocus', page)


def test_the_help_of_one_segment_comes_alone_with_the_memory_differences(
    translator: Client, job: TranslationJob
) -> None:
    response = translator.get(url(job, "?panel=1&seg=1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Help for segment 1" in html
    # the remembered "Ngày 3.6" against this "Ngày 2.6": the difference is marked
    assert re.search(r"<del[^>]*>[^<]*3[^<]*</del>", html)
    assert re.search(r"<ins[^>]*>[^<]*2[^<]*</ins>", html)
    assert "Use this match" in html
    assert translator.get(url(job, "?panel=1&seg=99")).status_code == 404


def test_scripts_come_from_the_site_only(translator: Client, job: TranslationJob) -> None:
    response = translator.get(url(job))
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="/static/' in attrs for attrs in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = translator.get("/static/office/workbench.js")
    assert script.status_code == 200


def translate_everything(client: Client, job: TranslationJob, texts: list[str]) -> None:
    for position, text in enumerate(texts):
        assert save_json(client, job, position, text).status_code == 200


def test_a_job_with_untranslated_segments_is_not_submitted(
    translator: Client, job: TranslationJob
) -> None:
    save_json(translator, job, 0, ENGLISH[0])  # the job is now in translation
    response = translator.post(url(job, "submit/"), follow=True)
    assert TranslationJob.objects.get(pk=job.pk).state == "in_translation"
    html = response.content.decode()
    assert "Not submitted: segments 1, 2 are not translated yet." in html
    assert segment_rows(html) == ["1", "2"]  # the list shows what is left


def test_qa_errors_need_the_translators_confirmation_and_the_reviewer_sees_them(
    translator: Client, client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    translate_everything(translator, job, [*ENGLISH[:2], "The conference had 105 delegates."])
    page = translator.get(url(job)).content.decode()
    assert 'name="confirm_qa"' in page
    refused = translator.post(url(job, "submit/"), follow=True)
    assert TranslationJob.objects.get(pk=job.pk).state == "in_translation"
    assert "Not submitted: QA found 1 error." in refused.content.decode()
    translator.post(url(job, "submit/"), {"confirm_qa": "1"})
    submitted = TranslationJob.objects.get(pk=job.pk)
    assert submitted.state == "in_review"
    event = submitted.events.filter(to_state="in_review").get()
    assert "1 QA error the translator confirmed" in event.comment
    review = client_for("reviewer_en").get(url(job))
    # everything is translated: the reviewer starts at the segment with the error
    assert review.context["current"].position == 2
    html = review.content.decode()
    assert "Submitted with QA errors" in html
    section = html[html.index('id="confirmed-h"') :]
    assert 'href="?seg=2#help"' in section[: section.index("</section>")]


def test_a_clean_job_is_submitted_without_a_question(
    translator: Client, job: TranslationJob
) -> None:
    translate_everything(translator, job, ENGLISH)
    assert 'name="confirm_qa"' not in translator.get(url(job)).content.decode()
    translator.post(url(job, "submit/"))
    assert TranslationJob.objects.get(pk=job.pk).state == "in_review"


def test_without_an_engine_the_workbench_says_how_to_set_one_up(
    client_for: Callable[[str | None], Client],
    make_article: Callable[..., Article],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DOINGOAI_MT_ENGINE")
    item = make_article("Hà Nội mở rộng hợp tác quốc tế", lead="Thành phố ký kết thỏa thuận mới.")
    editor = client_for("editor")
    response = editor.post(
        f"/office/articles/{item.pk}/translate/", {"language": "en"}, follow=True
    )
    job = TranslationJob.objects.get(article=item)
    # nothing from the dummy engine: the segments wait for a translator
    assert not job.segments.filter(target__startswith="[en]").exists()
    assert set(job.segments.values_list("target", flat=True)) == {""}
    html = response.content.decode()
    assert "No machine-translation engine is set up" in html
    assert "DOINGOAI_MT_ENGINE" in html
    translator = client_for("translator_en")
    page = translator.get(url(job, "?seg=0&mt=1")).content.decode()
    assert "Ask the machine" not in page and "[en]" not in page
    assert 'id="mt-not-set-up"' in page


def test_a_dummy_pretranslation_is_not_offered_once_the_engine_is_unset(
    translator: Client, job: TranslationJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the job was pre-translated while the dummy engine was named (the fixture)
    machine = job.segments.filter(pretranslation_origin="mt").order_by("position").first()
    assert machine is not None and machine.pretranslation.startswith("[en] ")
    assert (
        "Use the pre-translation"
        in translator.get(url(job, f"?seg={machine.position}")).content.decode()
    )
    monkeypatch.delenv("DOINGOAI_MT_ENGINE")
    page = translator.get(url(job, f"?seg={machine.position}")).content.decode()
    assert "Use the pre-translation" not in page
    # nor is it left in the boxes to start from: they are empty, and the page says why
    boxes = re.findall(r"<textarea[^>]*>([^<]*)</textarea>", page)
    assert boxes and not any(b.startswith("[en] ") for b in boxes)
    assert "placeholder engine's marked source" in page


def test_translators_and_reviewers_read_the_jobs_article(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    for name in ("translator_en", "reviewer_en"):
        client = client_for(name)
        workbench = client.get(url(job)).content.decode()
        link = f'href="/office/articles/{job.article_id}/"'
        assert link in workbench
        response = client.get(f"/office/articles/{job.article_id}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert TITLE in html and BODY in html
        # read-only: none of the editor's forms
        for action in ("select", "correct", "translate", "publish"):
            assert f"/office/articles/{job.article_id}/{action}/" not in html
    other = client_for("translator_fr")
    assert other.get(f"/office/articles/{job.article_id}/").status_code == 403
    assert f'href="/office/articles/{job.article_id}/"' not in other.get(url(job)).content.decode()


def test_the_articles_topic_ticks_its_suggested_theme(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    html = client_for("editor").get(f"/office/articles/{job.article_id}/").content.decode()
    checked = re.findall(r'<input type="checkbox" name="themes" value="(\d+)"[^>]*checked', html)
    from doingoai.curation.models import Theme

    assert checked == [str(Theme.objects.get(slug="van-hoa").pk)]
    assert "Văn hóa" in html
