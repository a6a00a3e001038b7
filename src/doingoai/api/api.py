"""The :class:`ninja.NinjaAPI` of doingoai: documentation, errors and routers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.openapi.docs import Swagger

__all__ = ["api"]

api = NinjaAPI(
    title="doingoai",
    version="1",
    description="Articles about Hà Nội curated for external information, in every language.",
    urls_namespace="api",
    # Swagger UI from ninja's bundled static files (never a CDN); no online validator badge.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
)


class Health(Schema):
    status: str


@api.get("/health", response=Health, tags=["meta"], summary="Is the API up")
def health(request: HttpRequest) -> Health:
    return Health(status="ok")
