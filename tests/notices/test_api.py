"""The API's read endpoints of corrections and clarifications: token
required, published notices only, every language's texts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from doingoai.api.api import throttle_cache
from doingoai.api.tokens import create_token
from doingoai.notices import services

from .conftest import CLARIFICATION, CORRECTION_TEXTS, World


@pytest.fixture(autouse=True)
def _fresh_rates(settings: Any, db: None) -> None:
    settings.API_RATE_ANONYMOUS = "1000/m"
    settings.API_RATE_TOKEN = "1000/m"
    throttle_cache().clear()


def _bearer(world: World) -> dict[str, str]:
    _, secret = create_token(world.translator.username)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _publish(world: World, notice: Any) -> Any:
    services.submit(notice, world.editor)
    return services.approve(notice, world.editor2)


def test_the_notices_need_a_token(world: World, client: Client) -> None:
    for path in ("/api/corrections", "/api/clarifications", "/api/corrections/1"):
        response = client.get(path)
        assert response.status_code == 401
        assert "token" in response.json()["error"]


def test_published_corrections_are_read(world: World, client: Client) -> None:
    draft = services.write_correction(
        world.vi_only, world.editor, texts={"vi": CORRECTION_TEXTS["vi"]}
    )
    notice = _publish(
        world, services.write_correction(world.article, world.editor, texts=CORRECTION_TEXTS)
    )
    auth = _bearer(world)
    found = client.get("/api/corrections", **auth).json()
    assert found["count"] == 1
    [item] = found["items"]
    assert item["id"] == notice.pk and item["article"] == world.article.pk
    assert item["languages"] == ["vi", "en"]
    assert item["texts"]["en"] == CORRECTION_TEXTS["en"]
    assert item["feeds"] == {"vi": "/vi/dinh-chinh/rss.xml", "en": "/en/corrections/rss.xml"}
    assert client.get("/api/corrections?language=fr", **auth).json()["count"] == 0
    assert client.get(f"/api/corrections/{notice.pk}", **auth).json()["id"] == notice.pk
    missing = client.get(f"/api/corrections/{draft.pk}", **auth)
    assert missing.status_code == 404
    assert missing.json()["error"] == f"no published correction notice {draft.pk}"


def test_published_clarifications_are_read(world: World, client: Client) -> None:
    item = _publish(
        world, services.write_clarification(world.editor, concerns=[world.vi_only], **CLARIFICATION)
    )
    auth = _bearer(world)
    [found] = client.get("/api/clarifications", **auth).json()["items"]
    assert found["claim_url"] == CLARIFICATION["claim_url"]
    assert found["rating"] == "false"
    assert found["rating_names"] == {"vi": "Sai sự thật", "en": "False"}
    assert found["concerns"] == [world.vi_only.pk]
    assert found["paths"]["vi"] == f"/vi/thong-tin-chinh-thuc/{item.pk}/{item.slug}/"
    one = client.get(f"/api/clarifications/{item.pk}", **auth).json()
    assert one["texts"]["en"]["title"] == "Hanoi does not ban motorbikes from 2025"
    bad = client.get("/api/clarifications?limit=0", **auth)
    assert bad.status_code == 422 and "limit" in bad.json()["error"]
