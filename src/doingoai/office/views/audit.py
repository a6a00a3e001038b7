"""The audit log, for administrators."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from doingoai.curation.models import AuditLog
from doingoai.curation.roles import ADMINISTRATOR
from doingoai.office.access import require
from doingoai.office.views.common import page


@require_GET
@require(ADMINISTRATOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditLog.objects.select_related("actor")
    action = request.GET.get("action", "")
    if action:
        entries = entries.filter(action=action)
    current = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = urlencode({"action": action}) if action else ""
    return page(request, "audit.html", {"page": current, "action": action, "query": query})
