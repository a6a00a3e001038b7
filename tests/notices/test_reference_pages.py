# ruff: noqa: F811  (the reference tests' fixtures, imported, are parameters here)
"""Notices on the office's reference pages: a correction notice on a page
shows on its Vietnamese and English versions and in their JSON-LD, and a
clarification that concerns a page is linked from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.errors import InputError
from doingoai.notices import services
from doingoai.notices.models import Clarification
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


def test_a_clarification_cites_facts_at_their_current_value(
    editor: User, second_editor: User, population: Any
) -> None:
    with pytest.raises(InputError, match="fact_ids: no fact 999999 in the reference database"):
        services.write_clarification(editor, fact_ids=[999999], **CLARIFICATION)
    item = services.write_clarification(editor, fact_ids=[population.pk], **CLARIFICATION)
    services.submit(item, editor)
    services.approve(item, second_editor)
    client = Client()
    english = client.get(f"/en/clarifications/{item.pk}/", follow=True).content.decode()
    assert "8,435,700 people" in english and "Cục Thống kê Hà Nội" in english
    vietnamese = client.get(f"/vi/clarifications/{item.pk}/", follow=True).content.decode()
    assert "8.435.700 người" in vietnamese


def test_the_office_form_names_facts_by_their_short_name(editor: User, population: Any) -> None:
    client = Client()
    client.force_login(editor)
    data = {
        "claim_url": CLARIFICATION["claim_url"],
        "claim_outlet": "Trang tin",
        "claim_date": "2024-11-02",
        "claim_text": "Tin đồn.",
        "claim_language": "vi",
        "rating": "false",
        "sources": "https://hanoi.gov.vn/van-ban",
        "title_vi": "Tiêu đề",
        "answer_vi": "Trả lời.",
        "facts": "dan-so-ha-noi, dien-tich",
    }
    refused = client.post("/office/notices/clarifications/new/", data)
    assert "No fact dien-tich." in refused.content.decode()
    client.post("/office/notices/clarifications/new/", {**data, "facts": "dan-so-ha-noi"})
    assert Clarification.objects.get().fact_ids == [population.pk]
