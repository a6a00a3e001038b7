"""Assigning translation jobs: who may assign, who may be assignee and
reviewer, due dates, hostile posts; the jobs list's assignment columns and
filters; "my work"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from doingoai.curation.models import AuditLog, Profile
from doingoai.store.models import Article
from doingoai.translation import services as translation
from doingoai.translation.models import JobEvent, TranslationJob

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def person(name: str, groups: list[str], langs: list[str], *, active: bool = True) -> User:
    """A staff member beyond the conftest's one-per-role people."""
    user = User.objects.create(username=name, is_active=active)
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    Profile.objects.create(user=user, languages=langs)
    return user


def url(job: TranslationJob) -> str:
    return f"/office/jobs/{job.pk}/assign/"


def snapshot(job: TranslationJob) -> tuple[Any, ...]:
    """What an assignment may change, and the trails it leaves."""
    job.refresh_from_db()
    return (
        job.assignee_id,
        job.reviewer_id,
        job.due_date,
        JobEvent.objects.filter(job=job).count(),
        AuditLog.objects.filter(action="job-assign").count(),
    )


@pytest.fixture
def team(make_user: Callable[[str], User]) -> dict[str, User]:
    made = {name: make_user(name) for name in ("translator_en", "reviewer_en", "translator_fr")}
    made["both_en"] = person("both_en", ["translator", "reviewer"], ["en"])
    made["former_en"] = person("former_en", ["translator"], ["en"], active=False)
    return made


@pytest.fixture
def editor(client_for: Callable[[str | None], Client]) -> Client:
    return client_for("editor")


# --- who may assign ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "outcome"),
    [
        ("administrator", "allowed"),
        ("editor", "allowed"),
        ("translator_en", "refused"),
        ("reviewer_en", "refused"),
        ("translator_fr", "refused"),
        ("contributor", "refused"),
        (None, "sign in"),
    ],
)
def test_only_editors_and_administrators_assign(
    client_for: Callable[[str | None], Client],
    job: TranslationJob,
    role: str | None,
    outcome: str,
) -> None:
    assignee = person("dich-gia", ["translator"], ["en"])
    client = client_for(role)
    before = snapshot(job)
    shown = client.get(url(job))
    posted = client.post(url(job), {"job": job.pk, "assignee": assignee.pk})
    if outcome == "allowed":
        assert shown.status_code == 200 and b"Assign job" in shown.content
        assert posted.status_code == 302
        assert TranslationJob.objects.get(pk=job.pk).assignee == assignee
    elif outcome == "refused":
        for response in (shown, posted):
            assert response.status_code == 403 and b"Not allowed" in response.content
        assert snapshot(job) == before
    else:
        for response in (shown, posted):
            assert response.status_code == 302
            assert response["Location"].startswith("/office/sign-in/?next=")
        assert snapshot(job) == before


