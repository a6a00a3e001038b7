"""API tokens: created for a user (and unit), shown once, checked by their SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from doingoai.api.models import ApiToken
from doingoai.curation.models import Profile, Unit
from doingoai.errors import InputError

__all__ = [
    "TOKEN_PREFIX",
    "TokenAuth",
    "check_token",
    "create_token",
    "digest",
    "token_of",
    "user_units",
]

TOKEN_PREFIX = "dgo_"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def create_token(username: str, *, unit: str | None = None, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the user named ``username``; returns it with its secret
    (shown once, never stored). ``unit`` is a unit's slug; by default the unit
    of the user's profile. Raises InputError for an unknown user or unit."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise InputError(f"no user named {username!r}")
    if not user.is_active:
        raise InputError(f"the user {username!r} is inactive")
    chosen: Unit | None = None
    if unit:
        chosen = Unit.objects.filter(slug=unit).first()
        if chosen is None:
            raise InputError(f"no unit with the slug {unit!r}")
        allowed = user_units(user)
        if allowed is not None and chosen.pk not in allowed:
            raise InputError(
                f"the unit {unit!r} is not one of {username!r}'s units "
                "(their profile's unit and the units under it)"
            )
    else:
        profile = Profile.objects.filter(user=user).select_related("unit").first()
        chosen = profile.unit if profile is not None else None
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, unit=chosen, name=name, prefix=secret[:10], digest=digest(secret)
    )
    return token, secret


def user_units(user: Any) -> set[int] | None:
    """The ids of the units a token of ``user`` may speak for: the unit of
    their profile and every unit under it; None (any unit) for a superuser."""
    if user.is_superuser:
        return None
    profile = Profile.objects.filter(user=user).first()
    if profile is None or profile.unit_id is None:
        return set()
    found = {profile.unit_id}
    frontier = {profile.unit_id}
    while frontier:  # walk down the tree of units, level by level
        frontier = set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier -= found
        found |= frontier
    return found


def token_of(request: HttpRequest) -> ApiToken | None:
    """The live token a request carries (``Authorization: Bearer``), also on
    operations that ask for none, so that its holder is counted at the token's
    rate, not the anonymous one. Checked once per request."""
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiToken):
        return auth
    if hasattr(request, "_doingoai_token"):
        cached: ApiToken | None = request._doingoai_token
        return cached
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, secret = header.partition(" ")
    token = check_token(secret.strip()) if scheme.lower() == "bearer" and secret else None
    request._doingoai_token = token  # type: ignore[attr-defined]
    return token


def check_token(secret: str) -> ApiToken | None:
    """The live token whose secret this is (its use recorded), else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "unit")
        .filter(digest=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.unit_id is not None:
        allowed = user_units(token.user)
        if allowed is not None and token.unit_id not in allowed:
            # the user has left that unit since: the token speaks for none
            token.unit = None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the request's ``auth`` is the ApiToken."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return check_token(token.strip())
