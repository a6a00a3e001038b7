"""What a screen reader hears of a chart (its ``<desc>``) is said in the
page's language: the words through the catalogues, the numbers as that
language writes them; without them a chart speaks English."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils.translation import gettext, override

from doingoai.curation.models import Profile
from doingoai.reports.charts import SUMMARY_MESSAGES, Words, bar_chart, series_chart
from tests.reports.generate import generate


def _desc(svg: str) -> list[str]:
    return [html.unescape(d) for d in re.findall(r"<desc id=\"[^\"]+\">(.*?)</desc>", svg, re.S)]


def test_a_chart_speaks_english_by_default() -> None:
    svg = bar_chart("Published", ["Sở TT&TT", "Hoàn Kiếm"], [1234, 5], targets=[2000, None])
    assert _desc(svg) == ["Sở TT&TT: 1,234, target 2,000; Hoàn Kiếm: 5"]
    svg = series_chart("Stages", ["2025-01", "2025-02"], {"published": [1000, 500]})
    assert _desc(svg) == ["published: 1,500 from 2025-01 to 2025-02"]


@pytest.mark.django_db
def test_the_summaries_are_in_vietnamese_with_vietnamese_numbers() -> None:
    with override("vi"):
        words = Words(gettext=gettext, number=lambda v: f"{v:,.0f}".replace(",", "."))
        bars = bar_chart("x", ["Sở TT&TT"], [1234], targets=[2000], words=words)
        series = series_chart("x", ["2025-01", "2025-06"], {"đã xuất bản": [1234]}, words=words)
        assert all(gettext(m) != m for m in SUMMARY_MESSAGES if " " in m.split(": ", 1)[1])
    assert _desc(bars) == ["Sở TT&TT: 1.234, chỉ tiêu 2.000"]
    assert _desc(series) == ["đã xuất bản: 1.234 từ 2025-01 đến 2025-06"]
    assert ">1.234<" in bars  # the value written at the end of the bar


@pytest.mark.django_db
def test_the_dashboard_describes_its_charts_in_vietnamese(settings: Any) -> None:
    settings.LANGUAGE_CODE = "vi"
    generate()
    user = User.objects.create_user("lanh-dao", password="x" * 12)
    user.groups.add(Group.objects.get(name="manager"))
    Profile.objects.create(user=user, language="vi")
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    page = client.get("/office/dashboard/?period=2015").content.decode()
    said = _desc(page)
    assert len(said) == 7
    joined = " ".join(said)
    assert " từ " in joined and " đến " in joined
    assert not re.search(r"\b(from|to|target)\b", joined), joined
    assert not re.search(r"\d,\d{3}\b", joined)  # no English thousands
