"""A published article in Vietnamese and English, editors, a translator and a
reviewer of English, for the notices' and revisions' tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.curation.models import Profile
from doingoai.portal.content import clear_page_cache
from doingoai.store.models import Article
from doingoai.translation.models import TranslationJob
from tests.portal.conftest import make_article, publish, translate

ENGLISH = [
    "Hanoi external information in 2015",
    "The Department of Information and Communications held a conference on external information.",
    "The conference took place in Hanoi with 200 delegates.",
]


@dataclass
class World:
    article: Article  # published in Vietnamese and English
    vi_only: Article  # published in Vietnamese only
    unpublished: Article
    editor: User
    editor2: User
    translator: User
    reviewer: User
    job: TranslationJob


def person(name: str, role: str, languages: list[str] | None = None, email: str = "") -> User:
    user = User.objects.create_user(name, email=email, password=None)
    user.groups.add(Group.objects.get(name=role))
    Profile.objects.create(user=user, languages=languages or [])
    return user


@pytest.fixture(autouse=True)
def english_office(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    clear_page_cache()
    yield
    clear_page_cache()


@pytest.fixture
def world(db: None) -> World:
    editor = person("bien-tap", "editor", email="bientap@example.org")
    editor2 = person("bien-tap-2", "editor")
    translator = person("dich-gia", "translator", ["en"], email="dichgia@example.org")
    reviewer = person("hieu-dinh", "reviewer", ["en"], email="hieudinh@example.org")
    article = make_article(
        "Thông tin đối ngoại Hà Nội năm 2015",
        "Sở Thông tin và Truyền thông tổ chức hội nghị về thông tin đối ngoại.",
        ["Hội nghị diễn ra tại Hà Nội với 200 đại biểu."],
        when=datetime(2015, 6, 2, 3, 0, tzinfo=UTC),
        url="https://laodongthudo.vn/thong-tin-doi-ngoai.html",
    )
    vi_only = make_article(
        "Phát triển du lịch Thủ đô",
        "Hà Nội đón nhiều khách quốc tế trong năm.",
        ["Ngành du lịch đặt mục tiêu mới."],
        when=datetime(2024, 4, 26, 3, 0, tzinfo=UTC),
    )
    unpublished = make_article(
        "Bài chưa đăng", "Bài này chưa lên cổng thông tin.", ["Không có trên cổng."]
    )
    publish(article, editor, ["doi-ngoai"])
    publish(vi_only, editor, ["du-lich"])
    translate(article, editor, ENGLISH)
    job = TranslationJob.objects.get(article=article, target_lang="en")
    job.assignee = translator
    job.reviewer = reviewer
    job.save()
    return World(article, vi_only, unpublished, editor, editor2, translator, reviewer, job)


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


CORRECTION_TEXTS = {
    "vi": {"wrong": "Bài viết ghi hội nghị có 200 đại biểu.", "right": "Hội nghị có 250 đại biểu."},
    "en": {
        "wrong": "The article said the conference had 200 delegates.",
        "right": "The conference had 250 delegates.",
    },
}

CLARIFICATION = {
    "texts": {
        "vi": {
            "title": "Hà Nội không cấm xe máy từ năm 2025",
            "claim": "Hà Nội cấm toàn bộ xe máy từ ngày 1.1.2025.",
            "answer": "Nghị quyết của HĐND Thành phố chỉ dừng hoạt động xe máy tại các quận từ năm 2030.",
        },
        "en": {
            "title": "Hanoi does not ban motorbikes from 2025",
            "claim": "Hanoi bans all motorbikes from 1 January 2025.",
            "answer": "The City People's Council's resolution stops motorbikes in the urban districts from 2030 only.",
        },
    },
    "claim_url": "https://example.com/bai-dang/cam-xe-may",
    "claim_outlet": "Trang tin ví dụ",
    "claim_date": "2024-11-02",
    "claim_text": "Hà Nội cấm toàn bộ xe máy từ ngày 1.1.2025.",
    "claim_language": "vi",
    "rating": "false",
    "sources": ["https://hanoi.gov.vn/nghi-quyet-hdnd"],
}
