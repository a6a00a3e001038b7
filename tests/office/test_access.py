"""Each role against each action of the back office: the server refuses what
a role may not do (403), sends strangers to the sign-in page, and lets the
others through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from doingoai.office.models import CollectionRun, Source
from doingoai.store.models import Article
from doingoai.translation.models import TranslationJob

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "editor", "translator_en", "reviewer_en", "translator_fr", "contributor"]
EVERYONE = set(ROLES)
EDITORS = {"administrator", "editor"}

# (name, method, url template, post data, roles allowed)
ACTIONS: list[tuple[str, str, str, dict[str, Any], set[str]]] = [
    ("home", "get", "/office/", {}, EVERYONE),
    ("inbox", "get", "/office/inbox/", {}, EDITORS),
    # translators and reviewers read the article of a job in their language
    (
        "article",
        "get",
        "/office/articles/{article}/",
        {},
        EDITORS | {"translator_en", "reviewer_en"},
    ),
    (
        "raw bytes",
        "get",
        "/office/articles/{article}/raw/",
        {},
        EDITORS | {"translator_en", "reviewer_en"},
    ),
    ("correct", "post", "/office/articles/{article}/correct/", {"title": "Tiêu đề"}, EDITORS),
    ("select", "post", "/office/articles/{article}/select/", {"themes": ["{theme}"]}, EDITORS),
    ("publish original", "post", "/office/articles/{article}/publish/", {}, EDITORS),
    ("feature", "post", "/office/articles/{article}/feature/", {"on": "1"}, EDITORS),
    ("withdraw", "post", "/office/articles/{article}/withdraw/", {}, EDITORS),
    (
        "send to translation",
        "post",
        "/office/articles/{article}/translate/",
        {"language": "fr"},
        EDITORS,
    ),
    ("job list", "get", "/office/jobs/", {}, EVERYONE - {"contributor"}),
    ("workbench", "get", "/office/jobs/{job}/", {}, EDITORS | {"translator_en", "reviewer_en"}),
    (
        "save segment",
        "post",
        "/office/jobs/{job}/segments/0/",
        {"target": "External information", "version": "{version}"},
        {"administrator", "translator_en"},
    ),
    (
        "submit for review",
        "post",
        "/office/jobs/{job}/submit/",
        {},
        {"administrator", "translator_en"},
    ),
    ("approve", "post", "/office/jobs/{job}/approve/", {}, {"administrator", "reviewer_en"}),
    (
        "return",
        "post",
        "/office/jobs/{job}/return/",
        {"comment": "x"},
        {"administrator", "reviewer_en"},
    ),
    ("publish version", "post", "/office/jobs/{job}/publish/", {}, EDITORS),
    ("sources", "get", "/office/sources/", {}, EDITORS),
    (
        "add source",
        "post",
        "/office/sources/",
        {"name": "HNM", "kind": "feed", "url": "https://hanoimoi.vn/rss", "schedule": "daily"},
        EDITORS,
    ),
    ("collect now", "post", "/office/sources/{source}/run/", {}, EDITORS),
    ("run", "get", "/office/runs/{run}/", {}, EDITORS),
    ("submissions", "get", "/office/submissions/", {}, EDITORS | {"contributor"}),
    ("submit an item", "get", "/office/submissions/new/", {}, {"administrator", "contributor"}),
    ("audit log", "get", "/office/audit/", {}, {"administrator"}),
]


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value.format(**ids) if isinstance(value, str) else value


@pytest.fixture
def ids(article: Article, job: TranslationJob, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from doingoai.curation.models import Theme
    from doingoai.office import collection

    # a collection run must not reach the network: the source fails at once
    monkeypatch.setattr(collection, "run_collection", lambda run_id: None)
    source = Source.objects.create(name="Hà Nội Mới", url="https://hanoimoi.vn/rss")
    run = CollectionRun.objects.create(source=source)
    return {
        "article": article.pk,
        "job": job.pk,
        "version": job.segments.get(position=0).version,
        "theme": Theme.objects.get(slug="doi-ngoai").pk,
        "source": source.pk,
        "run": run.pk,
    }


def _outcome(response: Any) -> str:
    if response.status_code == 403 and b"Not allowed" in response.content:
        return "refused"
    if response.status_code == 302 and response["Location"].startswith("/office/sign-in/?next="):
        return "sign in"
    if response.status_code in {200, 302}:
        return "allowed"
    return f"status {response.status_code}"


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_permission_matrix(
    client_for: Callable[[str | None], Client], ids: dict[str, Any], role: str | None
) -> None:
    """Every action, in table order, by one role: what the server answers."""
    client = client_for(role)
    got: dict[str, str] = {}
    expected: dict[str, str] = {}
    for name, method, url, data, allowed in ACTIONS:
        target = url.format(**ids)
        payload = {k: _fill(v, ids) for k, v in data.items()}
        response = client.get(target) if method == "get" else client.post(target, payload)
        got[name] = _outcome(response)
        if role is None:
            expected[name] = "sign in"
        else:
            expected[name] = "allowed" if role in allowed else "refused"
    assert got == expected


@pytest.mark.parametrize(
    "url",
    [
        "/office/articles/999999/",
        "/office/articles/999999/raw/",
        "/office/jobs/999999/",
        "/office/runs/999999/",
        "/office/articles/1/unknown-action/",
        "/office/jobs/1/explode/",
    ],
)
def test_unknown_objects_are_404(client_for: Callable[[str | None], Client], url: str) -> None:
    client = client_for("administrator")
    assert client.get(url).status_code == 404


def test_unknown_segment_is_404(
    client_for: Callable[[str | None], Client], job: TranslationJob
) -> None:
    client = client_for("translator_en")
    response = client.post(f"/office/jobs/{job.pk}/segments/999/", {"target": "x", "version": 0})
    assert response.status_code == 404
