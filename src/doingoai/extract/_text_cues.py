"""Cues for reading plain-text scrapes: section labels, slugs, bylines, dates.

Everything here judges one line at a time; :mod:`doingoai.extract.plaintext`
walks the document and decides what each line is. The label lists are data:
add an outlet's wording here, never as a branch in the code.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

from doingoai.extract._bylines import strip_role
from doingoai.text import fold

__all__ = [
    "BOILERPLATE_LINES",
    "CAPTION_WORDS",
    "COMMENT_LABELS",
    "FOOTER_LABELS",
    "FOOTER_PREFIXES",
    "INLINE_WIDGET_LINES",
    "PHOTO_AGENCIES",
    "RELATED_LABELS",
    "RELATED_PREFIXES",
    "TAG_PREFIXES",
    "dated_headline",
    "guess_language",
    "is_breadcrumb",
    "is_caption",
    "is_headline",
    "is_meta_line",
    "is_read_on",
    "is_summary",
    "key",
    "label_kind",
    "parse_byline",
    "parse_date_line",
    "parse_tags",
    "related_link",
    "same",
    "split_trailing_credit",
    "strip_slug",
    "title_tokens",
    "word_count",
]

# Section labels of Vietnamese news pages, and the common ones of news pages
# in English and other languages written in Latin letters (the comparison
# form keeps Latin letters and digits only, so a label in another script
# would match every line of that script). A line equal to one of these ends
# the article body; the headlines that follow are related stories.
RELATED_LABELS: tuple[str, ...] = (
    "Có thể bạn quan tâm",
    "Bạn có thể quan tâm",
    "Nên xem",
    "Tin khác",
    "Các tin khác",
    "Tin liên quan",
    "Bài liên quan",
    "Bài viết liên quan",
    "Tin tức liên quan",
    "Chủ đề liên quan",
    "Xem thêm",
    "Đọc thêm",
    "Xem tiếp",
    "Tin cùng chuyên mục",
    "Bài cùng chuyên mục",
    "Cùng chuyên mục",
    "Tin cùng loại",
    "Tin mới",
    "Tin mới nhất",
    "Tin mới hơn",
    "Tin cũ hơn",
    "Tin đã đưa",
    "Các tin đã đưa",
    "Các tin đã đưa ngày",
    "Tin đọc nhiều",
    "Đọc nhiều",
    "Đọc nhiều nhất",
    "Xem nhiều",
    "Xem nhiều nhất",
    "Tin nổi bật",
    "Tin tiêu điểm",
    "Tin hay",
    "Tin ảnh",
    "Video nổi bật",
    "Related",
    "Related news",
    "Related articles",
    "Related coverage",
    "Related stories",
    "Related content",
    "Related posts",
    "Related article",
    "Related story",
    "Related topics",
    "Read more",
    "Read next",
    "Read also",
    "Also read",
    "See also",
    "More news",
    "More stories",
    "Most read",
    "Most popular",
    "Trending",
    "Trending now",
    "Trending news",
    "Top stories",
    "You may also like",
    "You might also like",
    "Recommended",
    "Recommended for you",
    "Recommended stories",
    # German, French, Spanish, Portuguese, Italian, Dutch and Czech
    "Auch interessant",
    "Das könnte Sie auch interessieren",
    "Lesen Sie auch",
    "Mehr zum Thema",
    "Zum Thema",
    "Weitere Artikel",
    "Meistgelesen",
    "Meistgelesene Artikel",
    "Lire aussi",
    "À lire aussi",
    "Sur le même sujet",
    "Les plus lus",
    "Lee también",
    "Noticias relacionadas",
    "Te puede interesar",
    "Lo más leído",
    "Leia também",
    "Veja também",
    "Notícias relacionadas",
    "Mais lidas",
    "Leggi anche",
    "Potrebbe interessarti",
    "Lees ook",
    "Meest gelezen",
    "Čtěte také",
    "Mohlo by vás zajímat",
    "Související články",
)

# A related box labelled with its section: "Đọc nhiều trong Kinh doanh",
# "More in White House", "Mehr aus Berlin". A short line beginning with one
# of these is a related label too. ("Plus de", "Más de" are left out: they
# also mean "more than".)
RELATED_PREFIXES: tuple[str, ...] = (
    "Đọc nhiều trong",
    "Xem nhiều trong",
    "Tin khác trong",
    "Tin mới trong",
    "More in",
    "More from",
    "Most read in",
    "Mehr aus",
    "Mehr zum Thema",
)
_PREFIX_LABEL_MAX_WORDS = 6

# Labels that open a comment section: lines after them are skipped until the
# next related-news label.
COMMENT_LABELS: tuple[str, ...] = (
    "Bình luận",
    "Ý kiến bạn đọc",
    "Ý kiến của bạn",
    "Gửi bình luận",
    "Viết bình luận",
    "Gửi ý kiến",
    "Xem tất cả bình luận",
    "Xem thêm bình luận",
    "Comments",
    "View all comments",
)

# Lines that end the page: nothing after them is read.
FOOTER_LABELS: tuple[str, ...] = (
    "Phiên bản di động",
    "Phiên bản máy tính",
    "Bản di động",
    "Về đầu trang",
    "Lên đầu trang",
    "Trở lên đầu trang",
    "Back to top",
)
FOOTER_PREFIXES: tuple[str, ...] = (
    "©",
    "Copyright",
    "Bản quyền thuộc về",
    "Bản quyền ©",
    "Giấy phép số",
    "Giấy phép hoạt động",
    "Cơ quan chủ quản",
    "Tổng biên tập:",
)

# Share buttons and widgets that are dropped wherever they stand.
BOILERPLATE_LINES: tuple[str, ...] = (
    "Chia sẻ",
    "Chia sẻ bài viết",
    "In bài viết",
    "In bài",
    "Gửi bài viết",
    "Gửi email",
    "Lưu bài viết",
    "Sao chép liên kết",
    "Copy link",
    "Facebook",
    "Zalo",
    "Twitter",
    "Theo dõi",
    "Theo dõi chúng tôi trên",
    "Google News",
    "Nghe bài viết",
    "Thu gọn",
    "Quay lại",
    "Trang chủ",
    "Đang tải...",
    "Thích",
    "Share",
    "Tweet",
)

# An advertisement's slot and the buttons of a player or a gallery, in the
# languages of news pages written in Latin letters: dropped like the lines
# above, but they stand inside the article as often as around it, so they do
# not weigh against the prose around them as a share button does.
INLINE_WIDGET_LINES: tuple[str, ...] = (
    "Quảng cáo",
    "Advertisement",
    "Advert",
    "Sponsored",
    "Anzeige",
    "Werbung",
    "Publicité",
    "Publicidad",
    "Publicidade",
    "Pubblicità",
    "Advertentie",
    "Reklama",
    "Close",
    "Đóng",
    "Video",
    "View all",
    "Show all",
    "Show more",
    "Xem tất cả",
    "Alle anzeigen",
    "Mehr anzeigen",
    "Zobrazit vše",
)

# A line beginning with one of these holds the article's tags.
TAG_PREFIXES: tuple[str, ...] = ("Từ khóa", "Từ khoá", "Tags", "Tag", "Chủ đề", "Keywords")

# A link that leads on to another story's page: a line beginning with one of
# these closes a teaser ("Đọc tiếp Về trang Chủ đề", "weiterlesen").
READ_ON_PREFIXES: tuple[str, ...] = (
    "Đọc tiếp",
    "Xem tiếp",
    "Read more",
    "Continue reading",
    "Weiterlesen",
    "Lire la suite",
    "Leer más",
    "Leia mais",
)
_READ_ON_MAX_WORDS = 8

_PUNCT_EDGES = " \t:.·•»›>«‹<|-–—*#"
_TOKEN = re.compile(r"[0-9a-z]+")
_TERMINAL = (".", "!", "?", "…")
_SENTENCE_END = (".", "…")


def key(line: str) -> str:
    """The comparison form of a line: folded, punctuation and spacing ignored."""
    return " ".join(_TOKEN.findall(fold(line)))


def same(line: str, other: str) -> bool:
    """``key(line) == key(other)``, without folding lines of clearly different length."""
    if abs(len(line) - len(other)) > max(8, min(len(line), len(other)) // 3):
        return False
    return key(line) == key(other)


def _folded_set(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key(label) for label in labels)


_RELATED = _folded_set(RELATED_LABELS)
_RELATED_PREFIX_KEYS = tuple(key(prefix) for prefix in RELATED_PREFIXES)
_COMMENTS = _folded_set(COMMENT_LABELS)
_FOOTERS = _folded_set(FOOTER_LABELS)
_BOILERPLATE = _folded_set(BOILERPLATE_LINES)
_INLINE_WIDGETS = _folded_set(INLINE_WIDGET_LINES)
_FOOTER_PREFIX_KEYS = tuple(fold(p) for p in FOOTER_PREFIXES)
_TAG_KEYS = _folded_set(TAG_PREFIXES)
_READ_ON_KEYS = tuple(key(prefix) for prefix in READ_ON_PREFIXES)


# A related story's link set into the article on one line: a related label,
# a colon, then the story's headline ("Xem thêm: Giá vàng…", ">> Đọc thêm: …",
# "Read more: …", "Lesen Sie auch: …").
_LINK_MARKS = " \t>»›•*-–—|"
_LINK_MIN_WORDS = 3
_LINK_MAX_WORDS = 30
_HEADLINE_OPENERS = "\"“'‘«„"


def related_link(line: str) -> str | None:
    """The headline of a related story's link written in the body after a
    related label and a colon ("Xem thêm: Giá vàng tăng mạnh"), else None.

    The headline opens like one (a capital, a digit, a quotation mark): "Xem
    thêm: các quy định tại Điều 5" is the article's own sentence."""
    text = line.strip().lstrip(_LINK_MARKS)
    head, sep, rest = text.partition(":")
    if not sep or len(head) > 40 or key(head) not in _RELATED:
        return None
    rest = rest.strip(_LINK_MARKS)
    if not _LINK_MIN_WORDS <= word_count(rest) <= _LINK_MAX_WORDS:
        return None
    first = rest[:1]
    if not (first.isupper() or first.isdigit() or first in _HEADLINE_OPENERS):
        return None
    return rest


