"""The Jinja2 environment of the public pages (portal, reference pages,
corrections and clarifications); the office keeps Django's templates.

Jinja2 compiles a template to Python once, so its part of a page costs less
than through Django's template engine (a page about a tenth less CPU time;
most of the rest is queries: docs/benchmarks.md, "Portal"). These templates
hold no words of their own: every word reaches them through the labels of
:mod:`doingoai.portal.labels` and the views, made by Django's translation
machinery (``tests/i18n`` keeps it so). The filters are Django's own
functions, so a value shows as it did under Django's engine.
"""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import capfirst, truncatechars, urlencode
from django.templatetags.static import static
from jinja2 import Environment

from doingoai.portal.content import portal_path

__all__ = ["environment"]


def environment(**options: Any) -> Environment:
    """Django's Jinja2 backend calls this with its options (loader,
    autoescaping…)."""
    # a template's last newline is kept, as Django's engine keeps it
    options.setdefault("keep_trailing_newline", True)
    env = Environment(**options)
    env.globals.update(static=static, portal_path=portal_path)
    env.filters.update(truncatechars=truncatechars, capfirst=capfirst, urlencode=urlencode)
    return env
