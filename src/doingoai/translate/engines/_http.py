"""One JSON POST with timeouts, retries and clear errors, for the HTTP engines.

Retried, with exponential backoff and jitter (:class:`RetryPolicy`): timeouts
and connection errors, 429 (waiting what Retry-After asks), 5xx. Not retried:
other 4xx — 401/403 mean the key was refused (:class:`EngineUnavailable`),
the rest a request the server will never accept (:class:`EngineFailed`).
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import httpx

from doingoai.errors import EngineFailed, EngineRateLimited, EngineUnavailable
from doingoai.translate.engines.base import RetryPolicy

__all__ = ["get_json", "make_client", "post_json", "retry_after_seconds"]


def make_client(
    transport: httpx.BaseTransport | None, timeout: float, headers: dict[str, str]
) -> httpx.Client:
    """An httpx client with a connect timeout of at most 10 s and ``timeout`` for the rest."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers=headers,
        follow_redirects=False,
    )


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds asked by a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _snippet(response: httpx.Response) -> str:
    try:
        text = response.text
    except Exception:  # undecodable body
        return ""
    text = " ".join(text.split())
    return f": {text[:200]}" if text else ""


def post_json(
    client: httpx.Client,
    url: str,
    payload: dict[str, Any],
    *,
    policy: RetryPolicy,
    engine: str,
    where: str,
) -> Any:
    """POST ``payload`` as JSON to ``url`` and return the decoded JSON answer."""
    attempt = 0
    while True:
        try:
            response = client.post(url, json=payload)
        except httpx.TimeoutException as err:
            if attempt < policy.retries:
                policy.wait(attempt)
                attempt += 1
                continue
            raise EngineUnavailable(
                f"no answer from {url} within the timeout after {attempt + 1} attempts",
                engine=engine,
                where=where,
            ) from err
        except httpx.TransportError as err:
            if attempt < policy.retries:
                policy.wait(attempt)
                attempt += 1
                continue
            raise EngineUnavailable(
                f"cannot reach {url} after {attempt + 1} attempts: {err}",
                engine=engine,
                where=where,
            ) from err

        status = response.status_code
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > policy.max_retry_after:
                raise EngineRateLimited(
                    f"{url} answered 429 Too Many Requests and asks to wait {wait:.0f} s",
                    engine=engine,
                    where=where,
                )
            if attempt < policy.retries:
                policy.wait(attempt, wait)
                attempt += 1
                continue
            raise EngineRateLimited(
                f"{url} still answered 429 Too Many Requests after {attempt + 1} attempts",
                engine=engine,
                where=where,
            )
        if status >= 500:
            if attempt < policy.retries:
                policy.wait(attempt)
                attempt += 1
                continue
            raise EngineFailed(
                f"{url} answered {status} after {attempt + 1} attempts{_snippet(response)}",
                engine=engine,
                where=where,
            )
        if status in (401, 403):
            raise EngineUnavailable(
                f"{url} refused the request ({status}): check the API key{_snippet(response)}",
                engine=engine,
                where=where,
            )
        if status == 404:
            raise EngineFailed(
                f"{url} answered 404: check the URL{_snippet(response)}",
                engine=engine,
                where=where,
            )
        if not 200 <= status < 300:
            raise EngineFailed(
                f"{url} answered {status}{_snippet(response)}", engine=engine, where=where
            )
        try:
            return json.loads(response.content)
        except (ValueError, UnicodeDecodeError) as err:
            raise EngineFailed(
                f"{url} answered with something that is not JSON{_snippet(response)}",
                engine=engine,
                where=where,
            ) from err


def get_json(client: httpx.Client, url: str, *, engine: str, where: str) -> Any:
    """GET ``url`` once (no retries: used for optional look-ups) and decode its JSON."""
    try:
        response = client.get(url)
    except httpx.HTTPError as err:
        raise EngineUnavailable(f"cannot reach {url}: {err}", engine=engine, where=where) from err
    if response.status_code != 200:
        raise EngineFailed(f"{url} answered {response.status_code}", engine=engine, where=where)
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as err:
        raise EngineFailed(f"{url} did not answer JSON", engine=engine, where=where) from err
