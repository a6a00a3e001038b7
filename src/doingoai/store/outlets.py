"""One outlet per publication: outlets are keyed by their site, and the names
a publication appears under ("TUOI TRE ONLINE", "Báo Người Lao Động Online")
lead to the same outlet. The publications the office knows are listed in
``data/outlets.json``; others are matched on the names and aliases stored.

:func:`resolve_outlet` is what ingest calls; merging two outlets that are
one publication is a curation service (it writes the audit log)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from doingoai.store.models import Outlet
from doingoai.text.normalize import fold

__all__ = ["KnownOutlet", "known_outlets", "name_key", "resolve_outlet"]

_PUNCT = re.compile(r"[^\w]+")


def name_key(name: str) -> str:
    """The form outlet names are compared in: accents and case folded, "báo"
    ("newspaper") and "online" dropped ("Báo Tuổi Trẻ Online" → "tuoi tre")."""
    words = _PUNCT.sub(" ", fold(name)).split()
    if words and words[0] == "bao":
        words = words[1:]
    if words and words[-1] == "online":
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class KnownOutlet:
    site: str
    name: str
    aliases: tuple[str, ...]

    def name_keys(self) -> set[str]:
        return {name_key(n) for n in (self.name, *self.aliases)} | {name_key(self.site)}


@cache
def known_outlets() -> tuple[KnownOutlet, ...]:
    """The publications shipped in ``data/outlets.json``."""
    path = resources.files("doingoai") / "data" / "outlets.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        KnownOutlet(o["site"], o["name"], tuple(o.get("aliases", ()))) for o in data["outlets"]
    )


def _known_by_site(site: str) -> KnownOutlet | None:
    site = site.removeprefix("www.")
    for known in known_outlets():
        if site == known.site or site.endswith("." + known.site):
            return known
    return None


def _known_by_name(name: str) -> KnownOutlet | None:
    key = name_key(name)
    if not key:
        return None
    for known in known_outlets():
        if key in known.name_keys():
            return known
    return None


def _current(outlet: Outlet) -> Outlet:
    seen = {outlet.pk}
    while outlet.merged_into_id is not None and outlet.merged_into_id not in seen:
        seen.add(outlet.merged_into_id)
        assert outlet.merged_into is not None
        outlet = outlet.merged_into
    return outlet


def _add_alias(outlet: Outlet, name: str) -> None:
    if name and name != outlet.name and name not in outlet.aliases:
        outlet.aliases = [*outlet.aliases, name]
        outlet.save(update_fields=["aliases"])


def _by_stored_name(name: str) -> Outlet | None:
    key = name_key(name)
    if not key:
        return None
    for outlet in Outlet.objects.filter(merged_into__isnull=True).only(
        "id", "domain", "name", "aliases"
    ):
        if key in {name_key(n) for n in (outlet.name, outlet.domain, *outlet.aliases)}:
            return outlet
    return None


def resolve_outlet(domain: str, name: str) -> Outlet | None:
    """The outlet of a page from site ``domain`` (may be empty) whose
    metadata names it ``name`` (may be empty), created when new. A merged
    outlet leads to the one it was merged into."""
    domain = domain.removeprefix("www.").lower()
    name = name.strip()
    if not domain and not name:
        return None
    known = _known_by_site(domain) if domain else _known_by_name(name)
    if known is not None:
        outlet, _ = Outlet.objects.get_or_create(
            domain=known.site, defaults={"name": known.name, "aliases": list(known.aliases)}
        )
        outlet = _current(outlet)
        _add_alias(outlet, name)
        return outlet
    if domain:
        outlet, created = Outlet.objects.get_or_create(domain=domain, defaults={"name": name})
        outlet = _current(outlet)
        if not created and name and not outlet.name:
            outlet.name = name
            outlet.save(update_fields=["name"])
        else:
            _add_alias(outlet, name)
        return outlet
    found = _by_stored_name(name)
    if found is not None:
        return found
    outlet, _ = Outlet.objects.get_or_create(domain=name.casefold(), defaults={"name": name})
    return _current(outlet)
