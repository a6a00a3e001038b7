"""The :class:`ninja.NinjaAPI` of doingoai: documentation, throttling, errors and routers.

Every error answers JSON ``{"error": message, "problems": [...]}`` — also an
address no operation answers (404), a method an operation does not take (405)
and a fault of the server (500, logged with its traceback); bad input is a
4xx, never a 500. Rates come from the settings ``API_RATE_ANONYMOUS``
(per client address) and ``API_RATE_TOKEN`` (per token), e.g. ``"120/m"``;
behind reverse proxies, ``API_NUM_PROXIES`` says how many to trust.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer
from ninja.throttling import SimpleRateThrottle

from doingoai import ops
from doingoai.api import figures, notices, reads, writes
from doingoai.api.schemas import Health
from doingoai.api.tokens import token_of
from doingoai.errors import DoingoaiError, InputError
from doingoai.reference.api import router as reference_router

__all__ = ["api", "json_errors", "not_found", "throttle_cache"]

DEFAULT_RATES = {"API_RATE_ANONYMOUS": "120/m", "API_RATE_TOKEN": "600/m"}


class EscapedJSON(JSONRenderer):
    """JSON with ``<``, ``>`` and ``&`` escaped, so that no text in an answer can
    act as markup even if a client pastes it into a page unescaped."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        text = super().render(request, data, response_status=response_status)
        return text.translate(_ESCAPES)


_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@functools.cache
def throttle_cache() -> BaseCache:
    """Where request counts are kept: the cache named ``throttle`` in CACHES when
    there is one (shared by every server process), else a cache of this process.
    Not the default cache, which is cleared whenever content changes."""
    if "throttle" in settings.CACHES:
        return caches["throttle"]
    return LocMemCache("doingoai-api-throttle", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


class _Rate(SimpleRateThrottle):
    """Requests per period, the rate read from the settings at each request."""

    setting = "API_RATE_ANONYMOUS"

    def __init__(self) -> None:
        super().__init__(DEFAULT_RATES[self.setting])
        self.cache = throttle_cache()

    def get_ident(self, request: HttpRequest) -> str | None:
        """The client's address: REMOTE_ADDR, or, behind ``API_NUM_PROXIES``
        trusted proxies, the address the outermost of them saw (a client's own
        X-Forwarded-For is never trusted on its own)."""
        proxies = int(getattr(settings, "API_NUM_PROXIES", 0))
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if proxies > 0 and forwarded:
            hops = [h.strip() for h in forwarded.split(",") if h.strip()]
            if hops:
                return hops[-min(proxies, len(hops))]
        address = request.META.get("REMOTE_ADDR")
        return str(address) if address else None

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(
            getattr(settings, self.setting, DEFAULT_RATES[self.setting])
        )
        return super().allow_request(request)


class AnonymousRate(_Rate):
    """Requests without a token, counted per client address."""

    scope = "anonymous"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if token_of(request) is not None:  # also on reads, which ask for no token
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRate(_Rate):
    """Requests with a token, counted per token."""

    scope = "token"
    setting = "API_RATE_TOKEN"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = token_of(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


api = NinjaAPI(
    title="doingoai",
    version="1",
    description=(
        "Articles about Hà Nội curated for external information, in every language "
        "they are published in. Reads are open; writes need a token "
        "(`Authorization: Bearer …`, from `doingoai token create USER`)."
    ),
    urls_namespace="api",
    # Swagger UI from ninja's bundled static files (never a CDN); no online validator badge.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    throttle=[AnonymousRate(), TokenRate()],
    renderer=EscapedJSON(),
)
api.add_router("/", reads.router)
api.add_router("/", writes.router)
api.add_router("/", figures.router)
api.add_router("/", notices.router)
api.add_router("/", reference_router)


@api.get(
    "/health",
    response={200: Health, 503: Health},
    tags=["meta"],
    summary="Is the office up: the database answers, and the task queue's backlog",
)
def health(request: HttpRequest) -> Any:
    found = ops.health()
    body = Health(status=found.status, database=found.database, tasks=found.tasks)
    if found.status != "ok":
        return api.create_response(request, body.dict(), status=503)
    return body


def _error(
    request: HttpRequest, message: str, status: int, problems: list[str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"error": message, "problems": problems or []}, status=status
    )


def _where(loc: Any) -> str:
    """``("query", "limit")`` → "limit"; ``("body", "item", "title")`` → "title"."""
    parts = [str(p) for p in loc]
    if parts[:1] == ["body"] and len(parts) > 2:
        parts = parts[2:]
    elif len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or "request"


def _problem(error: dict[str, Any]) -> str:
    loc = tuple(error.get("loc", ()))
    if loc[:1] == ("body",) and len(loc) == 2 and error.get("type") == "missing":
        return "request body: a JSON object is required"
    return f"{_where(loc)}: {error.get('msg', 'invalid')}"


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [_problem(e) for e in exc.errors]
    if any(e.get("type") == "json_invalid" for e in exc.errors):
        return _error(request, "the request body is not valid JSON", 400, problems)
    return _error(request, "invalid input: " + "; ".join(problems), 422, problems)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if isinstance(exc, AuthenticationError):
        message = "a valid token is required: Authorization: Bearer <token>"
    elif exc.status_code == 429:
        message = "too many requests: wait and try again"
    elif message.startswith("Cannot parse request body"):
        message = "the request body is not valid JSON"
    return _error(request, message, exc.status_code, getattr(exc, "problems", None))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, str(exc) or "not found", 404)


@api.exception_handler(InputError)
def _bad_input(request: HttpRequest, exc: InputError) -> HttpResponse:
    return _error(request, str(exc), 400)


@api.exception_handler(DoingoaiError)
def _refused(request: HttpRequest, exc: DoingoaiError) -> HttpResponse:
    return _error(request, str(exc), 409)


@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
@api.exception_handler(MultiPartParserError)
def _bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    """What Django itself answers 400 (a malformed upload, too many fields,
    another suspicious request), in JSON."""
    return _error(request, str(exc) or "bad request", 400)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, str(exc) or "forbidden", 403)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else is a fault of the server: a JSON 500 that tells the client
    nothing of the internals, and the traceback in the log (``django.request``)."""
    response = _error(request, "internal server error: the fault is logged", 500)
    log_response(
        "Internal Server Error: %s",
        request.path,
        response=response,
        request=request,
        exception=exc,
    )
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any address under /api/ that no operation answers: a JSON 404."""
    return _error(request, f"no API operation at {request.path}: see /api/docs", 404)


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``view`` with its 405 Method Not Allowed, and a 404 raised outside an
    operation (the API's root), answered in JSON like every other error."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            answer = _error(
                request, f"{request.method} is not allowed here; allowed: {allowed}", 405
            )
            answer["Allow"] = allowed
            return answer
        return response

    return wrapper
