"""The translation jobs' measures kept per job, and the triggers that mark a
job whose segments or history changed; jobs already stored are marked."""

from typing import Any

from django.db import migrations, models


def install(apps: Any, schema_editor: Any) -> None:
    from doingoai.reports.rollups import install_triggers

    install_triggers(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from doingoai.reports.rollups import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_rollups"),
    ]

    operations = [
        migrations.CreateModel(
            name="JobFigures",
            fields=[
                ("job", models.BigIntegerField(primary_key=True, serialize=False)),
                ("measures", models.TextField()),
            ],
        ),
        migrations.CreateModel(
            name="DirtyJob",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("job", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
