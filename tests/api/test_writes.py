"""Writes: token authentication, a unit's submission and its status, an XLIFF
import into a translation job; malformed input is a 4xx with a message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

from doingoai.api.models import ApiToken
from doingoai.api.tokens import create_token
from doingoai.curation import services as curation
from doingoai.curation.models import Profile, Unit
from doingoai.errors import InputError
from doingoai.office.models import Submission
from doingoai.store.models import Article
from doingoai.translate.engines import DummyEngine
from doingoai.translation import services
from doingoai.translation.exchange import export_job_xliff
from doingoai.translation.models import TranslationJob

pytestmark = pytest.mark.django_db

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
ITEM = {
    "title": "Quận Hoàn Kiếm tổ chức lễ hội phố cổ",
    "lead": "Lễ hội văn hóa phố cổ Hà Nội diễn ra từ ngày 10 đến 12.10.",
    "body": "Lễ hội có các hoạt động nghệ thuật truyền thống, ẩm thực và trưng bày ảnh "
    "về phố cổ.\n\nBan tổ chức dự kiến đón hơn 50.000 lượt khách trong và ngoài nước.",
}


def _post(client: Client, url: str, data: Any, token: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- tokens -----------------------------------------------------------------------


def test_token_is_stored_only_as_its_digest(contributor_token: str) -> None:
    stored = ApiToken.objects.get()
    assert contributor_token.startswith("dgo_") and len(contributor_token) > 40
    assert contributor_token not in (stored.digest, stored.prefix)
    assert contributor_token.startswith(stored.prefix)
    assert stored.unit is not None and stored.unit.slug == "hoan-kiem"


@pytest.mark.parametrize(
    ("username", "unit", "message"),
    [("nobody", None, "no user named 'nobody'"), ("bien-tap", "no-such-unit", "no unit")],
)
def test_token_for_unknown_user_or_unit(
    editor: User, username: str, unit: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        create_token(username, unit=unit)


def test_token_command_prints_the_token_once(editor: User, unit: Any, capsys: Any) -> None:
    from doingoai.cli import main

    Profile.objects.create(user=editor, unit=unit)  # a token speaks for its user's unit
    main(["token", "create", "bien-tap", "--unit", "hoan-kiem"])
    out, err = capsys.readouterr()
    secret = out.strip()
    assert secret.startswith("dgo_")
    assert "not shown again" in err and secret not in err
    assert ApiToken.objects.get().user == editor


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer ",
        "Bearer dgo_not-a-real-token",
        "Bearer not-even-the-prefix",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "dgo_" + "x" * 5000,
    ],
)
def test_writes_need_a_valid_token(api_client: Client, db: None, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api_client.post(
        "/api/submissions", json.dumps(ITEM), content_type="application/json", headers=headers
    )
    assert response.status_code == 401
    assert "token" in response.json()["error"]
    assert Submission.objects.count() == 0


def test_revoked_token_is_refused(api_client: Client, contributor_token: str) -> None:
    ApiToken.objects.update(revoked_at="2025-01-01T00:00:00Z")
    assert _post(api_client, "/api/submissions", ITEM, contributor_token).status_code == 401


def test_inactive_user_token_is_refused(api_client: Client, contributor_token: str) -> None:
    User.objects.filter(api_tokens__isnull=False).update(is_active=False)
    assert _post(api_client, "/api/submissions", ITEM, contributor_token).status_code == 401


# --- submissions ------------------------------------------------------------------


def test_unit_submits_an_item_and_follows_it(
    api_client: Client, contributor_token: str, editor: User
) -> None:
    response = _post(api_client, "/api/submissions", ITEM, contributor_token)
    assert response.status_code == 201, response.content
    made = response.json()
    assert (made["status"], made["unit"], made["languages"]) == ("received", "hoan-kiem", [])
    article = Article.objects.get(pk=made["article"])
    assert article.title == ITEM["title"]
    assert article.lead == ITEM["lead"]
    assert "50.000 lượt khách" in article.body
    submission = Submission.objects.get(pk=made["id"])
    assert submission.unit is not None and submission.unit.slug == "hoan-kiem"
    assert submission.submitted_by is not None
    assert submission.submitted_by.api_tokens.get().last_used_at is not None

    # the editor takes it up; the unit follows it
    url = f"/api/submissions/{made['id']}"
    selection = curation.select_article(article, editor, ["van-hoa"])
    assert api_client.get(url, headers=_auth(contributor_token)).json()["status"] == "selected"
    curation.publish_original(selection, editor)
    assert api_client.get(url, headers=_auth(contributor_token)).json()["status"] == "published"
    assert api_client.get(f"/api/articles/{article.pk}").json()["title"] == ITEM["title"]
    curation.withdraw(selection, editor)
    assert api_client.get(url, headers=_auth(contributor_token)).json()["status"] == "not used"


def test_same_item_twice_is_refused(api_client: Client, contributor_token: str) -> None:
    first = _post(api_client, "/api/submissions", ITEM, contributor_token)
    second = _post(api_client, "/api/submissions", ITEM, contributor_token)
    assert (first.status_code, second.status_code) == (201, 400)
    assert "already submitted" in second.json()["error"]
    assert Article.objects.count() == 1 and Submission.objects.count() == 1


def test_submission_with_url(api_client: Client, contributor_token: str) -> None:
    item = {**ITEM, "url": "https://hoankiem.hanoi.gov.vn/tin-tuc/le-hoi-pho-co.html"}
    made = _post(api_client, "/api/submissions", item, contributor_token).json()
    article = Article.objects.get(pk=made["article"])
    assert article.url == item["url"]
    assert article.outlet is not None and article.outlet.domain == "hoankiem.hanoi.gov.vn"


def test_submission_shows_in_the_office_list(
    api_client: Client, contributor_token: str, editor: User
) -> None:
    made = _post(api_client, "/api/submissions", ITEM, contributor_token).json()
    api_client.force_login(editor)
    page = api_client.get("/office/submissions/")
    assert page.status_code == 200
    assert ITEM["title"] in page.content.decode()
    assert Submission.objects.get().article_id == made["article"]


def test_script_injection_is_kept_as_text_and_escaped_in_json(
    api_client: Client, contributor_token: str, editor: User
) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    item = {"title": f"Tin {attack}", "lead": attack, "body": f"Nội dung {attack} hết."}
    made = _post(api_client, "/api/submissions", item, contributor_token).json()
    article = Article.objects.get(pk=made["article"])
    assert "<script>" in article.title  # stored as the text that was sent
    selection = curation.select_article(article, editor, ["van-hoa"])
    curation.publish_original(selection, editor)
    response = api_client.get(f"/api/articles/{article.pk}")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == f"Tin {attack}"
    raw = response.content.decode()
    assert "<script>" not in raw  # JSON escapes < and > so no page can run it
    assert "\\u003cscript\\u003e" in raw


def test_submission_status_is_private_to_its_unit(
    api_client: Client, contributor_token: str, token_for: Callable[..., str]
) -> None:
    made = _post(api_client, "/api/submissions", ITEM, contributor_token).json()
    url = f"/api/submissions/{made['id']}"
    colleague = token_for("unit contributor")  # same unit
    other = Unit.objects.create(name="Sở Du lịch", slug="so-du-lich", kind="department")
    outsider_user = User.objects.create_user("so-du-lich-1")
    outsider_user.groups.add(Group.objects.get(name="unit contributor"))
    Profile.objects.create(user=outsider_user, unit=other)
    outsider = create_token("so-du-lich-1", unit=other.slug)[1]
    assert api_client.get(url, headers=_auth(colleague)).status_code == 200
    assert api_client.get(url, headers=_auth(outsider)).status_code == 404
    assert api_client.get(url, headers=_auth(token_for("editor"))).status_code == 200
    assert api_client.get(url).status_code == 401
    missing = api_client.get("/api/submissions/999999", headers=_auth(contributor_token))
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("unit contributor", 201),
        ("administrator", 201),
        ("editor", 403),
        ("translator", 403),
        ("reviewer", 403),
        (None, 403),
    ],
)
def test_who_may_submit(
    api_client: Client, token_for: Callable[..., str], role: str | None, status: int
) -> None:
    response = _post(api_client, "/api/submissions", ITEM, token_for(role))
    assert response.status_code == status
    if status == 403:
        assert response.json()["error"]
        assert Article.objects.count() == 0


def test_token_without_a_unit_cannot_submit(api_client: Client, contributor_token: str) -> None:
    ApiToken.objects.update(unit=None)
    response = _post(api_client, "/api/submissions", ITEM, contributor_token)
    assert response.status_code == 403
    assert "unit" in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        ("{not json", 400, "not valid JSON"),
        ("", 422, "request body: a JSON object is required"),
        ("[]", 422, "invalid input"),
        ('"a string"', 422, "invalid input"),
        (json.dumps({"title": "Chỉ có tiêu đề"}), 422, "body"),
        (json.dumps({**ITEM, "title": ""}), 422, "title"),
        (json.dumps({**ITEM, "title": 42}), 422, "title"),
        (json.dumps({**ITEM, "title": "   ", "body": "   "}), 400, "needs a title"),
        (json.dumps({**ITEM, "body": " \n\n "}), 400, "needs its text"),
        (json.dumps({**ITEM, "url": "javascript:alert(1)"}), 400, "url must start"),
        (json.dumps({**ITEM, "title": "x" * 1001}), 422, "title"),
    ],
)
def test_malformed_submission(
    api_client: Client, contributor_token: str, body: str, status: int, problem: str
) -> None:
    response = api_client.post(
        "/api/submissions", body, content_type="application/json", headers=_auth(contributor_token)
    )
    assert response.status_code == status, response.content
    assert problem in response.json()["error"]
    assert Submission.objects.count() == 0


# --- XLIFF import -----------------------------------------------------------------

ENGLISH = [
    "Hanoi Mayor receives delegation.",
    "On June 2, the city welcomed 2,350 international visitors.",
    "The Ministry of Public Security worked with the city.",
]


@pytest.fixture
def job(make_article: Callable[..., Article]) -> TranslationJob:
    article = make_article(
        "Chủ tịch UBND TP Hà Nội tiếp đoàn.",
        "Ngày 2.6, thành phố đón 2.350 khách quốc tế.",
        ["Bộ Công an đã làm việc với thành phố."],
    )
    job = services.create_or_refresh_job(article, "en").job
    services.pretranslate(job, DummyEngine())
    return job


def _exported(job: TranslationJob, tmp_path: Path, targets: list[str]) -> bytes:
    path = tmp_path / "job.xlf"
    export_job_xliff(job, path, "1.2")
    tree = etree.parse(str(path))
    for unit, text in zip(tree.findall(f".//{{{XLIFF12}}}trans-unit"), targets, strict=True):
        target = unit.find(f"{{{XLIFF12}}}target")
        if target is None:
            target = etree.SubElement(unit, f"{{{XLIFF12}}}target")
        target.text = text
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _upload(client: Client, job_id: int, data: bytes, token: str | None) -> Any:
    headers = _auth(token) if token else {}
    upload = SimpleUploadedFile("job.xlf", data, content_type="application/xliff+xml")
    return client.post(f"/api/jobs/{job_id}/xliff", {"file": upload}, headers=headers)


def _targets(job: TranslationJob) -> list[str]:
    return list(job.segments.order_by("position").values_list("target", flat=True))


def test_translator_imports_xliff(
    api_client: Client, job: TranslationJob, tmp_path: Path, token_for: Callable[..., str]
) -> None:
    data = _exported(job, tmp_path, ENGLISH)
    response = _upload(api_client, job.pk, data, token_for("translator", ["en"]))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "job": job.pk,
        "updated": 3,
        "unchanged": 0,
        "skipped": {},
        "state": "in_translation",
    }
    assert _targets(job) == ENGLISH


@pytest.mark.parametrize(
    ("role", "languages", "status"),
    [
        ("translator", ["fr"], 403),
        ("reviewer", ["en"], 403),
        ("unit contributor", [], 403),
        ("administrator", [], 200),
    ],
)
def test_who_may_import(
    api_client: Client,
    job: TranslationJob,
    tmp_path: Path,
    token_for: Callable[..., str],
    role: str,
    languages: list[str],
    status: int,
) -> None:
    before = _targets(job)
    response = _upload(
        api_client, job.pk, _exported(job, tmp_path, ENGLISH), token_for(role, languages)
    )
    assert response.status_code == status
    if status == 403:
        assert _targets(job) == before


def test_import_needs_a_token(api_client: Client, job: TranslationJob, tmp_path: Path) -> None:
    assert _upload(api_client, job.pk, _exported(job, tmp_path, ENGLISH), None).status_code == 401


def test_mismatched_xliff_lists_its_problems_and_imports_nothing(
    api_client: Client, job: TranslationJob, tmp_path: Path, token_for: Callable[..., str]
) -> None:
    data = _exported(job, tmp_path, ENGLISH)
    data = data.replace(b'target-language="en"', b'target-language="fr"')
    data = data.replace("Bộ Công an".encode(), "Bộ Quốc phòng".encode(), 1)
    before = _targets(job)
    response = _upload(api_client, job.pk, data, token_for("translator", ["en"]))
    assert response.status_code == 400
    body = response.json()
    assert "nothing imported" in body["error"]
    assert any("vi→fr" in p for p in body["problems"])
    assert any("source text was changed" in p for p in body["problems"])
    assert all("/tmp" not in p for p in [body["error"], *body["problems"]])
    assert _targets(job) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "job.xlf"),
        (b"not xml at all", "job.xlf"),
        (b"<?xml version='1.0'?><html><body>hi</body></html>", "job.xlf"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">&e;</xliff>',
            "job.xlf",
        ),
    ],
    ids=["empty", "not-xml", "not-xliff", "external-entity"],
)
def test_malformed_xliff_is_a_400(
    api_client: Client,
    job: TranslationJob,
    token_for: Callable[..., str],
    data: bytes,
    message: str,
) -> None:
    response = _upload(api_client, job.pk, data, token_for("translator", ["en"]))
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]
    assert "/tmp" not in response.json()["error"]
    assert "root:" not in response.content.decode()


def test_xliff_for_a_missing_job(
    api_client: Client, db: None, token_for: Callable[..., str]
) -> None:
    response = _upload(api_client, 999999, b"<xliff/>", token_for("translator", ["en"]))
    assert response.status_code == 404
    assert response.json()["error"] == "no translation job 999999"


def test_xliff_without_a_file(
    api_client: Client, job: TranslationJob, token_for: Callable[..., str]
) -> None:
    response = api_client.post(
        f"/api/jobs/{job.pk}/xliff", {}, headers=_auth(token_for("translator", ["en"]))
    )
    assert response.status_code == 422
    assert any(p.startswith("file") for p in response.json()["problems"])


def test_oversized_xliff_is_refused(
    api_client: Client, job: TranslationJob, token_for: Callable[..., str], settings: Any
) -> None:
    data = b"<xliff>" + b" " * 2_100_000 + b"</xliff>"
    before = _targets(job)
    response = _upload(api_client, job.pk, data, token_for("translator", ["en"]))
    assert response.status_code == 413
    assert "at most" in response.json()["error"]
    assert _targets(job) == before


def test_approved_job_refuses_an_import(
    api_client: Client, job: TranslationJob, tmp_path: Path, token_for: Callable[..., str]
) -> None:
    data = _exported(job, tmp_path, ENGLISH)
    token = token_for("translator", ["en"])
    assert _upload(api_client, job.pk, data, token).status_code == 200
    job.refresh_from_db()
    services.submit_for_review(job)
    services.approve(job)
    response = _upload(api_client, job.pk, _exported(job, tmp_path, ENGLISH), token)
    assert response.status_code == 409
    assert "nothing imported" in response.json()["error"]


def test_admin_revokes_a_token(
    api_client: Client, contributor_token: str, django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser("quan-tri", "qt@example.org", None)
    api_client.force_login(admin)
    listing = api_client.get("/office/admin/api/apitoken/")
    assert listing.status_code == 200
    assert contributor_token not in listing.content.decode()
    token = ApiToken.objects.get()
    api_client.post(
        "/office/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    api_client.logout()
    assert _post(api_client, "/api/submissions", ITEM, contributor_token).status_code == 401
