"""The portal's own words in each language; a language without its table
uses English."""

from __future__ import annotations

__all__ = ["LANGUAGE_NAMES", "labels"]

#: each language named in itself, for the switcher and "also in"
LANGUAGE_NAMES: dict[str, str] = {
    "vi": "Tiếng Việt",
    "en": "English",
    "fr": "Français",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
    "ru": "Русский",
    "de": "Deutsch",
    "es": "Español",
}

_EN: dict[str, str] = {
    "site_name": "Hanoi External Information",
    "tagline": "News about the capital for overseas Vietnamese and international readers",
    "home": "Home",
    "themes": "Themes",
    "latest": "Latest",
    "featured": "Featured",
    "search": "Search",
    "search_label": "Search the articles",
    "search_button": "Search",
    "archive": "Archive",
    "by": "By",
    "source": "Source",
    "original": "Read the original",
    "also_in": "Also in",
    "languages": "Languages",
    "no_results": "No article matches this search.",
    "results": "results",
    "query_problem": "This search could not be read: {message}. Try plain words, or put a phrase in double quotes.",
    "theme_filter": "Theme",
    "all_themes": "All themes",
    "date_from": "From",
    "date_to": "To",
    "language_filter": "Language",
    "bad_date": "A date must be written YYYY-MM-DD; it was ignored.",
    "nothing_yet": "Nothing published here yet.",
    "feeds": "Feeds",
    "skip": "Skip to the content",
    "published": "Published",
    "more": "More",
    "months": "Months",
    "previous": "Previous",
    "next": "Next",
    "menu": "Sections",
    "translated_from": "Translated from Vietnamese by the Hanoi external-information office.",
}

_VI: dict[str, str] = {
    "site_name": "Thông tin đối ngoại Hà Nội",
    "tagline": "Tin tức về Thủ đô cho kiều bào và bạn bè quốc tế",
    "home": "Trang chủ",
    "themes": "Chủ đề",
    "latest": "Mới nhất",
    "featured": "Nổi bật",
    "search": "Tìm kiếm",
    "search_label": "Tìm bài viết",
    "search_button": "Tìm",
    "archive": "Lưu trữ",
    "by": "Tác giả",
    "source": "Nguồn",
    "original": "Đọc bài gốc",
    "also_in": "Có bản",
    "languages": "Ngôn ngữ",
    "no_results": "Không có bài viết nào phù hợp.",
    "results": "kết quả",
    "query_problem": "Không đọc được câu tìm kiếm: {message}. Hãy gõ các từ thường, hoặc đặt cụm từ trong dấu ngoặc kép.",
    "theme_filter": "Chủ đề",
    "all_themes": "Tất cả chủ đề",
    "date_from": "Từ ngày",
    "date_to": "Đến ngày",
    "language_filter": "Ngôn ngữ",
    "bad_date": "Ngày phải viết theo dạng NNNN-TT-NN; đã bỏ qua.",
    "nothing_yet": "Chưa có bài viết nào.",
    "feeds": "Tin RSS",
    "skip": "Đến nội dung chính",
    "published": "Ngày đăng",
    "more": "Xem thêm",
    "months": "Các tháng",
    "previous": "Trang trước",
    "next": "Trang sau",
    "menu": "Chuyên mục",
    "translated_from": "",
}

_TABLES = {"en": _EN, "vi": _VI}


def labels(lang: str) -> dict[str, str]:
    """The portal's words in ``lang`` (English for a language without its own)."""
    return _TABLES.get(lang, _EN)
