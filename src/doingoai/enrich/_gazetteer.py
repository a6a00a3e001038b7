"""Word lists for named-entity recognition: facts, not models.

Place names: Viet Nam's provinces and centrally-run cities (the 63 units in
force from 2008 to mid-2025), the districts and towns of Hà Nội, countries
and a few capitals as Vietnamese news writes them. Surnames: the most common
Vietnamese family names. Trigger words: the heads that Vietnamese
organisation names begin with, and the generic words that come before a
place name.
"""

from __future__ import annotations

__all__ = [
    "NOT_NAMES",
    "NOT_ORG_ACRONYMS",
    "ORG_NAMES",
    "ORG_TRIGGERS",
    "PERSON_TITLES",
    "PLACES",
    "PLACE_HEADS",
    "PLACE_MARKERS",
    "SURNAMES",
]

_PROVINCES = """
An Giang, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định,
Bình Dương, Bình Phước, Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông,
Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương,
Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu,
Lâm Đồng, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ,
Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La,
Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Thừa Thiên Huế, Huế, Tiền Giang,
TP.HCM, TPHCM, Thành phố Hồ Chí Minh, Sài Gòn, Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc,
Yên Bái
"""
_HANOI = """
Ba Đình, Hoàn Kiếm, Tây Hồ, Long Biên, Cầu Giấy, Đống Đa, Hai Bà Trưng, Hoàng Mai,
Thanh Xuân, Nam Từ Liêm, Bắc Từ Liêm, Hà Đông, Sơn Tây, Ba Vì, Chương Mỹ, Đan Phượng,
Đông Anh, Gia Lâm, Hoài Đức, Mê Linh, Mỹ Đức, Phú Xuyên, Phúc Thọ, Quốc Oai, Sóc Sơn,
Thạch Thất, Thanh Oai, Thanh Trì, Thường Tín, Ứng Hòa, Hồ Gươm, Hồ Tây, Phố cổ, Văn Miếu,
Nội Bài, Mỹ Đình
"""
_WORLD = """
Việt Nam, Lào, Campuchia, Thái Lan, Trung Quốc, Nhật Bản, Hàn Quốc, Triều Tiên, Ấn Độ,
Indonesia, Malaysia, Singapore, Philippines, Myanmar, Mỹ, Hoa Kỳ, Canada, Mexico, Brazil,
Argentina, Anh, Pháp, Đức, Ý, Italy, Tây Ban Nha, Bồ Đào Nha, Hà Lan, Bỉ, Thụy Sĩ, Áo,
Ba Lan, Séc, Hungary, Nga, Ukraina, Ukraine, Thổ Nhĩ Kỳ, Israel, Iran, Iraq, Pakistan,
Afghanistan, Ai Cập, Nam Phi, Úc, Australia, New Zealand, Cuba, Đài Loan, Hồng Kông,
Liên Xô, châu Á, châu Âu, châu Phi, Bắc Kinh, Tokyo, Seoul, Paris, London, Moskva,
Washington, New York, Berlin, Bangkok, Vientiane, Viêng Chăn, Phnom Penh, Mekong
"""
PLACES: frozenset[str] = frozenset(
    name.strip() for block in (_PROVINCES, _HANOI, _WORLD) for name in block.split(",")
)


def _split(names: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in names.split("|"))


SURNAMES: frozenset[str] = frozenset(
    [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Đào",
        "Trịnh",
        "Mai",
        "Lương",
        "Lưu",
        "Trương",
        "Cao",
        "Tạ",
        "Chu",
        "Kiều",
        "Lâm",
        "Quách",
        "Tô",
        "Tôn",
        "Thái",
        "Vương",
        "Văn",
        "Hứa",
        "La",
        "Mạc",
        "Triệu",
        "Đoàn",
        "Đàm",
        "Khuất",
        "Khúc",
        "Lại",
        "Nghiêm",
        "Phùng",
        "Quan",
        "Thân",
        "Tăng",
        "Từ",
        "Ông",
        "Doãn",
        "Giang",
    ]
)

