"""The demo's notices (``doingoai demo``): a correction notice on the seed
article and a clarification, both published in Vietnamese and English
through the review steps, so a new user sees each on the first run.

The correction flags the seed's English version for update; the demo's
translator and reviewer then take the English job through again, as the
office would. The clarification answers an invented claim at an example
address: it is a sample, and says so. A second run adds nothing."""

from __future__ import annotations

from typing import Any

from doingoai.notices import services
from doingoai.notices.models import Clarification, CorrectionNotice
from doingoai.store.models import Article
from doingoai.translation.models import TranslationJob

__all__ = ["DEMO_CLARIFICATION", "DEMO_CORRECTION", "set_up_notices_demo"]

DEMO_CORRECTION: dict[str, dict[str, str]] = {
    "vi": {
        "wrong": "Bản đăng trước không ghi nguồn của ảnh hội nghị.",
        "right": "Ảnh hội nghị: Lao Động Thủ Đô.",
    },
    "en": {
        "wrong": "The earlier version did not name the source of the conference photo.",
        "right": "Conference photo: Lao Động Thủ Đô.",
    },
}

DEMO_CLARIFICATION: dict[str, Any] = {
    "texts": {
        "vi": {
            "title": "Phố cổ Hà Nội vẫn mở cửa đón khách quốc tế (ví dụ minh hoạ)",
            "claim": "Phố cổ Hà Nội đóng cửa với khách du lịch quốc tế từ tháng này.",
            "answer": (
                "Khu phố cổ vẫn mở cửa đón khách trong nước và quốc tế; Thành phố không "
                "ban hành văn bản nào như vậy.\n"
                "Đây là thông tin chính thức mẫu của bản demo: thông tin sai và địa chỉ "
                "của nó là ví dụ."
            ),
        },
        "en": {
            "title": "Hanoi's Old Quarter remains open to international visitors (a sample)",
            "claim": "Hanoi's Old Quarter is closed to international tourists from this month.",
            "answer": (
                "The Old Quarter remains open to domestic and international visitors; the "
                "city has issued no such decision.\n"
                "This is the demo's sample clarification: the claim and its address are examples."
            ),
        },
    },
    "claim_url": "https://example.com/bai-viet/pho-co-dong-cua",
    "claim_outlet": "example.com",
    "claim_date": "2025-05-10",
    "claim_text": "Phố cổ Hà Nội đóng cửa với khách du lịch quốc tế từ tháng này.",
    "claim_language": "vi",
    "rating": "false",
    "sources": ["https://hanoi.gov.vn/"],
}


def _correction(seed: Article, users: dict[str, Any]) -> CorrectionNotice | None:
    if CorrectionNotice.objects.filter(article=seed).exists():
        return None
    languages = services.published_languages(seed)
    if not languages:
        return None
    texts = {lang: DEMO_CORRECTION[lang] for lang in languages if lang in DEMO_CORRECTION}
    editor, admin = users["editor"], users["administrator"]
    notice = services.write_correction(seed, editor, texts=texts)
    services.submit(notice, editor)
    services.approve(notice, admin)
    # the English version was flagged for update: the demo's people update it
    from doingoai.translation import services as translation

    for job in TranslationJob.objects.filter(article=seed):
        if job.state == "in_translation":
            translation.submit_for_review(job, user=users["translator"])
            translation.approve(job, user=users["reviewer"], comment="checked after the correction")
            translation.publish(job, user=editor)
    return notice


def _clarification(users: dict[str, Any]) -> Clarification | None:
    title = DEMO_CLARIFICATION["texts"]["vi"]["title"]
    if Clarification.objects.filter(texts__vi__title=title).exists():
        return None
    editor, admin = users["editor"], users["administrator"]
    item = services.write_clarification(editor, **DEMO_CLARIFICATION)
    services.submit(item, editor)
    services.approve(item, admin)
    return item


def set_up_notices_demo(seed: Article | None, users: dict[str, Any]) -> list[str]:
    """Publish the demo's correction (on ``seed``) and clarification; returns
    the languages of what this run published (empty on a second run)."""
    published: set[str] = set()
    if seed is not None:
        notice = _correction(seed, users)
        if notice is not None:
            published.update(notice.languages)
    item = _clarification(users)
    if item is not None:
        published.update(item.languages)
    return [lang for lang in ("vi", "en") if lang in published]
