"""The office's addresses of reference pages, facts and images (included
by :mod:`doingoai.office.urls`, names in its ``office`` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, path, re_path

from doingoai.reference import office_views as views

urlpatterns: list[URLPattern] = [
    path("pages/", views.page_list, name="reference-pages"),
    path("pages/new/", views.page_edit, name="reference-page-new"),
    path("pages/<int:page_id>/", views.page_edit, name="reference-page"),
    re_path(
        r"^pages/(?P<page_id>[0-9]+)/(?P<action>submit|publish|return|translate)/$",
        views.page_action,
        name="reference-page-action",
    ),
    path("facts/", views.fact_list, name="reference-facts"),
    path("facts/<int:fact_id>/", views.fact_detail, name="reference-fact"),
    path("images/", views.image_list, name="reference-images"),
]
