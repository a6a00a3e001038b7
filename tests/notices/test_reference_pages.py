# ruff: noqa: F811  (the reference tests' fixtures, imported, are parameters here)
"""Notices on the office's reference pages: a correction notice on a page
shows on its Vietnamese and English versions and in their JSON-LD, and a
clarification that concerns a page is linked from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.notices import services
from doingoai.notices.portal import corrections_in
from doingoai.revisions.models import Notification
from doingoai.translation.models import TranslatedVersion
from tests.notices.conftest import CLARIFICATION
from tests.office.conftest import make_user, unit  # noqa: F401  (the reference tests' fixtures)
from tests.reference.conftest import editor, media_root, population, second_editor  # noqa: F401
from tests.reference.test_portal import json_ld, published  # noqa: F401

pytestmark = pytest.mark.django_db

TEXTS = {
    "vi": {
        "wrong": "Trang ghi Hà Nội có 29 quận, huyện, thị xã.",
        "right": "Hà Nội có 30 quận, huyện, thị xã.",
    },
    "en": {"wrong": "The page said 29 districts.", "right": "The city has 30 districts."},
}


def test_a_correction_on_a_reference_page(
    published: Any, editor: User, second_editor: User
) -> None:
    notice = services.write_correction(published.article, editor, texts=TEXTS)
    services.submit(notice, editor)
    services.approve(notice, second_editor)
    client = Client()
    for lang, path in (("vi", "/vi/trang/ha-noi/"), ("en", "/en/pages/ha-noi/")):
        html = client.get(path).content.decode()
        assert TEXTS[lang]["right"] in html
        [comment] = json_ld(html)["correction"]
        assert comment["@type"] == "CorrectionComment"
        [listed] = corrections_in(lang)
        assert listed.article_path == path
    assert "/en/pages/ha-noi/#correction-" in client.get("/en/corrections/").content.decode()
    # the English version is flagged for its translator, and stays on the portal meanwhile
    version = TranslatedVersion.objects.get(source__article=published.article, language="en")
    assert version.outdated and version.job.state == "published"
    assert Notification.objects.filter(kind="correction-update").exists()


def test_a_page_links_the_clarifications_that_concern_it(
    published: Any,
    editor: User,
    second_editor: User,
) -> None:
    item = services.write_clarification(editor, concerns=[published.article], **CLARIFICATION)
    services.submit(item, editor)
    services.approve(item, second_editor)
    html = Client().get("/en/pages/ha-noi/").content.decode()
    assert f'href="/en/clarifications/{item.pk}/{item.slug}/"' in html
    assert "Hanoi does not ban motorbikes from 2025" in html
