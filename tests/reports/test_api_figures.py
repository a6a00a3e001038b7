"""The figures through the API: token-protected, in the OpenAPI document,
equal to the generator's record; a unit contributor's token reads its own
unit only; other tokens, a bad period and an unknown unit get JSON errors."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.api.api import throttle_cache
from doingoai.api.tokens import create_token
from doingoai.curation.models import Profile, Unit
from doingoai.reports.periods import parse_period
from tests.reports.generate import Truth, generate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rates(settings: Any) -> None:
    settings.API_RATE_TOKEN = "1000/m"
    throttle_cache().clear()


@pytest.fixture
def truth() -> Truth:
    return generate()


def token(name: str, role: str, unit: str | None = None) -> str:
    user = User.objects.create_user(name)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(user=user, unit=Unit.objects.get(slug=unit) if unit else None)
    return create_token(name)[1]


def get(path: str, secret: str | None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return Client().get(path, **headers)


def test_counts_by_unit_and_stage_equal_the_record(truth: Truth) -> None:
    secret = token("lanhdao", "manager")
    response = get("/api/figures/counts?period=2015&by=unit,stage", secret)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["period"] == {"key": "2015", "start": "2015-01-01", "end": "2015-12-31"}
    got = Counter({(r["unit"], r["stage"]): r["count"] for r in data["rows"]})
    period = parse_period("2015")
    expected = Counter((e[4], e[0]) for e in truth.events if period.start <= e[1] <= period.end)
    assert got == expected


def test_a_contributor_token_reads_its_own_unit(truth: Truth) -> None:
    secret = token("quan", "unit contributor", unit="hoan-kiem")
    data = get("/api/figures/counts?period=2014..2016&by=unit", secret).json()
    assert {r["unit"] for r in data["rows"]} <= {"hoan-kiem"}
    refused = get("/api/figures/counts?period=2015&unit=so-tttt", secret)
    assert refused.status_code == 403 and "own unit" in refused.json()["error"]


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/figures/counts?period=2015..2013", 400, "ends before it starts"),
        ("/api/figures/counts?period=2015&unit=nowhere", 404, "no unit 'nowhere'"),
        ("/api/figures/counts?period=2015&by=colour", 400, "by: expected some of"),
        ("/api/figures/targets", 422, "period"),
    ],
)
def test_bad_requests_get_json_errors(truth: Truth, path: str, status: int, message: str) -> None:
    response = get(path, token("lanhdao", "manager"))
    assert response.status_code == status
    assert message in response.json()["error"]


def test_tokens_are_required_and_roles_checked(truth: Truth) -> None:
    assert get("/api/figures/turnaround?period=2015", None).status_code == 401
    translator = token("dich", "translator")
    assert get("/api/figures/turnaround?period=2015", translator).status_code == 403


def test_staff_figures_are_for_managers_only(truth: Truth) -> None:
    manager = get("/api/figures/translation?period=2015", token("lanhdao", "manager")).json()
    editor = get("/api/figures/translation?period=2015", token("bientap", "editor")).json()
    assert "words_by_translator" in manager["figures"]
    assert "words_by_translator" not in editor["figures"]


def test_the_figures_are_in_the_openapi_document() -> None:
    schema = Client().get("/api/openapi.json").json()
    for path in ("counts", "turnaround", "translation", "targets"):
        operation = schema["paths"][f"/api/figures/{path}"]["get"]
        assert operation["security"], path