def is_read_on(line: str) -> bool:
    """A "read more" link to another page ("Đọc tiếp", "Read more »", "weiterlesen")."""
    if word_count(line) > _READ_ON_MAX_WORDS:
        return False
    k = key(line.strip(_PUNCT_EDGES))
    return any(k == prefix or k.startswith(prefix + " ") for prefix in _READ_ON_KEYS)


def label_kind(line: str) -> str | None:
    """ "related", "comments", "footer", "boilerplate" or "widget" for a page label, else None."""
    if len(line) > 60:
        return None
    # "Bình luận (12)", "View all (4)": a count beside the label
    k = key(_COUNT_SUFFIX.sub("", line).strip(_PUNCT_EDGES))
    if k in _RELATED or (
        word_count(line) <= _PREFIX_LABEL_MAX_WORDS
        and any(k.startswith(prefix + " ") for prefix in _RELATED_PREFIX_KEYS)
    ):
        return "related"
    if k in _COMMENTS:
        return "comments"
    if k in _FOOTERS or fold(line).startswith(_FOOTER_PREFIX_KEYS):
        return "footer"
    if k in _BOILERPLATE:
        return "boilerplate"
    if k in _INLINE_WIDGETS:
        return "widget"
    return None


_COUNT_SUFFIX = re.compile(r"\s*[(\[]\d[\d.,]*[)\]]$")
_CRUMB_SEPARATOR = re.compile(r"\s+[>›»/]\s+")


