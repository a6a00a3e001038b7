"""The demo's reference page: published in Vietnamese and English, citing
facts, with its drawn picture; a second run adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.reference.demo import set_up_reference_demo
from doingoai.reference.models import FactValue, PageImage, ReferencePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db: None) -> dict[str, Any]:
    from doingoai.curation.models import Profile

    users = {}
    for role, langs in (
        ("administrator", []),
        ("editor", []),
        ("translator", ["en"]),
        ("reviewer", ["en"]),
    ):
        user = User.objects.create(username=f"demo-{role}")
        user.groups.add(Group.objects.get(name=role))
        Profile.objects.create(user=user, languages=langs)
        users[role] = user
    return users


def test_demo_page_in_both_languages(demo_users: dict[str, Any]) -> None:
    assert set_up_reference_demo(demo_users) == ["vi", "en"]
    page = ReferencePage.objects.get(slug="ha-noi")
    assert page.status == "published" and page.image is not None
    vi = Client().get("/vi/trang/ha-noi/").content.decode()
    en = Client().get("/en/pages/ha-noi/").content.decode()
    assert "8.587.100 người" in vi and "3.359,84 km²" in vi
    assert "8,587,100 people" in en and "3,359.84 km²" in en
    assert 'alt="A drawing of Hoan Kiem Lake' in en and "© doingoai · CC0 1.0" in en
    # again: nothing new
    assert set_up_reference_demo(demo_users) == []
    assert ReferencePage.objects.count() == PageImage.objects.count() == 1
    assert FactValue.objects.count() == 2
