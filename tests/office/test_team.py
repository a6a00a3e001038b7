"""The team's figures: per translator and language, over the jobs approved
in a period, worked out by hand from jobs whose segments and history the
test sets; a manager sees their team only (their unit and the units under
it), the office's leadership everyone, a translator their own row, and
nobody else anything."""

from __future__ import annotations

import hashlib
import re
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.curation.models import Profile, Unit
from doingoai.reports.periods import parse_period
from doingoai.reports.staff import staff_figures, team_of
from doingoai.store.models import Article, RawDocument
from doingoai.text import count_words
from doingoai.translation import services
from doingoai.translation.models import JobEvent, TranslationJob

pytestmark = pytest.mark.django_db

SENTENCES = [
    ("Năm 2015, Hà Nội có 25 đơn vị tham gia.", "In 2015, 25 units in Hanoi took part."),
    ("Thành phố đón 3 đoàn khách quốc tế.", "The city welcomed 3 international delegations."),
]
TITLE = "Hà Nội đón khách quốc tế, bài {n}"
#: (assignee, language, day in March 2015, hours from the start of
#: translation to approval, pre-translations kept, QA errors at submission
#: or None when the history has no record of it)
JOBS = [
    ("lan", "en", 2, 5, True, 3),
    ("lan", "en", 3, 9, False, None),
    ("lan", "fr", 4, 2, True, 0),
    ("minh", "en", 5, 4, True, 1),
    ("lan", "en", 40, 1, True, 0),  # approved in April: another period
    (None, "en", 6, 1, True, 0),  # nobody was assigned
]


def person(name: str, role: str | None, unit: str | None = None) -> tuple[User, Client]:
    user = User.objects.create_user(name, password="x" * 12)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(
        user=user, unit=Unit.objects.get(slug=unit) if unit else None, language="en"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return user, client


def _article(n: int) -> Article:
    text = " ".join(s for s, _ in SENTENCES)
    digest = hashlib.sha256(f"team {n} {text}".encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2015, 1, 1, tzinfo=UTC),
        size=len(text),
        compressed=RawDocument.compress(text.encode()),
    )
    return Article.objects.create(
        raw=raw,
        title=TITLE.format(n=n),
        paragraphs=[text],
        body=text,
        language="vi",
        fingerprint=digest[:16],
    )


def _words(n: int) -> int:
    return count_words(TITLE.format(n=n)) + sum(count_words(s) for s, _ in SENTENCES)


@pytest.fixture
def office() -> dict[str, tuple[User, Client]]:
    so = Unit.objects.create(name="Sở Thông tin và Truyền thông", slug="so-tttt")
    Unit.objects.create(name="Phòng Thông tin đối ngoại", slug="phong-ttdn", parent=so)
    Unit.objects.create(name="Quận Hoàn Kiếm", slug="hoan-kiem", kind="district")
    people = {
        "lan": person("lan", "translator", "phong-ttdn"),
        "minh": person("minh", "translator", "hoan-kiem"),
        "truong": person("truong", "manager", "so-tttt"),
        "giamdoc": person("giamdoc", "manager"),
        "bien-tap": person("bien-tap", "editor"),
        "don-vi": person("don-vi", "unit contributor", "hoan-kiem"),
    }
    for n, (who, lang, day, hours, kept, errors) in enumerate(JOBS):
        job = services.create_or_refresh_job(_article(n), lang, actor="test").job
        job.assignee = people[who][0] if who else None
        job.save()
        for segment in job.segments.order_by("position"):
            target = f"{lang} {n}: {segment.source}"
            segment.target = target
            segment.pretranslation = target if kept else ""
            segment.pretranslation_origin = "mt" if kept else ""
            segment.state = "translated"
            segment.save()
        JobEvent.objects.filter(job=job).delete()
        start = datetime(2015, 3, 1, 8, tzinfo=UTC) + timedelta(days=day - 1)
        submitted = {"qa": {"errors": errors, "segments": 1}} if errors is not None else {}
        history = [
            (start, "in_translation", {}),
            (start + timedelta(hours=hours - 0.5), "in_review", submitted),
            (start + timedelta(hours=hours), "approved", {"qa": {"errors": 0, "segments": 0}}),
        ]
        for at, state, data in history:
            JobEvent.objects.create(job=job, at=at, to_state=state, actor="test", data=data)
        TranslationJob.objects.filter(pk=job.pk).update(state="approved")
    return people


