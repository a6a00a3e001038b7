"""Site profiles: what doingoai knows about one outlet, declared as data.

The generic rules of :mod:`doingoai.collect.listpages` treat every site alike.
What holds for one outlet only (today: the "load more" address its section
pages fetch their next items from, and page-address suffixes no other site
uses) lives in a profile, one TOML file per outlet, never in code:

- the profiles shipped with doingoai are in ``doingoai/data/sites/``;
- a user adds their own outlets in folders named by the ``SITE_PROFILES``
  setting (``DOINGOAI_SITE_PROFILES``, folders separated by the platform's
  path separator); a user profile replaces a shipped one for the same host.

A profile file::

    hosts = ["tuoitre.vn"]            # "www." and "m." are ignored
    description = "Tuổi Trẻ: ..."     # what the facts below are and how they were seen
    page_suffixes = [".ldo"]          # optional: endings of the outlet's page addresses

    [timeline]                        # section pages load more items from here
    path = "/timeline/{zone}/trang-{page}.htm"
    first_page = 1                    # number of the timeline page after the section page
    zone_input = "hdZoneId"           # hidden <input> (id or name) holding the section id
    page_input = "hdPageIndex"        # optional: hidden <input> with the current page index

    [[example]]                       # at least one; the tests run every example
    url = "https://tuoitre.vn/kinh-doanh.htm"
    html = '<input type="hidden" id="hdZoneId" value="11">'
    next_page = "https://tuoitre.vn/timeline/11/trang-1.htm"
    article_urls = [...]              # optional: the article links to find in html

``docs/site-profiles.md`` describes the format; ``tests/collect/test_profiles.py``
runs the examples of every shipped profile.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from doingoai.config import get_setting
from doingoai.errors import ConfigError

__all__ = [
    "SHIPPED_DIR",
    "Example",
    "SiteProfile",
    "SiteProfiles",
    "default_profiles",
    "load_profile",
    "load_profiles",
    "site_of",
]

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "data" / "sites"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def site_of(host: str | None) -> str:
    """A host name without a trailing dot and a leading "www." or "m."."""
    host = (host or "").lower().rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


@dataclass(frozen=True, slots=True)
class Timeline:
    """The "load more" address of an outlet's section pages."""

    path: str
    first_page: int
    zone_input: str
    page_input: str | None = None

    def pattern(self) -> re.Pattern[str]:
        """A regex matching a timeline page's path, with groups ``zone`` and ``page``."""
        text = re.escape(self.path).replace(r"\{zone\}", r"(?P<zone>\d+)")
        return re.compile(text.replace(r"\{page\}", r"(?P<page>\d+)"))


@dataclass(frozen=True, slots=True)
class Example:
    """A page of the outlet and the next page the profile must find on it."""

    url: str
    html: str
    next_page: str | None
    article_urls: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """What is known about one outlet; ``source`` is the file it was read from."""

    hosts: tuple[str, ...]
    source: Path
    description: str = ""
    timeline: Timeline | None = None
    page_suffixes: tuple[str, ...] = ()
    examples: tuple[Example, ...] = field(default_factory=tuple)


class SiteProfiles:
    """Profiles by host; later profiles replace earlier ones for the same host."""

    def __init__(self, profiles: Iterable[SiteProfile] = ()) -> None:
        self._by_host: dict[str, SiteProfile] = {}
        for profile in profiles:
            for host in profile.hosts:
                self._by_host[host] = profile

    def for_url(self, url: str) -> SiteProfile | None:
        """The profile of the outlet ``url`` belongs to, or None."""
        return self._by_host.get(site_of(urlsplit(url).hostname))

    def __iter__(self) -> Iterator[SiteProfile]:
        seen: list[SiteProfile] = []
        for profile in self._by_host.values():
            if not any(profile is other for other in seen):
                seen.append(profile)
        return iter(seen)

    def __len__(self) -> int:
        return len(list(iter(self)))

    def __bool__(self) -> bool:
        return bool(self._by_host)


def _need(table: dict[str, object], key: str, kind: type, path: Path, where: str) -> object:
    value = table.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ConfigError(
            f"site profile {path}: {where}{key} must be {kind.__name__}, found {value!r}"
        )
    return value


