"""The rollup tables of the figures, and the database triggers that mark
what changed (see doingoai.reports.rollups). A database that already holds
articles marks them all: the rollup catches up on the first read, or at
once with ``doingoai report --rebuild-rollups``."""

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
        ("reports", "0002_reportrun"),
        ("store", "0006_names_in_the_office_languages"),
        ("curation", "0005_names_in_the_office_languages"),
        ("translation", "0004_names_in_the_office_languages"),
        ("office", "0002_names_in_the_office_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="StageDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("stage", models.CharField(max_length=16)),
                ("unit", models.IntegerField(null=True)),
                ("theme", models.CharField(blank=True, max_length=64)),
                ("language", models.CharField(blank=True, max_length=16)),
                ("lag", models.IntegerField(null=True)),
                ("n", models.IntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["theme", "day"], name="reports_stage_theme_day"),
                    models.Index(fields=["unit", "day"], name="reports_stage_unit_day"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReachDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(db_index=True)),
                ("language", models.CharField(max_length=16)),
                ("referrer", models.CharField(blank=True, max_length=100)),
                ("reader_language", models.CharField(blank=True, max_length=8)),
                ("views", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="ArticleRollup",
            fields=[
                ("article", models.BigIntegerField(primary_key=True, serialize=False)),
                ("unit", models.IntegerField(db_index=True, null=True)),
                ("keys", models.TextField(default="[]")),
            ],
        ),
        migrations.CreateModel(
            name="DirtyArticle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("article", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
