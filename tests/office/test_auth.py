"""Signing in: argon2 hashes, sessions, CSRF, throttled attempts, secure
headers and the content security policy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.curation.models import AuditLog

pytestmark = pytest.mark.django_db

PASSWORD = "Hồ Gươm 2025 sáng"


@pytest.fixture
def editor(db: None) -> User:
    user = User.objects.create_user("bien-tap", password=PASSWORD)
    user.groups.add(Group.objects.get(name="editor"))
    return user


def sign_in(client: Client, username: str, password: str, address: str = "203.0.113.5"):  # type: ignore[no-untyped-def]
    return client.post(
        "/office/sign-in/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_site_hashes_passwords_with_argon2_first() -> None:
    from django.contrib.auth.hashers import make_password

    from doingoai.project import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert make_password(PASSWORD).startswith("argon2$argon2id$")


def test_passwords_are_stored_as_argon2(editor: User) -> None:
    assert User.objects.get(pk=editor.pk).password.startswith("argon2$argon2id$")


def test_sign_in_then_out(editor: User) -> None:
    client = Client()
    response = sign_in(client, "bien-tap", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/office/"
    assert client.get("/office/inbox/").status_code == 200
    client.post("/office/sign-out/")
    assert client.get("/office/inbox/")["Location"].startswith("/office/sign-in/")


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/office/jobs/", "/office/jobs/"),
        ("https://evil.example/steal", "/office/"),
        ("//evil.example/", "/office/"),
    ],
)
def test_sign_in_goes_only_to_this_site(editor: User, next_url: str, landing: str) -> None:
    client = Client()
    response = client.post(
        "/office/sign-in/", {"username": "bien-tap", "password": PASSWORD, "next": next_url}
    )
    assert response["Location"] == landing


def test_wrong_password_is_refused_with_a_message(editor: User) -> None:
    response = sign_in(Client(), "bien-tap", "wrong")
    assert response.status_code == 200
    assert "The user name or password is wrong." in response.content.decode()


def test_five_failures_lock_the_user_name_from_that_address(editor: User) -> None:
    client = Client()
    answers = [sign_in(client, "bien-tap", f"guess {n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    # locked: even the right password is refused from that address
    locked = sign_in(client, "bien-tap", PASSWORD)
    assert locked.status_code == 429
    assert "try again in 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # another address, and another user name from the first address, still work
    assert sign_in(Client(), "bien-tap", PASSWORD, address="198.51.100.7").status_code == 302
    assert sign_in(Client(), "BIEN-TAP", "x").status_code == 429  # user names fold case
    assert list(AuditLog.objects.order_by("id").values_list("action", flat=True)) == [
        "sign-in-locked",
        "sign-in",
    ]


def test_a_success_clears_the_failures(editor: User) -> None:
    client = Client()
    for n in range(4):
        sign_in(client, "bien-tap", f"guess {n}")
    assert sign_in(client, "bien-tap", PASSWORD).status_code == 302
    other = Client()
    answers = [sign_in(other, "bien-tap", f"again {n}").status_code for n in range(4)]
    assert answers == [200, 200, 200, 200]


def test_lock_expires(editor: User, settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import time

    client = Client()
    for n in range(5):
        sign_in(client, "bien-tap", f"guess {n}")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + settings.OFFICE_SIGN_IN_LOCK_SECONDS + 1)
    assert sign_in(client, "bien-tap", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/office/sign-in/", {"username": "bien-tap", "password": PASSWORD}),
        ("/office/articles/1/correct/", {"title": "x"}),
        ("/office/sign-out/", {}),
    ],
)
def test_posts_without_csrf_token_are_refused(editor: User, url: str, data: dict[str, str]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(url, data)
    assert response.status_code == 403
    assert b"CSRF" in response.content


def test_csrf_token_from_the_form_is_accepted(editor: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/office/sign-in/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/office/sign-in/",
        {"username": "bien-tap", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/office/sign-in/", "/office/inbox/"])
def test_secure_headers_and_content_security_policy(
    client_for: Callable[[str | None], Client], url: str
) -> None:
    response = client_for("editor").get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    # no inline script at all: everything the CSP would block is absent
    assert "<script>" not in response.content.decode()


def test_session_cookie_is_http_only(editor: User) -> None:
    client = Client()
    sign_in(client, "bien-tap", PASSWORD)
    assert client.cookies["sessionid"]["httponly"]


def test_publishing_does_not_lift_a_sign_in_lock(editor: User) -> None:
    """The page cache is cleared whenever content changes; the lock lives elsewhere."""
    from doingoai.portal.content import clear_page_cache

    client = Client()
    for n in range(5):
        sign_in(client, "bien-tap", f"guess {n}")
    clear_page_cache()
    assert sign_in(client, "bien-tap", PASSWORD).status_code == 429