def is_breadcrumb(line: str) -> bool:
    """A navigation trail such as "Trang chủ > Thời sự > Xã hội"."""
    parts = _CRUMB_SEPARATOR.split(line)
    return (
        len(parts) >= 2 and word_count(line) <= 10 and all(1 <= word_count(p) <= 4 for p in parts)
    )


# Words that name a photo and its credit, folded: "Ảnh: TTXVN", "(Photo: AP)",
# "Ảnh minh họa", "Foto: dpa", "Image credits: …", "Bild ©".
CAPTION_WORDS: tuple[str, ...] = (
    "anh",
    "photo",
    "photos",
    "foto",
    "fotos",
    "bild",
    "image",
    "credit",
    "credits",
)
_CAPTION_WORD = "|".join(CAPTION_WORDS)
_CAPTION_CUE = re.compile(
    rf"(?:^|[-–—(.|]\s*)(?:{_CAPTION_WORD})(?:\s+(?:credits?|tu lieu|minh hoa))?\s*[:©]"
    r"|^anh minh hoa\b|\banh minh hoa\W*$"  # "Ảnh minh họa", "(Ảnh minh họa)"
    r"|\banh trich tu\b"  # "… - Ảnh trích từ clip"
    r"|©"
)
_CAPTION_MAX_WORDS = 60
# Photo and news agencies whose name alone, or after a photographer's name
# and "/" or ",", credits a photo (case ignored).
PHOTO_AGENCIES: tuple[str, ...] = (
    "getty",
    "getty images",
    "ap",
    "ap photo",
    "reuters",
    "afp",
    "epa",
    "dpa",
    "picture alliance",
    "picture-alliance",
    "imago",
    "imago images",
    "keystone",
    "belga",
    "anp",
    "ansa",
    "efe",
    "xinhua",
    "shutterstock",
    "istock",
    "istockphoto",
    "bloomberg",
    "ttxvn",
    "vna",
)
_AGENCIES = frozenset(PHOTO_AGENCIES)
_CREDIT_SPLIT = re.compile(r"\s*[/,|]\s*")
_CREDIT_MAX_WORDS = 6
# Cheap look before folding: one of these is in every line the cue can match.
_CAPTION_HINTS = ("ảnh", "anh", "photo", "foto", "bild", "image", "credit", "©")


