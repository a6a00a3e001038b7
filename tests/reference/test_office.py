"""The office's screens for pages, facts and images: who may use them, what a
bad post gets, and the audit log of every step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from doingoai.curation.models import AuditLog
from doingoai.reference.models import Fact, PageImage, ReferencePage
from doingoai.translation.models import TranslationJob
from tests.reference.conftest import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client_for: Callable[[str | None], Client]) -> Client:
    return client_for("editor")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


PAGE = {
    "title": "Làng gốm Bát Tràng",
    "slug": "bat-trang",
    "kind": "craft-village",
    "summary": "Làng gốm bên sông Hồng.",
    "text": '<h2>Lịch sử</h2><p onclick="x()">Làng có từ thế kỷ 14.</p><script>alert(1)</script>',
}


@pytest.mark.parametrize(
    "path",
    ["/office/pages/", "/office/pages/new/", "/office/facts/", "/office/images/"],
)
@pytest.mark.parametrize("who", ["translator_en", "contributor"])
def test_other_roles_are_refused(
    client_for: Callable[[str | None], Client], path: str, who: str
) -> None:
    assert client_for(who).get(path).status_code == 403
    assert client_for(None).get(path).status_code == 302  # to the sign-in page


def test_write_a_page_hostile_text_cleaned_and_said(office: Client) -> None:
    response = office.post("/office/pages/new/", PAGE, follow=True)
    assert response.status_code == 200
    page = ReferencePage.objects.get(slug="bat-trang")
    assert "script" not in page.html and "onclick" not in page.html
    said = [str(m) for m in response.context["messages"]]
    assert any("<script>" in m and "onclick" in m for m in said), said
    assert AuditLog.objects.filter(action="create-page", object_id=str(page.pk)).exists()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"slug": "Bát Tràng"}, "slug"),
        ({"title": ""}, "Title"),
        ({"text": "<p>{{fact:khong-co}}</p>"}, "khong-co"),
        ({"text": "<script>alert(1)</script>"}, "no text"),
        ({"kind": "castle"}, "Kind"),
    ],
)
def test_bad_posts_are_refused_with_a_message(
    office: Client, change: dict[str, str], said: str
) -> None:
    response = office.post("/office/pages/new/", {**PAGE, **change})
    assert response.status_code == 400
    assert any(said in str(m) for m in response.context["messages"])
    assert not ReferencePage.objects.exists()


def test_submit_publish_with_four_eyes_and_send_to_translation(
    office: Client, make_user: Callable[[str], User]
) -> None:
    office.post("/office/pages/new/", PAGE)
    page = ReferencePage.objects.get()
    office.post(f"/office/pages/{page.pk}/submit/")
    office.post(f"/office/pages/{page.pk}/publish/")  # the author: refused
    page.refresh_from_db()
    assert page.status == "in_review"
    other = User.objects.create(username="editor-2")
    other.groups.add(*User.objects.get(username="editor").groups.all())
    signed_in(other).post(f"/office/pages/{page.pk}/publish/")
    page.refresh_from_db()
    assert page.status == "published"
    assert Client().get("/vi/trang/bat-trang/").status_code == 200
    response = office.post(f"/office/pages/{page.pk}/translate/", {"language": "en"})
    job = TranslationJob.objects.get(article=page.article, target_lang="en")
    assert response.headers["Location"] == f"/office/jobs/{job.pk}/"
    assert {"submit-page", "publish-page", "send-page-to-translation"} <= set(
        AuditLog.objects.values_list("action", flat=True)
    )


def test_facts_and_values(office: Client) -> None:
    office.post(
        "/office/facts/",
        {"slug": "dien-tich", "name_vi": "Diện tích Hà Nội", "unit": "km²", "decimals": "2"},
    )
    fact = Fact.objects.get(slug="dien-tich")
    good = {"value": "3359.84", "unit": "km²", "as_of": "2024-01-01", "source": "Cục Thống kê"}
    office.post(f"/office/facts/{fact.pk}/", good)
    assert fact.values.count() == 1
    mismatch = office.post(f"/office/facts/{fact.pk}/", {**good, "unit": "ha"})
    assert mismatch.status_code == 400
    assert any("unit mismatch" in str(m) for m in mismatch.context["messages"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    future = office.post(f"/office/facts/{fact.pk}/", {**good, "as_of": tomorrow})
    assert future.status_code == 400
    assert any("future" in str(m) for m in future.context["messages"])
    assert fact.values.count() == 1
    assert fact.values.get().as_of == date(2024, 1, 1)
    listing = office.get("/office/facts/").content.decode()
    assert "{{fact:dien-tich}}" in listing


def test_image_upload_and_a_fake_refused(office: Client) -> None:
    fields = {"alt_vi": "Hồ Gươm", "credit": "Sở VHTT", "licence": "CC BY 4.0"}
    real = SimpleUploadedFile("ho.jpg", picture(gps=True), content_type="image/jpeg")
    office.post("/office/images/", {**fields, "file": real})
    assert PageImage.objects.count() == 1
    fake = SimpleUploadedFile("ho.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = office.post("/office/images/", {**fields, "file": fake})
    assert response.status_code == 400
    assert any("not an image" in str(m) for m in response.context["messages"])
    svg = SimpleUploadedFile(
        "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"
    )
    response = office.post("/office/images/", {**fields, "file": svg})
    assert any("SVG" in str(m) for m in response.context["messages"])
    assert PageImage.objects.count() == 1
    assert AuditLog.objects.filter(action="upload-image").count() == 1


def test_the_admin_shows_pages_and_facts_read_only(
    client_for: Callable[[str | None], Client], population: Fact
) -> None:
    admin = client_for("administrator")
    User.objects.filter(username="administrator").update(is_staff=True, is_superuser=True)
    listing = admin.get("/office/admin/reference/fact/")
    assert listing.status_code == 200 and "dan-so-ha-noi" in listing.content.decode()
    detail = admin.get(f"/office/admin/reference/fact/{population.pk}/change/")
    assert detail.status_code == 200 and "Cục Thống kê Hà Nội" in detail.content.decode()
    assert admin.get("/office/admin/reference/fact/add/").status_code == 403


def _noisy_jpeg(side: int = 1500) -> bytes:
    """A photo-sized JPEG larger than a text form may be (noise compresses badly)."""
    import io
    import random

    from PIL import Image

    rng = random.Random(3)
    img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_photo_larger_than_a_text_form_is_accepted_and_a_huge_file_refused(
    office: Client,
) -> None:
    from django.conf import settings as conf

    fields = {"alt_vi": "Phố cổ", "credit": "Sở VHTT", "licence": "CC BY 4.0"}
    photo = _noisy_jpeg()
    assert conf.DATA_UPLOAD_MAX_MEMORY_SIZE < len(photo) < conf.UPLOAD_MAX_BYTES
    upload = SimpleUploadedFile("pho-co.jpg", photo, content_type="image/jpeg")
    response = office.post("/office/images/", {**fields, "file": upload})
    assert response.status_code in (200, 302), response.content[:300]
    assert PageImage.objects.count() == 1

    huge = SimpleUploadedFile("lon.jpg", b"\xff" * (conf.UPLOAD_MAX_BYTES + 1), "image/jpeg")
    response = office.post("/office/images/", {**fields, "file": huge})
    assert response.status_code == 413
    assert "The file sent is too large" in response.content.decode()
    assert PageImage.objects.count() == 1
