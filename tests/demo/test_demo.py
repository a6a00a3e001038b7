"""`doingoai demo` on a fresh SQLite test database: the seed published in
Vietnamese and English with its segments in the memory, a dozen articles
under themes, one account per role; then the portal shows it all."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.test import Client

from doingoai.cli import cli
from doingoai.curation.models import Selection, Unit
from doingoai.demo import DEMO_ACCOUNTS, seed_english
from doingoai.demo.history import SAMPLE_NOTE
from doingoai.plans.models import Plan
from doingoai.portal.content import clear_page_cache
from doingoai.translation.models import TranslatedVersion
from doingoai.translation.tm import translation_memory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEED_TITLE = "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố"
SEED_EN_TITLE = "External information: meeting the needs of the city's international integration"


def test_demo_sets_up_the_portal_once(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # the reference page's image
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--limit", "30", "--no-searches"])
    assert first.exit_code == 0, first.output
    passwords = re.findall(r"^  (\S+(?: \S+)?)\s+(\S+)\s+(\S{16})$", first.output, re.M)
    assert sorted(name for _, name, _ in passwords) == sorted(a[0] for a in DEMO_ACCOUNTS)
    users = get_user_model().objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
    assert {u.username: sorted(g.name for g in u.groups.all()) for u in users} == {
        name: [role] for name, role, _ in DEMO_ACCOUNTS
    }
    for _, name, password in passwords:
        assert get_user_model().objects.get(username=name).check_password(password)

    # the office's reference page, citing facts, in both languages
    assert "Reference page published in vi, en" in first.output
    assert "8.587.100 người" in client.get("/vi/trang/ha-noi/").content.decode()
    assert "8,587,100 people" in client.get("/en/pages/ha-noi/").content.decode()

    # a correction notice on the seed and a clarification, in both languages
    assert "Correction notice and clarification published in vi, en" in first.output
    corrections = client.get("/en/corrections/").content.decode()
    assert "Conference photo: Lao Động Thủ Đô." in corrections
    assert "Ảnh hội nghị: Lao Động Thủ Đô." in client.get("/vi/dinh-chinh/").content.decode()
    assert "(a sample)" in client.get("/en/clarifications/").content.decode()

    published = Selection.objects.filter(status="published").exclude(note=SAMPLE_NOTE)
    assert 10 <= published.count() <= 14
    seed = published.get(article__title=SEED_TITLE).article
    assert seed.published_at is not None and seed.published_at.year == 2015
    version = TranslatedVersion.objects.get(source__article=seed, language="en")
    assert version.published_at is not None and version.title == SEED_EN_TITLE
    assert len(version.paragraphs) == 3 and len(version.captions) == 1
    english = seed_english()
    memory = translation_memory()
    for source, target in [
        (seed.captions[0], english["captions"][0][0]),
        (seed.title, english["title"][0]),
    ]:
        match = memory.lookup(source, source_lang="vi", target_lang="en")
        assert match and match[0].exact and match[0].target == target

    # the management side: units of every kind, two sample plans, a history
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds == {"department", "district", "commune", "press"}
    ward = Unit.objects.get(kind="commune")
    assert ward.parent is not None and ward.parent.kind == "district" and ward.name_en
    plans = list(Plan.objects.order_by("start"))
    assert [(p.start.year, p.end.year, p.sample) for p in plans] == [
        (2013, 2015, True),
        (date.today().year, date.today().year, True),
    ]
    assert all(p.targets.count() >= 5 for p in plans)
    history = Selection.objects.filter(note=SAMPLE_NOTE)
    history_count = history.count()
    years = {s.selected_at.year for s in history}
    assert history_count >= 10 and {2013, 2014, 2015} <= years
    assert "Sample data: 2 plans" in first.output

    second = runner.invoke(cli, ["demo", "--limit", "30", "--no-searches"])
    assert second.exit_code == 0, second.output
    assert "passwords were shown when they were made" in second.output
    assert "0 articles published now" in second.output
    assert "Correction notice and clarification published" not in second.output
    assert (
        Selection.objects.filter(status="published").exclude(note=SAMPLE_NOTE).count()
        == published.count()
    )
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
    assert (
        Plan.objects.count() == 2
        and history_count == Selection.objects.filter(note=SAMPLE_NOTE).count()
    )

    clear_page_cache()
    home = client.get("/vi/").content.decode()
    assert SEED_TITLE in home
    # the flagship seed stays on top: no undated sample article comes before it
    for other in Selection.objects.filter(status="published").exclude(article=seed):
        if other.article.title in home:
            assert home.index(SEED_TITLE) < home.index(other.article.title)
    # a sample article whose source has no date shows none (not the day it was loaded)
    undated = published.filter(article__published_at__isnull=True).first()
    assert undated is not None
    page = client.get(client.get(f"/vi/article/{undated.article_id}/")["Location"])
    assert page.status_code == 200 and "<time" not in page.content.decode()
    vi = client.get(client.get(f"/vi/article/{seed.pk}/")["Location"])
    assert vi.status_code == 200 and "2 tháng 6, 2015" in vi.content.decode()
    en = client.get(client.get(f"/en/article/{seed.pk}/")["Location"]).content.decode()
    assert "June 2, 2015" in en and "Hanoi People's Committee" in html.unescape(en)
    feed = feedparser.parse(client.get("/en/rss.xml").content)
    assert [e.title for e in feed.entries] == [SEED_EN_TITLE]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f'hreflang="en" href="http://testserver/en/article/{seed.pk}/' in sitemap
