"""`doingoai users`: create an account with roles, a unit and languages,
change them, reset a password (random and shown once, or read from standard
input), list the accounts; unknown users, roles and units are refused by name
and change nothing."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.test import Client

import doingoai.project
from doingoai.cli import main
from doingoai.curation.models import AuditLog, Profile, Unit
from doingoai.curation.roles import can_translate, has_role

pytestmark = pytest.mark.django_db

PASSWORD = "Hồ Gươm 1428 rùa vàng"


@pytest.fixture(autouse=True)
def _django_ready(monkeypatch: pytest.MonkeyPatch, settings: object) -> Iterator[None]:
    # pytest-django already configured Django and the test database
    monkeypatch.setattr(doingoai.project, "_ready", True)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    yield


@pytest.fixture
def unit() -> Unit:
    return Unit.objects.create(slug="so-tttt", name="Sở Thông tin và Truyền thông")


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_create_gives_roles_unit_languages_and_a_password_shown_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, unit: Unit
) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        "users",
        "create",
        "dich-gia",
        "--role",
        "translator",
        "--role",
        "reviewer",
        "--unit",
        "so-tttt",
        "--languages",
        "en,fr",
    )
    assert code == 0, err
    password = out.strip()
    assert len(password) >= 16 and "\n" not in password
    assert "shown only this once" in err
    user = User.objects.get(username="dich-gia")
    assert authenticate(username="dich-gia", password=password) == user
    assert has_role(user, "translator") and has_role(user, "reviewer")
    assert not has_role(user, "editor")
    assert can_translate(user, "fr") and not can_translate(user, "de")
    assert Profile.objects.get(user=user).unit == unit
    assert AuditLog.objects.filter(action="user-create", object_id=str(user.pk)).exists()


def test_create_reads_the_password_from_stdin_and_prints_none(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        "users",
        "create",
        "bien-tap",
        "--role",
        "editor",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0, err
    assert out == "" and PASSWORD not in err
    assert authenticate(username="bien-tap", password=PASSWORD) is not None


def test_reset_password_random_then_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    User.objects.create_user("hieu-dinh", password="old password 1")
    code, out, _ = run(capsys, monkeypatch, "users", "password", "hieu-dinh")
    assert code == 0
    first = out.strip()
    assert authenticate(username="hieu-dinh", password="old password 1") is None
    assert authenticate(username="hieu-dinh", password=first) is not None
    # a second reset prints another password: each is random
    code, out, _ = run(capsys, monkeypatch, "users", "password", "hieu-dinh")
    assert out.strip() != first
    code, out, err = run(
        capsys, monkeypatch, "users", "password", "hieu-dinh", "--password-stdin", stdin=PASSWORD
    )
    assert code == 0 and out == "" and "changed" in err
    assert authenticate(username="hieu-dinh", password=PASSWORD) is not None


def test_set_replaces_roles_unit_and_languages_and_can_lock_an_account(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, unit: Unit
) -> None:
    run(capsys, monkeypatch, "users", "create", "nguoi-moi", "--role", "translator")
    code, out, err = run(
        capsys,
        monkeypatch,
        "users",
        "set",
        "nguoi-moi",
        "--role",
        "editor",
        "--unit",
        "so-tttt",
        "--languages",
        "zh",
    )
    assert code == 0, err
    assert out.strip() == "nguoi-moi: editor"
    user = User.objects.get(username="nguoi-moi")
    assert has_role(user, "editor") and not has_role(user, "translator")
    profile = Profile.objects.get(user=user)
    assert profile.unit == unit and profile.languages == ["zh"]
    run(capsys, monkeypatch, "users", "set", "nguoi-moi", "--no-unit", "--inactive")
    user.refresh_from_db()
    assert not user.is_active
    assert Profile.objects.get(user=user).unit is None


def test_the_office_language_is_set_at_creation_and_changed_later(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, unit: Unit
) -> None:
    """A person's office language (their profile's, as the header's list keeps
    it) is chosen by the command; "" gives them their browser's again."""
    code, _out, err = run(
        capsys, monkeypatch, "users", "create", "lan", "--role", "editor", "--language", "en"
    )
    assert code == 0, err
    profile = Profile.objects.get(user__username="lan")
    assert profile.language == "en"
    client = Client(headers={"accept-language": "vi-VN,vi"})
    client.force_login(profile.user)
    assert 'lang="en"' in client.get("/office/").content.decode()
    code, _out, err = run(capsys, monkeypatch, "users", "set", "lan", "--language", "vi")
    assert code == 0, err
    assert 'lang="vi"' in client.get("/office/").content.decode()
    run(capsys, monkeypatch, "users", "set", "lan", "--language", "")
    assert Profile.objects.get(user__username="lan").language == ""
    changes = AuditLog.objects.filter(action="user-update").order_by("pk")
    assert [c.data.get("office_language") for c in changes] == ["vi", ""]
    _code, out, _err = run(capsys, monkeypatch, "users", "list", "--format", "json")
    assert json.loads(out)[0]["office_language"] == ""


