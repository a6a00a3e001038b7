"""The manager role (lãnh đạo): reads every report and edits plans."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.get_or_create(name="manager")


def remove(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(name="manager").delete()


class Migration(migrations.Migration):
    dependencies = [("curation", "0003_units_and_profile_language")]

    operations = [migrations.RunPython(add, remove)]