def is_caption(line: str) -> bool:
    """A line that describes or credits a photo: "Ảnh minh họa.", "… (Ảnh: TTXVN)", "Foto: dpa",
    or a credit alone under it ("Mike Marsland/Getty Images", "Michael Conroy, AP")."""
    lower = line.casefold()
    if word_count(line) <= _CREDIT_MAX_WORDS and _credit_alone(lower):
        return True
    if not any(hint in lower for hint in _CAPTION_HINTS) or word_count(line) > _CAPTION_MAX_WORDS:
        return False
    return _CAPTION_CUE.search(fold(lower)) is not None


def _credit_alone(lower: str) -> bool:
    """A photo agency alone, or after a photographer's name ("… /dpa", "…, AP")."""
    last = _CREDIT_SPLIT.split(lower.strip())[-1].strip(" .")
    return last in _AGENCIES and (
        last == lower.strip(" .") or _CREDIT_SPLIT.search(lower) is not None
    )


def word_count(line: str) -> int:
    return len(line.split())


def title_tokens(title: str) -> list[str]:
    return _TOKEN.findall(fold(title))


def strip_slug(line: str, tokens: list[str], title: str) -> str | None:
    """What follows the title's slug at the start of ``line``, or None.

    Pages render an image's alt text as the folded title ("thong tin doi
    ngoai da dap ung ..."), and scrapes glue it to the caption or to the next
    link's headline. The slug must cover the whole title, word for word, and be
    written folded; the title itself counts only when nothing follows it.
    """
    if len(tokens) < 3:
        return None
    words = line.split()
    seen: list[str] = []
    for i, word in enumerate(words):
        seen.extend(_TOKEN.findall(fold(word)))
        if seen != tokens[: len(seen)]:
            return None
        if len(seen) == len(tokens):
            prefix = " ".join(words[: i + 1])
            rest = " ".join(words[i + 1 :])
            if prefix == fold(prefix) and prefix.isascii():
                return rest
            # The title itself, written out again, counts only on a line of its own.
            return rest if not rest and key(prefix) == key(title) else None
    return None