def _timeline(table: object, path: Path) -> Timeline:
    if not isinstance(table, dict):
        raise ConfigError(f"site profile {path}: [timeline] must be a table")
    template = str(_need(table, "path", str, path, "timeline."))
    if "{zone}" not in template or "{page}" not in template or not template.startswith("/"):
        raise ConfigError(
            f"site profile {path}: timeline.path must be a path holding {{zone}} and {{page}},"
            f" found {template!r}"
        )
    first = int(_need(table, "first_page", int, path, "timeline."))  # type: ignore[call-overload]
    zone_input = str(_need(table, "zone_input", str, path, "timeline."))
    page_input = table.get("page_input")
    for name in (zone_input, page_input):
        if name is not None and (not isinstance(name, str) or not _NAME.match(name)):
            raise ConfigError(f"site profile {path}: {name!r} is not an input id or name")
    return Timeline(template, first, zone_input, page_input if page_input else None)


def load_profile(path: Path) -> SiteProfile:
    """Read one profile file; a file that cannot be used raises
    :class:`ConfigError` naming it and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"site profile {path}: cannot be read ({err})") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"site profile {path}: not valid TOML ({err})") from err
    known = {"hosts", "description", "timeline", "page_suffixes", "example"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"site profile {path}: unknown key(s) {', '.join(unknown)}")
    hosts = data.get("hosts")
    if not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) for h in hosts):
        raise ConfigError(f"site profile {path}: hosts must be a non-empty list of host names")
    if "timeline" not in data and "page_suffixes" not in data:
        raise ConfigError(f"site profile {path}: declares nothing about its site")
    timeline = _timeline(data["timeline"], path) if "timeline" in data else None
    suffixes = data.get("page_suffixes", [])
    if not isinstance(suffixes, list) or not all(
        isinstance(x, str) and _SUFFIX.match(x) for x in suffixes
    ):
        raise ConfigError(
            f'site profile {path}: page_suffixes must be a list of endings such as ".ldo",'
            f" found {suffixes!r}"
        )
    examples = []
    for i, item in enumerate(data.get("example", [])):
        if not isinstance(item, dict):
            raise ConfigError(f"site profile {path}: [[example]] {i + 1} must be a table")
        where = f"example {i + 1}: "
        url = str(_need(item, "url", str, path, where))
        html = str(_need(item, "html", str, path, where))
        next_page = item.get("next_page")
        if next_page is not None and not isinstance(next_page, str):
            raise ConfigError(f"site profile {path}: {where}next_page must be a URL")
        links = item.get("article_urls")
        if links is not None and (
            not isinstance(links, list) or not all(isinstance(u, str) for u in links)
        ):
            raise ConfigError(f"site profile {path}: {where}article_urls must be a list of URLs")
        examples.append(
            Example(url, html, next_page or None, tuple(links) if links is not None else None)
        )
    return SiteProfile(
        hosts=tuple(site_of(h) for h in hosts),
        source=path,
        description=str(data.get("description", "")),
        timeline=timeline,
        page_suffixes=tuple(x.lower() for x in suffixes),
        examples=tuple(examples),
    )


def load_profiles(*folders: Path) -> SiteProfiles:
    """The profiles of every ``*.toml`` file in ``folders``, in order (a later
    folder's profile replaces an earlier one's for the same host). A folder
    that does not exist raises :class:`ConfigError` naming it."""
    profiles: list[SiteProfile] = []
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"site profiles folder {folder} does not exist")
        profiles.extend(load_profile(path) for path in sorted(folder.glob("*.toml")))
    return SiteProfiles(profiles)


@lru_cache(maxsize=4)
def _cached(setting: str) -> SiteProfiles:
    extra = [Path(p).expanduser() for p in setting.split(os.pathsep) if p.strip()]
    return load_profiles(SHIPPED_DIR, *extra)


def default_profiles() -> SiteProfiles:
    """The shipped profiles and those of the folders in ``SITE_PROFILES``."""
    return _cached(get_setting("SITE_PROFILES"))
