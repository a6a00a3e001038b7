"""The office looks like the portal: the same font (Be Vietnam Pro, served by
this site) and the same colours, on every office page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "doingoai"
OFFICE_CSS = PACKAGE / "office" / "static" / "office" / "office.css"
PORTAL_CSS = PACKAGE / "portal" / "static" / "portal" / "portal.css"


def _root_colours(css: str) -> dict[str, str]:
    """The colour variables of the stylesheet's first (light) :root rule."""
    block = re.search(r":root\s*\{([^}]*)\}", css)
    assert block is not None
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block.group(1)))


def _body_font(css: str) -> str:
    found = re.search(r"\bbody\s*\{[^}]*font-family:\s*([^;]+);", css)
    assert found is not None
    return found.group(1).strip()


def test_the_office_has_the_portals_font_and_colours() -> None:
    office, portal = OFFICE_CSS.read_text("utf-8"), PORTAL_CSS.read_text("utf-8")
    assert _body_font(office) == _body_font(portal)
    assert _body_font(office).startswith('"Be Vietnam Pro"')
    shared = _root_colours(portal)
    assert {k: _root_colours(office).get(k) for k in shared} == shared
    # the font's files are this site's own, as the portal's are
    faces = re.findall(r"@font-face\s*\{[^}]*src:\s*url\(([^)]+)\)", office)
    assert faces and all(not f.strip("\"'").startswith(("http:", "https:", "//")) for f in faces)


@pytest.mark.django_db
def test_an_office_page_uses_the_office_stylesheet(client: Client) -> None:
    html = client.get("/office/sign-in/").content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*/office/office\.css"', html)
