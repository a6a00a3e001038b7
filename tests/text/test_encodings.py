"""Legacy Vietnamese encodings, mojibake repair and detection."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from doingoai.errors import DecodeError
from doingoai.text import (
    LEGACY_ENCODINGS,
    decode_bytes,
    decode_legacy,
    detect,
    encode_legacy,
    repair_text,
)
from doingoai.text._legacy import mojibake
from doingoai.text._tables import TABLES


def _table(encoding: str) -> list[str]:
    items = TABLES[encoding].split(" ")
    return items[::2]


def _expected_round_trip(char: str, encoding: str) -> str:
    """TCVN3 has one byte for a toned letter in both cases: alone, it reads lower case."""
    if encoding == "tcvn3":
        lower = char.lower()
        if lower != char and encode_legacy(char, "tcvn3") == encode_legacy(lower, "tcvn3"):
            return lower
    return char


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_every_table_character_round_trips(encoding: str) -> None:
    chars = _table(encoding)
    assert len(chars) >= 134  # every precomposed Vietnamese letter at least
    # inside a sentence: no TCVN3 sentence-start capital, no VIQR sentence-final mark
    failures = [
        c
        for c in chars
        if decode_legacy(encode_legacy(f"và {c} và", encoding), encoding)
        != f"và {_expected_round_trip(c, encoding)} và"
    ]
    assert failures == []


@pytest.mark.parametrize(
    "text",
    ["VIỆT NAM", "THÀNH PHỐ HÀ NỘI", "NGƯỜI HÀ NỘI ĐÓN TẾT", "ỦY BAN NHÂN DÂN", "ĐẢM BẢO Ở ĐÂU"],
)
def test_tcvn3_all_capitals_come_back_capital(text: str) -> None:
    assert decode_legacy(encode_legacy(text, "tcvn3"), "tcvn3") == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"A\xb8nh s\xb8ng", "Ánh sáng"),  # capital written as base letter + toned lower-case byte
        (b"\xa3\xd5 \xb8", "Ế á"),
        (b"Sinh ho\xb9t", "Sinh hoạt"),
    ],
)
def test_tcvn3_capital_conventions(raw: bytes, expected: str) -> None:
    assert decode_legacy(raw, "tcvn3") == expected


@pytest.mark.parametrize(
    ("encoding", "shown", "expected"),
    [
        # the examples of ../shared/data/encodings/SOURCE.txt, as cp1252 shows the bytes
        ("vni", "Tieáng Vieät raát hay", "Tiếng Việt rất hay"),
        ("tcvn3", "TiÕng ViÖt rÊt hay", "Tiếng Việt rất hay"),
        ("viqr", "Tie^'ng Vie^.t ra^'t hay", "Tiếng Việt rất hay"),
        ("vni", "Thuû ñoâ Haø Noäi", "Thủ đô Hà Nội"),
        # CP1258 writes most tones as a combining byte after the letter
        ("cp1258", "Tiê\u00ecng Viê\u00f2t", "Tiếng Việt"),
        ("cp1258", "Ngýõ\u00cci", "Người"),
    ],
)
def test_decode_known_examples(encoding: str, shown: str, expected: str) -> None:
    raw = shown.encode("cp1252") if encoding != "viqr" else shown.encode("ascii")
    assert decode_legacy(raw, encoding) == expected
    assert encode_legacy(expected, encoding) == raw


@pytest.mark.parametrize(
    ("viqr", "expected"),
    [
        ("DDa^y la` ddu+o+`ng ddi.", "Đây là đường đi."),
        ("Co' pha?i kho^ng? Pha?i.", "Có phải không? Phải."),
        ("Ba.n o+? dda^u va^.y", "Bạn ở đâu vậy"),
        ("NLDD va` ca'c ba.n", "NLĐ và các bạn"),
        (r"Ha` No^.i\. Tha^.t vui\?", "Hà Nội. Thật vui?"),
    ],
)
def test_viqr(viqr: str, expected: str) -> None:
    assert decode_legacy(viqr, "viqr") == expected


def test_encode_legacy_rejects_what_it_cannot_write() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        encode_legacy("Việt", "vps")
    with pytest.raises(UnicodeEncodeError):
        encode_legacy("Việt 中文", "vni")
    assert encode_legacy("Việt 中", "vni", errors="replace").endswith(b"?")


def _seed_paragraphs(seed_path: Path) -> list[str]:
    lines = [line for line in seed_path.read_text(encoding="utf-8").splitlines() if len(line) > 150]
    return lines[:6]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii", "cp1258", "viqr"])
def test_decode_bytes_detects_each_legacy_encoding(seed_path: Path, encoding: str) -> None:
    for paragraph in _seed_paragraphs(seed_path):
        data = encode_legacy(paragraph, encoding, errors="replace")
        decoded = decode_bytes(data, source="seed")
        assert decoded.converted_from == encoding
        assert decoded.detected == encoding
        assert decoded.confidence > 0.5
        expected = decode_legacy(data, encoding)  # minus what the encoding cannot hold
        assert decoded.text == expected
        if encoding in ("vni", "cp1258"):
            assert decoded.text == paragraph


def test_decode_bytes_clean_utf8(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded == type(decoded)(text, "utf-8", None, 1.0)


@pytest.mark.parametrize("rounds", [1, 2])
def test_decode_bytes_repairs_mojibake(seed_path: Path, rounds: int) -> None:
    text = "\n".join(_seed_paragraphs(seed_path))
    decoded = decode_bytes(mojibake(text, rounds=rounds).encode("utf-8"))
    assert decoded.text == text
    assert decoded.detected == "utf-8"
    assert decoded.converted_from == ("mojibake" if rounds == 1 else "mojibake2")


@pytest.mark.parametrize(
    ("shown", "expected", "converted_from"),
    [
        ("Tieáng Vieät raát hay", "Tiếng Việt rất hay", "vni"),
        ("TiÕng ViÖt rÊt hay", "Tiếng Việt rất hay", "tcvn3"),
        ("Tiáº¿ng Viá»‡t", "Tiếng Việt", "mojibake"),
        ("Tie^'ng Vie^.t ra^'t hay", "Tiếng Việt rất hay", "viqr"),
        ("Thông tin Ä‘á»‘i ngoáº¡i", "Thông tin đối ngoại", "mojibake"),  # partly broken
        ("á»œ, Ä\x90Æ°á»£c rá»“i", "Ờ, Được rồi", "mojibake"),
        ("Tiếng Việt rất hay", "Tiếng Việt rất hay", None),
        ("Khánh Hoà: Người dân thành kính", "Khánh Hoà: Người dân thành kính", None),
        ("Hello world, it's fine.", "Hello world, it's fine.", None),
        ("Café à l'été", "Café à l'été", None),
        ("TP.HCM: 2.350 chỉ tiêu", "TP.HCM: 2.350 chỉ tiêu", None),
    ],
)
def test_repair_text(shown: str, expected: str, converted_from: str | None) -> None:
    repaired = repair_text(shown)
    assert repaired.text == expected
    assert repaired.converted_from == converted_from
    assert repaired.detected == (converted_from or "unicode")


HTML = (
    '<html><head><meta charset="{charset}"><title>t</title></head><body><p>{body}</p></body></html>'
)
BODY = "Sở Thông tin và Truyền thông đã tổ chức Hội nghị đánh giá công tác thông tin đối ngoại"


@pytest.mark.parametrize(
    ("charset", "encoding", "expected_detected"),
    [
        ("iso-8859-1", "utf-8", "utf-8"),  # declares Latin-1, is UTF-8
        ("windows-1252", "tcvn3", "tcvn3"),  # the old .VnTime pages
        ("utf-8", "vni", "vni"),  # declares UTF-8, is VNI
        ("windows-1258", "cp1258", "cp1258"),
        ("windows-1258", "viscii", "viscii"),
    ],
)
def test_html_with_a_wrong_charset(charset: str, encoding: str, expected_detected: str) -> None:
    page = HTML.format(charset=charset, body=BODY)
    data = page.encode("utf-8") if encoding == "utf-8" else encode_legacy(page, encoding)
    decoded = decode_bytes(data, source="page.html")
    assert decoded.detected == expected_detected
    assert BODY in decoded.text


def test_declared_charset_is_a_hint_for_western_text() -> None:
    text = "Café au lait, crème brûlée et déjà vu à Paris."
    decoded = decode_bytes(text.encode("cp1252"), declared="ISO-8859-1")
    assert decoded.text == text
    assert decoded.detected == "cp1252"


def test_utf8_mixed_with_a_legacy_encoding_line_by_line(seed_path: Path) -> None:
    first, second, third = _seed_paragraphs(seed_path)[:3]
    data = b"\n".join(
        [first.encode("utf-8"), encode_legacy(second, "tcvn3"), third.encode("utf-8")]
    )
    decoded = decode_bytes(data)
    assert decoded.text.split("\n") == [
        first,
        decode_legacy(encode_legacy(second, "tcvn3"), "tcvn3"),
        third,
    ]
    assert decoded.converted_from == "tcvn3"


def test_invalid_utf8_byte_is_replaced_not_fatal() -> None:
    data = "Thông tin đối ngoại của Thành phố Hà Nội".encode()
    decoded = decode_bytes(data[:6] + b"\xff" + data[6:])
    assert decoded.detected == "utf-8"
    assert "\ufffd" in decoded.text
    assert decoded.text.endswith("đối ngoại của Thành phố Hà Nội")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (codecs.BOM_UTF8 + "Hà Nội".encode(), "Hà Nội"),
        ("Hà Nội".encode("utf-16"), "Hà Nội"),
        ("Thủ đô Hà Nội".encode("utf-16-le"), "Thủ đô Hà Nội"),
        ("Hà Nội".encode("utf-32"), "Hà Nội"),
        (b"", ""),
        ("Ha\u0300 Nô\u0323i".encode(), "Hà Nội"),  # decomposed UTF-8 comes back NFC
    ],
)
def test_unicode_forms(data: bytes, expected: str) -> None:
    assert decode_bytes(data).text == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        gzip.compress(b"not really text" * 10),
        bytes(range(256)),
    ],
)
def test_binary_input_names_the_source(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^photo\.bin: binary data"):
        decode_bytes(data, source="photo.bin")
    assert detect(data) == []


@pytest.mark.parametrize(
    ("data", "top"),
    [
        ("Tiếng Việt".encode(), "utf-8"),
        (encode_legacy("Thông tin đối ngoại của Thành phố", "tcvn3"), "tcvn3"),
        (encode_legacy("Thông tin đối ngoại của Thành phố", "vni"), "vni"),
        (encode_legacy("Thông tin đối ngoại của Thành phố", "viscii"), "viscii"),
        (encode_legacy("Thông tin đối ngoại của Thành phố", "cp1258"), "cp1258"),
        (encode_legacy("Thông tin đối ngoại của Thành phố", "viqr"), "viqr"),
        ("Tiáº¿ng Viá»‡t", "mojibake"),
        ("TiÕng ViÖt", "tcvn3"),
        ("Tiếng Việt", "unicode"),
    ],
)
def test_detect_ranks_the_right_encoding_first(data: bytes | str, top: str) -> None:
    ranked = detect(data)
    assert ranked[0][0] == top
    confidences = [c for _, c in ranked]
    assert confidences == sorted(confidences, reverse=True)
    assert 0.5 < confidences[0] <= 1.0


@pytest.mark.parametrize("encoding", ["mojibake", "vni"])
def test_long_text_is_judged_on_a_sample_and_repaired_whole(seed_path: Path, encoding: str) -> None:
    text = seed_path.read_text(encoding="utf-8") * 12  # longer than the scored sample
    shown = (
        mojibake(text) if encoding == "mojibake" else encode_legacy(text, "vni").decode("cp1252")
    )
    repaired = repair_text(shown)
    assert repaired.converted_from == encoding
    assert repaired.text == text
    assert repair_text(text).converted_from is None


@pytest.mark.parametrize(
    "page",
    [
        # a close button and a language menu: short lines a legacy reading would "improve"
        "<button>× </button>\n<li>Tiếng Việt</li>\n"
        + "<p>Die Straße führt über die Brücke.</p>\n" * 3000,
        "<p>Le café était fermé à l'été.</p>\n" * 3000,
    ],
)
def test_clean_utf8_pages_are_left_alone(page: str) -> None:
    decoded = decode_bytes(page.encode("utf-8"))
    assert decoded.converted_from is None
    assert decoded.text == page
