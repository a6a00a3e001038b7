"""Fixtures of the API tests: published articles with versions, users with
roles, and their tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.api.api import throttle_cache
from doingoai.api.tokens import create_token
from doingoai.curation import services as curation
from doingoai.curation.models import Profile, Unit
from doingoai.enrich.enricher import Enricher
from doingoai.office import submissions
from doingoai.store import search
from doingoai.store.models import Article, Outlet, RawDocument
from doingoai.translation.models import SourceKey, TranslatedVersion


@pytest.fixture(autouse=True)
def _fresh_rates(settings: Any) -> None:
    """Throttling counts in the cache: each test starts with none used."""
    settings.API_RATE_ANONYMOUS = "1000/m"
    settings.API_RATE_TOKEN = "1000/m"
    throttle_cache().clear()


@pytest.fixture(autouse=True)
def _light_enricher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Submissions go through language detection only (no entity or topic models)."""
    monkeypatch.setattr(
        submissions, "enricher_factory", lambda: Enricher(entities=False, topics=False)
    )


@pytest.fixture
def editor(db: None) -> User:
    user = User.objects.create_user("bien-tap")
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def unit(db: None) -> Unit:
    return Unit.objects.create(name="UBND quận Hoàn Kiếm", slug="hoan-kiem", kind="district")


@pytest.fixture
def make_user(db: None, unit: Unit) -> Callable[..., User]:
    def make(name: str, role: str | None, languages: list[str] | None = None) -> User:
        user = User.objects.create_user(name)
        if role:
            user.groups.add(Group.objects.get(name=role))
        Profile.objects.create(user=user, unit=unit, languages=languages or [])
        return user

    return make


@pytest.fixture
def token_for(make_user: Callable[..., User]) -> Callable[..., str]:
    """``token_for(role, languages=[...])``: the secret of a new user's token."""

    def make(role: str | None, languages: list[str] | None = None) -> str:
        name = f"user-{(role or 'none').replace(' ', '-')}-{User.objects.count()}"
        make_user(name, role, languages)
        return create_token(name)[1]

    return make


@pytest.fixture
def contributor_token(token_for: Callable[..., str]) -> str:
    return token_for("unit contributor")


@pytest.fixture
def make_article(db: None) -> Callable[..., Article]:
    """Store an indexed article: ``make_article(title, lead, paragraphs, **fields)``."""

    def make(
        title: str,
        lead: str = "",
        paragraphs: list[str] | None = None,
        outlet: str = "hanoimoi.vn",
        **extra: Any,
    ) -> Article:
        paragraphs = paragraphs or []
        body = "\n\n".join([lead, *paragraphs]).strip()
        digest = hashlib.sha256((title + body).encode()).hexdigest()
        raw = RawDocument.objects.create(
            sha256=digest,
            fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
            size=len(body),
            compressed=RawDocument.compress(body.encode()),
        )
        fields: dict[str, Any] = {
            "raw": raw,
            "url": f"https://{outlet}/{digest[:8]}.html",
            "outlet": Outlet.objects.get_or_create(domain=outlet, defaults={"name": outlet})[0],
            "title": title,
            "lead": lead,
            "body": body,
            "paragraphs": paragraphs,
            "language": "vi",
            "fingerprint": digest[:16],
        }
        fields.update(extra)
        article = Article.objects.create(**fields)
        search.index_articles([article])
        return article

    return make


@pytest.fixture
def publish(editor: User) -> Callable[..., Article]:
    """Select and publish an article: ``publish(article, themes=[...], featured=...)``."""

    def done(article: Article, themes: list[str] | None = None, featured: bool = False) -> Article:
        selection = curation.select_article(
            article, editor, themes or ["doi-ngoai"], featured=featured
        )
        curation.publish_original(selection, editor)
        return article

    return done


@pytest.fixture
def add_version() -> Callable[..., TranslatedVersion]:
    """A translated version of an article, published unless ``published=False``."""

    def add(
        article: Article, language: str, title: str, published: bool = True, **extra: Any
    ) -> TranslatedVersion:
        source, _ = SourceKey.objects.get_or_create(article=article)
        return TranslatedVersion.objects.create(
            source=source,
            translation_key=source.translation_key,
            language=language,
            title=title,
            lead=extra.pop("lead", ""),
            paragraphs=extra.pop("paragraphs", []),
            published_at=datetime(2025, 6, 3, tzinfo=UTC) if published else None,
            **extra,
        )

    return add


@pytest.fixture
def corpus(
    make_article: Callable[..., Article],
    publish: Callable[..., Article],
    add_version: Callable[..., TranslatedVersion],
) -> dict[str, Article]:
    """Three published articles (one with an English version) and one only collected."""
    seed = publish(
        make_article(
            "Thông tin đối ngoại: Đáp ứng yêu cầu hội nhập của Thành phố",
            "Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị sơ kết đề án.",
            ["Phó Chủ tịch UBND TP Ngô Văn Quý chủ trì hội nghị."],
            outlet="laodongthudo.vn",
            topic="chinh-tri",
            published_at=datetime(2015, 6, 2, 9, 0, tzinfo=UTC),
        ),
        themes=["doi-ngoai"],
        featured=True,
    )
    add_version(
        seed,
        "en",
        "External information: Meeting the City's integration needs",
        lead="On June 2, the Department of Information and Communications held a conference.",
        paragraphs=["Vice Chairman Ngô Văn Quý chaired the conference."],
    )
    add_version(seed, "fr", "Information extérieure", published=False)
    pho = publish(
        make_article(
            "Phở Hà Nội được vinh danh",
            "Món phở của Hà Nội được công nhận là di sản văn hóa phi vật thể quốc gia.",
            outlet="hanoimoi.vn",
            topic="van-hoa",
            published_at=datetime(2024, 12, 20, 3, 0, tzinfo=UTC),
        ),
        themes=["van-hoa", "du-lich"],
    )
    fdi = publish(
        make_article(
            "Hà Nội thu hút vốn đầu tư nước ngoài",
            "Vốn FDI vào Hà Nội tăng mạnh trong năm.",
            outlet="hanoimoi.vn",
            topic="kinh-te",
            published_at=datetime(2025, 3, 1, 3, 0, tzinfo=UTC),
        ),
        themes=["kinh-te", "dau-tu"],
    )
    inbox = make_article(
        "Tin chưa được chọn về đối ngoại",
        "Bài mới thu thập, chưa qua biên tập.",
        outlet="hanoimoi.vn",
        published_at=datetime(2025, 5, 1, tzinfo=UTC),
    )
    return {"seed": seed, "pho": pho, "fdi": fdi, "inbox": inbox}


@pytest.fixture
def api_client() -> Client:
    return Client()
