"""A body over the size limit gets the API's JSON error under /api/, the plain message elsewhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_answers_413_in_its_json_error(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "Tin", "lead": "", "body": "Hà Nội " * 400, "url": ""})
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/submissions",
        body,
        content_type="application/json",
        headers={"Authorization": "Bearer dgo_khong-co-that"},
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    answer = response.json()
    assert set(answer) == {"error", "problems"}
    assert "too large" in answer["error"] and "1,000" in answer["error"]


def test_the_office_keeps_its_plain_message(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/office/sign-in/", {"username": "x" * 2000, "password": "y"}
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/plain")
    assert "too large" in response.content.decode()