def is_headline(line: str) -> bool:
    """Short enough to be a headline and not written as a finished sentence."""
    if len(line) > 600:
        return False
    n = word_count(line)
    if n == 0 or n > 40:
        return False
    return not (line.endswith(_SENTENCE_END) and not line.endswith("..") and n > 25)


def is_summary(line: str) -> bool:
    """Reads like a teaser paragraph: a finished sentence or a long line."""
    n = word_count(line)
    return n >= 25 or (n >= 6 and line.rstrip("”\"')»").endswith(_TERMINAL))


_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*[:hg]\s*(\d{2})(?!\d)(?:\s*(am|pm|sa|ch)\b)?", re.I)
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)
_DATE_WORDS = frozenset(
    {
        "thu",
        "hai",
        "ba",
        "tu",
        "nam",
        "sau",
        "bay",
        "chu",
        "nhat",
        "cn",
        "t",
        "ngay",
        "luc",
        "cap",
        "dang",
        "gio",
        "am",
        "pm",
        "sa",
        "ch",
        "sang",
        "trua",
        "chieu",
        "toi",
        "dem",
        "hom",
        "nay",
        "updated",
        "published",
        "posted",
        "on",
        "at",
        "gmt",
        "utc",
    }
)
_VN_TZ = timezone(timedelta(hours=7))


def parse_date_line(line: str, *, vietnamese: bool) -> datetime | None:
    """The date of a dateline such as "Thứ Hai, 02/06/2016 10:30 (GMT+7)".

    Only a full date with a year counts: "Ngày 2.6" in running text gives
    nothing, because the year is not known. Vietnamese pages without a zone
    are read as +07:00; others as UTC.
    """
    if len(line) > 160 or word_count(line) > 14:
        return None
    match = _DATE.search(line)
    if match is None:
        return None
    rest = _GMT.sub(" ", line[: match.start()] + " " + line[match.end() :])
    time = _TIME.search(rest)
    if time:
        rest = rest[: time.start()] + " " + rest[time.end() :]
    if any(w not in _DATE_WORDS and not w.isdigit() for w in _TOKEN.findall(fold(rest))):
        return None
    day, month, year = (int(g) for g in match.groups())
    hour = minute = 0
    if time:
        hour, minute = int(time.group(1)), int(time.group(2))
        suffix = (time.group(3) or "").lower()
        if suffix in ("pm", "ch") and hour < 12:
            hour += 12
        elif suffix in ("am", "sa") and hour == 12:
            hour = 0
    tz = _VN_TZ if vietnamese else UTC
    gmt = _GMT.search(line)
    if gmt:
        sign = -1 if gmt.group(1) == "-" else 1
        tz = timezone(sign * timedelta(hours=int(gmt.group(2)), minutes=int(gmt.group(3) or 0)))
    try:
        return datetime(year, month, day, hour, minute, tzinfo=tz)
    except ValueError:
        return None


# The date glued to the headline, with no space, marks a scraped link list.
_DATED_HEADLINE = re.compile(r"^(?P<title>.*\S)\(\d{1,2}/\d{1,2}/\d{4}\)$")


def dated_headline(line: str) -> str | None:
    """The headline of a link listed as "Headline(10/03/2004)", or None."""
    if not line.endswith(")") or len(line) > 300:
        return None
    match = _DATED_HEADLINE.match(line)
    if match is None or not 3 <= word_count(match["title"]) <= 30:
        return None
    return match["title"]


