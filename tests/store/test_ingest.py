"""Ingest end to end: files → stored, deduplicated, indexed articles."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from doingoai.collect import RawDocument
from doingoai.enrich.enricher import Enricher
from doingoai.store import search
from doingoai.store.ingest import ingest, store_document
from doingoai.store.models import Article, Cluster, MinHashBand
from doingoai.store.models import RawDocument as StoredRaw

pytestmark = pytest.mark.django_db

FAST = Enricher(entities=False)

HTML_PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm</title>
<link rel="canonical" href="https://tin.example.vn/ha-noi-di-bo-123.html">
<meta property="og:site_name" content="Tin Ví Dụ">
<meta property="article:published_time" content="2024-05-02T08:00:00+07:00"></head>
<body><nav><a href="/">Trang chủ</a><a href="/xa-hoi">Xã hội</a></nav>
<article><h1>Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm</h1>
<p class="sapo">Từ tháng 6, không gian đi bộ quanh hồ Hoàn Kiếm sẽ mở rộng thêm ba tuyến phố.</p>
<p>UBND quận Hoàn Kiếm cho biết các tuyến phố mới sẽ phục vụ người dân và du khách vào cuối tuần,
từ 19 giờ tối thứ Sáu đến 24 giờ Chủ nhật, với nhiều hoạt động văn hóa truyền thống.</p>
<p>Theo kế hoạch, quận sẽ bố trí thêm điểm trông giữ xe và tăng cường lực lượng đảm bảo an ninh,
trật tự, vệ sinh môi trường trong suốt thời gian tổ chức các hoạt động.</p>
<p>Năm 2023, không gian đi bộ đã đón hơn 2,5 triệu lượt khách trong nước và quốc tế.</p>
</article><footer>© Tin Ví Dụ. Liên hệ quảng cáo.</footer></body></html>"""


def _raw(data: bytes, url: str = "", source: str = "test") -> RawDocument:
    return RawDocument(
        data=data,
        url=url,
        source=source,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        headers={},
        content_type="",
    )


def test_seed_ingested_once(seed_path: Path) -> None:
    first = ingest([str(seed_path)], enricher=Enricher())
    assert (first.new, first.duplicate, first.failed) == (1, 0, [])
    article = Article.objects.get()
    assert article.title == "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố"
    assert article.authors == ["Bảo Duy"]
    assert article.language == "vi"
    assert article.topic  # one of the classifier's labels
    assert {"text": "Ngô Văn Quý", "kind": "PER"} in article.entities
    assert any(e["text"] == "Hà Nội" and e["kind"] == "LOC" for e in article.entities)
    assert article.words > 200
    assert article.raw.data == seed_path.read_bytes()
    assert article.raw.sha256 and article.raw.size == seed_path.stat().st_size

    second = ingest([str(seed_path)], enricher=FAST)
    assert (second.new, second.duplicate, second.updated) == (0, 1, 0)
    assert Article.objects.count() == 1 and StoredRaw.objects.count() == 1


def test_seed_is_searchable_without_accents(seed_path: Path) -> None:
    ingest([str(seed_path)], enricher=FAST)
    hits = search.search("doi ngoai").hits
    assert hits and hits[0].title.startswith("Thông tin đối ngoại")


def test_bad_files_fail_by_name_and_batch_goes_on(tmp_path: Path, seed_path: Path) -> None:
    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "truncated.html.gz").write_bytes(gzip.compress(HTML_PAGE.encode())[:200])
    (tmp_path / "noarticle.html").write_text(
        "<html><body><nav><a href='/a'>A</a></nav></body></html>", encoding="utf-8"
    )
    report = ingest([str(tmp_path)], enricher=FAST)
    assert report.new == 2
    failed = dict(report.failed)
    assert len(failed) == 4
    for name in ("empty.html", "binary.html", "truncated.html.gz", "noarticle.html"):
        assert any(name in source or name in reason for source, reason in report.failed), name
    titles = set(Article.objects.values_list("title", flat=True))
    assert "Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm" in titles


def test_exact_duplicate_from_another_source_is_clustered(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    store_document(_raw(text.encode(), source="a.txt"), enricher=FAST)
    # Same article, other bytes: different spacing and decomposed (NFD) characters.
    import unicodedata

    copy = unicodedata.normalize("NFD", text.replace("\n\n", "\n\n\n"))
    result = store_document(_raw(copy.encode(), source="b.txt"), enricher=FAST)
    assert result.outcome == "duplicate"
    assert Article.objects.count() == 2
    cluster = Cluster.objects.get()
    assert cluster.members.count() == 2
    assert cluster.canonical is not None


def test_near_duplicate_joins_cluster_and_most_complete_is_canonical(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    short = text.replace(
        "Tuy nhiên, bên cạnh những kết quả đạt được, lãnh đạo Sở TT cũng chỉ ra",
        "Dù vậy, lãnh đạo Sở TT vẫn nêu ra",
    )
    a = store_document(_raw(short.encode(), source="short.txt"), enricher=FAST).article
    b = store_document(_raw(text.encode(), source="full.txt"), enricher=FAST).article
    assert a is not None and b is not None
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.cluster_id is not None and a.cluster_id == b.cluster_id
    assert len(b.body) > len(a.body)
    assert b.is_canonical and not a.is_canonical


def test_different_articles_stay_apart(seed_path: Path) -> None:
    store_document(_raw(seed_path.read_bytes(), source="seed.txt"), enricher=FAST)
    store_document(_raw(HTML_PAGE.encode(), source="page.html"), enricher=FAST)
    assert Cluster.objects.count() == 0
    assert Article.objects.filter(cluster__isnull=False).count() == 0


def test_same_url_new_content_is_an_update() -> None:
    url = "https://tin.example.vn/ha-noi-di-bo-123.html"
    first = store_document(_raw(HTML_PAGE.encode(), url=url), enricher=FAST)
    assert first.outcome == "new"
    changed = HTML_PAGE.replace("hơn 2,5 triệu lượt khách", "hơn 3 triệu lượt khách")
    second = store_document(_raw(changed.encode(), url=url), enricher=FAST)
    assert second.outcome == "updated"
    article = Article.objects.get()
    assert "3 triệu lượt khách" in article.body
    # Both versions of the raw bytes are kept.
    assert StoredRaw.objects.count() == 2
    assert MinHashBand.objects.filter(article=article).exists()
    assert [h.article_id for h in search.search("triệu lượt khách").hits] == [article.pk]


def test_section_pages_given_as_files_are_not_stored_as_articles(shared_data: Path) -> None:
    pages = shared_data / "extraction" / "vn-news" / "html"
    report = ingest([str(pages)], enricher=FAST)
    assert report.new == 4  # the four article pages
    failed = {Path(source).name: reason for source, reason in report.failed}
    assert sorted(failed) == [
        "dantri_list.html",
        "nld_list.html",
        "tuoitre_list.html",
        "vnexpress_list.html",
    ]
    assert all("list page" in reason for reason in failed.values())
