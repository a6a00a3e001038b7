"""Bad addresses and parameters get a clear 400 or 404 — JSON on the API, a
message on the command line — never a 500; and a real 500 is logged with its
traceback."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import Group, User
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.test import Client

from doingoai.cli import cli
from doingoai.office.forms import CorrectionForm
from doingoai.store.models import Article, RawDocument
from tests.conftest import ROOT


@pytest.fixture
def article(db: None) -> Article:
    body = "Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị về thông tin đối ngoại."
    raw = RawDocument.objects.create(
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        url="https://laodongthudo.vn/thong-tin-doi-ngoai.html",
        fetched_at=datetime(2025, 6, 3, 8, 0, tzinfo=UTC),
        size=len(body.encode()),
        content_type="text/html; charset=utf-8",
        compressed=RawDocument.compress(body.encode()),
    )
    return Article.objects.create(
        raw=raw,
        url=raw.url,
        title="Hà Nội đẩy mạnh thông tin đối ngoại",
        lead=body,
        body=body,
        paragraphs=[],
        language="vi",
        fingerprint=raw.sha256[:16],
        published_at=datetime(2025, 6, 2, 9, 0, tzinfo=UTC),
        topic="chinh-tri",
    )


@pytest.fixture
def editor(db: None) -> Client:
    user = User.objects.create(username="bien-tap")
    user.groups.add(Group.objects.get(name="editor"))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def anonymous() -> Client:
    return Client(raise_request_exception=False)


# --- the portal ------------------------------------------------------------------


@pytest.mark.parametrize("month", ["ab", "1a", "٠٣", "123", "00", "13"])
def test_archive_month_that_is_no_month_is_not_found(
    anonymous: Client, db: None, month: str
) -> None:
    response = anonymous.get(f"/vi/archive/2025/{month}/")
    assert response.status_code == 404


def test_archive_month_still_lists_a_real_month(anonymous: Client, db: None) -> None:
    assert anonymous.get("/vi/archive/2025/06/").status_code == 200


# --- the API ----------------------------------------------------------------------


def _json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert isinstance(data["error"], str) and data["error"]
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles?since=0001-01-01",
        "/api/articles?since=0001-01-01T00:00:00",
        "/api/changes?since=9999-12-31T23:59:59-12:00",
        "/api/changes?since=0001-01-01T00:00:00%2B14:00",
    ],
)
def test_api_moment_out_of_range_is_refused_naming_the_parameter(
    anonymous: Client, article: Article, url: str
) -> None:
    # as any value out of its range (docs/api.md): 422, the parameter named in problems
    data = _json_error(anonymous.get(url), 422)
    [problem] = data["problems"]
    assert problem.startswith("since: ")
    assert "out of range" in problem
    assert problem in data["error"]


def test_api_moments_at_the_edges_of_the_range_still_answer(
    anonymous: Client, article: Article
) -> None:
    everything = anonymous.get("/api/articles?since=1900-01-01")
    assert everything.status_code == 200
    assert [a["id"] for a in json.loads(everything.content)["items"]] == []  # none published
    changes = anonymous.get("/api/changes?since=9999-12-30T00:00:00Z")
    assert changes.status_code == 200
    assert json.loads(changes.content)["total"] == 0


@pytest.mark.parametrize("path", ["/api/no-such-thing", "/api/articles/", "/api/"])
def test_api_unknown_address_answers_json_404(anonymous: Client, db: None, path: str) -> None:
    data = _json_error(anonymous.get(path), 404)
    assert f"no API operation at {path}" in data["error"]


def test_api_wrong_method_answers_json_405(anonymous: Client, db: None) -> None:
    response = anonymous.delete("/api/articles")
    data = _json_error(response, 405)
    assert "DELETE" in data["error"]
    assert "GET" in response["Allow"]


def test_api_unexpected_error_answers_json_500_and_is_logged(
    anonymous: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.api import reads

    def broken(*args: object) -> Any:
        raise RuntimeError("the themes table is unreadable")

    monkeypatch.setattr(reads.Theme.objects, "order_by", broken)
    records: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("django.request")
    logger.addHandler(catcher)
    try:
        data = _json_error(anonymous.get("/api/themes"), 500)
    finally:
        logger.removeHandler(catcher)
    assert "unreadable" not in data["error"]  # nothing of the internals for clients
    assert len(records) == 1  # logged once, with the exception and its traceback
    assert records[0].getMessage() == "Internal Server Error: /api/themes"
    assert records[0].exc_info is not None
    text = logging.Formatter().format(records[0])
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the themes table is unreadable" in text


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (SuspiciousOperation("Too many fields sent"), 400),
        (BadRequest("Malformed request"), 400),
        (PermissionDenied("Not for this role"), 403),
    ],
)
def test_api_errors_django_answers_itself_stay_json_and_unlogged(
    anonymous: Client,
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    error: Exception,
    status: int,
) -> None:
    from doingoai.api import reads

    def refuse(*args: object) -> Any:
        raise error

    monkeypatch.setattr(reads.Theme.objects, "order_by", refuse)
    records: list[logging.LogRecord] = []
    catcher = logging.Handler()
    catcher.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("django.request")
    logger.addHandler(catcher)
    try:
        data = _json_error(anonymous.get("/api/themes"), status)
    finally:
        logger.removeHandler(catcher)
    assert data["error"] == str(error)
    assert [r for r in records if r.levelno >= logging.ERROR] == []


# --- the back office -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "said"),
    [
        ("date_from=0001-01-01", "date_from", "0001-01-01"),
        ("cluster=99999999999999999999", "cluster", "99999999999999999999"),
        ("date_from=2025-06-01&cluster=9223372036854775808", "cluster", "9223372036854775808"),
        ("date_from=not-a-date", "date_from", ""),
    ],
)
def test_inbox_filter_out_of_range_is_a_400_naming_the_value(
    editor: Client, article: Article, query: str, field: str, said: str
) -> None:
    response = editor.get(f"/office/inbox/?{query}")
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert said in " ".join(form.errors[field])
    shown = [str(m) for m in response.context["messages"]]
    assert any(said in m for m in shown), shown


def test_inbox_filters_at_the_edges_of_the_range_still_answer(
    editor: Client, article: Article
) -> None:
    response = editor.get("/office/inbox/?date_from=0001-01-02&date_to=9999-12-31")
    assert response.status_code == 200
    assert article.title in response.content.decode()
    response = editor.get("/office/inbox/?cluster=9223372036854775807")
    assert response.status_code == 200
    assert article.title not in response.content.decode()  # no such cluster


def test_correction_dated_year_1_is_refused_and_nothing_is_lost(
    editor: Client, article: Article
) -> None:
    before = Article.objects.get(pk=article.pk)
    response = editor.post(
        f"/office/articles/{article.pk}/correct/",
        {
            "title": "Hà Nội đẩy mạnh thông tin đối ngoại năm 2025",
            "lead": article.lead,
            "published_at": "0001-01-01 00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1
    assert "0001-01-01" in shown[0]
    assert str(CorrectionForm.base_fields["published_at"].label) in shown[0]
    after = Article.objects.get(pk=article.pk)
    assert (after.title, after.published_at) == (before.title, before.published_at)


def test_correction_with_a_good_date_is_stored(editor: Client, article: Article) -> None:
    response = editor.post(
        f"/office/articles/{article.pk}/correct/",
        {"title": article.title, "lead": article.lead, "published_at": "2025-06-01 08:00"},
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk).published_at
    assert stored == datetime(2025, 6, 1, 1, 0, tzinfo=UTC)


# --- the command line ------------------------------------------------------------------


def test_search_since_out_of_range_is_a_message(db: None, article: Article) -> None:
    result = CliRunner().invoke(cli, ["search", "thông tin", "--since", "0001-01-01"])
    assert result.exit_code == 2
    assert "Invalid value for '--since': 0001-01-01 is out of the range" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("since", ["0001-01-02", "9999-12-31"])
def test_search_since_at_the_edges_of_the_range_still_searches(
    db: None, article: Article, since: str
) -> None:
    result = CliRunner().invoke(cli, ["search", "đối ngoại", "--since", since])
    assert result.exit_code == 0, result.output


# --- a real 500 is logged ----------------------------------------------------------------


def test_a_500_is_logged_with_its_traceback(tmp_path: Path) -> None:
    """A server whose database has no tables (never migrated): the portal's
    500 is written to stderr with the traceback, where the service manager
    keeps it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env["DOINGOAI_DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    env["DOINGOAI_SECRET_KEY"] = "x" * 50
    script = (
        "import django, os;"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'doingoai.project.settings';"
        "django.setup();"
        "from django.test import Client;"
        "r = Client(raise_request_exception=False, HTTP_HOST='127.0.0.1').get('/vi/');"
        "print(r.status_code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "500"
    assert "Internal Server Error: /vi/" in done.stderr
    assert "Traceback (most recent call last)" in done.stderr
    assert "no such table" in done.stderr


@pytest.mark.parametrize("since", ["2015-06-02T10:00:00+23:53", "2015-06-02T10:00:00-18:30"])
def test_a_time_with_a_far_offset_is_read_in_utc(
    anonymous: Client, article: Article, since: str
) -> None:
    # ISO 8601 allows offsets PostgreSQL does not; the moment is the same in UTC
    answer = anonymous.get("/api/changes", {"since": since})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/json")
    assert answer.json()["since"].endswith(("Z", "+00:00"))
