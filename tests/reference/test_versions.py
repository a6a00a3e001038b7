"""A reference page keeps its versions: every save is one, compared side by
side in the office; going back on a published page takes a second person's
approval and then the page's own review before readers see it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from doingoai.curation.models import AuditLog
from doingoai.reference import services
from doingoai.reference.models import ReferencePage
from doingoai.revisions import services as revisions
from doingoai.revisions.models import RevertRequest
from tests.reference.test_services import publish, write_page

pytestmark = pytest.mark.django_db

FIRST = "<p>Hồ Gươm nằm ở trung tâm Hà Nội.</p>"
SECOND = "<p>Hồ Hoàn Kiếm nằm ở trung tâm Hà Nội.</p>"


def test_each_save_is_a_version_with_what_changed(editor: User) -> None:
    page = write_page(editor, text=FIRST)
    services.save_page(editor, page=page, slug=page.slug, title=page.title, text=SECOND)
    kept = revisions.revisions_of(page)
    assert [r.number for r in kept] == [2, 1]
    assert "Hồ Hoàn Kiếm" in kept[0].data["html"] and "Hồ Gươm" in kept[1].data["html"]
    assert "html" in kept[0].changed
    assert kept[0].user == editor
    # saving the same text again keeps no new version
    services.save_page(editor, page=page, slug=page.slug, title=page.title, text=SECOND)
    assert len(revisions.revisions_of(page)) == 2


def test_reverting_a_published_page_needs_a_second_person_then_review(
    editor: User, second_editor: User
) -> None:
    page = write_page(editor, text=FIRST)
    page, _ = services.save_page(editor, page=page, slug=page.slug, title=page.title, text=SECOND)
    publish(page, editor, second_editor)
    page.refresh_from_db()
    first = revisions.revisions_of(page)[-1]

    request = revisions.request_revert(page, first, editor, reason="tên cũ của hồ")
    assert isinstance(request, RevertRequest)
    page.refresh_from_db()
    assert "Hồ Hoàn Kiếm" in page.html  # nothing changes before the approval
    assert not revisions.can_approve(editor, request)  # not by who asked

    revisions.approve_revert(request, second_editor)
    page = ReferencePage.objects.get(pk=page.pk)
    assert "Hồ Gươm" in page.html
    assert page.status == "draft"  # the reverted text waits for the page's review
    assert "Hồ Hoàn Kiếm" in page.published_html  # readers still see the published text
    assert len(revisions.revisions_of(page)) == 3
    assert AuditLog.objects.filter(action="edit-page", object_id=str(page.pk)).exists()


def test_the_page_screen_links_its_history(editor: User, client: Client) -> None:
    page = write_page(editor, text=FIRST)
    services.save_page(editor, page=page, slug=page.slug, title=page.title, text=SECOND)
    client.force_login(editor)
    html = client.get(f"/office/pages/{page.pk}/").content.decode()
    history = f"/office/history/reference.referencepage/{page.pk}/"
    assert history in html
    shown = client.get(history)
    assert shown.status_code == 200
    body = shown.content.decode()
    assert "Hồ Gươm" in body and "Hồ Hoàn Kiếm" in body
