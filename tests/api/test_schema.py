"""The API against its own OpenAPI document (schemathesis): generated requests
to every read operation and to the submission endpoint, with a token, never
get a server error, and every answer matches the documented schema.

Bounded: a fixed, small number of examples per operation, derandomised so a
run is reproducible, no example database written.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from doingoai.api.api import api
from doingoai.store.models import Article

pytestmark = pytest.mark.django_db

OPERATIONS = [
    ("GET", "/api/articles", 25),
    ("GET", "/api/articles/{article_id}", 10),
    ("GET", "/api/articles/{article_id}/versions/{language}", 15),
    ("GET", "/api/themes", 2),
    ("GET", "/api/outlets", 2),
    ("GET", "/api/changes", 15),
    ("GET", "/api/health", 1),
    ("POST", "/api/submissions", 10),
    ("GET", "/api/submissions/{submission_id}", 10),
    ("GET", "/api/figures/counts", 10),
    ("GET", "/api/figures/turnaround", 5),
    ("GET", "/api/figures/translation", 5),
    ("GET", "/api/figures/targets", 5),
    ("GET", "/api/corrections", 5),
    ("GET", "/api/corrections/{notice_id}", 5),
    ("GET", "/api/clarifications", 5),
    ("GET", "/api/clarifications/{clarification_id}", 5),
    ("GET", "/api/pages", 5),
    ("GET", "/api/pages/{slug}", 5),
    ("GET", "/api/facts", 2),
    ("GET", "/api/facts/{slug}", 5),
]
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi(settings: Any) -> Iterator[WSGIHandler]:
    """The project as a WSGI app, inside the test's transaction (as Django's test
    client does: connections are not closed at the end of each request)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    # Django closes a connection that is inside a transaction at the start and
    # the end of a request; SQLite's in-memory test database ignores that,
    # PostgreSQL's connection would really close under the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("method", "path", "examples"), OPERATIONS)
def test_operation_matches_its_documentation(
    wsgi: WSGIHandler,
    corpus: dict[str, Article],
    contributor_token: str,
    method: str,
    path: str,
    examples: int,
) -> None:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    operation = schema[path][method]
    headers = {"Authorization": f"Bearer {contributor_token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(app=wsgi, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def test_every_documented_operation_is_exercised() -> None:
    document = api.get_openapi_schema()
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    tested = {(method, path) for method, path, _ in OPERATIONS}
    # The XLIFF upload (multipart, a job in a given state) has its own tests.
    assert documented - tested == {("POST", "/api/jobs/{job_id}/xliff")}
