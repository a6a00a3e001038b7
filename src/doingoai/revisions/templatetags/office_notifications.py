"""``{% unread_notifications %}``: the count of the signed-in person's unread
notifications, for the office header."""

from __future__ import annotations

from typing import Any

from django import template

from doingoai.revisions.notify import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: dict[str, Any]) -> int:
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
