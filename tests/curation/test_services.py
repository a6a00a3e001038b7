"""Curation services and roles: selecting, publishing, featuring, correcting,
and the audit log each of them writes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User

from doingoai.curation import roles, services
from doingoai.curation.models import AuditLog, Profile, Selection, Theme, Unit
from doingoai.store.models import Article, RawDocument

pytestmark = pytest.mark.django_db


def make_article(title: str = "Hà Nội đẩy mạnh thông tin đối ngoại") -> Article:
    body = "Sở Thông tin và Truyền thông tổ chức hội nghị."
    digest = hashlib.sha256((title + body).encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
        size=len(body),
        compressed=RawDocument.compress(body.encode()),
    )
    return Article.objects.create(
        raw=raw,
        title=title,
        lead=body,
        body=body,
        paragraphs=[],
        language="vi",
        fingerprint=digest[:16],
    )


def user_with(name: str, *role_names: str, languages: list[str] | None = None) -> User:
    user = User.objects.create_user(name, password="x" * 12)
    for role in role_names:
        user.groups.add(Group.objects.get(name=role))
    if languages is not None:
        Profile.objects.create(user=user, languages=languages)
    return User.objects.get(pk=user.pk)


def test_migration_seeds_themes_in_order_and_role_groups() -> None:
    assert list(Theme.objects.values_list("slug", "name_en")) == [
        ("kinh-te", "Economy"),
        ("van-hoa", "Culture"),
        ("lich-su", "History"),
        ("con-nguoi", "People"),
        ("du-lich", "Tourism"),
        ("dau-tu", "Investment"),
        ("doi-ngoai", "External relations"),
    ]
    assert Theme.objects.get(slug="van-hoa").name_vi == "Văn hóa"
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


@pytest.mark.parametrize(
    ("held", "languages", "role", "lang", "expect_role", "expect_translate", "expect_review"),
    [
        (["editor"], [], "editor", "en", True, False, False),
        (["translator"], ["en"], "translator", "en", True, True, False),
        (["translator"], ["fr"], "translator", "en", True, False, False),
        (["reviewer"], ["en", "fr"], "reviewer", "fr", True, False, True),
        (["reviewer"], ["en"], "editor", "en", False, False, True),
        (["administrator"], [], "unit contributor", "zh", True, True, True),
        ([], ["en"], "translator", "en", False, False, False),
    ],
)
def test_roles(
    held: list[str],
    languages: list[str],
    role: str,
    lang: str,
    expect_role: bool,
    expect_translate: bool,
    expect_review: bool,
) -> None:
    user = user_with("u", *held, languages=languages)
    assert roles.has_role(user, role) is expect_role
    assert roles.can_translate(user, lang) is expect_translate
    assert roles.can_review(user, lang) is expect_review


def test_inactive_or_anonymous_users_hold_no_role() -> None:
    from django.contrib.auth.models import AnonymousUser

    user = user_with("gone", "editor")
    user.is_active = False
    assert not roles.has_role(user, "editor")
    assert not roles.has_role(AnonymousUser(), "editor")
    with pytest.raises(ValueError, match="unknown role"):
        roles.has_role(user, "owner")


def actions(obj: Any) -> list[str]:
    return list(
        AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_select_publish_feature_withdraw_each_audited() -> None:
    editor = user_with("ed", "editor")
    article = make_article()
    unit = Unit.objects.create(name="Sở Du lịch", slug="so-du-lich", kind="department")
    selection = services.select_article(article, editor, ["kinh-te", "doi-ngoai"], unit=unit)
    assert selection.status == "selected"
    assert sorted(selection.themes.values_list("slug", flat=True)) == ["doi-ngoai", "kinh-te"]
    assert article.selection == selection
    services.publish_original(selection, editor)
    assert Selection.objects.get().published_at is not None
    with pytest.raises(services.CurationError, match="already published"):
        services.publish_original(selection, editor)
    services.feature(selection, editor)
    assert Selection.objects.get().featured
    services.feature(selection, editor, on=False)
    services.withdraw(selection, editor, reason="sai số liệu")
    assert Selection.objects.get().status == "withdrawn"
    assert actions(selection) == [
        "select",
        "publish-original",
        "feature",
        "unfeature",
        "withdraw",
    ]
    entry = AuditLog.objects.filter(action="select").get()
    assert entry.actor == editor
    assert entry.data["themes"] == ["doi-ngoai", "kinh-te"]
    assert entry.data["unit"] == "so-du-lich"


def test_selecting_again_updates_the_selection() -> None:
    editor = user_with("ed", "editor")
    article = make_article()
    services.select_article(article, editor, ["kinh-te"])
    services.withdraw(Selection.objects.get(), editor)
    selection = services.select_article(article, editor, ["van-hoa"], featured=True)
    assert Selection.objects.count() == 1
    assert selection.status == "selected"
    assert list(selection.themes.values_list("slug", flat=True)) == ["van-hoa"]
    assert actions(selection)[-1] == "update-selection"


@pytest.mark.parametrize(
    ("fields", "changed", "stored"),
    [
        ({"title": "  Thông tin đối ngoại  "}, ["title"], {"title": "Thông tin đối ngoại"}),
        (
            {"paragraphs": "Đoạn một.\n\nĐoạn hai.\n"},
            ["paragraphs"],
            {"paragraphs": ["Đoạn một.", "Đoạn hai."]},
        ),
        ({"authors": ["Minh Anh"], "topic": "kinh-te"}, ["authors", "topic"], {"topic": "kinh-te"}),
        ({"title": "Hà Nội đẩy mạnh thông tin đối ngoại"}, [], {}),
    ],
)
def test_correct_article(
    fields: dict[str, Any], changed: list[str], stored: dict[str, Any]
) -> None:
    editor = user_with("ed", "editor")
    article = make_article()
    before = article.title
    assert services.correct_article(article, editor, **fields) == changed
    fresh = Article.objects.get(pk=article.pk)
    for name, value in stored.items():
        assert getattr(fresh, name) == value
    if changed:
        entry = AuditLog.objects.get(action="correct-article")
        assert entry.data["fields"] == changed
        if "title" in changed:
            assert entry.data["before"]["title"] == before
    else:
        assert not AuditLog.objects.exists()


def test_correcting_the_paragraphs_rebuilds_the_body() -> None:
    article = make_article()
    services.correct_article(article, None, lead="Mở đầu.", paragraphs=["Thân bài."])
    assert Article.objects.get(pk=article.pk).body == "Mở đầu.\n\nThân bài."


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "title: an article needs a title"),
        ({"raw": "x"}, "cannot correct raw"),
        ({"paragraphs": [1, 2]}, "paragraphs: expected a list of texts"),
        ({"lead": 3}, "lead: expected a text"),
    ],
)
def test_bad_corrections_are_refused(fields: dict[str, Any], message: str) -> None:
    article = make_article()
    with pytest.raises(services.CurationError, match=message):
        services.correct_article(article, None, **fields)
    assert Article.objects.get(pk=article.pk).title == article.title
