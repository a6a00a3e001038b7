from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "doingoai.reference"
    label = "reference"
    verbose_name = _("Reference pages and facts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from doingoai.portal import content
        from doingoai.portal.sitemaps import SITEMAPS
        from doingoai.reference import services
        from doingoai.reference.models import Fact, FactValue, PageImage, ReferencePage
        from doingoai.reference.sitemaps import PageSitemap
        from doingoai.translate.qa.facts import set_fact_provider

        # every save of a page is a version (side by side and revert in the office)
        services.register_revisions()
        # the translation QA reads the cited facts' current values from here
        set_fact_provider(services.fact_figures)
        # articles too may cite facts: the portal shows them at their current value
        if services.plain_facts not in content.TEXT_FILTERS:
            content.TEXT_FILTERS.append(services.plain_facts)
        # the portal's sitemap.xml lists the pages in every language they are published in
        SITEMAPS.setdefault("pages", PageSitemap)
        for model in (ReferencePage, Fact, FactValue, PageImage):
            uid = f"reference-{model.__name__}"
            post_save.connect(content._clear, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(content._clear, sender=model, dispatch_uid=f"{uid}-del")