#: Lower-case words before a place name: "quận Ba Đình", "phố Hàng Bạc" ("TP" too).
PLACE_MARKERS: tuple[str, ...] = _split(
    """thành phố|tp|tỉnh|quận|huyện|thị xã|thị trấn|phường|xã|phố|đường|hồ|sông|cầu|chùa|đền|
    làng|núi|sân bay|sân vận động|ga|bãi giữa|khu đô thị|khu|vùng|miền|đảo|cảng"""
)

#: Heads that organisation names begin with (compared in lower case): "Sở", "Ủy ban" …
ORG_TRIGGERS: tuple[str, ...] = _split(
    """ủy ban|uỷ ban|ubnd|hđnd|sở|bộ|cục|tổng cục|chi cục|vụ|viện|ban|hội|hội đồng|công ty|
    tổng công ty|tập đoàn|ngân hàng|trường|đại học|học viện|bệnh viện|trung tâm|công an|
    cơ quan|tòa án|toà án|viện kiểm sát|đại sứ quán|lãnh sự quán|thành ủy|thành uỷ|tỉnh ủy|
    tỉnh uỷ|quận ủy|huyện ủy|đài|báo|chi nhánh|liên đoàn|câu lạc bộ|clb|đoàn|quỹ|mặt trận|
    nhà xuất bản|hãng|sở gd-đt"""
)
#: Organisations named without a trigger.
ORG_NAMES: frozenset[str] = frozenset(
    _split(
        """Đảng|Quốc hội|Chính phủ|Liên hợp quốc|Liên Hợp Quốc|UNESCO|ASEAN|WHO|WTO|Agribank|
    Vietcombank|Vietinbank|BIDV|Vingroup|Viettel|VNPT|EVN|Petrolimex"""
    )
)

#: Acronyms that are not organisations.
NOT_ORG_ACRONYMS: frozenset[str] = frozenset(
    [
        "TP",
        "TPHCM",
        "HCM",
        "USD",
        "VND",
        "VNĐ",
        "GDP",
        "CPI",
        "COVID",
        "THPT",
        "THCS",
        "CEO",
        "TV",
        "PC",
        "IT",
        "AI",
        "OK",
        "II",
        "III",
        "IV",
        "VI",
        "VIII",
    ]
)

#: Words before a person's name (compared in lower case): honorifics and titles.
PERSON_TITLES: tuple[str, ...] = _split(
    """ông|bà|anh|chị|cụ|cô|chú|em|cháu|thầy|chủ tịch|phó chủ tịch|bí thư|phó bí thư|
    bộ trưởng|thứ trưởng|thủ tướng|phó thủ tướng|tổng bí thư|tổng thống|giám đốc|phó giám đốc|
    đại sứ|thị trưởng|ca sĩ|nhà văn|nhà thơ|nghệ sĩ|nghệ sĩ nhân dân|nghệ sĩ ưu tú|nhạc sĩ|
    họa sĩ|đạo diễn|diễn viên|tiến sĩ|giáo sư|bác sĩ|nhà báo|thượng tá|đại tá|trung tướng|
    thiếu tướng|luật sư|hlv|huấn luyện viên|cầu thủ|người mẫu|hoa hậu"""
)

#: Capitalised heads that are part of a place's name: "Quảng trường Ba Đình".
PLACE_HEADS: tuple[str, ...] = _split(
    "quảng trường|công viên|hoàng thành|nhà hát|bảo tàng|chợ|cung văn hóa|khu di tích"
)

#: Capitalised words that are not names on their own (days, months, numerals).
NOT_NAMES: frozenset[str] = frozenset(
    [
        "Hai",
        "Ba",
        "Tư",
        "Năm",
        "Sáu",
        "Bảy",
        "Tám",
        "Chín",
        "Mười",
        "Giêng",
        "Chạp",
        "Chủ",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "XII",
    ]
)
