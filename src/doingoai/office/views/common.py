"""Helpers the office views share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext as _

from doingoai.curation.roles import ROLES, has_role

__all__ = ["deny", "flash_errors", "page", "role_flags", "say_error", "staff"]


def role_flags(user: Any) -> dict[str, bool]:
    return {r.replace(" ", "_"): has_role(user, r) for r in ROLES}


def page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context = {"roles": role_flags(request.user), **context}
    return render(request, f"office/{template}", context, status=status)


def deny(request: HttpRequest, why: str = "") -> HttpResponse:
    return page(
        request, "denied.html", {"why": why or _("Your role does not allow this.")}, status=403
    )


def say_error(request: HttpRequest, err: Exception) -> None:
    messages.error(request, said(err))


#: the parameters of an error that name a translation job's state
_STATES = ("state", "to_state")


def said(err: Exception) -> str:
    """An error in the reader's language when it carries its English template
    (:class:`doingoai.errors.DoingoaiError`), else as it is."""
    template = getattr(err, "template", "")
    if not template:
        return str(err)
    params = dict(getattr(err, "params", {}))
    for key in _STATES:
        if isinstance(params.get(key), str):
            params[key] = pgettext("job state", params[key])
    return gettext(template) % params


def staff(request: HttpRequest) -> User:
    """The signed-in user (the views' role checks have let only them through)."""
    user = request.user
    assert isinstance(user, User)
    return user


def flash_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        name = str(form.fields[field].label or field) if field in form.fields else field
        said = " ".join(str(e) for e in errors)
        messages.error(request, _("%(field)s: %(errors)s") % {"field": name, "errors": said})
