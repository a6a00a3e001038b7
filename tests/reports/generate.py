"""Generated office history for the report tests: units, articles, selections,
translated versions, withdrawals and corrections at chosen local times, and
beside them the plain record of what was made (:class:`Truth`), from which the
tests count the figures a second way."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from doingoai.curation.models import AuditLog, Selection, Theme, Unit
from doingoai.store.models import Article, Outlet, RawDocument
from doingoai.translation.models import SourceKey, TranslatedVersion

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
UNITS = [
    ("so-tttt", "Sở Thông tin và Truyền thông", "department"),
    ("so-du-lich", "Sở Du lịch", "department"),
    ("hoan-kiem", "UBND quận Hoàn Kiếm", "district"),
    ("hang-trong", "UBND phường Hàng Trống", "commune"),
    ("hanoimoi", "Báo Hà Nội Mới", "press"),
]
THEMES = ["kinh-te", "van-hoa", "lich-su", "du-lich", "doi-ngoai"]
#: local times of day: 06:30 in Hà Nội is 23:30 UTC the day before
HOURS = [time(6, 30), time(12, 0), time(23, 30)]


@dataclass
class Truth:
    """(stage, day, article id, language, unit slug or None, themes) of each event."""

    events: list[tuple[str, date, int, str, str | None, tuple[str, ...]]] = field(
        default_factory=list
    )
    #: (article id, language) → days from selection to publication
    turnaround: dict[tuple[int, str], int] = field(default_factory=dict)


def at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, rng.choice(HOURS), tzinfo=HANOI)


def generate(n: int = 80, seed: int = 2015) -> Truth:
    rng = random.Random(seed)
    units = {
        slug: Unit.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]
        for slug, name, kind in UNITS
    }
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=THEMES)}
    outlets = [
        Outlet.objects.create(domain="hanoimoi.com.vn", name="Hà Nội Mới", unit=units["hanoimoi"]),
        Outlet.objects.create(domain="vnexpress.net", name="VnExpress"),
    ]
    truth = Truth()
    for i in range(n):
        text = f"Bài {i}: Hà Nội giới thiệu văn hóa và kinh tế của Thủ đô ({seed})."
        digest = hashlib.sha256(text.encode()).hexdigest()
        raw = RawDocument.objects.create(
            sha256=digest,
            fetched_at=datetime(2016, 1, 1, tzinfo=HANOI),
            size=len(text),
            compressed=RawDocument.compress(text.encode()),
        )
        outlet = rng.choice([*outlets, None])
        own_unit = units[rng.choice(list(units))] if rng.random() < 0.3 else None
        article = Article.objects.create(
            raw=raw,
            title=text,
            body=text,
            language="vi",
            fingerprint=digest[:16],
            outlet=outlet,
            unit=own_unit,
        )
        collected = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        created_at = at(collected, rng)
        Article.objects.filter(pk=article.pk).update(created_at=created_at)
        sel_unit = None
        chosen: tuple[str, ...] = ()
        if rng.random() < 0.7:
            sel_unit = units[rng.choice(list(units))] if rng.random() < 0.5 else None
            chosen = tuple(sorted(rng.sample(THEMES, rng.choice([0, 1, 1, 2]))))
        unit = sel_unit or own_unit or (outlet.unit if outlet else None)
        slug = unit.slug if unit else None
        truth.events.append(("collected", collected, article.pk, "vi", slug, chosen))
        if sel_unit is None and not chosen and rng.random() < 0.3:
            continue
        if not chosen and sel_unit is None and rng.random() < 0.5:
            continue
        selected = collected + timedelta(days=rng.randrange(0, 10))
        selected_at = at(selected, rng)
        selection = Selection.objects.create(article=article, unit=sel_unit)
        selection.themes.set([themes[t] for t in chosen])
        Selection.objects.filter(pk=selection.pk).update(selected_at=selected_at)
        truth.events.append(("selected", selected, article.pk, "vi", slug, chosen))
        if rng.random() < 0.7:
            published = selected + timedelta(days=rng.randrange(0, 20))
            Selection.objects.filter(pk=selection.pk).update(
                status="published", published_at=at(published, rng)
            )
            truth.events.append(("published", published, article.pk, "vi", slug, chosen))
            truth.turnaround[(article.pk, "vi")] = (published - selected).days
            for lang in ("en", "fr"):
                if rng.random() < (0.6 if lang == "en" else 0.25):
                    key = SourceKey.objects.get_or_create(article=article)[0]
                    approved = published + timedelta(days=rng.randrange(1, 30))
                    version = TranslatedVersion.objects.create(
                        source=key,
                        translation_key=key.translation_key,
                        language=lang,
                        title=f"Article {i}",
                        approved_at=at(approved, rng),
                    )
                    truth.events.append(("translated", approved, article.pk, lang, slug, chosen))
                    if rng.random() < 0.8:
                        out = approved + timedelta(days=rng.randrange(0, 5))
                        TranslatedVersion.objects.filter(pk=version.pk).update(
                            published_at=at(out, rng)
                        )
                        truth.events.append(("published", out, article.pk, lang, slug, chosen))
                        truth.turnaround[(article.pk, lang)] = (out - selected).days
            if rng.random() < 0.1:
                gone = published + timedelta(days=rng.randrange(1, 40))
                entry = AuditLog.objects.create(
                    action="withdraw",
                    object_type="curation.selection",
                    object_id=str(selection.pk),
                    data={"article": article.pk},
                )
                AuditLog.objects.filter(pk=entry.pk).update(at=at(gone, rng))
                truth.events.append(("withdrawn", gone, article.pk, "vi", slug, chosen))
        if rng.random() < 0.15:
            fixed = collected + timedelta(days=rng.randrange(0, 60))
            entry = AuditLog.objects.create(
                action="correct-article", object_type="store.article", object_id=str(article.pk)
            )
            AuditLog.objects.filter(pk=entry.pk).update(at=at(fixed, rng))
            truth.events.append(("corrected", fixed, article.pk, "vi", slug, chosen))
    return truth
