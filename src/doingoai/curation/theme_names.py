"""The English names of the themes the office starts with (migration 0002),
for the translation catalogues: a portal language other than Vietnamese and
English names a theme by the catalogue's translation of its English name
(context "theme"; see :meth:`doingoai.curation.models.Theme.name`). A theme
added in the admin is named in English in those languages until its name is
in the catalogues."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

__all__ = ["BUILT_IN"]

BUILT_IN = (
    pgettext_lazy("theme", "Economy"),
    pgettext_lazy("theme", "Culture"),
    pgettext_lazy("theme", "History"),
    pgettext_lazy("theme", "People"),
    pgettext_lazy("theme", "Tourism"),
    pgettext_lazy("theme", "Investment"),
    pgettext_lazy("theme", "External relations"),
)
