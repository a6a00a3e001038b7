"""The names the admin and the office show of the models are said in
Vietnamese: every model registered in the admin, and every model of the
office's apps, has its names, its fields' names and help texts and its
choices' labels translated (a field without ``verbose_name`` shows Django's
English name made from the field's, "created by", and fails here)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.utils.translation import override

#: the apps whose models the office shows (forms, lists, filters, choices)
OFFICE_APPS = ("curation", "office", "plans", "store", "translation", "api")
#: words written the same in both languages
SAME_IN_BOTH = {"ID", "id", "SHA-256", "URL"}


def _models() -> list[type[models.Model]]:
    chosen = {m for m in admin.site._registry}
    chosen |= {m for label in OFFICE_APPS for m in apps.get_app_config(label).get_models()}
    return sorted(chosen, key=lambda m: m._meta.label)


def _words(model: type[models.Model]) -> Iterator[tuple[str, object]]:
    """(where, the lazy text) of each name the admin can show of ``model``."""
    meta = model._meta
    yield f"{meta.label} (name)", meta.verbose_name
    yield f"{meta.label} (plural)", meta.verbose_name_plural
    for field in meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: named by the other model
        where = f"{meta.label}.{field.name}"
        yield where, field.verbose_name  # type: ignore[union-attr]
        if getattr(field, "help_text", ""):
            yield f"{where} (help)", field.help_text  # type: ignore[union-attr]
        for value, label in getattr(field, "flatchoices", None) or []:
            yield f"{where} = {value!r}", label


def _said(language: str, text: object) -> str:
    with override(language):
        return str(text)


def test_the_walk_finds_the_models_the_admin_shows() -> None:
    labels = {m._meta.label for m in _models()}
    assert {"plans.Plan", "curation.Unit", "auth.User", "office.Source"} <= labels
    words = dict(w for m in _models() for w in _words(m))
    assert "plans.Plan.created_by" in words and "curation.Unit.kind = 'commune'" in words


@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_every_name_of_a_model_is_in_vietnamese(model: type[models.Model]) -> None:
    untranslated = [
        f"{where}: {_said('en', text)!r}"
        for where, text in _words(model)
        if _said("vi", text) == _said("en", text) and _said("en", text) not in SAME_IN_BOTH
    ]
    assert untranslated == []


def test_the_admin_names_every_app_in_vietnamese() -> None:
    names = {m._meta.app_config.verbose_name for m in admin.site._registry}
    untranslated = sorted(_said("en", n) for n in names if _said("vi", n) == _said("en", n))
    assert untranslated == []


def test_a_plans_author_and_a_units_kind_in_vietnamese() -> None:
    plan = apps.get_model("plans", "Plan")
    unit = apps.get_model("curation", "Unit")
    with override("vi"):
        assert str(plan._meta.get_field("created_by").verbose_name) == "người tạo"
        assert dict(unit._meta.get_field("kind").flatchoices)["commune"] != "commune or ward"
