"""Fetches reach public addresses only, unless DOINGOAI_FETCH_ALLOWED_HOSTS lists the host.

A real server on 127.0.0.1 plays the office's internal service; names are
played by a resolver the test controls (no DNS is asked).
"""

from __future__ import annotations

import ipaddress

import pytest

from doingoai.collect import Failure, Fetcher, RawDocument, collect
from doingoai.collect._netguard import AddressRefused, NetGuard, address_rule
from doingoai.errors import ConfigError
from tests.hardening.conftest import LocalSite

ARTICLE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Bài nội bộ</title></head>"
    "<body><h1>Bài nội bộ</h1><p>Nội dung không được lấy ra ngoài.</p></body></html>"
)


@pytest.mark.parametrize(
    ("address", "rule"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fc00::5", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "loopback address inside an IPv6"),
        ("::ffff:10.0.0.1", "private address inside an IPv6"),
        ("2002:7f00:1::1", "loopback address inside an IPv6"),
        ("64:ff9b::a9fe:a9fe", "link-local address inside an IPv6"),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private address inside an IPv6"),
    ],
)
def test_non_public_addresses_are_refused_with_their_rule(address: str, rule: str) -> None:
    found = address_rule(ipaddress.ip_address(address))
    assert found is not None and rule in found


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::6810:84e5", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_rule(ipaddress.ip_address(address)) is None


def test_a_feed_item_pointing_at_loopback_is_refused_and_named(
    local_site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the feed is on a host the office allows by name; its item points at 127.0.0.1
    monkeypatch.setenv("DOINGOAI_FETCH_ALLOWED_HOSTS", "localhost")
    port = local_site.base.rsplit(":", 1)[1]
    inner = local_site.page("/noi-bo/bai-1.html", ARTICLE)
    local_site.page(
        "/rss.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Tin</title><link>{inner}</link></item></channel></rss>",
        "application/rss+xml",
    )
    with Fetcher(delay=0, retries=0, timeout=2) as fetcher:
        items = list(collect([f"http://localhost:{port}/rss.xml"], fetcher=fetcher))
    assert not [i for i in items if isinstance(i, RawDocument)]
    (failure,) = [i for i in items if isinstance(i, Failure)]
    assert failure.source == inner
    assert "127.0.0.1" in failure.reason and "loopback" in failure.reason
    assert "/noi-bo/bai-1.html" not in local_site.requests


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]"],
)
def test_every_spelling_of_loopback_is_refused(local_site: LocalSite, host: str) -> None:
    port = local_site.base.rsplit(":", 1)[1]
    local_site.page("/bai.html", ARTICLE)
    url = f"http://{host}:{port}/bai.html"
    with (
        Fetcher(delay=0, retries=0, timeout=2, allowed_hosts="") as fetcher,
        pytest.raises(AddressRefused) as caught,
    ):
        fetcher.fetch(url)
    assert str(caught.value).startswith(url)
    assert "loopback" in str(caught.value)
    assert local_site.requests == []


def test_the_setting_lets_the_office_reach_its_own_host(
    local_site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOINGOAI_FETCH_ALLOWED_HOSTS", "intranet.example, 127.0.0.0/8")
    url = local_site.page("/bai.html", ARTICLE)
    with Fetcher(delay=0, retries=0, timeout=2) as fetcher:
        assert fetcher.fetch(url).data == ARTICLE.encode()


def test_a_redirect_to_loopback_is_refused(local_site: LocalSite) -> None:
    # the first host is allowed by name; the redirect leaves it for an address that is not
    port = local_site.base.rsplit(":", 1)[1]
    local_site.page("/noi-bo.html", ARTICLE)
    local_site.redirect("/di", f"http://127.0.0.1:{port}/noi-bo.html")
    with (
        Fetcher(delay=0, retries=0, timeout=2, allowed_hosts="localhost") as fetcher,
        pytest.raises(AddressRefused) as caught,
    ):
        fetcher.fetch(f"http://localhost:{port}/di")
    assert "127.0.0.1" in str(caught.value) and "loopback" in str(caught.value)
    assert str(caught.value).startswith(f"http://127.0.0.1:{port}/noi-bo.html")
    assert "/noi-bo.html" not in local_site.requests


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    guard = NetGuard("", resolve=lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with (
        Fetcher(delay=0, retries=0, guard=guard, obey_robots=False) as fetcher,
        pytest.raises(AddressRefused) as caught,
    ):
        fetcher.fetch("http://wiki.example/trang")
    message = str(caught.value)
    assert message.startswith("http://wiki.example/trang")
    assert "wiki.example resolves to 10.0.0.7" in message and "private" in message


def test_a_dns_answer_that_changes_between_checks_is_caught_at_connect(
    local_site: LocalSite,
) -> None:
    # first answer public (the check before the request), then loopback (the connection)
    port = int(local_site.base.rsplit(":", 1)[1])
    local_site.page("/bai.html", ARTICLE)
    answers = [["93.184.216.34"], ["127.0.0.1"]]

    def rebinding(host: str, port: int) -> list[str]:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    guard = NetGuard("", resolve=rebinding)
    with (
        Fetcher(delay=0, retries=0, timeout=2, guard=guard, obey_robots=False) as fetcher,
        pytest.raises(AddressRefused) as caught,
    ):
        fetcher.fetch(f"http://news.example:{port}/bai.html")
    assert str(caught.value).startswith(f"http://news.example:{port}/bai.html")
    assert "resolves to 127.0.0.1" in str(caught.value)
    assert local_site.requests == []


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "intranet example", "host:8080"])
def test_a_wrong_allowed_hosts_entry_is_named(bad: str) -> None:
    with pytest.raises(ConfigError, match="FETCH_ALLOWED_HOSTS"):
        NetGuard(bad)


@pytest.mark.django_db
def test_a_source_typed_into_the_office_cannot_reach_inside(
    local_site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from doingoai.enrich.enricher import Enricher
    from doingoai.office import collection
    from doingoai.office.models import CollectionRun, Source
    from doingoai.store.models import Article

    feed = local_site.page(
        "/rss.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        f"<title>Tin</title><link>{local_site.base}/noi-bo/bai-1.html</link></item>"
        "</channel></rss>",
        "application/rss+xml",
    )
    local_site.page("/noi-bo/bai-1.html", ARTICLE)
    source = Source.objects.create(name="Nguồn nội bộ", kind="feed", url=feed)
    run = CollectionRun.objects.create(source=source)
    monkeypatch.setattr(
        collection, "enricher_factory", lambda: Enricher(entities=False, topics=False)
    )
    done = collection.run_collection(run.pk)
    assert local_site.requests == []  # nothing, not even robots.txt, was asked of it
    assert Article.objects.count() == 0
    reasons = " ".join(f["reason"] for f in done.failures) + done.error
    assert "127.0.0.1" in reasons and "loopback" in reasons
