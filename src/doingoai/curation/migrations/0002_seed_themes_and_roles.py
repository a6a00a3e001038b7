"""Seed the portal's themes and the role groups."""

from __future__ import annotations

from typing import Any

from django.db import migrations

THEMES = [
    ("kinh-te", "Kinh tế", "Economy"),
    ("van-hoa", "Văn hóa", "Culture"),
    ("lich-su", "Lịch sử", "History"),
    ("con-nguoi", "Con người", "People"),
    ("du-lich", "Du lịch", "Tourism"),
    ("dau-tu", "Đầu tư", "Investment"),
    ("doi-ngoai", "Đối ngoại", "External relations"),
]
ROLES = ["administrator", "editor", "translator", "reviewer", "unit contributor"]


def seed(apps: Any, schema_editor: Any) -> None:
    Theme = apps.get_model("curation", "Theme")
    Group = apps.get_model("auth", "Group")
    for position, (slug, name_vi, name_en) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name_vi": name_vi, "name_en": name_en, "position": position}
        )
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("curation", "Theme").objects.filter(slug__in=[t[0] for t in THEMES]).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