def test_assignment_goes_to_the_history_and_the_audit_log(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    due = TODAY + timedelta(days=7)
    response = editor.post(
        url(job),
        {
            "job": job.pk,
            "assignee": team["translator_en"].pk,
            "reviewer": team["reviewer_en"].pk,
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302 and response["Location"] == url(job)
    job.refresh_from_db()
    assert (job.assignee, job.reviewer, job.due_date) == (
        team["translator_en"],
        team["reviewer_en"],
        due,
    )
    event = JobEvent.objects.filter(job=job).latest("id")
    assert event.actor == "editor" and event.to_state == job.state == "pretranslated"
    assert event.comment == f"assignee translator_en, reviewer reviewer_en, due {due.isoformat()}"
    entry = AuditLog.objects.get(action="job-assign")
    assert entry.actor is not None and entry.actor.get_username() == "editor"
    assert (entry.object_type, entry.object_id) == ("translation.translationjob", str(job.pk))
    assert entry.data == {
        "language": "en",
        "assignee": "translator_en",
        "reviewer": "reviewer_en",
        "due_date": due.isoformat(),
        "before": {"assignee": None, "reviewer": None, "due_date": None},
    }
    page = editor.get(response["Location"]).content.decode()
    assert "assignee translator_en, reviewer reviewer_en" in page  # the message and the history


# --- who may be assignee and reviewer, and by when -------------------------------

# (what is posted besides the job, the field in error, words of its message)
INVALID: list[tuple[str, dict[str, Any], str, str]] = [
    ("reviewer as assignee", {"assignee": "reviewer_en"}, "assignee", "translator of en"),
    ("translator of another language", {"assignee": "translator_fr"}, "assignee", "of en"),
    ("inactive translator", {"assignee": "former_en"}, "assignee", "translator of en"),
    ("editor as assignee", {"assignee": "editor"}, "assignee", "translator of en"),
    ("translator as reviewer", {"reviewer": "translator_en"}, "reviewer", "reviewer of en"),
    (
        "one person translates and reviews",
        {"assignee": "both_en", "reviewer": "both_en"},
        "reviewer",
        "cannot also review",
    ),
    ("yesterday", {"due_date": TODAY - timedelta(days=1)}, "due_date", "is in the past"),
    ("long ago", {"due_date": date(2024, 1, 31)}, "due_date", "2024-01-31 is in the past"),
]


def _posted(data: dict[str, Any], team: dict[str, User], editor_user: User) -> dict[str, Any]:
    people = {**team, "editor": editor_user}
    return {
        k: people[v].pk if v in people else v.isoformat() if isinstance(v, date) else v
        for k, v in data.items()
    }


@pytest.mark.parametrize(("case", "data", "field", "words"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_assignments_are_refused_with_a_message(
    client_for: Callable[[str | None], Client],
    job: TranslationJob,
    team: dict[str, User],
    case: str,
    data: dict[str, Any],
    field: str,
    words: str,
) -> None:
    editor = client_for("editor")
    editor_user = User.objects.get(username="editor")
    before = snapshot(job)
    response = editor.post(url(job), {"job": job.pk, **_posted(data, team, editor_user)})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert words in " ".join(errors[field])
    assert words in response.content.decode().replace("&#x27;", "'")
    assert snapshot(job) == before


def test_the_same_person_may_translate_and_review_when_the_setting_allows(
    editor: Client, job: TranslationJob, team: dict[str, User], settings: Any
) -> None:
    settings.TRANSLATION_SELF_REVIEW = True
    both = team["both_en"].pk
    response = editor.post(url(job), {"job": job.pk, "assignee": both, "reviewer": both})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.assignee == job.reviewer == team["both_en"]


def test_a_reviewer_equal_to_the_present_assignee_is_refused(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    translation.assign(job, assignee=team["both_en"])
    before = snapshot(job)
    response = editor.post(url(job), {"job": job.pk, "reviewer": team["both_en"].pk})
    assert response.status_code == 400 and "reviewer" in response.context["form"].errors
    assert snapshot(job) == before


@pytest.mark.parametrize(
    "candidates",
    [
        ("assignee", {"administrator", "both_en", "translator_en"}),
        ("reviewer", {"administrator", "both_en", "reviewer_en"}),
    ],
    ids=["assignee", "reviewer"],
)
def test_the_lists_offer_only_people_of_the_role_and_language(
    client_for: Callable[[str | None], Client],
    job: TranslationJob,
    team: dict[str, User],
    candidates: tuple[str, set[str]],
) -> None:
    field, names = candidates
    response = client_for("administrator").get(url(job))
    offered = {u.get_username() for u in response.context["form"].fields[field].queryset}
    assert offered == names


def test_a_due_date_of_today_is_accepted(editor: Client, job: TranslationJob) -> None:
    response = editor.post(url(job), {"job": job.pk, "due_date": TODAY.isoformat()})
    assert response.status_code == 302
    assert TranslationJob.objects.get(pk=job.pk).due_date == TODAY


def test_fields_left_empty_keep_their_values(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    first_due = TODAY + timedelta(days=3)
    translation.assign(
        job, assignee=team["translator_en"], reviewer=team["reviewer_en"], due_date=first_due
    )
    later = TODAY + timedelta(days=10)
    response = editor.post(
        url(job), {"job": job.pk, "assignee": "", "reviewer": "", "due_date": later.isoformat()}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.assignee, job.reviewer, job.due_date) == (
        team["translator_en"],
        team["reviewer_en"],
        later,
    )
    assert JobEvent.objects.filter(job=job).latest("id").comment == f"due {later.isoformat()}"
    assert AuditLog.objects.get(action="job-assign").data["before"] == {
        "due_date": first_due.isoformat()
    }


def test_an_unchanged_form_writes_nothing(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    translation.assign(job, assignee=team["translator_en"], due_date=TODAY + timedelta(days=2))
    before = snapshot(job)
    # the form as shown, sent back as it is
    initial = editor.get(url(job)).context["form"].initial
    sent = {k: (v.isoformat() if isinstance(v, date) else v or "") for k, v in initial.items()}
    response = editor.post(url(job), sent)
    assert response.status_code == 302
    assert "nothing changed" in editor.get(url(job)).content.decode()
    assert snapshot(job) == before


def test_a_past_due_date_already_set_does_not_block_other_changes(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    past = TODAY - timedelta(days=5)
    TranslationJob.objects.filter(pk=job.pk).update(due_date=past)
    response = editor.post(
        url(job),
        {"job": job.pk, "assignee": team["translator_en"].pk, "due_date": past.isoformat()},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.assignee, job.due_date) == (team["translator_en"], past)


# --- hostile posts ---------------------------------------------------------------

# (what is posted, the field in error, words of its message); the rest of the post is valid
HOSTILE: list[tuple[str, dict[str, str], str, str]] = [
    ("unknown user id", {"assignee": "999999"}, "assignee", "translator of en"),
    ("user id out of any integer range", {"reviewer": "9" * 40}, "reviewer", "reviewer of en"),
    ("user id of 5000 digits", {"assignee": "9" * 5000}, "assignee", "translator of en"),
    ("user id not a number", {"assignee": "1 OR 1=1"}, "assignee", "translator of en"),
    ("month 13, day 45", {"due_date": "2024-13-45"}, "due_date", "“2024-13-45” is not a day"),
    ("day as words", {"due_date": "next Friday"}, "due_date", "“next Friday” is not a day"),
    ("huge date string", {"due_date": "2" * 200_000}, "due_date", "“" + "2" * 20 + "…” is not"),
    ("huge job id", {"job": "1" * 200_000}, "job", "which job it is for"),
    ("no job id", {"job": ""}, "job", "which job it is for"),
    ("negative job id", {"job": "-1"}, "job", "which job it is for"),
]


@pytest.mark.parametrize(("case", "data", "field", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_posts_get_a_form_error_and_change_nothing(
    editor: Client,
    job: TranslationJob,
    team: dict[str, User],
    case: str,
    data: dict[str, str],
    field: str,
    words: str,
) -> None:
    before = snapshot(job)
    valid = {
        "job": str(job.pk),
        "assignee": str(team["translator_en"].pk),
        "reviewer": str(team["reviewer_en"].pk),
        "due_date": (TODAY + timedelta(days=1)).isoformat(),
    }
    response = editor.post(url(job), {**valid, **data})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert words in " ".join(errors[field])
    assert words in response.content.decode()
    assert snapshot(job) == before


def test_every_mistake_of_a_form_is_shown_at_once(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    both = str(team["both_en"].pk)
    response = editor.post(
        url(job), {"job": job.pk, "assignee": both, "reviewer": both, "due_date": "2024-13-45"}
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["due_date", "reviewer"]


def test_a_form_of_another_job_is_refused(
    editor: Client,
    job: TranslationJob,
    team: dict[str, User],
    make_article: Callable[..., Article],
) -> None:
    other = translation.create_or_refresh_job(make_article("Bài khác"), "en").job
    before = (snapshot(job), snapshot(other))
    response = editor.post(url(job), {"job": other.pk, "assignee": team["translator_en"].pk})
    assert response.status_code == 400
    assert f"This form is for job {other.pk}" in response.content.decode()
    assert (snapshot(job), snapshot(other)) == before


def test_an_unknown_job_is_404(editor: Client) -> None:
    assert editor.post("/office/jobs/999999/assign/", {"job": "999999"}).status_code == 404


def test_a_post_without_the_csrf_token_is_refused(
    make_user: Callable[[str], User], job: TranslationJob, team: dict[str, User]
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("editor"))
    before = snapshot(job)
    response = client.post(url(job), {"job": job.pk, "assignee": team["translator_en"].pk})
    assert response.status_code == 403
    assert snapshot(job) == before
    # the page's own form carries the token
    assert b"csrfmiddlewaretoken" in client.get(url(job)).content


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_a_post_changes_the_assignment(
    editor: Client, job: TranslationJob, team: dict[str, User], method: str
) -> None:
    before = snapshot(job)
    response = getattr(editor, method)(
        url(job) + f"?job={job.pk}&assignee={team['translator_en'].pk}"
    )
    assert response.status_code == (200 if method == "get" else 405)
    assert snapshot(job) == before


# --- the jobs list ----------------------------------------------------------------


@pytest.fixture
def jobs(make_article: Callable[..., Article], team: dict[str, User]) -> dict[str, TranslationJob]:
    """Five jobs: each name says its language, state, people and due date."""
    plan: dict[str, tuple[str, str, str | None, str | None, int | None]] = {
        # name: (language, state, assignee, reviewer, due in days)
        "en-late": ("en", "in_translation", "translator_en", "reviewer_en", -2),
        "en-soon": ("en", "in_review", "both_en", "reviewer_en", 1),
        "en-open": ("en", "draft", None, None, None),
        "en-done-late": ("en", "published", "translator_en", "reviewer_en", -30),
        "fr-next-week": ("fr", "in_translation", None, None, 7),
    }
    made = {}
    for name, (lang, state, assignee, reviewer, days) in plan.items():
        job = translation.create_or_refresh_job(make_article(f"Bài {name}"), lang).job
        TranslationJob.objects.filter(pk=job.pk).update(
            state=state,
            assignee=team[assignee] if assignee else None,
            reviewer=team[reviewer] if reviewer else None,
            due_date=TODAY + timedelta(days=days) if days is not None else None,
        )
        made[name] = TranslationJob.objects.get(pk=job.pk)
    return made


def _listed(client: Client, query: str, jobs: dict[str, TranslationJob]) -> list[str]:
    response = client.get(f"/office/jobs/?{query}")
    assert response.status_code == 200
    names = {j.pk: n for n, j in jobs.items()}
    return [names[j.pk] for j, _ in response.context["rows"]]


@pytest.mark.parametrize(
    ("who", "query", "expected"),
    [
        ("editor", "", ["en-done-late", "en-late", "en-soon", "fr-next-week", "en-open"]),
        ("editor", "overdue=on", ["en-late"]),
        ("editor", "who=unassigned", ["fr-next-week", "en-open"]),
        ("editor", "language=fr", ["fr-next-week"]),
        ("editor", "state=in_review", ["en-soon"]),
        ("editor", "language=en&state=published", ["en-done-late"]),
        ("editor", "who=unassigned&language=en", ["en-open"]),
        ("editor", "who=mine", []),
        ("translator_en", "who=mine", ["en-done-late", "en-late"]),
        ("translator_en", "", ["en-done-late", "en-late", "en-soon", "en-open"]),
        ("reviewer_en", "who=mine&overdue=on", ["en-late"]),
        ("both_en", "who=mine", ["en-soon"]),
        ("translator_fr", "", ["fr-next-week"]),
        # a filter that cannot be read is dropped, the others still apply
        ("editor", "state=exploded&language=fr", ["fr-next-week"]),
        ("translator_fr", "language=en", ["fr-next-week"]),
    ],
)
def test_job_list_filters_sorted_by_due_date(
    jobs: dict[str, TranslationJob],
    team: dict[str, User],
    make_user: Callable[[str], User],
    who: str,
    query: str,
    expected: list[str],
) -> None:
    client = Client()
    client.force_login(team[who] if who in team else make_user(who))
    assert _listed(client, query, jobs) == expected


def test_job_list_shows_people_due_dates_and_overdue_in_words(
    editor: Client, jobs: dict[str, TranslationJob]
) -> None:
    html = editor.get("/office/jobs/").content.decode()
    late = jobs["en-late"]
    row = html[html.index(f'href="/office/jobs/{late.pk}/"') :]
    row = row[: row.index("</tr>")]
    assert "translator_en" in row and "reviewer_en" in row
    assert (TODAY - timedelta(days=2)).isoformat() in row and "overdue" in row
    assert f'href="/office/jobs/{late.pk}/assign/"' in row
    # a published job is never overdue; only one row says so
    assert html.count(">overdue<") == 1
    # the filters are a plain GET form
    assert '<form method="get"' in html and 'name="who"' in html and 'name="overdue"' in html


def test_translators_see_no_assign_links(
    jobs: dict[str, TranslationJob], team: dict[str, User]
) -> None:
    client = Client()
    client.force_login(team["translator_en"])
    html = client.get("/office/jobs/").content.decode()
    assert f'href="/office/jobs/{jobs["en-late"].pk}/"' in html and "/assign/" not in html


def test_filters_are_kept_across_pages(
    editor: Client, make_article: Callable[..., Article]
) -> None:
    for n in range(51):
        translation.create_or_refresh_job(make_article(f"Bài số {n}"), "fr")
    response = editor.get("/office/jobs/?language=fr&who=unassigned")
    assert response.context["page"].paginator.count == 51
    assert 'href="?who=unassigned&amp;language=fr&amp;page=2"' in response.content.decode()


# --- my work ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "to_translate", "to_review"),
    [
        ("translator_en", ["en-late"], []),
        ("reviewer_en", [], ["en-soon"]),
        ("both_en", [], []),
        ("translator_fr", [], []),
    ],
)
def test_my_work_lists_what_waits_for_me_by_due_date(
    jobs: dict[str, TranslationJob],
    team: dict[str, User],
    who: str,
    to_translate: list[str],
    to_review: list[str],
) -> None:
    client = Client()
    client.force_login(team[who])
    response = client.get("/office/jobs/mine/")
    assert response.status_code == 200
    names = {j.pk: n for n, j in jobs.items()}
    sections = {
        title: [names[j.pk] for j, _ in rows] for title, _, rows, _ in response.context["sections"]
    }
    assert sections == {"To translate": to_translate, "To review": to_review}


def test_my_work_orders_by_due_date_and_marks_overdue(
    make_article: Callable[..., Article], team: dict[str, User]
) -> None:
    translator = team["translator_en"]
    due_in = {"Bài không hạn": None, "Bài ngày mai": 1, "Bài quá hạn": -1, "Bài hôm nay": 0}
    for title, days in due_in.items():
        job = translation.create_or_refresh_job(make_article(title), "en").job
        TranslationJob.objects.filter(pk=job.pk).update(
            assignee=translator,
            due_date=TODAY + timedelta(days=days) if days is not None else None,
        )
    client = Client()
    client.force_login(translator)
    response = client.get("/office/jobs/mine/")
    rows = response.context["sections"][0][2]
    assert [(j.article.title, late) for j, late in rows] == [
        ("Bài quá hạn", True),
        ("Bài hôm nay", False),
        ("Bài ngày mai", False),
        ("Bài không hạn", False),
    ]
    html = response.content.decode()
    assert ">overdue<" in html and ">due today<" in html


def test_my_work_is_for_staff_of_the_jobs(client_for: Callable[[str | None], Client]) -> None:
    assert client_for("contributor").get("/office/jobs/mine/").status_code == 403
    assert client_for(None).get("/office/jobs/mine/").status_code == 302


def test_the_workbench_shows_the_assignment_and_links_editors_to_the_form(
    editor: Client, job: TranslationJob, team: dict[str, User]
) -> None:
    translation.assign(job, assignee=team["translator_en"], due_date=TODAY + timedelta(days=3))
    html = editor.get(f"/office/jobs/{job.pk}/").content.decode()
    assert '<span id="job-assignee">translator_en</span>' in html
    assert '<span id="job-reviewer">none yet</span>' in html
    assert f'<span id="job-due">{(TODAY + timedelta(days=3)).isoformat()}</span>' in html
    assert f'href="/office/jobs/{job.pk}/assign/"' in html
    client = Client()
    client.force_login(team["translator_en"])
    html = client.get(f"/office/jobs/{job.pk}/").content.decode()
    assert '<span id="job-assignee">translator_en</span>' in html
    assert "/assign/" not in html
    assert 'href="/office/jobs/mine/"' in html  # "My work" in the navigation
