"""Site profiles: every shipped profile passes its own examples; a user's
folder adds to them; a profile that cannot be used is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from doingoai.collect import discover_links, looks_like_list_page
from doingoai.collect.profiles import (
    SHIPPED_DIR,
    SiteProfiles,
    default_profiles,
    load_profile,
    load_profiles,
)
from doingoai.errors import ConfigError

SHIPPED = sorted(SHIPPED_DIR.glob("*.toml"))
ITEMS = "".join(f'<h3><a href="/tin-so-{n}-trong-ngay-12345{n}.htm">t</a></h3>' for n in range(4))


def test_profiles_are_shipped() -> None:
    assert [p.name for p in SHIPPED] == ["laodong.vn.toml", "nld.com.vn.toml", "tuoitre.vn.toml"]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_profile_passes_its_examples(path: Path) -> None:
    profile = load_profile(path)
    assert profile.hosts and profile.description
    # the file is named after its first host, so a user finds it
    assert path.stem == profile.hosts[0]
    assert any(example.next_page or example.article_urls for example in profile.examples)
    alone = SiteProfiles([profile])
    for example in profile.examples:
        html = f"<html><body><main>{ITEMS}{example.html}</main></body></html>"
        found = discover_links(html, example.url, profiles=alone)
        generic = discover_links(html, example.url, profiles=SiteProfiles())
        assert found.next_page == example.next_page
        if example.next_page:
            # the generic rules do not know it: the profile is what finds it
            assert generic.next_page is None
        if example.article_urls is not None:
            for url in example.article_urls:
                assert url in found.article_urls
                assert url not in generic.article_urls


def test_default_profiles_hold_the_shipped_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOINGOAI_SITE_PROFILES", raising=False)
    profiles = default_profiles()
    assert profiles.for_url("https://www.tuoitre.vn/kinh-doanh.htm") is not None
    assert profiles.for_url("https://nld.com.vn/thoi-su.htm") is not None
    assert profiles.for_url("https://laodong.vn/thoi-su") is not None
    assert profiles.for_url("https://vnexpress.net/kinh-doanh") is None
    assert len(profiles) == len(SHIPPED)


USER_PROFILE = """
hosts = ["tin.example.vn"]
description = "a made-up outlet whose sections load more from /xem-them/{zone}/{page}"

[timeline]
path = "/xem-them/{zone}/{page}"
first_page = 2
zone_input = "zone"

[[example]]
url = "https://tin.example.vn/thoi-su"
html = '<input type="hidden" name="zone" value="42">'
next_page = "https://tin.example.vn/xem-them/42/2"
"""


def test_a_users_folder_adds_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tin.example.vn.toml").write_text(USER_PROFILE, encoding="utf-8")
    # the user's profile for tuoitre.vn replaces the shipped one
    (tmp_path / "tuoitre.vn.toml").write_text(
        USER_PROFILE.replace("tin.example.vn", "tuoitre.vn"), encoding="utf-8"
    )
    monkeypatch.setenv("DOINGOAI_SITE_PROFILES", str(tmp_path))
    html = f'<html><body>{ITEMS}<input type="hidden" name="zone" value="42"></body></html>'
    assert discover_links(html, "https://tin.example.vn/thoi-su").next_page == (
        "https://tin.example.vn/xem-them/42/2"
    )
    assert discover_links(html, "https://tuoitre.vn/thoi-su.htm").next_page == (
        "https://tuoitre.vn/xem-them/42/2"
    )
    monkeypatch.delenv("DOINGOAI_SITE_PROFILES")
    assert discover_links(html, "https://tin.example.vn/thoi-su").next_page is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hosts = [", "not valid TOML"),
        ('description = "x"\n[timeline]\npath = "/t/{zone}/{page}"', "hosts must be"),
        ('hosts = ["a.vn"]', "declares nothing"),
        ('hosts = ["a.vn"]\nnext = 1\n[timeline]\npath = "/t/{zone}/{page}"', "unknown key"),
        (
            'hosts = ["a.vn"]\n[timeline]\npath = "/t/{zone}"\nfirst_page = 1\nzone_input = "z"',
            "{zone} and {page}",
        ),
        (
            'hosts = ["a.vn"]\n[timeline]\npath = "/t/{zone}/{page}"\nfirst_page = "1"\n'
            'zone_input = "z"',
            "timeline.first_page must be int",
        ),
        (
            'hosts = ["a.vn"]\n[timeline]\npath = "/t/{zone}/{page}"\nfirst_page = 1\n'
            'zone_input = "a b"',
            "is not an input id or name",
        ),
        (
            'hosts = ["a.vn"]\n[timeline]\npath = "/t/{zone}/{page}"\nfirst_page = 1\n'
            'zone_input = "z"\n[[example]]\nurl = "https://a.vn/"',
            "example 1: html must be str",
        ),
        ('hosts = ["a.vn"]\npage_suffixes = ["ldo"]', "page_suffixes must be a list"),
        ('hosts = ["a.vn"]\npage_suffixes = ".ldo"', "page_suffixes must be a list"),
    ],
)
def test_a_bad_profile_is_refused_by_name(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml") as info:
        load_profiles(tmp_path)
    assert message in str(info.value)
    assert path.read_text(encoding="utf-8") == text  # the file is left as it was


def test_an_outlets_page_suffix_makes_its_list_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOINGOAI_SITE_PROFILES", raising=False)
    links = "".join(
        f'<h3><a href="/thoi-su/tin-so-{n}-trong-ngay-ha-noi-12345{n}.ldo">t</a></h3>'
        for n in range(8)
    )
    html = f"<html><body>{links}</body></html>"
    assert looks_like_list_page(html, "https://laodong.vn/thoi-su")
    assert not looks_like_list_page(html, "https://laodong.vn/thoi-su", profiles=SiteProfiles())
    # an article address with the outlet's suffix is an article, not a list
    article = "https://laodong.vn/thoi-su/tin-so-1-trong-ngay-ha-noi-123451.ldo"
    assert not looks_like_list_page(html, article)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere"):
        load_profiles(tmp_path / "nowhere")
