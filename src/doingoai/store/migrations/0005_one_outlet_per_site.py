"""One outlet per publication: the outlets stored under a known publication's
names ("VnExpress", "vnexpress.net"; "Tuổi Trẻ", "TUOI TRE ONLINE") are
merged into one outlet keyed by its site. Their articles move to it; the
merged rows stay, pointing to it, their names kept as aliases."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def merge_known(apps: Any, schema_editor: Any) -> None:
    from doingoai.store.outlets import known_outlets, name_key

    Outlet = apps.get_model("store", "Outlet")
    Article = apps.get_model("store", "Article")
    outlets = list(Outlet.objects.filter(merged_into__isnull=True))
    for known in known_outlets():
        keys = known.name_keys()
        matching = [
            o
            for o in outlets
            if o.domain == known.site
            or o.domain.endswith("." + known.site)
            or name_key(o.name) in keys
            or name_key(o.domain) in keys
        ]
        if not matching:
            continue
        keep = next((o for o in matching if o.domain == known.site), None)
        if keep is None:
            keep = Outlet.objects.create(
                domain=known.site, name=known.name, aliases=list(known.aliases)
            )
        aliases = list(keep.aliases or known.aliases)
        for other in matching:
            if other.pk == keep.pk:
                continue
            Article.objects.filter(outlet_id=other.pk).update(outlet_id=keep.pk)
            for name in (other.name, other.domain):
                if name and name not in aliases and name != known.name:
                    aliases.append(name)
            other.merged_into_id = keep.pk
            other.save(update_fields=["merged_into"])
        keep.name = known.name
        keep.aliases = aliases
        keep.save(update_fields=["name", "aliases"])


class Migration(migrations.Migration):
    dependencies = [("store", "0004_units_and_outlet_aliases")]

    operations = [migrations.RunPython(merge_known, migrations.RunPython.noop)]
