from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "doingoai.notices"
    label = "notices"
    verbose_name = _("Corrections and clarifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from doingoai.notices.models import Clarification, CorrectionNotice
        from doingoai.notices.services import register_revisions
        from doingoai.portal.content import clear_page_cache

        register_revisions()
        # the portal's sitemap.xml lists the clarifications in their languages
        from doingoai.notices.sitemaps import ClarificationSitemap
        from doingoai.portal.sitemaps import SITEMAPS

        SITEMAPS.setdefault("clarifications", ClarificationSitemap)
        # this process's cached portal pages go at once (others follow the
        # audit log's stamp, see doingoai.portal.content.stamp)
        for model in (CorrectionNotice, Clarification):
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda **_: clear_page_cache(),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"notices-{model.__name__}-{id(signal)}",
                )
