"""The public API of doingoai.collect is exactly its __all__, and core only."""

from __future__ import annotations

import subprocess
import sys

import doingoai.collect as collect_pkg

PUBLIC = {
    "FeedItem",
    "Failure",
    "Fetcher",
    "Kind",
    "ListPage",
    "RawDocument",
    "Sitemap",
    "SitemapUrl",
    "collect",
    "discover_links",
    "looks_like_list_page",
    "parse_feed",
    "parse_sitemap",
    "read_warc",
    "sniff_kind",
}


def test_all_is_the_public_api() -> None:
    assert set(collect_pkg.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(collect_pkg, name) is not None


def test_collect_imports_neither_django_nor_the_cli() -> None:
    code = (
        "import sys, doingoai.collect; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'django' or m.startswith('doingoai.cli')]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
