"""The demo's reference page: a page about Hà Nội citing the capital's
population and area, with a picture drawn here by Pillow (no photograph of
anyone's), written by the demo editor, published by the administrator, and
translated into English by the demo translator and reviewer through the
ordinary job. A second run adds nothing."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from PIL import Image, ImageDraw

from doingoai.curation.models import Theme
from doingoai.reference import services
from doingoai.reference.models import Fact, PageImage, ReferencePage

__all__ = ["DEMO_SLUG", "demo_picture", "set_up_reference_demo"]

DEMO_SLUG = "ha-noi"

_FACTS = (
    # slug, Vietnamese name, English name, unit, English unit, decimals, value, as of, source
    (
        "dan-so-ha-noi",
        "Dân số trung bình của Hà Nội",
        "Average population of Hà Nội",
        "người",
        "people",
        0,
        "8587100",
        date(2023, 12, 31),
        "Tổng cục Thống kê, Niên giám thống kê 2023",
    ),
    (
        "dien-tich-ha-noi",
        "Diện tích tự nhiên của Hà Nội",
        "Land area of Hà Nội",
        "km²",
        "km²",
        2,
        "3359.84",
        date(2023, 12, 31),
        "Tổng cục Thống kê, Niên giám thống kê 2023",
    ),
)

_TITLE = ("Hà Nội, Thủ đô ngàn năm văn hiến", "Hanoi, the capital of a thousand years of culture")
_SUMMARY = (
    "Trang tham khảo về Thủ đô của Việt Nam do Văn phòng thông tin đối ngoại biên soạn",
    "A reference page on the capital of Viet Nam written by the external information office",
)
#: (element, Vietnamese, English): one sentence each, so the job's segments follow the blocks
_BLOCKS = (
    ("h2", "Dân số và diện tích", "Population and area"),
    (
        "p",
        "Hà Nội có {{fact:dan-so-ha-noi}} trên diện tích {{fact:dien-tich-ha-noi}}",
        "Hanoi has {{fact:dan-so-ha-noi}} on an area of {{fact:dien-tich-ha-noi}}",
    ),
    ("h2", "Lịch sử", "History"),
    (
        "p",
        "Năm 1010 vua Lý Thái Tổ dời đô về Thăng Long, tên cũ của Hà Nội",
        "In 1010 King Lý Thái Tổ moved the capital to Thăng Long, the old name of Hanoi",
    ),
    ("li", "Hồ Hoàn Kiếm và đền Ngọc Sơn", "Hoan Kiem Lake and Ngoc Son Temple"),
    ("li", "Văn Miếu – Quốc Tử Giám", "The Temple of Literature"),
    ("li", "Hoàng thành Thăng Long", "The Imperial Citadel of Thăng Long"),
)
_CAPTION = ("Hồ Hoàn Kiếm (hình vẽ minh họa)", "Hoan Kiem Lake (an illustration)")


def demo_picture() -> bytes:
    """A drawing of a lake with a small tower, made here: sky, water, an
    island, the tower's three storeys."""
    width, height = 1800, 1000
    image = Image.new("RGB", (width, height), (186, 220, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, width, height), fill=(70, 130, 120))
    for y in range(580, height, 28):
        draw.line((0, y, width, y), fill=(90, 150, 140), width=3)
    draw.ellipse((700, 600, 1100, 720), fill=(96, 120, 70))
    for n, (w, h) in enumerate(((180, 120), (140, 90), (100, 70))):
        top = 600 - sum(hh for _, hh in ((180, 120), (140, 90), (100, 70))[: n + 1])
        draw.rectangle((900 - w // 2, top, 900 + w // 2, top + h), fill=(200, 190, 170))
        draw.rectangle((900 - 18, top + h - 50, 900 + 18, top + h), fill=(120, 90, 70))
    draw.ellipse((1450, 100, 1600, 250), fill=(250, 215, 120))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _facts(editor: Any) -> None:
    for slug, name_vi, name_en, unit, unit_en, decimals, value, as_of, source in _FACTS:
        fact = Fact.objects.filter(slug=slug).first()
        if fact is None:
            fact = services.create_fact(
                editor,
                slug=slug,
                name_vi=name_vi,
                name_en=name_en,
                unit=unit,
                unit_en=unit_en,
                decimals=decimals,
            )
        if not fact.values.exists():
            services.record_value(fact, editor, value=value, unit=unit, as_of=as_of, source=source)


def _image(editor: Any) -> PageImage:
    data = demo_picture()
    import hashlib

    existing = PageImage.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if existing is not None:
        return existing
    return services.upload_image(
        editor,
        data,
        name="ho-hoan-kiem.png",
        alt_vi="Hình vẽ hồ Hoàn Kiếm với tháp Rùa giữa hồ",
        alt_en="A drawing of Hoan Kiem Lake with the Turtle Tower in the middle",
        caption_vi=_CAPTION[0],
        caption_en=_CAPTION[1],
        credit="doingoai",
        licence="CC0 1.0",
    )


def _html(image: PageImage, lang: int) -> str:
    parts: list[str] = []
    items: list[str] = []
    for tag, *texts in _BLOCKS:
        if tag == "li":
            items.append(f"<li>{texts[lang]}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<{tag}>{texts[lang]}</{tag}>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts) + "\n" + services.image_figure(image)


def _translate(page: ReferencePage, users: dict[str, Any]) -> bool:
    from doingoai.translation import services as translation
    from doingoai.translation.models import TranslationJob

    job = TranslationJob.objects.filter(article=page.article, target_lang="en").first()
    if job is not None and job.state == "published":
        return False
    translator, reviewer = users["translator"], users["reviewer"]
    if job is None:
        job = translation.create_or_refresh_job(page.article, "en", user=users["editor"]).job
        translation.assign(job, assignee=translator, reviewer=reviewer, user=users["editor"])
    english = {
        ("title", 0): _TITLE[1],
        ("lead", 0): _SUMMARY[1],
        ("caption", 0): _CAPTION[1],
    }
    for n, (_, _, text) in enumerate(_BLOCKS):
        english[("paragraph", n)] = text
    for segment in job.segments.order_by("position"):
        target = english[(segment.kind, segment.block)]
        if segment.target != target and job.state in translation.EDITABLE:
            translation.save_segment(segment, target, user=translator)
    job.refresh_from_db()
    if job.state in {"draft", "pretranslated", "returned"}:
        translation.start_translation(job, user=translator)
    if job.state == "in_translation":
        translation.submit_for_review(job, user=translator, reviewer=reviewer)
    if job.state == "in_review":
        translation.approve(job, user=reviewer)
    translation.publish(job, user=users["editor"])
    return True


def set_up_reference_demo(users: dict[str, Any]) -> list[str]:
    """The demo's facts, image and page, published in Vietnamese and English;
    ``users`` are the demo accounts by role. Returns what was published now
    ("vi", "en")."""
    editor, admin = users["editor"], users["administrator"]
    _facts(editor)
    done: list[str] = []
    page = ReferencePage.objects.filter(slug=DEMO_SLUG).first()
    if page is None:
        image = _image(editor)
        page, _ = services.save_page(
            editor,
            slug=DEMO_SLUG,
            title=_TITLE[0],
            summary=_SUMMARY[0],
            text=_html(image, 0),
            kind="district",
            themes=Theme.objects.filter(slug__in=["lich-su", "van-hoa", "con-nguoi"]),
            image=image,
        )
    if page.status == "draft" and not page.published_html:
        services.submit_page(page, editor)
    if page.status == "in_review":
        services.publish_page(page, admin)
        done.append("vi")
    if _translate(page, users):
        done.append("en")
    return done
