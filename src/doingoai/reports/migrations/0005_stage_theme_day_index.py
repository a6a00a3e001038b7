"""An index that reads one stage and theme of the rollup over a period."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_job_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="stagedelta",
            index=models.Index(fields=["stage", "theme", "day"], name="reports_stage_stage_theme"),
        ),
    ]
