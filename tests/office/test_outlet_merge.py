"""Outlets are merged in the office (the admin's list of outlets at
/office/admin/, "Merge the selected outlets"): the articles move to the one
with most articles, the other's name becomes an alias, and the office says
so in Vietnamese."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.curation.models import AuditLog, Profile
from doingoai.store.models import Article, Outlet
from tests.curation.test_units import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    user = User.objects.create_superuser("quan-tri", password="Hồ Tây 1010 sen hồng")
    Profile.objects.create(user=user, language="vi")
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    return client


def test_two_outlets_of_one_publication_are_merged_in_the_admin(admin_client: Client) -> None:
    site = Outlet.objects.create(domain="tuoitre.vn", name="Tuổi Trẻ")
    old = Outlet.objects.create(domain="tuoi tre online", name="TUOI TRE ONLINE")
    kept = [article(f"Bài {n}", site) for n in ("một", "hai")]
    moved = article("Bài ba", old)
    listing = admin_client.get("/office/admin/store/outlet/")
    assert listing.status_code == 200
    assert "Gộp các cơ quan báo chí đã chọn" in listing.content.decode()
    answer = admin_client.post(
        "/office/admin/store/outlet/",
        {"action": "merge", "_selected_action": [site.pk, old.pk]},
        follow=True,
    )
    assert "Đã gộp 1 cơ quan báo chí vào" in answer.content.decode()
    assert set(Article.objects.filter(outlet=site)) == {*kept, moved}
    site.refresh_from_db()
    old.refresh_from_db()
    assert old.merged_into == site and "TUOI TRE ONLINE" in site.aliases
    assert AuditLog.objects.filter(action="merge-outlets").count() == 1


def test_one_outlet_alone_is_not_merged(admin_client: Client) -> None:
    site = Outlet.objects.create(domain="nld.com.vn", name="Người Lao Động")
    answer = admin_client.post(
        "/office/admin/store/outlet/",
        {"action": "merge", "_selected_action": [site.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    assert Outlet.objects.filter(merged_into__isnull=False).count() == 0
    assert not AuditLog.objects.filter(action="merge-outlets").exists()
