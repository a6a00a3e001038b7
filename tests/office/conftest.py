"""Fixtures of the back-office tests: users per role, stored articles, a
translation job, and background tasks run at once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.curation.models import Profile, Unit
from doingoai.store.models import Article, Cluster, Outlet, RawDocument
from doingoai.translation import services as translation
from doingoai.translation.models import TranslationJob

#: role name → (groups, languages, unit)
PEOPLE: dict[str, tuple[list[str], list[str], bool]] = {
    "administrator": (["administrator"], [], False),
    "editor": (["editor"], [], False),
    "translator_en": (["translator"], ["en"], False),
    "reviewer_en": (["reviewer"], ["en"], False),
    "translator_fr": (["translator"], ["fr"], False),
    "contributor": (["unit contributor"], [], True),
}


def reseed() -> None:
    """Put back what the migrations seed (role groups, themes, the termbase):
    a test on a live server or in its own transactions empties the tables."""
    import importlib

    from django.apps import apps

    from doingoai.translate.termbase import default_termbase
    from doingoai.translation.models import TermConcept
    from doingoai.translation.tm import store_termbase

    importlib.import_module("doingoai.curation.migrations.0002_seed_themes_and_roles").seed(
        apps, None
    )
    if not TermConcept.objects.exists():
        store_termbase(default_termbase())


@pytest.fixture(autouse=True)
def english_office(settings: Any) -> None:
    """These tests read the office's English texts: a visitor whose browser
    names no language gets English here (Vietnamese is the site's default,
    tested in tests/i18n)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def machine_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dummy engine, named explicitly: without an engine set up the office
    pre-translates from the memory only (tests of that unset it)."""
    monkeypatch.setenv("DOINGOAI_MT_ENGINE", "dummy")


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


class QuickArgon2(Argon2PasswordHasher):
    """Argon2id with small costs, so the tests sign in quickly (the site uses the defaults)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@pytest.fixture(autouse=True)
def quick_hashes(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def unit(db: None) -> Unit:
    return Unit.objects.create(name="Sở Văn hóa và Thể thao", slug="so-vhtt", kind="department")


@pytest.fixture
def make_user(db: None, unit: Unit) -> Callable[[str], User]:
    def make(name: str) -> User:
        groups, langs, with_unit = PEOPLE[name]
        user = User.objects.create(username=name)
        user.set_unusable_password()
        user.save()
        for group in groups:
            user.groups.add(Group.objects.get(name=group))
        Profile.objects.create(user=user, languages=langs, unit=unit if with_unit else None)
        return user

    return make


@pytest.fixture
def client_for(make_user: Callable[[str], User]) -> Callable[[str | None], Client]:
    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(make_user(name))
        return client

    return make


_counter = iter(range(1, 1_000_000))


@pytest.fixture
def make_article(db: None) -> Callable[..., Article]:
    def make(
        title: str = "Hà Nội đẩy mạnh thông tin đối ngoại",
        lead: str = "Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị.",
        paragraphs: list[str] | None = None,
        **extra: Any,
    ) -> Article:
        paragraphs = (
            ["Phó Chủ tịch UBND Thành phố Ngô Văn Quý chủ trì hội nghị."]
            if paragraphs is None
            else paragraphs
        )
        body = "\n\n".join([lead, *paragraphs]).strip()
        n = next(_counter)
        digest = hashlib.sha256(f"{n}{title}{body}".encode()).hexdigest()
        raw = RawDocument.objects.create(
            sha256=digest,
            url=f"https://laodongthudo.vn/bai-{n}.html",
            fetched_at=datetime(2025, 6, 3, 8, 0, tzinfo=UTC),
            size=len(body.encode()),
            content_type="text/html; charset=windows-1258",
            encoding_detected="cp1258",
            encoding_converted_from="cp1258",
            compressed=RawDocument.compress(body.encode()),
        )
        fields: dict[str, Any] = {
            "raw": raw,
            "url": raw.url,
            "title": title,
            "lead": lead,
            "body": body,
            "paragraphs": paragraphs,
            "language": "vi",
            "fingerprint": digest[:16],
            "published_at": datetime(2025, 6, 2, 9, 0, tzinfo=UTC),
            "topic": "chinh-tri",
            "warnings": ["related-news box removed"],
        }
        fields.update(extra)
        return Article.objects.create(**fields)

    return make


@pytest.fixture
def article(make_article: Callable[..., Article]) -> Article:
    return make_article()


@pytest.fixture
def outlet(db: None) -> Outlet:
    return Outlet.objects.create(domain="laodongthudo.vn", name="Lao Động Thủ Đô")


@pytest.fixture
def cluster(db: None) -> Cluster:
    return Cluster.objects.create()


@pytest.fixture
def job(article: Article) -> TranslationJob:
    refresh = translation.create_or_refresh_job(article, "en")
    translation.pretranslate(refresh.job)
    return TranslationJob.objects.get(pk=refresh.job.pk)