def parse_tags(line: str) -> list[str] | None:
    """The tags of a "Từ khóa: a, b, c" line, or None."""
    colon = line.find(":", 0, 30)
    if colon < 0 or key(line[:colon]) not in _TAG_KEYS or not line[colon + 1 :].strip():
        return None
    rest = line[colon + 1 :]
    tags = [t.strip(" .#") for t in re.split(r"[,;|]", rest)]
    return [t for t in tags if t]


_CREDIT_PREFIXES = frozenset(
    ["bai", "anh", "tin", "bai va anh", "bai anh", "tin va anh", "tin anh", "by", "written by"]
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\s-\s|\s–\s|\s&\s|\svà\s|\sand\s|/)\s*")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][^\W\d_'’.-]*|(?:[^\W\d_]\.)+[^\W\d_]?)$")


def _is_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 4:
        return False
    return all(_NAME_WORD.match(word) and word[0].isupper() for word in words)


def parse_byline(line: str) -> list[str] | None:
    """The author names of a byline such as "Bảo Duy" or "Bài, ảnh: Minh Anh - Lan Hương".

    A byline is short, has no finished sentence and every word is capitalised.
    "Theo TTXVN" (a source credit) is not a byline.
    """
    text = line.strip()
    if not text or len(text) > 80 or text.endswith((".", "!", "?", ":", ";", ",")):
        return None
    text = strip_role(text)  # "Hà Thu (tổng hợp)": the name, not its role
    head, sep, rest = text.partition(":")
    if sep:
        if key(head) not in _CREDIT_PREFIXES:
            return None
        text = rest.strip()
    if not text or key(text).split()[:1] == ["theo"]:
        return None
    parts = [p.strip() for p in _NAME_SPLIT.split(text) if p.strip()]
    if not parts or sum(word_count(p) for p in parts) > 12:
        return None
    return parts if all(_is_name(p) for p in parts) else None


# Words that open a byline ("By Jane Doe | Outlet", "Von Max Muster") or a
# notice about the page rather than its story (cookies, sign-in, reading
# time, the article read aloud), folded; the line they open (a byline) or
# hold (a notice) is never the headline.
BYLINE_WORDS: tuple[str, ...] = ("by", "von", "par", "av", "af", "door", "di", "por", "autor")
NOTICE_WORDS: tuple[str, ...] = (
    "cookie",
    "cookies",
    "consent",
    "datenschutz",
    "javascript",
    "subscribe",
    "abonnieren",
    "newsletter",
    "newsletters",
    "anmelden",
    "login",
    "lesedauer",
    "reading time",
    "min read",
    # the article read aloud (a headline may speak of signing in, or of a
    # hearing, so only whole phrases of a player's notice are listed)
    "listen to this article",
    "listen to article",
    "artikel anhoren",
    "jetzt anhoren",
    "in der app anhoren",
    "ecouter cet article",
    "escuchar este articulo",
    "ouvir este artigo",
    "ascolta l'articolo",
    "nghe bai viet",
    "clanek poslouchat",
    # a newsletter's sign-up
    "dang ky ngay",
    "dang ky nhan ban tin",
)
_BYLINE_START = re.compile(rf"^(?:{'|'.join(BYLINE_WORDS)})\s+[^\W\d_]", re.I)
_NOTICE = re.compile(rf"\b(?:{'|'.join(NOTICE_WORDS)})\b")
_MONTH_YEAR = re.compile(
    r"\b[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}\b"
)
_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)\s*(?:am|pm|uhr|h\b)?", re.I)
_NUMERIC_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")
# A line with a whole date and a clock time ("Kolumne von A. B. - 28.04.2024 um
# 08:52 Uhr - 12 Ergänzungen") is the article's dateline: headlines carry no time.
_DATELINE_MAX_WORDS = 16


def _mostly_names(text: str) -> bool:
    """Capitalised words (names) make up most of ``text`` before any "|"; no sentence."""
    text = text.split(" | ")[0].strip()
    words = [w for w in text.replace(",", " ").split() if w[:1].isalpha()]
    if not words or text.endswith((".", "!", "?", ":")):
        return False
    return sum(1 for w in words if w[0].isupper()) * 4 >= len(words) * 3


