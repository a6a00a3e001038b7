"""The team's figures (``/office/team/``): words per language, turnaround,
post-edit distance and QA errors before review, per translator, over a
period. A manager sees the people of their team (their unit, the units
under it; all staff for the office's own leadership and administrators); a
translator or reviewer sees their own figures only; nobody else sees any.
The figures are :func:`doingoai.reports.staff.staff_figures`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from doingoai.curation.roles import MANAGER, REVIEWER, TRANSLATOR, has_role
from doingoai.errors import InputError
from doingoai.office.views.common import deny, page
from doingoai.reports.evaluation import language_name
from doingoai.reports.periods import parse_period
from doingoai.reports.staff import staff_figures, team_of

__all__ = ["team"]


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    user = request.user
    manager = has_role(user, MANAGER)
    if not (manager or has_role(user, TRANSLATOR) or has_role(user, REVIEWER)):
        return deny(
            request,
            _("The team's figures are for its managers; translators and reviewers see their own."),
        )
    key = request.GET.get("period", "").strip() or str(timezone.localdate().year)
    try:
        period = parse_period(key)
    except InputError as err:
        messages.error(request, str(err))
        period = parse_period(str(timezone.localdate().year))
    people = team_of(user)
    rows = staff_figures(period, people)
    return page(
        request,
        "team.html",
        {
            "period": period,
            "rows": [(row, language_name(row.language)) for row in rows],
            "own_only": not manager,
            "whole_office": people is None,
        },
    )
