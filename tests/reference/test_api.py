"""The API's reference reads: token required, pages per language with their
facts' current values, facts with their history, all in the OpenAPI schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.api.api import throttle_cache
from doingoai.api.tokens import create_token
from doingoai.reference import services
from doingoai.reference.models import Fact
from tests.reference.test_portal import published  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rates(settings: Any) -> None:
    settings.API_RATE_ANONYMOUS = "1000/m"
    settings.API_RATE_TOKEN = "1000/m"
    throttle_cache().clear()


@pytest.fixture
def bearer(editor: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(editor.username)[1]}"}


def test_a_token_is_required(published: Any) -> None:  # noqa: F811
    for path in ("/api/pages", "/api/pages/ha-noi", "/api/facts", "/api/facts/dan-so-ha-noi"):
        response = Client().get(path)
        assert response.status_code == 401, path
        assert "token" in response.json()["error"]


def test_pages_in_each_language(published: Any, bearer: dict[str, str]) -> None:  # noqa: F811
    client = Client()
    vi = client.get("/api/pages", **bearer).json()
    en = client.get("/api/pages?language=en", **bearer).json()
    assert [p["slug"] for p in vi] == [p["slug"] for p in en] == ["ha-noi"]
    assert en[0]["title"] == "Hanoi" and en[0]["url"] == "http://testserver/en/pages/ha-noi/"
    assert en[0]["schema_type"] == "AdministrativeArea" and en[0]["languages"] == ["vi", "en"]
    page = client.get("/api/pages/ha-noi?language=en", **bearer).json()
    assert "8,435,700 people" in page["html"] and page["facts"] == ["dan-so-ha-noi"]
    assert client.get("/api/pages/ha-noi?language=fr", **bearer).status_code == 404
    assert client.get("/api/pages/khong-co", **bearer).status_code == 404
    assert client.get("/api/pages?language=<x>", **bearer).status_code == 422


def test_facts_with_history(published: Any, bearer: dict[str, str], editor: User) -> None:  # noqa: F811
    fact = Fact.objects.get(slug="dan-so-ha-noi")
    services.record_value(
        fact, editor, value="8587100", unit="người", as_of=date(2024, 12, 31), source="GSO"
    )
    found = Client().get("/api/facts/dan-so-ha-noi", **bearer).json()
    assert found["current"]["value"] == "8587100" and found["unit"] == "người"
    assert [v["value"] for v in found["history"]] == ["8587100", "8435700"]
    assert [f["slug"] for f in Client().get("/api/facts", **bearer).json()] == ["dan-so-ha-noi"]


def test_in_the_openapi_schema(db: None) -> None:
    schema = Client().get("/api/openapi.json").json()
    for path in ("/api/pages", "/api/pages/{slug}", "/api/facts", "/api/facts/{slug}"):
        assert path in schema["paths"], path
        assert schema["paths"][path]["get"]["security"]