def is_meta_line(line: str) -> bool:
    """A byline, a dateline, a credit or a notice about the page, not a headline.

    "By Jane Doe | Outlet", "Von Max Muster", "11:00 AM PDT • May 16, 2024",
    "3. Mai 2024, 17:47", "Stand: 20:03 Uhr | Lesedauer: 4 Minuten", a cookie
    banner's sentence.
    """
    n = word_count(line)
    if n == 0:
        return True
    if parse_date_line(line, vietnamese=True) is not None or is_caption(line):
        return True
    if n <= 14 and _BYLINE_START.match(line) and _mostly_names(line.split(None, 1)[1]):
        return True
    if n <= 12 and " | " in line and parse_byline(line.split(" | ")[0]):
        return True
    if (
        n <= _DATELINE_MAX_WORDS
        and (_NUMERIC_DATE.search(line) or _MONTH_YEAR.search(line))
        and _CLOCK.search(_NUMERIC_DATE.sub(" ", line))
    ):
        return True
    if n <= 12 and (_MONTH_YEAR.search(line) or _CLOCK.search(line)):
        digits = sum(1 for w in line.split() if any(c.isdigit() for c in w))
        if digits * 3 >= n:
            return True
    return _NOTICE.search(fold(line)) is not None


_TRAILING_CREDIT = re.compile(r"^(?P<body>.*[.!?…”\"])\s*\((?P<name>[^()]{3,40})\)$")


def split_trailing_credit(paragraph: str) -> tuple[str, str] | None:
    """A last paragraph ending in "… end. (Phượng Kiều)": (paragraph, author)."""
    match = _TRAILING_CREDIT.match(paragraph)
    if match is None:
        return None
    name = match["name"].strip()
    if "," in name or not 2 <= word_count(name) <= 4 or not _is_name(name):
        return None
    return match["body"].rstrip(), name


def _vietnamese_letters() -> frozenset[str]:
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            char = unicodedata.normalize("NFC", base + tone)
            if not char.isascii():
                letters.update((char, char.upper()))
    return frozenset(letters)


_VI_LETTER = re.compile("[" + "".join(sorted(_vietnamese_letters())) + "]")
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_EN_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "that",
        "for",
        "with",
        "was",
        "on",
        "as",
        "are",
        "by",
        "from",
    }
)
# Frequent Vietnamese syllables, folded, that are not English words: they
# recognise Vietnamese typed without marks.
_VI_WORDS = frozenset(
    {
        "va",
        "cua",
        "la",
        "co",
        "cac",
        "nhung",
        "mot",
        "trong",
        "duoc",
        "cho",
        "khong",
        "nay",
        "voi",
        "nguoi",
        "da",
        "de",
        "thi",
        "den",
        "khi",
        "nhu",
        "ra",
        "tu",
        "toi",
        "ban",
        "se",
        "cung",
        "con",
        "lam",
        "di",
        "nam",
        "ngay",
        "nhieu",
        "sau",
        "tai",
        "ve",
        "theo",
        "nha",
        "viec",
        "minh",
        "hon",
        "rat",
        "chua",
        "neu",
        "nen",
        "vao",
        "em",
        "chi",
        "anh",
        "cach",
    }
)


def guess_language(text: str) -> str:
    """ "vi", "en" or "" (unknown): a cheap guess from letters and common words."""
    sample = text[:1500]
    letters = len(_LETTER.findall(sample))
    if letters < 20:
        return ""
    if len(_VI_LETTER.findall(sample)) / letters >= 0.05:
        return "vi"
    words = _TOKEN.findall(fold(sample))
    if words and sum(1 for w in words if w in _VI_WORDS) / len(words) >= 0.2:
        return "vi"
    if len(_ASCII_LETTER.findall(sample)) / letters > 0.95 and words:
        common = sum(1 for w in words if w in _EN_WORDS)
        if common / len(words) >= 0.05:
            return "en"
    return ""