def _table(html: str) -> list[list[str]]:
    body = html.split('id="table-team"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_figures_per_translator_and_language(office: dict) -> None:
    rows = {(r.person, r.language): r for r in staff_figures(parse_period("2015-03"))}
    assert sorted(rows) == [("lan", "en"), ("lan", "fr"), ("minh", "en")]
    lan = rows[("lan", "en")]
    assert (lan.jobs, lan.words) == (2, _words(0) + _words(1))
    assert lan.turnaround_hours == statistics.median([5, 9])
    # pre-translations kept as they were: chrF 100, TER 0 (job 1 had none)
    assert (lan.chrf, lan.ter) == (100.0, 0.0)
    # only job 0's submission was recorded: 3 errors over its words
    assert lan.reviewed_jobs == 1
    assert lan.qa_errors_before_review_per_1000_words == round(3 * 1000 / _words(0), 2)
    fr = rows[("lan", "fr")]
    assert (fr.jobs, fr.words, fr.turnaround_hours) == (1, _words(2), 2.0)
    assert fr.qa_errors_before_review_per_1000_words == 0.0
    minh = rows[("minh", "en")]
    assert (minh.words, minh.turnaround_hours) == (_words(3), 4.0)
    assert minh.qa_errors_before_review_per_1000_words == round(1000 / _words(3), 2)
    april = staff_figures(parse_period("2015-04"))
    assert [(r.person, r.words) for r in april] == [("lan", _words(4))]


def test_a_manager_sees_the_people_of_their_unit_and_the_units_under_it(office: dict) -> None:
    truong, client = office["truong"]
    assert team_of(truong) == {office["lan"][0].pk, truong.pk}
    rows = _table(client.get("/office/team/?period=2015-Q1").content.decode())
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("lan", "English", str(_words(0) + _words(1))),
        ("lan", "French", str(_words(2))),
    ]
    assert rows[0][4] == "7.0"


def test_the_office_s_leadership_sees_everyone(office: dict) -> None:
    giamdoc, client = office["giamdoc"]
    assert team_of(giamdoc) is None
    html = client.get("/office/team/?period=2015-Q1").content.decode()
    assert [(r[0], r[1]) for r in _table(html)] == [
        ("lan", "English"),
        ("lan", "French"),
        ("minh", "English"),
    ]
    assert 'href="/office/team/"' in html


def test_a_translator_sees_their_own_figures_only(office: dict) -> None:
    _, client = office["minh"]
    html = client.get("/office/team/?period=2015-Q1").content.decode()
    assert [(r[0], r[1], r[3]) for r in _table(html)] == [("minh", "English", str(_words(3)))]
    assert "Your own work" in html
    assert 'href="/office/team/"' not in html  # the menu leads managers only here


@pytest.mark.parametrize("who", ["bien-tap", "don-vi"])
def test_editors_and_unit_contributors_see_no_staff_figures(office: dict, who: str) -> None:
    _, client = office[who]
    response = client.get("/office/team/?period=2015-Q1")
    assert response.status_code == 403
    assert "lan" not in response.content.decode().split("<main", 1)[1]
    assert Client().get("/office/team/").status_code == 302


def test_a_wrong_period_is_named_and_the_current_year_shown(office: dict) -> None:
    _, client = office["giamdoc"]
    response = client.get("/office/team/?period=2015-Q5")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2015-Q5" in html.split('id="table-team"', 1)[0]
    assert _table(html)[0][0].startswith("No translation job was approved")
    assert client.post("/office/team/").status_code == 405
