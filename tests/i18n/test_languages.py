"""The office speaks Vietnamese first and English completely: the language of
each page follows the person's choice, else their browser's, else
Vietnamese; ``<html lang>`` names the language served; dates, numbers and
plurals follow it; a refused search is said without English inside."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation
from django.utils.translation import override as translation_override

from doingoai.curation.models import Profile
from doingoai.store.models import Article, RawDocument

VIETNAMESE_BROWSER = "vi-VN,vi;q=0.9,en-US;q=0.6,en;q=0.5"
ENGLISH_BROWSER = "en-GB,en;q=0.9"


def html_lang(html: str) -> str:
    found = re.search(r'<html[^>]*\slang="([^"]+)"', html)
    assert found, "no <html lang>"
    return found.group(1)


@pytest.fixture
def person(db: None) -> Callable[..., User]:
    """An editor (and staff, for the admin) with a profile in ``language``."""

    def make(name: str, language: str = "", *, superuser: bool = False) -> User:
        user = User.objects.create(username=name, is_staff=superuser, is_superuser=superuser)
        user.groups.add(Group.objects.get(name="editor"))
        Profile.objects.create(user=user, language=language)
        return user

    return make


def signed_in(user: User, browser: str = "") -> Client:
    client = Client(headers={"accept-language": browser} if browser else {})
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("browser", "lang", "words", "not_words"),
    [
        (VIETNAMESE_BROWSER, "vi", ["Đăng nhập", "Tên đăng nhập", "Mật khẩu"], ["Sign in"]),
        ("", "vi", ["Đăng nhập", "Mật khẩu"], ["Sign in", "Password"]),
        (ENGLISH_BROWSER, "en", ["Sign in", "User name", "Password"], ["Đăng nhập"]),
        ("fr-FR,fr;q=0.9", "vi", ["Đăng nhập"], ["Sign in"]),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en", ["Sign in"], ["Đăng nhập"]),
    ],
)
def test_the_sign_in_page_speaks_the_browsers_language(
    db: None, browser: str, lang: str, words: list[str], not_words: list[str]
) -> None:
    client = Client(headers={"accept-language": browser} if browser else {})
    response = client.get("/office/sign-in/")
    html = response.content.decode()
    assert html_lang(html) == lang
    assert response["Content-Language"] == lang
    for word in words:
        assert word in html
    for word in not_words:
        assert word not in html


def test_a_vietnamese_user_gets_the_office_and_the_admin_in_vietnamese(
    person: Callable[..., User],
) -> None:
    # the person's choice wins over an English browser
    client = signed_in(person("bien-tap", "vi", superuser=True), ENGLISH_BROWSER)
    html = client.get("/office/").content.decode()
    assert html_lang(html) == "vi"
    for word in ["Trang nghiệp vụ", "Hộp thư đến", "Nhiệm vụ dịch", "Nguồn tin", "Đăng xuất"]:
        assert word in html
    assert "Inbox" not in html and "Sign out" not in html
    admin = client.get("/office/admin/").content.decode()
    assert html_lang(admin) == "vi"
    # the apps and the models are named in Vietnamese, beside Django's own words
    for word in [
        "Quản trị doingoai",
        "Dữ liệu của cơ quan",
        "Trang nghiệp vụ",
        "Lượt thu thập",
        "Bài gửi",
        "Mã truy cập API",
    ]:
        assert word in admin, word
    assert "Đến nội dung chính" in admin  # a word Django's own catalogue lacks
    for english in ["Back office", "Collection runs", "Submissions", "API tokens", "Skip to"]:
        assert english not in admin, english
    for word in ["Cơ quan báo chí", "Chủ đề", "Đơn vị", "Hồ sơ cán bộ", "Nhật ký hệ thống"]:
        assert word in admin, word
    form = client.get("/office/admin/office/source/add/").content.decode()
    for word in ["Lịch thu thập", "Đang dùng", "Địa chỉ URL"]:
        assert word in form, word


def test_an_english_user_gets_english_in_a_vietnamese_browser(
    person: Callable[..., User],
) -> None:
    client = signed_in(person("editor-en", "en", superuser=True), VIETNAMESE_BROWSER)
    html = client.get("/office/").content.decode()
    assert html_lang(html) == "en"
    assert "Inbox" in html and "Hộp thư đến" not in html
    admin = client.get("/office/admin/").content.decode()
    assert html_lang(admin) == "en"
    assert "Collection runs" in admin and "Lượt thu thập" not in admin


def test_a_user_without_a_choice_follows_the_browser(person: Callable[..., User]) -> None:
    user = person("khong-chon")
    assert html_lang(signed_in(user, ENGLISH_BROWSER).get("/office/").content.decode()) == "en"
    assert html_lang(signed_in(user, VIETNAMESE_BROWSER).get("/office/").content.decode()) == "vi"
    assert html_lang(signed_in(user).get("/office/").content.decode()) == "vi"


def test_a_user_without_a_profile_gets_the_browsers_language(db: None) -> None:
    user = User.objects.create(username="no-profile", is_staff=True, is_superuser=True)
    html = signed_in(user, ENGLISH_BROWSER).get("/office/admin/").content.decode()
    assert html_lang(html) == "en"


def test_picking_a_language_is_kept_in_the_profile(person: Callable[..., User]) -> None:
    user = person("chon-tieng-anh")
    client = signed_in(user, VIETNAMESE_BROWSER)
    assert "Hộp thư đến" in client.get("/office/").content.decode()
    response = client.post(
        "/office/language/", {"language": "en", "next": "/office/jobs/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/office/jobs/"
    html = response.content.decode()
    assert html_lang(html) == "en"
    assert "The office now speaks English." in html
    assert Profile.objects.get(user=user).language == "en"
    # kept for the next visit, from another browser too
    assert html_lang(signed_in(user, VIETNAMESE_BROWSER).get("/office/").content.decode()) == "en"
    back = client.post("/office/language/", {"language": "vi", "next": "/office/"}, follow=True)
    assert "Trang nghiệp vụ đã chuyển sang tiếng Việt." in back.content.decode()
    assert Profile.objects.get(user=user).language == "vi"


def test_an_unknown_language_is_refused_by_name_and_nothing_changes(
    person: Callable[..., User],
) -> None:
    user = person("chon-sai", "vi")
    client = signed_in(user)
    response = client.post("/office/language/", {"language": "xx", "next": "/office/"}, follow=True)
    html = response.content.decode()
    assert "“xx” không phải là ngôn ngữ của trang nghiệp vụ" in html
    assert Profile.objects.get(user=user).language == "vi"
    assert html_lang(html) == "vi"
    # an outside address is never followed
    away = client.post("/office/language/", {"language": "en", "next": "https://example.org/"})
    assert away["Location"] == "/office/"


def test_a_visitor_picks_a_language_before_signing_in(db: None) -> None:
    client = Client(headers={"accept-language": VIETNAMESE_BROWSER})
    response = client.post(
        "/office/language/", {"language": "en", "next": "/office/sign-in/"}, follow=True
    )
    html = response.content.decode()
    assert html_lang(html) == "en" and "Sign in" in html
    assert response.client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_errors_and_messages_are_in_vietnamese(db: None, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.office.conftest.QuickArgon2"]
    User.objects.create_user("nguoi-dung", password="đúng-mật-khẩu")
    client = Client(headers={"accept-language": VIETNAMESE_BROWSER})
    html = client.post(
        "/office/sign-in/", {"username": "nguoi-dung", "password": "sai"}
    ).content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert "wrong" not in html


@pytest.fixture
def article(db: None) -> Article:
    raw = RawDocument.objects.create(
        sha256="a" * 64,
        url="https://laodongthudo.vn/bai.html",
        fetched_at=datetime(2025, 6, 3, 8, 0, tzinfo=UTC),
        size=12_345,
        compressed=RawDocument.compress(b"x"),
    )
    return Article.objects.create(
        raw=raw,
        url=raw.url,
        title="Hà Nội đẩy mạnh thông tin đối ngoại",
        lead="Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị.",
        body="Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị.",
        paragraphs=[],
        language="vi",
        fingerprint="f" * 16,
        published_at=datetime(2025, 6, 2, 2, 0, tzinfo=UTC),
        words=1234,
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", ["02/06/2025 09:00", "Số từ: 1.234", "12.345 byte", "chưa được chọn"]),
        ("en", ["2025-06-02 09:00", "Words: 1,234", "12,345 bytes", "not selected"]),
    ],
)
def test_dates_and_numbers_follow_the_language(
    person: Callable[..., User], article: Article, language: str, words: list[str]
) -> None:
    html = signed_in(person("ngay-thang", language)).get(f"/office/articles/{article.pk}/")
    text = html.content.decode()
    for word in words:
        assert word in text, word


@pytest.mark.parametrize(
    ("language", "count", "said"),
    [
        ("en", 1, "1 result"),
        ("en", 2, "2 results"),
        ("en", 1234, "1,234 results"),
        ("vi", 1, "1 kết quả"),
        ("vi", 1234, "1.234 kết quả"),
    ],
)
def test_counts_take_the_plural_of_their_language(language: str, count: int, said: str) -> None:
    from doingoai.portal.views import _found_line

    assert _found_line(count, language) == said


@pytest.mark.parametrize(
    ("count", "english", "vietnamese"),
    [
        (1, "1 token revoked.", "Đã thu hồi 1 mã truy cập."),
        (3, "3 tokens revoked.", "Đã thu hồi 3 mã truy cập."),
    ],
)
def test_admin_messages_take_plurals(count: int, english: str, vietnamese: str) -> None:
    from django.utils.translation import ngettext

    for lang, expected in (("en", english), ("vi", vietnamese)):
        with translation.override(lang):
            said = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            assert said % {"count": count} == expected


#: English words a broken query's message is made of; none may appear in Vietnamese
_ENGLISH = re.compile(
    r"\b(unbalanced|quotation|phrase|opened|never|closed|query|search|try|plain|words|double|quotes)\b",
    re.I,
)


@pytest.mark.parametrize("query", ['"thông tin', "(ha noi", '""', "-doi", "ha noi)"])
def test_a_refused_search_in_vietnamese_has_no_english_inside(db: None, query: str) -> None:
    html = Client().get("/vi/search/", {"q": query}).content.decode()
    notices = re.findall(r'<p class="notice" role="status">(.*?)</p>', html, re.S)
    assert len(notices) == 1
    notice = notices[0]
    assert notice.startswith("Không đọc được câu tìm kiếm")
    assert not _ENGLISH.search(notice), notice
    english = Client().get("/en/search/", {"q": query}).content.decode()
    assert "This search could not be read" in english


def test_the_unclosed_quote_is_named_in_vietnamese(db: None) -> None:
    html = Client().get("/vi/search/", {"q": '"thông tin'}).content.decode()
    assert "cụm từ mở bằng dấu ngoặc kép" in html


def test_every_refusal_of_the_parser_has_words(db: None) -> None:
    from doingoai.store.search.messages import SAID
    from doingoai.store.search.query import MESSAGES

    assert set(SAID) == set(MESSAGES)


@pytest.fixture
def more_languages(settings: Any) -> None:
    """A portal in Vietnamese, English, French, Chinese and Italian (no Italian catalogue)."""
    settings.LANGUAGES = [(c, c) for c in ("vi", "en", "fr", "zh", "it")]
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@pytest.mark.parametrize(
    ("lang", "words", "theme"),
    [
        (
            "fr",
            ["Hanoï Information extérieure", "Rechercher dans les articles", "Dernières nouvelles"],
            "Économie",
        ),
        ("zh", ["河内对外信息", "搜索文章", "最新"], "经济"),
        # no Italian catalogue: the documented English fallback
        ("it", ["Hanoi External Information", "Search the articles", "Latest"], "Economy"),
        ("vi", ["Thông tin đối ngoại Hà Nội", "Tìm bài viết", "Mới nhất"], "Kinh tế"),
    ],
)
def test_every_portal_language_has_its_words_and_theme_names(
    db: None, more_languages: None, lang: str, words: list[str], theme: str
) -> None:
    from doingoai.portal.labels import labels

    labels.cache_clear()
    response = Client().get(f"/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html_lang(html) == lang
    for word in words:
        assert word in html, word
    assert theme in html


def test_a_theme_named_in_the_admin_keeps_its_english_name_elsewhere(db: None) -> None:
    from doingoai.curation.models import Theme

    made = Theme.objects.create(slug="the-thao", name_vi="Thể thao", name_en="Sport")
    assert made.name("vi") == "Thể thao"
    assert made.name("en") == "Sport"
    assert made.name("fr") == "Sport"  # not in the catalogues yet: English
    assert Theme.objects.get(slug="kinh-te").name("fr") == "Économie"


def test_a_french_search_error_is_said_in_french(db: None, more_languages: None) -> None:
    html = Client().get("/fr/search/", {"q": '"thông tin'}).content.decode()
    assert "Cette recherche n’a pas pu être lue" in html
    assert "n’est jamais fermée" in html


def test_a_refused_upload_is_said_in_the_browsers_language(db: None, settings: Any) -> None:
    big = "đ" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2 + 10)
    client = Client(headers={"accept-language": VIETNAMESE_BROWSER})
    response = client.post("/office/sign-in/", {"username": big})
    assert response.status_code == 413
    text = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in text
    limit = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}".replace(",", ".")
    assert f"tối đa {limit} byte" in text


def test_a_refused_workflow_step_is_said_in_vietnamese(
    person: Callable[..., User], article: Article
) -> None:
    from doingoai.curation import services as curation
    from doingoai.curation.models import Theme

    selection = curation.select_article(article, None, [Theme.objects.get(slug="kinh-te")])
    curation.publish_original(selection, None)
    client = signed_in(person("xuat-ban-hai-lan", "vi"))
    html = client.post(f"/office/articles/{article.pk}/publish/", follow=True).content.decode()
    assert f"bài {article.pk} đã được xuất bản" in html
    assert "already published" not in html
    english = signed_in(person("publish-twice", "en"))
    html = english.post(f"/office/articles/{article.pk}/publish/", follow=True).content.decode()
    assert f"article {article.pk} is already published" in html


def test_qa_marks_are_named_in_the_readers_language(
    person: Callable[..., User], article: Article
) -> None:
    from doingoai.translation import services as translation

    job = translation.create_or_refresh_job(article, "en").job
    user = person("dich-gia-vi", "vi")
    user.groups.add(Group.objects.get(name="translator"))
    Profile.objects.filter(user=user).update(languages=["en"])
    segment = job.segments.get(source__startswith="Ngày 2.6")
    translation.save_segment(
        segment, "On June 3, the department held a conference.", user, segment.version
    )
    html = signed_in(user).get(f"/office/jobs/{job.pk}/?seg={segment.position}").content.decode()
    assert "ngày tháng" in html  # the dates check, named in Vietnamese
    english = signed_in(person("translator-en", "en"))
    english_html = english.get(f"/office/jobs/{job.pk}/?seg={segment.position}").content.decode()
    assert ">dates<" in english_html


@pytest.mark.parametrize(
    ("comment", "vietnamese"),
    [
        ("created with 1 segments", "tạo mới với 1 câu"),
        ("created with 12 segments", "tạo mới với 12 câu"),
        ("first save", "lần lưu đầu tiên"),
        ("pre-translated: 3 mt, 2 left empty", "đã dịch sơ bộ: 3 mt, còn 2 câu trống"),
        ("pre-translated: nothing filled", "đã dịch sơ bộ: không có câu nào"),
        (
            "source changed: 1 changed, 2 new, 0 removed segments",
            "câu nguồn đã thay đổi: 1 câu sửa, 2 câu mới, 0 câu bỏ",
        ),
        ("exported as XLIFF 2.0 (7 segments)", "đã xuất XLIFF 2.0 (7 câu)"),
        (
            "assignee dich-gia, due 2025-06-02",
            "người dịch dich-gia, hạn hoàn thành 2025-06-02",
        ),
        # a person's own comment is shown as written
        ("Xem lại câu 3, due soon", "Xem lại câu 3, due soon"),
    ],
)
def test_history_comments_are_said_in_the_readers_language(comment: str, vietnamese: str) -> None:
    from doingoai.office.templatetags.office_format import event_comment

    with translation.override("vi"):
        assert event_comment(comment) == vietnamese
    with translation.override("en"):
        assert event_comment(comment) == comment.replace(
            "created with 1 segments", "created with 1 segment"
        )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("vi", "02/01/2020 đã qua: hạn hoàn thành phải từ hôm nay (02/06/2025) trở đi."),
        ("en", "2020-01-02 is in the past: the due date must be today (2025-06-02) or later."),
    ],
)
def test_a_past_due_date_is_refused_with_dates_as_the_reader_writes_them(
    article: Article, language: str, said: str
) -> None:
    from datetime import date

    from doingoai.office.forms import AssignForm
    from doingoai.translation import services as translation

    job = translation.create_or_refresh_job(article, "en").job
    with translation_override(language):
        form = AssignForm(
            {"job": job.pk, "due_date": "2020-01-02"}, job=job, today=date(2025, 6, 2)
        )
        assert not form.is_valid()
        assert form.errors["due_date"] == [said]


def test_the_same_item_submitted_twice_is_refused_in_vietnamese(db: None) -> None:
    from doingoai.curation.models import Unit

    unit = Unit.objects.create(name="Sở Du lịch", slug="so-du-lich", kind="department")
    user = User.objects.create(username="cong-tac-vien")
    user.groups.add(Group.objects.get(name="unit contributor"))
    Profile.objects.create(user=user, unit=unit, language="vi")
    client = signed_in(user)
    item = {"title": "Phố đi bộ Hồ Gươm", "lead": "", "body": "Phố đi bộ mở cửa cuối tuần."}
    assert client.post("/office/submissions/new/", item).status_code == 302
    again = client.post("/office/submissions/new/", item)
    assert again.status_code == 400
    html = again.content.decode()
    assert "bài này đã được gửi trước đó" in html
    assert "already submitted" not in html
