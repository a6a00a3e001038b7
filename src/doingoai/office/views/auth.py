"""Signing in and out, and the office's home page."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.curation.roles import CONTRIBUTOR, EDITOR, REVIEWER, TRANSLATOR, has_role
from doingoai.curation.services import log
from doingoai.office.access import require
from doingoai.office.throttle import SignInThrottle, client_address
from doingoai.office.views.common import page


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/office/"


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        password = request.POST.get("password", "")[:1000]
        throttle = SignInThrottle(username, client_address(request))
        wait = throttle.locked_for()
        if wait:
            minutes = (wait + 59) // 60
            error = ngettext(
                "Too many failed sign-ins for this user name from your address: "
                "try again in %(minutes)d minute.",
                "Too many failed sign-ins for this user name from your address: "
                "try again in %(minutes)d minutes.",
                minutes,
            ) % {"minutes": minutes}
            status = 429
        else:
            user = authenticate(request, username=username, password=password)
            if user is not None:
                throttle.reset()
                login(request, user)
                log(user, "sign-in", user, address=client_address(request))
                return redirect(_next(request))
            throttle.fail()
            error = _("The user name or password is wrong.")
            status = 200 if not throttle.locked_for() else 429
            if status == 429:
                error += " " + _("This user name is now locked from your address for a while.")
                locked = User.objects.filter(username__iexact=username).first()
                if locked is not None:
                    log(None, "sign-in-locked", locked, address=client_address(request))
    return page(
        request,
        "sign_in.html",
        {"error": error, "username": username, "next": _next(request)},
        status=status,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("office:sign-in")


@require()
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_role(user, CONTRIBUTOR) and not any(
        has_role(user, r) for r in (EDITOR, TRANSLATOR, REVIEWER)
    ):
        return redirect("office:submissions")
    return page(request, "home.html", {})
