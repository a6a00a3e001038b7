"""Staff accounts: create a user, give roles, a unit and working languages,
choose the language the office speaks to them, reset a password, list who can do what. ``doingoai users`` is a thin layer
over these functions; every change is written to the audit log.

Roles are the role groups of :mod:`doingoai.curation.roles`; a unit is named
by its slug; working languages (for translators and reviewers) are language
codes. A name that is not known is refused with a message naming it and what
is known, and nothing is changed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from doingoai.curation.models import Profile, Unit
from doingoai.curation.roles import ROLES
from doingoai.curation.services import log
from doingoai.errors import InputError

__all__ = [
    "KEEP",
    "Account",
    "create_user",
    "list_users",
    "new_password",
    "reset_password",
    "update_user",
]

#: leave a field as it is (update_user's default for the unit)
KEEP: Any = object()


@dataclass(frozen=True)
class Account:
    """What ``doingoai users list`` shows of one person."""

    username: str
    email: str
    active: bool
    roles: list[str] = field(default_factory=list)
    unit: str = ""
    languages: list[str] = field(default_factory=list)
    last_login: str = ""
    office_language: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "username": self.username,
            "email": self.email,
            "active": self.active,
            "roles": self.roles,
            "unit": self.unit,
            "languages": self.languages,
            "last_login": self.last_login,
            "office_language": self.office_language,
        }


def new_password() -> str:
    """A random password of 16 URL-safe characters (about 96 bits)."""
    return secrets.token_urlsafe(12)


def _user(username: str) -> User:
    found = User.objects.filter(username=username).first()
    if found is None:
        raise InputError("no such user", source=f"user {username!r}")
    return found


def _roles(names: Iterable[str]) -> list[Group]:
    wanted = [n.strip().lower().replace("-", " ").replace("_", " ") for n in names]
    unknown = [n for n in wanted if n not in ROLES]
    if unknown:
        raise InputError(
            f"unknown role: use one of {', '.join(ROLES)}", source=f"role {unknown[0]!r}"
        )
    groups = {g.name: g for g in Group.objects.filter(name__in=wanted)}
    missing = [n for n in wanted if n not in groups]
    if missing:  # the migrations seed every role group; a database without them is not set up
        raise InputError("the role group is missing: run `doingoai migrate`", source=missing[0])
    return [groups[n] for n in dict.fromkeys(wanted)]


def _unit(slug: str | None) -> Unit | None:
    if slug is None or not slug.strip():
        return None
    found = Unit.objects.filter(slug=slug.strip()).first()
    if found is None:
        known = ", ".join(Unit.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise InputError(
            f"no such unit (known units: {known or 'none yet'})", source=f"unit {slug!r}"
        )
    return found


def _languages(codes: Sequence[str] | None) -> list[str] | None:
    if codes is None:
        return None
    out: list[str] = []
    for code in codes:
        clean = code.strip().lower()
        if not clean:
            continue
        if not (2 <= len(clean) <= 8 and all(c.isalpha() or c == "-" for c in clean)):
            raise InputError("not a language code (like en, fr, zh)", source=f"language {code!r}")
        out.append(clean)
    return list(dict.fromkeys(out))


def _office_language(code: str | None) -> str | None:
    """``code`` as one of the office's languages (vi, en); "" is the browser's choice."""
    from doingoai.office.language import OFFICE_LANGUAGES

    if code is None:
        return None
    chosen = code.strip().lower()
    if chosen and chosen not in OFFICE_LANGUAGES:
        raise InputError(
            f"the office speaks {', '.join(OFFICE_LANGUAGES)} (or '' for the browser's language)",
            source=f"office language {code!r}",
        )
    return chosen


def _check_password(password: str, user: User | None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as err:
        raise InputError(" ".join(err.messages), source="password") from err


def create_user(
    username: str,
    *,
    roles: Sequence[str] = (),
    unit: str | None = None,
    languages: Sequence[str] | None = None,
    email: str = "",
    password: str | None = None,
    office_language: str | None = None,
    actor: str = "",
) -> tuple[User, str]:
    """Create ``username`` with its roles, unit and languages (and the language
    the office speaks to them: vi, en, or None for their browser's); returns
    the user and its password (``password`` or a new random one)."""
    name = username.strip()
    if not name:
        raise InputError("a user name is needed", source="user ''")
    if User.objects.filter(username=name).exists():
        raise InputError("already exists", source=f"user {name!r}")
    groups = _roles(roles)
    found_unit = _unit(unit)
    codes = _languages(languages) or []
    speaks = _office_language(office_language) or ""
    secret = password if password is not None else new_password()
    _check_password(secret, User(username=name, email=email))
    with transaction.atomic():
        user = User.objects.create_user(name, email=email, password=secret)
        user.groups.set(groups)
        Profile.objects.create(user=user, unit=found_unit, languages=codes, language=speaks)
        log(
            None,
            "user-create",
            user,
            by=actor,
            roles=[g.name for g in groups],
            unit=found_unit.slug if found_unit else "",
            languages=codes,
            office_language=speaks,
        )
    return user, secret


def update_user(
    username: str,
    *,
    roles: Sequence[str] | None = None,
    unit: Any = KEEP,
    languages: Sequence[str] | None = None,
    active: bool | None = None,
    office_language: str | None = None,
    actor: str = "",
) -> User:
    """Replace what is given: the roles (None keeps them), the unit (a slug;
    None or "" removes it; leave it out to keep it), the working languages,
    whether the account may sign in, the language the office speaks to them
    (vi, en, or "" for their browser's; None keeps it)."""
    user = _user(username)
    groups = _roles(roles) if roles is not None else None
    found_unit = _unit(unit) if unit is not KEEP else None
    codes = _languages(languages)
    speaks = _office_language(office_language)
    changed: dict[str, Any] = {}
    with transaction.atomic():
        profile, _ = Profile.objects.get_or_create(user=user)
        if groups is not None:
            kept = user.groups.exclude(name__in=ROLES)  # groups that are not roles stay
            user.groups.set([*kept, *groups])
            changed["roles"] = [g.name for g in groups]
        if unit is not KEEP:
            profile.unit = found_unit
            changed["unit"] = found_unit.slug if found_unit else ""
        if codes is not None:
            profile.languages = codes
            changed["languages"] = codes
        if speaks is not None:
            profile.language = speaks
            changed["office_language"] = speaks
        profile.save()
        if active is not None and user.is_active != active:
            user.is_active = active
            user.save(update_fields=["is_active"])
            changed["active"] = active
        log(None, "user-update", user, by=actor, **changed)
    return user


def reset_password(username: str, password: str | None = None, *, actor: str = "") -> str:
    """Give ``username`` a new password (``password`` or a random one) and return it."""
    user = _user(username)
    secret = password if password is not None else new_password()
    _check_password(secret, user)
    with transaction.atomic():
        user.set_password(secret)
        user.save(update_fields=["password"])
        log(None, "user-password-reset", user, by=actor)
    return secret


def list_users(*, role: str | None = None) -> list[Account]:
    """Every account, by user name; only those holding ``role`` when given."""
    users = User.objects.order_by("username").prefetch_related("groups")
    if role is not None:
        users = users.filter(groups__in=_roles([role]))
    profiles = {p.user_id: p for p in Profile.objects.select_related("unit").filter(user__in=users)}
    out: list[Account] = []
    for user in users:
        profile = profiles.get(user.pk)
        names = sorted((g.name for g in user.groups.all() if g.name in ROLES), key=ROLES.index)
        if user.is_superuser and "administrator" not in names:
            names.insert(0, "administrator")
        out.append(
            Account(
                username=user.get_username(),
                email=user.email,
                active=user.is_active,
                roles=names,
                unit=profile.unit.slug if profile and profile.unit else "",
                languages=list(profile.languages) if profile else [],
                last_login=user.last_login.isoformat(timespec="minutes") if user.last_login else "",
                office_language=profile.language if profile else "",
            )
        )
    return out