def test_list_shows_each_account_in_a_table_and_as_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, unit: Unit
) -> None:
    run(capsys, monkeypatch, "users", "create", "a-editor", "--role", "editor")
    run(
        capsys,
        monkeypatch,
        "users",
        "create",
        "b-translator",
        "--role",
        "translator",
        "--unit",
        "so-tttt",
        "--languages",
        "en",
    )
    code, out, _ = run(capsys, monkeypatch, "users", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "user",
        "roles",
        "unit",
        "languages",
        "office",
        "language",
        "active",
        "last",
        "sign-in",
    ]
    assert lines[1].split()[:2] == ["a-editor", "editor"]
    assert lines[2].split()[:5] == ["b-translator", "translator", "so-tttt", "en", "—"]
    code, out, _ = run(
        capsys, monkeypatch, "users", "list", "--role", "translator", "--format", "json"
    )
    data = json.loads(out)
    assert [a["username"] for a in data] == ["b-translator"]
    assert data[0]["unit"] == "so-tttt" and data[0]["languages"] == ["en"]
    assert data[0]["office_language"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["password", "khong-co"], "user 'khong-co': no such user"),
        (["set", "khong-co", "--role", "editor"], "user 'khong-co': no such user"),
        (["create", "moi", "--role", "boss"], "role 'boss': unknown role: use one of"),
        (
            ["create", "moi", "--unit", "khong-co"],
            "unit 'khong-co': no such unit (known units: so-tttt)",
        ),
        (["create", "co-roi"], "user 'co-roi': already exists"),
        (["create", "moi", "--languages", "en_1"], "language 'en_1': not a language code"),
        (["create", "moi", "--password-stdin"], "standard input gave no password"),
        (["create", "moi", "--language", "fr"], "office language 'fr': the office speaks vi, en"),
        (["set", "co-roi", "--language", "english"], "office language 'english': the office"),
    ],
)
def test_bad_names_are_refused_clearly_and_change_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    unit: Unit,
    args: list[str],
    message: str,
) -> None:
    User.objects.create_user("co-roi", password="giữ nguyên 1")
    before = sorted(User.objects.values_list("username", "password"))
    code, out, err = run(capsys, monkeypatch, "users", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""
    assert sorted(User.objects.values_list("username", "password")) == before


def test_the_command_speaks_vietnamese_when_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOINGOAI_CLI_LANGUAGE", "vi")
    code, out, err = run(capsys, monkeypatch, "users", "create", "thu-ky", "--role", "editor")
    assert code == 0
    assert "đã tạo thu-ky (editor)" in err and "chỉ hiện một lần này" in err
    code, out, _ = run(capsys, monkeypatch, "users", "list")
    assert out.splitlines()[0].split()[:2] == ["người", "dùng"]
    assert "chưa bao giờ" in out  # never signed in
